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

/// Twenty browsers loading the juror's pages at once all get them: the page of a
/// session once awaited three loads in three sibling `Suspend`s, and under concurrent
/// loads the server's rendering stalled for good (every request hung, no CPU used).
#[tokio::test]
async fn the_jurors_pages_answer_twenty_browsers_at_once() {
    let app = spawn_app().await;
    app.login_as(Role::JuryMember).await;
    let mut tasks = Vec::new();
    for worker in 0..20 {
        let (client, base) = (app.client.clone(), app.url(""));
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..10 {
                let path = ["/jury/sessions/2", "/jury", "/jury/sessions/2/deliberation"]
                    [(worker + i) % 3];
                let answered = tokio::time::timeout(
                    std::time::Duration::from_secs(60),
                    client.get(format!("{base}{path}")).send(),
                )
                .await;
                statuses.push(match answered {
                    Ok(Ok(response)) => response.status().as_u16(),
                    Ok(Err(_)) => 0,
                    Err(_) => 1,
                });
            }
            statuses
        }));
    }
    for task in tasks {
        let statuses = task.await.expect("worker");
        assert!(
            statuses.iter().all(|s| *s == 200),
            "statuses (1: no answer within 60 s): {statuses:?}"
        );
    }
}
