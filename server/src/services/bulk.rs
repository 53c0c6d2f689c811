//! Bulk rendering: every document of a session as PDF, on every core, into one ZIP
//! archive (PDFs are stored as they are: they compress poorly and speed matters).

use std::io::Write;

use app::domain::certificate::{Issued, Verification};
use app::ssr::state::AppState;
use entities::document;

/// The file name of a document inside the archive: a folder per candidate number.
fn entry_name(issued: &Issued, code: &str) -> String {
    let title: String = issued
        .title()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}/{title}-{code}.pdf", issued.holder.number)
}

/// Renders `documents` with the state's renderer, spread over the machine's cores.
pub fn render_all(
    state: &AppState,
    documents: &[(document::Model, Issued)],
) -> Vec<(String, Vec<u8>)> {
    let base = state.settings.public_url.trim_end_matches('/').to_owned();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = documents.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = documents
            .chunks(chunk)
            .map(|part| {
                let (pdf, base) = (state.pdf.clone(), base.clone());
                scope.spawn(move || {
                    part.iter()
                        .map(|(d, issued)| {
                            let verification = Verification {
                                code: d.verification_code.clone(),
                                url: format!("{base}/verification/{}", d.verification_code),
                            };
                            (
                                entry_name(issued, &d.verification_code),
                                pdf.render(&issued.document(&verification)),
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

/// Every document of a session in one ZIP archive.
pub async fn zip_documents(
    state: &AppState,
    documents: Vec<(document::Model, Issued)>,
) -> anyhow::Result<Vec<u8>> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let files = render_all(&state, &documents);
        let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in files {
            archive.start_file(name, options)?;
            archive.write_all(&bytes)?;
        }
        Ok(archive.finish()?.into_inner())
    })
    .await?
}
