//! Everything held about one candidate (right of access and portability): read in one
//! pass over their identity, accounts, enrolments with accommodations, presence,
//! passages, published results and documents, and the emails sent to them.

use chrono::{DateTime, Utc};
use entities::{
    accommodation, attendance_event, candidate, certification, certification_version, document,
    email_message, enrolment, epreuve, exam_session, organisation, passage, schedule_slot, user,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::domain::format::decimal_fr;
use crate::domain::personal_data::{
    Accommodation, Account, CapitalisedBloc, Declaration, Email, Enrolment, Identity,
    IssuedDocument, MarkLine, Passage, PersonalData, Presence, Results,
};

fn percent(hundredths: Option<i64>) -> Option<String> {
    hundredths.map(|h| decimal_fr(rust_decimal::Decimal::new(h, 2)))
}

/// The candidate's data; `None` for an unknown candidate.
pub async fn export(
    db: &impl ConnectionTrait,
    candidate_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<PersonalData>, DbErr> {
    let Some(person) = candidate::Entity::find_by_id(candidate_id).one(db).await? else {
        return Ok(None);
    };
    let responsable = organisation::Entity::find_by_id(person.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let accounts = user::Entity::find()
        .filter(user::Column::CandidateId.eq(person.id))
        .all(db)
        .await?;
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::CandidateId.eq(person.id))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = enrolments.iter().map(|e| e.id).collect();
    let mut published = super::publication::results_of(db, &enrolments).await?;
    let mut inscriptions = Vec::new();
    for e in &enrolments {
        let session = exam_session::Entity::find_by_id(e.session_id)
            .one(db)
            .await?;
        let certification = match &session {
            Some(s) => match certification_version::Entity::find_by_id(s.version_id)
                .one(db)
                .await?
            {
                Some(v) => certification::Entity::find_by_id(v.certification_id)
                    .one(db)
                    .await?
                    .map(|c| format!("{} ({})", c.title, c.code)),
                None => None,
            },
            None => None,
        };
        let slots = schedule_slot::Entity::find()
            .filter(schedule_slot::Column::SessionId.eq(e.session_id))
            .all(db)
            .await?;
        let epreuves = epreuve::Entity::find()
            .filter(epreuve::Column::Id.is_in(slots.iter().map(|s| s.epreuve_id)))
            .all(db)
            .await?;
        let slot_title = |slot: i32| {
            slots
                .iter()
                .find(|s| s.id == slot)
                .and_then(|s| epreuves.iter().find(|ep| ep.id == s.epreuve_id))
                .map(|ep| crate::domain::format::code_title(&ep.code, &ep.title))
                .unwrap_or_default()
        };
        let amenagements = accommodation::Entity::find()
            .filter(accommodation::Column::EnrolmentId.eq(e.id))
            .order_by_asc(accommodation::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|a| Accommodation {
                nature: super::mapping::accommodation_kind(a.kind)
                    .label()
                    .to_owned(),
                precisions: a.note,
                justificatif: a.supporting_reference,
                details_effaces_le: a.details_erased_at,
                statut: super::mapping::accommodation_status(a.status)
                    .label()
                    .to_owned(),
                motif_de_la_decision: a.decision_reason,
                minutes_supplementaires: a.minutes,
                demande_le: a.requested_at,
                decide_le: a.decided_at,
            })
            .collect();
        let presence = attendance_event::Entity::find()
            .filter(attendance_event::Column::EnrolmentId.eq(e.id))
            .order_by_asc(attendance_event::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|p| Presence {
                epreuve: slot_title(p.slot_id),
                etat: super::exam_day::kind_from_db(p.kind).label().to_owned(),
                motif: p.reason,
                justificatif: p.document_ref,
                identite_controlee: p.identity_checked,
                incident: p.incident,
                enregistre_le: p.recorded_at,
            })
            .collect();
        let passages = passage::Entity::find()
            .filter(passage::Column::EnrolmentId.eq(e.id))
            .order_by_asc(passage::Column::StartsAt)
            .all(db)
            .await?
            .into_iter()
            .map(|p| Passage {
                debut: p.starts_at,
                duree_minutes: p.duration_minutes,
                salle: p.room,
            })
            .collect();
        let documents = document::Entity::find()
            .filter(document::Column::EnrolmentId.eq(e.id))
            .order_by_asc(document::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|d| IssuedDocument {
                titre: d.title,
                code_de_verification: d.verification_code,
                delivre_le: d.issued_at,
                revoque: d.revoked_at.map(|at| {
                    format!(
                        "le {} — {}",
                        crate::domain::format::datetime_fr(at),
                        d.revoked_reason.unwrap_or_default()
                    )
                }),
                attestation_numerique: d.credential_json,
            })
            .collect();
        let notes = match published.get(&e.id) {
            Some(_) => marks_of(db, e.id).await?,
            None => Vec::new(),
        };
        let resultats = published.remove(&e.id).map(|r| Results {
            decision: r.decision,
            motif_du_jury: r.departure,
            notes,
            unites: r
                .units
                .iter()
                .map(|u| format!("{} — {} : {} ({})", u.code, u.title, u.result, u.status))
                .collect(),
            explication: r.explanation,
        });
        inscriptions.push(Enrolment {
            session: session.map(|s| s.label).unwrap_or_default(),
            certification: certification.unwrap_or_default(),
            numero_de_candidat: e.candidate_number.clone(),
            statut: match e.status {
                entities::enums::EnrolmentStatus::Enrolled => "inscrit(e)",
                entities::enums::EnrolmentStatus::Withdrawn => "désinscrit(e)",
            }
            .to_owned(),
            assiduite_pourcent: percent(e.attendance_percent_hundredths),
            absences_injustifiees_pourcent: percent(e.unjustified_absence_percent_hundredths),
            inscrit_le: e.created_at,
            amenagements,
            presence,
            passages,
            resultats,
            documents,
        });
    }
    let mut to_them =
        Condition::any().add(email_message::Column::Recipient.eq(person.email.clone()));
    if !ids.is_empty() {
        to_them = to_them.add(email_message::Column::EnrolmentId.is_in(ids.clone()));
    }
    for account in &accounts {
        to_them = to_them.add(email_message::Column::Recipient.eq(account.email.clone()));
    }
    let courriels = email_message::Entity::find()
        .filter(to_them)
        .order_by_asc(email_message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Email {
            objet: m.subject,
            statut: match m.status {
                entities::enums::EmailStatus::Queued => "en attente d'envoi",
                entities::enums::EmailStatus::Sent => "envoyé",
                entities::enums::EmailStatus::Failed => "échec de l'envoi",
            }
            .to_owned(),
            cree_le: m.created_at,
            envoye_le: m.sent_at,
        })
        .collect();
    let place = match (&person.birth_commune, &person.birth_country) {
        (Some(commune), Some(country)) => Some(format!("{commune} ({country})")),
        (Some(commune), None) => Some(commune.clone()),
        (None, Some(country)) => Some(country.clone()),
        (None, None) => None,
    };
    Ok(Some(PersonalData {
        genere_le: now,
        responsable,
        identite: Identity {
            nom: person.last_name,
            prenom: person.first_name,
            nom_de_naissance: person.birth_name,
            autres_prenoms: person.other_first_names,
            date_de_naissance: person.birth_date,
            sexe: person.sex,
            lieu_de_naissance: place,
            courriel: person.email,
            voie_d_acces: super::sessions::route_from_db(person.access_route)
                .label()
                .to_owned(),
            categorie: person.category,
            groupe_de_formation: person.training_group,
            enregistre_le: person.created_at,
        },
        comptes: accounts
            .into_iter()
            .map(|a| Account {
                courriel: a.email,
                nom_affiche: a.display_name,
                actif: a.active,
                cree_le: a.created_at,
            })
            .collect(),
        inscriptions,
        blocs_capitalises: capitalised_of(db, person.id).await?,
        declarations_caisse_des_depots: declarations_of(db, &ids).await?,
        courriels,
    }))
}

/// Every mark and criterion of the candidate's sheets in one enrolment (drafts left
/// out), with the graders' comments; graders are named by their order, not by name.
async fn marks_of(db: &impl ConnectionTrait, enrolment_id: i32) -> Result<Vec<MarkLine>, DbErr> {
    use entities::mark;
    let marks = mark::Entity::find()
        .filter(mark::Column::EnrolmentId.eq(enrolment_id))
        .filter(mark::Column::Status.ne(entities::enums::MarkStatus::Draft))
        .order_by_asc(mark::Column::EpreuveId)
        .order_by_asc(mark::Column::JuryMemberId)
        .order_by_asc(mark::Column::Id)
        .all(db)
        .await?;
    let epreuves = epreuve::Entity::find()
        .filter(epreuve::Column::Id.is_in(marks.iter().map(|m| m.epreuve_id)))
        .all(db)
        .await?;
    let mut graders: Vec<(i32, Option<i32>)> = Vec::new();
    for m in &marks {
        if !graders.contains(&(m.epreuve_id, m.jury_member_id)) {
            graders.push((m.epreuve_id, m.jury_member_id));
        }
    }
    Ok(marks
        .into_iter()
        .map(|m| {
            let title = epreuves
                .iter()
                .find(|ep| ep.id == m.epreuve_id)
                .map(|ep| crate::domain::format::code_title(&ep.code, &ep.title))
                .unwrap_or_default();
            let correction = match m.jury_member_id {
                None => "note retenue".to_owned(),
                Some(_) => {
                    let rank = graders
                        .iter()
                        .filter(|(ep, who)| *ep == m.epreuve_id && who.is_some())
                        .position(|g| *g == (m.epreuve_id, m.jury_member_id))
                        .unwrap_or(0);
                    format!("correcteur {}", rank + 1)
                }
            };
            let resultat = match (m.points_hundredths, m.met) {
                (Some(points), _) => decimal_fr(rust_decimal::Decimal::new(points, 2)),
                (None, Some(true)) => "critère atteint".to_owned(),
                (None, Some(false)) => "critère non atteint".to_owned(),
                (None, None) => "—".to_owned(),
            };
            MarkLine {
                epreuve: title,
                correction,
                element: m.item_code,
                resultat,
                appreciation: m.comment,
            }
        })
        .collect())
}

/// The candidate's capitalised blocs, with their certification.
async fn capitalised_of(
    db: &impl ConnectionTrait,
    candidate_id: i32,
) -> Result<Vec<CapitalisedBloc>, DbErr> {
    use entities::capitalised_bloc;
    let kept = capitalised_bloc::Entity::find()
        .filter(capitalised_bloc::Column::CandidateId.eq(candidate_id))
        .order_by_asc(capitalised_bloc::Column::Id)
        .all(db)
        .await?;
    let certifications = certification::Entity::find()
        .filter(certification::Column::Id.is_in(kept.iter().map(|c| c.certification_id)))
        .all(db)
        .await?;
    Ok(kept
        .into_iter()
        .map(|c| CapitalisedBloc {
            certification: certifications
                .iter()
                .find(|x| x.id == c.certification_id)
                .map(|x| format!("{} ({})", x.title, x.code))
                .unwrap_or_default(),
            bloc: c.bloc_code,
            valide_le: c.validated_on,
            valable_jusqu_au: c.valid_until,
            origine: c.source,
        })
        .collect())
}

/// The candidate's declarations to the Caisse des Dépôts, one per declared bloc or
/// certification, with the receipt's verdict.
async fn declarations_of(
    db: &impl ConnectionTrait,
    enrolments: &[i32],
) -> Result<Vec<Declaration>, DbErr> {
    use entities::enums::DeclarationStatus;
    use entities::{accrochage_flux, accrochage_passage};
    if enrolments.is_empty() {
        return Ok(Vec::new());
    }
    let passages = accrochage_passage::Entity::find()
        .filter(accrochage_passage::Column::EnrolmentId.is_in(enrolments.iter().copied()))
        .order_by_asc(accrochage_passage::Column::Id)
        .all(db)
        .await?;
    let fluxes = accrochage_flux::Entity::find()
        .filter(accrochage_flux::Column::Id.is_in(passages.iter().map(|p| p.flux_id)))
        .all(db)
        .await?;
    let certifications = certification::Entity::find()
        .filter(certification::Column::Id.is_in(fluxes.iter().map(|f| f.certification_id)))
        .all(db)
        .await?;
    Ok(passages
        .into_iter()
        .filter_map(|p| {
            let flux = fluxes.iter().find(|f| f.id == p.flux_id)?;
            Some(Declaration {
                flux: flux.id_flux.clone(),
                certification: certifications
                    .iter()
                    .find(|c| c.id == flux.certification_id)
                    .map(|c| format!("{} ({})", c.title, c.code))
                    .unwrap_or_default(),
                bloc: if p.bloc_code.is_empty() {
                    "certification complète".to_owned()
                } else {
                    p.bloc_code
                },
                statut: match p.status {
                    DeclarationStatus::Sent => "envoyée, accusé de réception attendu",
                    DeclarationStatus::Accepted => "acceptée",
                    DeclarationStatus::Rejected => "rejetée",
                    DeclarationStatus::Corrected => "rejetée, identité corrigée depuis",
                    DeclarationStatus::Refused => "flux refusé",
                }
                .to_owned(),
                message: p.message,
                declare_le: flux.created_at,
            })
        })
        .collect())
}
