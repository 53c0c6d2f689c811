//! Organisations' signing keys, the credentials of their documents, revocation and the
//! status list. A document's credential is signed on its first request with the
//! organisation's current key and kept as signed: the same bytes ever after.

use chrono::{DateTime, Utc};
use entities::{certification, certification_version, document, exam_session, signing_key};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::Value;

use crate::domain::audit::Record;
use crate::domain::certificate::Issued;
use crate::domain::credential::{self, Issuer, Links, PublishedKey};
use crate::domain::ids::OrganisationId;
use crate::ssr::credentials::{self as crypto, Refusal};

/// The organisation's key that signs now, created if it has none.
pub async fn current_key(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    now: DateTime<Utc>,
) -> Result<signing_key::Model, DbErr> {
    let current = signing_key::Entity::find()
        .filter(signing_key::Column::OrganisationId.eq(organisation.0))
        .filter(signing_key::Column::RetiredAt.is_null())
        .order_by_desc(signing_key::Column::Number)
        .one(db)
        .await?;
    match current {
        Some(key) => Ok(key),
        None => new_key(db, organisation, 1, now).await,
    }
}

async fn new_key(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    number: i32,
    now: DateTime<Utc>,
) -> Result<signing_key::Model, DbErr> {
    let (secret, public) = crypto::new_key_pair();
    signing_key::ActiveModel {
        organisation_id: Set(organisation.0),
        number: Set(number),
        public_key: Set(public.to_vec()),
        sealed_private_key: Set(crypto::seal(&secret)),
        created_at: Set(now),
        retired_at: Set(None),
        compromised_since: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Retires the organisation's current key and makes a new one, audited; the old key
/// stays published so that what it signed still verifies. The new key's number.
pub async fn rotate(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let old = current_key(&txn, organisation, now).await?;
    signing_key::Entity::update_many()
        .col_expr(signing_key::Column::RetiredAt, Expr::value(now))
        .filter(signing_key::Column::OrganisationId.eq(organisation.0))
        .filter(signing_key::Column::RetiredAt.is_null())
        .exec(&txn)
        .await?;
    let new = new_key(&txn, organisation, old.number + 1, now).await?;
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor,
            entity: "signing_key".to_owned(),
            entity_id: organisation.0.to_string(),
            action: "rotate".to_owned(),
            before: Some(format!("key-{}", old.number)),
            after: Some(format!("key-{}", new.number)),
            reason: None,
            session: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(new.number)
}

/// What declaring the current key compromised did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compromise {
    /// The compromised key's number, and the new key's.
    pub old: i32,
    pub new: i32,
    /// The credentials it had signed, to be signed again with the new key (on their
    /// next request, as every credential is).
    pub resigned: u64,
    /// Of those, the ones it signed since the compromise.
    pub since_compromise: u64,
}

/// Declares the organisation's current key compromised since `since`: it leaves the
/// DID document (nothing it signed verifies any more, a forgery least of all), a new
/// key signs from now, every credential the old key signed is signed again with the
/// new one, and all of it is audited. Renewing (`rotate`) keeps the old key published;
/// this does not.
pub async fn compromise(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    since: DateTime<Utc>,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<Compromise, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let old = current_key(&txn, organisation, now).await?;
    let since = since.max(old.created_at).min(now);
    signing_key::Entity::update_many()
        .col_expr(signing_key::Column::RetiredAt, Expr::value(now))
        .col_expr(signing_key::Column::CompromisedSince, Expr::value(since))
        .filter(signing_key::Column::Id.eq(old.id))
        .exec(&txn)
        .await?;
    let new = new_key(&txn, organisation, old.number + 1, now).await?;
    // The credentials the old key signed, found by its verification method.
    let method_suffix = format!(":organisations:{}#key-{}", organisation.0, old.number);
    let sessions: Vec<i32> = exam_session::Entity::find()
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let (mut resigned, mut since_compromise) = (0u64, 0u64);
    for chunk in sessions.chunks(super::chunked::CHUNK) {
        let signed = document::Entity::find()
            .filter(document::Column::SessionId.is_in(chunk.iter().copied()))
            .filter(document::Column::CredentialJson.like(format!("%{method_suffix}\"%")))
            .all(&txn)
            .await?;
        // The proofs made with the old key, with when they were made.
        let proofs: Vec<(i32, Option<DateTime<Utc>>)> = signed
            .iter()
            .filter_map(|doc| {
                let json: Value = serde_json::from_str(doc.credential_json.as_deref()?).ok()?;
                (crypto::verification_method(&json).and_then(credential::parse_key_id)
                    == Some((organisation.0, old.number)))
                .then(|| {
                    let created = json["proof"]["created"]
                        .as_str()
                        .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
                        .map(|c| c.with_timezone(&Utc));
                    (doc.id, created)
                })
            })
            .collect();
        resigned += proofs.len() as u64;
        since_compromise += proofs
            .iter()
            .filter(|(_, created)| created.is_none_or(|c| c >= since))
            .count() as u64;
        document::Entity::update_many()
            .col_expr(
                document::Column::CredentialJson,
                Expr::value(Option::<String>::None),
            )
            .filter(document::Column::Id.is_in(proofs.iter().map(|(id, _)| *id)))
            .exec(&txn)
            .await?;
    }
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor,
            entity: "signing_key".to_owned(),
            entity_id: organisation.0.to_string(),
            action: "compromise".to_owned(),
            before: Some(format!("key-{}", old.number)),
            after: Some(format!("key-{}", new.number)),
            reason: Some(format!(
                "Clé key-{} déclarée compromise depuis le {} : retirée du document DID ; {resigned} attestation(s) signée(s) avec elle seront signées à nouveau avec la clé key-{} (dont {since_compromise} signée(s) depuis cette date).",
                old.number,
                crate::domain::format::datetime_fr(since),
                new.number
            )),
            session: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Compromise {
        old: old.number,
        new: new.number,
        resigned,
        since_compromise,
    })
}

/// Every key the organisation ever had that was not declared compromised, oldest first
/// (its DID document).
pub async fn published_keys(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Vec<PublishedKey>, DbErr> {
    Ok(signing_key::Entity::find()
        .filter(signing_key::Column::OrganisationId.eq(organisation.0))
        .filter(signing_key::Column::CompromisedSince.is_null())
        .order_by_asc(signing_key::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|k| {
            Some(PublishedKey {
                number: k.number,
                public_key: k.public_key.as_slice().try_into().ok()?,
            })
        })
        .collect())
}

/// The key state shown on the settings page: (current number, created at, retired count).
pub async fn key_summary(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Option<(i32, DateTime<Utc>, usize)>, DbErr> {
    let keys = signing_key::Entity::find()
        .filter(signing_key::Column::OrganisationId.eq(organisation.0))
        .order_by_desc(signing_key::Column::Number)
        .all(db)
        .await?;
    Ok(keys.iter().find(|k| k.retired_at.is_none()).map(|k| {
        let published = keys
            .iter()
            .filter(|o| o.retired_at.is_some() && o.compromised_since.is_none())
            .count();
        (k.number, k.created_at, published)
    }))
}

/// The public key of a verification method of this server's DIDs, if it is known.
pub async fn public_key(
    db: &impl ConnectionTrait,
    method: &str,
) -> Result<Option<[u8; 32]>, DbErr> {
    let Some((organisation, number)) = credential::parse_key_id(method) else {
        return Ok(None);
    };
    Ok(signing_key::Entity::find()
        .filter(signing_key::Column::OrganisationId.eq(organisation))
        .filter(signing_key::Column::Number.eq(number))
        .filter(signing_key::Column::CompromisedSince.is_null())
        .one(db)
        .await?
        .and_then(|k| k.public_key.as_slice().try_into().ok()))
}

/// The organisation's status list address.
pub fn status_list_url(public_url: &str, organisation: OrganisationId) -> String {
    format!(
        "{}/organisations/{}/statuts",
        public_url.trim_end_matches('/'),
        organisation.0
    )
}

/// A document with the organisation that issued it.
pub struct Owned {
    pub document: document::Model,
    pub issued: Issued,
    pub organisation: OrganisationId,
}

/// The document of this verification code with its organisation.
pub async fn owned_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<Owned>, DbErr> {
    let Some((document, issued)) = super::publication::by_code(db, code).await? else {
        return Ok(None);
    };
    let Some(session) = exam_session::Entity::find_by_id(document.session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(Owned {
        document,
        issued,
        organisation: OrganisationId(session.organisation_id),
    }))
}

/// The end of validity of a document: its jury's decision plus the certification's
/// validity, if the certification has one.
async fn valid_until(
    db: &impl ConnectionTrait,
    document: &document::Model,
    issued: &Issued,
) -> Result<Option<chrono::NaiveDate>, DbErr> {
    let Some(session) = exam_session::Entity::find_by_id(document.session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(version) = certification_version::Entity::find_by_id(session.version_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let years = certification::Entity::find_by_id(version.certification_id)
        .one(db)
        .await?
        .and_then(|c| c.validity_years);
    Ok(years.and_then(|y| {
        issued
            .holder
            .decided_on
            .checked_add_months(chrono::Months::new(12 * y.max(0) as u32))
            .and_then(|d| d.pred_opt())
    }))
}

/// The signed credential of the document of `code`: `None` if there is no such
/// document or it is not an award (transcripts, attendance certificates). Signed and
/// kept on first request.
pub async fn credential_of(
    db: &impl ConnectionTrait,
    public_url: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<Value>, DbErr> {
    let Some(owned) = owned_by_code(db, code).await? else {
        return Ok(None);
    };
    if let Some(kept) = owned
        .document
        .credential_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
    {
        return Ok(Some(kept));
    }
    let Some(identity) = super::organisation::identity(db, owned.organisation).await? else {
        return Ok(None);
    };
    let base = public_url.trim_end_matches('/');
    let did = credential::organisation_did(public_url, owned.organisation.0);
    let issuer = Issuer {
        did: did.clone(),
        name: identity.name,
        url: base.to_owned(),
        siret: Some(identity.siret),
        address: Some(identity.address),
    };
    let links = Links {
        verification: format!("{base}/verification/{code}"),
        status_list: status_list_url(public_url, owned.organisation),
        status_index: owned.document.id,
    };
    let until = valid_until(db, &owned.document, &owned.issued).await?;
    let Some(unsigned) = credential::open_badge(
        &owned.issued,
        &issuer,
        &links,
        owned.document.issued_at,
        until,
    ) else {
        return Ok(None);
    };
    let key = current_key(db, owned.organisation, now).await?;
    let secret = crypto::unseal(&key.sealed_private_key).ok_or_else(|| {
        DbErr::Custom("the organisation's signing key does not open with APP_SECRET_KEY".to_owned())
    })?;
    let signed = crypto::sign(
        &unsigned,
        &secret,
        &credential::key_id(&did, key.number),
        now,
    )
    .map_err(|e| DbErr::Custom(format!("credential: {e}")))?;
    document::Entity::update_many()
        .col_expr(
            document::Column::CredentialJson,
            Expr::value(signed.to_string()),
        )
        .filter(document::Column::Id.eq(owned.document.id))
        .filter(document::Column::CredentialJson.is_null())
        .exec(db)
        .await?;
    // Whoever signed first: the kept credential.
    let kept = document::Entity::find_by_id(owned.document.id)
        .one(db)
        .await?
        .and_then(|d| d.credential_json)
        .and_then(|j| serde_json::from_str(&j).ok());
    Ok(kept.or(Some(signed)))
}

/// Checks a credential's proof against the keys this server published.
pub async fn verify(
    db: &impl ConnectionTrait,
    credential: &Value,
) -> Result<Result<String, Refusal>, DbErr> {
    let key = match crypto::verification_method(credential) {
        Some(method) => public_key(db, method).await?,
        None => None,
    };
    Ok(crypto::verify(credential, |_| key))
}

/// The organisation's status list credential, signed now.
pub async fn status_list(
    db: &impl ConnectionTrait,
    public_url: &str,
    organisation: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Option<Value>, DbErr> {
    if entities::organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let sessions: Vec<i32> = exam_session::Entity::find()
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let revoked: Vec<usize> = super::chunked::all(sessions, |chunk| {
        document::Entity::find()
            .filter(document::Column::SessionId.is_in(chunk))
            .filter(document::Column::RevokedAt.is_not_null())
            .all(db)
    })
    .await?
    .into_iter()
    .filter_map(|d| usize::try_from(d.id).ok())
    .collect();
    let encoded = crypto::encode_status_list(&credential::status_bits(&revoked));
    let did = credential::organisation_did(public_url, organisation.0);
    let unsigned = credential::status_list_credential(
        &status_list_url(public_url, organisation),
        &did,
        &encoded,
        now,
    );
    let key = current_key(db, organisation, now).await?;
    let secret = crypto::unseal(&key.sealed_private_key).ok_or_else(|| {
        DbErr::Custom("the organisation's signing key does not open with APP_SECRET_KEY".to_owned())
    })?;
    crypto::sign(
        &unsigned,
        &secret,
        &credential::key_id(&did, key.number),
        now,
    )
    .map(Some)
    .map_err(|e| DbErr::Custom(format!("status list: {e}")))
}

/// Why a document was not revoked.
#[derive(Debug, PartialEq, Eq)]
pub enum NotRevoked {
    /// No such document among the organisation's.
    NotFound,
    AlreadyRevoked,
    NoReason,
}

/// The longest reason kept.
pub const REASON_MAX: usize = 500;

/// Revokes one of the organisation's documents with its reason, audited in the
/// document's session chain.
pub async fn revoke(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    code: &str,
    reason: &str,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Result<(), NotRevoked>, DbErr> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Ok(Err(NotRevoked::NoReason));
    }
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(owned) = owned_by_code(&txn, code).await? else {
        return Ok(Err(NotRevoked::NotFound));
    };
    if owned.organisation != organisation {
        return Ok(Err(NotRevoked::NotFound));
    }
    let updated = document::Entity::update_many()
        .col_expr(document::Column::RevokedAt, Expr::value(now))
        .col_expr(
            document::Column::RevokedReason,
            Expr::value(reason.to_owned()),
        )
        .filter(document::Column::Id.eq(owned.document.id))
        .filter(document::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(Err(NotRevoked::AlreadyRevoked));
    }
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor,
            entity: "document".to_owned(),
            entity_id: code.to_owned(),
            action: "revoke".to_owned(),
            before: None,
            after: Some(owned.document.title.clone()),
            reason: Some(reason.to_owned()),
            session: Some(owned.document.session_id),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// The documents issued for an enrolment (the caller checked it is the organisation's).
pub async fn of_enrolment(
    db: &impl ConnectionTrait,
    enrolment: crate::domain::ids::EnrolmentId,
) -> Result<Vec<crate::api::credentials::IssuedDocument>, DbErr> {
    Ok(document::Entity::find()
        .filter(document::Column::EnrolmentId.eq(enrolment.0))
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|d| crate::api::credentials::IssuedDocument {
            code: d.verification_code,
            title: d.title,
            issued_at: d.issued_at,
            revoked: d
                .revoked_at
                .map(|at| (at, d.revoked_reason.unwrap_or_default())),
        })
        .collect())
}
