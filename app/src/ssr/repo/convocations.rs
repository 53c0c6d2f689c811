//! Convocations: what each enrolled candidate is summoned to (timetable lengthened by
//! granted accommodations), and the log of every email sent.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{AccommodationStatus, EmailStatus};
use entities::{accommodation, candidate, email_message, enrolment, organisation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::mapping;
use crate::api::convocations::EmailRow;
use crate::domain::convocation::{Convocation, Sitting};
use crate::domain::ids::{EnrolmentId, OrganisationId, SessionId};
use crate::domain::status::AccommodationKind;

/// Kind of email recorded for convocations.
pub const CONVOCATION: &str = "convocation";

/// One candidate's convocation and where to send it.
pub struct Addressed {
    pub enrolment: EnrolmentId,
    pub email: String,
    pub convocation: Convocation,
}

/// One candidate's sitting: their own passage (time, room) where the épreuve has
/// individual passages, else the slot, lengthened by their accommodations.
pub fn sitting(
    slot: &crate::api::sessions::SlotRow,
    passage: Option<&entities::passage::Model>,
    allowance: crate::domain::schedule::Allowance,
    session_place: &str,
) -> Sitting {
    let (start, end) = passage.map_or_else(
        || {
            (
                slot.starts_local,
                allowance.end(slot.starts_local, slot.duration_minutes),
            )
        },
        super::passages::local_span,
    );
    let extra = match (passage, allowance.describe(slot.duration_minutes)) {
        (Some(p), Some(extra)) => Some(format!("passage n° {} ; {extra}", p.position)),
        (Some(p), None) => Some(format!("passage n° {}", p.position)),
        (None, extra) => extra,
    };
    Sitting {
        title: slot.epreuve_title.clone(),
        start,
        end,
        extra,
        place: passage
            .and_then(|p| p.room.clone())
            .or_else(|| slot.room.clone())
            .map(|room| format!("{room}, {session_place}"))
            .or_else(|| {
                slot.remote_link
                    .clone()
                    .map(|link| format!("à distance : {link}"))
            })
            .unwrap_or_else(|| session_place.to_owned()),
    }
}

/// The convocations of a session (optionally of one enrolment), with the date of the
/// first épreuve; `None` if the session is not the organisation's.
pub async fn for_session(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    only: Option<EnrolmentId>,
) -> Result<Option<(Option<chrono::NaiveDate>, Vec<Addressed>)>, DbErr> {
    let detail = match only {
        Some(one) => super::sessions::detail_of_one(db, organisation, session, Some(one)).await?,
        None => super::sessions::detail(db, organisation, session).await?,
    };
    let Some(detail) = detail else {
        return Ok(None);
    };
    let org_name = organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let enrolment_ids: Vec<i32> = detail
        .candidates
        .iter()
        .map(|c| c.enrolment_id.0)
        .filter(|id| only.is_none_or(|o| o.0 == *id))
        .collect();
    let granted = super::chunked::all(enrolment_ids.iter().copied(), |chunk| {
        accommodation::Entity::find()
            .filter(accommodation::Column::EnrolmentId.is_in(chunk))
            .filter(accommodation::Column::Status.eq(AccommodationStatus::Granted))
            .all(db)
    })
    .await?;
    let allowances = super::accommodations::allowances(&granted);
    let mut kinds: HashMap<i32, Vec<AccommodationKind>> = HashMap::new();
    for a in granted {
        kinds
            .entry(a.enrolment_id)
            .or_default()
            .push(mapping::accommodation_kind(a.kind));
    }
    let first = detail.slots.iter().map(|s| s.starts_local.date()).min();
    // Individual passages (orals, interviews): each candidate's own time.
    let passages =
        super::passages::of_slots(db, detail.slots.iter().map(|s| s.id).collect()).await?;
    let version = entities::exam_session::Entity::find_by_id(session.0)
        .one(db)
        .await?
        .map(|s| s.version_id)
        .unwrap_or_default();
    let optional = super::sessions::optional_epreuves_of_version(db, version).await?;
    let addressed_to: std::collections::HashSet<i32> = enrolment_ids.iter().copied().collect();
    let addressed = detail
        .candidates
        .iter()
        .filter(|c| addressed_to.contains(&c.enrolment_id.0))
        .map(|c| {
            let own = kinds.get(&c.enrolment_id.0).cloned().unwrap_or_default();
            let allowance = allowances
                .get(&c.enrolment_id.0)
                .copied()
                .unwrap_or_default();
            let sittings = detail
                .slots
                .iter()
                .filter(|slot| super::sessions::sits(&optional, &slot.epreuve_code, &c.options))
                .map(|slot| {
                    sitting(
                        slot,
                        passages.get(&(slot.id, c.enrolment_id.0)),
                        allowance,
                        &detail.session.place,
                    )
                })
                .collect();
            Addressed {
                enrolment: c.enrolment_id,
                email: c.email.clone(),
                convocation: Convocation {
                    organisation: org_name.clone(),
                    certification: detail.session.certification_title.clone(),
                    certification_code: detail.session.certification_code.clone(),
                    session: detail.session.label.clone(),
                    candidate_name: crate::domain::format::holder_name(&c.first_name, &c.last_name),
                    addressee: format!("{} {}", c.first_name, c.last_name),
                    candidate_number: c.number.clone(),
                    category: c
                        .category
                        .as_deref()
                        .filter(|_| !detail.categories.is_empty())
                        .map(crate::domain::templates::category_label),
                    address: detail.session.place.clone(),
                    sittings,
                    accommodations: own.iter().map(|k| k.label().to_owned()).collect(),
                },
            }
        })
        .collect();
    Ok(Some((first, addressed)))
}

/// Records an email of a kind (`convocation`, `invitation_jury`), about an enrolment or
/// not, and its delivery status.
#[allow(clippy::too_many_arguments)]
pub async fn log_email(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    (kind, enrolment): (&str, Option<EnrolmentId>),
    recipient: &str,
    subject: &str,
    outcome: Result<(), String>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let sent = outcome.is_ok();
    email_message::ActiveModel {
        organisation_id: Set(Some(organisation.0)),
        recipient: Set(recipient.to_owned()),
        subject: Set(subject.to_owned()),
        kind: Set(kind.to_owned()),
        status: Set(if sent {
            EmailStatus::Sent
        } else {
            EmailStatus::Failed
        }),
        error: Set(outcome.err()),
        enrolment_id: Set(enrolment.map(|e| e.0)),
        created_at: Set(now),
        sent_at: Set(sent.then_some(now)),
        note: Set(note.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// One page of the convocation emails of a session, newest first, with where it
/// stands: the page's emails joined to the session in SQL, then the names of their
/// candidates only.
pub async fn emails_page(
    db: &impl ConnectionTrait,
    session: SessionId,
    page: u64,
) -> Result<(Vec<EmailRow>, crate::domain::paging::Paging), DbErr> {
    use sea_orm::{JoinType, PaginatorTrait, QuerySelect, RelationTrait};
    let of_session = || {
        email_message::Entity::find()
            .join(
                JoinType::InnerJoin,
                email_message::Relation::Enrolment.def(),
            )
            .filter(enrolment::Column::SessionId.eq(session.0))
            .filter(email_message::Column::Kind.eq(CONVOCATION))
    };
    let total = of_session().count(db).await?;
    let paging = crate::domain::paging::Paging::new(usize::try_from(total).unwrap_or(0), page);
    let range = paging.range();
    let messages = of_session()
        .order_by_desc(email_message::Column::Id)
        .offset(range.start as u64)
        .limit(range.len() as u64)
        .all(db)
        .await?;
    let enrolled: HashMap<i32, (enrolment::Model, Option<candidate::Model>)> =
        super::chunked::all(messages.iter().filter_map(|m| m.enrolment_id), |chunk| {
            enrolment::Entity::find()
                .filter(enrolment::Column::Id.is_in(chunk))
                .find_also_related(candidate::Entity)
                .all(db)
        })
        .await?
        .into_iter()
        .map(|pair| (pair.0.id, pair))
        .collect();
    let rows = messages
        .into_iter()
        .map(|m| {
            let who = m.enrolment_id.and_then(|id| enrolled.get(&id));
            EmailRow {
                id: m.id,
                enrolment_id: m.enrolment_id.unwrap_or_default(),
                candidate: who
                    .map(|(e, c)| {
                        format!(
                            "{} {}",
                            e.candidate_number,
                            c.as_ref()
                                .map(|c| c.last_name.to_uppercase())
                                .unwrap_or_default()
                        )
                    })
                    .unwrap_or_default(),
                recipient: m.recipient,
                sent: m.status == EmailStatus::Sent,
                error: m.error,
                at: m.created_at,
                note: m.note,
            }
        })
        .collect();
    Ok((rows, paging))
}

/// Whether a convocation was sent to this enrolment (the candidate may download it).
pub async fn was_sent(db: &impl ConnectionTrait, enrolment: EnrolmentId) -> Result<bool, DbErr> {
    Ok(email_message::Entity::find()
        .filter(email_message::Column::EnrolmentId.eq(enrolment.0))
        .filter(email_message::Column::Kind.eq(CONVOCATION))
        .filter(email_message::Column::Status.eq(EmailStatus::Sent))
        .one(db)
        .await?
        .is_some())
}

/// When each enrolment of the session last had its convocation sent (by enrolment id):
/// those never sent are absent.
pub async fn sent_at_of_session(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<std::collections::HashMap<i32, chrono::DateTime<chrono::Utc>>, DbErr> {
    let enrolled: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let sent = super::chunked::all(enrolled.into_iter(), |chunk| {
        email_message::Entity::find()
            .filter(email_message::Column::EnrolmentId.is_in(chunk))
            .filter(email_message::Column::Kind.eq(CONVOCATION))
            .filter(email_message::Column::Status.eq(EmailStatus::Sent))
            .all(db)
    })
    .await?;
    let mut out = std::collections::HashMap::new();
    for m in sent {
        if let Some(enrolment) = m.enrolment_id {
            let at = m.sent_at.unwrap_or(m.created_at);
            out.entry(enrolment)
                .and_modify(|t: &mut chrono::DateTime<chrono::Utc>| *t = (*t).max(at))
                .or_insert(at);
        }
    }
    Ok(out)
}

/// The organisation and session of a candidate's own enrolment.
pub async fn own_enrolment(
    db: &impl ConnectionTrait,
    candidate_id: crate::domain::ids::CandidateId,
    enrolment_id: EnrolmentId,
) -> Result<Option<(OrganisationId, SessionId)>, DbErr> {
    let found = enrolment::Entity::find_by_id(enrolment_id.0)
        .filter(enrolment::Column::CandidateId.eq(candidate_id.0))
        .find_also_related(entities::exam_session::Entity)
        .one(db)
        .await?;
    Ok(found
        .and_then(|(e, s)| s.map(|s| (OrganisationId(s.organisation_id), SessionId(e.session_id)))))
}
