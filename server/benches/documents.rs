//! Document generation at the size of a large session: every candidate document of a
//! 1 000-candidate session of template E (certificate or block certificates, transcript,
//! attendance certificate: 4 000 PDFs) rendered on every core, as the session's ZIP does;
//! and the PV of 1 000 candidates. Targets: ≥ 500 PDFs per second; the PV in under 1 s.
//!
//! `cargo bench -p server --bench documents`. Figures in BENCHMARKS.md.

use std::sync::Arc;
use std::time::Instant;

use app::domain::certificate::{Holder, Issued, Kind, TranscriptLine};
use app::domain::deliberation::{Pv, PvMember, PvRow, PvSignature};
use app::domain::scoring::outcome::Decision;
use app::ssr::bulk::render_all;
use app::ssr::ports::PdfRenderer;
use chrono::{NaiveDate, Utc};
use server::services::pdf::PrintPdf;

const CANDIDATES: usize = 1000;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn holder(i: usize) -> Holder {
    Holder {
        name: format!("Camille-{i} DURAND-LEFÈVRE"),
        birth_date: day(
            1990 + (i % 15) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        ),
        number: format!("E27-{i:04}"),
        certification:
            "Assistant(e) de gestion et d'administration d'entreprise — Office Manager junior"
                .to_owned(),
        code: "RNCP36390".to_owned(),
        level: Some("5".to_owned()),
        certifier: "CCI France".to_owned(),
        session: "Session de mars 2027 — Office Manager junior".to_owned(),
        president: Some("Claire MARTIN".to_owned()),
        valid_until: None,
        decided_on: day(2027, 3, 22),
    }
}

/// Four documents per candidate: half certified (certificate, transcript and two
/// block certificates to make four), half with three validated blocs.
fn documents() -> Vec<(entities::document::Model, Issued)> {
    let blocs = [
        (
            "RNCP36390BC01",
            "Participer à l'optimisation du fonctionnement interne de l'unité/service",
        ),
        (
            "RNCP36390BC02",
            "Opérer le suivi administratif et des conditions de travail du personnel",
        ),
        (
            "RNCP36390BC03",
            "Préparer et suivre les éléments de gestion comptable et budgétaire",
        ),
    ];
    let lines: Vec<TranscriptLine> = (1..=5)
        .map(|b| TranscriptLine {
            code: format!("RNCP36390BC0{b}"),
            title: "Bloc de compétences du titre".to_owned(),
            result: "12,5 / 20".to_owned(),
            status: "Validé".to_owned(),
        })
        .collect();
    let mut out = Vec::new();
    for i in 0..CANDIDATES {
        let kinds: Vec<(Kind, Option<(&str, &str)>)> = if i % 2 == 0 {
            vec![
                (Kind::Certificate, None),
                (Kind::Transcript, None),
                (Kind::BlocCertificate, Some(blocs[0])),
                (Kind::BlocCertificate, Some(blocs[1])),
            ]
        } else {
            vec![
                (Kind::Transcript, None),
                (Kind::AttendanceCertificate, None),
                (Kind::BlocCertificate, Some(blocs[0])),
                (Kind::BlocCertificate, Some(blocs[2])),
            ]
        };
        for (n, (kind, bloc)) in kinds.into_iter().enumerate() {
            let code = format!("ABCD-EFGH-{:04}", (i * 4 + n) % 10_000);
            let issued = Issued {
                kind,
                holder: holder(i),
                bloc: bloc.map(|(c, t)| (c.to_owned(), t.to_owned())),
                decision: "Certification complète".to_owned(),
                lines: lines.clone(),
                competences: Vec::new(),
                explanation: Vec::new(),
            };
            out.push((
                entities::document::Model {
                    id: (i * 4 + n) as i32,
                    kind: entities::enums::DocumentKind::Transcript,
                    session_id: 1,
                    enrolment_id: Some(i as i32),
                    bloc_code: None,
                    verification_code: code,
                    title: issued.title(),
                    content_hash: String::new(),
                    issued_at: Utc::now(),
                    payload_json: None,
                    credential_json: None,
                    revoked_at: None,
                    revoked_reason: None,
                },
                issued,
            ));
        }
    }
    out
}

fn pv() -> Pv {
    Pv {
        certification: "Office Manager junior".to_owned(),
        code: "RNCP36390".to_owned(),
        certifier: "CCI France".to_owned(),
        session: "Session de mars 2027".to_owned(),
        starts_on: day(2027, 3, 15),
        ends_on: day(2027, 3, 19),
        place: "Lyon".to_owned(),
        closed_at: day(2027, 3, 22).and_hms_opt(17, 0, 0).expect("time"),
        quorum: "Tous les membres votants sont présents : le jury délibère valablement.".to_owned(),
        members: (1..=5)
            .map(|m| PvMember {
                jury_member_id: m,
                name: format!("Membre {m}"),
                role: "Membre du jury".to_owned(),
                votes: m < 5,
                present: true,
            })
            .collect(),
        rows: (0..CANDIDATES)
            .map(|i| PvRow {
                number: format!("E27-{i:04}"),
                name: format!("DURAND-LEFÈVRE Camille-{i}"),
                decision: if i % 3 == 0 {
                    Decision::BlocsOnly
                } else {
                    Decision::FullCertification
                },
                blocs: if i % 3 == 0 {
                    vec!["RNCP36390BC01".to_owned(), "RNCP36390BC02".to_owned()]
                } else {
                    Vec::new()
                },
                reason: (i % 50 == 0).then(|| "Dossier examiné en séance.".to_owned()),
                results: "BC01 14 ✓ · BC02 12,5 ✓ · BC03 9 · BC04 11 ✓".to_owned(),
                score: "moy. 11,63/20".to_owned(),
            })
            .collect(),
        audit_head: Some((1_234, "ab".repeat(32))),
    }
}

fn main() {
    let renderer: Arc<dyn PdfRenderer> = Arc::new(PrintPdf::new().expect("fonts"));
    let all = documents();
    // Warm-up: fonts and allocator.
    let _ = render_all(&renderer, "https://jury.exemple.fr", None, &all[..40]);
    let started = Instant::now();
    let files = render_all(&renderer, "https://jury.exemple.fr", None, &all);
    let elapsed = started.elapsed();
    let bytes: usize = files.iter().map(|(_, _, b)| b.len()).sum();
    println!(
        "candidate documents: {} PDFs of {CANDIDATES} candidates in {:.2} s on {} threads — {:.0} PDFs/s, {:.1} kB each",
        files.len(),
        elapsed.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        files.len() as f64 / elapsed.as_secs_f64(),
        bytes as f64 / files.len() as f64 / 1000.0
    );
    let pv = pv();
    let signatures: Vec<PvSignature> = pv
        .members
        .iter()
        .filter(|m| m.votes)
        .map(|m| PvSignature {
            name: m.name.clone(),
            role: m.role.clone(),
            signed_at: pv.closed_at,
        })
        .collect();
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let pdf = renderer.render(&pv.document(&signatures, false));
        times.push(started.elapsed());
        size = pdf.len();
    }
    times.sort();
    println!(
        "PV of {CANDIDATES} candidates: median {:.0} ms (min {:.0}, max {:.0}) over 5 runs, {:.0} kB",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[4].as_secs_f64() * 1000.0,
        size as f64 / 1000.0
    );
}
