//! Evaluating a whole file of candidates: every input problem of every candidate is
//! reported before anything is evaluated.

use chrono::NaiveDate;

use super::evaluate;
use super::explain::{Report, report};
use super::grid::Grid;
use super::input::{CandidateInput, Sheet};
use super::validate::{GridProblem, validate};

/// Why a batch could not be evaluated, in French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("la grille ne peut pas fonctionner :\n{}", bullet(.0))]
    Grid(Vec<GridProblem>),
    #[error("les résultats des candidats comportent des erreurs :\n{}", bullet(.0))]
    Input(Vec<String>),
}

fn bullet<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| format!("  - {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Validates the grid and every candidate, then evaluates them all on `on`.
pub fn evaluate_all(
    grid: Grid,
    candidates: &[CandidateInput],
    on: NaiveDate,
) -> Result<Vec<Report>, BatchError> {
    let compiled = validate(grid).map_err(BatchError::Grid)?;
    let mut sheets = Vec::with_capacity(candidates.len());
    let mut problems = Vec::new();
    for candidate in candidates {
        match Sheet::build(&compiled, candidate) {
            Ok(sheet) => sheets.push(sheet),
            Err(found) => problems.extend(found.iter().map(ToString::to_string)),
        }
    }
    if !problems.is_empty() {
        return Err(BatchError::Input(problems));
    }
    Ok(sheets
        .iter()
        .map(|sheet| report(&compiled, &evaluate(&compiled, sheet, on)))
        .collect())
}
