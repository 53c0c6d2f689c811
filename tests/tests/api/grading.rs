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

/// The marks of the demo March session (enrolments 1 to 6): the demo's November
/// session comes graded, with final marks of its own.
fn march_marks() -> sea_orm::Select<Mark> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Mark::find().filter(entities::mark::Column::EnrolmentId.lte(6))
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
    let marks = march_marks().all(&certifier.db).await.expect("marks");
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
    let unchanged = march_marks().all(&certifier.db).await.expect("marks");
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
    let mark = march_marks()
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
    // History and audit: two entries of this sheet, chained after the others.
    assert_eq!(graded_entries(&certifier).await, 2);
    let verified = server::cli::verify_audit(&certifier.config)
        .await
        .expect("intact");
    assert_eq!(
        verified as u64,
        AuditEntry::find()
            .count(&certifier.db)
            .await
            .expect("count")
    );
}

/// Audit entries of grading actions (the demo's seeded marks left aside).
async fn graded_entries(app: &tests::TestApp) -> u64 {
    AuditEntry::find()
        .filter(audit_entry::Column::Entity.eq("mark"))
        .filter(audit_entry::Column::Action.ne("seed"))
        .count(&app.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn an_altered_audit_entry_is_detected() {
    let (certifier, claire, enrolment, epreuve, path) = allocated().await;
    save(&claire, &path, (enrolment, epreuve), "0", "brouillon", "40").await;
    save(&claire, &path, (enrolment, epreuve), "1", "soumettre", "45").await;
    assert_eq!(graded_entries(&certifier).await, 2);
    server::cli::verify_audit(&certifier.config)
        .await
        .expect("intact");
    // Someone rewrites history in the database: 45 becomes 95.
    let first = AuditEntry::find()
        .filter(audit_entry::Column::Action.eq("submit"))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("entry");
    // Session 1's grading is chained in session 1's own chain.
    assert_eq!(first.chain, 1);
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
    assert_eq!(march_marks().count(&certifier.db).await.expect("count"), 0);
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
    let mark = march_marks()
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
    assert_eq!(graded_entries(&certifier).await, 3);
    server::cli::verify_audit(&certifier.config)
        .await
        .expect("intact");
}

/// Double marking on the demo session's case study (3-point threshold), set up before
/// allocation, with Karim Benali's demo account (member 2) beside Claire's; returns the
/// certifier, both graders' browsers, and the enrolment they share.
async fn double_marked() -> (TestApp, TestApp, TestApp, i32, i32) {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let session = entities::prelude::ExamSession::find_by_id(1)
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("session");
    let case_study = entities::prelude::Epreuve::find()
        .filter(entities::epreuve::Column::Code.eq("B3.E1"))
        .filter(entities::epreuve::Column::VersionId.eq(session.version_id))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("B3.E1");
    let mut double: entities::epreuve::ActiveModel = case_study.clone().into();
    double.double_marking = Set(true);
    double.discrepancy_hundredths = Set(Some(300));
    double.update(&certifier.db).await.expect("double marking");
    certifier.compose_demo_jury().await;
    certifier
        .submit_form(
            "/certificateur/sessions/1/jury",
            "/api/certificateur/jury_repartir",
            &[("session_id", "1")],
        )
        .await;
    // The first candidate's case study goes to Claire (1) and Karim (2).
    let rows = GradingAllocation::find()
        .filter(grading_allocation::Column::EpreuveId.eq(case_study.id))
        .filter(grading_allocation::Column::EnrolmentId.eq(1))
        .all(&certifier.db)
        .await
        .expect("q");
    assert_eq!(rows.len(), 2, "double marking gives two graders");
    for (row, member) in rows.iter().zip([1, 2]) {
        let mut model: grading_allocation::ActiveModel = row.clone().into();
        model.jury_member_id = Set(member);
        model.update(&certifier.db).await.expect("update");
    }
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let karim = certifier.another_browser();
    assert_eq!(
        location(&karim.login("karim.benali@demo.jury.fr", "demo-jury").await),
        "/jury"
    );
    (certifier, claire, karim, 1, case_study.id)
}

#[tokio::test]
async fn double_marking_hides_the_other_sheet_then_moderates_a_wide_gap() {
    let (certifier, claire, karim, enrolment, epreuve) = double_marked().await;
    let path = format!("/jury/sessions/1/candidats/{enrolment}/epreuves/{epreuve}");
    // Claire submits 60; Karim's page shows nothing of it.
    save(&claire, &path, (enrolment, epreuve), "0", "soumettre", "60").await;
    let karim_page = karim.get_html(&path).await;
    assert!(
        !karim_page.contains("value=\"60\"") && !karim_page.contains("Analyse solide"),
        "{karim_page}"
    );
    // Karim submits 70: a 10-point gap, beyond 3 → moderation, no agreed mark.
    save(&karim, &path, (enrolment, epreuve), "0", "soumettre", "70").await;
    let agreed = march_marks()
        .filter(entities::mark::Column::JuryMemberId.is_null())
        .count(&certifier.db)
        .await
        .expect("count");
    assert_eq!(agreed, 0);
    let jury = certifier.get_html("/certificateur/sessions/1/jury").await;
    assert!(jury.contains("Harmonisations à faire (1)"), "{jury}");
    assert!(
        jury.contains("écart de 10 points entre les correcteurs (60 et 70), au-delà du seuil de 3")
    );
    // The certifier retains 66 with a reason; both graders are told.
    let before = certifier.mailer.sent().len();
    let moderated = certifier
        .submit_form(
            "/certificateur/sessions/1/jury",
            "/api/correction/harmoniser",
            &[
                ("session_id", "1"),
                ("enrolment_id", &enrolment.to_string()),
                ("epreuve_id", &epreuve.to_string()),
                ("entries[0][item]", "B3.E1"),
                ("entries[0][value]", "66"),
                ("reason", "Relecture commune de la copie"),
            ],
        )
        .await;
    assert_eq!(location(&moderated), "/certificateur/sessions/1/jury");
    let agreed = march_marks()
        .filter(entities::mark::Column::JuryMemberId.is_null())
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("agreed mark");
    assert_eq!(agreed.points_hundredths, Some(6600));
    let told: Vec<String> = certifier.mailer.sent()[before..]
        .iter()
        .map(|m| m.to.clone())
        .collect();
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(told.contains(&"jury@demo.jury.fr".to_owned()));
    assert!(told.contains(&"karim.benali@demo.jury.fr".to_owned()));
    let jury = certifier.get_html("/certificateur/sessions/1/jury").await;
    assert!(!jury.contains("Harmonisations à faire"));
    assert_eq!(graded_entries(&certifier).await, 3);
    assert_eq!(
        server::cli::verify_audit(&certifier.config)
            .await
            .expect("intact") as u64,
        AuditEntry::find()
            .count(&certifier.db)
            .await
            .expect("count")
    );
}

#[tokio::test]
async fn close_double_marks_are_averaged() {
    let (certifier, claire, karim, enrolment, epreuve) = double_marked().await;
    let path = format!("/jury/sessions/1/candidats/{enrolment}/epreuves/{epreuve}");
    save(
        &claire,
        &path,
        (enrolment, epreuve),
        "0",
        "soumettre",
        "60,25",
    )
    .await;
    save(
        &karim,
        &path,
        (enrolment, epreuve),
        "0",
        "soumettre",
        "62.5",
    )
    .await;
    let agreed = march_marks()
        .filter(entities::mark::Column::JuryMemberId.is_null())
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("agreed mark");
    // (60,25 + 62,5) / 2 = 61,375 → 61,38.
    assert_eq!(agreed.points_hundredths, Some(6138));
    assert_eq!(agreed.status, entities::enums::MarkStatus::Locked);
}

/// Marks the demo session's PV as signed (what the deliberation does once every voting
/// member has signed).
async fn sign_the_pv(app: &TestApp) {
    let session = entities::prelude::ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("session");
    let mut signed: entities::exam_session::ActiveModel = session.into();
    signed.status = Set(entities::enums::SessionStatus::Signed);
    signed.update(&app.db).await.expect("signed");
}

#[tokio::test]
async fn marks_are_frozen_once_the_pv_is_signed() {
    let (certifier, claire, enrolment, epreuve, path) = allocated().await;
    save(&claire, &path, (enrolment, epreuve), "0", "brouillon", "40").await;
    sign_the_pv(&certifier).await;
    let before = march_marks().all(&certifier.db).await.expect("marks");
    let refused = save(&claire, &path, (enrolment, epreuve), "1", "soumettre", "80").await;
    let html = claire.follow(&refused).await;
    assert!(
        html.contains("Le procès-verbal de la session est signé : la session est en lecture seule"),
        "{html}"
    );
    assert_eq!(
        march_marks().all(&certifier.db).await.expect("marks"),
        before
    );
    assert_eq!(graded_entries(&certifier).await, 1);
}

#[tokio::test]
async fn the_president_reopens_a_sheet_unless_in_conflict_with_the_candidate() {
    let (certifier, claire, karim, enrolment, epreuve) = double_marked().await;
    let path = format!("/jury/sessions/1/candidats/{enrolment}/epreuves/{epreuve}");
    save(&karim, &path, (enrolment, epreuve), "0", "soumettre", "70").await;
    let karims = GradingAllocation::find()
        .filter(grading_allocation::Column::EnrolmentId.eq(enrolment))
        .filter(grading_allocation::Column::EpreuveId.eq(epreuve))
        .filter(grading_allocation::Column::JuryMemberId.eq(2))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("Karim's allocation")
        .id
        .to_string();
    // Claire presides: she sees Karim's submitted sheet; Karim (a member) sees no such list.
    let page = claire.get_html("/jury/sessions/1").await;
    assert!(page.contains("Présidence : fiches soumises"), "{page}");
    assert!(page.contains("(Karim Benali)"));
    assert!(
        !karim
            .get_html("/jury/sessions/1")
            .await
            .contains("Présidence")
    );
    // A member who does not preside cannot reopen.
    let refused = karim
        .submit_form(
            "/jury/sessions/1",
            "/api/jury/rouvrir_fiche",
            &[
                ("session_id", "1"),
                ("allocation_id", &karims),
                ("reason", "Je me suis trompé"),
            ],
        )
        .await;
    assert!(tests::refused(&refused));
    // The president reopens it with a reason.
    let reopened = claire
        .submit_form(
            "/jury/sessions/1",
            "/api/jury/rouvrir_fiche",
            &[
                ("session_id", "1"),
                ("allocation_id", &karims),
                ("reason", "Barème mal appliqué"),
            ],
        )
        .await;
    assert_eq!(location(&reopened), "/jury/sessions/1");
    let mark = march_marks()
        .filter(entities::mark::Column::JuryMemberId.eq(2))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("Karim's mark");
    assert_eq!(mark.status, entities::enums::MarkStatus::Draft);
    // Submitted again, then Claire declares a link with the candidate: no longer hers to reopen.
    save(&karim, &path, (enrolment, epreuve), "2", "soumettre", "71").await;
    certifier
        .submit_form(
            "/certificateur/sessions/1/jury",
            "/api/certificateur/jury_conflit",
            &[
                ("session_id", "1"),
                ("member_id", "1"),
                ("enrolment_id", &enrolment.to_string()),
                ("training_group", ""),
                ("kind", "family"),
                ("note", ""),
            ],
        )
        .await;
    assert!(
        !claire
            .get_html("/jury/sessions/1")
            .await
            .contains("(Karim Benali)")
    );
    let refused = claire
        .submit_form(
            "/jury/sessions/1",
            "/api/jury/rouvrir_fiche",
            &[
                ("session_id", "1"),
                ("allocation_id", &karims),
                ("reason", "Encore"),
            ],
        )
        .await;
    assert!(tests::refused(&refused));
    let mark = march_marks()
        .filter(entities::mark::Column::JuryMemberId.eq(2))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("Karim's mark");
    assert_eq!(mark.status, entities::enums::MarkStatus::Submitted);
}

#[tokio::test]
async fn a_general_comment_is_kept_with_the_sheet_and_follows_its_submission() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let (enrolment, epreuve, path) = certifier.demo_grading_of_the_president().await;
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let (e, p) = (enrolment.to_string(), epreuve.to_string());
    let saved = claire
        .submit_form(
            &path,
            "/api/jury/enregistrer_fiche",
            &[
                ("session_id", "1"),
                ("enrolment_id", &e),
                ("epreuve_id", &p),
                ("version", "0"),
                ("action", "brouillon"),
                ("entries[0][item]", "B3.E1"),
                ("entries[0][value]", "80"),
                ("entries[1][item]", "commentaire_general"),
                (
                    "entries[1][comment]",
                    "Copie soignée, budget à approfondir.",
                ),
            ],
        )
        .await;
    assert_eq!(location(&saved), path);
    let html = claire.get_html(&path).await;
    assert!(
        html.contains("Commentaire général (appréciation d'ensemble)"),
        "{html}"
    );
    assert!(html.contains("Copie soignée, budget à approfondir."));
    // Submitted without the comment field: the comment stays, the whole sheet is submitted.
    let submitted = save(&claire, &path, (enrolment, epreuve), "1", "soumettre", "82").await;
    assert_eq!(location(&submitted), path);
    let rows = march_marks()
        .filter(entities::mark::Column::EnrolmentId.eq(enrolment))
        .all(&certifier.db)
        .await
        .expect("marks");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .all(|m| m.status == entities::enums::MarkStatus::Submitted && m.version == 2)
    );
    let general = rows
        .iter()
        .find(|m| m.item_code == "commentaire_general")
        .expect("general comment");
    assert_eq!(general.comment, "Copie soignée, budget à approfondir.");
    assert_eq!(general.points_hundredths, None);
    let html = claire.get_html(&path).await;
    assert!(
        html.contains("Commentaire général : Copie soignée, budget à approfondir."),
        "{html}"
    );
}

#[tokio::test]
async fn the_president_moderates_a_wide_gap_from_their_session_page() {
    let (certifier, claire, karim, enrolment, epreuve) = double_marked().await;
    let path = format!("/jury/sessions/1/candidats/{enrolment}/epreuves/{epreuve}");
    save(&claire, &path, (enrolment, epreuve), "0", "soumettre", "60").await;
    save(&karim, &path, (enrolment, epreuve), "0", "soumettre", "70").await;
    // Karim is a member, not the president: nothing to moderate for him.
    assert!(
        !karim
            .get_html("/jury/sessions/1")
            .await
            .contains("Harmonisations à faire")
    );
    let page = claire.get_html("/jury/sessions/1").await;
    assert!(page.contains("Harmonisations à faire (1)"), "{page}");
    let fields = |value: &'static str| {
        vec![
            ("session_id", "1".to_owned()),
            ("enrolment_id", enrolment.to_string()),
            ("epreuve_id", epreuve.to_string()),
            ("entries[0][item]", "B3.E1".to_owned()),
            ("entries[0][value]", value.to_owned()),
            ("reason", "Copie relue avec le second correcteur".to_owned()),
        ]
    };
    let as_refs = |f: &Vec<(&'static str, String)>| {
        f.iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect::<Vec<(&str, String)>>()
    };
    // Karim cannot settle it through the shared function either.
    let theirs = as_refs(&fields("70"));
    let theirs: Vec<(&str, &str)> = theirs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = karim
        .submit_form("/jury/sessions/1", "/api/correction/harmoniser", &theirs)
        .await;
    assert!(tests::refused(&refused), "{}", location(&refused));
    let mine = as_refs(&fields("65,5"));
    let mine: Vec<(&str, &str)> = mine.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let moderated = claire
        .submit_form("/jury/sessions/1", "/api/correction/harmoniser", &mine)
        .await;
    assert_eq!(location(&moderated), "/jury/sessions/1");
    let agreed = march_marks()
        .filter(entities::mark::Column::JuryMemberId.is_null())
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("agreed mark");
    assert_eq!(agreed.points_hundredths, Some(6550));
    assert!(
        !claire
            .get_html("/jury/sessions/1")
            .await
            .contains("Harmonisations à faire")
    );
}

/// Saves of one session by many graders at once queue on its audit chain one after the
/// other: each is acknowledged, each links to the one before, the chain verifies. (On
/// PostgreSQL a writer that waited for the chain must read the head the previous one
/// wrote, not the one it saw before waiting.)
#[tokio::test]
async fn many_graders_saving_at_once_link_their_saves_one_after_the_other() {
    use tests::load::{Saved, save, setup};
    let app = spawn_app().await;
    let (graders, epreuve) = setup(&app.db).await;
    let url = app.url("/api/jury/brouillon_auto");
    let entries = || async {
        AuditEntry::find()
            .filter(audit_entry::Column::Entity.eq("mark"))
            .count(&app.db)
            .await
            .expect("count")
    };
    let before = entries().await;
    let saved = futures::future::join_all(graders.iter().take(40).map(|grader| {
        let url = url.clone();
        async move {
            let mut version = 0;
            for _ in 0..3 {
                match save(grader, &url, epreuve, version).await {
                    Saved::Version(next) => version = next,
                    other => return Err(format!("{other:?}")),
                }
            }
            Ok(version)
        }
    }))
    .await;
    assert!(saved.iter().all(|s| s == &Ok(3)), "{saved:?}");
    assert_eq!(entries().await, before + 120);
    let problems = app::ssr::repo::integrity::check(&app.db, tests::TEST_AUDIT_KEY.as_bytes())
        .await
        .expect("check");
    assert!(problems.is_empty(), "{problems:?}");
}

/// Two writers of one session's chain: the second waits for the first and links to the
/// entry it wrote, at the first attempt (no retry hides a stale read of the head).
#[tokio::test]
async fn a_writer_that_waited_for_the_chain_links_to_the_entry_written_meanwhile() {
    use app::domain::audit::Record;
    use app::ssr::repo::audit;
    let app = spawn_app().await;
    let record = |what: &str| Record {
        at: tests::test_now(),
        actor: None,
        entity: "essai".to_owned(),
        entity_id: what.to_owned(),
        action: "save".to_owned(),
        before: None,
        after: None,
        reason: None,
        session: Some(1),
    };
    // The chain has a head (an entry appended and committed before).
    let (earlier, turn) = audit::begin_write(&app.db).await.expect("earlier");
    audit::append(&earlier, record("avant"))
        .await
        .expect("earlier entry");
    earlier.commit().await.expect("earlier commit");
    drop(turn);
    let (first, turn) = audit::begin_write(&app.db).await.expect("first");
    audit::append(&first, record("premier"))
        .await
        .expect("first entry");
    let db = app.db.clone();
    let second = tokio::spawn(async move {
        let (txn, _turn) = audit::begin_write(&db).await?;
        audit::append(
            &txn,
            Record {
                entity_id: "second".to_owned(),
                ..record("second")
            },
        )
        .await?;
        txn.commit().await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !second.is_finished(),
        "the second writer waits for the first"
    );
    // The first also changes what the engine reads (a mark, say): the session's
    // revision moves, as it does when a grade save commits.
    use sea_orm::ConnectionTrait;
    first
        .execute_unprepared("UPDATE exam_sessions SET revision = revision + 1 WHERE id = 1")
        .await
        .expect("revision");
    first.commit().await.expect("first commit");
    drop(turn);
    second
        .await
        .expect("task")
        .expect("the second entry, at once");
    let chain = audit::chain(&app.db, Some(1)).await.expect("chain");
    let [.., a, b] = chain.as_slice() else {
        panic!("two entries at least: {chain:?}");
    };
    assert_eq!(
        (a.record.entity_id.as_str(), b.record.entity_id.as_str()),
        ("premier", "second")
    );
    assert_eq!(b.prev_hash, a.hash);
}
