//! Template B (seed 001, CQP Assistant(e) de formation): four competences assessed by
//! their elements. The certifier gives the third competence's simulation its phases;
//! one candidate masters too few elements of the fourth and keeps the other three.

use super::{Journey, Sitting, share};

const POOL_HEADER: &str = "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n";

#[tokio::test]
async fn template_b_from_an_empty_database_to_a_verified_certificate() {
    let mut candidates =
        String::from("Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe;Assiduité (%)\n");
    for i in 1..=4 {
        candidates.push_str(&format!(
            "Stagiaire{i};Prénom{i};1{i}/05/1995;stagiaire{i}@cqp.test;Formation continue;CQP-2027;92\n"
        ));
    }
    let travelled = Journey {
        template: "B",
        code: "CQP-ADF",
        title: "CQP Assistant(e) de formation",
        admin: ("responsable@branche.test", "mot de passe du responsable"),
        organisation: "Branche des organismes de formation",
        settings: vec![[
            "CQP-ADF-C3.EVAL",
            "simulation",
            "Mise en situation ; 20\nEntretien ; 10",
            "",
        ]],
        candidates_csv: candidates,
        pool_csv: format!(
            "{POOL_HEADER}\
             Marchand;Sophie;sophie.marchand@jury.test;F;oui;responsable_of;;;12;;\n\
             Roussel;Karim;karim.roussel@jury.test;H;non;professionnel_formation;;;6;;\n\
             Blanc;Julie;julie.blanc@jury.test;F;non;assistant_formation;;;4;;\n"
        ),
        seats: vec![
            ("sophie.marchand@jury.test".into(), "president"),
            ("karim.roussel@jury.test".into(), "member"),
            ("julie.blanc@jury.test".into(), "member"),
        ],
        sittings: vec![Sitting {
            epreuve: "CQP-ADF-C3.EVAL",
            day: 16,
            start: "09:00",
            minutes: 180,
        }],
        passages: "CQP-ADF-C3.EVAL",
        grade: |candidate, component, item| {
            let weak = candidate == "stagiaire4@cqp.test" && component == "CQP-ADF-C4.EVAL";
            share(item, if weak { 0 } else { 100 })
        },
        outcomes: vec![
            ("stagiaire1@cqp.test", "Certification complète"),
            (
                "stagiaire4@cqp.test",
                "Blocs validés : CQP-ADF-C1, CQP-ADF-C2, CQP-ADF-C3",
            ),
        ],
    }
    .run()
    .await;
    // The candidate who kept three competences has their three block certificates only.
    let space = travelled.candidates["stagiaire4@cqp.test"]
        .get_html("/candidat")
        .await;
    assert!(!space.contains("Certification complète"), "{space}");
    assert!(space.contains("Certificat de bloc de compétences CQP-ADF-C3"));
    assert!(!space.contains("Certificat de bloc de compétences CQP-ADF-C4"));
}
