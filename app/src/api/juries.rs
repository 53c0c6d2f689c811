//! The jury of a session (certifier): composition checked against the certification's
//! rules, conflicts of interest, grading allocation. And the jury member's own list of
//! what they grade.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::jury::rules::Violation;
use crate::domain::jury::{ConflictKind, Juror, JuryRole};
use crate::domain::status::InvitationStatus;
use crate::error::AppError;

/// A person of the certifier's jury pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolMember {
    pub juror: Juror,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub availability: String,
}

/// A seat of the jury.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatRow {
    pub seat_id: i32,
    pub juror: Juror,
    pub role: JuryRole,
    pub invitation: InvitationStatus,
    /// The invitation was sent (at the composition's validation).
    pub invited: bool,
}

/// A conflict of interest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub id: i32,
    pub member: String,
    /// The candidate or the training group.
    pub about: String,
    pub kind: ConflictKind,
    pub declared_by_member: bool,
    pub note: String,
}

/// One grading allocated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationRow {
    pub id: i32,
    pub enrolment_id: i32,
    /// `S1-0001 — DURAND Camille`.
    pub candidate: String,
    pub epreuve_id: i32,
    /// `B3.E1 — Étude de cas`.
    pub epreuve: String,
    pub position: i32,
    pub grader_id: i32,
    pub grader: String,
    /// 1, or 2 for the second grader of a double marking.
    pub rank: i32,
    /// Where the grader's sheet stands.
    pub status: crate::api::grading::SheetStatus,
}

/// The jury page of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JuryPage {
    pub session_id: i32,
    pub session_label: String,
    /// The certification's rules: label and whether it blocks.
    pub rules: Vec<(String, bool)>,
    pub notes: Vec<String>,
    /// Every voting member required at deliberation (otherwise postponed).
    pub all_required: bool,
    pub pool: Vec<PoolMember>,
    pub seats: Vec<SeatRow>,
    pub violations: Vec<Violation>,
    pub validated_at: Option<DateTime<Utc>>,
    pub conflicts: Vec<ConflictRow>,
    pub allocations: Vec<AllocationRow>,
    /// Double-marked épreuves waiting for moderation.
    pub moderations: Vec<crate::api::grading::Moderation>,
    /// Sheets to be submitted by this day.
    pub grading_due_on: Option<chrono::NaiveDate>,
    /// Sheets allocated in all (`allocations` holds one page of those chosen).
    #[serde(default)]
    pub allocated: u64,
    #[serde(default)]
    pub paging: crate::domain::paging::Paging,
    /// Each grader's sheets by status.
    #[serde(default)]
    pub summary: Vec<GraderSummary>,
    /// Épreuves with allocated sheets (id, `code — title`), for the filter.
    #[serde(default)]
    pub allocated_epreuves: Vec<(i32, String)>,
}

#[cfg(feature = "ssr")]
fn refusal(error: crate::ssr::repo::juries::Refusal, field: &str) -> AppError {
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::juries::Refusal;
    match error {
        Refusal::NotFound => with_status(AppError::NotFound),
        Refusal::Invalid(message) => with_status(AppError::invalid(field, message)),
        Refusal::Rules(messages) => with_status(AppError::Validation(
            messages
                .into_iter()
                .map(|message| FieldError {
                    field: field.to_owned(),
                    message,
                })
                .collect(),
        )),
        Refusal::Db(err) => internal("jury", err),
    }
}

#[cfg(feature = "ssr")]
fn certifier() -> Result<
    (
        crate::ssr::state::AppState,
        crate::domain::ids::OrganisationId,
    ),
    AppError,
> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    Ok((state, organisation))
}

/// A declared link as typed: a candidate (enrolment id) or a training group, its
/// nature and a note; the same checks whoever declares it.
#[cfg(feature = "ssr")]
fn conflict_fields(
    enrolment_id: &str,
    training_group: &str,
    kind: &str,
    note: &str,
) -> Result<(Result<i32, String>, ConflictKind, String), AppError> {
    use crate::ssr::auth::with_status;
    let kind = ConflictKind::parse(kind)
        .ok_or_else(|| with_status(AppError::invalid("kind", "Choisissez la nature du lien.")))?;
    let group = training_group.trim();
    let about = match (enrolment_id.trim().parse::<i32>().ok(), group.is_empty()) {
        (Some(id), true) => Ok(id),
        (None, false) => Err(group.to_owned()),
        _ => {
            return Err(with_status(AppError::invalid(
                "enrolment_id",
                "Indiquez soit un candidat, soit un groupe de formation.",
            )));
        }
    };
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(with_status(AppError::invalid(
            "note",
            "La note ne doit pas dépasser 2000 caractères.",
        )));
    }
    Ok((about, kind, note.to_owned()))
}

#[cfg(feature = "ssr")]
fn back(session_id: i32) {
    leptos_axum::redirect(&format!("/certificateur/sessions/{session_id}/jury"));
}

/// Which sheets the allocation table shows: `?correcteur=` (a jury member's id),
/// `?epreuve=` (an épreuve's id), `?statut=` (`a_corriger`, `brouillon`, `soumise`,
/// `verrouillee`), `?recherche=` (candidate's name or number), `?page=`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationFilter {
    #[serde(default)]
    pub correcteur: Option<i32>,
    #[serde(default)]
    pub epreuve: Option<i32>,
    #[serde(default)]
    pub statut: String,
    #[serde(default)]
    pub recherche: String,
    #[serde(default)]
    pub page: u64,
}

/// The code of a sheet's status in addresses.
pub fn status_code(status: crate::api::grading::SheetStatus) -> &'static str {
    use crate::api::grading::SheetStatus;
    match status {
        SheetStatus::ToGrade => "a_corriger",
        SheetStatus::Draft => "brouillon",
        SheetStatus::Submitted => "soumise",
        SheetStatus::Locked => "verrouillee",
    }
}

/// One grader's sheets of the session, by status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraderSummary {
    pub id: i32,
    pub name: String,
    pub to_grade: usize,
    pub draft: usize,
    pub submitted: usize,
    pub total: usize,
}

/// The jury page of one of the certifier's sessions, with one page of the allocated
/// sheets chosen by `filter` and the summary per grader.
#[server(prefix = "/api/certificateur", endpoint = "jury", input = GetUrl)]
pub async fn load_jury(
    session_id: i32,
    #[server(default)] filter: AllocationFilter,
) -> Result<JuryPage, AppError> {
    use crate::api::grading::SheetStatus;
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    let (state, organisation) = certifier()?;
    let today = crate::ssr::repo::schedule::paris_today(state.clock.now());
    let mut page =
        crate::ssr::repo::juries::page(&state.db, organisation, SessionId(session_id), today)
            .await
            .map_err(|e| internal("jury page", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    use crate::ssr::repo::sheets::{self, SheetQuery};
    let session = SessionId(session_id);
    let status = [
        SheetStatus::ToGrade,
        SheetStatus::Draft,
        SheetStatus::Submitted,
        SheetStatus::Locked,
    ]
    .into_iter()
    .find(|s| status_code(*s) == filter.statut);
    let query = SheetQuery {
        grader: filter.correcteur,
        epreuve: filter.epreuve,
        status,
        search: filter.recherche.clone(),
        page: filter.page,
        ..Default::default()
    };
    let listing = sheets::list(&state.db, session, &query, true)
        .await
        .map_err(|e| internal("jury page", e))?;
    let mut counts: Vec<(i32, SheetStatus, u64)> = Vec::new();
    for t in &listing.tally {
        match counts
            .iter_mut()
            .find(|(g, s, _)| *g == t.grader && *s == t.status)
        {
            Some(c) => c.2 += t.sheets,
            None => counts.push((t.grader, t.status, t.sheets)),
        }
    }
    // Every voting member, with or without sheets; graders no longer seated too.
    let mut summary: Vec<GraderSummary> = page
        .seats
        .iter()
        .filter(|s| s.role.votes())
        .map(|s| GraderSummary {
            id: s.juror.id,
            name: s.juror.name.clone(),
            ..Default::default()
        })
        .collect();
    for (grader, status, n) in counts {
        let at = match summary.iter().position(|s| s.id == grader) {
            Some(at) => at,
            None => {
                let name = page
                    .pool
                    .iter()
                    .find(|m| m.juror.id == grader)
                    .map(|m| m.juror.name.clone())
                    .unwrap_or_default();
                summary.push(GraderSummary {
                    id: grader,
                    name,
                    ..Default::default()
                });
                summary.len() - 1
            }
        };
        let s = &mut summary[at];
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        s.total += n;
        match status {
            SheetStatus::ToGrade => s.to_grade += n,
            SheetStatus::Draft => s.draft += n,
            SheetStatus::Submitted | SheetStatus::Locked => s.submitted += n,
        }
    }
    summary.sort_by(|a, b| a.name.cmp(&b.name));
    page.allocated = summary.iter().map(|s| s.total as u64).sum();
    let epreuves = sheets::epreuves_of(&state.db, &listing.tally)
        .await
        .map_err(|e| internal("jury page", e))?;
    page.allocations = listing.rows;
    page.paging = listing.paging;
    page.summary = summary;
    page.allocated_epreuves = epreuves;
    Ok(page)
}

/// Seats a member of the pool with a role; the composition goes back to draft.
#[server(prefix = "/api/certificateur", endpoint = "jury_ajouter")]
pub async fn add_juror(session_id: i32, member_id: i32, role: String) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::with_status;
    let (state, organisation) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let role = JuryRole::parse(&role).ok_or_else(|| {
        with_status(AppError::invalid(
            "role",
            "Choisissez le rôle : président(e), membre ou observateur.",
        ))
    })?;
    crate::ssr::repo::juries::add_seat(
        &state.db,
        organisation,
        SessionId(session_id),
        member_id,
        role,
        state.clock.now(),
    )
    .await
    .map_err(|e| refusal(e, "member_id"))?;
    back(session_id);
    Ok(())
}

/// Removes a seat; the composition goes back to draft.
#[server(prefix = "/api/certificateur", endpoint = "jury_retirer")]
pub async fn remove_juror(session_id: i32, seat_id: i32) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    crate::ssr::repo::juries::remove_seat(
        &state.db,
        organisation,
        SessionId(session_id),
        seat_id,
        state.clock.now(),
    )
    .await
    .map_err(|e| refusal(e, "seat_id"))?;
    back(session_id);
    Ok(())
}

/// Validates the composition (refused with every rule that blocks) and emails each
/// member not yet invited their personal invitation link.
#[server(prefix = "/api/certificateur", endpoint = "jury_valider")]
pub async fn validate_jury(session_id: i32) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::internal;
    use crate::ssr::ports::OutgoingEmail;
    let (state, organisation) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let now = state.clock.now();
    let today = crate::ssr::repo::schedule::paris_today(now);
    let to_invite = crate::ssr::repo::juries::validate(
        &state.db,
        organisation,
        SessionId(session_id),
        (now, today),
        &state.settings.public_url,
    )
    .await
    .map_err(|e| refusal(e, "jury"))?;
    for one in to_invite {
        let mut content = one.invitation.email();
        // A member who has not chosen a password yet gets the link to do so.
        if let Some(link) = crate::ssr::repo::accounts::first_link_for(
            &state.db,
            (organisation, &one.email),
            (now, &state.settings.public_url),
        )
        .await
        .map_err(|e| internal("account link", e))?
        {
            content = crate::domain::account::with_link(content, &link);
        }
        let (subject, text, html) = content;
        let email = OutgoingEmail {
            to: one.email.clone(),
            subject: subject.clone(),
            text,
            html,
            attachments: Vec::new(),
        };
        let outcome = state.mailer.send(&email).await.map_err(|e| e.to_string());
        crate::ssr::repo::convocations::log_email(
            &state.db,
            organisation,
            (INVITATION, None),
            &one.email,
            &subject,
            outcome,
            None,
            now,
        )
        .await
        .map_err(|e| internal("email log", e))?;
    }
    back(session_id);
    Ok(())
}

/// Kind of email recorded for jury invitations.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const INVITATION: &str = "invitation_jury";

/// What a jury member sees through their invitation link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPage {
    pub member_name: String,
    pub role: JuryRole,
    pub invitation: InvitationStatus,
    /// When the member answered (Paris time, `JJ/MM/AAAA à HH:MM`): the link then only
    /// declares links with candidates, its answer is given.
    pub responded: Option<String>,
    pub session: String,
    pub dates: String,
    pub place: String,
    /// The session's candidates (enrolment id, name), to declare links.
    pub candidates: Vec<(i32, String)>,
    /// Links already declared: with whom, and their nature.
    pub declared: Vec<(String, ConflictKind)>,
}

/// The invitation behind a personal link (404 for an unknown link).
#[server(prefix = "/api/invitation", endpoint = "voir", input = GetUrl)]
pub async fn load_invitation(token: String) -> Result<InvitationPage, AppError> {
    use crate::ssr::auth::{internal, with_status};
    let state = expect_context::<crate::ssr::state::AppState>();
    crate::ssr::repo::juries::invitation(&state.db, &token)
        .await
        .map_err(|e| internal("invitation", e))?
        .ok_or_else(|| with_status(AppError::NotFound))
}

/// Accepts (`reponse = "accepter"`) or declines (`"decliner"`) an invitation.
#[server(prefix = "/api/invitation", endpoint = "repondre")]
pub async fn answer_invitation(token: String, reponse: String) -> Result<(), AppError> {
    use crate::ssr::auth::with_status;
    let state = expect_context::<crate::ssr::state::AppState>();
    crate::ssr::freeze::ensure_invitation_open(&state.db, &token).await?;
    let accept = match reponse.as_str() {
        "accepter" => true,
        "decliner" => false,
        _ => {
            return Err(with_status(AppError::invalid(
                "reponse",
                "Choisissez d'accepter ou de décliner.",
            )));
        }
    };
    crate::ssr::repo::juries::answer(&state.db, &token, accept, state.clock.now())
        .await
        .map_err(|e| refusal(e, "reponse"))?;
    leptos_axum::redirect(&format!("/invitation/{token}"));
    Ok(())
}

/// Declares a link with a candidate of the session or a training group.
#[server(prefix = "/api/invitation", endpoint = "declarer_lien")]
pub async fn declare_link(
    token: String,
    #[server(default)] enrolment_id: String,
    #[server(default)] training_group: String,
    kind: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let state = expect_context::<crate::ssr::state::AppState>();
    crate::ssr::freeze::ensure_invitation_open(&state.db, &token).await?;
    let (about, kind, note) = conflict_fields(&enrolment_id, &training_group, &kind, &note)?;
    let outcome =
        crate::ssr::repo::juries::declare(&state.db, &token, about, kind, &note, state.clock.now())
            .await
            .map_err(|e| refusal(e, "lien"))?;
    if let Some(found) = crate::ssr::repo::juries::by_token(&state.db, &token)
        .await
        .map_err(|e| crate::ssr::auth::internal("invitation", e))?
    {
        tell_certifier(
            &state,
            crate::domain::ids::OrganisationId(found.session.organisation_id),
            found.session.id,
            outcome,
            true,
        )
        .await?;
    }
    leptos_axum::redirect(&format!("/invitation/{token}"));
    Ok(())
}

/// Emails the organisation's administrators what a conflict changed.
#[cfg(feature = "ssr")]
async fn tell_certifier(
    state: &crate::ssr::state::AppState,
    organisation: crate::domain::ids::OrganisationId,
    session_id: i32,
    outcome: crate::ssr::repo::juries::Reallocation,
    by_member: bool,
) -> Result<(), AppError> {
    use crate::domain::jury::invitation::ConflictNotice;
    if !by_member && outcome.moved.is_empty() && outcome.impossible.is_empty() {
        return Ok(());
    }
    let notice = ConflictNotice {
        member: outcome.member,
        about: outcome.about,
        session: outcome.session,
        by_member,
        moved: outcome.moved,
        impossible: outcome.impossible,
        drafts_voided: outcome.drafts_voided,
        link: format!(
            "{}/certificateur/sessions/{session_id}/jury",
            state.settings.public_url.trim_end_matches('/')
        ),
    };
    let admins = crate::ssr::repo::accounts::administrator_emails(&state.db, organisation)
        .await
        .map_err(|e| crate::ssr::auth::internal("administrators", e))?;
    for admin in admins {
        crate::ssr::mail::deliver(
            state,
            organisation,
            ("conflit", None),
            &admin,
            notice.email(),
        )
        .await?;
    }
    Ok(())
}

/// Records a conflict of interest between a member and a candidate (`enrolment_id`) or
/// a training group.
#[server(prefix = "/api/certificateur", endpoint = "jury_conflit")]
pub async fn record_conflict(
    session_id: i32,
    member_id: i32,
    #[server(default)] enrolment_id: String,
    #[server(default)] candidate_number: String,
    #[server(default)] training_group: String,
    kind: String,
    note: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    let (state, organisation) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    // The page names the candidate by number (a session may hold thousands).
    let enrolment_id = if enrolment_id.trim().is_empty() && !candidate_number.trim().is_empty() {
        crate::ssr::repo::sessions::enrolment_by_number(
            &state.db,
            SessionId(session_id),
            &candidate_number,
        )
        .await
        .map_err(|e| internal("candidate number", e))?
        .ok_or_else(|| {
            with_status(AppError::invalid(
                "candidate_number",
                "Aucun candidat de la session ne porte ce numéro.",
            ))
        })?
        .to_string()
    } else {
        enrolment_id
    };
    let (about, kind, note) = conflict_fields(&enrolment_id, &training_group, &kind, &note)?;
    let outcome = crate::ssr::repo::juries::record_conflict(
        &state.db,
        organisation,
        SessionId(session_id),
        member_id,
        about,
        kind,
        (&note, false),
        state.clock.now(),
    )
    .await
    .map_err(|e| refusal(e, "conflict"))?;
    tell_certifier(&state, organisation, session_id, outcome, false).await?;
    back(session_id);
    Ok(())
}

/// Proposes and saves the allocation of grading, or says why it cannot be done.
#[server(prefix = "/api/certificateur", endpoint = "jury_repartir")]
pub async fn allocate_grading(session_id: i32) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    crate::ssr::repo::juries::allocate(
        &state.db,
        organisation,
        SessionId(session_id),
        state.clock.now(),
    )
    .await
    .map_err(|e| refusal(e, "allocation"))?;
    // Each grader is told their sheets and the deadline.
    let (label, due, graders) =
        crate::ssr::repo::juries::graders_summary(&state.db, SessionId(session_id))
            .await
            .map_err(|e| crate::ssr::auth::internal("allocation", e))?;
    let link = format!(
        "{}/jury/sessions/{session_id}",
        state.settings.public_url.trim_end_matches('/')
    );
    for (email, name, sheets) in graders {
        crate::ssr::mail::deliver(
            &state,
            organisation,
            ("repartition", None),
            &email,
            crate::domain::notices::allocation_email(&name, &label, sheets, due, &link),
        )
        .await?;
    }
    back(session_id);
    Ok(())
}

/// Gives one grading to another member, checked by the same rules.
#[server(prefix = "/api/certificateur", endpoint = "jury_reattribuer")]
pub async fn reassign_grading(
    session_id: i32,
    allocation_id: i32,
    grader_id: i32,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation) = certifier()?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    crate::ssr::repo::juries::reassign(
        &state.db,
        organisation,
        SessionId(session_id),
        allocation_id,
        grader_id,
    )
    .await
    .map_err(|e| refusal(e, "allocation"))?;
    back(session_id);
    Ok(())
}

/// One page of what the logged-in jury member grades in a session, and how many of
/// their sheets are in each status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyGradings {
    pub label: String,
    pub rows: Vec<AllocationRow>,
    pub paging: crate::domain::paging::Paging,
    pub progress: crate::api::dashboard::GradingProgress,
}

/// What the logged-in jury member grades in a session, a page at a time, by status
/// (`statut`: `a_corriger`, `brouillon`, `soumise`, `verrouillee`) and candidate
/// (`recherche`: name or number); 404 when they do not sit in its jury.
#[server(prefix = "/api/jury", endpoint = "mes_corrections", input = GetUrl)]
pub async fn load_my_gradings(
    session_id: i32,
    #[server(default)] statut: String,
    #[server(default)] recherche: String,
    #[server(default)] page: u64,
) -> Result<MyGradings, AppError> {
    use crate::api::grading::SheetStatus;
    use crate::ssr::repo::sheets::SheetQuery;
    let status = [
        SheetStatus::ToGrade,
        SheetStatus::Draft,
        SheetStatus::Submitted,
        SheetStatus::Locked,
    ]
    .into_iter()
    .find(|s| status_code(*s) == statut);
    my_sheets(
        session_id,
        SheetQuery {
            status,
            search: recherche,
            page,
            ..Default::default()
        },
    )
    .await
}

#[cfg(feature = "ssr")]
async fn my_sheets(
    session_id: i32,
    query: crate::ssr::repo::sheets::SheetQuery,
) -> Result<MyGradings, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let found =
        crate::ssr::repo::sheets::of_member(&state.db, member.0, SessionId(session_id), query)
            .await
            .map_err(|e| internal("gradings", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    Ok(MyGradings {
        label: found.label,
        rows: found.rows,
        paging: found.paging,
        progress: found.progress,
    })
}

/// One candidate allocated to the logged-in jury member: their number, name and the
/// épreuves to grade (404 when nothing of theirs is allocated to the member).
#[server(prefix = "/api/jury", endpoint = "mon_candidat", input = GetUrl)]
pub async fn load_my_candidate(
    session_id: i32,
    enrolment_id: i32,
) -> Result<(String, Vec<AllocationRow>), AppError> {
    let found = my_sheets(
        session_id,
        crate::ssr::repo::sheets::SheetQuery {
            enrolment: Some(enrolment_id),
            ..Default::default()
        },
    )
    .await?;
    if found.rows.is_empty() {
        return Err(crate::ssr::auth::with_status(AppError::NotFound));
    }
    Ok((found.label, found.rows))
}

/// The certifier's pool of jury members.
#[server(prefix = "/api/certificateur", endpoint = "vivier", input = GetUrl)]
pub async fn load_pool() -> Result<Vec<PoolMember>, AppError> {
    use crate::ssr::auth::internal;
    let (state, organisation) = certifier()?;
    crate::ssr::repo::juries::pool(&state.db, organisation)
        .await
        .map_err(|e| internal("pool", e))
}

/// One page of the pool, members matching `recherche` (name, email, category).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolPage {
    pub members: Vec<PoolMember>,
    /// Members of the pool in all.
    pub all: u64,
    pub paging: crate::domain::paging::Paging,
}

/// The pool a page at a time.
#[server(prefix = "/api/certificateur", endpoint = "vivier_page", input = GetUrl)]
pub async fn load_pool_page(
    #[server(default)] recherche: String,
    #[server(default)] page: u64,
) -> Result<PoolPage, AppError> {
    use crate::domain::paging::{matches, page_of};
    use crate::ssr::auth::internal;
    let (state, organisation) = certifier()?;
    let pool = crate::ssr::repo::juries::pool(&state.db, organisation)
        .await
        .map_err(|e| internal("pool", e))?;
    let all = pool.len() as u64;
    let found: Vec<PoolMember> = pool
        .into_iter()
        .filter(|m| {
            matches(
                &recherche,
                &[
                    &m.juror.name,
                    &m.email,
                    crate::domain::jury::rules::category_label(&m.juror.category),
                ],
            )
        })
        .collect();
    let (members, paging) = page_of(found, page);
    Ok(PoolPage {
        members,
        all,
        paging,
    })
}

/// Adds (`id` = 0) or corrects a member of the pool, with the checks of an imported line.
#[server(prefix = "/api/certificateur", endpoint = "vivier_enregistrer")]
pub async fn save_pool_member(
    id: i32,
    fields: crate::domain::jury::pool::JurorFields,
) -> Result<(), AppError> {
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::juries::{add_to_pool, pool_emails, update_pool_member};
    let (state, organisation) = certifier()?;
    let taken = pool_emails(&state.db, organisation, (id > 0).then_some(id))
        .await
        .map_err(|e| internal("pool", e))?;
    let juror = crate::domain::jury::pool::check(&fields, &taken).map_err(|problems| {
        with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|message| FieldError {
                    field: "membre".to_owned(),
                    message,
                })
                .collect(),
        ))
    })?;
    if id > 0 {
        let found = update_pool_member(&state.db, organisation, id, &juror)
            .await
            .map_err(|e| internal("pool", e))?;
        if !found {
            return Err(with_status(AppError::NotFound));
        }
    } else {
        add_to_pool(&state.db, organisation, &[juror], state.clock.now())
            .await
            .map_err(|e| internal("pool", e))?;
    }
    leptos_axum::redirect("/certificateur/jures");
    Ok(())
}

/// For the president of the session's jury: submitted sheets they may reopen.
#[server(prefix = "/api/jury", endpoint = "presidence", input = GetUrl)]
pub async fn load_presidency(session_id: i32) -> Result<Vec<AllocationRow>, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::juries::presided_sheets(&state.db, member.0, SessionId(session_id))
        .await
        .map_err(|e| internal("presidency", e))
}

/// Sets the day by which the session's sheets are to be submitted (`JJ/MM/AAAA` or
/// `AAAA-MM-JJ`): each jury member sees it with their progress.
#[server(prefix = "/api/certificateur", endpoint = "date_limite_correction")]
pub async fn set_grading_deadline(
    session_id: i32,
    #[server(default)] date: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::sessions::{DeadlineRefusal, set_grading_deadline};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let on = crate::domain::candidate::parse_date_fr(&date).ok_or_else(|| {
        with_status(AppError::invalid(
            "date",
            "Indiquez la date limite de correction (JJ/MM/AAAA).",
        ))
    })?;
    set_grading_deadline(&state.db, organisation, SessionId(session_id), on)
        .await
        .map_err(|refusal| match refusal {
            DeadlineRefusal::NotFound => with_status(AppError::NotFound),
            DeadlineRefusal::Invalid(message) => with_status(AppError::invalid("date", message)),
            DeadlineRefusal::Db(e) => internal("deadline", e),
        })?;
    leptos_axum::redirect(&format!("/certificateur/sessions/{session_id}/jury"));
    Ok(())
}
