//! Load on the grade-save path: 200 graders, each with their own session and sheet,
//! saving drafts (the grading page's autosave: version check, mark history, audit
//! chain, one transaction each) on loopback — first once a second each, the autosave's
//! cadence (target p99 < 50 ms), then in a loop as fast as answered (the saturation
//! throughput); and, in the same run, an axum hello-world answering the same 200
//! clients in a loop, as the ceiling.
//!
//! `cargo bench -p tests --bench grading_load` (SQLite; `TEST_DATABASE_URL=postgres://…`
//! for PostgreSQL; `JURY_LOAD_SECONDS` sets the duration, 10 by default). Figures in
//! BENCHMARKS.md.

use std::sync::atomic::Ordering;
use std::time::Duration;

use sea_orm::EntityTrait;
use tests::load::{self, Saved, drive};
use tests::spawn_app;

fn main() {
    let seconds: u64 = std::env::var("JURY_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let duration = Duration::from_secs(seconds);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let app = spawn_app().await;
        let backend = if app.config.database_url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        let (graders, epreuve) = load::setup(&app.db).await;
        let graders: std::sync::Arc<Vec<load::Grader>> = std::sync::Arc::new(graders);
        let versions: std::sync::Arc<Vec<std::sync::atomic::AtomicI32>> = std::sync::Arc::new(
            (0..load::GRADERS)
                .map(|_| std::sync::atomic::AtomicI32::new(0))
                .collect(),
        );
        let url = app.url("/api/jury/brouillon_auto");
        let save = {
            let (graders, versions, url) = (graders.clone(), versions.clone(), url.clone());
            move |i: usize| {
                let (graders, versions, url) = (graders.clone(), versions.clone(), url.clone());
                async move {
                    let version = versions[i].load(Ordering::Relaxed);
                    match load::save(&graders[i], &url, epreuve, version).await {
                        Saved::Version(next) => {
                            versions[i].store(next, Ordering::Relaxed);
                            true
                        }
                        Saved::Refused(status) => {
                            // The first refusal says why (a benchmark that saves nothing
                            // must not pass for a slow one).
                            static TOLD: std::sync::Once = std::sync::Once::new();
                            TOLD.call_once(|| eprintln!("first refused save: HTTP {status}"));
                            false
                        }
                        Saved::Lost => false,
                    }
                }
            }
        };
        let mut paced = load::pace(
            load::GRADERS,
            duration,
            Duration::from_secs(1),
            save.clone(),
        )
        .await;
        let mut graded = drive(load::GRADERS, duration, save).await;
        // The ceiling: the same clients against an axum hello-world.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let hello = format!("http://{}/", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let router = axum::Router::new().route("/", axum::routing::post(|| async { "1" }));
            axum::serve(listener, router).await.expect("hello world");
        });
        let ping = {
            let graders = graders.clone();
            move |i: usize| {
                let (graders, hello) = (graders.clone(), hello.clone());
                async move {
                    graders[i]
                        .client
                        .post(&hello)
                        .form(&[("version", "1")])
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                }
            }
        };
        let mut ceiling = drive(load::GRADERS, duration, ping).await;
        println!(
            "{} concurrent graders on {backend}, {seconds} s each:",
            load::GRADERS
        );
        paced.report("grade save, each grader once a second");
        let saves = graded.report("grade save, as fast as answered");
        let hello = ceiling.report("axum hello-world");
        println!(
            "grade saves reach {:.1} % of the hello-world's throughput",
            100.0 * saves / hello
        );
        let saved = versions
            .iter()
            .map(|v| i64::from(v.load(Ordering::Relaxed)))
            .sum::<i64>();
        let stored: i64 = entities::prelude::MarkVersion::find()
            .all(&app.db)
            .await
            .expect("history")
            .len() as i64;
        println!("acknowledged saves {saved}, mark history rows {stored}");
        assert_eq!(saved, stored, "every acknowledged save is stored");
    });
}
