//! One session of the certifier: its enrolled candidates, and the import of a
//! candidates file (all rows in one transaction, inserted in chunks).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entities::enums::{AccessRoute as DbRoute, EnrolmentStatus};
use entities::{candidate, enrolment, exam_session};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait, Set,
};

use crate::api::sessions::{EnrolledCandidate, SessionDetail};
use crate::domain::candidate::{AccessRoute, ImportedCandidate};
use crate::domain::ids::{EnrolmentId, OrganisationId, SessionId};
use crate::domain::paging::Paging;

/// Rows per INSERT: far below the bind-parameter limits of SQLite and PostgreSQL.
const CHUNK: usize = 500;

pub fn route_to_db(route: AccessRoute) -> DbRoute {
    match route {
        AccessRoute::FormationInitiale => DbRoute::FormationInitiale,
        AccessRoute::Apprentissage => DbRoute::Apprentissage,
        AccessRoute::FormationContinue => DbRoute::FormationContinue,
        AccessRoute::ContratPro => DbRoute::ContratPro,
        AccessRoute::CandidatureIndividuelle => DbRoute::CandidatureIndividuelle,
        AccessRoute::Vae => DbRoute::Vae,
    }
}

pub fn route_from_db(route: DbRoute) -> AccessRoute {
    match route {
        DbRoute::FormationInitiale => AccessRoute::FormationInitiale,
        DbRoute::Apprentissage => AccessRoute::Apprentissage,
        DbRoute::FormationContinue => AccessRoute::FormationContinue,
        DbRoute::ContratPro => AccessRoute::ContratPro,
        DbRoute::CandidatureIndividuelle => AccessRoute::CandidatureIndividuelle,
        DbRoute::Vae => AccessRoute::Vae,
    }
}

/// The session if it belongs to the organisation.
pub async fn find_owned(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<exam_session::Model>, DbErr> {
    exam_session::Entity::find_by_id(session.0)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await
}

/// A session with its candidates, or `None` if it is not the organisation's.
pub async fn detail(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<SessionDetail>, DbErr> {
    detail_of(db, organisation, session, Roll::All).await
}

/// The session with every candidate's number, name and options only (a sitting's roll
/// call): no capitalised blocs, no accommodation requests.
pub async fn roster(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<SessionDetail>, DbErr> {
    detail_of(db, organisation, session, Roll::Roster).await
}

/// The session with one enrolled candidate only (`None` for none: the session's
/// sittings and settings).
pub async fn detail_of_one(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolment: Option<EnrolmentId>,
) -> Result<Option<SessionDetail>, DbErr> {
    detail_of(db, organisation, session, Roll::One(enrolment)).await
}

/// The session with these enrolled candidates only (a page of a sitting), without
/// capitalised blocs and requests.
pub async fn detail_of_these(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolments: &[i32],
) -> Result<Option<SessionDetail>, DbErr> {
    detail_of(db, organisation, session, Roll::These(enrolments)).await
}

/// Which of the session's candidates a detail carries.
#[derive(Clone, Copy)]
enum Roll<'a> {
    /// These, for a roll call.
    These(&'a [i32]),
    /// This one (or none).
    One(Option<EnrolmentId>),
    /// Every one, with their capitalised blocs, and the accommodation requests.
    All,
    /// Every one, without what a roll call does not show.
    Roster,
    /// One page of those matching a search.
    Page(&'a str, u64),
}

/// The session with one page of its candidates (those matching `search`, by name,
/// number or email): only that page's rows are read whole.
pub async fn detail_page(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    (search, page): (&str, u64),
) -> Result<Option<SessionDetail>, DbErr> {
    detail_of(db, organisation, session, Roll::Page(search, page)).await
}

/// A page of the session's enrolments with their candidates, the number enrolled and
/// where the page stands.
async fn enrolled_page(
    db: &impl ConnectionTrait,
    session: SessionId,
    (search, page): (&str, u64),
) -> Result<(EnrolledRows, u64, Paging), DbErr> {
    let of_session =
        || enrolment::Entity::find().filter(enrolment::Column::SessionId.eq(session.0));
    let all = of_session().count(db).await?;
    if search.trim().is_empty() {
        let paging = Paging::new(usize::try_from(all).unwrap_or(usize::MAX), page);
        let range = paging.range();
        let rows = of_session()
            .find_also_related(candidate::Entity)
            .order_by_asc(enrolment::Column::CandidateNumber)
            .offset(range.start as u64)
            .limit(range.len() as u64)
            .all(db)
            .await?;
        return Ok((rows, all, paging));
    }
    // Names, numbers and emails only (a row per candidate), searched here, then the
    // page's rows whole.
    let people: Vec<(i32, String, String, String, String)> = of_session()
        .select_only()
        .column(enrolment::Column::Id)
        .column(enrolment::Column::CandidateNumber)
        .column(candidate::Column::LastName)
        .column(candidate::Column::FirstName)
        .column(candidate::Column::Email)
        .join(JoinType::InnerJoin, enrolment::Relation::Candidate.def())
        .order_by_asc(enrolment::Column::CandidateNumber)
        .into_tuple()
        .all(db)
        .await?;
    let found: Vec<i32> = people
        .into_iter()
        .filter(|(_, number, last, first, email)| {
            crate::domain::paging::matches(search, &[number, last, first, email])
        })
        .map(|p| p.0)
        .collect();
    let (shown, paging) = crate::domain::paging::page_of(found, page);
    let mut rows = super::chunked::all(shown, |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::Id.is_in(chunk))
            .find_also_related(candidate::Entity)
            .all(db)
    })
    .await?;
    rows.sort_by(|a, b| a.0.candidate_number.cmp(&b.0.candidate_number));
    Ok((rows, all, paging))
}

type EnrolledRows = Vec<(enrolment::Model, Option<candidate::Model>)>;

async fn detail_of(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    roll: Roll<'_>,
) -> Result<Option<SessionDetail>, DbErr> {
    let Some(model) = find_owned(db, organisation, session).await? else {
        return Ok(None);
    };
    let version = model.version_id;
    let rows = super::dashboard::session_rows(db, vec![model]).await?;
    let Some(summary) = rows.into_iter().next() else {
        return Ok(None);
    };
    let (enrolled, all, paging) = match roll {
        Roll::Page(search, page) => enrolled_page(db, session, (search, page)).await?,
        Roll::These(ids) => {
            let mut rows = super::chunked::all(ids.iter().copied(), |chunk| {
                enrolment::Entity::find()
                    .filter(enrolment::Column::SessionId.eq(session.0))
                    .filter(enrolment::Column::Id.is_in(chunk))
                    .find_also_related(candidate::Entity)
                    .all(db)
            })
            .await?;
            rows.sort_by(|a, b| a.0.candidate_number.cmp(&b.0.candidate_number));
            (rows, 0, Paging::default())
        }
        Roll::One(enrolment) => {
            let rows = match enrolment {
                Some(id) => {
                    enrolment::Entity::find_by_id(id.0)
                        .filter(enrolment::Column::SessionId.eq(session.0))
                        .find_also_related(candidate::Entity)
                        .all(db)
                        .await?
                }
                None => Vec::new(),
            };
            (rows, 0, Paging::default())
        }
        Roll::All | Roll::Roster => {
            let rows = enrolment::Entity::find()
                .filter(enrolment::Column::SessionId.eq(session.0))
                .find_also_related(candidate::Entity)
                .order_by_asc(enrolment::Column::CandidateNumber)
                .all(db)
                .await?;
            let all = rows.len() as u64;
            (rows, all, Paging::default())
        }
    };
    let full = !matches!(roll, Roll::Roster | Roll::These(_));
    let people: Vec<i32> = enrolled.iter().map(|(e, _)| e.candidate_id).collect();
    let mut capitalised: std::collections::HashMap<i32, Vec<String>> =
        std::collections::HashMap::new();
    if full {
        for (person, text) in super::capitalisation::of_candidates(db, &people).await? {
            capitalised.entry(person).or_default().push(text);
        }
    }
    let candidates = enrolled
        .into_iter()
        .filter_map(|(enrolment, person)| {
            let person = person?;
            Some(EnrolledCandidate {
                capitalised: capitalised.remove(&person.id).unwrap_or_default(),
                enrolment_id: EnrolmentId(enrolment.id),
                number: enrolment.candidate_number,
                last_name: person.last_name,
                first_name: person.first_name,
                birth_date: person.birth_date,
                email: person.email,
                access_route: route_from_db(person.access_route),
                category: person.category,
                training_group: person.training_group,
                attendance: rate_fr(enrolment.attendance_percent_hundredths),
                absence: rate_fr(enrolment.unjustified_absence_percent_hundredths),
                options: chosen_options(&enrolment.optional_units),
            })
        })
        .collect();
    let accommodations = if full {
        super::accommodations::counts(db, session).await?
    } else {
        Default::default()
    };
    let epreuves =
        super::schedule::epreuves_of_version(db, crate::domain::ids::VersionId(version)).await?;
    let slots = super::schedule::slots_of_sessions(db, &[session.0])
        .await?
        .remove(&session.0)
        .unwrap_or_default();
    let blocs = entities::bloc::Entity::find()
        .filter(entities::bloc::Column::VersionId.eq(version))
        .order_by_asc(entities::bloc::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.code, b.title))
        .collect();
    let categories = categories_of_version(db, version).await?;
    let optional_units = optional_units_of_version(db, version).await?;
    Ok(Some(SessionDetail {
        optional_units,
        session: summary,
        candidates,
        accommodations,
        epreuves,
        slots,
        blocs,
        categories,
        enrolled: all,
        paging,
    }))
}

/// The candidate categories a version's épreuves depend on: (code, French label).
pub async fn categories_of_version(
    db: &impl ConnectionTrait,
    version: i32,
) -> Result<Vec<(String, String)>, DbErr> {
    let epreuves: Vec<i32> = entities::epreuve::Entity::find()
        .filter(entities::epreuve::Column::VersionId.eq(version))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut codes: Vec<String> = super::chunked::all(epreuves, |chunk| {
        entities::epreuve_modality::Entity::find()
            .filter(entities::epreuve_modality::Column::EpreuveId.is_in(chunk))
            .all(db)
    })
    .await?
    .into_iter()
    .map(|m| m.route)
    .collect();
    codes.sort();
    codes.dedup();
    Ok(codes
        .into_iter()
        .map(|code| {
            let label = crate::domain::templates::category_label(&code);
            (code, label)
        })
        .collect())
}

/// The candidate categories of a session's version.
pub async fn categories_of_session(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Vec<(String, String)>, DbErr> {
    match exam_session::Entity::find_by_id(session.0).one(db).await? {
        Some(model) => categories_of_version(db, model.version_id).await,
        None => Ok(Vec::new()),
    }
}

/// Why a candidate could not be updated.
#[derive(Debug)]
pub enum UpdateRefusal {
    /// Not an enrolment of one of the organisation's sessions.
    NotFound,
    /// Another account already signs in with this email.
    EmailTaken,
    Db(DbErr),
}

impl From<DbErr> for UpdateRefusal {
    fn from(err: DbErr) -> Self {
        UpdateRefusal::Db(err)
    }
}

/// The enrolled candidate of one of the organisation's sessions.
async fn enrolled_candidate(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolment_id: EnrolmentId,
) -> Result<Option<candidate::Model>, DbErr> {
    if find_owned(db, organisation, session).await?.is_none() {
        return Ok(None);
    }
    Ok(enrolment::Entity::find_by_id(enrolment_id.0)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .one(db)
        .await?
        .and_then(|(_, person)| person)
        .filter(|p| p.organisation_id == organisation.0))
}

/// The current email of an enrolled candidate.
pub async fn enrolled_email(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolment_id: EnrolmentId,
) -> Result<Option<String>, DbErr> {
    Ok(enrolled_candidate(db, organisation, session, enrolment_id)
        .await?
        .map(|p| p.email))
}

/// Saves a checked correction of an enrolled candidate; their account, if any, signs in
/// with the new email. One transaction.
pub async fn update_candidate(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    (session, enrolment_id): (SessionId, EnrolmentId),
    checked: &ImportedCandidate,
    (user_id, now): (i32, DateTime<Utc>),
) -> Result<(), UpdateRefusal> {
    use entities::user;
    use sea_orm::ActiveModelTrait;
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(person) = enrolled_candidate(&txn, organisation, session, enrolment_id).await? else {
        return Err(UpdateRefusal::NotFound);
    };
    let followed = super::accounts::follow_person(
        &txn,
        sea_orm::Condition::all().add(user::Column::CandidateId.eq(person.id)),
        &checked.email,
        &format!("{} {}", checked.first_name, checked.last_name),
    )
    .await?;
    if followed.is_err() {
        return Err(UpdateRefusal::EmailTaken);
    }
    set_rates(
        &txn,
        session,
        &[(
            enrolment_id,
            checked.attendance_percent,
            checked.absence_percent,
        )],
        (user_id, now),
    )
    .await?;
    enrolment::Entity::update_many()
        .col_expr(
            enrolment::Column::OptionalUnits,
            sea_orm::sea_query::Expr::value(checked.options.join(",")),
        )
        .filter(enrolment::Column::Id.eq(enrolment_id.0))
        .exec(&txn)
        .await?;
    let mut person: candidate::ActiveModel = person.into();
    person.last_name = Set(checked.last_name.clone());
    person.first_name = Set(checked.first_name.clone());
    person.birth_date = Set(checked.birth_date);
    person.email = Set(checked.email.clone());
    person.access_route = Set(route_to_db(checked.access_route));
    person.category = Set(checked.category.clone());
    person.training_group = Set(checked.training_group.clone());
    person.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A stored rate as typed in French (`92,5`), empty when not recorded.
fn rate_fr(hundredths: Option<i64>) -> String {
    hundredths.map_or_else(String::new, |h| {
        crate::domain::format::decimal_fr(rust_decimal::Decimal::new(h, 2))
    })
}

fn hundredths(value: rust_decimal::Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (value * rust_decimal::Decimal::ONE_HUNDRED)
        .round()
        .to_i64()
        .unwrap_or(0)
}

/// A stored rate in words for the audit log: `92,5 %`, or `non renseigné`.
fn rate_text(hundredths: Option<i64>) -> String {
    hundredths.map_or_else(
        || "non renseigné".to_owned(),
        |h| {
            format!(
                "{} %",
                crate::domain::format::decimal_fr(rust_decimal::Decimal::new(h, 2))
            )
        },
    )
}

/// Records the training attendance and unjustified absence rates of enrolments of the
/// session (inside the caller's write transaction): only the changed ones, each change
/// appended to the audit log, since the engine decides with them. Enrolments of
/// another session are ignored.
pub async fn set_rates(
    txn: &impl ConnectionTrait,
    session: SessionId,
    rates: &[(
        EnrolmentId,
        Option<rust_decimal::Decimal>,
        Option<rust_decimal::Decimal>,
    )],
    (user_id, now): (i32, DateTime<Utc>),
) -> Result<usize, DbErr> {
    use sea_orm::ActiveModelTrait;
    let ids: Vec<i32> = rates.iter().map(|(e, ..)| e.0).collect();
    let stored: std::collections::HashMap<i32, enrolment::Model> =
        super::chunked::all(ids, |chunk| {
            enrolment::Entity::find()
                .filter(enrolment::Column::Id.is_in(chunk))
                .filter(enrolment::Column::SessionId.eq(session.0))
                .all(txn)
        })
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut changed = 0;
    for (enrolment_id, attendance, absence) in rates {
        let Some(model) = stored.get(&enrolment_id.0) else {
            continue;
        };
        let (attendance, absence) = (attendance.map(hundredths), absence.map(hundredths));
        if model.attendance_percent_hundredths == attendance
            && model.unjustified_absence_percent_hundredths == absence
        {
            continue;
        }
        let words = |a: Option<i64>, b: Option<i64>| {
            format!(
                "assiduité {} ; absences injustifiées {}",
                rate_text(a),
                rate_text(b)
            )
        };
        super::audit::append(
            txn,
            crate::domain::audit::Record {
                at: now,
                actor: Some(user_id),
                entity: "enrolment_rates".to_owned(),
                entity_id: model.id.to_string(),
                action: "record".to_owned(),
                before: Some(words(
                    model.attendance_percent_hundredths,
                    model.unjustified_absence_percent_hundredths,
                )),
                after: Some(words(attendance, absence)),
                reason: None,
                session: Some(model.session_id),
            },
        )
        .await?;
        let mut active: enrolment::ActiveModel = model.clone().into();
        active.attendance_percent_hundredths = Set(attendance);
        active.unjustified_absence_percent_hundredths = Set(absence);
        active.update(txn).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Emails of the organisation's candidates and of every account (lower case), to
/// refuse duplicates: each enrolled candidate gets an account of their own.
pub async fn candidate_emails(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<HashSet<String>, DbErr> {
    let emails: Vec<String> = candidate::Entity::find()
        .select_only()
        .column(candidate::Column::Email)
        .filter(candidate::Column::OrganisationId.eq(organisation.0))
        .into_tuple()
        .all(db)
        .await?;
    let mut taken =
        super::accounts::taken_emails(db, organisation, crate::domain::role::Role::Candidate)
            .await?;
    taken.extend(emails.into_iter().map(|e| e.to_lowercase()));
    Ok(taken)
}

/// Creates the candidates and enrols them in the session, numbered after the last
/// enrolment (`<prefix>-001`…), in one transaction: all or nothing.
pub async fn import(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    candidates: &[ImportedCandidate],
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let numbers: Vec<String> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::CandidateNumber)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .into_tuple()
        .all(&txn)
        .await?;
    let mut next = numbers.len() + 1;
    let prefix = format!("S{}", session.0);
    for chunk in candidates.chunks(CHUNK) {
        let people = chunk.iter().map(|c| candidate::ActiveModel {
            organisation_id: Set(organisation.0),
            first_name: Set(c.first_name.clone()),
            last_name: Set(c.last_name.clone()),
            birth_date: Set(c.birth_date),
            email: Set(c.email.clone()),
            access_route: Set(route_to_db(c.access_route)),
            category: Set(c.category.clone()),
            training_group: Set(c.training_group.clone()),
            created_at: Set(now),
            birth_name: Set(c.identity.birth_name.clone()),
            other_first_names: Set(c.identity.other_first_names_column()),
            sex: Set(c.identity.sex.map(|s| s.code().to_owned())),
            birth_insee_code: Set(c.identity.birth_insee_code.clone()),
            birth_postal_code: Set(c.identity.birth_postal_code.clone()),
            birth_commune: Set(c.identity.birth_commune.clone()),
            birth_country_code: Set(c.identity.birth_country_code.clone()),
            birth_country: Set(c.identity.birth_country.clone()),
            identity_updated_at: Set(None),
            ..Default::default()
        });
        let ids = candidate::Entity::insert_many(people)
            .exec_with_returning_keys(&txn)
            .await?;
        let accounts: Vec<super::accounts::Invited<'_>> = chunk
            .iter()
            .zip(&ids)
            .map(|(c, id)| super::accounts::Invited {
                email: &c.email,
                name: format!("{} {}", c.first_name, c.last_name),
                role: crate::domain::role::Role::Candidate,
                organisation,
                candidate: Some(crate::domain::ids::CandidateId(*id)),
                jury_member: None,
            })
            .collect();
        super::accounts::create_invited(&txn, &accounts, now).await?;
        let enrolments = ids.into_iter().zip(chunk).map(|(id, c)| {
            let number = format!("{prefix}-{next:04}");
            next += 1;
            enrolment::ActiveModel {
                session_id: Set(session.0),
                candidate_id: Set(id),
                candidate_number: Set(number),
                status: Set(EnrolmentStatus::Enrolled),
                attendance_percent_hundredths: Set(c.attendance_percent.map(hundredths)),
                unjustified_absence_percent_hundredths: Set(c.absence_percent.map(hundredths)),
                optional_units: Set(c.options.join(",")),
                created_at: Set(now),
                ..Default::default()
            }
        });
        enrolment::Entity::insert_many(enrolments)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(candidates.len())
}

/// Why a grading deadline is refused.
#[derive(Debug)]
pub enum DeadlineRefusal {
    NotFound,
    Invalid(String),
    Db(DbErr),
}

/// Sets the day by which one of the organisation's sessions is to be graded: not before
/// the session starts, not once its PV is signed.
pub async fn set_grading_deadline(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    on: chrono::NaiveDate,
) -> Result<(), DeadlineRefusal> {
    let model = find_owned(db, organisation, session)
        .await
        .map_err(DeadlineRefusal::Db)?
        .ok_or(DeadlineRefusal::NotFound)?;
    if super::mapping::session_status(model.status).frozen() {
        return Err(DeadlineRefusal::Invalid(
            crate::domain::status::FROZEN.to_owned(),
        ));
    }
    if on < model.starts_on {
        return Err(DeadlineRefusal::Invalid(format!(
            "La date limite de correction ({}) précède le début de la session ({}).",
            crate::domain::format::date_fr(on),
            crate::domain::format::date_fr(model.starts_on)
        )));
    }
    let mut active: exam_session::ActiveModel = model.into();
    active.grading_due_on = Set(Some(on));
    sea_orm::ActiveModelTrait::update(active, db)
        .await
        .map_err(DeadlineRefusal::Db)?;
    Ok(())
}

/// Why the session accepts no change any more (deliberation closed or PV signed), if
/// so: see `domain::status::change_refused`.
pub async fn frozen(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Option<&'static str>, DbErr> {
    let Some(model) = exam_session::Entity::find_by_id(session.0).one(db).await? else {
        return Ok(None);
    };
    let closed = entities::jury::Entity::find()
        .filter(entities::jury::Column::SessionId.eq(session.0))
        .one(db)
        .await?
        .is_some_and(|j| j.pv_hash.is_some());
    Ok(crate::domain::status::change_refused(
        super::mapping::session_status(model.status),
        closed,
    ))
}

/// One enrolment's rates as the bulk table shows them.
pub struct RatesRow {
    pub enrolment_id: i32,
    pub number: String,
    pub name: String,
    pub group: Option<String>,
    pub attendance: Option<rust_decimal::Decimal>,
    pub absence: Option<rust_decimal::Decimal>,
}

/// A page of the session's enrolments (searched by name or number, by number) with
/// their rates, the total found, and the session's grid; `None` if the session is not
/// the organisation's.
pub async fn rates_page(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    search: &str,
    (page, size): (u64, u64),
) -> Result<
    Option<(
        exam_session::Model,
        crate::domain::scoring::Grid,
        Vec<RatesRow>,
        u64,
    )>,
    DbErr,
> {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    use sea_orm::{Condition, PaginatorTrait, QueryOrder, QuerySelect};
    let Some(model) = find_owned(db, organisation, session).await? else {
        return Ok(None);
    };
    let Some(version) = entities::certification_version::Entity::find_by_id(model.version_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let grid: crate::domain::scoring::Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let mut query = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity);
    let search = search.trim().to_lowercase();
    if !search.is_empty() {
        let pattern = format!("%{}%", search.replace(['%', '_'], ""));
        query = query.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col((
                        candidate::Entity,
                        candidate::Column::LastName,
                    ))))
                    .like(&pattern),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col((
                        candidate::Entity,
                        candidate::Column::FirstName,
                    ))))
                    .like(&pattern),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col((
                        enrolment::Entity,
                        enrolment::Column::CandidateNumber,
                    ))))
                    .like(&pattern),
                ),
        );
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(enrolment::Column::CandidateNumber)
        .offset(page * size)
        .limit(size)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(e, person)| {
            person.map(|p| RatesRow {
                enrolment_id: e.id,
                number: e.candidate_number,
                name: format!("{} {}", p.last_name.to_uppercase(), p.first_name),
                group: p.training_group,
                attendance: e
                    .attendance_percent_hundredths
                    .map(|h| rust_decimal::Decimal::new(h, 2).normalize()),
                absence: e
                    .unjustified_absence_percent_hundredths
                    .map(|h| rust_decimal::Decimal::new(h, 2).normalize()),
            })
        })
        .collect();
    Ok(Some((model, grid, rows, total)))
}

/// Candidate numbers of enrolments of the session, by enrolment id.
pub async fn enrolment_numbers(
    db: &impl ConnectionTrait,
    session: SessionId,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    Ok(super::chunked::all(ids, |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::Id.is_in(chunk))
            .filter(enrolment::Column::SessionId.eq(session.0))
            .all(db)
    })
    .await?
    .into_iter()
    .map(|e| (e.id, e.candidate_number))
    .collect())
}

/// The enrolment of the session with this candidate number (`E26-0042`), if any.
pub async fn enrolment_by_number(
    db: &impl ConnectionTrait,
    session: SessionId,
    number: &str,
) -> Result<Option<i32>, DbErr> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .filter(enrolment::Column::CandidateNumber.eq(number.trim()))
        .one(db)
        .await?
        .map(|e| e.id))
}

/// The session of an enrolment.
pub async fn session_of_enrolment(
    db: &impl ConnectionTrait,
    enrolment_id: i32,
) -> Result<Option<i32>, DbErr> {
    Ok(enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
        .map(|e| e.session_id))
}

/// Moves a session forward to `to` (planned once a sitting is scheduled, exams once a
/// sheet is saved or attendance recorded), never back: only from the earlier steps.
pub async fn advance_status(
    db: &impl ConnectionTrait,
    session: SessionId,
    to: entities::enums::SessionStatus,
) -> Result<(), DbErr> {
    use entities::enums::SessionStatus as S;
    use sea_orm::sea_query::Expr;
    let earlier: Vec<S> = match to {
        S::Scheduled => vec![S::Draft],
        S::Exams => vec![S::Draft, S::Scheduled],
        _ => return Ok(()),
    };
    exam_session::Entity::update_many()
        .col_expr(
            exam_session::Column::Status,
            Expr::value(sea_orm::ActiveEnum::to_value(&to)),
        )
        .filter(exam_session::Column::Id.eq(session.0))
        .filter(exam_session::Column::Status.is_in(earlier))
        .exec(db)
        .await?;
    Ok(())
}

/// The optional units an enrolment chose, from its stored list.
pub fn chosen_options(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn grid_of_version(
    db: &impl ConnectionTrait,
    version: i32,
) -> Result<Option<crate::domain::scoring::Grid>, DbErr> {
    Ok(entities::certification_version::Entity::find_by_id(version)
        .one(db)
        .await?
        .and_then(|v| serde_json::from_str(&v.grid_json).ok()))
}

/// The optional units of a version's grid: (code, title).
pub async fn optional_units_of_version(
    db: &impl ConnectionTrait,
    version: i32,
) -> Result<Vec<(String, String)>, DbErr> {
    Ok(grid_of_version(db, version)
        .await?
        .map(|grid| {
            grid.units
                .iter()
                .filter(|u| u.kind == crate::domain::scoring::grid::UnitKind::Optional)
                .map(|u| (u.code.clone(), u.title.clone()))
                .collect()
        })
        .unwrap_or_default())
}

/// The optional units of a session's version.
pub async fn optional_units_of_session(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Vec<(String, String)>, DbErr> {
    match exam_session::Entity::find_by_id(session.0).one(db).await? {
        Some(model) => optional_units_of_version(db, model.version_id).await,
        None => Ok(Vec::new()),
    }
}

/// For a version: the optional unit each épreuve code belongs to (only those).
pub async fn optional_epreuves_of_version(
    db: &impl ConnectionTrait,
    version: i32,
) -> Result<std::collections::HashMap<String, String>, DbErr> {
    Ok(grid_of_version(db, version)
        .await?
        .map(|grid| {
            grid.components
                .iter()
                .filter(|c| {
                    grid.units.iter().any(|u| {
                        u.code == c.unit
                            && u.kind == crate::domain::scoring::grid::UnitKind::Optional
                    })
                })
                .map(|c| (c.code.clone(), c.unit.clone()))
                .collect()
        })
        .unwrap_or_default())
}

/// Whether an enrolment sits an épreuve: always, unless the épreuve belongs to an
/// optional unit the candidate did not choose.
pub fn sits(
    optional: &std::collections::HashMap<String, String>,
    epreuve_code: &str,
    chosen: &[String],
) -> bool {
    optional
        .get(epreuve_code)
        .is_none_or(|unit| chosen.contains(unit))
}
