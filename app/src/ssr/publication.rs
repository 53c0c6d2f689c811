//! Publishing what is due and telling the candidates: run after the certifier sets a
//! date that has come, and by the server every few minutes for dates set ahead.

use sea_orm::DbErr;

use super::ports::OutgoingEmail;
use super::repo::convocations::log_email;
use super::repo::publication::publish_due;
use super::state::AppState;
use crate::domain::deliberation::results_email;
use crate::domain::ids::EnrolmentId;

/// What each results email is logged as.
pub const RESULTS: &str = "resultats";

/// Publishes every session whose date has come and emails its candidates; returns how
/// many candidates were told.
pub async fn run_due(state: &AppState) -> Result<usize, DbErr> {
    let now = state.clock.now();
    let notices = publish_due(&state.db, now).await?;
    // The documents just issued are rendered and kept at once, in the background (a
    // national session's are many): from then on every download is the same file.
    let mut published: Vec<crate::domain::ids::SessionId> =
        notices.iter().map(|n| n.session_id).collect();
    published.dedup();
    for session in published {
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(err) = super::bulk::keep_all(&state, session).await {
                tracing::error!(error = %err, session = session.0, "keeping the issued documents failed");
            }
        });
    }
    let space = format!(
        "{}/candidat",
        state.settings.public_url.trim_end_matches('/')
    );
    let mut sent = 0;
    for notice in notices {
        let mut content = results_email(
            &notice.name,
            &notice.session,
            &space,
            (notice.decision, notice.documents),
            notice.departure.as_ref().map(|d| d.text()).as_deref(),
        );
        // A candidate who never chose a password (or let the first link expire) gets a
        // fresh link to reach their space.
        if let Some(link) = super::repo::accounts::first_link_for(
            &state.db,
            (notice.organisation, &notice.email),
            (now, &state.settings.public_url),
        )
        .await?
        {
            content = crate::domain::account::with_link(content, &link);
        }
        let (subject, text, html) = content;
        let email = OutgoingEmail {
            to: notice.email.clone(),
            subject: subject.clone(),
            text,
            html,
            attachments: Vec::new(),
        };
        let outcome = state.mailer.send(&email).await.map_err(|e| e.to_string());
        if outcome.is_ok() {
            sent += 1;
        }
        log_email(
            &state.db,
            notice.organisation,
            (RESULTS, Some(EnrolmentId(notice.enrolment))),
            &notice.email,
            &subject,
            outcome,
            None,
            now,
        )
        .await?;
    }
    Ok(sent)
}
