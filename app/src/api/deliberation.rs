//! Deliberation server functions: the page's data for the certifier and the jury, the
//! jury's own decisions with their reason, the president's closing with who is present,
//! and each voting member's signature (password re-entered).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::deliberation::Facts;
use crate::error::AppError;

/// A jury member on the deliberation page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i32,
    pub name: String,
    pub role: String,
    pub votes: bool,
    /// Set when the deliberation is closed.
    pub present: Option<bool>,
    /// `JJ/MM/AAAA à HHhMM` once signed.
    pub signed_at: Option<String>,
}

/// A candidate on the deliberation page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateRow {
    pub enrolment_id: i32,
    pub number: String,
    pub name: String,
    /// The engine's decision, in the PV's words (empty once closed).
    pub computed: String,
    pub explanation: Vec<String>,
    /// What the filters look at (before closing).
    pub facts: Option<Facts>,
    /// The jury's reason when it decided otherwise.
    pub jury: Option<String>,
    /// The decision that stands.
    pub final_label: String,
}

/// Everything the deliberation page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliberationView {
    pub session_id: i32,
    pub session: String,
    pub certification: String,
    pub status: String,
    pub closed: bool,
    pub signed: bool,
    pub published: bool,
    pub publication_on: Option<chrono::NaiveDate>,
    /// (code, title) of the blocs a decision can validate.
    pub blocs: Vec<(String, String)>,
    pub can_decide: bool,
    pub can_close: bool,
    pub can_sign: bool,
    /// The president may reopen the closed deliberation (before the last signature).
    pub can_reopen: bool,
    pub pv_hash: Option<String>,
    /// Each postponement, in one sentence (date, absent members, new meeting, reason).
    pub postponements: Vec<String>,
    /// Documents of the session rendered and kept, once published.
    pub files: BulkProgress,
    pub members: Vec<MemberRow>,
    /// The page of candidates asked for (filter, search), 50 at most.
    pub candidates: Vec<CandidateRow>,
    /// Candidates of the session, all filters.
    pub all: u64,
    /// Candidates under each filter (before the search), in `Filter::ALL`'s order.
    pub counts: Vec<u64>,
    /// Where the page stands among the candidates found.
    pub paging: crate::domain::paging::Paging,
}

#[cfg(feature = "ssr")]
use crate::ssr::auth::require_certifier_or_juror as viewer;

#[cfg(feature = "ssr")]
fn refusal(error: crate::ssr::repo::deliberation::Refusal) -> AppError {
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::deliberation::Refusal;
    match error {
        Refusal::NotFound => with_status(AppError::NotFound),
        Refusal::Forbidden(message) => with_status(AppError::Conflict(message)),
        Refusal::Invalid(problems) => with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|message| FieldError {
                    field: "decision".to_owned(),
                    message,
                })
                .collect(),
        )),
        Refusal::Db(e) => internal("deliberation", e),
    }
}

/// Back to the deliberation page of the viewer's area (a form posted without
/// JavaScript lands there again).
#[cfg(feature = "ssr")]
fn back(viewer: crate::ssr::repo::deliberation::Viewer, session: i32) {
    back_to(viewer, session, "");
}

/// Back to the deliberation page at the place the form was sent from (`?filtre=…&page=…`,
/// kept only when it is such a query string).
#[cfg(feature = "ssr")]
fn back_to(viewer: crate::ssr::repo::deliberation::Viewer, session: i32, place: &str) {
    use crate::ssr::repo::deliberation::Viewer;
    let place = if crate::domain::html::is_query_string(place) {
        place
    } else {
        ""
    };
    leptos_axum::redirect(&match viewer {
        Viewer::Certifier(_) => format!("/certificateur/sessions/{session}/deliberation{place}"),
        Viewer::Juror(_) => format!("/jury/sessions/{session}/deliberation{place}"),
    });
}

/// The deliberation of a session, for its certifier or a member of its validated jury:
/// one page of its candidates under a filter (`filtre`: `a-trancher`, `seuil`…) and a
/// search on name or number (`recherche`), with the count under each filter.
#[server(prefix = "/api/deliberation", endpoint = "charger", input = GetUrl)]
pub async fn load_deliberation(
    session_id: i32,
    #[server(default)] filtre: String,
    #[server(default)] recherche: String,
    #[server(default)] page: u64,
) -> Result<DeliberationView, AppError> {
    use crate::domain::deliberation::Filter;
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::deliberation::{Selection, view};
    let (state, _, viewer) = viewer()?;
    let today = crate::ssr::repo::schedule::paris_today(state.clock.now());
    let selection = Selection {
        filter: Filter::parse(&filtre),
        search: recherche,
        page,
    };
    view(&state.db, viewer, SessionId(session_id), today, &selection)
        .await
        .map_err(|e| internal("deliberation", e))?
        .ok_or_else(|| with_status(AppError::NotFound))
}

/// The jury decides otherwise for a candidate, with a written reason (`decision`:
/// `complete`, `blocs`, `non_certifie`, `absent`, `ajourne`, `fraude`; `blocs`: the bloc
/// codes it validates). An empty `decision` withdraws the jury's decision.
#[server(prefix = "/api/deliberation", endpoint = "decider")]
pub async fn decide(
    session_id: i32,
    enrolment_id: i32,
    #[server(default)] decision: String,
    #[server(default)] blocs: Vec<String>,
    #[server(default)] reason: String,
    #[server(default)] retour: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::error::FieldError;
    use crate::ssr::auth::with_status;
    use crate::ssr::repo::deliberation::{decide, parse_decision};
    let (state, user, viewer) = viewer()?;
    let choice = if decision.trim().is_empty() {
        None
    } else {
        let decided = parse_decision(decision.trim()).ok_or_else(|| {
            with_status(AppError::Validation(vec![FieldError {
                field: "decision".to_owned(),
                message: "Choisissez une décision dans la liste.".to_owned(),
            }]))
        })?;
        Some((decided, blocs, reason))
    };
    decide(
        &state.db,
        viewer,
        (SessionId(session_id), enrolment_id),
        choice,
        user.id.0,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    back_to(viewer, session_id, &retour);
    Ok(())
}

/// The president closes the deliberation; `present` lists the jury members present.
#[server(prefix = "/api/deliberation", endpoint = "clore")]
pub async fn close_deliberation(
    session_id: i32,
    #[server(default)] present: Vec<i32>,
) -> Result<String, AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::with_status;
    use crate::ssr::repo::deliberation::{Viewer, close};
    let (state, user, viewer) = viewer()?;
    let Viewer::Juror(member) = viewer else {
        return Err(with_status(AppError::Conflict(
            "Seul(e) le (la) président(e) du jury clôt la délibération.".to_owned(),
        )));
    };
    let hash = close(
        &state.db,
        member,
        SessionId(session_id),
        &present,
        (user.id.0, state.clock.now()),
        state.pdf.as_ref(),
    )
    .await
    .map_err(refusal)?;
    // Each voting member present is asked to sign.
    let (label, signers) =
        crate::ssr::repo::deliberation::signers(&state.db, SessionId(session_id))
            .await
            .map_err(|e| crate::ssr::auth::internal("signers", e))?;
    let link = format!(
        "{}/jury/sessions/{session_id}/deliberation",
        state.settings.public_url.trim_end_matches('/')
    );
    if let Some(organisation) = user.organisation_id {
        for (email, name) in signers {
            crate::ssr::mail::deliver(
                &state,
                organisation,
                ("signature_pv", None),
                &email,
                crate::domain::notices::signing_email(&name, &label, &link),
            )
            .await?;
        }
    }
    back(viewer, session_id);
    Ok(hash)
}

/// The president postpones the deliberation because a member whose presence the rules
/// require is absent (seed 000): the new meeting's date, time and reason are recorded
/// and every member of the jury is emailed.
#[server(prefix = "/api/deliberation", endpoint = "reporter")]
pub async fn postpone_deliberation(
    session_id: i32,
    #[server(default)] present: Vec<i32>,
    #[server(default)] date: String,
    #[server(default)] time: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::ids::{OrganisationId, SessionId};
    use crate::ssr::auth::with_status;
    use crate::ssr::repo::deliberation::{Viewer, postpone};
    let (state, user, viewer) = viewer()?;
    let Viewer::Juror(member) = viewer else {
        return Err(with_status(AppError::Conflict(
            "Seul(e) le (la) président(e) du jury reporte la délibération.".to_owned(),
        )));
    };
    let now = state.clock.now();
    let checked = crate::domain::deliberation::check_postponement(
        &date,
        &time,
        &reason,
        crate::ssr::repo::schedule::to_local(now),
    )
    .map_err(|problems| refusal(crate::ssr::repo::deliberation::Refusal::Invalid(problems)))?;
    let (postponement, told, ctx) = postpone(
        &state.db,
        member,
        SessionId(session_id),
        &present,
        checked,
        (user.id.0, now),
    )
    .await
    .map_err(refusal)?;
    let link = format!(
        "{}/jury/sessions/{session_id}/deliberation",
        state.settings.public_url.trim_end_matches('/')
    );
    for one in told {
        crate::ssr::mail::deliver(
            &state,
            OrganisationId(ctx.session.organisation_id),
            ("report_deliberation", None),
            &one.email,
            postponement.email(
                (&one.name, &ctx.certification.title, &ctx.session.label),
                &link,
            ),
        )
        .await?;
    }
    back(viewer, session_id);
    Ok(())
}

/// The president reopens the closed deliberation with a reason (before the last
/// signature): the signatures collected are voided.
#[server(prefix = "/api/deliberation", endpoint = "rouvrir")]
pub async fn reopen_deliberation(
    session_id: i32,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::with_status;
    use crate::ssr::repo::deliberation::{Viewer, reopen};
    let (state, user, viewer) = viewer()?;
    let Viewer::Juror(member) = viewer else {
        return Err(with_status(AppError::Conflict(
            "Seul(e) le (la) président(e) du jury rouvre la délibération.".to_owned(),
        )));
    };
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        return Err(with_status(AppError::invalid(
            "reason",
            "Indiquez le motif de la réouverture (au moins 10 caractères) : il figure au journal d'audit.",
        )));
    }
    reopen(
        &state.db,
        member,
        SessionId(session_id),
        reason,
        (user.id.0, state.clock.now()),
    )
    .await
    .map_err(refusal)
    .inspect(|_| back(viewer, session_id))
}

/// A voting member present at the deliberation signs the PV, re-entering their
/// password; returns whether every signature is now in (the session is frozen).
#[server(prefix = "/api/deliberation", endpoint = "signer")]
pub async fn sign_pv(
    session_id: i32,
    #[server(default)] password: String,
) -> Result<bool, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::throttle::{SIGNATURE, wait_fr};
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, verify_password, with_status};
    use crate::ssr::repo::deliberation::{Viewer, sign};
    let (state, user, viewer) = viewer()?;
    let Viewer::Juror(member) = viewer else {
        return Err(with_status(AppError::Forbidden));
    };
    // Only a member who can sign this PV gets their password checked, and at the pace
    // of the signature's rate limit.
    crate::ssr::repo::deliberation::signable(&state.db, member, SessionId(session_id))
        .await
        .map_err(refusal)?;
    let key = format!("signature:{}", user.id.0);
    let now = state.clock.now();
    if let Some(wait) = crate::ssr::throttle::reserve(&state.db, &key, SIGNATURE, now)
        .await
        .map_err(|e| internal("signature throttle", e))?
    {
        return Err(with_status(AppError::Conflict(format!(
            "Trop de mots de passe erronés : réessayez dans {}.",
            wait_fr(wait)
        ))));
    }
    let hash = crate::ssr::repo::users::password_hash(&state.db, user.id)
        .await
        .map_err(|e| internal("password", e))?;
    if !hash.is_some_and(|h| verify_password(&h, &password)) {
        return Err(with_status(AppError::Validation(vec![FieldError {
            field: "password".to_owned(),
            message: "Mot de passe incorrect : la signature n'est pas enregistrée.".to_owned(),
        }])));
    }
    crate::ssr::throttle::clear(&state.db, &key)
        .await
        .map_err(|e| internal("signature throttle", e))?;
    sign(
        &state.db,
        member,
        SessionId(session_id),
        (user.id.0, state.clock.now()),
        state.pdf.as_ref(),
    )
    .await
    .map_err(refusal)
    .inspect(|_| back(viewer, session_id))
}

/// The certifier sets the publication date (`AAAA-MM-JJ` or `JJ/MM/AAAA`); past 6 weeks
/// after the last épreuve it needs `confirm`. A date that has come publishes at once:
/// documents issued, blocs capitalised, candidates emailed.
#[server(prefix = "/api/certificateur", endpoint = "publier")]
pub async fn schedule_publication(
    session_id: i32,
    #[server(default)] date: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::publication::{Refusal, schedule};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let invalid = |message: String| {
        with_status(AppError::Validation(vec![FieldError {
            field: "date".to_owned(),
            message,
        }]))
    };
    let on = crate::domain::candidate::parse_date_fr(&date)
        .ok_or_else(|| invalid("Indiquez la date de publication (JJ/MM/AAAA).".to_owned()))?;
    schedule(
        &state.db,
        organisation,
        SessionId(session_id),
        (on, confirm.is_some()),
        (user.id.0, state.clock.now()),
    )
    .await
    .map_err(|refusal| match refusal {
        Refusal::NotFound => with_status(AppError::NotFound),
        Refusal::Invalid(message) | Refusal::NeedsConfirmation(message) => invalid(message),
        Refusal::Db(e) => internal("publication", e),
    })?;
    crate::ssr::publication::run_due(&state)
        .await
        .map_err(|e| internal("publication", e))?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/deliberation"
    ));
    Ok(())
}

/// How far the generation of a session's documents is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkProgress {
    pub done: u64,
    pub total: u64,
}

/// Renders the next batch of the session's documents and keeps them; the page calls it
/// again until every document is rendered, then offers the archive.
#[server(prefix = "/api/certificateur", endpoint = "generer_documents")]
pub async fn generate_documents(session_id: i32) -> Result<BulkProgress, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (done, total) =
        crate::ssr::bulk::generate_next(&state, organisation, SessionId(session_id))
            .await
            .map_err(|e| internal("documents", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    Ok(BulkProgress { done, total })
}
