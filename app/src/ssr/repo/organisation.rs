//! The organisation's own settings: its identity as documents state it.

use chrono::{DateTime, Utc};
use entities::organisation;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::domain::ids::OrganisationId;
use crate::domain::organisation::Identity;

/// The organisation's identity (empty fields where not set yet).
pub async fn identity(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Option<Identity>, DbErr> {
    Ok(organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| Identity {
            name: o.name,
            siret: o.siret,
            address: o.address.unwrap_or_default(),
            signatory_name: o.signatory_name.unwrap_or_default(),
            signatory_quality: o.signatory_quality.unwrap_or_default(),
        }))
}

/// The identity of the organisation that runs a session.
pub async fn identity_of_session(
    db: &impl ConnectionTrait,
    session: i32,
) -> Result<Option<Identity>, DbErr> {
    let Some(session) = entities::exam_session::Entity::find_by_id(session)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    identity(db, OrganisationId(session.organisation_id)).await
}

/// Why an identity was not saved.
#[derive(Debug)]
pub enum NotSaved {
    /// Another organisation has this SIRET.
    SiretTaken,
    /// Another organisation has this name (without case, accents or spacing).
    NameTaken,
    Db(DbErr),
}

impl From<DbErr> for NotSaved {
    fn from(e: DbErr) -> Self {
        NotSaved::Db(e)
    }
}

/// Whether another organisation than `but` has a name of this key.
pub async fn name_taken(
    db: &impl ConnectionTrait,
    key: &str,
    but: Option<OrganisationId>,
) -> Result<bool, DbErr> {
    let mut query = organisation::Entity::find().filter(organisation::Column::NameKey.eq(key));
    if let Some(but) = but {
        query = query.filter(organisation::Column::Id.ne(but.0));
    }
    Ok(query.one(db).await?.is_some())
}

/// Saves the identity (checked by the caller), audited with what it was. The unique
/// index on the name's key settles two organisations renaming themselves at once.
pub async fn save_identity(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    identity: &Identity,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<(), NotSaved> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let taken = organisation::Entity::find()
        .filter(organisation::Column::Siret.eq(identity.siret.as_str()))
        .filter(organisation::Column::Id.ne(organisation.0))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(NotSaved::SiretTaken);
    }
    let key = crate::domain::organisation::name_key(&identity.name);
    if name_taken(&txn, &key, Some(organisation)).await? {
        return Err(NotSaved::NameTaken);
    }
    let before = self::identity(&txn, organisation).await?;
    organisation::ActiveModel {
        id: Set(organisation.0),
        name: Set(identity.name.clone()),
        name_key: Set(Some(key)),
        siret: Set(identity.siret.clone()),
        address: Set(Some(identity.address.clone())),
        signatory_name: Set(Some(identity.signatory_name.clone())),
        signatory_quality: Set(Some(identity.signatory_quality.clone())),
        ..Default::default()
    }
    .update(&txn)
    .await
    .map_err(|e| {
        if matches!(
            e.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            NotSaved::NameTaken
        } else {
            NotSaved::Db(e)
        }
    })?;
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor,
            entity: "organisation".to_owned(),
            entity_id: organisation.0.to_string(),
            action: "identity".to_owned(),
            before: before.and_then(|b| serde_json::to_string(&b).ok()),
            after: serde_json::to_string(identity).ok(),
            reason: None,
            session: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An image of the organisation: its logo, or the scanned signature of its signatory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Logo,
    Signature,
}

impl ImageKind {
    pub fn code(self) -> &'static str {
        match self {
            ImageKind::Logo => "logo",
            ImageKind::Signature => "signature",
        }
    }

    pub fn parse(text: &str) -> Option<ImageKind> {
        match text {
            "logo" => Some(ImageKind::Logo),
            "signature" => Some(ImageKind::Signature),
            _ => None,
        }
    }
}

/// A checked image to keep.
pub struct NewImage<'a> {
    pub kind: ImageKind,
    pub mime: &'static str,
    pub bytes: &'a [u8],
    pub size: (u32, u32),
}

/// Replaces the organisation's image of that kind, audited (its size and fingerprint).
pub async fn save_image(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    image: NewImage<'_>,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<(), DbErr> {
    use entities::organisation_image;
    use sha2::Digest;
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    organisation_image::Entity::delete_many()
        .filter(organisation_image::Column::OrganisationId.eq(organisation.0))
        .filter(organisation_image::Column::Kind.eq(image.kind.code()))
        .exec(&txn)
        .await?;
    organisation_image::ActiveModel {
        organisation_id: Set(organisation.0),
        kind: Set(image.kind.code().to_owned()),
        mime: Set(image.mime.to_owned()),
        bytes: Set(image.bytes.to_vec()),
        width: Set(i32::try_from(image.size.0).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(image.size.1).unwrap_or(i32::MAX)),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor,
            entity: "organisation".to_owned(),
            entity_id: organisation.0.to_string(),
            action: image.kind.code().to_owned(),
            before: None,
            after: Some(
                serde_json::json!({
                    "mime": image.mime,
                    "width": image.size.0,
                    "height": image.size.1,
                    "sha256": format!("{:x}", sha2::Sha256::digest(image.bytes)),
                })
                .to_string(),
            ),
            reason: None,
            session: None,
        },
    )
    .await?;
    txn.commit().await
}

/// The organisation's image of that kind: (MIME type, bytes).
pub async fn image(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    kind: ImageKind,
) -> Result<Option<(String, Vec<u8>)>, DbErr> {
    use entities::organisation_image;
    Ok(organisation_image::Entity::find()
        .filter(organisation_image::Column::OrganisationId.eq(organisation.0))
        .filter(organisation_image::Column::Kind.eq(kind.code()))
        .one(db)
        .await?
        .map(|i| (i.mime, i.bytes)))
}

/// Which images the organisation has: (logo, signature), each with its size in pixels.
pub async fn images(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<(Option<(i32, i32)>, Option<(i32, i32)>), DbErr> {
    use entities::organisation_image;
    let all = organisation_image::Entity::find()
        .filter(organisation_image::Column::OrganisationId.eq(organisation.0))
        .all(db)
        .await?;
    let of = |kind: ImageKind| {
        all.iter()
            .find(|i| i.kind == kind.code())
            .map(|i| (i.width, i.height))
    };
    Ok((of(ImageKind::Logo), of(ImageKind::Signature)))
}

/// The organisation's letterhead on its documents: name, address, SIRET, logo, and its
/// signatory with the scanned signature (`None` for an unknown organisation).
pub async fn letterhead(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Option<crate::domain::document::Letterhead>, DbErr> {
    use crate::domain::document::{Image, Letterhead, Signatory};
    use entities::organisation_image;
    let Some(identity) = identity(db, organisation).await? else {
        return Ok(None);
    };
    let images = organisation_image::Entity::find()
        .filter(organisation_image::Column::OrganisationId.eq(organisation.0))
        .all(db)
        .await?;
    let image = |kind: ImageKind| {
        images
            .iter()
            .find(|i| i.kind == kind.code())
            .map(|i| Image {
                bytes: i.bytes.clone(),
                width: u32::try_from(i.width).unwrap_or(1),
                height: u32::try_from(i.height).unwrap_or(1),
            })
    };
    let signatory = (!identity.signatory_name.trim().is_empty()).then(|| Signatory {
        role: "Pour l'organisme certificateur".to_owned(),
        name: identity.signatory_name.clone(),
        quality: identity.signatory_quality.clone(),
        note: String::new(),
        signature: image(ImageKind::Signature),
    });
    Ok(Some(Letterhead {
        name: identity.name,
        siret: identity.siret,
        address: identity.address,
        logo: image(ImageKind::Logo),
        signatory,
    }))
}

/// The letterhead of the organisation holding a session.
pub async fn letterhead_of_session(
    db: &impl ConnectionTrait,
    session: crate::domain::ids::SessionId,
) -> Result<Option<crate::domain::document::Letterhead>, DbErr> {
    let Some(session) = entities::exam_session::Entity::find_by_id(session.0)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    letterhead(db, OrganisationId(session.organisation_id)).await
}

/// The letterhead of the organisation a candidate belongs to.
pub async fn letterhead_of_candidate(
    db: &impl ConnectionTrait,
    candidate: i32,
) -> Result<Option<crate::domain::document::Letterhead>, DbErr> {
    let Some(person) = entities::candidate::Entity::find_by_id(candidate)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    letterhead(db, OrganisationId(person.organisation_id)).await
}
