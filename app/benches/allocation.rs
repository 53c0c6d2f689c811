//! Allocating graders for 5 000 candidates × 4 épreuves (one with double marking) among
//! 40 graders with 2 % of grader–candidate pairs in conflict of interest. Target:
//! under 1 s. Run with `cargo bench -p app --bench allocation`; figures in
//! BENCHMARKS.md.

use std::collections::HashSet;

use app::domain::jury::allocation::{Grader, Input, Task, allocate, check, loads};
use criterion::{Criterion, criterion_group, criterion_main};

const CANDIDATES: i32 = 5_000;
const GRADERS: i32 = 40;

fn session() -> Input {
    let epreuves = [(1, 1u8), (2, 2), (3, 1), (4, 1)];
    let tasks = (1..=CANDIDATES)
        .flat_map(|c| {
            epreuves.iter().map(move |&(e, n)| Task {
                candidate: c,
                epreuve: e,
                graders: n,
                label: format!("C{c} — E{e}"),
            })
        })
        .collect();
    let graders = (1..=GRADERS)
        .map(|id| Grader {
            id,
            name: format!("Correcteur {id}"),
            epreuves: None,
        })
        .collect();
    // 2 % of the 200 000 pairs, spread deterministically.
    let mut conflicts = HashSet::new();
    let mut state: u64 = 7;
    while conflicts.len() < (CANDIDATES * GRADERS / 50) as usize {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let grader = i32::try_from((state >> 33) % GRADERS as u64).unwrap_or(0) + 1;
        let candidate = i32::try_from((state >> 13) % CANDIDATES as u64).unwrap_or(0) + 1;
        conflicts.insert((grader, candidate));
    }
    Input {
        tasks,
        graders,
        conflicts,
    }
}

fn bench(c: &mut Criterion) {
    let input = session();
    let assignments = allocate(&input).expect("allocation");
    assert!(check(&input, &assignments).is_empty());
    let loads = loads(&input, &assignments);
    println!(
        "{} assignments, loads {}–{}",
        assignments.len(),
        loads.values().min().copied().unwrap_or(0),
        loads.values().max().copied().unwrap_or(0)
    );
    let mut group = c.benchmark_group("allocation");
    group.sample_size(10);
    group.bench_function(
        "5000 candidates x 4 épreuves x 40 graders, 2 % conflicts",
        |b| {
            b.iter(|| allocate(&input).expect("allocation"));
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
