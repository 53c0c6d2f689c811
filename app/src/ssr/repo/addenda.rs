//! A candidate's identity rectified after their session's PV was closed: the PV as
//! signed never changes; an addendum is issued beside it (what changed, when, who
//! accepted it, audited), and the candidate's documents already issued are reissued
//! under the rectified identity in the same transaction — each old one revoked with the
//! new one's code, each new one linked to the one it replaces.

use chrono::{DateTime, Utc};
use entities::{candidate, document, enrolment, exam_session, jury, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::domain::audit::Record;
use crate::domain::certificate::Issued;
use crate::domain::deliberation::{Addendum, Pv};
use crate::domain::ids::OrganisationId;

/// The name of the `number`th addendum among the session's files.
pub fn addendum_name(number: usize) -> String {
    format!("pv-avenant-{number}.pdf")
}

/// After a rectification of `candidate_id` accepted at `now` (inside the caller's
/// transaction): for each of their sessions whose PV is closed, an addendum issued and
/// their documents reissued. Returns the addenda issued (session id, file name).
pub async fn after_rectification(
    db: &impl ConnectionTrait,
    candidate_id: i32,
    (changes, reason): (&[(&'static str, String, String)], &str),
    (by, now): (i32, DateTime<Utc>),
    renderer: &dyn crate::ssr::ports::PdfRenderer,
) -> Result<Vec<(i32, String)>, DbErr> {
    let Some(person) = candidate::Entity::find_by_id(candidate_id).one(db).await? else {
        return Ok(Vec::new());
    };
    let accepted_by = user::Entity::find_by_id(by)
        .one(db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let name = crate::domain::format::holder_name(&person.first_name, &person.last_name);
    let mut issued = Vec::new();
    for e in enrolment::Entity::find()
        .filter(enrolment::Column::CandidateId.eq(candidate_id))
        .all(db)
        .await?
    {
        let Some(the_jury) = jury::Entity::find()
            .filter(jury::Column::SessionId.eq(e.session_id))
            .one(db)
            .await?
        else {
            continue;
        };
        let Some(pv) = the_jury
            .pv_json
            .as_deref()
            .and_then(|json| serde_json::from_str::<Pv>(json).ok())
        else {
            continue;
        };
        let Some(session) = exam_session::Entity::find_by_id(e.session_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let number = super::session_files::all(db, session.id)
            .await?
            .iter()
            .filter(|f| f.name.starts_with("pv-avenant-"))
            .count()
            + 1;
        let reissued = reissue(db, e.id, (&name, person.birth_date), number, now).await?;
        let addendum = Addendum {
            number,
            certification: format!("{} — {}", pv.certification, pv.code),
            certifier: pv.certifier.clone(),
            session: pv.session.clone(),
            pv_sha256: super::deliberation::signed_hash(db, &the_jury)
                .await?
                .unwrap_or_default(),
            candidate_number: e.candidate_number.clone(),
            changes: changes
                .iter()
                .map(|(field, before, after)| ((*field).to_owned(), before.clone(), after.clone()))
                .collect(),
            accepted_at: super::schedule::to_local(now),
            accepted_by: accepted_by.clone(),
            reason: reason.to_owned(),
            reissued,
        };
        let letterhead =
            super::organisation::letterhead(db, OrganisationId(session.organisation_id)).await?;
        let bytes = renderer.render(
            &crate::ssr::bulk::with_letterhead(addendum.document(), letterhead.as_ref())
                .issued(now),
        );
        let file = addendum_name(number);
        super::session_files::issue(
            db,
            session.id,
            (&file, &format!("Avenant n° {number} au procès-verbal")),
            bytes,
            (Some(by), now),
        )
        .await?;
        issued.push((session.id, file));
    }
    Ok(issued)
}

/// Reissues the enrolment's documents in force under the rectified identity; returns
/// (title, revoked code, new code) of each.
async fn reissue(
    db: &impl ConnectionTrait,
    enrolment_id: i32,
    (name, birth_date): (&str, chrono::NaiveDate),
    addendum: usize,
    now: DateTime<Utc>,
) -> Result<Vec<(String, String, String)>, DbErr> {
    let mut out = Vec::new();
    for old in document::Entity::find()
        .filter(document::Column::EnrolmentId.eq(enrolment_id))
        .filter(document::Column::RevokedAt.is_null())
        .all(db)
        .await?
    {
        let Some(mut issued) = old
            .payload_json
            .as_deref()
            .and_then(|json| serde_json::from_str::<Issued>(json).ok())
        else {
            continue;
        };
        issued.holder.name = name.to_owned();
        issued.holder.birth_date = birth_date;
        let payload = serde_json::to_string(&issued).unwrap_or_default();
        let code = super::publication::fresh_code();
        let new = document::ActiveModel {
            kind: Set(old.kind),
            session_id: Set(old.session_id),
            enrolment_id: Set(old.enrolment_id),
            bloc_code: Set(old.bloc_code.clone()),
            verification_code: Set(code.clone()),
            title: Set(old.title.clone()),
            content_hash: Set(crate::domain::audit::digest(&payload)),
            issued_at: Set(now),
            payload_json: Set(Some(payload)),
            replaces_id: Set(Some(old.id)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let reason = format!(
            "Remplacé par le document {code} après rectification de l'état civil (avenant n° {addendum} au procès-verbal)."
        );
        let mut revoked: document::ActiveModel = old.clone().into();
        revoked.revoked_at = Set(Some(now));
        revoked.revoked_reason = Set(Some(reason.clone()));
        revoked.update(db).await?;
        super::audit::append(
            db,
            Record {
                at: now,
                actor: None,
                entity: "document".to_owned(),
                entity_id: old.verification_code.clone(),
                action: "reissue".to_owned(),
                before: Some(old.verification_code.clone()),
                after: Some(new.verification_code.clone()),
                reason: Some(reason),
                session: Some(old.session_id),
            },
        )
        .await?;
        out.push((old.title, old.verification_code, code));
    }
    Ok(out)
}
