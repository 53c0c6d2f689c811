//! Creating a session: bound to the certification version in force; every bad field
//! refused at once, in French, without JavaScript.

use app::domain::role::Role;
use entities::prelude::{CertificationVersion, ExamSession};
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{TestApp, csrf_from_page, location, spawn_app};

const FORM: &str = "/certificateur/sessions/nouvelle";
const ENDPOINT: &str = "/api/certificateur/creer_session";

/// Posts the form as a browser without JavaScript does.
async fn submit(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let page = app.get_html(FORM).await;
    let token = csrf_from_page(&page).expect("token");
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    app.client
        .post(app.url(ENDPOINT))
        .header("accept", "text/html")
        .header("referer", app.url(FORM))
        .form(&form)
        .send()
        .await
        .expect("POST")
}

#[tokio::test]
async fn a_session_of_template_d_is_created_and_bound_to_its_version() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = app.get_html(FORM).await;
    assert!(
        page.contains("RNCP40705"),
        "the form lists the certifications"
    );
    // Act: certification 4 is the Bac pro AGORA template (D).
    let response = submit(
        &app,
        &[
            ("certification_id", "4"),
            ("label", "Bac pro AGORA — session de juin 2027"),
            ("starts_on", "2027-06-07"),
            ("ends_on", "18/06/2027"),
            ("place", "Lycée Jean-Moulin, Lyon"),
            ("capacity", "120"),
        ],
    )
    .await;
    // Assert
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(location(&response), "/certificateur/sessions/4");
    let session = ExamSession::find_by_id(4)
        .one(&app.db)
        .await
        .expect("query")
        .expect("created");
    let version = CertificationVersion::find_by_id(session.version_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("version");
    assert_eq!((version.certification_id, version.number), (4, 1));
    let page = app.get_html("/certificateur/sessions/4").await;
    assert!(page.contains("Bac pro AGORA — session de juin 2027"));
    assert!(page.contains("du 07/06/2027 au 18/06/2027"));
}

#[tokio::test]
async fn every_bad_field_is_reported_and_nothing_is_created() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let before = ExamSession::find().count(&app.db).await.expect("count");
    // Act
    let response = submit(
        &app,
        &[
            ("certification_id", "4"),
            ("label", " "),
            ("starts_on", "31/02/2027"),
            ("ends_on", "2027-06-18"),
            ("place", ""),
            ("capacity", "-3"),
        ],
    )
    .await;
    // Assert: back to the form, which shows every problem.
    assert!(response.status().is_redirection());
    let page = app
        .get_html(&location(&response).replacen(&app.address, "", 1))
        .await;
    for message in [
        "Le libellé de la session est obligatoire.",
        "Le lieu est obligatoire.",
        "Date de début invalide (JJ/MM/AAAA).",
        "Le nombre de places doit être un entier positif.",
    ] {
        assert!(page.contains(message), "{message} missing");
    }
    assert_eq!(
        ExamSession::find().count(&app.db).await.expect("count"),
        before
    );
}

#[tokio::test]
async fn another_role_cannot_create_a_session() {
    let app = spawn_app().await;
    app.login_as(Role::JuryMember).await;
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url(ENDPOINT))
        .form(&[
            ("csrf_token", token.as_str()),
            ("certification_id", "4"),
            ("label", "x"),
            ("starts_on", "2027-06-07"),
            ("ends_on", "2027-06-08"),
            ("place", "x"),
            ("capacity", ""),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 403);
    assert_eq!(ExamSession::find().count(&app.db).await.expect("count"), 3);
}
