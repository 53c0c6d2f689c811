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
    pub decision_reason: Option<String>,
}

/// The session page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub session: SessionRow,
    pub candidates: Vec<EnrolledCandidate>,
    pub accommodations: Vec<SessionAccommodation>,
}

/// One of the certifier's sessions (404 for anyone else's).
#[server(prefix = "/api/certificateur", endpoint = "session", input = GetUrl)]
pub async fn load_session(id: i32) -> Result<SessionDetail, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::sessions::detail(&state.db, organisation, SessionId(id))
        .await
        .map_err(|e| internal("session detail", e))?
        .ok_or_else(|| with_status(AppError::NotFound))
}

/// The session form, checked: every problem at once, in French.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn check_session_form(
    label: &str,
    starts_on: &str,
    ends_on: &str,
    place: &str,
    capacity: &str,
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
    let (starts_on, ends_on, capacity) =
        check_session_form(&label, &starts_on, &ends_on, &place, &capacity).map_err(with_status)?;
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
    use super::check_session_form;
    use crate::error::AppError;

    #[test]
    fn every_problem_of_the_session_form_is_reported() {
        let Err(AppError::Validation(errors)) =
            check_session_form(" ", "31/02/2027", "01/03/2027", "", "0")
        else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["label", "place", "starts_on", "capacity"]);
        let Err(AppError::Validation(errors)) =
            check_session_form("S", "10/03/2027", "09/03/2027", "Lyon", "")
        else {
            panic!("refused");
        };
        assert_eq!(
            errors[0].message,
            "La date de fin précède la date de début."
        );
        assert!(check_session_form("S", "2027-03-10", "12/03/2027", "Lyon", "24").is_ok());
    }
}
