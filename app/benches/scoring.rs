//! Evaluating 100 000 generated candidates on template E (1000 points) and template D
//! (weighted average). Target: under 100 ms per 100 000 candidates on one core.
//! Run with `cargo bench -p app --bench scoring`; figures in BENCHMARKS.md.

use app::domain::scoring::grid::Scoring;
use app::domain::scoring::input::{Attendance, CandidateInput, ComponentInput};
use app::domain::scoring::validate::{CompiledGrid, validate};
use app::domain::scoring::{Sheet, evaluate};
use app::domain::templates;
use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;

const CANDIDATES: usize = 100_000;

/// A small deterministic generator (no dependency, same candidates every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn generate(grid: &CompiledGrid, count: usize) -> Vec<CandidateInput> {
    let mut rng = Lcg(42);
    (0..count)
        .map(|i| CandidateInput {
            candidate: format!("C{i:06}"),
            results: grid
                .grid
                .components
                .iter()
                .map(|component| {
                    let roll = rng.next() % 100;
                    let attendance = match roll {
                        0 => Attendance::AbsentUnjustified,
                        1 => Attendance::AbsentJustified,
                        _ => Attendance::Present,
                    };
                    let points = match component.scoring {
                        Scoring::Points { max } if attendance == Attendance::Present => Some(
                            (max * Decimal::from(rng.next() % 10_001) / Decimal::from(10_000))
                                .round_dp(2),
                        ),
                        _ => None,
                    };
                    ComponentInput {
                        component: component.code.clone(),
                        attendance,
                        points,
                        criteria_met: Vec::new(),
                    }
                })
                .collect(),
            attendance_percent: None,
            unjustified_absence_percent: Some(Decimal::new(
                i64::try_from(rng.next() % 1200).unwrap_or(0),
                2,
            )),
            fraud: rng.next() % 1000 == 0,
            capitalised: Vec::new(),
        })
        .collect()
}

fn bench_template(c: &mut Criterion, name: &str, key: &str) {
    let template = templates::find(key).expect("template");
    let grid = validate(template.grid).expect("valid grid");
    let inputs = generate(&grid, CANDIDATES);
    let sheets: Vec<Sheet> = inputs
        .iter()
        .map(|input| Sheet::build(&grid, input).expect("valid input"))
        .collect();
    let on = NaiveDate::from_ymd_opt(2027, 3, 19).expect("date");
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.throughput(Throughput::Elements(CANDIDATES as u64));
    group.bench_function("evaluate 100 000 candidates", |b| {
        b.iter(|| {
            sheets
                .iter()
                .map(|sheet| evaluate(&grid, sheet, on))
                .filter(|o| o.units.len() > 1)
                .count()
        });
    });
    group.bench_function("check input and evaluate 100 000 candidates", |b| {
        b.iter_batched(
            || (),
            |()| {
                inputs
                    .iter()
                    .map(|input| evaluate(&grid, &Sheet::build(&grid, input).expect("valid"), on))
                    .count()
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn scoring(c: &mut Criterion) {
    bench_template(c, "template E (seed 004)", "E");
    bench_template(c, "template D (seed 003)", "D");
}

criterion_group!(benches, scoring);
criterion_main!(benches);
