//! Convocations: emailed with their PDF at least one month before the first épreuve,
//! refused later without a written reason, logged, downloadable by the candidate.

use app::domain::role::Role;
use entities::prelude::EmailMessage;
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{TestApp, location, pdf_text, spawn_app};

const SESSION: &str = "/certificateur/sessions/1";

/// Schedules the 3 h 30 case study of bloc 3 on 16/03/2027 at 09:00 and grants the
/// demo candidate's tiers-temps.
async fn prepare(app: &TestApp) {
    use entities::epreuve;
    use sea_orm::{ColumnTrait, QueryFilter};
    let id = entities::prelude::Epreuve::find()
        .filter(epreuve::Column::Code.eq("B3.E1"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("épreuve")
        .id
        .to_string();
    let fields = [
        ("session_id", "1"),
        ("epreuve_id", id.as_str()),
        ("date", "16/03/2027"),
        ("start", "09:00"),
        ("duration", "210"),
        ("room", "Salle Rhône"),
        ("remote_link", ""),
    ];
    let scheduled = app
        .submit_form(SESSION, "/api/certificateur/planifier_epreuve", &fields)
        .await;
    assert!(!location(&scheduled).contains("__err"));
    let granted = app
        .submit_form(
            SESSION,
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", "1"),
                ("decision", "accorder"),
                ("reason", "Notification MDPH reçue."),
            ],
        )
        .await;
    assert!(!location(&granted).contains("__err"));
}

async fn send(app: &TestApp, reason: &str) -> reqwest::Response {
    app.submit_form(
        SESSION,
        "/api/certificateur/envoyer_convocations",
        &[("session_id", "1"), ("reason", reason)],
    )
    .await
}

#[tokio::test]
async fn convocations_are_emailed_with_their_pdf_and_logged() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    prepare(&app).await;
    // Act
    let response = send(&app, "").await;
    // Assert
    assert!(
        !location(&response).contains("__err"),
        "{}",
        location(&response)
    );
    let sent = app.mailer.sent();
    assert_eq!(sent.len(), 6);
    assert!(
        sent.iter()
            .all(|m| m.attachments.len() == 1 && m.attachments[0].bytes.starts_with(b"%PDF-"))
    );
    let camille = sent
        .iter()
        .find(|m| m.to == "candidat@demo.jury.fr")
        .expect("demo candidate");
    insta::assert_snapshot!("convocation_subject", camille.subject);
    insta::assert_snapshot!("convocation_text", camille.text);
    insta::assert_snapshot!("convocation_html", camille.html);
    let lucas = sent
        .iter()
        .find(|m| m.to == "lucas.petit@demo.jury.fr")
        .expect("another candidate");
    assert!(
        lucas.text.contains("fin à 12h30 —"),
        "no tiers-temps for him: {}",
        lucas.text
    );
    let page = app.get_html(SESSION).await;
    assert_eq!(
        page.matches(">Envoyé<").count(),
        6,
        "the log shows every email"
    );
}

#[tokio::test]
async fn less_than_a_month_before_the_first_epreuve_a_reason_is_required() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    prepare(&app).await;
    // 20/02/2027: the deadline was 16/02/2027.
    app.clock.advance(chrono::Duration::days(90));
    app.login_as(Role::CertifierAdmin).await;
    let refused = send(&app, " ").await;
    let page = app
        .get_html(&location(&refused).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("Les convocations devaient partir au plus tard le 16/02/2027"),
        "{page}"
    );
    assert!(app.mailer.sent().is_empty());
    assert_eq!(EmailMessage::find().count(&app.db).await.expect("count"), 0);
    let late = send(&app, "Salle indisponible, session déplacée le 15/02.").await;
    assert!(!location(&late).contains("__err"));
    assert_eq!(app.mailer.sent().len(), 6);
    let page = app.get_html(SESSION).await;
    assert!(page.contains("envoi tardif : Salle indisponible, session déplacée le 15/02."));
}

#[tokio::test]
async fn the_candidate_downloads_their_own_convocation_only_once_sent() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    prepare(&app).await;
    let candidate = app.another_browser();
    candidate.login_as(Role::Candidate).await;
    assert_eq!(
        candidate.get("/candidat/convocations/1").await.status(),
        404,
        "not sent yet"
    );
    send(&app, "").await;
    let response = candidate.get("/candidat/convocations/1").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.expect("pdf");
    // The file she downloads is the one she was sent, under the letterhead.
    let attached = app
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|m| m.to == "candidat@demo.jury.fr" && !m.attachments.is_empty())
        .map(|m| m.attachments[0].bytes.clone())
        .expect("her convocation email");
    assert_eq!(pdf.as_ref(), attached.as_slice(), "the convocation as sent");
    let text = pdf_text(&pdf);
    assert!(text.contains("SIRET"), "letterhead: {text}");
    assert!(
        text.contains("Convocation aux épreuves de certification"),
        "{text}"
    );
    assert!(
        text.contains("fin à 13h40 (tiers-temps : 70 min de plus)"),
        "{text}"
    );
    assert!(text.contains("Tiers-temps (durée majorée d'un tiers)"));
    // The name as every other document writes it.
    assert!(text.contains("Camille DURAND"), "{text}");
    // Another candidate's convocation.
    assert_eq!(
        candidate.get("/candidat/convocations/2").await.status(),
        404
    );
    assert!(
        candidate
            .get_html("/candidat")
            .await
            .contains("Télécharger ma convocation (PDF)")
    );
}

#[tokio::test]
async fn nothing_is_sent_before_the_epreuves_are_scheduled() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let refused = send(&app, "").await;
    let page = app
        .get_html(&location(&refused).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("Planifiez d'abord les épreuves de la session."),
        "{page}"
    );
    assert!(app.mailer.sent().is_empty());
}
