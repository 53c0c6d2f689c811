//! The scoring engine: a certifier's règlement d'examen as data (`Grid`), checked once
//! (`validate` → `CompiledGrid`), then evaluated for each candidate (`evaluate`) into an
//! `Outcome` with its reasons. Pure: no I/O, no clock; compiles to wasm so that the
//! grading screen previews results with the very code that decides them. All
//! arithmetic is `Decimal`; "at least" thresholds pass on equality.

pub mod batch;
pub mod edit;
pub mod engine;
pub mod explain;
pub mod grid;
pub mod input;
pub mod outcome;
pub mod validate;

pub use engine::evaluate;
pub use grid::Grid;
pub use input::{CandidateInput, Sheet};
pub use outcome::Outcome;
pub use validate::{CompiledGrid, GridProblem};

use rust_decimal::{Decimal, RoundingStrategy};

/// The one rounding rule, for display only: marks, averages and ratios are shown
/// truncated to the hundredth. Decisions compare exact values (seed 004 sets minima in
/// points: 124,95 points out of 250 do not reach 125), and truncation never shows a
/// mark reaching a threshold it does not reach (9,996 is shown 9,99, not 10).
pub fn round_mark(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::ToZero)
}

#[cfg(test)]
mod tests {
    use super::round_mark;
    use rust_decimal_macros::dec;

    #[test]
    fn marks_are_shown_truncated_to_the_hundredth() {
        assert_eq!(round_mark(dec!(13.333333)), dec!(13.33));
        assert_eq!(round_mark(dec!(9.996)), dec!(9.99));
        assert_eq!(round_mark(dec!(10)), dec!(10));
        assert_eq!(round_mark(dec!(12.125)), dec!(12.12));
    }
}

#[cfg(test)]
mod scenarios;
