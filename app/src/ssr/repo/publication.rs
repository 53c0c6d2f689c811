//! Publication of a session's results: the certifier's date (checked against the PV's
//! signatures and the 6-week rule), then, once the date has come, in one transaction:
//! the session marked published (once, even with several app servers), every
//! candidate document issued with its verification code, validated blocs capitalised.

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{DocumentKind, SessionStatus as DbStatus};
use entities::{
    bloc_result, candidate, capitalised_bloc, certification, certification_version, decision,
    document, enrolment, exam_session, jury, organisation,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::domain::audit::Record;
use crate::domain::certificate::{
    Departure, Holder, Issued, KeptUnit, Kind, TranscriptLine, transcript_lines, verification_code,
};
use crate::domain::deliberation::{blocs, check_publication, decision_text};
use crate::domain::ids::{OrganisationId, SessionId};
use crate::domain::scoring::grid::Grid;
use crate::domain::scoring::outcome::Decision;

/// Why a publication date is refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    Invalid(String),
    /// Past the 6 weeks: allowed once the certifier confirms.
    NeedsConfirmation(String),
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(e: DbErr) -> Self {
        Refusal::Db(e)
    }
}

/// Sets the publication date of one of the organisation's sessions.
pub async fn schedule(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    (on, confirmed): (NaiveDate, bool),
    (user, now): (i32, DateTime<Utc>),
) -> Result<(), Refusal> {
    let today = super::schedule::paris_today(now);
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(model) = super::sessions::find_owned(&txn, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    if model.published_at.is_some() {
        return Err(Refusal::Invalid(
            "Les résultats de cette session sont déjà publiés.".to_owned(),
        ));
    }
    let last = super::deliberation::last_epreuve_on(&txn, &model).await?;
    let signed = model.status == DbStatus::Signed;
    match check_publication(signed, on, last, today) {
        Err(message) => return Err(Refusal::Invalid(message)),
        Ok(Some(warning)) if !confirmed => return Err(Refusal::NeedsConfirmation(warning)),
        Ok(_) => {}
    }
    let before = model.publication_on.map(|d| d.to_string());
    let mut active: exam_session::ActiveModel = model.into();
    active.publication_on = Set(Some(on));
    active.update(&txn).await?;
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor: Some(user),
            entity: "session".to_owned(),
            entity_id: session.0.to_string(),
            action: "schedule_publication".to_owned(),
            before,
            after: Some(on.to_string()),
            reason: None,
            session: Some(session.0),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A candidate to tell that their results are out.
#[derive(Clone, Debug)]
pub struct Notice {
    pub organisation: OrganisationId,
    pub session_id: SessionId,
    pub enrolment: i32,
    pub email: String,
    pub name: String,
    pub session: String,
    pub decision: Decision,
    /// Where the jury departed from the computed result, with its reason.
    pub departure: Option<Departure>,
    /// Documents issued to them.
    pub documents: usize,
}

/// Publishes every signed session whose publication date has come; returns who to
/// notify. Each session is published once even when several servers run this at the
/// same time (the first to mark it wins, the others find it done).
pub async fn publish_due(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Notice>, DbErr> {
    let today = super::schedule::paris_today(now);
    let due = exam_session::Entity::find()
        .filter(exam_session::Column::Status.eq(DbStatus::Signed))
        .filter(exam_session::Column::PublishedAt.is_null())
        .filter(exam_session::Column::PublicationOn.lte(today))
        .all(db)
        .await?;
    let mut notices = Vec::new();
    for session in due {
        let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
        let marked = exam_session::Entity::update_many()
            .col_expr(exam_session::Column::PublishedAt, Expr::value(now))
            .col_expr(
                exam_session::Column::Status,
                Expr::value(sea_orm::ActiveEnum::to_value(&DbStatus::Published)),
            )
            .filter(exam_session::Column::Id.eq(session.id))
            .filter(exam_session::Column::PublishedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected == 0 {
            continue;
        }
        notices.extend(issue(&txn, &session, now).await?);
        txn.commit().await?;
    }
    Ok(notices)
}

/// A fresh verification code (rejection sampling keeps every character equally likely).
pub(crate) fn fresh_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let mut values = [0u8; 12];
    for value in &mut values {
        *value = loop {
            let byte: u8 = rng.random();
            if usize::from(byte) < 248 {
                break byte;
            }
        };
    }
    verification_code(values)
}

fn document_kind(kind: Kind) -> DocumentKind {
    match kind {
        Kind::Certificate => DocumentKind::Certificate,
        Kind::BlocCertificate => DocumentKind::BlocCertificate,
        Kind::Transcript => DocumentKind::Transcript,
        Kind::AttendanceCertificate => DocumentKind::AttendanceCertificate,
    }
}

/// What each decision gives (seed 004: block certificates and a training attendance
/// certificate without the full certification).
pub fn documents_for(decision: Decision, validated_blocs: usize) -> Vec<Kind> {
    match decision {
        Decision::FullCertification => vec![Kind::Certificate, Kind::Transcript],
        Decision::BlocsOnly | Decision::NotCertified => {
            let mut kinds = vec![Kind::Transcript, Kind::AttendanceCertificate];
            if validated_blocs > 0 {
                kinds.push(Kind::BlocCertificate);
            }
            kinds
        }
        Decision::Absent | Decision::Postponed | Decision::Fraud => Vec::new(),
    }
}

/// Issues the documents of a session and capitalises its validated blocs.
async fn issue(
    db: &impl ConnectionTrait,
    session: &exam_session::Model,
    now: DateTime<Utc>,
) -> Result<Vec<Notice>, DbErr> {
    let version = certification_version::Entity::find_by_id(session.version_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("version".to_owned()))?;
    let cert = certification::Entity::find_by_id(version.certification_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("certification".to_owned()))?;
    let issuer = organisation::Entity::find_by_id(session.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let the_jury = jury::Entity::find()
        .filter(jury::Column::SessionId.eq(session.id))
        .one(db)
        .await?;
    let decided_on = the_jury.as_ref().and_then(|j| j.closed_at).map_or_else(
        || super::schedule::paris_today(now),
        super::schedule::paris_today,
    );
    // The president who closed the PV signs the awards with the certifier.
    let president = the_jury
        .as_ref()
        .and_then(|j| j.pv_json.as_deref())
        .and_then(|json| serde_json::from_str::<crate::domain::deliberation::Pv>(json).ok())
        .and_then(|pv| {
            pv.members
                .into_iter()
                .find(|m| m.role.starts_with("Président"))
                .map(|m| m.name)
        });
    let valid_for = cert.validity_years;
    let competences = competences_of(db, version.id).await?;
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.id))
        .find_also_related(candidate::Entity)
        .all(db)
        .await?;
    let decisions = super::chunked::all(enrolled.iter().map(|(e, _)| e.id), |chunk| {
        decision::Entity::find()
            .filter(decision::Column::EnrolmentId.is_in(chunk))
            .all(db)
    })
    .await?;
    let results = super::chunked::all(decisions.iter().map(|d| d.id), |chunk| {
        bloc_result::Entity::find()
            .filter(bloc_result::Column::DecisionId.is_in(chunk))
            .all(db)
    })
    .await?;
    let titles = blocs(&grid);
    let valid_until = |on: NaiveDate| {
        version
            .capitalisation_years
            .and_then(|years| on.checked_add_months(chrono::Months::new(12 * years as u32)))
    };
    let mut documents = Vec::new();
    let mut capitalised = Vec::new();
    let mut notices = Vec::new();
    let decision_of: std::collections::HashMap<i32, &decision::Model> =
        decisions.iter().map(|d| (d.enrolment_id, d)).collect();
    let mut results_of: std::collections::HashMap<i32, Vec<&bloc_result::Model>> =
        std::collections::HashMap::new();
    for r in &results {
        results_of.entry(r.decision_id).or_default().push(r);
    }
    for (e, person) in &enrolled {
        let (Some(person), Some(d)) = (person, decision_of.get(&e.id).copied()) else {
            continue;
        };
        let decided = super::deliberation::from_db(d.final_outcome);
        let own: Vec<&bloc_result::Model> = results_of.remove(&d.id).unwrap_or_default();
        let validated: Vec<String> = own
            .iter()
            .filter(|r| r.validated)
            .map(|r| r.bloc_code.clone())
            .collect();
        let holder = Holder {
            name: crate::domain::format::holder_name(&person.first_name, &person.last_name),
            birth_date: person.birth_date,
            number: e.candidate_number.clone(),
            certification: cert.title.clone(),
            code: cert.code.clone(),
            level: cert.level.clone(),
            certifier: issuer.clone(),
            session: session.label.clone(),
            decided_on,
            president: president.clone(),
            valid_until: valid_for.and_then(|years| {
                decided_on
                    .checked_add_months(chrono::Months::new(12 * years.max(0) as u32))
                    .and_then(|d| d.pred_opt())
            }),
        };
        let lines = lines_of(&grid, d, &own);
        let departure = departure_of(&grid, d, &own);
        let explanation: Vec<String> =
            serde_json::from_str(&d.explanation_json).unwrap_or_default();
        let kinds = documents_for(decided, validated.len());
        let issued_before = documents.len();
        for kind in kinds {
            let bloc_list: Vec<Option<(String, String)>> = if kind == Kind::BlocCertificate {
                validated
                    .iter()
                    .map(|code| {
                        titles
                            .iter()
                            .find(|(c, _)| c == code)
                            .cloned()
                            .or_else(|| Some((code.clone(), code.clone())))
                    })
                    .collect()
            } else {
                vec![None]
            };
            for bloc in bloc_list {
                let issued = Issued {
                    kind,
                    holder: holder.clone(),
                    competences: bloc
                        .as_ref()
                        .and_then(|(code, _)| competences.get(code).cloned())
                        .unwrap_or_default(),
                    bloc: bloc.clone(),
                    decision: decision_text(decided, &validated),
                    lines: lines.clone(),
                    explanation: if kind == Kind::Transcript {
                        explanation.clone()
                    } else {
                        Vec::new()
                    },
                    departure: departure.clone(),
                };
                let payload = serde_json::to_string(&issued).unwrap_or_default();
                let code = fresh_code();
                documents.push(document::ActiveModel {
                    kind: Set(document_kind(kind)),
                    session_id: Set(session.id),
                    enrolment_id: Set(Some(e.id)),
                    bloc_code: Set(bloc.map(|(c, _)| c)),
                    verification_code: Set(code),
                    title: Set(issued.title()),
                    content_hash: Set(crate::domain::audit::digest(&payload)),
                    issued_at: Set(now),
                    payload_json: Set(Some(payload)),
                    replaces_id: Set(None),
                    ..Default::default()
                });
            }
        }
        for code in &validated {
            capitalised.push(capitalised_bloc::ActiveModel {
                candidate_id: Set(person.id),
                certification_id: Set(cert.id),
                bloc_code: Set(code.clone()),
                validated_on: Set(decided_on),
                valid_until: Set(valid_until(decided_on)),
                source: Set(format!("Session « {} »", session.label)),
                source_session_id: Set(Some(session.id)),
                ..Default::default()
            });
        }
        notices.push(Notice {
            organisation: OrganisationId(session.organisation_id),
            session_id: SessionId(session.id),
            enrolment: e.id,
            email: person.email.clone(),
            name: format!("{} {}", person.first_name, person.last_name),
            session: session.label.clone(),
            decision: decided,
            departure,
            documents: documents.len() - issued_before,
        });
    }
    for chunk in documents.chunks(500) {
        document::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    for chunk in capitalised.chunks(500) {
        capitalised_bloc::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    super::audit::append(
        db,
        Record {
            at: now,
            actor: None,
            entity: "session".to_owned(),
            entity_id: session.id.to_string(),
            action: "publish".to_owned(),
            before: None,
            after: Some(format!("{} candidats", notices.len())),
            reason: None,
            session: Some(session.id),
        },
    )
    .await?;
    Ok(notices)
}

/// The competences of each bloc of a certification version, by bloc code, in order.
async fn competences_of(
    db: &impl ConnectionTrait,
    version: i32,
) -> Result<std::collections::HashMap<String, Vec<String>>, DbErr> {
    use entities::{bloc, competence};
    use sea_orm::QueryOrder;
    let blocs = bloc::Entity::find()
        .filter(bloc::Column::VersionId.eq(version))
        .all(db)
        .await?;
    let mut out = std::collections::HashMap::new();
    for b in blocs {
        let listed = competence::Entity::find()
            .filter(competence::Column::BlocId.eq(b.id))
            .order_by_asc(competence::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|c| crate::domain::format::code_title(&c.code, &c.title))
            .collect();
        out.insert(b.code, listed);
    }
    Ok(out)
}

/// Each unit's result as the transcript and the candidate's page show it: as the
/// decision that stands reads ([`transcript_lines`]).
fn lines_of(grid: &Grid, d: &decision::Model, own: &[&bloc_result::Model]) -> Vec<TranscriptLine> {
    let kept: Vec<KeptUnit<'_>> = own
        .iter()
        .map(|r| KeptUnit {
            code: &r.bloc_code,
            mark_hundredths: r.mark_hundredths,
            validated: r.validated,
            computed: r.computed_validated,
            exempt: r.exempt,
        })
        .collect();
    transcript_lines(
        grid,
        (
            super::deliberation::from_db(d.final_outcome),
            d.jury_outcome.is_some(),
        ),
        &kept,
    )
}

/// Where the jury departed from the computed result: the computed decision in the PV's
/// words (with the blocs the grid validated, where known) and the jury's reason.
fn departure_of(
    grid: &Grid,
    d: &decision::Model,
    own: &[&bloc_result::Model],
) -> Option<Departure> {
    d.jury_outcome?;
    let titled: Vec<String> = blocs(grid).into_iter().map(|(code, _)| code).collect();
    let computed_blocs: Vec<String> = own
        .iter()
        .filter(|r| r.computed_validated == Some(true) && titled.contains(&r.bloc_code))
        .map(|r| r.bloc_code.clone())
        .collect();
    Some(Departure {
        computed: decision_text(
            super::deliberation::from_db(d.computed_outcome),
            &computed_blocs,
        ),
        reason: d.jury_reason.clone().unwrap_or_default(),
    })
}

/// The published results of the candidate's enrolments, by enrolment: nothing for a
/// session not yet published.
pub async fn results_of(
    db: &impl ConnectionTrait,
    enrolments: &[enrolment::Model],
) -> Result<std::collections::HashMap<i32, crate::api::dashboard::ResultsRow>, DbErr> {
    use crate::api::dashboard::{DocumentLink, ResultsRow};
    let sessions = super::chunked::all(enrolments.iter().map(|e| e.session_id), |chunk| {
        exam_session::Entity::find()
            .filter(exam_session::Column::Id.is_in(chunk))
            .filter(exam_session::Column::PublishedAt.is_not_null())
            .all(db)
    })
    .await?;
    let published: Vec<&enrolment::Model> = enrolments
        .iter()
        .filter(|e| sessions.iter().any(|s| s.id == e.session_id))
        .collect();
    let mut out = std::collections::HashMap::new();
    if published.is_empty() {
        return Ok(out);
    }
    let versions = super::chunked::all(sessions.iter().map(|s| s.version_id), |chunk| {
        certification_version::Entity::find()
            .filter(certification_version::Column::Id.is_in(chunk))
            .all(db)
    })
    .await?;
    let decisions = super::chunked::all(published.iter().map(|e| e.id), |chunk| {
        decision::Entity::find()
            .filter(decision::Column::EnrolmentId.is_in(chunk))
            .all(db)
    })
    .await?;
    let results = super::chunked::all(decisions.iter().map(|d| d.id), |chunk| {
        bloc_result::Entity::find()
            .filter(bloc_result::Column::DecisionId.is_in(chunk))
            .all(db)
    })
    .await?;
    let documents = super::chunked::all(published.iter().map(|e| e.id), |chunk| {
        document::Entity::find()
            .filter(document::Column::EnrolmentId.is_in(chunk))
            .all(db)
    })
    .await?;
    for e in published {
        let (Some(d), Some(session)) = (
            decisions.iter().find(|d| d.enrolment_id == e.id),
            sessions.iter().find(|s| s.id == e.session_id),
        ) else {
            continue;
        };
        let Some(grid) = versions
            .iter()
            .find(|v| v.id == session.version_id)
            .and_then(|v| serde_json::from_str::<Grid>(&v.grid_json).ok())
        else {
            continue;
        };
        let own: Vec<&bloc_result::Model> =
            results.iter().filter(|r| r.decision_id == d.id).collect();
        let validated: Vec<String> = own
            .iter()
            .filter(|r| r.validated)
            .map(|r| r.bloc_code.clone())
            .collect();
        out.insert(
            e.id,
            ResultsRow {
                decision: decision_text(super::deliberation::from_db(d.final_outcome), &validated),
                departure: departure_of(&grid, d, &own).map(|d| d.text()),
                units: lines_of(&grid, d, &own),
                explanation: serde_json::from_str(&d.explanation_json).unwrap_or_default(),
                documents: documents
                    .iter()
                    .filter(|doc| doc.enrolment_id == Some(e.id))
                    .map(|doc| DocumentLink {
                        code: doc.verification_code.clone(),
                        title: doc.title.clone(),
                        credential: matches!(
                            doc.kind,
                            entities::enums::DocumentKind::Certificate
                                | entities::enums::DocumentKind::BlocCertificate
                        ),
                        revoked: doc.revoked_at.is_some(),
                    })
                    .collect(),
            },
        );
    }
    Ok(out)
}

/// A document by its verification code, with what it certifies.
pub async fn by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<(document::Model, Issued)>, DbErr> {
    Ok(document::Entity::find()
        .filter(document::Column::VerificationCode.eq(code))
        .one(db)
        .await?
        .and_then(with_payload))
}

/// A document with what it certifies (documents issued before payloads were kept have
/// none and are left out).
fn with_payload(d: document::Model) -> Option<(document::Model, Issued)> {
    let issued = serde_json::from_str(d.payload_json.as_deref()?).ok()?;
    Some((d, issued))
}

/// The documents `query` selects among those of one of the organisation's sessions,
/// with what they certify; `None` if the session is not theirs.
async fn owned_documents(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    query: sea_orm::Select<document::Entity>,
) -> Result<Option<Vec<(document::Model, Issued)>>, DbErr> {
    if super::sessions::find_owned(db, organisation, session)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(Some(
        query
            .filter(document::Column::SessionId.eq(session.0))
            .all(db)
            .await?
            .into_iter()
            .filter_map(with_payload)
            .collect(),
    ))
}

/// Every document issued for one of the organisation's sessions, with what it
/// certifies; `None` if the session is not theirs.
pub async fn of_session(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<Vec<(document::Model, Issued)>>, DbErr> {
    owned_documents(db, organisation, session, document::Entity::find()).await
}

/// Up to `limit` documents of one of the organisation's sessions not rendered yet, with
/// what they certify; `None` if the session is not theirs.
pub async fn pending_files(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    limit: u64,
) -> Result<Option<Vec<(document::Model, Issued)>>, DbErr> {
    if super::sessions::find_owned(db, organisation, session)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    unkept(db, session, limit).await.map(Some)
}

/// Up to `limit` documents of a session whose bytes are not kept yet, with what they
/// certify.
pub async fn unkept(
    db: &impl ConnectionTrait,
    session: SessionId,
    limit: u64,
) -> Result<Vec<(document::Model, Issued)>, DbErr> {
    use entities::document_file;
    use sea_orm::{QueryOrder, QuerySelect};
    let done: Vec<i32> = document_file::Entity::find()
        .select_only()
        .column(document_file::Column::DocumentId)
        .filter(document_file::Column::SessionId.eq(session.0))
        .into_tuple()
        .all(db)
        .await?;
    Ok(document::Entity::find()
        .filter(document::Column::SessionId.eq(session.0))
        .filter(document::Column::Id.is_not_in(done))
        .order_by_asc(document::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .filter_map(with_payload)
        .collect())
}

/// Keeps rendered PDFs with their SHA-256. A document's bytes are kept once: a second
/// rendering (two servers at once) is dropped, and every reader gets the first. Written
/// in the writers' turn (it runs in the background, beside every other write).
pub async fn store_files(
    conn: &sea_orm::DatabaseConnection,
    session: SessionId,
    files: Vec<(i32, Vec<u8>)>,
) -> Result<(), DbErr> {
    use entities::document_file;
    use sea_orm::sea_query::OnConflict;
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let db = &txn;
    for chunk in files.chunks(50) {
        let rows = chunk.iter().map(|(id, pdf)| document_file::ActiveModel {
            document_id: Set(*id),
            session_id: Set(session.0),
            sha256: Set(Some(crate::domain::audit::digest_bytes(pdf))),
            pdf: Set(pdf.clone()),
        });
        match document_file::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(document_file::Column::DocumentId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec(db)
            .await
        {
            Ok(_) | Err(DbErr::RecordNotInserted) => {}
            Err(e) => return Err(e),
        }
    }
    txn.commit().await
}

/// The kept bytes of one document, if they are.
pub async fn kept_file(db: &impl ConnectionTrait, document: i32) -> Result<Option<Vec<u8>>, DbErr> {
    use entities::document_file;
    Ok(document_file::Entity::find_by_id(document)
        .one(db)
        .await?
        .map(|f| f.pdf))
}

/// (rendered, total) documents of a session.
pub async fn files_progress(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<(u64, u64), DbErr> {
    use entities::document_file;
    use sea_orm::PaginatorTrait;
    Ok((
        document_file::Entity::find()
            .filter(document_file::Column::SessionId.eq(session.0))
            .count(db)
            .await?,
        document::Entity::find()
            .filter(document::Column::SessionId.eq(session.0))
            .count(db)
            .await?,
    ))
}

/// The kept PDFs of a session, with their document: (document, what it certifies, PDF).
pub async fn kept_files(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Vec<(i32, Vec<u8>)>, DbErr> {
    use entities::document_file;
    Ok(document_file::Entity::find()
        .filter(document_file::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.document_id, f.pdf))
        .collect())
}
