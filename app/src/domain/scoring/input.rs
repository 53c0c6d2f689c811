//! A candidate's results as the engine reads them: per component, the attendance, the
//! points or the criteria met; the attendance rates; fraud; capitalised units. Given by
//! code (`CandidateInput`, the JSON of `evaluate`), checked and indexed into a `Sheet`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::grid::Scoring;
use super::validate::CompiledGrid;
use crate::domain::mark::{MarkError, check_points};

/// Attendance at a component.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    #[default]
    Present,
    /// Absence without an accepted reason.
    AbsentUnjustified,
    /// Medical certificate, work stoppage, documented force majeure: make-up offered.
    AbsentJustified,
}

/// The result of one component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentInput {
    pub component: String,
    #[serde(default)]
    pub attendance: Attendance,
    /// Points, for a component marked in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Decimal>,
    /// Codes of the criteria met, for a component marked by criteria.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria_met: Vec<String>,
}

/// A unit validated in an earlier session (capitalisation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapitalisedUnit {
    pub unit: String,
    /// Last day of validity; `None`: no limit.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// A candidate's results, by code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidateInput {
    /// Candidate number or name, repeated in the outcome.
    pub candidate: String,
    #[serde(default)]
    pub results: Vec<ComponentInput>,
    /// Presence at the training hours, in percent.
    #[serde(default)]
    pub attendance_percent: Option<Decimal>,
    /// Unjustified absence from training, in percent of training time.
    #[serde(default)]
    pub unjustified_absence_percent: Option<Decimal>,
    #[serde(default)]
    pub fraud: bool,
    #[serde(default)]
    pub capitalised: Vec<CapitalisedUnit>,
}

/// Why a candidate's input is refused, in French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputProblem {
    #[error("{candidate} : la composante « {component} » n'existe pas dans la grille")]
    UnknownComponent {
        candidate: String,
        component: String,
    },
    #[error("{candidate} : la composante « {component} » est donnée deux fois")]
    DuplicateComponent {
        candidate: String,
        component: String,
    },
    #[error("{candidate}, « {component} » : {error}")]
    BadMark {
        candidate: String,
        component: String,
        error: MarkError,
    },
    #[error(
        "{candidate}, « {component} » : cette composante est évaluée par critères, pas en points"
    )]
    PointsOnCriteria {
        candidate: String,
        component: String,
    },
    #[error(
        "{candidate}, « {component} » : cette composante est notée en points, pas par critères"
    )]
    CriteriaOnPoints {
        candidate: String,
        component: String,
    },
    #[error(
        "{candidate}, « {component} » : le critère « {criterion} » n'est pas évalué dans cette composante"
    )]
    CriterionNotHere {
        candidate: String,
        component: String,
        criterion: String,
    },
    #[error("{candidate}, « {component} » : un candidat absent ne peut pas avoir de note")]
    MarkWhileAbsent {
        candidate: String,
        component: String,
    },
    #[error("{candidate} : l'unité capitalisée « {unit} » n'existe pas dans la grille")]
    UnknownUnit { candidate: String, unit: String },
    #[error("{candidate} : {what} doit être compris entre 0 et 100 % (reçu {value})")]
    PercentOutOfRange {
        candidate: String,
        what: &'static str,
        value: Decimal,
    },
}

/// A candidate's results indexed like the grid, ready to evaluate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub candidate: String,
    /// Per component: `None` when nothing was reported (not graded yet).
    pub(crate) attendance: Vec<Option<Attendance>>,
    pub(crate) points: Vec<Option<Decimal>>,
    /// Per criterion: met in at least one component where the candidate was present.
    pub(crate) criteria_met: Vec<bool>,
    pub(crate) attendance_percent: Option<Decimal>,
    pub(crate) unjustified_absence_percent: Option<Decimal>,
    pub(crate) fraud: bool,
    /// Per unit: capitalised, with its validity end.
    pub(crate) capitalised: Vec<Option<Option<NaiveDate>>>,
}

fn check_percent(
    candidate: &str,
    what: &'static str,
    value: Option<Decimal>,
    problems: &mut Vec<InputProblem>,
) {
    if let Some(value) = value {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            problems.push(InputProblem::PercentOutOfRange {
                candidate: candidate.to_owned(),
                what,
                value,
            });
        }
    }
}

impl Sheet {
    /// Checks a candidate's input against the grid and indexes it; lists every problem.
    pub fn build(grid: &CompiledGrid, input: &CandidateInput) -> Result<Sheet, Vec<InputProblem>> {
        let candidate = &input.candidate;
        let components = grid.grid.components.len();
        let mut problems = Vec::new();
        let mut sheet = Sheet {
            candidate: candidate.clone(),
            attendance: vec![None; components],
            points: vec![None; components],
            criteria_met: vec![false; grid.grid.criteria.len()],
            attendance_percent: input.attendance_percent,
            unjustified_absence_percent: input.unjustified_absence_percent,
            fraud: input.fraud,
            capitalised: vec![None; grid.grid.units.len()],
        };
        check_percent(
            candidate,
            "l'assiduité",
            input.attendance_percent,
            &mut problems,
        );
        check_percent(
            candidate,
            "le taux d'absence injustifiée",
            input.unjustified_absence_percent,
            &mut problems,
        );
        for result in &input.results {
            let bad = |make: fn(String, String) -> InputProblem| {
                make(candidate.clone(), result.component.clone())
            };
            let Some(c) = grid.component(&result.component) else {
                problems.push(bad(|candidate, component| InputProblem::UnknownComponent {
                    candidate,
                    component,
                }));
                continue;
            };
            if sheet.attendance[c].is_some() {
                problems.push(bad(|candidate, component| {
                    InputProblem::DuplicateComponent {
                        candidate,
                        component,
                    }
                }));
                continue;
            }
            sheet.attendance[c] = Some(result.attendance);
            let present = result.attendance == Attendance::Present;
            if !present && (result.points.is_some() || !result.criteria_met.is_empty()) {
                problems.push(bad(|candidate, component| InputProblem::MarkWhileAbsent {
                    candidate,
                    component,
                }));
            }
            match grid.grid.components[c].scoring {
                Scoring::Points { max } => {
                    if !result.criteria_met.is_empty() {
                        problems.push(bad(|candidate, component| InputProblem::CriteriaOnPoints {
                            candidate,
                            component,
                        }));
                    }
                    if let Some(points) = result.points {
                        match check_points(points, max) {
                            Ok(points) => sheet.points[c] = Some(points),
                            Err(error) => problems.push(InputProblem::BadMark {
                                candidate: candidate.clone(),
                                component: result.component.clone(),
                                error,
                            }),
                        }
                    }
                }
                Scoring::Criteria => {
                    if result.points.is_some() {
                        problems.push(bad(|candidate, component| InputProblem::PointsOnCriteria {
                            candidate,
                            component,
                        }));
                    }
                    for code in &result.criteria_met {
                        match grid.criterion(code) {
                            Some(k) if grid.criterion_components[k].contains(&c) => {
                                if present {
                                    sheet.criteria_met[k] = true;
                                }
                            }
                            _ => problems.push(InputProblem::CriterionNotHere {
                                candidate: candidate.clone(),
                                component: result.component.clone(),
                                criterion: code.clone(),
                            }),
                        }
                    }
                }
            }
        }
        for capitalised in &input.capitalised {
            match grid.unit(&capitalised.unit) {
                Some(u) => sheet.capitalised[u] = Some(capitalised.valid_until),
                None => problems.push(InputProblem::UnknownUnit {
                    candidate: candidate.clone(),
                    unit: capitalised.unit.clone(),
                }),
            }
        }
        if problems.is_empty() {
            Ok(sheet)
        } else {
            Err(problems)
        }
    }
}
