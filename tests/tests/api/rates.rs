//! Training attendance and unjustified absence rates: recorded in the candidate form,
//! the CSV import and one table per session (all or nothing, each change audited); the
//! engine waits for a rate the certification requires.

use app::domain::role::Role;
use entities::{audit_entry, enrolment};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{location, spawn_app};

const TABLE: &str = "/certificateur/sessions/1/assiduite";
const SAVE: &str = "/api/certificateur/assiduite_enregistrer";

async fn rates(app: &tests::TestApp, id: i32) -> (Option<i64>, Option<i64>) {
    let e = enrolment::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("enrolment");
    (
        e.attendance_percent_hundredths,
        e.unjustified_absence_percent_hundredths,
    )
}

async fn audited(app: &tests::TestApp) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("enrolment_rates"))
        .count(&app.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn the_session_table_saves_a_page_of_rates_all_or_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = app.get_html(TABLE).await;
    assert!(
        page.contains("pénalise les absences injustifiées"),
        "{page}"
    );
    assert!(page.contains("E27-001"));
    let before = (rates(&app, 1).await, rates(&app, 2).await);
    // Two bad values: both reported with their candidate, nothing saved.
    let refused = app
        .submit_form(
            TABLE,
            SAVE,
            &[
                ("session_id", "1"),
                ("rows[0][enrolment_id]", "1"),
                ("rows[0][attendance]", "95"),
                ("rows[0][absence]", "2,5"),
                ("rows[1][enrolment_id]", "2"),
                ("rows[1][attendance]", "120"),
                ("rows[1][absence]", "beaucoup"),
            ],
        )
        .await;
    assert!(tests::refused(&refused));
    let shown = app.follow(&refused).await;
    assert!(
        shown.contains("E27-002 : assiduité « 120 » invalide"),
        "{shown}"
    );
    assert!(
        shown.contains("E27-002 : taux d&#x27;absences injustifiées « beaucoup » invalide")
            || shown.contains("E27-002 : taux d'absences injustifiées « beaucoup » invalide")
    );
    assert_eq!((rates(&app, 1).await, rates(&app, 2).await), before);
    assert_eq!(audited(&app).await, 0);
    // Right: the changed lines saved and audited, back on the same page with a count.
    let saved = app
        .submit_form(
            TABLE,
            SAVE,
            &[
                ("session_id", "1"),
                ("search", "E27"),
                ("page", "0"),
                ("rows[0][enrolment_id]", "1"),
                ("rows[0][attendance]", "95"),
                ("rows[0][absence]", "2,5"),
                ("rows[1][enrolment_id]", "2"),
                ("rows[1][attendance]", ""),
                ("rows[1][absence]", "0"),
            ],
        )
        .await;
    assert_eq!(
        location(&saved),
        "/certificateur/sessions/1/assiduite?recherche=E27&page=1&enregistres=1"
    );
    assert_eq!(rates(&app, 1).await, (Some(9500), Some(250)));
    assert_eq!(rates(&app, 2).await, before.1, "unchanged line untouched");
    assert_eq!(audited(&app).await, 1);
    let shown = app.follow(&saved).await;
    assert!(shown.contains("Enregistré : 1 candidat(s) modifié(s)."));
    assert!(shown.contains("value=\"2,5\""), "{shown}");
    // Search by name.
    let found = app.get_html(&format!("{TABLE}?recherche=durand")).await;
    assert!(found.contains("1 candidat(s)"), "{found}");
}

#[tokio::test]
async fn the_candidate_form_and_the_import_record_rates() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let saved = app
        .submit_form(
            "/certificateur/sessions/1/candidats/1",
            "/api/certificateur/modifier_candidat",
            &[
                ("session_id", "1"),
                ("enrolment_id", "1"),
                ("last_name", "Durand"),
                ("first_name", "Camille"),
                ("birth_date", "04/07/1990"),
                ("email", "candidat@demo.jury.fr"),
                ("access_route", "vae"),
                ("category", ""),
                ("training_group", ""),
                ("attendance", "92,5"),
                ("absence", "1"),
            ],
        )
        .await;
    assert_eq!(location(&saved), "/certificateur/sessions/1");
    assert_eq!(rates(&app, 1).await, (Some(9250), Some(100)));
    let form = app.get_html("/certificateur/sessions/1/candidats/1").await;
    assert!(form.contains("value=\"92,5\""));
    // A bad rate in the form: refused, nothing changed.
    let refused = app
        .submit_form(
            "/certificateur/sessions/1/candidats/1",
            "/api/certificateur/modifier_candidat",
            &[
                ("session_id", "1"),
                ("enrolment_id", "1"),
                ("last_name", "Autre"),
                ("first_name", "Camille"),
                ("birth_date", "04/07/1990"),
                ("email", "candidat@demo.jury.fr"),
                ("access_route", "vae"),
                ("attendance", "101"),
            ],
        )
        .await;
    assert!(
        app.follow(&refused)
            .await
            .contains("assiduité « 101 » invalide")
    );
    assert_eq!(rates(&app, 1).await, (Some(9250), Some(100)));
    // The import's optional columns.
    let page = app.get_html("/certificateur/sessions/1").await;
    let token = tests::csrf_from_page(&page).expect("token");
    let csv = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Assiduité (%);Absences injustifiées\n\
        Lemoine;Inès;12/05/2001;ines.lemoine@exemple.fr;Formation continue;88;0\n";
    let file = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name("candidats.csv")
        .mime_str("text/csv")
        .expect("mime");
    let imported = app
        .client
        .post(app.url(&format!("/certificateur/sessions/1?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST");
    assert_eq!(location(&imported), "/certificateur/sessions/1?importes=1");
    let new = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(1))
        .all(&app.db)
        .await
        .expect("query")
        .into_iter()
        .max_by_key(|e| e.id)
        .expect("new enrolment");
    assert_eq!(
        (
            new.attendance_percent_hundredths,
            new.unjustified_absence_percent_hundredths
        ),
        (Some(8800), Some(0))
    );
}
