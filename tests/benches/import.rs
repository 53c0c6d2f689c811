//! Importing 20 000 candidates from a CSV file into a session on SQLite: reading and
//! checking the file, then one transaction of chunked inserts. Target: under 5 s.
//! Run with `cargo bench -p tests --bench import`; figures in BENCHMARKS.md.

use std::collections::HashSet;
use std::fmt::Write;

use app::domain::candidate::parse_candidates_csv;
use app::domain::ids::{OrganisationId, SessionId};
use app::ssr::repo::sessions;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sea_orm::DatabaseConnection;
use server::startup::connect_and_migrate;
use tests::{TestDatabase, test_now};

const CANDIDATES: usize = 20_000;

fn csv_file() -> String {
    let routes = [
        "Formation initiale",
        "Apprentissage",
        "Formation continue",
        "Contrat de professionnalisation",
        "VAE",
    ];
    let mut file =
        String::from("\u{feff}Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe\n");
    for i in 0..CANDIDATES {
        let _ = writeln!(
            file,
            "Nom{i};Prénom{i};{:02}/{:02}/{};candidat{i}@exemple.fr;{};G{}",
            i % 28 + 1,
            i % 12 + 1,
            1970 + i % 35,
            routes[i % routes.len()],
            i % 40
        );
    }
    file
}

/// A fresh SQLite database with the demo data (its session is number 1).
fn fresh_database(runtime: &tokio::runtime::Runtime) -> (TestDatabase, DatabaseConnection) {
    runtime.block_on(async {
        let database = TestDatabase::create().await;
        let db = connect_and_migrate(&database.url).await.expect("migrate");
        app::ssr::demo::seed(
            &db,
            test_now(),
            &server::services::pdf::PrintPdf::new().expect("fonts"),
        )
        .await
        .expect("seed");
        (database, db)
    })
}

fn import(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let file = csv_file();
    let mut group = c.benchmark_group("candidate import");
    group.sample_size(10);
    group.bench_function("read and check a 20 000-line CSV", |b| {
        b.iter(|| {
            parse_candidates_csv(file.as_bytes(), &HashSet::new(), today())
                .expect("valid")
                .len()
        });
    });
    group.bench_function(
        "import 20 000 candidates on SQLite (read, check, insert, enrol)",
        |b| {
            b.iter_batched(
                || fresh_database(&runtime),
                |(database, db)| {
                    runtime.block_on(async {
                        let existing = sessions::candidate_emails(&db, OrganisationId(1))
                            .await
                            .expect("emails");
                        let candidates = parse_candidates_csv(file.as_bytes(), &existing, today())
                            .expect("valid");
                        sessions::import(
                            &db,
                            OrganisationId(1),
                            SessionId(1),
                            &candidates,
                            test_now(),
                        )
                        .await
                        .expect("import")
                    });
                    drop(database);
                },
                BatchSize::PerIteration,
            );
        },
    );
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);

/// The reference day of the benchmark (birth dates are checked against it).
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")
}
