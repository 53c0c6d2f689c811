//! The holders' declaration to the Caisse des Dépôts: who holds what (full certification,
//! and validated blocs when the certification says so) in the published sessions of a
//! certification, where each award stands, the flux of what is not yet accepted, and the
//! CDC's receipt applied to it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{DeclarationStatus, DocumentKind, FluxStatus, Outcome, SessionStatus};
use entities::{
    accrochage_flux, accrochage_passage, bloc_result, candidate, certification,
    certification_version, decision, document, enrolment, exam_session, jury, organisation,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::domain::accrochage::{
    self, CivilIdentity, Declarant, DeclarationRow, DeclarationState, Declared, Flux, FluxRow,
    Lacking, Passage, Person,
};
use crate::domain::ids::{CertificationId, OrganisationId, SessionId};

mod receipts;
mod settings;

pub use receipts::{Applied, flux_is_owned, import_receipt};
pub use settings::{
    Registration, declarant, identity_of_enrolment, published_sessions, save_declarant,
    save_identity, save_registration,
};

/// Which awards a flux is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One published session.
    Session(SessionId),
    /// Every published session of the certification whose jury decided between these
    /// days (both included).
    Range { from: NaiveDate, to: NaiveDate },
}

impl Scope {
    fn label(&self, sessions: &[exam_session::Model]) -> String {
        match self {
            Scope::Session(id) => sessions
                .iter()
                .find(|s| s.id == id.0)
                .map_or_else(|| format!("session {}", id.0), |s| s.label.clone()),
            Scope::Range { from, to } => format!(
                "décisions du {} au {}",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            ),
        }
    }
}

/// One award, with what the flux needs of it.
struct Award {
    row: DeclarationRow,
    person: Person,
    access: Option<crate::domain::candidate::AccessRoute>,
    enrolled_on: NaiveDate,
    exam: (NaiveDate, NaiveDate),
    proof: Option<String>,
}

/// The certification's holders in its published sessions, each with its declaration
/// state; `None` when the certification is not the organisation's.
async fn awards(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
    scope: Option<Scope>,
    public_url: &str,
) -> Result<Option<(certification::Model, Vec<exam_session::Model>, Vec<Award>)>, DbErr> {
    let Some(cert) = certification::Entity::find_by_id(certification_id.0)
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let versions: Vec<i32> = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(cert.id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let mut sessions = exam_session::Entity::find()
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .filter(exam_session::Column::VersionId.is_in(versions))
        .filter(
            exam_session::Column::Status.is_in([SessionStatus::Published, SessionStatus::Archived]),
        )
        .order_by_asc(exam_session::Column::StartsOn)
        .all(db)
        .await?;
    if let Some(Scope::Session(id)) = scope {
        sessions.retain(|s| s.id == id.0);
    }
    let closed: HashMap<i32, NaiveDate> = jury::Entity::find()
        .filter(jury::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|j| Some((j.session_id, super::schedule::paris_today(j.closed_at?))))
        .collect();
    let decided_on = |s: &exam_session::Model| closed.get(&s.id).copied().unwrap_or(s.ends_on);
    if let Some(Scope::Range { from, to }) = scope {
        sessions.retain(|s| (from..=to).contains(&decided_on(s)));
    }
    let session_of: HashMap<i32, &exam_session::Model> =
        sessions.iter().map(|s| (s.id, s)).collect();
    let enrolled = super::chunked::all(sessions.iter().map(|s| s.id), |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.is_in(chunk))
            .find_also_related(candidate::Entity)
            .all(db)
    })
    .await?;
    let decisions: HashMap<i32, decision::Model> =
        super::chunked::all(enrolled.iter().map(|(e, _)| e.id), |chunk| {
            decision::Entity::find()
                .filter(decision::Column::EnrolmentId.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|d| (d.enrolment_id, d))
        .collect();
    let partial: Vec<i32> = decisions
        .values()
        .filter(|d| d.final_outcome != Outcome::FullCertification)
        .map(|d| d.id)
        .collect();
    let mut blocs_of: HashMap<i32, Vec<String>> = HashMap::new();
    if cert.declare_blocs {
        for r in super::chunked::all(partial, |chunk| {
            bloc_result::Entity::find()
                .filter(bloc_result::Column::DecisionId.is_in(chunk))
                .filter(bloc_result::Column::Validated.eq(true))
                .filter(bloc_result::Column::Exempt.eq(false))
                .all(db)
        })
        .await?
        {
            blocs_of.entry(r.decision_id).or_default().push(r.bloc_code);
        }
    }
    let proofs: HashMap<(i32, String), String> =
        super::chunked::all(enrolled.iter().map(|(e, _)| e.id), |chunk| {
            document::Entity::find()
                .filter(document::Column::EnrolmentId.is_in(chunk))
                .filter(
                    document::Column::Kind
                        .is_in([DocumentKind::Certificate, DocumentKind::BlocCertificate]),
                )
                .all(db)
        })
        .await?
        .into_iter()
        .filter_map(|d| {
            Some((
                (d.enrolment_id?, d.bloc_code.unwrap_or_default()),
                d.verification_code,
            ))
        })
        .collect();
    let states = states_of(db, enrolled.iter().map(|(e, _)| e.id)).await?;
    let cdc_code = cert.cdc_code.clone().unwrap_or_else(|| cert.code.clone());
    let mut out = Vec::new();
    for (e, person) in &enrolled {
        let (Some(person), Some(d), Some(session)) =
            (person, decisions.get(&e.id), session_of.get(&e.session_id))
        else {
            continue;
        };
        let units: Vec<(String, bool)> = if d.final_outcome == Outcome::FullCertification {
            vec![(String::new(), false)]
        } else {
            blocs_of
                .get(&d.id)
                .map(|codes| codes.iter().map(|c| (c.clone(), true)).collect())
                .unwrap_or_default()
        };
        let identity = identity_of(person);
        let person_view = Person {
            first_name: person.first_name.clone(),
            last_name: person.last_name.clone(),
            birth_date: person.birth_date,
            identity: identity.clone(),
        };
        let missing = accrochage::holder(&person_view).err().unwrap_or_default();
        let awarded_on = decided_on(session);
        for (bloc_code, bloc) in units {
            let state = states
                .get(&(e.id, bloc_code.clone()))
                .cloned()
                .unwrap_or(DeclarationState::ToDeclare);
            let proof = proofs
                .get(&(e.id, bloc_code.clone()))
                .filter(|_| !public_url.is_empty())
                .map(|code| format!("{}/verification/{code}", public_url.trim_end_matches('/')));
            out.push(Award {
                row: DeclarationRow {
                    enrolment_id: e.id,
                    session_id: session.id,
                    session: session.label.clone(),
                    candidate_id: person.id,
                    candidate: format!("{} {}", person.last_name.to_uppercase(), person.first_name),
                    number: e.candidate_number.clone(),
                    code: if bloc {
                        bloc_code.clone()
                    } else {
                        cdc_code.clone()
                    },
                    bloc,
                    awarded_on,
                    deadline: accrochage::deadline(awarded_on),
                    state,
                    missing: missing.clone(),
                },
                person: person_view.clone(),
                access: Some(super::sessions::route_from_db(person.access_route)),
                enrolled_on: super::schedule::paris_today(e.created_at),
                exam: (session.starts_on, session.ends_on),
                proof,
            });
        }
    }
    Ok(Some((cert, sessions, out)))
}

/// The candidate's identity fields.
pub fn identity_of(person: &candidate::Model) -> CivilIdentity {
    CivilIdentity::from_columns(
        person.birth_name.clone(),
        person.other_first_names.clone(),
        person.sex.clone(),
        [
            person.birth_insee_code.clone(),
            person.birth_postal_code.clone(),
            person.birth_commune.clone(),
            person.birth_country_code.clone(),
            person.birth_country.clone(),
        ],
    )
}

/// The latest declaration of each (enrolment, bloc code).
async fn states_of(
    db: &impl ConnectionTrait,
    enrolments: impl IntoIterator<Item = i32>,
) -> Result<HashMap<(i32, String), DeclarationState>, DbErr> {
    let passages = super::chunked::all(enrolments, |chunk| {
        accrochage_passage::Entity::find()
            .filter(accrochage_passage::Column::EnrolmentId.is_in(chunk))
            .find_also_related(accrochage_flux::Entity)
            .order_by_asc(accrochage_passage::Column::FluxId)
            .all(db)
    })
    .await?;
    let mut out = HashMap::new();
    for (p, flux) in passages {
        let Some(flux) = flux else { continue };
        let n = flux.number;
        let state = match p.status {
            DeclarationStatus::Sent => DeclarationState::Sent { flux: n },
            DeclarationStatus::Accepted => DeclarationState::Accepted { flux: n },
            DeclarationStatus::Rejected | DeclarationStatus::Corrected => {
                DeclarationState::Rejected {
                    flux: n,
                    message: p.message.clone().unwrap_or_default(),
                    corrected: p.status == DeclarationStatus::Corrected,
                }
            }
            DeclarationStatus::Refused => DeclarationState::Refused { flux: n },
        };
        let key = (p.enrolment_id, p.bloc_code.clone());
        // Once accepted, a later flux cannot undo it (the CDC answers "existe déjà").
        let keep_accepted = matches!(out.get(&key), Some(DeclarationState::Accepted { .. }));
        if !keep_accepted {
            out.insert(key, state);
        }
    }
    Ok(out)
}

/// The declarations page of a certification: every award, overdue first, and the
/// fluxes sent.
pub async fn declarations(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
    today: NaiveDate,
) -> Result<Option<(certification::Model, Vec<DeclarationRow>, Vec<FluxRow>)>, DbErr> {
    let Some((cert, _, awards)) = awards(db, organisation, certification_id, None, "").await?
    else {
        return Ok(None);
    };
    let mut rows: Vec<DeclarationRow> = awards.into_iter().map(|a| a.row).collect();
    accrochage::sort_rows(&mut rows, today);
    let fluxes = fluxes_of(db, organisation, certification_id).await?;
    Ok(Some((cert, rows, fluxes)))
}

async fn fluxes_of(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
) -> Result<Vec<FluxRow>, DbErr> {
    let fluxes = accrochage_flux::Entity::find()
        .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
        .filter(accrochage_flux::Column::CertificationId.eq(certification_id.0))
        .order_by_desc(accrochage_flux::Column::Number)
        .all(db)
        .await?;
    let passages = super::chunked::all(fluxes.iter().map(|f| f.id), |chunk| {
        accrochage_passage::Entity::find()
            .filter(accrochage_passage::Column::FluxId.is_in(chunk))
            .all(db)
    })
    .await?;
    let mut counts: HashMap<(i32, DeclarationStatus), usize> = HashMap::new();
    for p in &passages {
        *counts.entry((p.flux_id, p.status)).or_default() += 1;
    }
    Ok(fluxes
        .into_iter()
        .map(|f| {
            let count = |s| counts.get(&(f.id, s)).copied().unwrap_or(0);
            let status = match f.status {
                FluxStatus::Sent => "Envoyé, en attente de l'accusé de traitement".to_owned(),
                FluxStatus::Processed => {
                    let waiting = count(DeclarationStatus::Sent);
                    let mut text = format!(
                        "Traité : {} accepté(s), {} rejeté(s)",
                        count(DeclarationStatus::Accepted),
                        count(DeclarationStatus::Rejected) + count(DeclarationStatus::Corrected)
                    );
                    if waiting > 0 {
                        text.push_str(&format!(", {waiting} absent(s) de l'accusé"));
                    }
                    text
                }
                FluxStatus::Refused => format!(
                    "Refusé en entier : {}",
                    f.receipt_message.clone().unwrap_or_default()
                ),
            };
            FluxRow {
                id: f.id,
                number: f.number,
                id_flux: f.id_flux,
                scope: f.scope,
                created_at: f.created_at,
                passages: f.passages,
                awaiting_receipt: f.status == FluxStatus::Sent,
                status,
            }
        })
        .collect())
}

/// Why no flux was produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoFlux {
    /// The certification is not the organisation's, or the session not one of its
    /// published sessions.
    NotFound,
    /// The organisation's CDC identifiers or the certification's registration.
    Settings(Vec<String>),
    /// Every award is accepted or waiting for its receipt.
    NothingToSend,
    /// Candidates whose identity lacks what the CDC needs.
    Lacking(Vec<Lacking>),
}

/// A flux produced and recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    pub id: i32,
    pub number: i32,
    pub passages: usize,
    pub xml: String,
}

/// Produces the flux of what is not yet accepted in `scope`, records it (its passages
/// "sent"), in one transaction; or says why not, having written nothing.
pub async fn produce(
    db: &sea_orm::DatabaseConnection,
    (organisation, certification_id): (OrganisationId, CertificationId),
    scope: Scope,
    (actor, now, public_url): (Option<i32>, DateTime<Utc>, &str),
) -> Result<Result<Made, NoFlux>, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(org) = organisation::Entity::find_by_id(organisation.0)
        .one(&txn)
        .await?
    else {
        return Ok(Err(NoFlux::NotFound));
    };
    let Some((cert, sessions, awards)) = awards(
        &txn,
        organisation,
        certification_id,
        Some(scope),
        public_url,
    )
    .await?
    else {
        return Ok(Err(NoFlux::NotFound));
    };
    if let Scope::Session(id) = scope {
        if !sessions.iter().any(|s| s.id == id.0) {
            return Ok(Err(NoFlux::NotFound));
        }
    }
    let mut settings: Vec<String> = accrochage::declarant_problems(
        org.cdc_emitter_id.as_deref(),
        org.cdc_certifier_id.as_deref(),
        org.cdc_contract_id.as_deref(),
    )
    .into_iter()
    .map(|p| p.message)
    .collect();
    settings.extend(
        accrochage::certification_problems(cert.cdc_type.as_deref(), cert.cdc_code.as_deref())
            .into_iter()
            .map(|p| format!("{} : {}", cert.code, p.message)),
    );
    if !settings.is_empty() {
        return Ok(Err(NoFlux::Settings(settings)));
    }
    let to_send: Vec<Award> = awards
        .into_iter()
        .filter(|a| a.row.state.to_send())
        .collect();
    if to_send.is_empty() {
        return Ok(Err(NoFlux::NothingToSend));
    }
    let mut lacking: Vec<Lacking> = Vec::new();
    for a in &to_send {
        if !a.row.missing.is_empty()
            && !lacking.iter().any(|l| l.candidate_id == a.row.candidate_id)
        {
            lacking.push(Lacking {
                candidate_id: a.row.candidate_id,
                candidate: format!("{} (n° {})", a.row.candidate, a.row.number),
                missing: a.row.missing.clone(),
            });
        }
    }
    if !lacking.is_empty() {
        lacking.sort_by(|a, b| a.candidate.cmp(&b.candidate));
        return Ok(Err(NoFlux::Lacking(lacking)));
    }
    let kind = cert.cdc_type.clone().unwrap_or_default();
    let mut declared: Vec<Declared> = Vec::new();
    let mut passages = Vec::new();
    for a in &to_send {
        let Ok(holder) = accrochage::holder(&a.person) else {
            continue;
        };
        let years = cert.validity_years;
        let passage = Passage {
            id_technique: accrochage::id_technique(organisation.0, a.row.enrolment_id, &a.row.code),
            proof_url: a.proof.clone(),
            exam: a.exam,
            valid_from: a.row.awarded_on,
            valid_until: accrochage::valid_until(a.row.awarded_on, years),
            access: a.access,
            enrolled_on: Some(a.enrolled_on),
            holder,
        };
        passages.push((
            a.row.enrolment_id,
            if a.row.bloc {
                a.row.code.clone()
            } else {
                String::new()
            },
            passage.id_technique.clone(),
        ));
        match declared.iter_mut().find(|d| d.code == a.row.code) {
            Some(d) => d.passages.push(passage),
            None => declared.push(Declared {
                kind: kind.clone(),
                code: a.row.code.clone(),
                passages: vec![passage],
            }),
        }
    }
    // The full certification first, then its blocs in code order.
    declared.sort_by_key(|d| {
        (
            d.code != cert.cdc_code.clone().unwrap_or_default(),
            d.code.clone(),
        )
    });
    let id_flux = uuid::Uuid::new_v4().to_string();
    let flux = Flux {
        id: id_flux.clone(),
        at: accrochage::local_time(now),
        declarant: Declarant {
            emitter: org
                .cdc_emitter_id
                .clone()
                .unwrap_or_default()
                .trim()
                .to_owned(),
            certifier: org
                .cdc_certifier_id
                .clone()
                .unwrap_or_default()
                .trim()
                .to_owned(),
            contract: org
                .cdc_contract_id
                .clone()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        },
        certifications: declared,
    };
    let xml = accrochage::xml::to_xml(&flux);
    let number = accrochage_flux::Entity::find()
        .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
        .order_by_desc(accrochage_flux::Column::Number)
        .one(&txn)
        .await?
        .map_or(1, |f| f.number + 1);
    let saved = accrochage_flux::ActiveModel {
        organisation_id: Set(organisation.0),
        certification_id: Set(cert.id),
        number: Set(number),
        id_flux: Set(id_flux.clone()),
        scope: Set(scope.label(&sessions)),
        created_at: Set(now),
        created_by: Set(actor),
        xml: Set(xml.clone()),
        passages: Set(passages.len() as i32),
        status: Set(FluxStatus::Sent),
        receipt_xml: Set(None),
        receipt_at: Set(None),
        receipt_message: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let count = passages.len();
    for chunk in passages.chunks(500) {
        accrochage_passage::Entity::insert_many(chunk.iter().map(|(enrolment, bloc, id)| {
            accrochage_passage::ActiveModel {
                flux_id: Set(saved.id),
                enrolment_id: Set(*enrolment),
                bloc_code: Set(bloc.clone()),
                id_technique: Set(id.clone()),
                status: Set(DeclarationStatus::Sent),
                message: Set(None),
                ..Default::default()
            }
        }))
        .exec(&txn)
        .await?;
    }
    let session = match scope {
        Scope::Session(id) => Some(id.0),
        Scope::Range { .. } => None,
    };
    let after =
        serde_json::json!({ "idFlux": id_flux, "certification": cert.code, "passages": count });
    audited(
        &txn,
        (actor, now),
        ("accrochage", number.to_string(), "flux"),
        (None, Some(after.to_string())),
        session,
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(Made {
        id: saved.id,
        number,
        passages: count,
        xml,
    }))
}

/// A recorded flux's file, if it is the organisation's: (number, XML).
pub async fn flux_file(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    flux: i32,
) -> Result<Option<(i32, String)>, DbErr> {
    Ok(accrochage_flux::Entity::find_by_id(flux)
        .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
        .map(|f| (f.number, f.xml)))
}

/// The certification of a session of the organisation.
pub async fn certification_of_session(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<CertificationId>, DbErr> {
    let Some(s) = exam_session::Entity::find_by_id(session.0)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(certification_version::Entity::find_by_id(s.version_id)
        .one(db)
        .await?
        .map(|v| CertificationId(v.certification_id)))
}

/// Appends what a declaration step did to the audit chain (the session's, or the
/// organisation's for steps of no session).
async fn audited(
    db: &impl ConnectionTrait,
    (actor, now): (Option<i32>, DateTime<Utc>),
    (entity, entity_id, action): (&str, String, &str),
    (before, after): (Option<String>, Option<String>),
    session: Option<i32>,
) -> Result<(), DbErr> {
    super::audit::append(
        db,
        crate::domain::audit::Record {
            at: now,
            actor,
            entity: entity.to_owned(),
            entity_id,
            action: action.to_owned(),
            before,
            after,
            reason: None,
            session,
        },
    )
    .await
}

/// The fluxes that declared holders of a session, with their receipts: (number, flux
/// XML, receipt XML).
pub async fn fluxes_of_session(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Vec<(i32, String, Option<String>)>, DbErr> {
    let enrolments: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let flux_ids: std::collections::BTreeSet<i32> = super::chunked::all(enrolments, |chunk| {
        accrochage_passage::Entity::find()
            .filter(accrochage_passage::Column::EnrolmentId.is_in(chunk))
            .all(db)
    })
    .await?
    .into_iter()
    .map(|p| p.flux_id)
    .collect();
    Ok(accrochage_flux::Entity::find()
        .filter(accrochage_flux::Column::OrganisationId.eq(organisation.0))
        .filter(accrochage_flux::Column::Id.is_in(flux_ids))
        .order_by_asc(accrochage_flux::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.number, f.xml, f.receipt_xml))
        .collect())
}
