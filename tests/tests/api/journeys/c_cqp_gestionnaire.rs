//! Template C (seed 002, CQP Gestionnaire des dispositifs de formation): three domains,
//! four épreuves with the seed's phases (15 + 15 + 15 min, 20 + 25 min); the written
//! case study is collective, the simulation gets individual passages. One candidate
//! misses the third domain and keeps the first two.

use super::{Journey, Sitting, share};

const POOL_HEADER: &str = "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n";

#[tokio::test]
async fn template_c_from_an_empty_database_to_a_verified_certificate() {
    let mut candidates =
        String::from("Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe;Assiduité (%)\n");
    for i in 1..=5 {
        candidates.push_str(&format!(
            "Gestion{i};Prénom{i};2{i}/06/1990;gestion{i}@cqp.test;Formation continue;GDF-2027;90\n"
        ));
    }
    let travelled = Journey {
        template: "C",
        code: "CQP-GDF",
        title: "CQP Gestionnaire des dispositifs de formation",
        admin: ("responsable@cpnef.test", "mot de passe du responsable"),
        organisation: "CPNEF de la formation",
        settings: Vec::new(),
        candidates_csv: candidates,
        pool_csv: format!(
            "{POOL_HEADER}\
             Perrin;Anne;anne.perrin@jury.test;F;oui;responsable_of;;;15;;\n\
             Benard;Louis;louis.benard@jury.test;H;non;professionnel_formation;;;7;;\n\
             Colin;Maya;maya.colin@jury.test;F;non;professionnel_administratif;;;5;;\n"
        ),
        seats: vec![
            ("anne.perrin@jury.test".into(), "president"),
            ("louis.benard@jury.test".into(), "member"),
            ("maya.colin@jury.test".into(), "member"),
        ],
        sittings: vec![
            Sitting {
                epreuve: "EP1.2",
                day: 15,
                start: "09:00",
                minutes: 45,
            },
            Sitting {
                epreuve: "EP2",
                day: 15,
                start: "10:30",
                minutes: 300,
            },
            Sitting {
                epreuve: "EP1.1",
                day: 16,
                start: "09:00",
                minutes: 300,
            },
        ],
        passages: "EP1.1",
        grade: |candidate, component, item| {
            let weak = candidate == "gestion5@cqp.test" && component == "EP3";
            share(item, if weak { 0 } else { 100 })
        },
        outcomes: vec![
            ("gestion1@cqp.test", "Certification complète"),
            ("gestion5@cqp.test", "CQP-GDF-D2"),
        ],
    }
    .run()
    .await;
    // The passages follow the seed's phases: 45 minutes each, five minutes apart.
    let convocation = travelled
        .app
        .mailer
        .sent()
        .into_iter()
        .find(|e| e.to == "gestion2@cqp.test" && e.subject.starts_with("Convocation"))
        .expect("convocation");
    assert!(
        convocation.text.contains("le 16/03/2027 à 09h50"),
        "{}",
        convocation.text
    );
    let space = travelled.candidates["gestion5@cqp.test"]
        .get_html("/candidat")
        .await;
    assert!(!space.contains("Certification complète"), "{space}");
}
