//! The scoring engine: a certifier's règlement d'examen as data (`Grid`), checked once
//! (`validate` → `CompiledGrid`), then evaluated for each candidate (`evaluate`) into an
//! `Outcome` with its reasons. Pure: no I/O, no clock; compiles to wasm so that the
//! grading screen previews results with the very code that decides them. All
//! arithmetic is `Decimal`; "at least" thresholds pass on equality.

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

/// The one rounding rule: marks converted to a scale are rounded to the hundredth,
/// half away from zero, *before* they are compared, so that what the PV shows is what
/// was compared.
pub fn round_mark(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::round_mark;
    use rust_decimal_macros::dec;

    #[test]
    fn marks_round_to_the_hundredth_half_away_from_zero() {
        assert_eq!(round_mark(dec!(13.333333)), dec!(13.33));
        assert_eq!(round_mark(dec!(9.995)), dec!(10.00));
        assert_eq!(round_mark(dec!(9.994999)), dec!(9.99));
        assert_eq!(round_mark(dec!(12.125)), dec!(12.13));
    }
}
