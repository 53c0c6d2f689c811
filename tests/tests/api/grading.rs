//! Online grading by the demo jury member (Claire Martin, template E): a draft with a
//! French decimal, every bad input refused with nothing changed, a stale save refused,
//! submission, the audit chain verified — and detected once altered.

use app::domain::role::Role;
use entities::prelude::{AuditEntry, GradingAllocation, Mark};
use entities::{audit_entry, grading_allocation};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tests::{TestApp, location, spawn_app};

/// Composes and allocates as the certifier; returns the certifier, Claire's browser,
/// her case study allocation (enrolment, épreuve) and its page.
async fn allocated() -> (TestApp, TestApp, i32, i32, String) {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let (enrolment, epreuve_id, path) = certifier.demo_grading_of_the_president().await;
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    (certifier, claire, enrolment, epreuve_id, path)
}

async fn save(
    app: &TestApp,
    path: &str,
    ids: (i32, i32),
    version: &str,
    action: &str,
    value: &str,
) -> reqwest::Response {
    let (enrolment, epreuve) = (ids.0.to_string(), ids.1.to_string());
    app.submit_form(
        path,
        "/api/jury/enregistrer_fiche",
        &[
            ("session_id", "1"),
            ("enrolment_id", &enrolment),
            ("epreuve_id", &epreuve),
            ("version", version),
            ("action", action),
            ("entries[0][item]", "B3.E1"),
            ("entries[0][value]", value),
            ("entries[0][comment]", "Analyse solide, budget incomplet."),
        ],
    )
    .await
}

#[tokio::test]
async fn a_points_epreuve_is_graded_with_french_decimals_and_submitted() {
    let (certifier, claire, enrolment, epreuve, path) = allocated().await;
    let page = claire.get_html(&path).await;
    assert!(page.contains("Aperçu du bloc"), "{page}");
    assert!(page.contains("maximum 105 points"));
    // Act: a draft with a comma.
    let saved = save(
        &claire,
        &path,
        (enrolment, epreuve),
        "0",
        "brouillon",
        "60,5",
    )
    .await;
    assert_eq!(location(&saved), path);
    // Assert
    let marks = Mark::find().all(&certifier.db).await.expect("marks");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].points_hundredths, Some(6050));
    assert_eq!(marks[0].version, 1);
    let page = claire.get_html(&path).await;
    assert!(page.contains("60,5 / 175"), "{page}");
    assert!(page.contains("Résultat provisoire : des notes manquent encore."));
    // Every bad input: its message, nothing changed.
    for (typed, message) in [
        ("106", "dépasse le maximum de 105 points"),
        ("-3", "ne peut pas être négative"),
        ("12,345", "plus de deux décimales"),
        ("douze", "n&#x27;est pas un nombre"),
    ] {
        let refused = save(
            &claire,
            &path,
            (enrolment, epreuve),
            "1",
            "brouillon",
            typed,
        )
        .await;
        let html = claire.follow(&refused).await;
        assert!(
            html.contains(message) || html.contains(&message.replace("&#x27;", "'")),
            "{typed}: {message}"
        );
    }
    // A save from a stale page (version 0) is refused: no silent overwrite.
    let stale = save(&claire, &path, (enrolment, epreuve), "0", "brouillon", "70").await;
    let html = claire.follow(&stale).await;
    assert!(
        html.contains("Cette fiche a été enregistrée entre-temps"),
        "{html}"
    );
    let unchanged = Mark::find().all(&certifier.db).await.expect("marks");
    assert_eq!(unchanged, marks);
    // "12.5" is read like "12,5"; then submitted.
    let submitted = save(
        &claire,
        &path,
        (enrolment, epreuve),
        "1",
        "soumettre",
        "62.5",
    )
    .await;
    assert_eq!(location(&submitted), path);
    let mark = Mark::find()
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("mark");
    assert_eq!(mark.points_hundredths, Some(6250));
    assert_eq!(mark.status, entities::enums::MarkStatus::Submitted);
    // A submitted sheet cannot be changed by its grader.
    let again = save(&claire, &path, (enrolment, epreuve), "2", "brouillon", "50").await;
    let html = claire.follow(&again).await;
    assert!(html.contains("Cette fiche est déjà soumise"), "{html}");
    // History and audit: two entries, chained.
    assert_eq!(
        AuditEntry::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        2
    );
    let verified = server::cli::verify_audit(&certifier.config)
        .await
        .expect("intact");
    assert_eq!(verified, 2);
}

#[tokio::test]
async fn an_altered_audit_entry_is_detected() {
    let (certifier, claire, enrolment, epreuve, path) = allocated().await;
    save(&claire, &path, (enrolment, epreuve), "0", "brouillon", "40").await;
    save(&claire, &path, (enrolment, epreuve), "1", "soumettre", "45").await;
    assert_eq!(
        server::cli::verify_audit(&certifier.config)
            .await
            .expect("intact"),
        2
    );
    // Someone rewrites history in the database: 45 becomes 95.
    let first = AuditEntry::find()
        .filter(audit_entry::Column::Action.eq("submit"))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("entry");
    let mut forged: audit_entry::ActiveModel = first.clone().into();
    forged.after_json = Set(first.after_json.map(|a| a.replace("45", "95")));
    forged.update(&certifier.db).await.expect("forged");
    let problem = server::cli::verify_audit(&certifier.config)
        .await
        .expect_err("altered");
    assert!(
        problem
            .to_string()
            .contains("ne correspond plus à son empreinte"),
        "{problem}"
    );
}

#[tokio::test]
async fn a_grader_cannot_open_or_save_what_is_not_allocated_to_them() {
    let (certifier, claire, enrolment, _, _) = allocated().await;
    // An épreuve of the same candidate allocated to someone else.
    let other = GradingAllocation::find()
        .filter(grading_allocation::Column::EnrolmentId.eq(enrolment))
        .filter(grading_allocation::Column::JuryMemberId.ne(1))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("someone else's grading");
    let path = format!(
        "/jury/sessions/1/candidats/{enrolment}/epreuves/{}",
        other.epreuve_id
    );
    assert_eq!(claire.get(&path).await.status(), 404);
    let token = claire.csrf_token().await;
    let response = claire
        .client
        .post(claire.url("/api/jury/enregistrer_fiche"))
        .header("x-csrf-token", token)
        .form(&[
            ("session_id", "1"),
            ("enrolment_id", &enrolment.to_string()),
            ("epreuve_id", &other.epreuve_id.to_string()),
            ("version", "0"),
            ("action", "brouillon"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 404);
    assert_eq!(Mark::find().count(&certifier.db).await.expect("count"), 0);
}

#[tokio::test]
async fn the_certifier_reopens_a_submitted_sheet_with_a_reason() {
    let (certifier, claire, enrolment, epreuve, path) = allocated().await;
    save(&claire, &path, (enrolment, epreuve), "0", "soumettre", "70").await;
    let allocation = GradingAllocation::find()
        .filter(grading_allocation::Column::EnrolmentId.eq(enrolment))
        .filter(grading_allocation::Column::EpreuveId.eq(epreuve))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("allocation")
        .id
        .to_string();
    let jury = "/certificateur/sessions/1/jury";
    let page = certifier.get_html(jury).await;
    assert!(page.contains("Soumise"), "{page}");
    // Without a reason: refused, still submitted.
    let refused = certifier
        .submit_form(
            jury,
            "/api/certificateur/rouvrir_fiche",
            &[
                ("session_id", "1"),
                ("allocation_id", &allocation),
                ("reason", " "),
            ],
        )
        .await;
    let html = certifier.follow(&refused).await;
    assert!(
        html.contains("Indiquez pourquoi la fiche est rouverte"),
        "{html}"
    );
    let mark = Mark::find()
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("mark");
    assert_eq!(mark.status, entities::enums::MarkStatus::Submitted);
    // A jury member cannot call the certifier's function.
    let token = claire.csrf_token().await;
    let forbidden = claire
        .client
        .post(claire.url("/api/certificateur/rouvrir_fiche"))
        .header("x-csrf-token", token)
        .form(&[
            ("session_id", "1"),
            ("allocation_id", allocation.as_str()),
            ("reason", "x"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(forbidden.status(), 403);
    // With a reason: back to draft, the grader can correct it.
    let reopened = certifier
        .submit_form(
            jury,
            "/api/certificateur/rouvrir_fiche",
            &[
                ("session_id", "1"),
                ("allocation_id", &allocation),
                ("reason", "Erreur de report signalée par le correcteur"),
            ],
        )
        .await;
    assert_eq!(location(&reopened), jury);
    let saved = save(&claire, &path, (enrolment, epreuve), "2", "soumettre", "72").await;
    assert_eq!(location(&saved), path);
    let reopen = AuditEntry::find()
        .filter(audit_entry::Column::Action.eq("reopen"))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("reopen entry");
    assert_eq!(
        reopen.reason.as_deref(),
        Some("Erreur de report signalée par le correcteur")
    );
    assert_eq!(
        server::cli::verify_audit(&certifier.config)
            .await
            .expect("intact"),
        3
    );
}
