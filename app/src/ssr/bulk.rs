//! Generating every document of a session: rendered on every core in batches, each PDF
//! kept once rendered; the page shows the progress and the archive is assembled from
//! the kept files. State lives in the database, so any server may take the next batch.

use std::sync::Arc;

use entities::document;
use sea_orm::DbErr;

use super::ports::PdfRenderer;
use super::state::AppState;
use crate::domain::certificate::{Issued, Verification};
use crate::domain::document::{Document, Letterhead};
use crate::domain::ids::{OrganisationId, SessionId};

/// Documents rendered per request of the bulk generation: a few seconds at most.
pub const BATCH: u64 = 400;

/// The file name of a document inside the archive: a folder per candidate number.
pub fn entry_name(issued: &Issued, code: &str) -> String {
    let title: String = issued
        .title()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}/{title}-{code}.pdf", issued.holder.number)
}

/// The document under the organisation's letterhead, if it has one.
pub fn with_letterhead(document: Document, letterhead: Option<&Letterhead>) -> Document {
    match letterhead {
        Some(head) => document.with_letterhead(head.clone()),
        None => document,
    }
}

/// Renders `documents` with `renderer`, spread over the machine's cores; `base` is the
/// public address the verification links start with. Returns (document id, archive
/// entry name, PDF).
pub fn render_all(
    renderer: &Arc<dyn PdfRenderer>,
    base: &str,
    letterhead: Option<&Letterhead>,
    documents: &[(document::Model, Issued)],
) -> Vec<(i32, String, Vec<u8>)> {
    let base = base.trim_end_matches('/').to_owned();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = documents.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = documents
            .chunks(chunk)
            .map(|part| {
                let (pdf, base) = (renderer.clone(), base.clone());
                scope.spawn(move || {
                    part.iter()
                        .map(|(d, issued)| {
                            let verification = Verification {
                                code: d.verification_code.clone(),
                                url: format!("{base}/verification/{}", d.verification_code),
                            };
                            (
                                d.id,
                                entry_name(issued, &d.verification_code),
                                pdf.render(&with_letterhead(
                                    issued.document(&verification).issued(d.issued_at),
                                    letterhead,
                                )),
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Progress of the session's generation: (rendered, total).
pub type Progress = (u64, u64);

/// Renders and keeps the next batch of the session's documents not rendered yet;
/// `None` if the session is not the organisation's.
pub async fn generate_next(
    state: &AppState,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<Progress>, DbErr> {
    use super::repo::publication::{files_progress, pending_files};
    let Some(pending) = pending_files(&state.db, organisation, session, BATCH).await? else {
        return Ok(None);
    };
    if !pending.is_empty() {
        render_and_keep(state, session, pending).await?;
    }
    files_progress(&state.db, session).await.map(Some)
}

/// Renders `documents` of the session (on every core, off the async threads) and keeps
/// them; a document kept meanwhile by someone else keeps its first bytes.
async fn render_and_keep(
    state: &AppState,
    session: SessionId,
    documents: Vec<(document::Model, Issued)>,
) -> Result<(), DbErr> {
    let letterhead = super::repo::organisation::letterhead_of_session(&state.db, session).await?;
    let (renderer, base) = (state.pdf.clone(), state.settings.public_url.clone());
    let rendered = tokio::task::spawn_blocking(move || {
        render_all(&renderer, &base, letterhead.as_ref(), &documents)
    })
    .await
    .map_err(|e| DbErr::Custom(format!("rendering: {e}")))?;
    super::repo::publication::store_files(
        &state.db,
        session,
        rendered.into_iter().map(|(id, _, pdf)| (id, pdf)).collect(),
    )
    .await
}

/// Renders and keeps every document of the session whose bytes are not kept yet, in
/// batches: afterwards every request for one of them gets the same bytes. Run after
/// publication (in the background) and before anything lists the session's files.
pub async fn keep_all(state: &AppState, session: SessionId) -> Result<(), DbErr> {
    loop {
        let pending = super::repo::publication::unkept(&state.db, session, BATCH).await?;
        if pending.is_empty() {
            return Ok(());
        }
        render_and_keep(state, session, pending).await?;
    }
}

/// The kept bytes of an issued document: rendered and kept first if no one has yet,
/// so that every download, the ZIP and the archive give the same file.
pub async fn kept_pdf(
    state: &AppState,
    document: &document::Model,
    issued: &Issued,
) -> Result<Vec<u8>, DbErr> {
    use super::repo::publication::kept_file;
    if let Some(pdf) = kept_file(&state.db, document.id).await? {
        return Ok(pdf);
    }
    render_and_keep(
        state,
        SessionId(document.session_id),
        vec![(document.clone(), issued.clone())],
    )
    .await?;
    kept_file(&state.db, document.id)
        .await?
        .ok_or_else(|| DbErr::Custom("kept document vanished".to_owned()))
}
