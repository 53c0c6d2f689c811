//! Training attendance and unjustified absence rates of a session's candidates, entered
//! in one table (`/certificateur/sessions/:id/assiduite`): seed 000 makes 80 % attendance
//! a prerequisite, seed 004 penalises unjustified absences by bands. A page of the table
//! is saved at once, all or nothing, every change in the audit log.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Candidates per page of the table.
pub const PAGE_SIZE: u64 = 50;

/// One candidate's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRow {
    pub enrolment_id: i32,
    pub number: String,
    pub name: String,
    pub group: Option<String>,
    /// As typed in French (`92,5`), empty when not recorded.
    pub attendance: String,
    pub absence: String,
}

/// The table's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatesPage {
    pub session: String,
    /// `80 %` when the certification requires a minimum attendance.
    pub min_attendance: Option<String>,
    /// Whether unjustified absences are penalised (penalty bands).
    pub penalised: bool,
    /// The deliberation is closed: read only.
    pub frozen: bool,
    pub rows: Vec<RateRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// One line of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateInput {
    pub enrolment_id: i32,
    #[serde(default)]
    pub attendance: String,
    #[serde(default)]
    pub absence: String,
}

/// A page of the session's rates, searched by name or number.
#[server(prefix = "/api/certificateur", endpoint = "assiduite", input = GetUrl)]
pub async fn load_rates(
    session_id: i32,
    #[server(default)] search: String,
    #[server(default)] page: u64,
) -> Result<RatesPage, AppError> {
    use crate::domain::format::decimal_fr;
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::domain::scoring::grid::Prerequisite;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (session, grid, rows, total) = crate::ssr::repo::sessions::rates_page(
        &state.db,
        organisation,
        SessionId(session_id),
        &search,
        (page, PAGE_SIZE),
    )
    .await
    .map_err(|e| internal("rates", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let frozen = crate::ssr::repo::sessions::frozen(&state.db, SessionId(session_id))
        .await
        .map_err(|e| internal("rates", e))?
        .is_some();
    let text = |v: Option<rust_decimal::Decimal>| v.map(decimal_fr).unwrap_or_default();
    Ok(RatesPage {
        session: session.label,
        min_attendance: grid.prerequisites.iter().find_map(|p| match p {
            Prerequisite::MinAttendance { percent } => Some(format!("{} %", decimal_fr(*percent))),
        }),
        penalised: !grid.penalties.is_empty(),
        frozen,
        rows: rows
            .into_iter()
            .map(|r| RateRow {
                enrolment_id: r.enrolment_id,
                number: r.number,
                name: r.name,
                group: r.group,
                attendance: text(r.attendance),
                absence: text(r.absence),
            })
            .collect(),
        total,
        page,
        pages: total.div_ceil(PAGE_SIZE).max(1),
    })
}

/// Saves the lines of one page of the table: every bad value is reported with its
/// candidate and nothing is saved; otherwise the changed lines are recorded, each in the
/// audit log. Refused once the deliberation is closed.
#[server(prefix = "/api/certificateur", endpoint = "assiduite_enregistrer")]
pub async fn save_rates(
    session_id: i32,
    #[server(default)] rows: Vec<RateInput>,
    #[server(default)] search: String,
    #[server(default)] page: u64,
) -> Result<(), AppError> {
    use crate::domain::candidate::parse_percent;
    use crate::domain::ids::{EnrolmentId, SessionId};
    use crate::domain::role::Role;
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::freeze::ensure_open(&state.db, organisation, session_id).await?;
    let session = SessionId(session_id);
    if crate::ssr::repo::sessions::find_owned(&state.db, organisation, session)
        .await
        .map_err(|e| internal("rates", e))?
        .is_none()
    {
        return Err(with_status(AppError::NotFound));
    }
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for row in &rows {
        let attendance = parse_percent(&row.attendance, "assiduité");
        let absence = parse_percent(&row.absence, "taux d'absences injustifiées");
        match (attendance, absence) {
            (Ok(a), Ok(b)) => parsed.push((EnrolmentId(row.enrolment_id), a, b)),
            (a, b) => {
                for message in [a.err(), b.err()].into_iter().flatten() {
                    problems.push(FieldError {
                        field: format!("rows[{}]", row.enrolment_id),
                        message,
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        // Name the candidate of each refused line.
        let numbers = crate::ssr::repo::sessions::enrolment_numbers(
            &state.db,
            session,
            rows.iter().map(|r| r.enrolment_id).collect(),
        )
        .await
        .map_err(|e| internal("rates", e))?;
        for problem in &mut problems {
            let id: i32 = problem
                .field
                .trim_start_matches("rows[")
                .trim_end_matches(']')
                .parse()
                .unwrap_or(0);
            if let Some(number) = numbers.get(&id) {
                problem.message = format!("{number} : {}", problem.message);
            }
        }
        return Err(with_status(AppError::Validation(problems)));
    }
    let now = state.clock.now();
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(&state.db)
        .await
        .map_err(|e| internal("rates", e))?;
    if let Some(message) = crate::ssr::repo::sessions::frozen(&txn, session)
        .await
        .map_err(|e| internal("rates", e))?
    {
        return Err(with_status(AppError::Conflict(message.to_owned())));
    }
    let changed = crate::ssr::repo::sessions::set_rates(&txn, session, &parsed, (user.id.0, now))
        .await
        .map_err(|e| internal("rates", e))?;
    txn.commit().await.map_err(|e| internal("rates", e))?;
    let query = crate::domain::html::query_string(&[
        ("recherche", &search),
        ("page", &(page + 1).to_string()),
        ("enregistres", &changed.to_string()),
    ]);
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/assiduite?{query}"
    ));
    Ok(())
}
