//! Online grading by a jury member: the sheet of an allocated candidate × épreuve,
//! saved as a draft or submitted, with the bloc preview computed by the engine.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::grading::{Entry, Form, Preview};
use crate::domain::scoring::Grid;
use crate::domain::scoring::input::ComponentInput;
use crate::error::AppError;

/// Where a sheet stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetStatus {
    ToGrade,
    Draft,
    Submitted,
    Locked,
}

impl SheetStatus {
    pub fn label(self) -> &'static str {
        match self {
            SheetStatus::ToGrade => "À corriger",
            SheetStatus::Draft => "Brouillon",
            SheetStatus::Submitted => "Soumise",
            SheetStatus::Locked => "Verrouillée",
        }
    }
}

/// A double-marked épreuve waiting for moderation: both sheets, side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderation {
    pub enrolment_id: i32,
    pub epreuve_id: i32,
    pub candidate: String,
    pub epreuve: String,
    pub form: Form,
    /// Each grader's name and sheet.
    pub graders: [(String, Vec<crate::domain::grading::Graded>); 2],
    /// Why they do not agree.
    pub why: String,
}

/// A grading sheet with what the page needs to preview in the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingSheet {
    pub session_id: i32,
    pub enrolment_id: i32,
    pub epreuve_id: i32,
    pub candidate: String,
    pub epreuve: String,
    pub form: Form,
    pub grid: Grid,
    /// The candidate's submitted results at the bloc's other épreuves.
    pub others: Vec<ComponentInput>,
    pub entries: Vec<Entry>,
    pub status: SheetStatus,
    /// Version loaded: saving checks nobody saved meanwhile.
    pub version: i32,
    pub preview: Option<Preview>,
    /// The day the preview is computed for (validity of capitalised blocs).
    pub today: chrono::NaiveDate,
}

/// The sheet of a candidate × épreuve allocated to the logged-in jury member (404
/// otherwise).
#[server(prefix = "/api/jury", endpoint = "fiche", input = GetUrl)]
pub async fn load_grading(
    session_id: i32,
    enrolment_id: i32,
    epreuve_id: i32,
) -> Result<GradingSheet, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let today = crate::ssr::repo::schedule::paris_today(state.clock.now());
    crate::ssr::repo::grading::sheet(
        &state.db,
        member.0,
        SessionId(session_id),
        enrolment_id,
        epreuve_id,
        today,
    )
    .await
    .map_err(|e| internal("grading sheet", e))?
    .ok_or_else(|| with_status(AppError::NotFound))
}

/// Saves the sheet as a draft (`action = "brouillon"`) or submits it (`"soumettre"`).
#[server(prefix = "/api/jury", endpoint = "enregistrer_fiche")]
pub async fn save_grading(
    session_id: i32,
    enrolment_id: i32,
    epreuve_id: i32,
    version: i32,
    action: String,
    #[server(default)] entries: Vec<Entry>,
    #[server(default)] competences: Vec<String>,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let submit = match action.as_str() {
        "soumettre" => true,
        "brouillon" => false,
        _ => {
            return Err(with_status(AppError::invalid(
                "action",
                "Enregistrez ou soumettez la fiche.",
            )));
        }
    };
    let outcome = crate::ssr::repo::grading::save(
        &state.db,
        (member.0, user.id.0),
        (SessionId(session_id), enrolment_id, epreuve_id),
        (&entries, &competences),
        version,
        submit,
        state.clock.now(),
    )
    .await;
    outcome.map_err(save_refusal)?;
    leptos_axum::redirect(&format!(
        "/jury/sessions/{session_id}/candidats/{enrolment_id}/epreuves/{epreuve_id}"
    ));
    Ok(())
}

/// Saves the sheet as a draft without leaving the page (the hydrated page calls it a
/// moment after the grader stops typing); returns the new version.
#[server(prefix = "/api/jury", endpoint = "brouillon_auto")]
pub async fn autosave_grading(
    session_id: i32,
    enrolment_id: i32,
    epreuve_id: i32,
    version: i32,
    entries: Vec<Entry>,
) -> Result<i32, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::grading::save(
        &state.db,
        (member.0, user.id.0),
        (SessionId(session_id), enrolment_id, epreuve_id),
        (&entries, &[]),
        version,
        false,
        state.clock.now(),
    )
    .await
    .map_err(save_refusal)
}

/// The bloc preview with what the grader has typed, not saved: the sheet's page asks
/// for it a moment after each mark (the grid and the engine stay on the server). Marks
/// that cannot be read come back as the form's errors.
#[server(prefix = "/api/jury", endpoint = "apercu")]
pub async fn preview_grading(
    session_id: i32,
    enrolment_id: i32,
    epreuve_id: i32,
    #[server(default)] entries: Vec<Entry>,
) -> Result<Option<Preview>, AppError> {
    use crate::domain::grading::{check, preview};
    use crate::error::FieldError;
    use crate::ssr::auth::with_status;
    let sheet = load_grading(session_id, enrolment_id, epreuve_id).await?;
    let graded = check(&sheet.form, &entries, false).map_err(|problems| {
        with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|(field, message)| FieldError { field, message })
                .collect(),
        ))
    })?;
    Ok(preview(
        &sheet.grid,
        &sheet.form,
        &graded,
        &sheet.others,
        sheet.today,
    ))
}

/// A refused save, reopening or moderation, in French.
#[cfg(feature = "ssr")]
fn save_refusal(error: crate::ssr::repo::grading::Refusal) -> AppError {
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::grading::Refusal;
    match error {
        Refusal::NotFound => with_status(AppError::NotFound),
        Refusal::Stale => with_status(AppError::Conflict(
            "Cette fiche a été enregistrée entre-temps (autre onglet ou autre poste) : rechargez-la ; vos saisies n'ont pas été enregistrées, notez-les avant de recharger.".to_owned(),
        )),
        Refusal::Frozen(why) => with_status(AppError::Conflict(why.to_owned())),
        Refusal::TooEarly(why) => with_status(AppError::Conflict(why)),
        Refusal::Submitted => with_status(AppError::Conflict(
            "Cette fiche est déjà soumise : seul le président du jury ou le certificateur peut la rouvrir.".to_owned(),
        )),
        Refusal::Invalid(problems) => with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|(field, message)| FieldError { field, message })
                .collect(),
        )),
        Refusal::Db(err) => internal("grading save", err),
    }
}

#[cfg(feature = "ssr")]
fn reopen_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(crate::ssr::auth::with_status(AppError::invalid(
            "reason",
            "Indiquez pourquoi la fiche est rouverte (2000 caractères au plus) : le motif est conservé.",
        )));
    }
    Ok(reason.to_owned())
}

/// The certifier reopens a submitted sheet, with a reason.
#[server(prefix = "/api/certificateur", endpoint = "rouvrir_fiche")]
pub async fn reopen_as_certifier(
    session_id: i32,
    allocation_id: i32,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    use crate::ssr::repo::grading::{Reopener, reopen};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let reason = reopen_reason(&reason)?;
    reopen(
        &state.db,
        Reopener::Certifier(organisation),
        SessionId(session_id),
        allocation_id,
        (&reason, user.id.0),
        state.clock.now(),
    )
    .await
    .map_err(save_refusal)?;
    tell_reopened(&state, organisation, allocation_id, &reason).await?;
    leptos_axum::redirect(&format!("/certificateur/sessions/{session_id}/jury"));
    Ok(())
}

/// Emails the grader of a reopened sheet, with the reason.
#[cfg(feature = "ssr")]
async fn tell_reopened(
    state: &crate::ssr::state::AppState,
    organisation: crate::domain::ids::OrganisationId,
    allocation_id: i32,
    reason: &str,
) -> Result<(), AppError> {
    let Some((email, name, session, sheet, enrolment, epreuve)) =
        crate::ssr::repo::juries::allocation_grader(&state.db, allocation_id)
            .await
            .map_err(|e| crate::ssr::auth::internal("reopen", e))?
    else {
        return Ok(());
    };
    let session_id = crate::ssr::repo::sessions::session_of_enrolment(&state.db, enrolment)
        .await
        .map_err(|e| crate::ssr::auth::internal("reopen", e))?
        .unwrap_or_default();
    let link = format!(
        "{}/jury/sessions/{session_id}/candidats/{enrolment}/epreuves/{epreuve}",
        state.settings.public_url.trim_end_matches('/')
    );
    crate::ssr::mail::deliver(
        state,
        organisation,
        ("fiche_rouverte", None),
        &email,
        crate::domain::notices::reopened_email(&name, (&session, &sheet), reason, &link),
    )
    .await?;
    Ok(())
}

/// Records the agreed result of a double-marked épreuve after moderation, with a reason;
/// both graders are told by email. The certifier of the session, or the president of
/// its jury (not for a candidate they are in conflict with): shared by both spaces, the
/// function checks who asks.
#[server(prefix = "/api/correction", endpoint = "harmoniser")]
pub async fn moderate(
    session_id: i32,
    enrolment_id: i32,
    epreuve_id: i32,
    reason: String,
    #[server(default)] entries: Vec<Entry>,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{Actor, require_certifier_or_juror};
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::ports::OutgoingEmail;
    use crate::ssr::repo::grading::Reopener;
    let (state, user, actor) = require_certifier_or_juror()?;
    let (who, back) = match actor {
        Actor::Certifier(org) => (
            Reopener::Certifier(org),
            format!("/certificateur/sessions/{session_id}/jury"),
        ),
        Actor::Juror(member) => (
            Reopener::President(member),
            format!("/jury/sessions/{session_id}"),
        ),
    };
    let reason = reopen_reason(&reason).map_err(|_| {
        with_status(AppError::invalid(
            "reason",
            "Indiquez le motif de la note retenue (2000 caractères au plus) : il est conservé et communiqué aux correcteurs.",
        ))
    })?;
    let (organisation, emails) = crate::ssr::repo::grading::moderate(
        &state.db,
        who,
        SessionId(session_id),
        (enrolment_id, epreuve_id),
        &entries,
        (&reason, user.id.0),
        state.clock.now(),
    )
    .await
    .map_err(save_refusal)?;
    for to in emails {
        let subject = "Harmonisation d'une double correction".to_owned();
        let text = format!(
            "Bonjour,\n\nUne épreuve que vous avez corrigée en double correction a fait l'objet d'une harmonisation : la note retenue a été fixée.\nMotif : {reason}\n\nVotre fiche reste consultable dans votre espace jury.\n"
        );
        let email = OutgoingEmail {
            to: to.clone(),
            subject: subject.clone(),
            html: format!(
                "<p>Bonjour,</p><p>Une épreuve que vous avez corrigée en double correction a fait l'objet d'une harmonisation : la note retenue a été fixée.</p><p>Motif : {}</p>",
                crate::domain::convocation::escape(&reason)
            ),
            text,
            attachments: Vec::new(),
        };
        let outcome = state.mailer.send(&email).await.map_err(|e| e.to_string());
        crate::ssr::repo::convocations::log_email(
            &state.db,
            organisation,
            ("harmonisation", None),
            &to,
            &subject,
            outcome,
            None,
            state.clock.now(),
        )
        .await
        .map_err(|e| internal("email log", e))?;
    }
    leptos_axum::redirect(&back);
    Ok(())
}

/// The double markings the logged-in president may settle in a session.
#[server(prefix = "/api/jury", endpoint = "harmonisations", input = GetUrl)]
pub async fn load_presided_moderations(session_id: i32) -> Result<Vec<Moderation>, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::grading::presided_moderations(&state.db, member.0, SessionId(session_id))
        .await
        .map_err(|e| internal("moderations", e))
}

/// A candidate's result as computed now from the marks, attendance and fraud reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedResult {
    pub enrolment_id: i32,
    pub candidate: String,
    pub decision: String,
    /// Some mark is still missing: not a decision yet.
    pub incomplete: bool,
    pub explanation: Vec<String>,
}

/// A page of a session's computed results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedResults {
    pub rows: Vec<ComputedResult>,
    /// Candidates of the session.
    pub all: u64,
    /// Where the page stands among the candidates found.
    pub paging: crate::domain::paging::Paging,
}

/// The results of one of the certifier's sessions as the engine computes them now
/// (before deliberation): one page of candidates, searched by name or number
/// (`recherche`); only that page is evaluated.
#[server(prefix = "/api/certificateur", endpoint = "resultats_calcules", input = GetUrl)]
pub async fn load_computed_results(
    session_id: i32,
    #[server(default)] recherche: String,
    #[server(default)] page: u64,
) -> Result<ComputedResults, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::paging::{matches, page_of};
    use crate::domain::role::Role;
    use crate::domain::scoring::explain::report;
    use crate::domain::scoring::validate::validate;
    use crate::domain::scoring::{Sheet, evaluate};
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let inputs =
        crate::ssr::repo::results::shared_inputs(&state.db, organisation, SessionId(session_id))
            .await
            .map_err(|e| internal("results", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    let (grid, enrolled) = &*inputs;
    let compiled = validate(grid.clone()).map_err(|p| internal("stored grid", format!("{p:?}")))?;
    let today = crate::ssr::repo::schedule::paris_today(state.clock.now());
    let all = enrolled.len() as u64;
    let found: Vec<_> = enrolled
        .iter()
        .filter(|e| matches(&recherche, &[&e.label]))
        .collect();
    let (shown, paging) = page_of(found, page);
    let rows = shown
        .into_iter()
        .map(|e| match Sheet::build(&compiled, &e.input) {
            Ok(sheet) => {
                let r = report(&compiled, &evaluate(&compiled, &sheet, today));
                ComputedResult {
                    enrolment_id: e.enrolment_id,
                    candidate: e.label.clone(),
                    decision: r.decision_label.to_owned(),
                    incomplete: r.incomplete,
                    explanation: r.explanation,
                }
            }
            Err(problems) => ComputedResult {
                enrolment_id: e.enrolment_id,
                candidate: e.label.clone(),
                decision: "Données incohérentes".to_owned(),
                incomplete: true,
                explanation: problems.iter().map(ToString::to_string).collect(),
            },
        })
        .collect();
    Ok(ComputedResults { rows, all, paging })
}

/// One change in a candidate's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    pub who: String,
    /// `Note`, `Présence`, `Fraude`.
    pub what: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// Every audited change about one enrolled candidate of the certifier's session, oldest
/// first, with whether the session's audit chain still verifies.
#[server(prefix = "/api/certificateur", endpoint = "historique", input = GetUrl)]
pub async fn load_history(
    session_id: i32,
    enrolment_id: i32,
) -> Result<(String, Vec<HistoryEntry>, bool), AppError> {
    use crate::domain::ids::{EnrolmentId, SessionId};
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let label = crate::ssr::repo::sessions::enrolled_email(
        &state.db,
        organisation,
        SessionId(session_id),
        EnrolmentId(enrolment_id),
    )
    .await
    .map_err(|e| internal("history", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let prefix = format!("{enrolment_id}:");
    let mut entries = Vec::new();
    for (entity, what) in [
        ("mark", "Note"),
        ("attendance", "Présence"),
        ("fraud", "Fraude"),
    ] {
        entries.extend(
            crate::ssr::repo::audit::of_entity(&state.db, entity, &prefix)
                .await
                .map_err(|e| internal("history", e))?
                .into_iter()
                .map(|s| (s.id, what, s.record)),
        );
    }
    entries.sort_by_key(|(id, _, _)| *id);
    let names = crate::ssr::repo::users::display_names(
        &state.db,
        entries.iter().filter_map(|(_, _, r)| r.actor).collect(),
    )
    .await
    .map_err(|e| internal("history", e))?;
    // The session's chain, and the one kept before chains were per session.
    let mut intact = true;
    for chain in [Some(session_id), None] {
        let entries = crate::ssr::repo::audit::chain(&state.db, chain)
            .await
            .map_err(|e| internal("history", e))?;
        intact &= crate::domain::audit::verify(&entries).is_ok();
    }
    Ok((
        label,
        entries
            .into_iter()
            .map(|(_, what, r)| HistoryEntry {
                at: r.at,
                who: r
                    .actor
                    .and_then(|a| names.get(&a).cloned())
                    .unwrap_or_else(|| "—".to_owned()),
                what: what.to_owned(),
                action: match r.action.as_str() {
                    "save" => "brouillon enregistré",
                    "submit" => "fiche soumise",
                    "reopen" => "fiche rouverte",
                    "agree" => "note retenue (moyenne des correcteurs)",
                    "moderate" => "note retenue après harmonisation",
                    "record" => "présence relevée",
                    "report" => "rapport de fraude",
                    other => other,
                }
                .to_owned(),
                before: r.before,
                after: r.after,
                reason: r.reason,
            })
            .collect(),
        intact,
    ))
}

/// The president of the session's jury reopens a submitted sheet, with a reason (not
/// for a candidate they are in conflict with).
#[server(prefix = "/api/jury", endpoint = "rouvrir_fiche")]
pub async fn reopen_as_president(
    session_id: i32,
    allocation_id: i32,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    use crate::ssr::repo::grading::{Reopener, reopen};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let reason = reopen_reason(&reason)?;
    reopen(
        &state.db,
        Reopener::President(member.0),
        SessionId(session_id),
        allocation_id,
        (&reason, user.id.0),
        state.clock.now(),
    )
    .await
    .map_err(save_refusal)?;
    if let Some(organisation) = user.organisation_id {
        tell_reopened(&state, organisation, allocation_id, &reason).await?;
    }
    leptos_axum::redirect(&format!("/jury/sessions/{session_id}"));
    Ok(())
}
