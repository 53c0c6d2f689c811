//! The jury of a session: seats taken from the certifier's pool, conflicts of interest,
//! and the allocation of grading. Rules and allocation are decided by the pure domain
//! (`domain::jury`); this module loads and saves.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entities::enums::InvitationStatus as DbInvitation;
use entities::{
    candidate, certification, certification_version, conflict, enrolment, epreuve, exam_session,
    grading_allocation, jury, jury_member, jury_seat,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::mapping;
use crate::api::juries::{AllocationRow, ConflictRow, JuryPage, PoolMember, SeatRow};
use crate::domain::ids::{JuryMemberId, OrganisationId, SessionId};
use crate::domain::jury::allocation::{self, Assignment, Blocked, Grader, Input, Task};
use crate::domain::jury::rules::{JuryRules, Quorum, Severity, check, for_template};
use crate::domain::jury::{ConflictKind, JuryRole, Seat, availability_days};

/// Why a jury change is refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    Invalid(String),
    /// Every reason, in French.
    Rules(Vec<String>),
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

/// The jury rules of a version: as stored, or those of its template when the version
/// predates stored rules.
pub fn rules_of(cert: &certification::Model, version: &certification_version::Model) -> JuryRules {
    serde_json::from_str(&version.jury_rules_json)
        .unwrap_or_else(|_| for_template(cert.template_key.as_deref()))
}

struct Context {
    session: exam_session::Model,
    rules: JuryRules,
    jury: Option<jury::Model>,
}

async fn context(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<Context>, DbErr> {
    let Some(model) = super::sessions::find_owned(db, organisation, session).await? else {
        return Ok(None);
    };
    let Some((version, Some(cert))) = certification_version::Entity::find_by_id(model.version_id)
        .find_also_related(certification::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let jury = jury::Entity::find()
        .filter(jury::Column::SessionId.eq(model.id))
        .one(db)
        .await?;
    Ok(Some(Context {
        rules: rules_of(&cert, &version),
        session: model,
        jury,
    }))
}

pub(super) async fn seats_of(
    db: &impl ConnectionTrait,
    jury: Option<&jury::Model>,
) -> Result<Vec<(jury_seat::Model, jury_member::Model)>, DbErr> {
    let Some(jury) = jury else {
        return Ok(Vec::new());
    };
    Ok(jury_seat::Entity::find()
        .filter(jury_seat::Column::JuryId.eq(jury.id))
        .find_also_related(jury_member::Entity)
        .order_by_asc(jury_seat::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(seat, member)| member.map(|m| (seat, m)))
        .collect())
}

pub(super) fn domain_seats(seats: &[(jury_seat::Model, jury_member::Model)]) -> Vec<Seat> {
    seats
        .iter()
        .map(|(seat, member)| Seat {
            juror: mapping::juror(member),
            role: mapping::jury_role(seat.role),
        })
        .collect()
}

/// Everything the jury page shows.
pub async fn page(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    today: chrono::NaiveDate,
) -> Result<Option<JuryPage>, DbErr> {
    let Some(ctx) = context(db, organisation, session).await? else {
        return Ok(None);
    };
    let pool = jury_member::Entity::find()
        .filter(jury_member::Column::OrganisationId.eq(organisation.0))
        .order_by_asc(jury_member::Column::LastName)
        .all(db)
        .await?;
    let seats = seats_of(db, ctx.jury.as_ref()).await?;
    let violations = check(&ctx.rules, &domain_seats(&seats), today);
    let name_of = |c: &candidate::Model| format!("{} {}", c.last_name.to_uppercase(), c.first_name);
    let conflicts = super::chunked::all(pool.iter().map(|m| m.id), |chunk| {
        conflict::Entity::find()
            .filter(conflict::Column::JuryMemberId.is_in(chunk))
            .order_by_asc(conflict::Column::Id)
            .all(db)
    })
    .await?;
    // The session's candidates the conflicts name (not every candidate of the session).
    let named: Vec<i32> = conflicts.iter().filter_map(|c| c.candidate_id).collect();
    let enrolled = super::chunked::all(named, |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.eq(session.0))
            .filter(enrolment::Column::CandidateId.is_in(chunk))
            .find_also_related(candidate::Entity)
            .all(db)
    })
    .await?;
    let people: HashMap<i32, &candidate::Model> = enrolled
        .iter()
        .filter_map(|(_, c)| c.as_ref().map(|c| (c.id, c)))
        .collect();
    let member_name: HashMap<i32, String> = pool
        .iter()
        .map(|m| (m.id, format!("{} {}", m.first_name, m.last_name)))
        .collect();
    let conflicts = conflicts
        .into_iter()
        .filter(|c| c.candidate_id.is_none_or(|id| people.contains_key(&id)))
        .map(|c| ConflictRow {
            id: c.id,
            member: member_name
                .get(&c.jury_member_id)
                .cloned()
                .unwrap_or_default(),
            about: match (
                c.candidate_id.and_then(|id| people.get(&id)),
                &c.training_group,
            ) {
                (Some(person), _) => name_of(person),
                (None, Some(group)) => format!("groupe « {group} »"),
                (None, None) => String::new(),
            },
            kind: mapping::conflict_kind(c.kind),
            declared_by_member: c.source == entities::enums::ConflictSource::Member,
            note: c.note,
        })
        .collect();
    Ok(Some(JuryPage {
        grading_due_on: ctx.session.grading_due_on,
        session_id: session.0,
        session_label: ctx.session.label,
        rules: ctx
            .rules
            .rules
            .iter()
            .map(|r| (r.label.clone(), r.severity == Severity::Hard))
            .collect(),
        notes: ctx.rules.notes.clone(),
        all_required: ctx.rules.quorum == Quorum::AllMembers,
        pool: pool.iter().map(pool_member).collect(),
        seats: seats
            .iter()
            .map(|(seat, member)| SeatRow {
                seat_id: seat.id,
                juror: mapping::juror(member),
                role: mapping::jury_role(seat.role),
                invitation: mapping::invitation(seat.invitation),
                invited: seat.invitation_token.is_some(),
            })
            .collect(),
        violations,
        validated_at: ctx.jury.as_ref().and_then(|j| j.validated_at),
        conflicts,
        // One page of them, chosen by the caller (`sheets`).
        allocations: Vec::new(),
        moderations: super::grading::moderations(db, session).await?,
        allocated: 0,
        paging: crate::domain::paging::Paging::default(),
        summary: Vec::new(),
        allocated_epreuves: Vec::new(),
    }))
}

/// Every allocated sheet of the session with its candidate, épreuve, grader and the
/// status the database keeps, in épreuve, candidate and rank order.
async fn allocations_of(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Vec<AllocationRow>, DbErr> {
    use sea_orm::{JoinType, QuerySelect, RelationTrait};
    let rows = grading_allocation::Entity::find()
        .join(
            JoinType::InnerJoin,
            grading_allocation::Relation::Enrolment.def(),
        )
        .filter(enrolment::Column::SessionId.eq(session.0))
        .all(db)
        .await?;
    let mut out = super::sheets::rows(db, rows).await?;
    out.sort_by(|a, b| (a.position, &a.candidate, a.rank).cmp(&(b.position, &b.candidate, b.rank)));
    Ok(out)
}

/// Seats a pool member with a role. The jury goes back to draft.
pub async fn add_seat(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    member_id: i32,
    role: JuryRole,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    let member = jury_member::Entity::find_by_id(member_id)
        .filter(jury_member::Column::OrganisationId.eq(organisation.0))
        .one(&txn)
        .await?
        .ok_or(Refusal::Invalid(
            "Choisissez un membre de votre vivier.".to_owned(),
        ))?;
    let jury = match ctx.jury {
        Some(jury) => jury,
        None => {
            jury::ActiveModel {
                session_id: Set(session.0),
                validated_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let seats = seats_of(&txn, Some(&jury)).await?;
    if seats.iter().any(|(_, m)| m.id == member.id) {
        return Err(Refusal::Invalid(format!(
            "{} {} siège déjà dans ce jury.",
            member.first_name, member.last_name
        )));
    }
    jury_seat::ActiveModel {
        jury_id: Set(jury.id),
        jury_member_id: Set(member.id),
        role: Set(mapping::jury_role_to_db(role)),
        invitation: Set(DbInvitation::Pending),
        responded_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_change(
        &txn,
        (session.0, now),
        (format!("{}:{}", session.0, member.id), "seat"),
        serde_json::json!({ "role": mapping::jury_role_to_db(role) }),
    )
    .await?;
    back_to_draft(&txn, jury).await?;
    txn.commit().await?;
    Ok(())
}

/// The audit entry of a change to a jury (seat, conflict): who sits and who may not
/// grade whom decides results too.
async fn audit_change(
    db: &impl ConnectionTrait,
    (session, now): (i32, DateTime<Utc>),
    (id, action): (String, &str),
    after: serde_json::Value,
) -> Result<(), DbErr> {
    super::audit::append(
        db,
        crate::domain::audit::Record {
            at: now,
            actor: crate::ssr::auth::current_user().map(|u| u.id.0),
            entity: if action.starts_with("conflict") {
                "conflict"
            } else {
                "jury_seat"
            }
            .to_owned(),
            entity_id: id,
            action: action.to_owned(),
            before: None,
            after: Some(after.to_string()),
            reason: None,
            session: Some(session),
        },
    )
    .await
}

async fn back_to_draft(db: &impl ConnectionTrait, jury: jury::Model) -> Result<(), DbErr> {
    if jury.validated_at.is_some() {
        let mut draft: jury::ActiveModel = jury.into();
        draft.validated_at = Set(None);
        draft.update(db).await?;
    }
    Ok(())
}

/// Removes a seat; the jury goes back to draft.
pub async fn remove_seat(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    seat_id: i32,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(Context {
        jury: Some(jury), ..
    }) = context(&txn, organisation, session).await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some(seat) = jury_seat::Entity::find_by_id(seat_id)
        .filter(jury_seat::Column::JuryId.eq(jury.id))
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    jury_seat::Entity::delete_by_id(seat.id).exec(&txn).await?;
    audit_change(
        &txn,
        (session.0, now),
        (format!("{}:{}", session.0, seat.jury_member_id), "unseat"),
        serde_json::json!({ "role": seat.role }),
    )
    .await?;
    back_to_draft(&txn, jury).await?;
    txn.commit().await?;
    Ok(())
}

/// An invitation to send: the seat's member address and the message.
pub struct ToInvite {
    pub email: String,
    pub invitation: crate::domain::jury::invitation::Invitation,
}

/// Validates the composition (refused with every hard violation) and gives every seat
/// not yet invited its personal link: the invitations to send.
pub async fn validate(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    (now, today): (DateTime<Utc>, chrono::NaiveDate),
    public_url: &str,
) -> Result<Vec<ToInvite>, Refusal> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    let Some(jury) = ctx.jury else {
        return Err(Refusal::Invalid(
            "Le jury n'a encore aucun membre.".to_owned(),
        ));
    };
    let seats = seats_of(&txn, Some(&jury)).await?;
    let hard: Vec<String> = check(&ctx.rules, &domain_seats(&seats), today)
        .into_iter()
        .filter(|v| v.severity == Severity::Hard)
        .map(|v| v.message)
        .collect();
    if !hard.is_empty() {
        return Err(Refusal::Rules(hard));
    }
    let mut valid: jury::ActiveModel = jury.into();
    valid.validated_at = Set(Some(now));
    valid.update(&txn).await?;
    let cert = certification_version::Entity::find_by_id(ctx.session.version_id)
        .find_also_related(certification::Entity)
        .one(&txn)
        .await?
        .and_then(|(_, c)| c)
        .map(|c| c.title)
        .unwrap_or_default();
    let org = entities::organisation::Entity::find_by_id(organisation.0)
        .one(&txn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let mut to_invite = Vec::new();
    for (seat, member) in seats {
        if seat.invitation != DbInvitation::Pending || seat.invitation_token.is_some() {
            continue;
        }
        let token = crate::ssr::auth::random_token();
        let role = mapping::jury_role(seat.role);
        let mut invited: jury_seat::ActiveModel = seat.into();
        invited.invitation_token = Set(Some(token.clone()));
        invited.update(&txn).await?;
        to_invite.push(ToInvite {
            email: member.email.clone(),
            invitation: crate::domain::jury::invitation::Invitation {
                organisation: org.clone(),
                certification: cert.clone(),
                session: ctx.session.label.clone(),
                dates: format!(
                    "du {} au {}",
                    crate::domain::format::date_fr(ctx.session.starts_on),
                    crate::domain::format::date_fr(ctx.session.ends_on)
                ),
                place: ctx.session.place.clone(),
                member_name: format!("{} {}", member.first_name, member.last_name),
                role,
                link: format!("{}/invitation/{token}", public_url.trim_end_matches('/')),
            },
        });
    }
    txn.commit().await?;
    Ok(to_invite)
}

/// What the invitation page shows.
pub async fn invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<crate::api::juries::InvitationPage>, DbErr> {
    let Some(found) = by_token(db, token).await? else {
        return Ok(None);
    };
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(found.session.id))
        .find_also_related(candidate::Entity)
        .order_by_asc(enrolment::Column::CandidateNumber)
        .all(db)
        .await?;
    let declared = conflict::Entity::find()
        .filter(conflict::Column::JuryMemberId.eq(found.member.id))
        .order_by_asc(conflict::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| {
            let about = match (c.candidate_id, &c.training_group) {
                (Some(id), _) => enrolled
                    .iter()
                    .filter_map(|(_, p)| p.as_ref())
                    .find(|p| p.id == id)
                    .map(|p| format!("{} {}", p.last_name.to_uppercase(), p.first_name))?,
                (None, Some(group)) => format!("groupe « {group} »"),
                (None, None) => return None,
            };
            Some((about, mapping::conflict_kind(c.kind)))
        })
        .collect();
    Ok(Some(crate::api::juries::InvitationPage {
        member_name: format!("{} {}", found.member.first_name, found.member.last_name),
        role: mapping::jury_role(found.seat.role),
        invitation: mapping::invitation(found.seat.invitation),
        responded: found
            .seat
            .responded_at
            .filter(|_| found.seat.invitation != DbInvitation::Pending)
            .map(crate::domain::format::datetime_fr),
        session: found.session.label.clone(),
        dates: format!(
            "du {} au {}",
            crate::domain::format::date_fr(found.session.starts_on),
            crate::domain::format::date_fr(found.session.ends_on)
        ),
        place: found.session.place.clone(),
        candidates: enrolled
            .iter()
            .filter_map(|(e, p)| {
                p.as_ref().map(|p| {
                    (
                        e.id,
                        format!("{} {}", p.last_name.to_uppercase(), p.first_name),
                    )
                })
            })
            .collect(),
        declared,
    }))
}

pub(crate) struct ByToken {
    seat: jury_seat::Model,
    member: jury_member::Model,
    pub(crate) session: exam_session::Model,
}

/// The seat, member and session of an invitation link.
pub(crate) async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<ByToken>, DbErr> {
    if token.len() < 16 {
        return Ok(None);
    }
    let Some((seat, Some(member))) = jury_seat::Entity::find()
        .filter(jury_seat::Column::InvitationToken.eq(token))
        .find_also_related(jury_member::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(jury) = jury::Entity::find_by_id(seat.jury_id).one(db).await? else {
        return Ok(None);
    };
    let Some(session) = exam_session::Entity::find_by_id(jury.session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(ByToken {
        seat,
        member,
        session,
    }))
}

/// The member answers their invitation.
pub async fn answer(
    db: &impl ConnectionTrait,
    token: &str,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let Some(found) = by_token(db, token).await? else {
        return Err(Refusal::NotFound);
    };
    // A link answers once: whoever holds it later cannot change the member's answer.
    if found.seat.invitation != DbInvitation::Pending {
        return Err(Refusal::Invalid(format!(
            "Vous avez déjà {} cette invitation{} : ce lien a servi. Pour changer votre réponse, adressez-vous à l'organisme certificateur.",
            if found.seat.invitation == DbInvitation::Accepted {
                "accepté"
            } else {
                "décliné"
            },
            found
                .seat
                .responded_at
                .map(|at| format!(" le {}", crate::domain::format::datetime_fr(at)))
                .unwrap_or_default()
        )));
    }
    let mut seat: jury_seat::ActiveModel = found.seat.into();
    seat.invitation = Set(if accept {
        DbInvitation::Accepted
    } else {
        DbInvitation::Declined
    });
    seat.responded_at = Set(Some(now));
    seat.update(db).await?;
    Ok(())
}

/// The member declares a link with a candidate of the session or a training group.
pub async fn declare(
    db: &sea_orm::DatabaseConnection,
    token: &str,
    about: Result<i32, String>,
    kind: ConflictKind,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Reallocation, Refusal> {
    let Some(found) = by_token(db, token).await? else {
        return Err(Refusal::NotFound);
    };
    record_conflict(
        db,
        OrganisationId(found.session.organisation_id),
        SessionId(found.session.id),
        found.member.id,
        about,
        kind,
        (note, true),
        now,
    )
    .await
}

/// Records a conflict of interest of a pool member with a candidate of the session or a
/// training group.
#[allow(clippy::too_many_arguments)]
pub async fn record_conflict(
    conn: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    member_id: i32,
    about: Result<i32, String>,
    kind: ConflictKind,
    (note, by_member): (&str, bool),
    now: DateTime<Utc>,
) -> Result<Reallocation, Refusal> {
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let db = &txn;
    let Some(ctx) = context(db, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    let member = jury_member::Entity::find_by_id(member_id)
        .filter(jury_member::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
        .ok_or(Refusal::Invalid(
            "Choisissez un membre de votre vivier.".to_owned(),
        ))?;
    let (candidate_id, training_group) = match about {
        Ok(enrolment_id) => {
            let found = enrolment::Entity::find_by_id(enrolment_id)
                .filter(enrolment::Column::SessionId.eq(session.0))
                .one(db)
                .await?
                .ok_or(Refusal::Invalid(
                    "Choisissez un candidat de la session.".to_owned(),
                ))?;
            (Some(found.candidate_id), None)
        }
        Err(group) => (None, Some(group)),
    };
    conflict::ActiveModel {
        jury_member_id: Set(member.id),
        candidate_id: Set(candidate_id),
        training_group: Set(training_group.clone()),
        kind: Set(mapping::conflict_kind_to_db(kind)),
        source: Set(if by_member {
            entities::enums::ConflictSource::Member
        } else {
            entities::enums::ConflictSource::Certifier
        }),
        note: Set(note.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit_change(
        db,
        (session.0, now),
        (format!("{}:{}", session.0, member.id), "conflict"),
        serde_json::json!({
            "candidate_id": candidate_id,
            "training_group": training_group,
            "declared_by_member": by_member,
        }),
    )
    .await?;
    let mut outcome =
        reallocate_after_conflict(db, &ctx.session, ctx.jury.as_ref(), member.id, now).await?;
    outcome.member = format!("{} {}", member.first_name, member.last_name);
    outcome.about = match (candidate_id, &training_group) {
        (Some(person), _) => candidate::Entity::find_by_id(person)
            .one(db)
            .await?
            .map(|p| format!("{} {}", p.last_name.to_uppercase(), p.first_name))
            .unwrap_or_default(),
        (None, Some(group)) => format!("le groupe de formation « {group} »"),
        (None, None) => String::new(),
    };
    outcome.session = ctx.session.label.clone();
    txn.commit().await?;
    Ok(outcome)
}

/// What a conflict declared after the allocation changed: the gradings given to another
/// grader, those that could not be (with why), and the conflicted member's drafts voided.
#[derive(Debug, Default)]
pub struct Reallocation {
    pub member: String,
    pub about: String,
    pub session: String,
    /// (candidate — épreuve, new grader).
    pub moved: Vec<(String, String)>,
    pub impossible: Vec<String>,
    pub drafts_voided: usize,
}

/// Moves the gradings of `member` that a new conflict forbids to another eligible
/// grader (the least loaded whom the allocation rules accept), and voids the member's
/// drafts for those candidates (each kept in the audit log). Inside the caller's
/// transaction.
async fn reallocate_after_conflict(
    db: &impl ConnectionTrait,
    session: &exam_session::Model,
    jury: Option<&jury::Model>,
    member: i32,
    now: DateTime<Utc>,
) -> Result<Reallocation, DbErr> {
    let mut outcome = Reallocation::default();
    let rows = allocations_of(db, SessionId(session.id)).await?;
    let mine: Vec<i32> = rows
        .iter()
        .filter(|r| r.grader_id == member)
        .map(|r| r.enrolment_id)
        .collect();
    let conflicted = conflicted_enrolments(db, member, mine).await?;
    if conflicted.is_empty() {
        return Ok(outcome);
    }
    // Drafts of the member for those candidates no longer count.
    let drafts = super::chunked::all(conflicted.iter().copied(), |chunk| {
        entities::mark::Entity::find()
            .filter(entities::mark::Column::EnrolmentId.is_in(chunk))
            .filter(entities::mark::Column::JuryMemberId.eq(member))
            .filter(entities::mark::Column::Status.eq(entities::enums::MarkStatus::Draft))
            .all(db)
    })
    .await?;
    for draft in &drafts {
        super::audit::append(
            db,
            crate::domain::audit::Record {
                at: now,
                actor: crate::ssr::auth::current_user().map(|u| u.id.0),
                entity: "mark".to_owned(),
                entity_id: format!("{}:{}:{}", draft.enrolment_id, draft.epreuve_id, member),
                action: "void_draft".to_owned(),
                before: Some(
                    serde_json::json!({
                        "item": draft.item_code,
                        "points_hundredths": draft.points_hundredths,
                        "met": draft.met,
                        "comment": draft.comment,
                    })
                    .to_string(),
                ),
                after: None,
                reason: Some("Conflit d'intérêts déclaré après la répartition.".to_owned()),
                session: Some(session.id),
            },
        )
        .await?;
    }
    super::chunked::each(drafts.iter().map(|d| d.id), |chunk| {
        let delete =
            entities::mark::Entity::delete_many().filter(entities::mark::Column::Id.is_in(chunk));
        async move { Ok(delete.exec(db).await?.rows_affected) }
    })
    .await?;
    outcome.drafts_voided = drafts.len();
    // The gradings, moved one by one under the allocation rules.
    let (input, _) = allocation_input(db, session, jury).await?;
    let candidate_of: HashMap<i32, i32> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.candidate_id))
        .collect();
    let mut assignments: Vec<Assignment> = rows
        .iter()
        .map(|r| Assignment {
            candidate: candidate_of
                .get(&r.enrolment_id)
                .copied()
                .unwrap_or_default(),
            epreuve: r.epreuve_id,
            grader: r.grader_id,
            rank: u8::try_from(r.rank).unwrap_or(1),
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        if row.grader_id != member || !conflicted.contains(&row.enrolment_id) {
            continue;
        }
        let label = format!("{} — {}", row.candidate, row.epreuve);
        let task = input
            .tasks
            .iter()
            .find(|t| t.candidate == assignments[i].candidate && t.epreuve == row.epreuve_id);
        let mut load: Vec<(usize, &Grader)> = input
            .graders
            .iter()
            .filter(|g| g.id != member)
            .map(|g| (assignments.iter().filter(|a| a.grader == g.id).count(), g))
            .collect();
        load.sort_by_key(|(n, g)| (*n, g.id));
        let mut why = Vec::new();
        let mut chosen = None;
        for (_, grader) in load {
            let mut trial = assignments.clone();
            trial[i].grader = grader.id;
            let problems: Vec<String> = allocation::check(&input, &trial)
                .into_iter()
                .filter(|p| task.is_some_and(|t| p.starts_with(&t.label)))
                .collect();
            if problems.is_empty() {
                chosen = Some((grader.id, grader.name.clone()));
                assignments = trial;
                break;
            }
            why.push(format!("{} : {}", grader.name, problems.join(" ; ")));
        }
        match chosen {
            Some((id, name)) => {
                if let Some(model) = grading_allocation::Entity::find_by_id(row.id)
                    .one(db)
                    .await?
                {
                    let mut model: grading_allocation::ActiveModel = model.into();
                    model.jury_member_id = Set(id);
                    model.update(db).await?;
                }
                outcome.moved.push((label, name));
            }
            None => outcome.impossible.push(if why.is_empty() {
                format!("{label} : aucun autre membre votant dans le jury.")
            } else {
                format!(
                    "{label} : aucun autre correcteur possible ({})",
                    why.join(" ; ")
                )
            }),
        }
    }
    Ok(outcome)
}

/// What the allocation of a session depends on: candidates × épreuves, the voting
/// members who have not declined, their availability and conflicts.
async fn allocation_input(
    db: &impl ConnectionTrait,
    session: &exam_session::Model,
    jury: Option<&jury::Model>,
) -> Result<(Input, HashMap<(i32, i32), i32>), DbErr> {
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.id))
        .find_also_related(candidate::Entity)
        .order_by_asc(enrolment::Column::CandidateNumber)
        .all(db)
        .await?;
    let epreuves = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(session.version_id))
        .order_by_asc(epreuve::Column::Position)
        .all(db)
        .await?;
    let slots = super::schedule::slots_of_sessions(db, &[session.id])
        .await?
        .remove(&session.id)
        .unwrap_or_default();
    let seats = seats_of(db, jury).await?;
    let graders: Vec<&jury_member::Model> = seats
        .iter()
        .filter(|(s, _)| {
            mapping::jury_role(s.role).votes() && s.invitation != DbInvitation::Declined
        })
        .map(|(_, m)| m)
        .collect();
    let conflicts = super::chunked::all(graders.iter().map(|m| m.id), |chunk| {
        conflict::Entity::find()
            .filter(conflict::Column::JuryMemberId.is_in(chunk))
            .all(db)
    })
    .await?;
    let mut pairs = HashSet::new();
    for c in &conflicts {
        for (_, person) in &enrolled {
            let Some(person) = person else { continue };
            let same_person = c.candidate_id == Some(person.id);
            let same_group = c.training_group.is_some()
                && c.training_group.as_deref().map(str::trim)
                    == person.training_group.as_deref().map(str::trim);
            if same_person || same_group {
                pairs.insert((c.jury_member_id, person.id));
            }
        }
    }
    let graders = graders
        .iter()
        .map(|m| Grader {
            id: m.id,
            name: format!("{} {}", m.first_name, m.last_name),
            epreuves: availability_days(&m.availability).map(|ranges| {
                epreuves
                    .iter()
                    .filter(|e| {
                        let days: Vec<_> = slots
                            .iter()
                            .filter(|s| s.epreuve_code == e.code)
                            .map(|s| s.starts_local.date())
                            .collect();
                        days.is_empty()
                            || days
                                .iter()
                                .any(|d| ranges.iter().any(|(from, to)| from <= d && d <= to))
                    })
                    .map(|e| e.id)
                    .collect()
            }),
        })
        .collect();
    let mut enrolment_of = HashMap::new();
    let mut tasks = Vec::new();
    let optional = super::sessions::optional_epreuves_of_version(db, session.version_id).await?;
    for (e, person) in &enrolled {
        let Some(person) = person else { continue };
        let chosen = super::sessions::chosen_options(&e.optional_units);
        for ep in &epreuves {
            // An optional unit's épreuve only for the candidates who chose it.
            if !super::sessions::sits(&optional, &ep.code, &chosen) {
                continue;
            }
            enrolment_of.insert((person.id, ep.id), e.id);
            tasks.push(Task {
                candidate: person.id,
                epreuve: ep.id,
                graders: if ep.double_marking { 2 } else { 1 },
                label: format!(
                    "{} {} {} — {}",
                    e.candidate_number,
                    person.last_name.to_uppercase(),
                    person.first_name,
                    ep.code
                ),
            });
        }
    }
    Ok((
        Input {
            tasks,
            graders,
            conflicts: pairs,
        },
        enrolment_of,
    ))
}

async fn save_allocation(
    db: &impl ConnectionTrait,
    session: SessionId,
    assignments: &[Assignment],
    enrolment_of: &HashMap<(i32, i32), i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let enrolments: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    super::chunked::each(enrolments, |chunk| {
        let delete = grading_allocation::Entity::delete_many()
            .filter(grading_allocation::Column::EnrolmentId.is_in(chunk));
        async move { Ok(delete.exec(db).await?.rows_affected) }
    })
    .await?;
    let rows: Vec<grading_allocation::ActiveModel> = assignments
        .iter()
        .filter_map(|a| {
            Some(grading_allocation::ActiveModel {
                enrolment_id: Set(*enrolment_of.get(&(a.candidate, a.epreuve))?),
                epreuve_id: Set(a.epreuve),
                jury_member_id: Set(a.grader),
                grader_rank: Set(i32::from(a.rank)),
                created_at: Set(now),
                ..Default::default()
            })
        })
        .collect();
    for chunk in rows.chunks(500) {
        grading_allocation::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Proposes and saves an allocation of grading for the whole session (replacing the
/// previous one), or says which candidate × épreuve cannot be allocated and why.
pub async fn allocate(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<usize, Refusal> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    if ctx.jury.as_ref().is_none_or(|j| j.validated_at.is_none()) {
        return Err(Refusal::Invalid(
            "Validez d'abord la composition du jury.".to_owned(),
        ));
    }
    let (input, enrolment_of) = allocation_input(&txn, &ctx.session, ctx.jury.as_ref()).await?;
    if input.tasks.is_empty() {
        return Err(Refusal::Invalid(
            "Aucun candidat ou aucune épreuve à répartir.".to_owned(),
        ));
    }
    let assignments = allocation::allocate(&input).map_err(|blocked: Vec<Blocked>| {
        Refusal::Rules(blocked.into_iter().map(|b| b.reason).collect())
    })?;
    save_allocation(&txn, session, &assignments, &enrolment_of, now).await?;
    txn.commit().await?;
    Ok(assignments.len())
}

/// Gives one allocated grading to another grader, checked by the allocation rules.
pub async fn reassign(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    allocation_id: i32,
    grader: i32,
) -> Result<(), Refusal> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    let (input, _) = allocation_input(&txn, &ctx.session, ctx.jury.as_ref()).await?;
    let rows = allocations_of(&txn, session).await?;
    if !rows.iter().any(|r| r.id == allocation_id) {
        return Err(Refusal::NotFound);
    }
    let enrolled: HashMap<i32, i32> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| (e.id, e.candidate_id))
        .collect();
    let assignments: Vec<Assignment> = rows
        .iter()
        .map(|r| Assignment {
            candidate: enrolled.get(&r.enrolment_id).copied().unwrap_or_default(),
            epreuve: r.epreuve_id,
            grader: if r.id == allocation_id {
                grader
            } else {
                r.grader_id
            },
            rank: u8::try_from(r.rank).unwrap_or(1),
        })
        .collect();
    let changed = assignments
        .iter()
        .zip(&rows)
        .find(|(_, r)| r.id == allocation_id)
        .map(|(a, _)| (a.candidate, a.epreuve));
    let problems: Vec<String> = allocation::check(&input, &assignments)
        .into_iter()
        .filter(|p| {
            // Only what the change touches: other tasks may predate new seats.
            changed.is_some_and(|(c, e)| {
                input
                    .tasks
                    .iter()
                    .any(|t| t.candidate == c && t.epreuve == e && p.starts_with(&t.label))
            })
        })
        .collect();
    if !problems.is_empty() {
        return Err(Refusal::Rules(problems));
    }
    let Some(row) = grading_allocation::Entity::find_by_id(allocation_id)
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let mut row: grading_allocation::ActiveModel = row.into();
    row.jury_member_id = Set(grader);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Those of these enrolments whose candidate the member is in conflict with (a link
/// with the candidate, or with their training group).
pub async fn conflicted_enrolments(
    db: &impl ConnectionTrait,
    member: i32,
    enrolments: impl IntoIterator<Item = i32>,
) -> Result<HashSet<i32>, DbErr> {
    let conflicts = conflict::Entity::find()
        .filter(conflict::Column::JuryMemberId.eq(member))
        .all(db)
        .await?;
    if conflicts.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<i32> = enrolments.into_iter().collect();
    let mut out = HashSet::new();
    for chunk in ids.chunks(super::chunked::CHUNK) {
        let rows = enrolment::Entity::find()
            .filter(enrolment::Column::Id.is_in(chunk.iter().copied()))
            .find_also_related(candidate::Entity)
            .all(db)
            .await?;
        for (e, c) in rows {
            let Some(c) = c else { continue };
            let hit = conflicts.iter().any(|k| {
                k.candidate_id == Some(c.id)
                    || (k.training_group.is_some() && k.training_group == c.training_group)
            });
            if hit {
                out.insert(e.id);
            }
        }
    }
    Ok(out)
}

/// Whether the member is in conflict with the candidate of this enrolment.
pub async fn in_conflict(
    db: &impl ConnectionTrait,
    member: i32,
    enrolment_id: i32,
) -> Result<bool, DbErr> {
    Ok(conflicted_enrolments(db, member, [enrolment_id])
        .await?
        .contains(&enrolment_id))
}

/// Emails (lower case) of the organisation's pool and of every account, except member
/// `but`'s.
pub async fn pool_emails(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    but: Option<i32>,
) -> Result<HashSet<String>, DbErr> {
    let mut taken: HashSet<String> = jury_member::Entity::find()
        .filter(jury_member::Column::OrganisationId.eq(organisation.0))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| Some(m.id) != but)
        .map(|m| m.email.to_lowercase())
        .collect();
    // Every account's email too (each member gets an account), except the member's own.
    let own: Option<String> = match but {
        Some(id) => entities::user::Entity::find()
            .filter(entities::user::Column::JuryMemberId.eq(id))
            .one(db)
            .await?
            .map(|u| u.email.to_lowercase()),
        None => None,
    };
    taken.extend(
        super::accounts::taken_emails(db, organisation, crate::domain::role::Role::JuryMember)
            .await?
            .into_iter()
            .filter(|e| Some(e) != own.as_ref()),
    );
    Ok(taken)
}

fn pool_member(m: &jury_member::Model) -> PoolMember {
    PoolMember {
        juror: mapping::juror(m),
        first_name: m.first_name.clone(),
        last_name: m.last_name.clone(),
        email: m.email.clone(),
        availability: m.availability.clone(),
    }
}

/// The organisation's pool, by name.
pub async fn pool(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Vec<PoolMember>, DbErr> {
    Ok(jury_member::Entity::find()
        .filter(jury_member::Column::OrganisationId.eq(organisation.0))
        .order_by_asc(jury_member::Column::LastName)
        .order_by_asc(jury_member::Column::FirstName)
        .all(db)
        .await?
        .iter()
        .map(pool_member)
        .collect())
}

fn pool_fields(model: &mut jury_member::ActiveModel, juror: &crate::domain::jury::pool::NewJuror) {
    model.first_name = Set(juror.first_name.clone());
    model.last_name = Set(juror.last_name.clone());
    model.email = Set(juror.email.clone());
    model.gender = Set(mapping::gender_to_db(juror.gender));
    model.internal = Set(juror.internal);
    model.category = Set(juror.category.clone());
    model.employment_side = Set(mapping::side_to_db(juror.side));
    model.teacher_kind = Set(mapping::teacher_to_db(juror.teacher));
    model.years_experience = Set(i32::try_from(juror.years_experience).unwrap_or(0));
    model.last_activity_on = Set(juror.last_activity);
    model.availability = Set(juror.availability.clone());
}

/// Adds checked members to the pool, in one transaction: all or nothing.
pub async fn add_to_pool(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    jurors: &[crate::domain::jury::pool::NewJuror],
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    for chunk in jurors.chunks(500) {
        let rows = chunk.iter().map(|j| {
            let mut model = jury_member::ActiveModel {
                organisation_id: Set(organisation.0),
                created_at: Set(now),
                ..Default::default()
            };
            pool_fields(&mut model, j);
            model
        });
        let ids = jury_member::Entity::insert_many(rows)
            .exec_with_returning_keys(&txn)
            .await?;
        let accounts: Vec<super::accounts::Invited<'_>> = chunk
            .iter()
            .zip(&ids)
            .map(|(j, id)| super::accounts::Invited {
                email: &j.email,
                name: format!("{} {}", j.first_name, j.last_name),
                role: crate::domain::role::Role::JuryMember,
                organisation,
                candidate: None,
                jury_member: Some(JuryMemberId(*id)),
            })
            .collect();
        super::accounts::create_invited(&txn, &accounts, now).await?;
    }
    txn.commit().await?;
    Ok(jurors.len())
}

/// Corrects a member of the pool; `false` when it is not the organisation's.
pub async fn update_pool_member(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    id: i32,
    juror: &crate::domain::jury::pool::NewJuror,
) -> Result<bool, DbErr> {
    let Some(found) = jury_member::Entity::find_by_id(id)
        .filter(jury_member::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let followed = super::accounts::follow_person(
        db,
        sea_orm::Condition::all().add(entities::user::Column::JuryMemberId.eq(id)),
        &juror.email,
        &format!("{} {}", juror.first_name, juror.last_name),
    )
    .await?;
    if followed.is_err() {
        // The pool's own check refused emails already taken: only a race gets here.
        return Err(DbErr::Custom("email taken by another account".to_owned()));
    }
    let mut model: jury_member::ActiveModel = found.into();
    pool_fields(&mut model, juror);
    model.update(db).await?;
    Ok(true)
}

/// For the president of a session's jury: the submitted sheets of the candidates they
/// are not in conflict with (they may reopen them); empty for anyone else.
pub async fn presided_sheets(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
) -> Result<Vec<AllocationRow>, DbErr> {
    let presides = jury_seat::Entity::find()
        .filter(jury_seat::Column::JuryMemberId.eq(member))
        .filter(jury_seat::Column::Role.eq(entities::enums::JuryRole::President))
        .find_also_related(jury::Entity)
        .all(db)
        .await?
        .into_iter()
        .any(|(_, j)| j.is_some_and(|j| j.session_id == session.0));
    if !presides {
        return Ok(Vec::new());
    }
    let people: HashMap<i32, candidate::Model> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(e, c)| c.map(|c| (e.id, c)))
        .collect();
    let conflicts = conflict::Entity::find()
        .filter(conflict::Column::JuryMemberId.eq(member))
        .all(db)
        .await?;
    let conflicted = |enrolment: i32| {
        people.get(&enrolment).is_none_or(|p| {
            conflicts.iter().any(|c| {
                c.candidate_id == Some(p.id)
                    || (c.training_group.is_some() && c.training_group == p.training_group)
            })
        })
    };
    Ok(allocations_of(db, session)
        .await?
        .into_iter()
        .filter(|a| a.status == crate::api::grading::SheetStatus::Submitted)
        .filter(|a| !conflicted(a.enrolment_id))
        .collect())
}

/// Who grades what once allocated: (email, name, number of sheets) per grader, with
/// the session's label and grading deadline.
pub async fn graders_summary(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<
    (
        String,
        Option<chrono::NaiveDate>,
        Vec<(String, String, usize)>,
    ),
    DbErr,
> {
    let model = exam_session::Entity::find_by_id(session.0).one(db).await?;
    let rows = allocations_of(db, session).await?;
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for r in &rows {
        *counts.entry(r.grader_id).or_default() += 1;
    }
    let members = super::chunked::all(counts.keys().copied(), |chunk| {
        jury_member::Entity::find()
            .filter(jury_member::Column::Id.is_in(chunk))
            .all(db)
    })
    .await?;
    let mut out: Vec<(String, String, usize)> = members
        .into_iter()
        .map(|m| {
            (
                m.email.clone(),
                format!("{} {}", m.first_name, m.last_name),
                counts.get(&m.id).copied().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    Ok((
        model.as_ref().map(|s| s.label.clone()).unwrap_or_default(),
        model.and_then(|s| s.grading_due_on),
        out,
    ))
}

/// The grader of an allocation and what it is: (email, name, session label, `number —
/// épreuve`, enrolment, épreuve).
pub async fn allocation_grader(
    db: &impl ConnectionTrait,
    allocation: i32,
) -> Result<Option<(String, String, String, String, i32, i32)>, DbErr> {
    let Some(row) = grading_allocation::Entity::find_by_id(allocation)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(member) = jury_member::Entity::find_by_id(row.jury_member_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(e) = enrolment::Entity::find_by_id(row.enrolment_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let session = exam_session::Entity::find_by_id(e.session_id)
        .one(db)
        .await?
        .map(|s| s.label)
        .unwrap_or_default();
    let code = epreuve::Entity::find_by_id(row.epreuve_id)
        .one(db)
        .await?
        .map(|ep| ep.code)
        .unwrap_or_default();
    Ok(Some((
        member.email,
        format!("{} {}", member.first_name, member.last_name),
        session,
        format!("{} — {code}", e.candidate_number),
        row.enrolment_id,
        row.epreuve_id,
    )))
}
