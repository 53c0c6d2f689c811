//! Table-driven scenarios per template, property tests and explanation snapshots.

mod bac_pro;
mod cqp;
mod formites;
mod office_manager;
mod properties;
mod validation;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::evaluate;
use super::explain::{Report, report};
use super::grid::{Grid, Scoring};
use super::input::{Attendance, CandidateInput, CapitalisedUnit, ComponentInput, Sheet};
use super::outcome::{Decision, Outcome};
use super::validate::{CompiledGrid, validate};

/// The day of the deliberation in every scenario.
pub fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 19).expect("date")
}

pub fn compile(grid: Grid) -> CompiledGrid {
    validate(grid).expect("valid grid")
}

/// Builds a candidate's results.
#[derive(Clone)]
pub struct Candidate(pub CandidateInput);

impl Candidate {
    pub fn new(name: &str) -> Self {
        Candidate(CandidateInput {
            candidate: name.to_owned(),
            results: Vec::new(),
            attendance_percent: None,
            unjustified_absence_percent: None,
            fraud: false,
            capitalised: Vec::new(),
        })
    }

    fn set(mut self, result: ComponentInput) -> Self {
        self.0.results.retain(|r| r.component != result.component);
        self.0.results.push(result);
        self
    }

    /// Every point component at `share` of its maximum (rounded down to the hundredth),
    /// every criteria component with all its criteria met.
    pub fn everywhere(mut self, grid: &CompiledGrid, share: Decimal) -> Self {
        for component in &grid.grid.components {
            self = match component.scoring {
                Scoring::Points { max } => self.points(
                    &component.code,
                    (max * share).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero),
                ),
                Scoring::Criteria => {
                    let codes: Vec<String> = grid
                        .grid
                        .criteria
                        .iter()
                        .filter(|c| c.components.first() == Some(&component.code))
                        .map(|c| c.code.clone())
                        .collect();
                    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
                    self.criteria(&component.code, &codes)
                }
            };
        }
        self
    }

    pub fn points(self, component: &str, points: Decimal) -> Self {
        self.set(ComponentInput {
            component: component.to_owned(),
            attendance: Attendance::Present,
            points: Some(points),
            criteria_met: Vec::new(),
        })
    }

    pub fn criteria(self, component: &str, met: &[&str]) -> Self {
        self.set(ComponentInput {
            component: component.to_owned(),
            attendance: Attendance::Present,
            points: None,
            criteria_met: met.iter().map(|c| (*c).to_owned()).collect(),
        })
    }

    pub fn absent(self, component: &str, justified: bool) -> Self {
        let attendance = if justified {
            Attendance::AbsentJustified
        } else {
            Attendance::AbsentUnjustified
        };
        self.set(ComponentInput {
            component: component.to_owned(),
            attendance,
            points: None,
            criteria_met: Vec::new(),
        })
    }

    pub fn attendance(mut self, percent: Decimal) -> Self {
        self.0.attendance_percent = Some(percent);
        self
    }

    pub fn absence_rate(mut self, percent: Decimal) -> Self {
        self.0.unjustified_absence_percent = Some(percent);
        self
    }

    pub fn fraud(mut self) -> Self {
        self.0.fraud = true;
        self
    }

    pub fn capitalised(mut self, unit: &str, valid_until: Option<NaiveDate>) -> Self {
        self.0.capitalised.push(CapitalisedUnit {
            unit: unit.to_owned(),
            valid_until,
        });
        self
    }

    pub fn evaluate(&self, grid: &CompiledGrid) -> Outcome {
        let sheet = Sheet::build(grid, &self.0).expect("valid input");
        evaluate(grid, &sheet, on())
    }

    pub fn report(&self, grid: &CompiledGrid) -> Report {
        report(grid, &self.evaluate(grid))
    }
}

/// The result of a unit, by code.
pub fn unit<'a>(
    grid: &CompiledGrid,
    outcome: &'a Outcome,
    code: &str,
) -> &'a super::outcome::UnitResult {
    let index = grid.unit(code).expect("unit code");
    &outcome.units[index]
}

/// Codes of the units validated in this session.
pub fn validated(grid: &CompiledGrid, outcome: &Outcome) -> Vec<String> {
    outcome
        .validated_units()
        .map(|u| grid.grid.units[u].code.clone())
        .collect()
}

pub fn assert_decision(outcome: &Outcome, expected: Decision, case: &str) {
    assert_eq!(outcome.decision, expected, "{case}: {:#?}", outcome.checks);
}
