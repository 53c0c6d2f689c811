//! Every route × every kind of visitor: allowed, or 401/403, before anything renders.

use app::domain::role::Role;
use tests::{TestApp, location, spawn_app};

/// Who is asking.
#[derive(Clone, Copy, Debug)]
enum Visitor {
    Anonymous,
    As(Role),
}

async fn app_for(visitor: Visitor) -> TestApp {
    let app = spawn_app().await;
    if let Visitor::As(role) = visitor {
        app.login_as(role).await;
    }
    app
}

#[tokio::test]
async fn each_role_reaches_only_its_own_pages_and_server_functions() {
    use Role::{Candidate, CertifierAdmin, JuryMember};
    use Visitor::{Anonymous, As};
    // path, then expected status for: anonymous, certifier, jury member, candidate.
    let table: [(&str, [u16; 4]); 17] = [
        ("/", [200, 303, 303, 303]),
        ("/connexion", [200, 303, 303, 303]),
        ("/sante", [200, 200, 200, 200]),
        ("/certificateur", [401, 200, 403, 403]),
        ("/jury", [401, 403, 200, 403]),
        ("/candidat", [401, 403, 403, 200]),
        ("/api/certificateur/tableau_de_bord", [401, 200, 403, 403]),
        ("/api/jury/mes_jurys", [401, 403, 200, 403]),
        ("/api/candidat/mon_espace", [401, 403, 403, 200]),
        // Deliberation: the session's certifier and its jury, no one else; the PV
        // once closed (the demo November session is not yet).
        (
            "/certificateur/sessions/2/deliberation",
            [401, 200, 403, 403],
        ),
        ("/jury/sessions/2/deliberation", [401, 403, 200, 403]),
        (
            "/api/deliberation/charger?session_id=2",
            [401, 200, 200, 403],
        ),
        ("/certificateur/sessions/2/pv/pv.pdf", [401, 404, 403, 403]),
        ("/jury/sessions/2/pv/pv.csv", [401, 403, 404, 403]),
        ("/candidat/documents/ABCD-EFGH-JKMN", [401, 403, 403, 404]),
        // Public: anyone verifies a document.
        ("/verification/ABCD-EFGH-JKMN", [200, 200, 200, 200]),
        (
            "/api/verification/document?code=ABCD-EFGH-JKMN",
            [200, 200, 200, 200],
        ),
    ];
    let visitors = [Anonymous, As(CertifierAdmin), As(JuryMember), As(Candidate)];
    for (column, visitor) in visitors.into_iter().enumerate() {
        // Arrange
        let app = app_for(visitor).await;
        for (path, expected) in &table {
            // Act
            let response = app.get(path).await;
            // Assert
            assert_eq!(
                response.status().as_u16(),
                expected[column],
                "{visitor:?} GET {path}"
            );
        }
    }
}

#[tokio::test]
async fn logged_in_users_are_sent_from_the_landing_page_to_their_home() {
    for role in Role::ALL {
        let app = app_for(Visitor::As(role)).await;
        let response = app.get("/").await;
        assert_eq!(location(&response), role.home_path());
    }
}

#[tokio::test]
async fn a_denied_page_says_why_in_french_and_leaks_no_data() {
    // Arrange
    let app = app_for(Visitor::As(Role::Candidate)).await;
    // Act
    let html = app.get_html("/certificateur").await;
    // Assert
    assert!(html.contains("Accès refusé"), "{html}");
    assert!(
        !html.contains("RNCP36390"),
        "no certifier data in a denied page"
    );
    let anonymous = spawn_app().await;
    let html = anonymous.get_html("/jury").await;
    assert!(html.contains("Connexion requise"));
    assert!(html.contains("/connexion?suite=%2Fjury"), "{html}");
}

#[tokio::test]
async fn a_denied_server_function_answers_a_french_json_error() {
    let app = app_for(Visitor::As(Role::JuryMember)).await;
    let response = app.get("/api/candidat/mon_espace").await;
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body, serde_json::json!("Forbidden"));
}

#[tokio::test]
async fn unknown_pages_are_404_in_french() {
    let app = spawn_app().await;
    let response = app.get("/nulle-part").await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Page introuvable")
    );
}
