//! The session's archive: every document as PDF in one ZIP (one folder per candidate
//! number). PDFs kept by the bulk generation are used as they are; the others are
//! rendered on every core. Stored, not deflated: PDFs compress poorly.

use std::collections::HashMap;
use std::io::Write;

use app::domain::certificate::Issued;
use app::domain::ids::SessionId;
use app::ssr::bulk::entry_name;
use app::ssr::state::AppState;
use entities::document;

/// Every document of a session in one ZIP archive, as kept (those not kept yet are
/// rendered and kept first).
pub async fn zip_documents(
    state: &AppState,
    session: SessionId,
    documents: Vec<(document::Model, Issued)>,
) -> anyhow::Result<Vec<u8>> {
    let files = kept(state, session, documents).await?;
    tokio::task::spawn_blocking(move || {
        let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, pdf) in &files {
            archive.start_file(name.as_str(), options)?;
            archive.write_all(pdf)?;
        }
        Ok(archive.finish()?.into_inner())
    })
    .await?
}

/// Every document of a session as (path in the archive, kept PDF), in the order given;
/// a revoked document's path says so (`…-REVOQUE.pdf`).
pub async fn kept(
    state: &AppState,
    session: SessionId,
    documents: Vec<(document::Model, Issued)>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    app::ssr::bulk::keep_all(state, session).await?;
    let mut kept: HashMap<i32, Vec<u8>> =
        app::ssr::repo::publication::kept_files(&state.db, session)
            .await?
            .into_iter()
            .collect();
    Ok(documents
        .iter()
        .filter_map(|(d, issued)| {
            let pdf = kept.remove(&d.id)?;
            let name = entry_name(issued, &d.verification_code);
            let name = if d.revoked_at.is_some() {
                format!("{}-REVOQUE.pdf", name.trim_end_matches(".pdf"))
            } else {
                name
            };
            Some((name, pdf))
        })
        .collect())
}
