//! A session as the certifier manages it: summary and enrolled candidates. The import
//! of a candidates file is a plain form post handled by the server
//! (`server/src/routes/import.rs`), so that it works without JavaScript.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::api::dashboard::SessionRow;
use crate::domain::candidate::AccessRoute;
use crate::domain::ids::EnrolmentId;
use crate::error::AppError;

/// A candidate enrolled in the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolledCandidate {
    pub enrolment_id: EnrolmentId,
    pub number: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub email: String,
    pub access_route: AccessRoute,
    /// Candidate category (seed 003: decides the modality of each épreuve).
    pub category: Option<String>,
    pub training_group: Option<String>,
    /// Training attendance and unjustified absence rates, in French (`92,5`), empty
    /// when not recorded.
    pub attendance: String,
    pub absence: String,
    /// Codes of the optional units chosen (seed 003).
    pub options: Vec<String>,
    /// Blocs acquired in an earlier session, as shown.
    pub capitalised: Vec<String>,
}

/// An accommodation request of the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAccommodation {
    pub id: i32,
    pub candidate_number: String,
    pub candidate_name: String,
    pub kind: crate::domain::status::AccommodationKind,
    pub status: crate::domain::status::AccommodationStatus,
    pub note: String,
    /// The supporting document's reference (e.g. the date of the medical opinion).
    pub supporting_reference: Option<String>,
    pub decision_reason: Option<String>,
    /// Compensated pause minutes per épreuve, for granted pauses.
    pub minutes: Option<u32>,
    /// The details were erased at the end of their retention.
    pub erased: bool,
}

/// How many of the session's accommodation requests wait, were granted, refused (what
/// every administrator sees; the requests themselves only the referents).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccommodationCounts {
    pub pending: usize,
    pub granted: usize,
    pub refused: usize,
}

/// An épreuve that can be scheduled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpreuveOption {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub duration_minutes: Option<u32>,
    pub remote_allowed: bool,
}

/// A scheduled sitting, in French local time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotRow {
    pub id: i32,
    pub epreuve_code: String,
    pub epreuve_title: String,
    pub starts_local: chrono::NaiveDateTime,
    pub duration_minutes: u32,
    pub room: Option<String>,
    pub remote_link: Option<String>,
}

/// The session page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub session: SessionRow,
    pub candidates: Vec<EnrolledCandidate>,
    pub accommodations: AccommodationCounts,
    pub epreuves: Vec<EpreuveOption>,
    pub slots: Vec<SlotRow>,
    /// Codes and titles of the blocs of the session's version.
    pub blocs: Vec<(String, String)>,
    /// Candidate categories of the certification (code, French label), when its
    /// épreuves depend on them (seed 003).
    pub categories: Vec<(String, String)>,
    /// Optional units of the certification (code, title), chosen per candidate.
    pub optional_units: Vec<(String, String)>,
    /// Candidates enrolled in all (`candidates` holds one page of those found).
    #[serde(default)]
    pub enrolled: u64,
    #[serde(default)]
    pub paging: crate::domain::paging::Paging,
}

/// One of the certifier's sessions (404 for anyone else's), with the page `page` of
/// its candidates matching `recherche` (name, number or email).
#[server(prefix = "/api/certificateur", endpoint = "session", input = GetUrl)]
pub async fn load_session(
    id: i32,
    #[server(default)] recherche: String,
    #[server(default)] page: u64,
) -> Result<SessionDetail, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::sessions::detail_page(
        &state.db,
        organisation,
        SessionId(id),
        (&recherche, page),
    )
    .await
    .map_err(|e| internal("session detail", e))?
    .ok_or_else(|| with_status(AppError::NotFound))
}

/// The session form, checked: every problem at once, in French.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn check_session_form(
    (label, place, capacity): (&str, &str, &str),
    (starts_on, ends_on): (&str, &str),
    today: chrono::NaiveDate,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate, Option<i32>), AppError> {
    use crate::domain::candidate::parse_date_fr;
    use crate::error::FieldError;
    let mut errors = Vec::new();
    let mut error = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        })
    };
    if label.trim().is_empty() {
        error("label", "Le libellé de la session est obligatoire.");
    }
    if place.trim().is_empty() {
        error("place", "Le lieu est obligatoire.");
    }
    let start = parse_date_fr(starts_on);
    let end = parse_date_fr(ends_on);
    if start.is_none() {
        error("starts_on", "Date de début invalide (JJ/MM/AAAA).");
    }
    if end.is_none() {
        error("ends_on", "Date de fin invalide (JJ/MM/AAAA).");
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            error("ends_on", "La date de fin précède la date de début.");
        }
        // A session is planned for the coming years, or recorded for the past year.
        if s < today - chrono::Duration::days(366) || s > today + chrono::Duration::days(5 * 366) {
            error(
                "starts_on",
                "La date de début doit se situer entre un an avant et cinq ans après aujourd'hui.",
            );
        }
        if (e - s).num_days() > 366 {
            error("ends_on", "Une session dure au plus un an.");
        }
    }
    let capacity = capacity.trim();
    let places = if capacity.is_empty() {
        None
    } else {
        match capacity.parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                error(
                    "capacity",
                    "Le nombre de places doit être un entier positif.",
                );
                None
            }
        }
    };
    match (start, end) {
        (Some(s), Some(e)) if errors.is_empty() => Ok((s, e, places)),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Creates a session of one of the certifier's certifications, bound to the version in
/// force, then opens its page.
#[server(prefix = "/api/certificateur", endpoint = "creer_session")]
pub async fn create_session(
    certification_id: i32,
    label: String,
    starts_on: String,
    ends_on: String,
    place: String,
    capacity: String,
) -> Result<(), AppError> {
    use crate::domain::ids::CertificationId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::session_admin::{NewSession, create, version_in_force};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (starts_on, ends_on, capacity) = check_session_form(
        (&label, &place, &capacity),
        (&starts_on, &ends_on),
        crate::ssr::repo::schedule::paris_today(state.clock.now()),
    )
    .map_err(with_status)?;
    let certification = CertificationId(certification_id);
    let version = version_in_force(&state.db, organisation, certification)
        .await
        .map_err(|e| internal("version in force", e))?
        .ok_or_else(|| {
            with_status(AppError::invalid(
                "certification_id",
                "Certification inconnue ou sans version en vigueur.",
            ))
        })?;
    let new = NewSession {
        label: label.trim().to_owned(),
        starts_on,
        ends_on,
        place: place.trim().to_owned(),
        capacity,
    };
    let id = create(&state.db, organisation, version, new, state.clock.now())
        .await
        .map_err(|e| internal("create session", e))?;
    leptos_axum::redirect(&format!("/certificateur/sessions/{id}"));
    Ok(())
}

#[cfg(test)]
mod tests {
    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")
    }

    use super::check_session_form;
    use crate::error::AppError;

    #[test]
    fn every_problem_of_the_session_form_is_reported() {
        let Err(AppError::Validation(errors)) =
            check_session_form((" ", "", "0"), ("31/02/2027", "01/03/2027"), today())
        else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["label", "place", "starts_on", "capacity"]);
        let Err(AppError::Validation(errors)) =
            check_session_form(("S", "Lyon", ""), ("10/03/2027", "09/03/2027"), today())
        else {
            panic!("refused");
        };
        assert_eq!(
            errors[0].message,
            "La date de fin précède la date de début."
        );
        assert!(
            check_session_form(("S", "Lyon", "24"), ("2027-03-10", "12/03/2027"), today()).is_ok()
        );
        let old = check_session_form(("S", "Lyon", ""), ("10/03/2001", "12/03/2001"), today())
            .expect_err("2001");
        assert!(
            old.to_string()
                .contains("entre un an avant et cinq ans après")
        );
    }
}

/// The scheduling form, checked: the local start and the duration.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn check_slot_form(
    date: &str,
    start: &str,
    duration: &str,
    session: (chrono::NaiveDate, chrono::NaiveDate),
) -> Result<(chrono::NaiveDateTime, u32), AppError> {
    use crate::domain::candidate::parse_date_fr;
    use crate::error::FieldError;
    let mut errors = Vec::new();
    let mut error = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        })
    };
    let day = parse_date_fr(date);
    match day {
        None => error("date", "Date invalide (JJ/MM/AAAA)."),
        Some(d) if d < session.0 || d > session.1 => error(
            "date",
            "La date doit être comprise entre le premier et le dernier jour de la session.",
        ),
        Some(_) => {}
    }
    let time = chrono::NaiveTime::parse_from_str(start.trim(), "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(&start.trim().replace('h', ":"), "%H:%M"))
        .ok();
    if time.is_none() {
        error(
            "start",
            "Heure de début invalide (HH:MM, par exemple 09:00).",
        );
    }
    let minutes = match duration.trim().parse::<u32>() {
        Ok(m) if (1..=600).contains(&m) => Some(m),
        _ => {
            error(
                "duration",
                "La durée doit être un nombre de minutes entre 1 et 600.",
            );
            None
        }
    };
    match (day, time, minutes) {
        (Some(d), Some(t), Some(m)) if errors.is_empty() => Ok((d.and_time(t), m)),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Schedules an épreuve of the session: day and start in French local time, duration,
/// room or videoconference link.
#[server(prefix = "/api/certificateur", endpoint = "planifier_epreuve")]
pub async fn schedule_epreuve(
    session_id: i32,
    epreuve_id: i32,
    date: String,
    start: String,
    duration: String,
    room: String,
    remote_link: String,
) -> Result<(), AppError> {
    use crate::domain::ids::{SessionId, VersionId};
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::schedule::{NewSlot, create_slot, epreuves_of_version, to_utc};
    use crate::ssr::repo::sessions::find_owned;
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let session = find_owned(&state.db, organisation, SessionId(session_id))
        .await
        .map_err(|e| internal("session", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let (local, minutes) = check_slot_form(
        &date,
        &start,
        &duration,
        (session.starts_on, session.ends_on),
    )
    .map_err(with_status)?;
    let epreuves = epreuves_of_version(&state.db, VersionId(session.version_id))
        .await
        .map_err(|e| internal("épreuves", e))?;
    let epreuve = epreuves
        .iter()
        .find(|e| e.id == epreuve_id)
        .ok_or_else(|| {
            with_status(AppError::invalid(
                "epreuve_id",
                "Cette épreuve n'appartient pas à la certification de la session.",
            ))
        })?;
    let room = Some(room.trim().to_owned()).filter(|r| !r.is_empty());
    let remote_link = Some(remote_link.trim().to_owned()).filter(|l| !l.is_empty());
    if remote_link.is_some() && !epreuve.remote_allowed {
        return Err(with_status(AppError::invalid(
            "remote_link",
            "Cette épreuve ne peut pas se passer à distance.",
        )));
    }
    if room.is_none() && remote_link.is_none() {
        return Err(with_status(AppError::invalid(
            "room",
            "Indiquez la salle ou, à distance, le lien de visioconférence.",
        )));
    }
    let starts_at = to_utc(local).ok_or_else(|| {
        with_status(AppError::invalid(
            "start",
            "Cette heure n'existe pas ce jour-là (changement d'heure).",
        ))
    })?;
    let slot = NewSlot {
        epreuve_id,
        starts_at,
        duration_minutes: i32::try_from(minutes).unwrap_or(0),
        room,
        remote_link,
    };
    create_slot(&state.db, SessionId(session_id), slot)
        .await
        .map_err(|e| internal("schedule", e))
}

/// One enrolled candidate of one of the certifier's sessions, with the session's label
/// (404 for anyone else's).
#[server(prefix = "/api/certificateur", endpoint = "candidat_inscrit", input = GetUrl)]
pub async fn load_enrolled_candidate(
    session_id: i32,
    enrolment_id: i32,
) -> Result<EnrolledPage, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let detail = crate::ssr::repo::sessions::detail_of_one(
        &state.db,
        organisation,
        SessionId(session_id),
        Some(crate::domain::ids::EnrolmentId(enrolment_id)),
    )
    .await
    .map_err(|e| internal("session", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let label = detail.session.label.clone();
    let frozen = crate::ssr::repo::sessions::frozen(&state.db, SessionId(session_id))
        .await
        .map_err(|e| internal("freeze", e))?
        .is_some();
    let identity = crate::ssr::repo::accrochage::identity_of_enrolment(
        &state.db,
        organisation,
        SessionId(session_id),
        crate::domain::ids::EnrolmentId(enrolment_id),
    )
    .await
    .map_err(|e| internal("identity", e))?
    .map(|(_, identity)| identity)
    .unwrap_or_default();
    let documents = crate::ssr::repo::credentials::of_enrolment(
        &state.db,
        crate::domain::ids::EnrolmentId(enrolment_id),
    )
    .await
    .map_err(|e| internal("documents", e))?;
    let (categories, optional_units, blocs) = (
        detail.categories.clone(),
        detail.optional_units.clone(),
        detail.blocs.clone(),
    );
    detail
        .candidates
        .into_iter()
        .find(|c| c.enrolment_id.0 == enrolment_id)
        .map(|candidate| EnrolledPage {
            session: label,
            candidate,
            categories,
            optional_units,
            blocs,
            identity,
            frozen,
            documents,
        })
        .ok_or_else(|| with_status(AppError::NotFound))
}

/// The correction form's data: the session's label, the candidate, and the choices the
/// certification offers (categories, optional units).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolledPage {
    pub session: String,
    pub candidate: EnrolledCandidate,
    pub categories: Vec<(String, String)>,
    pub optional_units: Vec<(String, String)>,
    /// Codes and titles of the certification's blocs (a bloc acquired earlier).
    pub blocs: Vec<(String, String)>,
    /// What the Caisse des Dépôts matches holders on.
    pub identity: crate::domain::accrochage::CivilIdentity,
    /// The session is signed or published: only the identity for the declaration may
    /// still change.
    pub frozen: bool,
    /// The documents issued to the candidate at publication.
    pub documents: Vec<crate::api::credentials::IssuedDocument>,
}

/// A candidate as typed in a form.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
struct CandidateFields {
    last_name: String,
    first_name: String,
    birth_date: String,
    email: String,
    access_route: String,
    category: String,
    training_group: String,
    attendance: String,
    absence: String,
    /// Optional units chosen, codes separated by commas.
    options: String,
}

/// One candidate through the import's own checks: one set of rules for every way in.
/// `existing` are the other candidates' emails (lower case).
#[cfg(feature = "ssr")]
fn check_candidate(
    fields: &CandidateFields,
    (existing, categories, options): (
        &std::collections::HashSet<String>,
        &[(String, String)],
        &[(String, String)],
    ),
    today: chrono::NaiveDate,
) -> Result<crate::domain::candidate::ImportedCandidate, AppError> {
    use crate::domain::candidate::parse_candidates_csv;
    use crate::error::FieldError;
    let clean = |s: &str| s.replace([';', '\n', '\r', '"'], " ");
    let file = format!(
        "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Catégorie;Groupe;Assiduité;Absences injustifiées;Unités facultatives\n{};{};{};{};{};{};{};{};{};{}\n",
        clean(&fields.last_name),
        clean(&fields.first_name),
        clean(&fields.birth_date),
        clean(&fields.email),
        clean(&fields.access_route),
        clean(&fields.category),
        clean(&fields.training_group),
        clean(&fields.attendance),
        clean(&fields.absence),
        clean(&fields.options),
    );
    let mut candidates =
        parse_candidates_csv(file.as_bytes(), existing, today).map_err(|problems| {
            AppError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldError {
                        field: "candidat".to_owned(),
                        message: p.message,
                    })
                    .collect(),
            )
        })?;
    crate::domain::candidate::resolve_options(&mut candidates, options).map_err(|problems| {
        AppError::Validation(
            problems
                .into_iter()
                .map(|p| FieldError {
                    field: "options".to_owned(),
                    message: p.message,
                })
                .collect(),
        )
    })?;
    crate::domain::candidate::resolve_categories(&mut candidates, categories).map_err(
        |problems| {
            AppError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldError {
                        field: "category".to_owned(),
                        message: p.message,
                    })
                    .collect(),
            )
        },
    )?;
    candidates.pop().ok_or_else(|| {
        AppError::invalid(
            "candidat",
            "Renseignez le nom, le prénom, la date de naissance, le courriel et la voie d'accès.",
        )
    })
}

/// Corrects an enrolled candidate's identity, email, access route, category or group
/// (same checks as a line of the CSV import); their account follows the new email.
#[server(prefix = "/api/certificateur", endpoint = "modifier_candidat")]
#[allow(clippy::too_many_arguments)]
pub async fn update_candidate(
    session_id: i32,
    enrolment_id: i32,
    last_name: String,
    first_name: String,
    birth_date: String,
    email: String,
    access_route: String,
    #[server(default)] category: String,
    #[server(default)] training_group: String,
    #[server(default)] attendance: String,
    #[server(default)] absence: String,
    #[server(default)] options: Vec<String>,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::sessions::{UpdateRefusal, candidate_emails, update_candidate};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let fields = CandidateFields {
        last_name,
        first_name,
        birth_date,
        email,
        access_route,
        category,
        training_group,
        attendance,
        absence,
        options: options.join(","),
    };
    let mut existing = candidate_emails(&state.db, organisation)
        .await
        .map_err(|e| internal("emails", e))?;
    let own = crate::ssr::repo::sessions::enrolled_email(
        &state.db,
        organisation,
        SessionId(session_id),
        EnrolmentId(enrolment_id),
    )
    .await
    .map_err(|e| internal("candidate", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    existing.remove(&own.to_lowercase());
    let categories =
        crate::ssr::repo::sessions::categories_of_session(&state.db, SessionId(session_id))
            .await
            .map_err(|e| internal("categories", e))?;
    let optional =
        crate::ssr::repo::sessions::optional_units_of_session(&state.db, SessionId(session_id))
            .await
            .map_err(|e| internal("options", e))?;
    let checked = check_candidate(
        &fields,
        (&existing, &categories, &optional),
        crate::ssr::repo::schedule::paris_today(state.clock.now()),
    )
    .map_err(with_status)?;
    match update_candidate(
        &state.db,
        organisation,
        (SessionId(session_id), EnrolmentId(enrolment_id)),
        &checked,
        (user.id.0, state.clock.now()),
    )
    .await
    {
        Ok(()) => {}
        Err(UpdateRefusal::NotFound) => return Err(with_status(AppError::NotFound)),
        Err(UpdateRefusal::EmailTaken) => {
            return Err(with_status(AppError::invalid(
                "candidat",
                format!(
                    "Le courriel « {} » est déjà celui d'un autre compte.",
                    checked.email
                ),
            )));
        }
        Err(UpdateRefusal::Db(e)) => return Err(internal("update candidate", e)),
    }
    leptos_axum::redirect(&format!("/certificateur/sessions/{session_id}"));
    Ok(())
}

/// Enrols one candidate by hand (same checks as a line of the CSV import).
#[server(prefix = "/api/certificateur", endpoint = "ajouter_candidat")]
pub async fn add_candidate(
    session_id: i32,
    last_name: String,
    first_name: String,
    birth_date: String,
    email: String,
    access_route: String,
    #[server(default)] category: String,
    #[server(default)] options: Vec<String>,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::sessions::{candidate_emails, find_owned, import};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let session = SessionId(session_id);
    find_owned(&state.db, organisation, session)
        .await
        .map_err(|e| internal("session", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let existing = candidate_emails(&state.db, organisation)
        .await
        .map_err(|e| internal("emails", e))?;
    let fields = CandidateFields {
        last_name,
        first_name,
        birth_date,
        email,
        access_route,
        category,
        training_group: String::new(),
        attendance: String::new(),
        absence: String::new(),
        options: options.join(","),
    };
    let categories = crate::ssr::repo::sessions::categories_of_session(&state.db, session)
        .await
        .map_err(|e| internal("categories", e))?;
    let optional = crate::ssr::repo::sessions::optional_units_of_session(&state.db, session)
        .await
        .map_err(|e| internal("options", e))?;
    let candidates = vec![
        check_candidate(
            &fields,
            (&existing, &categories, &optional),
            crate::ssr::repo::schedule::paris_today(state.clock.now()),
        )
        .map_err(with_status)?,
    ];
    import(
        &state.db,
        organisation,
        session,
        &candidates,
        state.clock.now(),
    )
    .await
    .map_err(|e| internal("add candidate", e))?;
    Ok(())
}

/// Records a bloc the candidate validated in an earlier session (capitalisation).
#[server(prefix = "/api/certificateur", endpoint = "bloc_capitalise")]
pub async fn record_capitalised_bloc(
    session_id: i32,
    enrolment_id: i32,
    bloc_code: String,
    validated_on: String,
    valid_until: String,
    source: String,
) -> Result<(), AppError> {
    use crate::domain::candidate::parse_date_fr;
    use crate::domain::ids::{EnrolmentId, SessionId};
    use crate::domain::role::Role;
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::capitalisation::{NewCapitalised, Refusal, record};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let mut errors = Vec::new();
    let validated = parse_date_fr(&validated_on);
    if validated.is_none() {
        errors.push(FieldError {
            field: "validated_on".to_owned(),
            message: "Date de validation invalide (JJ/MM/AAAA).".to_owned(),
        });
    }
    let until = if valid_until.trim().is_empty() {
        None
    } else {
        parse_date_fr(&valid_until).map(Some).unwrap_or_else(|| {
            errors.push(FieldError {
                field: "valid_until".to_owned(),
                message: "Date de fin de validité invalide (JJ/MM/AAAA).".to_owned(),
            });
            None
        })
    };
    if let (Some(from), Some(to)) = (validated, until) {
        if to < from {
            errors.push(FieldError {
                field: "valid_until".to_owned(),
                message: "La fin de validité précède la date de validation.".to_owned(),
            });
        }
    }
    if source.trim().is_empty() {
        errors.push(FieldError {
            field: "source".to_owned(),
            message: "Indiquez la source (session, organisme, VAE…).".to_owned(),
        });
    }
    let Some(validated_on) = validated.filter(|_| errors.is_empty()) else {
        return Err(with_status(AppError::Validation(errors)));
    };
    let new = NewCapitalised {
        bloc_code: bloc_code.trim().to_owned(),
        validated_on,
        valid_until: until,
        source: source.trim().to_owned(),
    };
    match record(
        &state.db,
        organisation,
        SessionId(session_id),
        EnrolmentId(enrolment_id),
        new,
        state.clock.now(),
    )
    .await
    {
        Ok(()) => Ok(()),
        Err(Refusal::NotFound) => Err(with_status(AppError::NotFound)),
        Err(Refusal::UnknownBloc) => Err(with_status(AppError::invalid(
            "bloc_code",
            "Ce bloc n'appartient pas à la certification de la session.",
        ))),
        Err(Refusal::Db(err)) => Err(internal("capitalised bloc", err)),
    }
}

/// Enrols a candidate the organisation already knows (a retake), by email: their
/// capitalised blocs count as exempt; the certification's retake rule is checked.
#[server(prefix = "/api/certificateur", endpoint = "reinscrire_candidat")]
pub async fn enrol_again(
    session_id: i32,
    #[server(default)] email: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::retakes::{Refusal, enrol_again};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    enrol_again(
        &state.db,
        organisation,
        SessionId(session_id),
        &email,
        state.clock.now(),
    )
    .await
    .map_err(|refusal| match refusal {
        Refusal::NotFound => with_status(AppError::NotFound),
        Refusal::Invalid(message) => with_status(AppError::invalid("email", message)),
        Refusal::Db(e) => internal("enrol again", e),
    })?;
    leptos_axum::redirect(&format!("/certificateur/sessions/{session_id}"));
    Ok(())
}
