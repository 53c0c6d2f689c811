//! Properties of the engine over generated grids and marks.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{compile, on};
use crate::domain::scoring::evaluate;
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, Criterion, DecisionRules,
    GRID_FORMAT, Grid, Scoring, Threshold, Unit, UnitKind,
};
use crate::domain::scoring::input::{Attendance, CandidateInput, ComponentInput, Sheet};
use crate::domain::scoring::outcome::{Decision, Outcome};
use crate::domain::scoring::validate::{CompiledGrid, validate};
use crate::domain::templates::{bac_pro_agora, office_manager_junior};

fn hundredths(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|n| Decimal::new(n, 2))
}

/// A grid built from random parts: 1–4 units of any aggregation, 1–3 components each,
/// thresholds anywhere on the scale, any subset of conditions.
fn any_grid() -> impl Strategy<Value = Grid> {
    let unit = (
        0..3usize,
        1..4usize,
        proptest::option::of(hundredths(2000)),
        proptest::option::of(hundredths(2000)),
        1..5i64,
        1..4usize,
    );
    (
        proptest::collection::vec(unit, 1..5),
        any::<bool>(),
        proptest::collection::vec(0..6usize, 1..4),
        hundredths(2000),
        hundredths(10000),
    )
        .prop_map(|(units, partial, conditions, average, ratio)| {
            let mut grid = Grid {
                format: GRID_FORMAT,
                scale: Decimal::from(20),
                units: Vec::new(),
                competences: Vec::new(),
                components: Vec::new(),
                criteria: Vec::new(),
                decision: DecisionRules {
                    full_certification: Vec::new(),
                    partial_validation: partial,
                },
                prerequisites: Vec::new(),
                penalties: Vec::new(),
                notes: Vec::new(),
            };
            for (i, (aggregation, components, validation, eliminatory, max, criteria)) in
                units.into_iter().enumerate()
            {
                let code = format!("U{i}");
                let aggregation = [
                    Aggregation::Sum,
                    Aggregation::WeightedAverage,
                    Aggregation::CriteriaRatio,
                ][aggregation];
                let kind = if i == 3 {
                    UnitKind::Optional
                } else {
                    UnitKind::Bloc
                };
                let mut unit = Unit::new(&code, "unité", kind, aggregation);
                unit.validation = validation.map(|v| {
                    Threshold::at_least(if aggregation == Aggregation::CriteriaRatio {
                        v * Decimal::from(5)
                    } else {
                        v
                    })
                });
                unit.eliminatory_below =
                    eliminatory.filter(|_| aggregation != Aggregation::CriteriaRatio);
                grid.units.push(unit);
                for k in 0..components {
                    let component = format!("{code}.C{k}");
                    let absence = [
                        AbsenceRule::Zero,
                        AbsenceRule::UnitNotValidated,
                        AbsenceRule::NoFullCertification,
                    ][k % 3];
                    if aggregation == Aggregation::CriteriaRatio {
                        grid.components.push(Component::criteria(
                            &component,
                            "c",
                            &code,
                            ComponentRole::Exam,
                            absence,
                        ));
                        for j in 0..criteria {
                            let criterion = format!("{component}.K{j}");
                            grid.criteria.push(Criterion::new(
                                &criterion,
                                "k",
                                &code,
                                &[component.as_str()],
                            ));
                        }
                    } else {
                        let max = Decimal::from(max * 10);
                        grid.components.push(Component::points(
                            &component,
                            "c",
                            &code,
                            ComponentRole::Exam,
                            max,
                            absence,
                        ));
                    }
                }
            }
            let has_points = grid
                .units
                .iter()
                .any(|u| u.aggregation == Aggregation::Sum && u.kind != UnitKind::Optional);
            for condition in conditions {
                let condition = match condition {
                    0 if has_points => Condition::TotalPoints {
                        threshold: Threshold::at_least(Decimal::ZERO),
                    },
                    1 => Condition::Average {
                        threshold: Threshold::at_least(average),
                    },
                    2 if !grid.criteria.is_empty() => Condition::CriteriaRatio {
                        threshold: Threshold::at_least(ratio),
                    },
                    3 => Condition::UnitValidated {
                        unit: "U0".to_owned(),
                    },
                    4 => Condition::NoEliminatoryUnit,
                    _ => Condition::AllBlocsValidated,
                };
                grid.decision.full_certification.push(condition);
            }
            grid
        })
        .prop_filter("grids that pass validation", |grid| {
            validate(grid.clone()).is_ok()
        })
}

/// Random in-range results for every component of a grid.
fn any_input(grid: &CompiledGrid, seed: &[u16]) -> CandidateInput {
    let results = grid
        .grid
        .components
        .iter()
        .enumerate()
        .map(|(i, component)| {
            let r = seed.get(i % seed.len().max(1)).copied().unwrap_or(0);
            let attendance = match r % 17 {
                0 => Attendance::AbsentUnjustified,
                1 => Attendance::AbsentJustified,
                _ => Attendance::Present,
            };
            let present = attendance == Attendance::Present;
            let (points, criteria_met) = match component.scoring {
                Scoring::Points { max } if present => (
                    Some((max * Decimal::from(r % 101) / Decimal::from(100)).round_dp(2)),
                    Vec::new(),
                ),
                Scoring::Criteria if present => (
                    None,
                    grid.grid
                        .criteria
                        .iter()
                        .enumerate()
                        .filter(|(k, c)| {
                            c.components.contains(&component.code)
                                && (usize::from(r) >> (k % 8)) & 1 == 1
                        })
                        .map(|(_, c)| c.code.clone())
                        .collect(),
                ),
                _ => (None, Vec::new()),
            };
            ComponentInput {
                component: component.code.clone(),
                attendance,
                points,
                criteria_met,
            }
        })
        .collect();
    CandidateInput {
        candidate: "p".to_owned(),
        results,
        attendance_percent: None,
        unjustified_absence_percent: None,
        fraud: false,
        capitalised: Vec::new(),
    }
}

fn run(grid: &CompiledGrid, input: &CandidateInput) -> Outcome {
    evaluate(
        grid,
        &Sheet::build(grid, input).expect("in-range input"),
        on(),
    )
}

fn rank(decision: Decision) -> u8 {
    match decision {
        Decision::FullCertification => 2,
        Decision::BlocsOnly => 1,
        _ => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_is_deterministic_on_any_valid_grid(
        grid in any_grid(),
        seed in proptest::collection::vec(any::<u16>(), 1..12),
    ) {
        let compiled = compile(grid);
        let input = any_input(&compiled, &seed);
        let first = run(&compiled, &input);
        prop_assert_eq!(&first, &run(&compiled, &input));
    }

    #[test]
    fn grid_json_round_trips(grid in any_grid()) {
        let json = serde_json::to_string(&grid).expect("serialise");
        let back: Grid = serde_json::from_str(&json).expect("parse");
        prop_assert_eq!(back, grid);
    }

    #[test]
    fn raising_one_mark_never_lowers_the_outcome(
        template in 0..2usize,
        seed in proptest::collection::vec(2..u16::MAX, 30),
        which in any::<usize>(),
        raise in 1..2000i64,
    ) {
        let grid = compile(if template == 0 { office_manager_junior().grid } else { bac_pro_agora().grid });
        let input = any_input(&grid, &seed);
        let before = run(&grid, &input);
        let mut raised = input.clone();
        let point_components: Vec<usize> =
            raised.results.iter().enumerate().filter(|(_, r)| r.points.is_some()).map(|(i, _)| i).collect();
        prop_assume!(!point_components.is_empty());
        let i = point_components[which % point_components.len()];
        let component = grid.component(&raised.results[i].component).expect("component");
        let Scoring::Points { max } = grid.grid.components[component].scoring else {
            return Err(TestCaseError::fail("a point component"));
        };
        let points = raised.results[i].points.expect("points");
        raised.results[i].points = Some((points + Decimal::new(raise, 2)).min(max));
        let after = run(&grid, &raised);
        prop_assert!(rank(after.decision) >= rank(before.decision), "{:?} → {:?}", before.decision, after.decision);
        for (b, a) in before.units.iter().zip(&after.units) {
            prop_assert!(!b.validated || a.validated, "unit {} lost its validation", b.unit);
        }
    }
}
