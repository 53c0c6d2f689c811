//! Template D (seed 003): weighted average, comparison operator, optional units,
//! exemption of capitalised blocs.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{Candidate, assert_decision, compile, unit, validated};
use crate::domain::scoring::grid::{Comparison, Condition, Threshold};
use crate::domain::scoring::outcome::Decision;
use crate::domain::scoring::validate::CompiledGrid;
use crate::domain::templates::bac_pro_agora;

fn bloc(i: usize) -> String {
    format!("RNCP40705BC{i:02}")
}

fn epreuve(i: usize) -> String {
    format!("{}.EP", bloc(i))
}

fn grid() -> CompiledGrid {
    compile(bac_pro_agora().grid)
}

/// All twelve blocs at the same mark, no optional unit taken.
fn all_at(mark: Decimal) -> Candidate {
    (1..=12).fold(Candidate::new("bac"), |c, i| c.points(&epreuve(i), mark))
}

#[test]
fn average_on_and_around_ten() {
    let g = grid();
    let cases = [
        (
            "every unit at exactly 10/20",
            all_at(dec!(10)),
            Decimal::from(10),
            Decision::FullCertification,
            12,
        ),
        (
            "one unit at 9,99: average just under 10",
            all_at(dec!(10)).points(&epreuve(3), dec!(9.99)),
            dec!(9.99917),
            Decision::BlocsOnly,
            11,
        ),
        (
            "every unit at 9,5",
            all_at(dec!(9.5)),
            dec!(9.5),
            Decision::NotCertified,
            0,
        ),
    ];
    for (case, candidate, average, decision, blocs) in cases {
        let outcome = candidate.evaluate(&g);
        assert_decision(&outcome, decision, case);
        assert_eq!(
            outcome.average.map(|a| a.round_dp(5)),
            Some(average),
            "{case}"
        );
        assert_eq!(validated(&g, &outcome).len(), blocs, "{case}");
    }
}

#[test]
fn the_comparison_is_a_setting_of_the_grid() {
    let mut grid = bac_pro_agora().grid;
    grid.decision.full_certification = vec![Condition::Average {
        threshold: Threshold {
            op: Comparison::MoreThan,
            value: dec!(10),
        },
    }];
    let g = compile(grid);
    // "Supérieure à 10/20": exactly 10 is not enough; the units are still attested.
    assert_decision(
        &all_at(dec!(10)).evaluate(&g),
        Decision::BlocsOnly,
        "10 > 10",
    );
    assert_decision(
        &all_at(dec!(10.01)).evaluate(&g),
        Decision::FullCertification,
        "10,01 > 10",
    );
}

#[test]
fn coefficients_weigh_the_average() {
    let mut grid = bac_pro_agora().grid;
    grid.units[0].coefficient = dec!(4);
    let g = compile(grid);
    // BC01 at 14 with coefficient 4, the other eleven at 9: (56 + 99) / 15 = 10,33.
    let outcome = all_at(dec!(9)).points(&epreuve(1), dec!(14)).evaluate(&g);
    assert_decision(&outcome, Decision::FullCertification, "weighted");
    assert_eq!(outcome.average.map(|a| a.round_dp(2)), Some(dec!(10.33)));
}

#[test]
fn only_points_above_ten_of_an_optional_unit_count() {
    let g = grid();
    let base = all_at(dec!(9.6));
    // (12 × 9,6 + (15 − 10)) / 12 = 10,0166…
    let with_bonus = base
        .clone()
        .points("RNCP40705-FAC1.EP", dec!(15))
        .evaluate(&g);
    assert_decision(&with_bonus, Decision::FullCertification, "bonus");
    // Below 10/20 an optional unit takes nothing away.
    let below = base
        .clone()
        .points("RNCP40705-FAC2.EP", dec!(4))
        .evaluate(&g);
    assert_eq!(below.average, Some(dec!(9.6)));
    // Not taken at all: not a missing mark.
    let not_taken = base.evaluate(&g);
    assert!(!not_taken.incomplete);
}

#[test]
fn a_capitalised_bloc_is_exempt_and_left_out_of_the_average() {
    let g = grid();
    let mut candidate = all_at(dec!(10))
        .points(&epreuve(5), dec!(2))
        .capitalised(&bloc(5), None);
    candidate.0.results.retain(|r| r.component != epreuve(5));
    let outcome = candidate.evaluate(&g);
    assert!(unit(&g, &outcome, &bloc(5)).exempt);
    assert_eq!(outcome.average, Some(dec!(10)));
    assert_decision(&outcome, Decision::FullCertification, "exempt BC05");
}

#[test]
fn unjustified_absence_counts_zero_and_fraud_validates_nothing() {
    let g = grid();
    let outcome = all_at(dec!(12)).absent(&epreuve(2), false).evaluate(&g);
    assert_eq!(unit(&g, &outcome, &bloc(2)).mark, dec!(0));
    assert_decision(&outcome, Decision::FullCertification, "11 × 12 / 12 = 11");
    let fraud = all_at(dec!(15)).fraud().evaluate(&g);
    assert_decision(&fraud, Decision::Fraud, "fraud");
    assert!(fraud.units.iter().all(|u| !u.validated));
}

#[test]
fn explanation_of_a_bac_pro_candidate() {
    let g = grid();
    let candidate = all_at(dec!(11))
        .points(&epreuve(6), dec!(7.5))
        .points("RNCP40705-FAC1.EP", dec!(14));
    insta::assert_json_snapshot!(candidate.report(&g));
}

#[test]
fn missing_marks_are_told_in_one_sentence() {
    let g = grid();
    // Only one épreuve graded: every other one is missing.
    let candidate = Candidate::new("C-MANQUE").points(&epreuve(6), dec!(12));
    let report = candidate.report(&g);
    let missing: Vec<&String> = report
        .explanation
        .iter()
        .filter(|line| line.contains("manquante"))
        .collect();
    assert_eq!(missing.len(), 1, "{:#?}", report.explanation);
    assert!(
        missing[0].contains("notes manquantes, comptées 0 : « "),
        "{}",
        missing[0]
    );
    // One missing mark keeps its own sentence.
    let one = (1..=12)
        .filter(|i| *i != 6)
        .fold(Candidate::new("C-UNE"), |c, i| {
            c.points(&epreuve(i), dec!(11))
        })
        .report(&g);
    assert!(
        one.explanation
            .iter()
            .any(|line| line.ends_with(" : note manquante, comptée 0.")),
        "{:#?}",
        one.explanation
    );
}
