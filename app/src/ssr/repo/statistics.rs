//! What the figures read: for each enrolment of a session (or of every session of a
//! certification), its access route and category, the jury's final decision, the blocs
//! assessed, and each épreuve's mark on its scale (points on 20, or the share of
//! criteria met) as the engine reads the marks.

use std::collections::HashMap;

use chrono::Datelike;
use entities::{
    bloc_result, candidate, certification, certification_version, decision, enrolment, exam_session,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::ids::{CertificationId, OrganisationId, SessionId};
use crate::domain::scoring::Grid;
use crate::domain::scoring::grid::{Scoring, UnitKind};
use crate::domain::statistics::{Scale, Sitting};

/// The blocs (code, title) and épreuve scales of a grid, in its order.
pub fn layout(grid: &Grid) -> (Vec<(String, String)>, Vec<Scale>) {
    let blocs = grid
        .units
        .iter()
        .filter(|u| u.kind != UnitKind::Group)
        .map(|u| (u.code.clone(), u.title.clone()))
        .collect();
    let scales = grid
        .components
        .iter()
        .map(|c| match c.scoring {
            Scoring::Points { .. } => Scale {
                code: c.code.clone(),
                title: c.title.clone(),
                unit: "/ 20".to_owned(),
                max: Decimal::from(20),
            },
            Scoring::Criteria => Scale {
                code: c.code.clone(),
                title: c.title.clone(),
                unit: "% des critères".to_owned(),
                max: Decimal::ONE_HUNDRED,
            },
        })
        .collect();
    (blocs, scales)
}

/// Each component's mark on its scale, from the engine's input.
fn marks_of(
    grid: &Grid,
    input: &crate::domain::scoring::input::CandidateInput,
) -> Vec<(String, Decimal)> {
    input
        .results
        .iter()
        .filter(|r| r.attendance == crate::domain::scoring::input::Attendance::Present)
        .filter_map(|r| {
            let component = grid.components.iter().find(|c| c.code == r.component)?;
            match component.scoring {
                Scoring::Points { max } if max > Decimal::ZERO => r.points.map(|p| {
                    (
                        r.component.clone(),
                        (p * Decimal::from(20) / max).round_dp(2),
                    )
                }),
                Scoring::Points { .. } => None,
                Scoring::Criteria => {
                    let total = grid
                        .criteria
                        .iter()
                        .filter(|c| c.components.contains(&r.component))
                        .count();
                    (total > 0).then(|| {
                        (
                            r.component.clone(),
                            (Decimal::from(r.criteria_met.len() as u32) * Decimal::ONE_HUNDRED
                                / Decimal::from(total as u32))
                            .round_dp(2),
                        )
                    })
                }
            }
        })
        .collect()
}

/// The sittings of one session (`None` if it is not the organisation's), with its grid.
pub async fn of_session(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<(exam_session::Model, Grid, Vec<Sitting>)>, DbErr> {
    let Some(model) = exam_session::Entity::find_by_id(session.0)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some((grid, enrolled)) = super::results::inputs(db, organisation, session).await? else {
        return Ok(None);
    };
    let people: HashMap<i32, (String, Option<String>)> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(e, c)| {
            let c = c?;
            Some((
                e.id,
                (
                    super::sessions::route_from_db(c.access_route)
                        .label()
                        .to_owned(),
                    c.category,
                ),
            ))
        })
        .collect();
    let decisions: HashMap<i32, decision::Model> =
        super::chunked::all(enrolled.iter().map(|e| e.enrolment_id), |chunk| {
            decision::Entity::find()
                .filter(decision::Column::EnrolmentId.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|d| (d.enrolment_id, d))
        .collect();
    let mut blocs_of: HashMap<i32, Vec<(String, bool)>> = HashMap::new();
    for r in super::chunked::all(decisions.values().map(|d| d.id), |chunk| {
        bloc_result::Entity::find()
            .filter(bloc_result::Column::DecisionId.is_in(chunk))
            .filter(bloc_result::Column::Exempt.eq(false))
            .all(db)
    })
    .await?
    {
        blocs_of
            .entry(r.decision_id)
            .or_default()
            .push((r.bloc_code, r.validated));
    }
    let year = model.starts_on.year();
    let sittings = enrolled
        .iter()
        .map(|e| {
            let (route, category) = people.get(&e.enrolment_id).cloned().unwrap_or_default();
            let d = decisions.get(&e.enrolment_id);
            Sitting {
                year,
                access_route: route,
                category: category.map(|c| crate::domain::templates::category_label(&c)),
                decision: d.map(|d| super::deliberation::from_db(d.final_outcome)),
                blocs: d
                    .and_then(|d| blocs_of.get(&d.id).cloned())
                    .unwrap_or_default(),
                marks: marks_of(&grid, &e.input),
            }
        })
        .collect();
    Ok(Some((model, grid, sittings)))
}

/// The sittings of every session of a certification (`None` if it is not the
/// organisation's), with the grid of the version in force and each session's own
/// figures.
pub async fn of_certification(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
) -> Result<
    Option<(
        certification::Model,
        Grid,
        Vec<(exam_session::Model, Vec<Sitting>)>,
    )>,
    DbErr,
> {
    let Some(cert) = certification::Entity::find_by_id(certification_id.0)
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some((_, version)) =
        super::certifications::current_version(db, organisation, certification_id).await?
    else {
        return Ok(None);
    };
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let versions: Vec<i32> = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(cert.id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let sessions = exam_session::Entity::find()
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .filter(exam_session::Column::VersionId.is_in(versions))
        .order_by_asc(exam_session::Column::StartsOn)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for s in sessions {
        if let Some((model, _, sittings)) = of_session(db, organisation, SessionId(s.id)).await? {
            out.push((model, sittings));
        }
    }
    Ok(Some((cert, grid, out)))
}
