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
use crate::domain::ids::{CertificationId, OrganisationId, VersionId};
use crate::domain::scoring::grid::{Scoring, UnitKind};
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
    }
}

fn modality_to_db(modality: Modality) -> DbModality {
    match modality {
        Modality::Ccf => DbModality::Ccf,
        Modality::PonctuelEcrit => DbModality::PonctuelEcrit,
        Modality::PonctuelOral => DbModality::PonctuelOral,
        Modality::PonctuelPratique => DbModality::PonctuelPratique,
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

/// Whether the organisation already has a certification with this code.
pub async fn code_taken(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    code: &str,
) -> Result<bool, DbErr> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    Ok(certification::Entity::find()
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .filter(certification::Column::Code.eq(code))
        .count(db)
        .await?
        > 0)
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
        template_key: Set(Some(template.key.to_owned())),
        created_at: Set(now),
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
        min_attendance_percent: Set(template.min_attendance_percent().and_then(|p| p.to_i32())),
        access_routes_json: Set("[]".to_owned()),
        grid_json: Set(json(&template.grid)?),
        jury_rules_json: Set("{}".to_owned()),
        notes: Set(template.grid.notes.join("\n")),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let bloc_ids = insert_blocs(db, version.id, &template.grid).await?;

    for (position, planned) in template.epreuves.iter().enumerate() {
        let Some(component) = template
            .grid
            .components
            .iter()
            .find(|c| c.code == planned.component)
        else {
            return Err(DbErr::Custom(format!(
                "épreuve {} absente de la grille",
                planned.component
            )));
        };
        let max = match component.scoring {
            Scoring::Points { max } => hundredths(max),
            Scoring::Criteria => 0,
        };
        let model = epreuve::ActiveModel {
            version_id: Set(version.id),
            bloc_id: Set(bloc_ids.get(&component.unit).copied()),
            code: Set(component.code.clone()),
            title: Set(component.title.clone()),
            kind: Set(kind_to_db(planned.kind)),
            duration_minutes: Set(planned.duration_minutes.and_then(|m| i32::try_from(m).ok())),
            phases_json: Set(json(&planned.phases)?),
            remote_allowed: Set(planned.remote_allowed),
            max_points_hundredths: Set(max),
            coefficient_hundredths: Set(hundredths(component.coefficient)),
            double_marking: Set(false),
            discrepancy_hundredths: Set(None),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let modalities =
            planned
                .modalities
                .iter()
                .map(|(category, modality)| epreuve_modality::ActiveModel {
                    epreuve_id: Set(model.id),
                    route: Set((*category).to_owned()),
                    modality: Set(modality_to_db(*modality)),
                    ..Default::default()
                });
        epreuve_modality::Entity::insert_many(modalities)
            .exec_without_returning(db)
            .await?;
    }
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
    let sessions = exam_session::Entity::find()
        .filter(exam_session::Column::VersionId.is_in(versions.iter().map(|v| v.id)))
        .all(db)
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

/// Saves a new version with a new grid: the previous version is superseded but stays
/// bound to its sessions; blocs follow the grid, épreuves still in the grid are kept.
pub async fn new_version_with_grid(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    certification_id: CertificationId,
    grid: &crate::domain::scoring::Grid,
    now: DateTime<Utc>,
) -> Result<Option<VersionId>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter, TransactionTrait};
    let txn = db.begin().await?;
    let Some((_, previous)) = current_version(&txn, organisation, certification_id).await? else {
        return Ok(None);
    };
    let min_attendance = grid.prerequisites.iter().find_map(|p| match p {
        crate::domain::scoring::grid::Prerequisite::MinAttendance { percent } => percent.to_i32(),
    });
    let version = certification_version::ActiveModel {
        certification_id: Set(certification_id.0),
        number: Set(previous.number + 1),
        status: Set(VersionStatus::Active),
        valid_from: Set(previous.valid_from),
        valid_until: Set(previous.valid_until),
        partial_validation: Set(grid.decision.partial_validation),
        capitalisation_years: Set(previous.capitalisation_years),
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
    let old_epreuves = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(previous.id))
        .all(&txn)
        .await?;
    for old in old_epreuves {
        let Some(component) = grid.components.iter().find(|c| c.code == old.code) else {
            continue;
        };
        let max = match component.scoring {
            Scoring::Points { max } => hundredths(max),
            Scoring::Criteria => 0,
        };
        let model = epreuve::ActiveModel {
            version_id: Set(version.id),
            bloc_id: Set(bloc_ids.get(&component.unit).copied()),
            code: Set(old.code.clone()),
            title: Set(component.title.clone()),
            kind: Set(old.kind),
            duration_minutes: Set(old.duration_minutes),
            phases_json: Set(old.phases_json.clone()),
            remote_allowed: Set(old.remote_allowed),
            max_points_hundredths: Set(max),
            coefficient_hundredths: Set(hundredths(component.coefficient)),
            double_marking: Set(old.double_marking),
            discrepancy_hundredths: Set(old.discrepancy_hundredths),
            position: Set(old.position),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let modalities = epreuve_modality::Entity::find()
            .filter(epreuve_modality::Column::EpreuveId.eq(old.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| epreuve_modality::ActiveModel {
                epreuve_id: Set(model.id),
                route: Set(m.route),
                modality: Set(m.modality),
                ..Default::default()
            });
        epreuve_modality::Entity::insert_many(modalities)
            .exec_without_returning(&txn)
            .await?;
    }
    let mut superseded: certification_version::ActiveModel = previous.into();
    superseded.status = Set(VersionStatus::Superseded);
    superseded.update(&txn).await?;
    txn.commit().await?;
    Ok(Some(VersionId(version.id)))
}
