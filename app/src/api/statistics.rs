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

    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    certification_statistics(&state.db, organisation, CertificationId(certification_id))
        .await
        .map_err(|e| internal("statistics", e))?
        .ok_or_else(|| with_status(AppError::NotFound))
}

/// A certification's figures as its page shows them; `None` if it is not the
/// organisation's. The page and its CSV/XLSX exports read this.
#[cfg(feature = "ssr")]
pub async fn certification_statistics(
    db: &sea_orm::DatabaseConnection,
    organisation: crate::domain::ids::OrganisationId,
    certification: crate::domain::ids::CertificationId,
) -> Result<Option<CertificationStatistics>, sea_orm::DbErr> {
    use crate::domain::statistics::{certified_per_year, figures};
    let Some((cert, grid, sessions)) =
        crate::ssr::repo::statistics::of_certification(db, organisation, certification).await?
    else {
        return Ok(None);
    };
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
    Ok(Some(CertificationStatistics {
        certification_id: certification.0,
        code: cert.code,
        title: cert.title,
        figures: figures(&all, &blocs, &scales),
        sessions: lines,
        renewal: certified_per_year(&all),
    }))
}

impl CertificationStatistics {
    /// The rate of the renewal table: certified over present, in percent.
    pub fn renewal_rate(certified: u32, present: u32) -> Option<rust_decimal::Decimal> {
        crate::domain::statistics::Rate {
            label: String::new(),
            count: certified,
            of: present,
        }
        .percent()
    }

    /// Every table of the page, in its order, for the CSV and XLSX exports: certified
    /// per year and access route with the rate, each session, then the figures.
    pub fn tables(&self) -> Vec<crate::domain::statistics::Table> {
        use crate::domain::statistics::{Cell, Table, tables};
        use rust_decimal::Decimal;
        let number = |n: u32| Cell::Number(Decimal::from(n));
        let rate = |r: Option<Decimal>| r.map_or(Cell::Empty, Cell::Number);
        let mut headers = vec!["Année".to_owned()];
        if let Some((_, routes, _, _)) = self.renewal.first() {
            headers.extend(routes.iter().map(|(r, _)| r.clone()));
        }
        headers.extend([
            "Total certifiés".to_owned(),
            "Présents".to_owned(),
            "Taux (%)".to_owned(),
        ]);
        let per_year = Table {
            title: format!("{} — certifiés par année et par voie d'accès", self.code),
            headers,
            rows: self
                .renewal
                .iter()
                .map(|(year, routes, certified, present)| {
                    let mut row = vec![Cell::Number((*year).into())];
                    row.extend(routes.iter().map(|(_, n)| number(*n)));
                    row.push(number(*certified));
                    row.push(number(*present));
                    row.push(rate(Self::renewal_rate(*certified, *present)));
                    row
                })
                .collect(),
        };
        let per_session = Table {
            title: "Par session — résultats de chaque session".to_owned(),
            headers: [
                "Session",
                "Inscrits",
                "Présents",
                "Certifiés",
                "Partiels",
                "Taux (%)",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: self
                .sessions
                .iter()
                .map(|s| {
                    vec![
                        Cell::Text(s.label.clone()),
                        number(s.enrolled),
                        number(s.present),
                        number(s.full),
                        number(s.partial),
                        rate(s.rate),
                    ]
                })
                .collect(),
        };
        let mut out = vec![per_year, per_session];
        out.extend(tables(&self.figures));
        out
    }
}
