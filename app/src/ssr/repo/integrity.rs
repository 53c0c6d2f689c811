//! What `server verify-audit` checks, beyond each link of the audit chains: each
//! chain's sealed head (nothing dropped from the end, nothing rewritten), every current mark
//! against its last audited value, every closed PV against its signed hash, every
//! decision against its PV, and each signature's view of the chain. Every problem is
//! returned, in French.

use std::collections::HashMap;

use entities::{audit_entry, decision, enrolment, jury, mark, pv_signature};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::audit::{Stored, audited_marks, chains, check_head, verify};
use crate::domain::deliberation::{Pv, content_hash};

/// Every problem found, empty when all holds.
pub async fn check(db: &impl ConnectionTrait, key: &[u8]) -> Result<Vec<String>, DbErr> {
    let mut problems = Vec::new();
    let entries = super::audit::all(db).await?;
    if let Err(problem) = verify(&entries) {
        problems.push(problem.to_string());
    }
    let chains = chains(&entries);
    let heads = super::audit::heads(db).await?;
    let named: std::collections::BTreeSet<Option<i32>> =
        chains.keys().chain(heads.keys()).copied().collect();
    for chain in named {
        let of_chain = chains.get(&chain).map_or(&[][..], Vec::as_slice);
        if let Err(problem) = check_head(key, chain, of_chain, heads.get(&chain)) {
            problems.push(match chain {
                Some(session) => format!("journal de la session {session} : {problem}"),
                None => problem.to_string(),
            });
        }
    }

    // Marks: each one as the log last recorded it.
    let audited = audited_marks(&entries);
    for m in mark::Entity::find()
        .order_by_asc(mark::Column::Id)
        .all(db)
        .await?
    {
        let sheet = format!(
            "{}:{}:{}",
            m.enrolment_id,
            m.epreuve_id,
            m.jury_member_id
                .map_or_else(|| "accord".to_owned(), |j| j.to_string())
        );
        let current = m.points_hundredths.map(|h| Decimal::new(h, 2));
        match audited.get(&(sheet.clone(), m.item_code.clone())) {
            Some(item) if item.points == current && item.met == m.met => {}
            Some(_) => problems.push(format!(
                "la note {} de la fiche {sheet} ne correspond plus à sa dernière valeur journalisée : modifiée hors de l'application",
                m.item_code
            )),
            None => problems.push(format!(
                "la note {} de la fiche {sheet} n'a aucune entrée au journal : écrite hors de l'application",
                m.item_code
            )),
        }
    }

    // PVs, their signatures and the decisions they carry.
    let closes: HashMap<String, Option<String>> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("close_deliberation"))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.entity_id, e.after_json))
        .collect();
    for j in jury::Entity::find().all(db).await? {
        let (Some(json), Some(hash)) = (&j.pv_json, &j.pv_hash) else {
            continue;
        };
        let session = j.session_id;
        match serde_json::from_str::<Pv>(json) {
            Ok(pv) if content_hash(&pv) == *hash => {
                problems.extend(decision_mismatches(db, session, &pv).await?);
            }
            _ => problems.push(format!(
                "le procès-verbal de la session {session} ne correspond plus à son empreinte : modifié hors de l'application"
            )),
        }
        if closes
            .get(&session.to_string())
            .cloned()
            .flatten()
            .as_deref()
            != Some(hash.as_str())
        {
            problems.push(format!(
                "l'empreinte du procès-verbal de la session {session} n'est pas celle journalisée à la clôture"
            ));
        }
        for s in pv_signature::Entity::find()
            .filter(pv_signature::Column::SessionId.eq(session))
            .all(db)
            .await?
        {
            if s.content_hash != *hash {
                problems.push(format!(
                    "la signature {} de la session {session} porte sur une autre empreinte que le procès-verbal",
                    s.id
                ));
            }
            if let (Some(n), Some(head)) = (s.audit_entries, &s.audit_head) {
                // The session's chain; signatures made before chains were per session
                // saw the single chain, kept as chain `None`.
                let seen_in = |chain: Option<&Vec<&Stored>>| -> Option<String> {
                    usize::try_from(n)
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| chain.and_then(|c| c.get(i)))
                        .map(|e| e.hash.clone())
                };
                if seen_in(chains.get(&Some(session))).as_ref() != Some(head)
                    && seen_in(chains.get(&None)).as_ref() != Some(head)
                {
                    problems.push(format!(
                        "le journal ne contient plus l'état vu par la signature {} de la session {session} : réécrit depuis",
                        s.id
                    ));
                }
            }
        }
    }
    Ok(problems)
}

/// Decisions of a closed session that differ from its PV.
async fn decision_mismatches(
    db: &impl ConnectionTrait,
    session: i32,
    pv: &Pv,
) -> Result<Vec<String>, DbErr> {
    let numbers: HashMap<i32, String> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.candidate_number))
        .collect();
    let decided = super::chunked::all(numbers.keys().copied(), |chunk| {
        decision::Entity::find()
            .filter(decision::Column::EnrolmentId.is_in(chunk))
            .all(db)
    })
    .await?;
    let mut problems = Vec::new();
    for d in decided {
        let number = numbers.get(&d.enrolment_id).cloned().unwrap_or_default();
        let in_pv = pv
            .rows
            .iter()
            .find(|r| r.number == number)
            .map(|r| super::deliberation::outcome_of(r.decision));
        if in_pv != Some(d.final_outcome) {
            problems.push(format!(
                "la décision du candidat {number} (session {session}) n'est plus celle du procès-verbal : modifiée hors de l'application"
            ));
        }
    }
    Ok(problems)
}
