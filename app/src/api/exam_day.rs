//! Exam day (certifier): attendance and fraud reports per scheduled sitting, and the
//! attendance sheet (PDF at `/certificateur/sessions/{id}/emargement/{slot}`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::exam_day::{Attendance, FraudReport};
use crate::error::AppError;

/// A candidate at a sitting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotCandidate {
    pub enrolment_id: i32,
    pub number: String,
    pub name: String,
    /// Granted accommodations and extra time, as the sheet shows them.
    pub accommodations: String,
    /// End time with the extra time.
    pub end: String,
    /// The latest attendance record.
    pub attendance: Option<Attendance>,
    pub frauds: Vec<FraudReport>,
    /// Their individual passage, at an oral or interview sitting.
    pub passage: Option<PassageRow>,
}

/// A candidate's individual passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageRow {
    pub id: i32,
    pub position: i32,
    /// `HH:MM`, local time (as the form edits it).
    pub start: String,
    /// `10h30 – 11h15`.
    pub span: String,
    pub room: String,
    /// The graders allocated to this candidate for the épreuve.
    pub examiners: String,
}

/// A sitting's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPage {
    pub session_id: i32,
    pub slot_id: i32,
    pub session_label: String,
    pub epreuve: String,
    pub starts: String,
    pub place: String,
    /// Candidates pass one by one (oral, interview, practical).
    pub individual: bool,
    /// The épreuve's phases and length.
    pub phases: String,
    /// One page of the candidates the filter and search keep.
    pub rows: Vec<SlotCandidate>,
    /// Candidates of the sitting in all.
    #[serde(default)]
    pub seated: u64,
    /// Candidates under each filter (`SittingFilter::ALL` order).
    #[serde(default)]
    pub counts: Vec<u64>,
    #[serde(default)]
    pub paging: crate::domain::paging::Paging,
}

#[cfg(feature = "ssr")]
fn certifier() -> Result<
    (
        crate::ssr::state::AppState,
        crate::domain::ids::OrganisationId,
        crate::domain::ids::UserId,
    ),
    AppError,
> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    Ok((state, organisation, user.id))
}

#[cfg(feature = "ssr")]
fn problems(found: Vec<(&'static str, String)>) -> AppError {
    crate::ssr::auth::with_status(AppError::Validation(
        found
            .into_iter()
            .map(|(field, message)| crate::error::FieldError {
                field: field.to_owned(),
                message,
            })
            .collect(),
    ))
}

#[cfg(feature = "ssr")]
fn refusal(error: crate::ssr::repo::exam_day::Refusal) -> AppError {
    use crate::ssr::repo::exam_day::Refusal;
    match error {
        Refusal::NotFound => crate::ssr::auth::with_status(AppError::NotFound),
        Refusal::Frozen(why) => crate::ssr::auth::with_status(AppError::Conflict(why.to_owned())),
        Refusal::TooEarly(why) => crate::ssr::auth::with_status(AppError::Conflict(why)),
        Refusal::Db(err) => crate::ssr::auth::internal("exam day", err),
    }
}

#[cfg(feature = "ssr")]
fn passage_refusal(error: crate::ssr::repo::passages::Refusal) -> AppError {
    use crate::ssr::repo::passages::Refusal;
    match error {
        Refusal::NotFound => crate::ssr::auth::with_status(AppError::NotFound),
        Refusal::Invalid(why) => crate::ssr::auth::with_status(AppError::invalid("passages", why)),
        Refusal::Db(err) => crate::ssr::auth::internal("passages", err),
    }
}

/// (Re)generates the individual passages of an oral or interview sitting: candidates in
/// number order from the sitting's start, each for the épreuve's phases lengthened by
/// their accommodations, a changeover between two, a break every few passages.
#[server(prefix = "/api/certificateur", endpoint = "passages_generer")]
pub async fn generate_passages(
    session_id: i32,
    slot_id: i32,
    #[server(default)] gap: String,
    #[server(default)] every: String,
    #[server(default)] pause: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::error::FieldError;
    use crate::ssr::auth::with_status;
    let (state, organisation, _) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let pace = crate::domain::passage::check_pace(&gap, &every, &pause).map_err(|problems| {
        with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|message| FieldError {
                    field: "passages".to_owned(),
                    message,
                })
                .collect(),
        ))
    })?;
    crate::ssr::repo::passages::generate(
        &state.db,
        organisation,
        SessionId(session_id),
        slot_id,
        pace,
    )
    .await
    .map_err(passage_refusal)?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/epreuves/{slot_id}?passages=1"
    ));
    Ok(())
}

/// Moves one passage: its start (`HH:MM`, the sitting's day) and room.
#[server(prefix = "/api/certificateur", endpoint = "passage_modifier")]
pub async fn update_passage(
    session_id: i32,
    slot_id: i32,
    passage_id: i32,
    start: String,
    #[server(default)] room: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    let (state, organisation, _) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let day = crate::ssr::repo::sessions::detail_of_one(
        &state.db,
        organisation,
        SessionId(session_id),
        None,
    )
    .await
    .map_err(|e| internal("passage", e))?
    .and_then(|d| d.slots.into_iter().find(|s| s.id == slot_id))
    .map(|s| s.starts_local.date())
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let time = chrono::NaiveTime::parse_from_str(start.trim(), "%H:%M").map_err(|_| {
        with_status(AppError::invalid(
            "start",
            format!(
                "Heure de passage « {} » invalide (attendu HH:MM).",
                start.chars().take(10).collect::<String>()
            ),
        ))
    })?;
    let room = Some(room.trim().to_owned()).filter(|r| !r.is_empty());
    crate::ssr::repo::passages::update(
        &state.db,
        organisation,
        SessionId(session_id),
        (slot_id, passage_id),
        (day.and_time(time), room),
    )
    .await
    .map_err(passage_refusal)?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/epreuves/{slot_id}"
    ));
    Ok(())
}

/// A sitting of one of the certifier's sessions, with the page `page` of the
/// candidates `filtre` (a `SittingFilter` code) and `recherche` (name or number) keep.
#[server(prefix = "/api/certificateur", endpoint = "epreuve_du_jour", input = GetUrl)]
pub async fn load_slot(
    session_id: i32,
    slot_id: i32,
    #[server(default)] filtre: String,
    #[server(default)] recherche: String,
    #[server(default)] page: u64,
) -> Result<SlotPage, AppError> {
    use crate::domain::exam_day::SittingFilter;
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    let (state, organisation, _) = certifier()?;
    let session = SessionId(session_id);
    crate::ssr::repo::sessions::find_owned(&state.db, organisation, session)
        .await
        .map_err(|e| internal("slot", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let listing = crate::ssr::repo::exam_day::slot_listing(
        &state.db,
        session,
        slot_id,
        (SittingFilter::parse(&filtre), &recherche, page),
    )
    .await
    .map_err(|e| internal("slot", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let (mut slot, _) = crate::ssr::repo::exam_day::slot_page(
        &state.db,
        organisation,
        session,
        slot_id,
        Some(&listing.shown),
    )
    .await
    .map_err(|e| internal("slot", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    // In the listing's order (passages, then candidate number).
    slot.rows.sort_by_key(|r| {
        listing
            .shown
            .iter()
            .position(|id| *id == r.enrolment_id)
            .unwrap_or(usize::MAX)
    });
    slot.seated = listing.seated;
    slot.counts = listing.counts;
    slot.paging = listing.paging;
    Ok(slot)
}

/// Records a candidate's attendance at a sitting.
#[server(prefix = "/api/certificateur", endpoint = "presence")]
#[allow(clippy::too_many_arguments)]
pub async fn record_attendance(
    session_id: i32,
    slot_id: i32,
    enrolment_id: i32,
    kind: String,
    #[server(default)] reason: String,
    #[server(default)] document_ref: String,
    #[server(default)] identity_checked: Option<String>,
    #[server(default)] incident: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation, user) = certifier()?;
    let attendance = crate::domain::exam_day::check_attendance(
        &kind,
        &reason,
        &document_ref,
        identity_checked.is_some(),
        &incident,
    )
    .map_err(problems)?;
    crate::ssr::repo::exam_day::record_attendance(
        &state.db,
        organisation,
        SessionId(session_id),
        (slot_id, enrolment_id),
        &attendance,
        user.0,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/epreuves/{slot_id}"
    ));
    Ok(())
}

/// Records a fraud report at a sitting.
#[server(prefix = "/api/certificateur", endpoint = "fraude")]
pub async fn record_fraud(
    session_id: i32,
    slot_id: i32,
    enrolment_id: i32,
    facts: String,
    #[server(default)] countersigned: Option<String>,
    #[server(default)] refusal_mention: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation, user) = certifier()?;
    let report =
        crate::domain::exam_day::check_fraud(&facts, countersigned.is_some(), &refusal_mention)
            .map_err(problems)?;
    crate::ssr::repo::exam_day::record_fraud(
        &state.db,
        organisation,
        SessionId(session_id),
        (slot_id, enrolment_id),
        &report,
        user.0,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/epreuves/{slot_id}"
    ));
    Ok(())
}
