//! Template D (seed 003, Bac pro AGORA): the whole journey for candidates outside the
//! contract (one-off épreuves, bloc 1 "ponctuel oral et pratique" with its passages), and
//! the optional units each candidate chose.

use entities::prelude::{ExamSession, ScheduleSlot};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::cli::create_admin_with_password;
use tests::{Spawn, location, spawn_with};

use super::{Journey, Sitting, ok, share};

const ADMIN: (&str, &str) = ("responsable@lycee.test", "mot de passe du responsable");

const POOL_HEADER: &str = "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n";

/// Candidates of a private school outside the contract sit one-off épreuves: bloc 3's
/// oral gets its phases and individual passages; the jury has a public teacher, a
/// teacher under contract, an employer and an employee (seed 003). Two candidates pass
/// the 10/20 average (one with the language option), one does not.
#[tokio::test]
async fn template_d_from_an_empty_database_to_a_verified_diploma() {
    let mut candidates = String::from(
        "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Catégorie;Unités facultatives\n",
    );
    for i in 1..=4 {
        candidates.push_str(&format!(
            "Eleve{i};Prénom{i};0{i}/02/2008;eleve{i}@lycee.test;Formation initiale;hors_contrat_ou_non_habilite;{}\n",
            if i == 2 { "FAC1" } else { "" }
        ));
    }
    let travelled = Journey {
        template: "D",
        code: "RNCP40705",
        title: "Bac pro AGORA",
        admin: ADMIN,
        organisation: "Lycée des métiers",
        settings: vec![[
            "RNCP40705BC03.EP",
            "oral",
            "Préparation ; 15\nExposé et entretien ; 20",
            "etablissement_public_ou_sous_contrat = ccf\nhors_contrat_ou_non_habilite = ponctuel_oral\nfpc_public_habilite = ccf",
        ]],
        candidates_csv: candidates,
        pool_csv: format!(
            "{POOL_HEADER}\
             Vidal;Léa;lea.vidal@jury.test;F;non;enseignant;;public;12;;\n\
             Noel;Hugo;hugo.noel@jury.test;H;non;enseignant;;private_contract;9;;\n\
             Garnier;Élise;elise.garnier@jury.test;F;non;professionnel_secteur;employeur;;15;;\n\
             Masson;Théo;theo.masson@jury.test;H;non;professionnel_secteur;salarié;;6;;\n"
        ),
        seats: vec![
            ("lea.vidal@jury.test".into(), "president"),
            ("hugo.noel@jury.test".into(), "member"),
            ("elise.garnier@jury.test".into(), "member"),
            ("theo.masson@jury.test".into(), "member"),
        ],
        sittings: vec![
            Sitting {
                epreuve: "RNCP40705BC02.EP",
                day: 15,
                start: "09:00",
                minutes: 240,
            },
            Sitting {
                epreuve: "RNCP40705BC03.EP",
                day: 16,
                start: "09:00",
                minutes: 240,
            },
        ],
        passages: "RNCP40705BC03.EP",
        grade: |candidate, _, item| share(item, if candidate == "eleve4@lycee.test" { 35 } else { 70 }),
        outcomes: vec![
            ("eleve1@lycee.test", "Certification complète"),
            ("eleve2@lycee.test", "Certification complète"),
        ],
    }
    .run()
    .await;
    // Below the 10/20 average: told so, without documents.
    let fourth = travelled
        .app
        .mailer
        .sent()
        .into_iter()
        .find(|e| e.to == "eleve4@lycee.test" && e.subject.starts_with("Vos résultats"))
        .expect("results email");
    assert!(
        fourth.text.contains("n'a pas délivré la certification"),
        "{}",
        fourth.text
    );
}

#[tokio::test]
async fn template_d_candidates_sit_only_the_optional_units_they_chose() {
    let app = spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await;
    create_admin_with_password(
        &app.config,
        ADMIN.0,
        "Nora Responsable",
        "12345678901234",
        Some("Lycée des métiers"),
        ADMIN.1,
    )
    .await
    .expect("admin");
    app.login(ADMIN.0, ADMIN.1).await;
    let created = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &[
                ("template", "D"),
                ("code", "RNCP40705"),
                ("title", "Bac pro AGORA"),
            ],
        )
        .await;
    let certification = location(&created)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    app.submit_form(
        "/certificateur/sessions/nouvelle",
        "/api/certificateur/creer_session",
        &[
            ("certification_id", &certification),
            ("label", "Session de juin 2027"),
            ("starts_on", "14/06/2027"),
            ("ends_on", "18/06/2027"),
            ("place", "Lycée des métiers, Lyon"),
            ("capacity", "30"),
        ],
    )
    .await;
    let session = ExamSession::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("session")
        .id;
    let page = format!("/certificateur/sessions/{session}");
    // Categories by French label or code; options by short code or title.
    let csv = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Catégorie;Unités facultatives\n\
        Durand;Camille;12/04/2008;camille@lycee.test;Formation initiale;fpc_public_habilite;FAC1\n\
        Petit;Lucas;03/09/2008;lucas@lycee.test;Formation initiale;Formation professionnelle continue en établissement public habilité;\n";
    let imported = app.upload_csv(&page, csv).await;
    assert_eq!(location(&imported), format!("{page}?importes=2"));
    let html = app.get_html(&page).await;
    assert!(html.contains("RNCP40705-FAC1"), "{html}");
    assert!(html.contains("Formation professionnelle continue en établissement public habilité"));
    // An unknown category or option is refused with the list.
    let bad = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Catégorie;Unités facultatives\n\
        Roux;Emma;27/01/2008;emma@lycee.test;Formation initiale;lycée;FAC9\n";
    let refused = app.upload_csv(&page, bad).await;
    assert_eq!(location(&refused), page);
    let html = app.get_html(&page).await;
    assert!(html.contains("catégorie « lycée » inconnue"), "{html}");
    // The optional unit's sitting and convocation are for Camille only.
    let session_id = session.to_string();
    for code in ["RNCP40705BC02.EP", "RNCP40705-FAC1.EP"] {
        let epreuve = entities::prelude::Epreuve::find()
            .filter(entities::epreuve::Column::Code.eq(code))
            .one(&app.db)
            .await
            .expect("q")
            .expect("épreuve")
            .id
            .to_string();
        let scheduled = app
            .submit_form(
                &page,
                "/api/certificateur/planifier_epreuve",
                &[
                    ("session_id", &session_id),
                    ("epreuve_id", &epreuve),
                    ("date", "15/06/2027"),
                    (
                        "start",
                        if code.contains("FAC") {
                            "14:00"
                        } else {
                            "09:00"
                        },
                    ),
                    ("duration", "120"),
                    ("room", "B12"),
                    ("remote_link", ""),
                ],
            )
            .await;
        ok(&scheduled, code);
    }
    app.submit_form(
        &page,
        "/api/certificateur/envoyer_convocations",
        &[("session_id", &session_id), ("reason", "")],
    )
    .await;
    let sent = app.mailer.sent();
    let convocation = |to: &str| {
        sent.iter()
            .find(|e| e.to == to && e.subject.starts_with("Convocation"))
            .map(|e| e.text.clone())
            .expect("convocation")
    };
    assert!(convocation("camille@lycee.test").contains("Unité facultative : langue vivante"));
    assert!(!convocation("lucas@lycee.test").contains("Unité facultative"));
    assert!(
        convocation("lucas@lycee.test").contains("Organiser et suivre l'activité de production")
    );
    let optional_slot = ScheduleSlot::find()
        .order_by_desc(entities::schedule_slot::Column::StartsAt)
        .one(&app.db)
        .await
        .expect("q")
        .expect("slot")
        .id;
    let sitting = app
        .get_html(&format!("{page}/epreuves/{optional_slot}"))
        .await;
    assert!(sitting.contains("DURAND Camille"), "{sitting}");
    assert!(!sitting.contains("PETIT Lucas"));
}
