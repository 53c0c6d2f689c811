//! Figures of a session and of a certification over years, with the figures France
//! compétences asks for at renewal. The same figures as CSV and XLSX are served by
//! `server/src/routes/statistics.rs`.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::statistics::Figures;
use crate::error::AppError;

/// A session's statistics page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionStatistics {
    pub session_id: i32,
    pub label: String,
    pub decided: bool,
    pub figures: Figures,
}

/// One session in a certification's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    pub id: i32,
    pub label: String,
    pub year: i32,
    pub enrolled: u32,
    pub present: u32,
    pub full: u32,
    pub partial: u32,
    pub rate: Option<rust_decimal::Decimal>,
}

/// A certification's statistics page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationStatistics {
    pub certification_id: i32,
    pub code: String,
    pub title: String,
    pub figures: Figures,
    pub sessions: Vec<SessionLine>,
    /// (year, [(access route, certified)], certified, present).
    pub renewal: Vec<(i32, Vec<(String, u32)>, u32, u32)>,
}

/// The figures of one of the certifier's sessions.
#[server(prefix = "/api/certificateur", endpoint = "statistiques_session", input = GetUrl)]
pub async fn load_session_statistics(session_id: i32) -> Result<SessionStatistics, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (session, grid, sittings) =
        crate::ssr::repo::statistics::of_session(&state.db, organisation, SessionId(session_id))
            .await
            .map_err(|e| internal("statistics", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    let (blocs, scales) = crate::ssr::repo::statistics::layout(&grid);
    Ok(SessionStatistics {
        session_id,
        label: session.label,
        decided: sittings.iter().any(|s| s.decision.is_some()),
        figures: crate::domain::statistics::figures(&sittings, &blocs, &scales),
    })
}

/// The figures of one of the certifier's certifications, every session together, per
/// session, and per year as France compétences asks.
#[server(prefix = "/api/certificateur", endpoint = "statistiques_certification", input = GetUrl)]
pub async fn load_certification_statistics(
    certification_id: i32,
) -> Result<CertificationStatistics, AppError> {
    use crate::domain::ids::CertificationId;
    use crate::domain::role::Role;
    use crate::domain::statistics::{certified_per_year, figures};
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (cert, grid, sessions) = crate::ssr::repo::statistics::of_certification(
        &state.db,
        organisation,
        CertificationId(certification_id),
    )
    .await
    .map_err(|e| internal("statistics", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let (blocs, scales) = crate::ssr::repo::statistics::layout(&grid);
    let lines = sessions
        .iter()
        .map(|(s, sittings)| {
            let f = figures(sittings, &[], &[]);
            SessionLine {
                id: s.id,
                label: s.label.clone(),
                year: chrono::Datelike::year(&s.starts_on),
                enrolled: f.enrolled,
                present: f.present,
                full: f.full,
                partial: f.partial,
                rate: f.pass.percent(),
            }
        })
        .collect();
    let all: Vec<_> = sessions.into_iter().flat_map(|(_, s)| s).collect();
    Ok(CertificationStatistics {
        certification_id,
        code: cert.code,
        title: cert.title,
        figures: figures(&all, &blocs, &scales),
        sessions: lines,
        renewal: certified_per_year(&all),
    })
}
