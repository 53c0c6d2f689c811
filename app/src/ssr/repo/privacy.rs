//! The organisation's privacy settings: who the data controller and the data
//! protection contact are, and its retention policy — each change audited.

use chrono::{DateTime, Utc};
use entities::organisation;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::ids::OrganisationId;
use crate::domain::organisation::PrivacyContacts as Contacts;
use crate::domain::retention::Policy;

pub async fn contacts(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Option<Contacts>, DbErr> {
    Ok(organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| Contacts {
            name: o.name,
            address: o.address.unwrap_or_default(),
            controller: o.privacy_controller.unwrap_or_default(),
            contact: o.privacy_contact.unwrap_or_default(),
            policy: Policy::stored(o.retention_json.as_deref()),
        }))
}

/// Every organisation, by name (the notice's choice when no one is logged in).
pub async fn organisations(db: &impl ConnectionTrait) -> Result<Vec<(i32, String)>, DbErr> {
    organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .order_by_asc(organisation::Column::Name)
        .into_tuple()
        .all(db)
        .await
}

/// One audited change of the organisation's row.
async fn change(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    (action, before, after): (&str, String, String),
    columns: Vec<(organisation::Column, sea_orm::sea_query::SimpleExpr)>,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<(), DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let mut update =
        organisation::Entity::update_many().filter(organisation::Column::Id.eq(organisation.0));
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    update.exec(&txn).await?;
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor,
            entity: "organisation".to_owned(),
            entity_id: organisation.0.to_string(),
            action: action.to_owned(),
            before: Some(before),
            after: Some(after),
            reason: None,
            session: None,
        },
    )
    .await?;
    txn.commit().await
}

/// Saves the controller and the contact (checked by the caller).
pub async fn save_contacts(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    (controller, contact): (&str, &str),
    by: (Option<i32>, DateTime<Utc>),
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    let before = contacts(db, organisation).await?;
    let json = |a: &str, b: &str| serde_json::json!({ "responsable": a, "contact": b }).to_string();
    change(
        db,
        organisation,
        (
            "privacy_contacts",
            before.map_or_else(String::new, |b| json(&b.controller, &b.contact)),
            json(controller, contact),
        ),
        vec![
            (
                organisation::Column::PrivacyController,
                Expr::value(controller.to_owned()),
            ),
            (
                organisation::Column::PrivacyContact,
                Expr::value(contact.to_owned()),
            ),
        ],
        by,
    )
    .await
}

/// Saves the retention policy (checked by `Policy::parse`).
pub async fn save_policy(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    policy: &Policy,
    by: (Option<i32>, DateTime<Utc>),
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    let before = super::retention::policy(db, organisation).await?;
    change(
        db,
        organisation,
        ("retention_policy", before.to_json(), policy.to_json()),
        vec![(
            organisation::Column::RetentionJson,
            Expr::value(policy.to_json()),
        )],
        by,
    )
    .await
}
