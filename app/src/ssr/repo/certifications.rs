//! Certifications: creating one from a built-in template — certification, version 1 in
//! force with its grid, blocs, épreuves and their modality per candidate category.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{EpreuveKind as DbKind, Modality as DbModality, VersionStatus};
use entities::{bloc, certification, certification_version, epreuve, epreuve_modality};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};

use super::mapping::certification_kind_to_db;
use crate::domain::epreuve::EpreuveSettings;
use crate::domain::ids::{CertificationId, OrganisationId, VersionId};
use crate::domain::scoring::grid::{ComponentRole, Scoring, UnitKind};
use crate::domain::templates::{EpreuveKind, Modality, Template};

fn kind_to_db(kind: EpreuveKind) -> DbKind {
    match kind {
        EpreuveKind::WrittenReport => DbKind::WrittenReport,
        EpreuveKind::Interview => DbKind::Interview,
        EpreuveKind::CaseStudy => DbKind::CaseStudy,
        EpreuveKind::WrittenExam => DbKind::WrittenExam,
        EpreuveKind::Oral => DbKind::Oral,
        EpreuveKind::Simulation => DbKind::Simulation,
        EpreuveKind::FileAndInterview => DbKind::FileAndInterview,
        EpreuveKind::Practical => DbKind::Practical,
        EpreuveKind::ContinuousAssessment => DbKind::ContinuousAssessment,
        EpreuveKind::TutorEvaluation => DbKind::TutorEvaluation,
    }
}

fn modality_to_db(modality: Modality) -> DbModality {
    match modality {
        Modality::Ccf => DbModality::Ccf,
        Modality::PonctuelEcrit => DbModality::PonctuelEcrit,
        Modality::PonctuelOral => DbModality::PonctuelOral,
        Modality::PonctuelPratique => DbModality::PonctuelPratique,
        Modality::PonctuelOralPratique => DbModality::PonctuelOralPratique,
    }
}

/// Hundredths of a decimal, as the database stores points and coefficients.
fn hundredths(value: Decimal) -> i64 {
    (value * Decimal::ONE_HUNDRED).round().to_i64().unwrap_or(0)
}

fn json(value: &impl serde::Serialize) -> Result<String, DbErr> {
    serde_json::to_string(value).map_err(|e| DbErr::Custom(e.to_string()))
}

/// The blocs of a version: the grid's units except groups, in order; their ids by code.
async fn insert_blocs(
    db: &impl ConnectionTrait,
    version_id: i32,
    grid: &crate::domain::scoring::Grid,
) -> Result<HashMap<String, i32>, DbErr> {
    let mut bloc_ids = HashMap::new();
    for (position, unit) in grid
        .units
        .iter()
        .filter(|u| u.kind != UnitKind::Group)
        .enumerate()
    {
        let model = bloc::ActiveModel {
            version_id: Set(version_id),
            code: Set(unit.code.clone()),
            title: Set(unit.title.clone()),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            mandatory: Set(unit.kind == UnitKind::Bloc),
            ..Default::default()
        }
        .insert(db)
        .await?;
        bloc_ids.insert(unit.code.clone(), model.id);
    }
    Ok(bloc_ids)
}

/// Who holds a certification code: (the organisation itself, another organisation).
pub async fn code_holders(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    code: &str,
) -> Result<(bool, bool), DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let holders: Vec<i32> = certification::Entity::find()
        .select_only()
        .column(certification::Column::OrganisationId)
        .filter(certification::Column::Code.eq(code))
        .into_tuple()
        .all(db)
        .await?;
    Ok((
        holders.contains(&organisation.0),
        holders.iter().any(|&o| o != organisation.0),
    ))
}

/// Creates a certification from a template in one transaction, audited; a code that
/// another organisation also certifies under is recorded as a confirmed co-certification.
pub async fn create_certification(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    template: &Template,
    (code, title): (&str, &str),
    (actor, now): (Option<i32>, DateTime<Utc>),
    co_certification: bool,
) -> Result<(CertificationId, VersionId), DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let created = create_from_template(&txn, organisation, template, (code, title), now).await?;
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor,
            entity: "certification".to_owned(),
            entity_id: created.0.0.to_string(),
            action: if co_certification {
                "create_co_certification".to_owned()
            } else {
                "create".to_owned()
            },
            before: None,
            after: Some(
                serde_json::json!({
                    "code": code,
                    "title": title,
                    "template": template.key,
                    "co_certification": co_certification,
                })
                .to_string(),
            ),
            reason: co_certification.then(|| {
                format!(
                    "Co-certification confirmée : le code « {code} » est aussi celui d'une certification d'un autre organisme."
                )
            }),
            session: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Creates a certification of an organisation from a template, under its own code and
/// title.
pub async fn create_from_template(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    template: &Template,
    (code, title): (&str, &str),
    now: DateTime<Utc>,
) -> Result<(CertificationId, VersionId), DbErr> {
    let cert = certification::ActiveModel {
        organisation_id: Set(organisation.0),
        code: Set(code.to_owned()),
        title: Set(title.to_owned()),
        level: Set(template.level.map(str::to_owned)),
        kind: Set(certification_kind_to_db(template.kind)),
        template_key: Set(
            (template.key != crate::domain::templates::BLANK).then(|| template.key.to_owned())
        ),
        created_at: Set(now),
        cdc_type: Set(crate::domain::accrochage::registration_of(code).map(|(k, _)| k.to_owned())),
        cdc_code: Set(crate::domain::accrochage::registration_of(code).map(|(_, c)| c)),
        declare_blocs: Set(false),
        validity_years: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let version = certification_version::ActiveModel {
        certification_id: Set(cert.id),
        number: Set(1),
        status: Set(VersionStatus::Active),
        valid_from: Set(None),
        valid_until: Set(None),
        partial_validation: Set(template.partial_validation()),
        capitalisation_years: Set(template.capitalisation_years.map(i32::from)),
        retakes_per_bloc: Set(template.retake.map(|r| i32::from(r.per_bloc))),
        retake_years: Set(template.retake.map(|r| i32::from(r.years))),
        min_attendance_percent: Set(template.min_attendance_percent().and_then(|p| p.to_i32())),
        access_routes_json: Set("[]".to_owned()),
        grid_json: Set(json(&template.grid)?),
        jury_rules_json: Set(json(&crate::domain::jury::rules::for_template(Some(
            template.key,
        )))?),
        notes: Set(template.grid.notes.join("\n")),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let bloc_ids = insert_blocs(db, version.id, &template.grid).await?;
    let settings: Vec<EpreuveSettings> = template.epreuves.iter().map(Into::into).collect();
    for planned in &settings {
        if !template
            .grid
            .components
            .iter()
            .any(|c| c.code == planned.code)
        {
            return Err(DbErr::Custom(format!(
                "épreuve {} absente de la grille",
                planned.code
            )));
        }
    }
    insert_epreuves(db, version.id, &template.grid, &bloc_ids, &settings).await?;
    Ok((CertificationId(cert.id), VersionId(version.id)))
}

/// The latest version in force of one of the organisation's certifications.
pub async fn current_version(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
) -> Result<Option<(certification::Model, certification_version::Model)>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let Some(cert) = certification::Entity::find_by_id(certification_id.0)
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let version = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(cert.id))
        .filter(certification_version::Column::Status.eq(VersionStatus::Active))
        .order_by_desc(certification_version::Column::Number)
        .one(db)
        .await?;
    Ok(version.map(|v| (cert, v)))
}

/// Every version of a certification with the number of sessions bound to it.
pub async fn versions(
    db: &impl ConnectionTrait,
    certification_id: CertificationId,
) -> Result<Vec<crate::api::certifications::VersionRow>, DbErr> {
    use entities::exam_session;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let versions = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(certification_id.0))
        .order_by_desc(certification_version::Column::Number)
        .all(db)
        .await?;
    let sessions = super::chunked::all(versions.iter().map(|v| v.id), |chunk| {
        exam_session::Entity::find()
            .filter(exam_session::Column::VersionId.is_in(chunk))
            .all(db)
    })
    .await?;
    Ok(versions
        .into_iter()
        .map(|v| crate::api::certifications::VersionRow {
            number: v.number,
            in_force: v.status == VersionStatus::Active,
            created_at: v.created_at,
            sessions: sessions.iter().filter(|s| s.version_id == v.id).count(),
        })
        .collect())
}

pub(crate) fn kind_from_db(kind: DbKind) -> EpreuveKind {
    EpreuveKind::ALL
        .into_iter()
        .find(|k| kind_to_db(*k) == kind)
        .unwrap_or(EpreuveKind::WrittenExam)
}

fn modality_from_db(modality: DbModality) -> Modality {
    Modality::ALL
        .into_iter()
        .find(|m| modality_to_db(*m) == modality)
        .unwrap_or(Modality::Ccf)
}

/// The running settings of every épreuve of a version, in order.
pub async fn epreuve_settings(
    db: &impl ConnectionTrait,
    version: VersionId,
) -> Result<Vec<EpreuveSettings>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let rows = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(version.0))
        .order_by_asc(epreuve::Column::Position)
        .all(db)
        .await?;
    let mut modalities_of: HashMap<i32, Vec<epreuve_modality::Model>> = HashMap::new();
    for m in super::chunked::all(rows.iter().map(|e| e.id), |chunk| {
        epreuve_modality::Entity::find()
            .filter(epreuve_modality::Column::EpreuveId.is_in(chunk))
            .order_by_asc(epreuve_modality::Column::Id)
            .all(db)
    })
    .await?
    {
        modalities_of.entry(m.epreuve_id).or_default().push(m);
    }
    Ok(rows
        .into_iter()
        .map(|e| (modalities_of.remove(&e.id).unwrap_or_default(), e))
        .map(|(modalities, e)| EpreuveSettings {
            code: e.code,
            kind: kind_from_db(e.kind),
            duration_minutes: e.duration_minutes.and_then(|m| u32::try_from(m).ok()),
            remote_allowed: e.remote_allowed,
            double_marking: e.double_marking,
            discrepancy: e
                .discrepancy_hundredths
                .map(|h| Decimal::new(h, 2).normalize()),
            modalities: modalities
                .into_iter()
                .map(|m| (m.route, modality_from_db(m.modality)))
                .collect(),
            phases: serde_json::from_str(&e.phases_json).unwrap_or_default(),
        })
        .collect())
}

/// Saves a grid (and possibly new settings for one épreuve) as the version in force.
/// While no session is bound to the version in force, it is corrected in place (same
/// number); otherwise a new version supersedes it and its sessions keep it. Blocs
/// follow the grid; épreuves still in the grid keep their settings; an épreuve new to
/// the grid (not a continuous-assessment module) gets default settings.
pub async fn save_version(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    certification_id: CertificationId,
    grid: &crate::domain::scoring::Grid,
    change: Option<&EpreuveSettings>,
    now: DateTime<Utc>,
) -> Result<Option<VersionId>, DbErr> {
    use entities::exam_session;
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some((_, previous)) = current_version(&txn, organisation, certification_id).await? else {
        return Ok(None);
    };
    let previous_grid: crate::domain::scoring::Grid = serde_json::from_str(&previous.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let mut settings = epreuve_settings(&txn, VersionId(previous.id)).await?;
    if let Some(change) = change {
        match settings.iter_mut().find(|s| s.code == change.code) {
            // The forms do not edit the timed phases: an épreuve keeps its own.
            Some(existing) => {
                let phases = if change.phases.is_empty() {
                    std::mem::take(&mut existing.phases)
                } else {
                    change.phases.clone()
                };
                *existing = EpreuveSettings {
                    phases,
                    ..change.clone()
                };
            }
            None => settings.push(change.clone()),
        }
    }
    for component in &grid.components {
        let new = !previous_grid
            .components
            .iter()
            .any(|c| c.code == component.code);
        if new
            && component.role != ComponentRole::ContinuousAssessment
            && !settings.iter().any(|s| s.code == component.code)
        {
            settings.push(EpreuveSettings {
                code: component.code.clone(),
                kind: match component.scoring {
                    Scoring::Points { .. } => EpreuveKind::WrittenExam,
                    Scoring::Criteria => EpreuveKind::Simulation,
                },
                duration_minutes: None,
                remote_allowed: false,
                double_marking: false,
                discrepancy: None,
                modalities: Vec::new(),
                phases: Vec::new(),
            });
        }
    }
    let bound = exam_session::Entity::find()
        .filter(exam_session::Column::VersionId.eq(previous.id))
        .count(&txn)
        .await?;
    let number = if bound == 0 {
        epreuve::Entity::delete_many()
            .filter(epreuve::Column::VersionId.eq(previous.id))
            .exec(&txn)
            .await?;
        bloc::Entity::delete_many()
            .filter(bloc::Column::VersionId.eq(previous.id))
            .exec(&txn)
            .await?;
        let number = previous.number;
        certification_version::Entity::delete_by_id(previous.id)
            .exec(&txn)
            .await?;
        number
    } else {
        let number = previous.number + 1;
        let mut superseded: certification_version::ActiveModel = previous.clone().into();
        superseded.status = Set(VersionStatus::Superseded);
        superseded.update(&txn).await?;
        number
    };
    let min_attendance = grid.prerequisites.iter().find_map(|p| match p {
        crate::domain::scoring::grid::Prerequisite::MinAttendance { percent } => percent.to_i32(),
    });
    let version = certification_version::ActiveModel {
        certification_id: Set(certification_id.0),
        number: Set(number),
        status: Set(VersionStatus::Active),
        valid_from: Set(previous.valid_from),
        valid_until: Set(previous.valid_until),
        partial_validation: Set(grid.decision.partial_validation),
        capitalisation_years: Set(previous.capitalisation_years),
        retakes_per_bloc: Set(previous.retakes_per_bloc),
        retake_years: Set(previous.retake_years),
        min_attendance_percent: Set(min_attendance),
        access_routes_json: Set(previous.access_routes_json.clone()),
        grid_json: Set(json(grid)?),
        jury_rules_json: Set(previous.jury_rules_json.clone()),
        notes: Set(grid.notes.join("\n")),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let bloc_ids = insert_blocs(&txn, version.id, grid).await?;
    insert_epreuves(&txn, version.id, grid, &bloc_ids, &settings).await?;
    txn.commit().await?;
    Ok(Some(VersionId(version.id)))
}

/// The épreuves of a version: every setting whose component is in the grid, in order.
async fn insert_epreuves(
    db: &impl ConnectionTrait,
    version_id: i32,
    grid: &crate::domain::scoring::Grid,
    bloc_ids: &HashMap<String, i32>,
    settings: &[EpreuveSettings],
) -> Result<(), DbErr> {
    let mut position = 0;
    for planned in settings {
        let Some(component) = grid.components.iter().find(|c| c.code == planned.code) else {
            continue;
        };
        let max = match component.scoring {
            Scoring::Points { max } => hundredths(max),
            Scoring::Criteria => 0,
        };
        let model = epreuve::ActiveModel {
            version_id: Set(version_id),
            bloc_id: Set(bloc_ids.get(&component.unit).copied()),
            code: Set(component.code.clone()),
            title: Set(component.title.clone()),
            kind: Set(kind_to_db(planned.kind)),
            duration_minutes: Set(planned.duration_minutes.and_then(|m| i32::try_from(m).ok())),
            phases_json: Set(json(&planned.phases)?),
            remote_allowed: Set(planned.remote_allowed),
            max_points_hundredths: Set(max),
            coefficient_hundredths: Set(hundredths(component.coefficient)),
            double_marking: Set(planned.double_marking),
            discrepancy_hundredths: Set(planned.discrepancy.map(hundredths)),
            position: Set(position),
            ..Default::default()
        }
        .insert(db)
        .await?;
        position += 1;
        let modalities =
            planned
                .modalities
                .iter()
                .map(|(category, modality)| epreuve_modality::ActiveModel {
                    epreuve_id: Set(model.id),
                    route: Set(category.clone()),
                    modality: Set(modality_to_db(*modality)),
                    ..Default::default()
                });
        epreuve_modality::Entity::insert_many(modalities)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
