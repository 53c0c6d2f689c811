//! Long lists a page at a time: a session of 300 generated candidates (with 6 graders
//! and every épreuve allocated and graded) read through HTTP, its pages, searches and
//! filters in the address, and never a row of another session or organisation.

use app::domain::role::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::cli::create_admin_with_password;
use tests::scale::{SESSION, generate};
use tests::{TestApp, spawn_app};

/// Rows of generated candidates on a page (their names are written in capitals).
fn generated_rows(html: &str) -> usize {
    html.matches("NOM00").count()
}

/// The ids of the generated graders (`Correctrice0`, `Correctrice1`, …).
async fn generated_graders(db: &sea_orm::DatabaseConnection) -> Vec<i32> {
    entities::prelude::JuryMember::find()
        .filter(entities::jury_member::Column::FirstName.starts_with("Correctrice"))
        .all(db)
        .await
        .expect("graders")
        .into_iter()
        .map(|m| m.id)
        .collect()
}

async fn large_session() -> TestApp {
    let app = spawn_app().await;
    generate(&app.db, 300, 6).await;
    app.login_as(Role::CertifierAdmin).await;
    app
}

#[tokio::test]
async fn the_session_page_lists_fifty_candidates_at_a_time_with_a_search() {
    let app = large_session().await;
    let session = format!("/certificateur/sessions/{SESSION}");
    let first = app.get_html(&session).await;
    // 300 generated + the demo's 6.
    assert!(first.contains("Candidats inscrits (306)"), "{first}");
    assert!(first.contains("306 candidat(s) trouvé(s) sur 306 — page 1 sur 7"));
    // By number: the demo's 6 first, then 44 generated.
    assert_eq!(generated_rows(&first), 44);
    assert!(first.contains("DURAND Camille"));
    assert!(first.contains("page=2"), "a link to the next page");
    // The last page holds the rest; a page beyond it shows the last one.
    let last = app.get_html(&format!("{session}?page=7")).await;
    assert!(last.contains("page 7 sur 7"));
    assert_eq!(generated_rows(&last), 6);
    let beyond = app.get_html(&format!("{session}?page=99")).await;
    assert!(beyond.contains("page 7 sur 7"));
    // Searching by name finds the one candidate, any case, and the search is kept.
    let found = app.get_html(&format!("{session}?recherche=nom00123")).await;
    assert!(found.contains("1 candidat(s) trouvé(s) sur 306"), "{found}");
    assert!(found.contains("NOM00123"));
    assert!(found.contains(r#"value="nom00123""#));
    let none = app.get_html(&format!("{session}?recherche=personne")).await;
    assert!(none.contains("Aucun candidat ne correspond."));
    // The other session of the organisation shows none of them.
    let other = app
        .get_html("/certificateur/sessions/1?recherche=nom00")
        .await;
    assert!(other.contains("0 candidat(s) trouvé(s)"), "{other}");
    assert_eq!(generated_rows(&other), 0);
}

#[tokio::test]
async fn the_allocation_opens_on_a_summary_per_grader_and_filters_the_sheets() {
    let app = large_session().await;
    let jury = format!("/certificateur/sessions/{SESSION}/jury");
    let page = app.get_html(&jury).await;
    assert!(page.contains("Charge par correcteur"), "{page}");
    let graders = generated_graders(&app.db).await;
    assert_eq!(graders.len(), 6);
    for g in &graders {
        assert!(page.contains(&format!("?correcteur={g}#titre-corrections")));
    }
    let allocated = entities::prelude::GradingAllocation::find()
        .all(&app.db)
        .await
        .expect("allocations");
    let sheets = allocated
        .iter()
        .filter(|a| graders.contains(&a.jury_member_id))
        .count();
    assert!(
        page.contains(&format!("{sheets} fiche(s) sur {sheets}")),
        "{page}"
    );
    assert_eq!(page.matches("<select id=\"correcteur-").count(), 50);
    // One grader's sheets only, every one submitted.
    let mine = allocated
        .iter()
        .filter(|a| a.jury_member_id == graders[2])
        .count();
    let filtered = app
        .get_html(&format!("{jury}?correcteur={}", graders[2]))
        .await;
    assert!(
        filtered.contains(&format!("{mine} fiche(s) sur {sheets}")),
        "{filtered}"
    );
    let submitted = app
        .get_html(&format!("{jury}?correcteur={}&statut=soumise", graders[2]))
        .await;
    assert!(submitted.contains(&format!("{mine} fiche(s) sur {sheets}")));
    let to_grade = app
        .get_html(&format!(
            "{jury}?correcteur={}&statut=a_corriger",
            graders[2]
        ))
        .await;
    assert!(to_grade.contains(&format!("0 fiche(s) sur {sheets}")));
    // The next page keeps the filter.
    assert!(
        filtered.contains(&format!("correcteur={}&amp;page=2", graders[2]))
            || filtered.contains(&format!("correcteur={}&page=2", graders[2])),
        "{filtered}"
    );
}

#[tokio::test]
async fn a_sitting_lists_its_candidates_by_attendance_with_counts() {
    let app = large_session().await;
    let slot = entities::prelude::ScheduleSlot::find()
        .filter(entities::schedule_slot::Column::SessionId.eq(SESSION))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the demo's sitting")
        .id;
    let sitting = format!("/certificateur/sessions/{SESSION}/epreuves/{slot}");
    let page = app.get_html(&sitting).await;
    // The demo recorded its 6 candidates (one absent, excused); nobody else yet.
    assert!(page.contains("Candidats (306)"), "{page}");
    assert!(page.contains("À émarger (300)"), "{page}");
    assert!(page.contains("Présents (5)"));
    assert!(page.contains("Absents (1)"));
    assert!(page.contains("Fraude (1)"));
    assert_eq!(generated_rows(&page), 44);
    let absent = app.get_html(&format!("{sitting}?filtre=absents")).await;
    assert!(absent.contains("1 candidat(s) — page 1 sur 1"), "{absent}");
    assert_eq!(generated_rows(&absent), 0);
    let searched = app
        .get_html(&format!("{sitting}?filtre=a_emarger&recherche=Nom00299"))
        .await;
    assert!(
        searched.contains("1 candidat(s) — page 1 sur 1"),
        "{searched}"
    );
    assert!(searched.contains("NOM00299"));
}

#[tokio::test]
async fn the_pool_is_searched_and_paged() {
    let app = large_session().await;
    let page = app
        .get_html("/certificateur/jures?recherche=correctrice3")
        .await;
    assert!(page.contains("1 membre(s) trouvé(s)"), "{page}");
    assert!(page.contains("Correctrice3"));
}

#[tokio::test]
async fn another_organisation_sees_none_of_these_rows() {
    let app = large_session().await;
    create_admin_with_password(
        &app.config,
        "admin@autre-organisme.fr",
        "Bruno Autre",
        "98765432109876",
        Some("Autre organisme"),
        "mot de passe de l'autre organisme",
    )
    .await
    .expect("admin");
    let other = app.another_browser();
    other
        .login(
            "admin@autre-organisme.fr",
            "mot de passe de l'autre organisme",
        )
        .await;
    for path in [
        format!("/certificateur/sessions/{SESSION}?recherche=nom00"),
        format!("/certificateur/sessions/{SESSION}/jury?statut=soumise"),
        format!("/certificateur/sessions/{SESSION}/deliberation?page=2"),
        format!("/certificateur/sessions/{SESSION}/resultats?page=2"),
    ] {
        let response = other.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body = response.text().await.expect("body");
        assert_eq!(generated_rows(&body), 0, "{path}");
    }
    let pool = other
        .get_html("/certificateur/jures?recherche=correctrice")
        .await;
    assert!(pool.contains("Le vivier est vide."), "{pool}");
}

#[tokio::test]
async fn a_grader_lists_their_sheets_a_page_at_a_time_by_status() {
    use sea_orm::ActiveModelTrait;
    let app = spawn_app().await;
    let generated = generate(&app.db, 300, 6).await;
    let grader = app.browser_with_session(&generated.grader_tokens[0]);
    let member = entities::prelude::JuryMember::find()
        .filter(entities::jury_member::Column::FirstName.eq("Correctrice0"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("first grader");
    let mine = entities::prelude::GradingAllocation::find()
        .filter(entities::grading_allocation::Column::JuryMemberId.eq(member.id))
        .all(&app.db)
        .await
        .expect("allocations")
        .len();
    assert!(mine > 50, "{mine} sheets");
    let list = format!("/jury/sessions/{SESSION}");
    let rows = |html: &str| html.matches("/epreuves/").count();

    // Counts by status, the first page of 50.
    let page = grader.get_html(&list).await;
    assert!(page.contains(&format!("Toutes ({mine})")), "{page}");
    assert!(page.contains("À corriger (1)"), "{page}");
    assert!(page.contains(&format!("Soumises ({})", mine - 1)), "{page}");
    assert_eq!(rows(&page), 50);
    assert!(
        page.contains("statut=&amp;page=2") || page.contains("page=2"),
        "{page}"
    );

    // Only the sheet left to grade.
    let to_grade = grader.get_html(&format!("{list}?statut=a_corriger")).await;
    assert_eq!(rows(&to_grade), 1, "{to_grade}");
    assert!(to_grade.contains(&generated.sheet), "{to_grade}");

    // A draft mark — even written straight into the database — makes it a draft.
    let ids: Vec<i32> = generated
        .sheet
        .split('/')
        .filter_map(|p| p.parse().ok())
        .collect();
    let (enrolment, epreuve) = (ids[1], ids[2]);
    entities::mark::ActiveModel {
        enrolment_id: sea_orm::Set(enrolment),
        epreuve_id: sea_orm::Set(epreuve),
        jury_member_id: sea_orm::Set(Some(member.id)),
        item_code: sea_orm::Set("brouillon".to_owned()),
        points_hundredths: sea_orm::Set(Some(100)),
        met: sea_orm::Set(None),
        comment: sea_orm::Set(String::new()),
        status: sea_orm::Set(entities::enums::MarkStatus::Draft),
        version: sea_orm::Set(1),
        updated_at: sea_orm::Set(tests::test_now()),
        updated_by: sea_orm::Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("draft");
    let page = grader.get_html(&list).await;
    assert!(page.contains("À corriger (0)"), "{page}");
    assert!(page.contains("Brouillons (1)"), "{page}");
    let drafts = grader.get_html(&format!("{list}?statut=brouillon")).await;
    assert!(drafts.contains(&generated.sheet), "{drafts}");

    // A candidate searched by number: only their sheets of this grader.
    let number = entities::prelude::Enrolment::find_by_id(enrolment)
        .one(&app.db)
        .await
        .expect("q")
        .expect("enrolment")
        .candidate_number;
    let found = grader.get_html(&format!("{list}?recherche={number}")).await;
    assert!(found.contains(&generated.sheet), "{found}");
    assert!(rows(&found) >= 1 && rows(&found) < 50, "{found}");
    assert_eq!(found.matches(&format!("{number} — ")).count(), rows(&found));

    // A conflict with that candidate takes their sheets away from the list and counts.
    let candidate = entities::prelude::Enrolment::find_by_id(enrolment)
        .one(&app.db)
        .await
        .expect("q")
        .expect("enrolment")
        .candidate_id;
    entities::conflict::ActiveModel {
        jury_member_id: sea_orm::Set(member.id),
        candidate_id: sea_orm::Set(Some(candidate)),
        training_group: sea_orm::Set(None),
        kind: sea_orm::Set(entities::enums::ConflictKind::Employer),
        source: sea_orm::Set(entities::enums::ConflictSource::Member),
        note: sea_orm::Set("Employeur du candidat".to_owned()),
        created_at: sea_orm::Set(tests::test_now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("conflict");
    let found = grader.get_html(&format!("{list}?recherche={number}")).await;
    assert_eq!(rows(&found), 0, "{found}");
    let page = grader.get_html(&list).await;
    assert!(page.contains("Brouillons (0)"), "{page}");
}

/// The session's sheet counts as the database keeps them, and as counted from the
/// allocations themselves: (session, épreuve, grader, status, sheets), sorted.
async fn tallies(db: &sea_orm::DatabaseConnection) -> (Vec<String>, Vec<String>) {
    use sea_orm::ConnectionTrait;
    let read = |sql: &'static str| async move {
        let rows = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await
            .expect("counts");
        let mut out: Vec<String> = rows
            .iter()
            .map(|r| {
                let s: i32 = r.try_get_by_index(0).expect("session");
                let e: i32 = r.try_get_by_index(1).expect("épreuve");
                let g: i32 = r.try_get_by_index(2).expect("grader");
                let st: String = r.try_get_by_index(3).expect("status");
                let n: i64 = r.try_get_by_index(4).expect("sheets");
                format!("{s}/{e}/{g}/{st}: {n}")
            })
            .collect();
        out.sort();
        out
    };
    let kept = read(
        "SELECT session_id, epreuve_id, jury_member_id, sheet_status, sheets
         FROM sheet_tally WHERE sheets <> 0",
    )
    .await;
    let counted = read(
        "SELECT e.session_id, a.epreuve_id, a.jury_member_id, a.sheet_status,
                CAST(COUNT(*) AS BIGINT)
         FROM grading_allocations a JOIN enrolments e ON e.id = a.enrolment_id
         GROUP BY e.session_id, a.epreuve_id, a.jury_member_id, a.sheet_status",
    )
    .await;
    (kept, counted)
}

#[tokio::test]
async fn the_sheet_counts_the_database_keeps_follow_every_change_to_the_sheets() {
    use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
    let app = spawn_app().await;
    let generated = generate(&app.db, 120, 4).await;
    let (kept, counted) = tallies(&app.db).await;
    assert!(counted.len() > 10, "{counted:?}");
    assert_eq!(kept, counted, "after the allocation");

    // A draft mark on the sheet left to grade, then submitted: to grade → draft →
    // submitted.
    let ids: Vec<i32> = generated
        .sheet
        .split('/')
        .filter_map(|p| p.parse().ok())
        .collect();
    let (enrolment, epreuve) = (ids[1], ids[2]);
    let sheet = entities::prelude::GradingAllocation::find()
        .filter(entities::grading_allocation::Column::EnrolmentId.eq(enrolment))
        .filter(entities::grading_allocation::Column::EpreuveId.eq(epreuve))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the sheet to grade");
    let mark = entities::mark::ActiveModel {
        enrolment_id: Set(enrolment),
        epreuve_id: Set(epreuve),
        jury_member_id: Set(Some(sheet.jury_member_id)),
        item_code: Set("brouillon".to_owned()),
        points_hundredths: Set(Some(100)),
        met: Set(None),
        comment: Set(String::new()),
        status: Set(entities::enums::MarkStatus::Draft),
        version: Set(1),
        updated_at: Set(tests::test_now()),
        updated_by: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("draft");
    let (kept, counted) = tallies(&app.db).await;
    assert!(
        counted.iter().any(|c| c.ends_with("/draft: 1")),
        "{counted:?}"
    );
    assert_eq!(kept, counted, "after a draft");
    let mut submitted: entities::mark::ActiveModel = mark.into();
    submitted.status = Set(entities::enums::MarkStatus::Submitted);
    submitted.update(&app.db).await.expect("submitted");
    let (kept, counted) = tallies(&app.db).await;
    assert!(
        !counted.iter().any(|c| c.contains("/draft:")),
        "{counted:?}"
    );
    assert_eq!(kept, counted, "after a submission");

    // Sheets given to another grader, in one statement; one sheet taken away.
    let graders = generated_graders(&app.db).await;
    app.db
        .execute_unprepared(&format!(
            "UPDATE grading_allocations SET jury_member_id = {} WHERE jury_member_id = {}",
            graders[1], graders[0]
        ))
        .await
        .expect("reallocated");
    let (kept, counted) = tallies(&app.db).await;
    assert!(
        !counted
            .iter()
            .any(|c| c.contains(&format!("/{}/", graders[0]))),
        "{counted:?}"
    );
    assert_eq!(kept, counted, "after a reallocation");
    entities::prelude::GradingAllocation::delete_by_id(sheet.id)
        .exec(&app.db)
        .await
        .expect("deleted");
    let (kept, counted) = tallies(&app.db).await;
    assert_eq!(kept, counted, "after a sheet taken away");
}

/// A database graded before the sheet counts existed gets them, right, when it
/// upgrades.
#[tokio::test]
async fn an_existing_database_counts_its_sheets_when_it_upgrades() {
    use migrations::{Migrator, MigratorTrait};
    let database = tests::TestDatabase::create().await;
    let db = sea_orm::Database::connect(&database.url)
        .await
        .expect("connect");
    // Graded with today's code, then taken back to before the sheet counts (the
    // migrations after them undone too), then upgraded.
    Migrator::up(&db, None).await.expect("up");
    app::ssr::demo::seed(
        &db,
        tests::test_now(),
        &server::services::pdf::PrintPdf::new().expect("fonts"),
    )
    .await
    .expect("the demo");
    generate(&db, 30, 3).await;
    let since = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name().contains("sheet_tally"))
        .expect("the sheet counts' migration");
    Migrator::down(&db, Some(u32::try_from(since + 1).expect("count")))
        .await
        .expect("down to before the sheet counts");
    assert!(
        sea_orm::ConnectionTrait::query_one_raw(
            &db,
            sea_orm::Statement::from_string(
                sea_orm::ConnectionTrait::get_database_backend(&db),
                "SELECT COUNT(*) FROM sheet_tally".to_owned()
            )
        )
        .await
        .is_err(),
        "no sheet counts before the upgrade"
    );
    Migrator::up(&db, None).await.expect("upgrade");
    let (kept, counted) = tallies(&db).await;
    assert!(counted.len() > 10, "{counted:?}");
    assert_eq!(kept, counted);
}
