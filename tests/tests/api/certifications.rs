//! Editing a certification's grid: checked by the engine, saved as a new version;
//! existing sessions stay bound to the version they were created with.

use app::domain::role::Role;
use entities::prelude::{CertificationVersion, ExamSession};
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{TestApp, csrf_from_page, location, spawn_app};

/// Template E, the certification of the demo session.
const PAGE: &str = "/certificateur/certifications/5";

async fn save(app: &TestApp, grid_json: &str) -> reqwest::Response {
    let html = app.get_html(PAGE).await;
    let token = csrf_from_page(&html).expect("token");
    app.client
        .post(app.url("/api/certificateur/enregistrer_grille"))
        .header("accept", "text/html")
        .header("referer", app.url(PAGE))
        .form(&[
            ("csrf_token", token.as_str()),
            ("certification_id", "5"),
            ("grid_json", grid_json),
        ])
        .send()
        .await
        .expect("POST")
}

fn grid_e() -> serde_json::Value {
    serde_json::to_value(app::domain::templates::office_manager_junior().grid).expect("json")
}

#[tokio::test]
async fn a_new_grid_makes_a_new_version_and_the_existing_session_keeps_its_own() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = app.get_html(PAGE).await;
    assert!(page.contains("version 1 en vigueur"), "{page}");
    let mut grid = grid_e();
    // The certifier raises the eliminatory mark of bloc 1 to 9/20.
    grid["units"][0]["eliminatory_below"] = serde_json::json!("9");
    // Act
    let response = save(&app, &grid.to_string()).await;
    // Assert
    assert_eq!(location(&response), PAGE);
    assert_eq!(
        CertificationVersion::find()
            .count(&app.db)
            .await
            .expect("count"),
        6
    );
    let session = ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("query")
        .expect("session");
    let bound = CertificationVersion::find_by_id(session.version_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("version");
    assert_eq!(bound.number, 1, "the demo session stays on version 1");
    assert!(bound.grid_json.contains("\"eliminatory_below\":\"8\""));
    let page = app.get_html(PAGE).await;
    assert!(page.contains("version 2 en vigueur"));
    assert!(page.contains("Remplacée"));
}

#[tokio::test]
async fn a_grid_that_cannot_work_is_refused_with_every_problem() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let mut grid = grid_e();
    grid["units"][1]["validation"]["value"] = serde_json::json!("25");
    grid["components"][0]["unit"] = serde_json::json!("BLOC-FANTOME");
    let refused = save(&app, &grid.to_string()).await;
    let page = app
        .get_html(&location(&refused).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("le seuil 25 sort de l&#x27;échelle [0 ; 20]")
            || page.contains("le seuil 25 sort de l'échelle [0 ; 20]"),
        "{page}"
    );
    assert!(page.contains("BLOC-FANTOME"));
    let broken = save(&app, "{ pas du json").await;
    let page = app
        .get_html(&location(&broken).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("La grille n&#x27;est pas un JSON valide")
            || page.contains("La grille n'est pas un JSON valide"),
        "{page}"
    );
    assert_eq!(
        CertificationVersion::find()
            .count(&app.db)
            .await
            .expect("count"),
        5,
        "nothing saved"
    );
}

#[tokio::test]
async fn a_certification_is_created_from_a_template_under_its_own_code() {
    use entities::prelude::{Certification, Epreuve};
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let fields = [
        ("template", "D"),
        ("code", "RNCP40705-LYON"),
        ("title", "Bac pro AGORA — académie de Lyon"),
    ];
    let created = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &fields,
        )
        .await;
    assert_eq!(location(&created), "/certificateur/certifications/6");
    let page = app.get_html("/certificateur/certifications/6").await;
    assert!(page.contains("Bac pro AGORA — académie de Lyon"));
    assert!(page.contains("RNCP40705-LYON — version 1 en vigueur"));
    assert_eq!(
        Epreuve::find().count(&app.db).await.expect("count"),
        53 + 15
    );
    // The same code again, and empty fields: every problem, nothing created.
    let refused = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &[
                ("template", "Z"),
                ("code", "RNCP40705-LYON"),
                ("title", " "),
            ],
        )
        .await;
    let page = app.follow(&refused).await;
    for message in [
        "Choisissez un des modèles A à E, ou un référentiel vierge.",
        "Une certification porte déjà le code « RNCP40705-LYON ».",
        "L&#x27;intitulé est obligatoire.",
    ] {
        assert!(
            page.contains(message) || page.contains(&message.replace("&#x27;", "'")),
            "{message} missing"
        );
    }
    assert_eq!(
        Certification::find().count(&app.db).await.expect("count"),
        6
    );
}

#[tokio::test]
async fn the_certification_page_shows_the_jury_rules_of_its_seed() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let e = app.get_html(PAGE).await;
    assert!(
        e.contains("une personnalité qualifiée du monde économique"),
        "{e}"
    );
    assert!(e.contains("tous les membres votants présents, sinon report"));
    let a = app.get_html("/certificateur/certifications/1").await;
    assert!(a.contains("la parité femmes-hommes") && a.contains(" (recherchée)"));
    let d = app.get_html("/certificateur/certifications/4").await;
    assert!(
        d.contains("autant d&#x27;employeurs que de salariés")
            || d.contains("autant d'employeurs que de salariés")
    );
    assert!(
        d.contains("valable malgré l&#x27;absence de membres")
            || d.contains("valable malgré l'absence de membres")
    );
}
