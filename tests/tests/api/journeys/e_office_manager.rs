//! Template E (seed 004, Office Manager junior, 1000 points): continuous assessment
//! graded without a sitting, the bloc exams and the oral reception interview with its
//! passages; a jury of four as the seed composes it; the absence rate that drives the
//! tutor mark's penalty. One candidate fails the professional evaluation and keeps the
//! blocs validated at 10/20.

use super::{Journey, Sitting, share};

const POOL_HEADER: &str = "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n";

#[tokio::test]
async fn template_e_from_an_empty_database_to_a_verified_certificate() {
    let mut candidates = String::from(
        "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe;Assiduité (%);Absences injustifiées (%)\n",
    );
    for i in 1..=4 {
        candidates.push_str(&format!(
            "Alternant{i};Prénom{i};1{i}/09/2001;alternant{i}@cci.test;Apprentissage;OM-2027;95;{}\n",
            if i == 1 { "1,5" } else { "0" }
        ));
    }
    let travelled = Journey {
        template: "E",
        code: "RNCP36390",
        title: "Office Manager junior",
        admin: ("responsable@cci.test", "mot de passe du responsable"),
        organisation: "CCI Lyon Métropole",
        settings: vec![[
            "B4.E2",
            "oral",
            "Préparation ; 10\nEntretien d'accueil ; 20",
            "",
        ]],
        candidates_csv: candidates,
        pool_csv: format!(
            "{POOL_HEADER}\
             Lambert;Claire;claire.lambert@jury.test;F;non;personnalite_qualifiee;employeur;;20;30/06/2026;\n\
             Fabre;Nicolas;nicolas.fabre@jury.test;H;non;professionnel_secteur;salarié;;8;30/06/2026;\n\
             Rey;Amina;amina.rey@jury.test;F;non;professionnel_secteur;salarié;;5;30/06/2026;\n\
             Faure;Paul;paul.faure@jury.test;H;oui;representant_cci;;;3;30/06/2026;\n"
        ),
        seats: vec![
            ("claire.lambert@jury.test".into(), "president"),
            ("nicolas.fabre@jury.test".into(), "member"),
            ("amina.rey@jury.test".into(), "member"),
            ("paul.faure@jury.test".into(), "member"),
        ],
        sittings: vec![
            Sitting {
                epreuve: "B3.E1",
                day: 15,
                start: "09:00",
                minutes: 210,
            },
            Sitting {
                epreuve: "B4.E2",
                day: 16,
                start: "09:00",
                minutes: 180,
            },
        ],
        passages: "B4.E2",
        grade: |candidate, component, item| {
            let weak = candidate == "alternant3@cci.test" && component.starts_with("PRO.");
            share(item, if weak { 30 } else { 70 })
        },
        outcomes: vec![
            ("alternant1@cci.test", "Certification complète"),
            (
                "alternant3@cci.test",
                "Blocs validés : RNCP36390BC01, RNCP36390BC02, RNCP36390BC03, RNCP36390BC04",
            ),
        ],
    }
    .run()
    .await;
    let space = travelled.candidates["alternant3@cci.test"]
        .get_html("/candidat")
        .await;
    assert!(!space.contains("Certification complète"), "{space}");
    // Seed 004: block certificates and a training attendance certificate.
    assert!(space.contains("Certificat de bloc de compétences RNCP36390BC04"));
    assert!(space.contains("Attestation de suivi de formation"));
    let first = travelled.candidates["alternant1@cci.test"]
        .get_html("/candidat")
        .await;
    // 1,5 % of unjustified absence: the tutor's mark loses 5 % (seed 004's first band).
    assert!(
        first.contains("absences injustifiées de 1,5 % du temps de formation, pénalité de 5 % : 35 → 33,25 points"),
        "{first}"
    );
}
