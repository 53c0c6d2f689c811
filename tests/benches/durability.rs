//! Durability of acknowledged saves: the server runs as a separate process (this
//! binary started again with `JURY_DURABILITY_SERVER=1`); 200 graders autosave in a
//! loop; after a few seconds the server is killed with SIGKILL (kill -9), started
//! again on the same database, and the graders go on. At the end, every save that got
//! a success response must be in the database, and the audit chain must verify.
//!
//! `cargo bench -p tests --bench durability` (SQLite; `TEST_DATABASE_URL=postgres://…`
//! for PostgreSQL; `JURY_KILLS` sets how many times the server is killed, 3 by default).
//! Figures in BENCHMARKS.md.

use std::collections::HashSet;
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, EntityTrait};
use tests::load::{self, Saved};
use tests::{Spawn, TestDatabase, spawn_on};

const SERVER_MODE: &str = "JURY_DURABILITY_SERVER";

/// The server process, as `server serve` runs it.
fn serve() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let config = server::config::Config::from_env().expect("configuration");
        let application =
            server::startup::Application::build(&config, server::startup::Overrides::default())
                .await
                .expect("server");
        application.run().await.expect("serve");
    });
}

fn start(database_url: &str, port: u16, outbox: &std::path::Path) -> Child {
    Command::new(std::env::current_exe().expect("this binary"))
        .env(SERVER_MODE, "1")
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("APP_DEMO_DATA", "0")
        .env("APP_OUTBOX_DIR", outbox)
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start the server")
}

/// Waits until the server answers.
async fn ready(base: &str) -> Duration {
    let started = Instant::now();
    let client = reqwest::Client::new();
    while client
        .get(format!("{base}/connexion"))
        .send()
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    started.elapsed()
}

/// The stored versions of each grader's sheet: (enrolment, version).
async fn stored(db: &DatabaseConnection) -> HashSet<(i32, i32)> {
    let marks: std::collections::HashMap<i32, i32> = entities::prelude::Mark::find()
        .all(db)
        .await
        .expect("marks")
        .into_iter()
        .map(|m| (m.id, m.enrolment_id))
        .collect();
    entities::prelude::MarkVersion::find()
        .all(db)
        .await
        .expect("history")
        .into_iter()
        .filter_map(|v| marks.get(&v.mark_id).map(|e| (*e, v.version)))
        .collect()
}

fn main() {
    if std::env::var(SERVER_MODE).is_ok() {
        serve();
        return;
    }
    let kills: usize = std::env::var("JURY_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let database = Arc::new(TestDatabase::create().await);
        let backend = if database.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        // Seeds the demo data and the graders, then leaves the database to the server
        // process.
        let seeding = spawn_on(database.clone(), Spawn::default()).await;
        let (graders, epreuve) = load::setup(&seeding.db).await;
        let db = seeding.db.clone();
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            probe.local_addr().expect("address").port()
        };
        let base = format!("http://127.0.0.1:{port}");
        let outbox = tempfile::tempdir().expect("outbox");
        let mut server = start(&database.url, port, outbox.path());
        ready(&base).await;

        let graders = Arc::new(graders);
        let versions: Arc<Vec<AtomicI32>> =
            Arc::new((0..load::GRADERS).map(|_| AtomicI32::new(0)).collect());
        let acknowledged: Arc<std::sync::Mutex<Vec<(i32, i32)>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let url = format!("{base}/api/jury/brouillon_auto");
        let mut tasks = Vec::new();
        for i in 0..load::GRADERS {
            let (graders, versions, acknowledged, stop, url, db) = (
                graders.clone(),
                versions.clone(),
                acknowledged.clone(),
                stop.clone(),
                url.clone(),
                db.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let (mut lost, mut refused) = (0usize, 0usize);
                while !stop.load(Ordering::Relaxed) {
                    let grader = &graders[i];
                    let version = versions[i].load(Ordering::Relaxed);
                    match load::save(grader, &url, epreuve, version).await {
                        Saved::Version(next) => {
                            versions[i].store(next, Ordering::Relaxed);
                            acknowledged
                                .lock()
                                .expect("list")
                                .push((grader.enrolment, next));
                        }
                        Saved::Refused(_) => {
                            // Saved before the crash without an answer: the grader
                            // reloads the sheet, as the page asks them to.
                            refused += 1;
                            let latest = stored(&db)
                                .await
                                .into_iter()
                                .filter(|(e, _)| *e == grader.enrolment)
                                .map(|(_, v)| v)
                                .max()
                                .unwrap_or(0);
                            versions[i].store(latest, Ordering::Relaxed);
                        }
                        Saved::Lost => {
                            lost += 1;
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    }
                }
                (lost, refused)
            }));
        }
        let mut restarts = Vec::new();
        let mut acknowledged_before_kill = Vec::new();
        for _ in 0..kills {
            tokio::time::sleep(Duration::from_secs(3)).await;
            acknowledged_before_kill.push(acknowledged.lock().expect("list").len());
            // SIGKILL: no shutdown, no flush, whatever was in flight is cut.
            server.kill().expect("kill -9");
            server.wait().expect("reaped");
            server = start(&database.url, port, outbox.path());
            restarts.push(ready(&base).await);
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        stop.store(true, Ordering::Relaxed);
        let (mut lost, mut refused) = (0, 0);
        for task in tasks {
            let (l, r) = task.await.expect("grader");
            lost += l;
            refused += r;
        }
        server.kill().ok();
        server.wait().ok();

        let acknowledged = acknowledged.lock().expect("list").clone();
        let stored = stored(&db).await;
        let missing: Vec<&(i32, i32)> = acknowledged
            .iter()
            .filter(|save| !stored.contains(save))
            .collect();
        let unanswered = stored.len().saturating_sub(acknowledged.len());
        let chain = app::domain::audit::verify(
            &app::ssr::repo::audit::all(&db).await.expect("audit log"),
        );
        println!(
            "{} graders on {backend}, server killed with SIGKILL {kills} times:",
            load::GRADERS
        );
        println!(
            "acknowledged saves {} (at each kill: {acknowledged_before_kill:?}), stored {}, missing {}",
            acknowledged.len(),
            stored.len(),
            missing.len()
        );
        println!(
            "stored without an answer (in flight at a kill) {unanswered}; requests cut {lost}; stale after a crash {refused}"
        );
        println!(
            "restart until the first answer: {:?} ms",
            restarts.iter().map(|d| d.as_millis()).collect::<Vec<_>>()
        );
        match &chain {
            Ok(count) => println!("audit chain verifies: {count} entries"),
            Err(problem) => println!("audit chain broken: {problem}"),
        }
        assert!(missing.is_empty(), "acknowledged saves lost: {missing:?}");
        assert!(chain.is_ok(), "the audit chain survives the kills");
        assert!(
            acknowledged_before_kill.windows(2).all(|w| w[0] < w[1]),
            "the graders saved between the kills"
        );
    });
}
