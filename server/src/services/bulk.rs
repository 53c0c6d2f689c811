//! The session's archive: every document as PDF in one ZIP (one folder per candidate
//! number). PDFs kept by the bulk generation are used as they are; the others are
//! rendered on every core. Stored, not deflated: PDFs compress poorly.

use std::collections::HashMap;
use std::io::Write;

use app::domain::certificate::Issued;
use app::ssr::bulk::{entry_name, render_all};
use app::ssr::state::AppState;
use entities::document;

/// Every document of a session in one ZIP archive; `kept` are PDFs already rendered,
/// by document id.
pub async fn zip_documents(
    state: &AppState,
    documents: Vec<(document::Model, Issued)>,
    kept: HashMap<i32, Vec<u8>>,
) -> anyhow::Result<Vec<u8>> {
    let letterhead = match documents.first() {
        Some((d, _)) => {
            app::ssr::repo::organisation::letterhead_of_session(
                &state.db,
                app::domain::ids::SessionId(d.session_id),
            )
            .await?
        }
        None => None,
    };
    let files = rendered(state, letterhead, documents, kept).await?;
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

/// Every document of a session as (path in the archive, PDF), in the order given.
pub async fn rendered(
    state: &AppState,
    letterhead: Option<app::domain::document::Letterhead>,
    documents: Vec<(document::Model, Issued)>,
    mut kept: HashMap<i32, Vec<u8>>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let state = state.clone();
    Ok(tokio::task::spawn_blocking(move || {
        let missing: Vec<(document::Model, Issued)> = documents
            .iter()
            .filter(|(d, _)| !kept.contains_key(&d.id))
            .cloned()
            .collect();
        for (id, _, pdf) in render_all(
            &state.pdf,
            &state.settings.public_url,
            letterhead.as_ref(),
            &missing,
        ) {
            kept.insert(id, pdf);
        }
        documents
            .iter()
            .filter_map(|(d, issued)| {
                let pdf = kept.remove(&d.id)?;
                Some((entry_name(issued, &d.verification_code), pdf))
            })
            .collect()
    })
    .await?)
}
