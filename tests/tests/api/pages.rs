//! Each role's home page, server-rendered in French with the role's data.

use app::domain::role::Role;
use tests::spawn_app;

fn main_content(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    &html[start..end]
}

#[tokio::test]
async fn the_certifier_sees_the_five_templates_and_the_demo_session() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let html = app.get_html("/certificateur").await;
    let main = main_content(&html);
    assert!(html.contains(r#"<html lang="fr""#));
    for code in [
        "FORMITES-ADF",
        "CQP-ADF",
        "CQP-GDF",
        "RNCP40705",
        "RNCP36390",
    ] {
        assert!(main.contains(code), "{code} missing");
    }
    assert!(main.contains("Session de mars 2027 — Office Manager junior"));
    assert!(
        main.contains("du 15/03/2027 au 19/03/2027"),
        "dates JJ/MM/AAAA"
    );
    assert!(html.contains("Se déconnecter"));
}

#[tokio::test]
async fn the_jury_member_sees_the_jury_they_preside() {
    let app = spawn_app().await;
    app.login_as(Role::JuryMember).await;
    let html = app.get_html("/jury").await;
    let main = main_content(&html);
    assert!(main.contains("Mes jurys"));
    assert!(main.contains("Président(e) du jury"));
    assert!(main.contains("RNCP36390"));
    assert!(
        !main.contains("FORMITES-ADF"),
        "only the sessions they sit on"
    );
}

#[tokio::test]
async fn the_candidate_sees_their_enrolment_accommodation_and_no_result_yet() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    let html = app.get_html("/candidat").await;
    let main = main_content(&html);
    assert!(main.contains("E27-001"));
    assert!(main.contains("Tiers-temps"));
    assert!(main.contains("Demandé — en attente de décision"));
    assert!(main.contains("après leur publication officielle"));
    assert!(!main.contains("E27-002"), "no other candidate's data");
}

#[tokio::test]
async fn pages_have_landmarks_a_skip_link_and_labelled_fields() {
    let app = spawn_app().await;
    let html = app.get_html("/connexion").await;
    assert!(
        html.contains(r##"<a href="#contenu" class="skip-link">Aller au contenu principal</a>"##)
    );
    assert!(html.contains(r#"<main id="contenu""#));
    assert!(html.contains(r#"<label for="email">"#) && html.contains(r#"id="email""#));
    assert!(html.contains(r#"<label for="password">"#) && html.contains(r#"id="password""#));
    assert!(html.contains(r#"<nav aria-label="Navigation principale""#));
}
