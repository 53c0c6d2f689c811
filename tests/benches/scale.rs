//! A 10 000-candidate session (every épreuve of template E allocated and graded: 50
//! graders, 280 000 sheets; `JURY_SCALE_EPREUVES=4` grades only each candidate's first
//! four épreuves, the 40 000 sheets issue 14 names) generated into the demo's November
//! session, then, over real HTTP
//! against the application built with the bench (release) profile:
//! - each page a certifier, a jury member and a candidate open on it: server time
//!   (p50/p95 of 20 loads, compressed as a browser asks) and HTML size (raw and gzip);
//! - a soak: `JURY_SOAK` page loads per role (20 000 by default) at concurrency 20,
//!   counting the answers over 1 s;
//! - with `JURY_BROWSER_BENCH=1`, `scripts/browser_bench.py` loads the deliberation in
//!   headless Chromium and the grading sheet on a throttled line (1,6 Mbit/s, 170 ms).
//!
//! `cargo bench -p tests --bench scale` (SQLite; `TEST_DATABASE_URL=postgres://…` for
//! PostgreSQL; `JURY_SCALE_CANDIDATES` to change the size). Figures in BENCHMARKS.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::domain::role::Role;
use app::ssr::auth::SESSION_COOKIE;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::scale::{self, SESSION};
use tests::{Spawn, TestApp, spawn_with};

const SAMPLES: usize = 20;
const CONCURRENCY: usize = 20;

/// A browser of one role: its cookies, and the pages it opens.
struct Visitor {
    role: &'static str,
    client: reqwest::Client,
    pages: Vec<String>,
}

fn client_with(cookie: Option<String>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(cookie) = cookie {
        headers.insert(reqwest::header::COOKIE, cookie.parse().expect("cookie"));
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client")
}

/// The session cookie a logged-in test client holds.
async fn session_cookie(app: &TestApp, role: Role) -> String {
    let browser = app.another_browser();
    let account = app::ssr::demo::demo_account(role);
    let response = browser.login(account.email, account.password).await;
    tests::set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with(SESSION_COOKIE))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .expect("session cookie")
}

/// One load: status, time, bytes received.
async fn load(client: &reqwest::Client, url: &str, gzip: bool) -> (u16, Duration, usize) {
    let started = Instant::now();
    let mut request = client.get(url);
    if gzip {
        request = request.header(reqwest::header::ACCEPT_ENCODING, "gzip");
    }
    let response = request.send().await.expect("GET");
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("body");
    (status, started.elapsed(), body.len())
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let index = ((sorted.len() as f64 * q).ceil() as usize).saturating_sub(1);
    sorted.get(index).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let candidates: usize = std::env::var("JURY_SCALE_CANDIDATES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let epreuves: Option<usize> = std::env::var("JURY_SCALE_EPREUVES")
        .ok()
        .and_then(|s| s.parse().ok());
    let soak: usize = std::env::var("JURY_SOAK")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let app = spawn_with(Spawn::default()).await;
        let backend = if app.config.database_url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        let started = Instant::now();
        let generated = scale::generate_with(&app.db, candidates, 50, epreuves).await;
        println!(
            "{backend}: {candidates} candidates, {} sheets, 50 graders generated in {:.1} s",
            generated.sheets,
            started.elapsed().as_secs_f64()
        );
        let slot = entities::prelude::ScheduleSlot::find()
            .filter(entities::schedule_slot::Column::SessionId.eq(SESSION))
            .one(&app.db)
            .await
            .expect("query")
            .expect("a sitting")
            .id;
        let certifier = client_with(Some(session_cookie(&app, Role::CertifierAdmin).await));
        let juror_cookie = format!("{SESSION_COOKIE}={}", generated.grader_tokens[0]);
        let juror = client_with(Some(juror_cookie.clone()));
        let candidate = client_with(Some(session_cookie(&app, Role::Candidate).await));
        let s = SESSION;
        let visitors = vec![
            Visitor {
                role: "certificateur",
                client: certifier.clone(),
                pages: vec![
                    "/certificateur".to_owned(),
                    format!("/certificateur/sessions/{s}"),
                    format!("/certificateur/sessions/{s}/jury"),
                    format!("/certificateur/sessions/{s}/epreuves/{slot}"),
                    format!("/certificateur/sessions/{s}/assiduite"),
                    format!("/certificateur/sessions/{s}/resultats"),
                    format!("/certificateur/sessions/{s}/deliberation"),
                    format!("/certificateur/sessions/{s}/deliberation?filtre=seuil&page=3"),
                    format!("/certificateur/sessions/{s}/deliberation?recherche=Nom0999"),
                    "/certificateur/jures".to_owned(),
                    // Runs the retention dry run on each load.
                    "/certificateur/donnees-personnelles".to_owned(),
                ],
            },
            Visitor {
                role: "jury",
                client: juror.clone(),
                pages: vec![
                    "/jury".to_owned(),
                    format!("/jury/sessions/{s}"),
                    format!("/jury/sessions/{s}/deliberation"),
                    generated.sheet.clone(),
                ],
            },
            Visitor {
                role: "candidat",
                client: candidate.clone(),
                pages: vec!["/candidat".to_owned()],
            },
        ];

        println!();
        println!("| page | p50 ms | p95 ms | HTML | gzip |");
        println!("|---|---:|---:|---:|---:|");
        for visitor in &visitors {
            for page in &visitor.pages {
                let url = app.url(page);
                let (status, _, raw) = load(&visitor.client, &url, false).await;
                assert_eq!(status, 200, "{page}");
                let mut times = Vec::new();
                let mut wire = 0;
                for _ in 0..SAMPLES {
                    let (status, time, bytes) = load(&visitor.client, &url, true).await;
                    assert_eq!(status, 200, "{page}");
                    times.push(time);
                    wire = bytes;
                }
                times.sort_unstable();
                println!(
                    "| {} `{page}` | {} | {} | {} | {} |",
                    visitor.role,
                    ms(quantile(&times, 0.5)),
                    ms(quantile(&times, 0.95)),
                    raw,
                    wire
                );
            }
        }

        // The first load after a change: a mark written (the database moves the
        // session's revision), then the page evaluates the session again.
        println!();
        println!("| first load after a change | p50 ms | p95 ms |");
        println!("|---|---:|---:|");
        for page in [
            format!("/certificateur/sessions/{s}/deliberation"),
            format!("/certificateur/sessions/{s}/resultats"),
        ] {
            let url = app.url(&page);
            let mut times = Vec::new();
            for _ in 0..5 {
                use sea_orm::ConnectionTrait;
                app.db
                    .execute_unprepared(
                        "UPDATE marks SET version = version + 1 WHERE id = (SELECT MIN(id) FROM marks)",
                    )
                    .await
                    .expect("a mark changed");
                let (status, time, _) = load(&certifier, &url, true).await;
                assert_eq!(status, 200, "{page}");
                times.push(time);
            }
            times.sort_unstable();
            println!(
                "| certificateur `{page}` | {} | {} |",
                ms(quantile(&times, 0.5)),
                ms(quantile(&times, 0.95))
            );
        }

        if std::env::var("JURY_BROWSER_BENCH").is_ok_and(|v| v == "1") {
            let certifier_cookie = session_cookie(&app, Role::CertifierAdmin).await;
            let status = std::process::Command::new("python3")
                .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/browser_bench.py"))
                .env("JURY_BASE", app.url(""))
                .env("JURY_CERTIFIER_COOKIE", certifier_cookie)
                .env("JURY_JUROR_COOKIE", &juror_cookie)
                .env("JURY_DELIBERATION", format!("/certificateur/sessions/{s}/deliberation"))
                .env("JURY_SHEET", &generated.sheet)
                .status()
                .expect("python3");
            assert!(status.success(), "browser benchmark");
        }

        println!();
        for visitor in visitors {
            let visitor = Arc::new(visitor);
            let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let started = Instant::now();
            let mut tasks = Vec::new();
            for _ in 0..CONCURRENCY {
                let (visitor, next, base) = (visitor.clone(), next.clone(), app.url(""));
                tasks.push(tokio::spawn(async move {
                    let mut times = Vec::new();
                    let mut failed = 0usize;
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if n >= soak {
                            break;
                        }
                        let page = &visitor.pages[n % visitor.pages.len()];
                        let (status, time, _) =
                            load(&visitor.client, &format!("{base}{page}"), true).await;
                        if status != 200 {
                            failed += 1;
                        }
                        times.push(time);
                    }
                    (times, failed)
                }));
            }
            let mut times = Vec::new();
            let mut failed = 0;
            for task in tasks {
                let (t, f) = task.await.expect("task");
                times.extend(t);
                failed += f;
            }
            times.sort_unstable();
            let slow = times.iter().filter(|t| **t > Duration::from_secs(1)).count();
            println!(
                "soak {}: {} loads in {:.1} s at concurrency {CONCURRENCY}, {failed} not 200, {slow} over 1 s — p50 {} ms, p99 {} ms, max {} ms",
                visitor.role,
                times.len(),
                started.elapsed().as_secs_f64(),
                ms(quantile(&times, 0.5)),
                ms(quantile(&times, 0.99)),
                ms(quantile(&times, 1.0)),
            );
        }

        // The retention job over the whole session, five years on (every generated
        // account idle by then): the dry run, then the run, timed once each.
        let later = tests::test_now() + chrono::Duration::days(5 * 365);
        let organisation = app::domain::ids::OrganisationId(1);
        let started = Instant::now();
        let dry = app::ssr::repo::retention::dry_run(&app.db, organisation, later)
            .await
            .expect("dry run");
        let dry_time = started.elapsed();
        let started = Instant::now();
        let done = app::ssr::repo::retention::apply(&app.db, organisation, later)
            .await
            .expect("retention");
        assert_eq!(dry, done);
        println!();
        println!(
            "retention five years on: dry run {} ms, run {} ms — {done:?}",
            ms(dry_time),
            ms(started.elapsed())
        );
    });
}
