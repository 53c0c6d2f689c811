//! The CDC's receipt (accusé de traitement) of a flux, applied to its passages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{DeclarationStatus, FluxStatus};
use entities::{accrochage_flux, accrochage_passage};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::audited;
use crate::domain::ids::{CertificationId, OrganisationId};

/// What an imported receipt did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub number: i32,
    pub accepted: usize,
    pub rejected: usize,
    pub refused: bool,
}

/// Whether the flux is one of the organisation's, for that certification: asked before
/// the upload is even read.
pub async fn flux_is_owned(
    db: &impl ConnectionTrait,
    (organisation, certification_id, flux_id): (OrganisationId, CertificationId, i32),
) -> Result<bool, DbErr> {
    Ok(accrochage_flux::Entity::find_by_id(flux_id)
        .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
        .filter(accrochage_flux::Column::CertificationId.eq(certification_id.0))
        .one(db)
        .await?
        .is_some())
}

/// Applies the CDC's receipt to one of the certification's fluxes, in one transaction;
/// `Ok(Err(message))` (in French, nothing written) when it is not a receipt of that flux.
/// The file is read only once the flux is known to be the organisation's, off the async
/// threads and within the parser's limits.
pub async fn import_receipt(
    db: &sea_orm::DatabaseConnection,
    (organisation, certification_id, flux_id): (OrganisationId, CertificationId, i32),
    bytes: &[u8],
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<Result<Applied, String>, DbErr> {
    use crate::domain::accrochage::receipt::{self, Receipt};
    if !flux_is_owned(db, (organisation, certification_id, flux_id)).await? {
        return Ok(Err(
            "Ce flux n'existe pas pour cette certification.".to_owned()
        ));
    }
    let owned = bytes.to_vec();
    let receipt = match crate::ssr::bounded::off_thread(move || receipt::parse(&owned)).await {
        Ok(r) => r,
        Err(message) => return Ok(Err(message)),
    };
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(flux) = accrochage_flux::Entity::find_by_id(flux_id)
        .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
        .filter(accrochage_flux::Column::CertificationId.eq(certification_id.0))
        .one(&txn)
        .await?
    else {
        return Ok(Err(
            "Ce flux n'existe pas pour cette certification.".to_owned()
        ));
    };
    if flux.status != FluxStatus::Sent {
        return Ok(Err(format!(
            "L'accusé de traitement du flux {} a déjà été importé.",
            flux.number
        )));
    }
    let passages = accrochage_passage::Entity::find()
        .filter(accrochage_passage::Column::FluxId.eq(flux.id))
        .all(&txn)
        .await?;
    let by_id: HashMap<&str, &accrochage_passage::Model> = passages
        .iter()
        .map(|p| (p.id_technique.as_str(), p))
        .collect();
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (status, message, applied) = match receipt {
        Receipt::Refused { errors } => {
            accrochage_passage::Entity::update_many()
                .col_expr(
                    accrochage_passage::Column::Status,
                    sea_orm::sea_query::Expr::value(DeclarationStatus::Refused),
                )
                .filter(accrochage_passage::Column::FluxId.eq(flux.id))
                .exec(&txn)
                .await?;
            let message = errors.join(" ; ");
            (
                FluxStatus::Refused,
                Some(message),
                Applied {
                    number: flux.number,
                    accepted: 0,
                    rejected: 0,
                    refused: true,
                },
            )
        }
        Receipt::Processed {
            id_flux,
            id_traitement,
            accepted,
            rejected,
        } => {
            if id_flux != flux.id_flux {
                let other = accrochage_flux::Entity::find()
                    .filter(accrochage_flux::Column::IdFlux.eq(id_flux.clone()))
                    .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
                    .one(&txn)
                    .await?;
                return Ok(Err(match other {
                    Some(other) => format!(
                        "Cet accusé de traitement est celui du flux {} (idFlux {id_flux}), pas du flux {}.",
                        other.number, flux.number
                    ),
                    None => format!(
                        "Cet accusé de traitement cite le flux « {id_flux} », qui n'est pas un flux envoyé par l'organisme (le flux {} a l'idFlux {}).",
                        flux.number, flux.id_flux
                    ),
                }));
            }
            let unknown: Vec<&str> = accepted
                .iter()
                .map(String::as_str)
                .chain(rejected.iter().map(|(id, _)| id.as_str()))
                .filter(|id| !by_id.contains_key(id))
                .collect();
            if !unknown.is_empty() {
                return Ok(Err(format!(
                    "L'accusé cite {} passage(s) absent(s) du flux {} : {}.",
                    unknown.len(),
                    flux.number,
                    unknown
                        .iter()
                        .take(5)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            let mut counted = (0, 0);
            for id in &accepted {
                set_status(
                    &txn,
                    by_id[id.as_str()].id,
                    DeclarationStatus::Accepted,
                    None,
                )
                .await?;
                counted.0 += 1;
            }
            for (id, message) in &rejected {
                if receipt::already_known(message) {
                    set_status(
                        &txn,
                        by_id[id.as_str()].id,
                        DeclarationStatus::Accepted,
                        Some(message.clone()),
                    )
                    .await?;
                    counted.0 += 1;
                } else {
                    set_status(
                        &txn,
                        by_id[id.as_str()].id,
                        DeclarationStatus::Rejected,
                        Some(message.clone()),
                    )
                    .await?;
                    counted.1 += 1;
                }
            }
            (
                FluxStatus::Processed,
                id_traitement.map(|t| format!("traitement {t}")),
                Applied {
                    number: flux.number,
                    accepted: counted.0,
                    rejected: counted.1,
                    refused: false,
                },
            )
        }
    };
    let mut active: accrochage_flux::ActiveModel = flux.clone().into();
    active.status = Set(status);
    active.receipt_xml = Set(Some(text));
    active.receipt_at = Set(Some(now));
    active.receipt_message = Set(message.clone());
    active.update(&txn).await?;
    audited(
        &txn,
        (actor, now),
        ("accrochage", flux.number.to_string(), "accuse"),
        (
            None,
            Some(
                serde_json::json!({
                    "refused": applied.refused,
                    "accepted": applied.accepted,
                    "rejected": applied.rejected,
                    "message": message,
                })
                .to_string(),
            ),
        ),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(applied))
}

async fn set_status(
    db: &impl ConnectionTrait,
    passage: i32,
    status: DeclarationStatus,
    message: Option<String>,
) -> Result<(), DbErr> {
    accrochage_passage::ActiveModel {
        id: Set(passage),
        status: Set(status),
        message: Set(message),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
