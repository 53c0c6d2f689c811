//! What `server verify-audit` checks, beyond each link of the audit chains: each
//! chain's sealed head (nothing dropped from the end, nothing rewritten), every current mark
//! against its last audited value, every closed PV against its signed hash, every
//! decision against its PV, and each signature's view of the chain. Every problem is
//! returned, in French.

use std::collections::HashMap;

use entities::{audit_entry, decision, document_file, enrolment, jury, mark, pv_signature};
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
        let signed_hash = super::deliberation::signed_hash(db, &j)
            .await?
            .unwrap_or_else(|| hash.clone());
        let signatures = pv_signature::Entity::find()
            .filter(pv_signature::Column::SessionId.eq(session))
            .all(db)
            .await?;
        problems.extend(signature_mismatches(&entries, session, &signatures));
        for s in signatures {
            if s.content_hash != signed_hash {
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
    problems.extend(file_mismatches(db, &entries).await?);
    Ok(problems)
}

/// Signatures of the session's current PV (those journaled since its last closing)
/// missing from `pv_signatures`, or there without their journal entry.
fn signature_mismatches(
    entries: &[Stored],
    session: i32,
    signatures: &[pv_signature::Model],
) -> Vec<String> {
    let of_session: Vec<&Stored> = entries
        .iter()
        .filter(|e| e.record.session == Some(session))
        .collect();
    let since = of_session
        .iter()
        .rposition(|e| e.record.action == "close_deliberation")
        .map_or(0, |i| i + 1);
    // (member, signed hash) of each journaled signature; older entries named the
    // session rather than the member and are left to the count.
    let journaled: Vec<(Option<i32>, Option<&str>)> = of_session[since..]
        .iter()
        .filter(|e| e.record.action == "sign_pv")
        .map(|e| {
            let member = (e.record.entity == "pv_signature")
                .then(|| e.record.entity_id.parse().ok())
                .flatten();
            (member, e.record.after.as_deref())
        })
        .collect();
    let mut problems = Vec::new();
    for (member, hash) in &journaled {
        let Some(member) = member else { continue };
        match signatures.iter().find(|s| s.jury_member_id == *member) {
            None => problems.push(format!(
                "la signature du membre {member} sur le procès-verbal de la session {session} est au journal mais plus en base : supprimée hors de l'application"
            )),
            Some(s) if Some(s.content_hash.as_str()) != *hash => problems.push(format!(
                "la signature du membre {member} sur le procès-verbal de la session {session} ne porte plus sur l'empreinte journalisée : modifiée hors de l'application"
            )),
            Some(_) => {}
        }
    }
    for s in signatures {
        let named = journaled.iter().any(|(m, _)| *m == Some(s.jury_member_id));
        let legacy = journaled.iter().any(|(m, _)| m.is_none());
        if !named && !legacy {
            problems.push(format!(
                "la signature {} du procès-verbal de la session {session} n'a aucune entrée au journal : écrite hors de l'application",
                s.id
            ));
        }
    }
    if journaled.len() != signatures.len() && journaled.iter().any(|(m, _)| m.is_none()) {
        problems.push(format!(
            "le procès-verbal de la session {session} compte {} signature(s) en base pour {} au journal",
            signatures.len(),
            journaled.len()
        ));
    }
    problems
}

/// Kept files whose bytes no longer match their SHA-256, and a session's issued files
/// (PV, attestation, addenda) no longer those journaled at their issue.
async fn file_mismatches(
    db: &impl ConnectionTrait,
    entries: &[Stored],
) -> Result<Vec<String>, DbErr> {
    use crate::domain::audit::digest_bytes;
    let mut problems = Vec::new();
    let mut issued: HashMap<(i32, String), &str> = HashMap::new();
    for e in entries {
        if e.record.action == super::session_files::ISSUE
            && let (Some(session), Some(after)) = (e.record.session, e.record.after.as_deref())
        {
            issued.insert((session, e.record.entity_id.clone()), after);
        }
    }
    // A page at a time: a national session keeps tens of thousands of files.
    use sea_orm::PaginatorTrait;
    let mut pages = entities::session_file::Entity::find()
        .order_by_asc(entities::session_file::Column::Id)
        .paginate(db, 200);
    while let Some(page) = pages.fetch_and_next().await? {
        for f in page {
            let actual = digest_bytes(&f.bytes);
            if actual != f.sha256
                || issued.get(&(f.session_id, f.name.clone())).copied() != Some(actual.as_str())
            {
                problems.push(format!(
                    "le fichier {} de la session {} n'est plus celui délivré (empreinte journalisée) : modifié hors de l'application",
                    f.name, f.session_id
                ));
            }
        }
    }
    let mut pages = document_file::Entity::find()
        .order_by_asc(document_file::Column::DocumentId)
        .paginate(db, 200);
    while let Some(page) = pages.fetch_and_next().await? {
        for f in page {
            if let Some(sha) = &f.sha256
                && digest_bytes(&f.pdf) != *sha
            {
                problems.push(format!(
                    "le PDF conservé du document {} (session {}) ne correspond plus à son empreinte : modifié hors de l'application",
                    f.document_id, f.session_id
                ));
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
