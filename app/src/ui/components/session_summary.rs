//! A session's certification, dates and place, as every role's home page shows them.

use leptos::prelude::*;

use crate::api::dashboard::SessionRow;
use crate::domain::format::date_fr;

/// Dates of a session: `du 15/03/2027 au 19/03/2027`.
pub fn session_dates(session: &SessionRow) -> String {
    if session.starts_on == session.ends_on {
        format!("le {}", date_fr(session.starts_on))
    } else {
        format!(
            "du {} au {}",
            date_fr(session.starts_on),
            date_fr(session.ends_on)
        )
    }
}

/// Certification, dates and place of a session.
#[component]
pub fn SessionSummary(session: SessionRow) -> impl IntoView {
    view! {
        <dl class="summary">
            <dt>"Certification"</dt>
            <dd>{format!("{} ({})", session.certification_title, session.certification_code)}</dd>
            <dt>"Dates"</dt>
            <dd>{session_dates(&session)}</dd>
            <dt>"Lieu"</dt>
            <dd>{session.place.clone()}</dd>
            <dt>"État"</dt>
            <dd>{session.status.label()}</dd>
        </dl>
    }
}
