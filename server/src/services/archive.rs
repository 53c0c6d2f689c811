//! A session's archive, one ZIP: the signed PV (PDF and CSV), every document issued,
//! the attendance sheets, the convocations, the extract of the session's audit chain
//! with how to check it, the declarations to the Caisse des Dépôts and their receipts,
//! and `SHA256SUMS` — each file's SHA-256, as `sha256sum -c SHA256SUMS` checks them.

use std::io::Write;

use app::domain::ids::{OrganisationId, SessionId};
use app::ssr::repo::deliberation::Viewer;
use app::ssr::state::AppState;
use sha2::{Digest, Sha256};

/// Why there is no archive.
#[derive(Debug)]
pub enum NoArchive {
    NotFound,
    /// The PV is not closed and signed yet.
    NotClosed,
}

/// The name of the audit extract inside the archive.
pub fn audit_name(session: i32) -> String {
    format!("journal/journal-session-{session}.jsonl")
}

/// Every file of the archive, then the archive itself.
pub async fn session_archive(
    state: &AppState,
    organisation: OrganisationId,
    session: SessionId,
) -> anyhow::Result<Result<Vec<u8>, NoArchive>> {
    let db = &state.db;
    let Some(documents) =
        app::ssr::repo::publication::of_session(db, organisation, session).await?
    else {
        return Ok(Err(NoArchive::NotFound));
    };
    let (pv, _signatures) =
        match app::ssr::repo::deliberation::pv(db, Viewer::Certifier(organisation), session).await?
        {
            Some(Ok(found)) => found,
            _ => return Ok(Err(NoArchive::NotClosed)),
        };
    let letterhead = app::ssr::repo::organisation::letterhead(db, organisation).await?;
    let head = |document: app::domain::document::Document| {
        app::ssr::bulk::with_letterhead(document, letterhead.as_ref())
    };
    // The PV, its anonymised copy, the attestation of its signatures and any addendum,
    // as issued.
    let mut files: Vec<(String, Vec<u8>)> = app::ssr::repo::session_files::all(db, session.0)
        .await?
        .into_iter()
        .map(|f| (format!("pv/{}", f.name), f.bytes))
        .collect();
    files.push(("pv/pv.csv".to_owned(), pv.csv().into_bytes()));
    for (name, pdf) in crate::services::bulk::kept(state, session, documents).await? {
        files.push((format!("documents/{name}"), pdf));
    }
    // Attendance sheets: kept at the first archive (the session is signed: nothing on
    // them changes any more), the same bytes in every later archive.
    let slots = app::ssr::repo::schedule::slots_of_sessions(db, &[session.0])
        .await?
        .remove(&session.0)
        .unwrap_or_default();
    for slot in slots {
        use app::ssr::repo::session_files;
        let name = session_files::attendance_sheet_name(slot.id);
        let bytes = match session_files::get(db, session.0, &name).await? {
            Some(kept) => kept.bytes,
            None => {
                let Some((_, sheet)) =
                    app::ssr::repo::exam_day::slot_page(db, organisation, session, slot.id, None)
                        .await?
                else {
                    continue;
                };
                let now = state.clock.now();
                let bytes = state.pdf.render(&head(sheet.document()).issued(now));
                session_files::keep(
                    db,
                    session.0,
                    (&name, "Feuille d'émargement"),
                    bytes,
                    (None, now),
                )
                .await?;
                session_files::get(db, session.0, &name)
                    .await?
                    .map(|f| f.bytes)
                    .unwrap_or_default()
            }
        };
        files.push((
            format!(
                "emargement/emargement-{}-{}.pdf",
                slot.starts_local.format("%Y%m%d-%H%M"),
                slot.id
            ),
            bytes,
        ));
    }
    // Only the convocations that were sent, as sent, with when, listed in ENVOIS.txt.
    let sent = app::ssr::repo::convocations::sent_at_of_session(db, session).await?;
    if let Some((_, addressed)) =
        app::ssr::repo::convocations::for_session(db, organisation, session, None).await?
    {
        use app::ssr::repo::session_files;
        let mut log = String::from(
            "Convocations envoyées (numéro de candidat ; destinataire ; envoyée le, heure de Paris)\n",
        );
        let mut listed = 0;
        for a in addressed {
            let Some(at) = sent.get(&a.enrolment.0) else {
                continue;
            };
            listed += 1;
            log.push_str(&format!(
                "{} ; {} ; {}\n",
                a.convocation.candidate_number,
                a.email,
                app::domain::format::datetime_fr(*at)
            ));
            let name = session_files::convocation_name(&a.convocation.candidate_number);
            let bytes = match session_files::get(db, session.0, &name).await? {
                Some(kept) => kept.bytes,
                None => state.pdf.render(&head(a.convocation.document())),
            };
            files.push((format!("convocations/{name}"), bytes));
        }
        if listed == 0 {
            log.push_str("Aucune convocation n'a été envoyée pour cette session.\n");
        }
        files.push(("convocations/ENVOIS.txt".to_owned(), log.into_bytes()));
    }
    let chain = app::ssr::repo::audit::chain(db, Some(session.0)).await?;
    let mut journal = String::new();
    for entry in &chain {
        journal.push_str(&serde_json::to_string(entry)?);
        journal.push('\n');
    }
    files.push((audit_name(session.0), journal.into_bytes()));
    files.push((
        "journal/verifier_journal.py".to_owned(),
        audit_recipe().as_bytes().to_vec(),
    ));
    for (number, flux, receipt) in
        app::ssr::repo::accrochage::fluxes_of_session(db, organisation, session).await?
    {
        files.push((
            format!("caisse-des-depots/flux-{number}.xml"),
            flux.into_bytes(),
        ));
        if let Some(receipt) = receipt {
            files.push((
                format!("caisse-des-depots/accuse-flux-{number}.xml"),
                receipt.into_bytes(),
            ));
        }
    }
    files.push((
        "LISEZMOI.txt".to_owned(),
        readme(
            session.0,
            chain.len(),
            chain.last().map(|e| e.hash.as_str()),
        )
        .into_bytes(),
    ));
    let sums: String = files
        .iter()
        .map(|(name, bytes)| format!("{:x}  {name}\n", Sha256::digest(bytes)))
        .collect();
    files.push(("SHA256SUMS".to_owned(), sums.into_bytes()));
    let bytes = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in &files {
            let options = if name.ends_with(".pdf") {
                stored
            } else {
                deflated
            };
            archive.start_file(name.as_str(), options)?;
            archive.write_all(bytes)?;
        }
        Ok(archive.finish()?.into_inner())
    })
    .await??;
    Ok(Ok(bytes))
}

/// The recipe of docs/audit.md that recomputes an audit extract's hashes (Python, standard
/// library only), shipped in every archive as `journal/verifier_journal.py`.
pub fn audit_recipe() -> &'static str {
    const DOC: &str = include_str!("../../../docs/audit.md");
    DOC.split_once("```python\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map_or("", |(code, _)| code)
}

fn readme(session: i32, entries: usize, head: Option<&str>) -> String {
    format!(
        "Archive de la session {session}\n\
         ==========================\n\n\
         pv/                 procès-verbal tel que signé (pv.pdf), version anonyme, attestation\n\
         \x20                   des signatures (pv-signatures.pdf), avenants éventuels, CSV\n\
         documents/          certificats, certificats de blocs, relevés, attestations, par numéro de\n\
         \x20                   candidat, tels que délivrés (-REVOQUE : révoqué depuis)\n\
         emargement/         feuilles d'émargement de chaque épreuve\n\
         convocations/       convocations envoyées, et ENVOIS.txt : à qui et quand\n\
         journal/            extrait du journal d'audit de la session ({entries} entrée(s), dernière empreinte {})\n\
         caisse-des-depots/  flux de déclaration des titulaires et accusés de traitement\n\
         SHA256SUMS          empreinte SHA-256 de chaque fichier\n\n\
         Vérifier que rien n'a changé :\n\
         \x20 sha256sum -c SHA256SUMS\n\n\
         Vérifier le chaînage du journal, hors ligne (chaque entrée suit la précédente et\n\
         correspond à son empreinte) :\n\
         \x20 server verify-audit --extract {}\n\n\
         ou, sans Jury, avec Python 3 (bibliothèque standard seulement) :\n\
         \x20 python3 journal/verifier_journal.py {}\n\n\
         Empreinte d'une entrée : SHA-256 de la concaténation, dans cet ordre, de prev_hash,\n\
         de l'instant (microsecondes depuis le 01/01/1970 UTC, en décimal), de actor, entity,\n\
         entity_id, action, before, after, reason et, si l'entrée a une session, du texte\n\
         « session:N ». Chaque champ absent s'écrit d'un octet 0x00 ; présent, d'un octet 0x01,\n\
         de la longueur de son texte UTF-8 en entier de 64 bits gros-boutien, puis de ce texte.\n\
         La première entrée suit 64 zéros.\n\n\
         Conservation : le procès-verbal et les feuilles d'émargement sont conservés au moins\n\
         un an (référentiel de la certification) ; l'application ne les supprime pas.\n",
        head.unwrap_or("aucune"),
        audit_name(session),
        audit_name(session),
    )
}
