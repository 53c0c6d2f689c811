//! Template E (seed 004): 1000 points, eliminatory blocs, professional evaluation,
//! absences, penalties, fraud, capitalisation.

use rust_decimal_macros::dec;

use super::{Candidate, assert_decision, compile, on, unit, validated};
use crate::domain::scoring::outcome::{Check, Decision};
use crate::domain::scoring::validate::CompiledGrid;
use crate::domain::templates::office_manager_junior;

const B1: &str = "RNCP36390BC01";
const B2: &str = "RNCP36390BC02";
const B3: &str = "RNCP36390BC03";
const B4: &str = "RNCP36390BC04";

fn grid() -> CompiledGrid {
    compile(office_manager_junior().grid)
}

/// Every component at half its maximum: 500/1000, every bloc at 10/20, the
/// professional evaluation at 125/250 — every threshold exactly reached.
fn at_thresholds(g: &CompiledGrid) -> Candidate {
    Candidate::new("seuils").everywhere(g, dec!(0.5))
}

#[test]
fn decisions_on_and_around_every_threshold() {
    let g = grid();
    let good = |name: &str| Candidate(Candidate::new(name).everywhere(&g, dec!(0.7)).0);
    let all_blocs = vec![B1, B2, B3, B4];
    let cases: Vec<(&str, Candidate, Decision, Vec<&str>)> = vec![
        (
            "exactly 500 points, every bloc at 10/20, professional at 10/20",
            at_thresholds(&g),
            Decision::FullCertification,
            all_blocs.clone(),
        ),
        (
            "499,99 points: bloc 1 just under 10/20, total just under 500",
            at_thresholds(&g).points("M1.1", dec!(19.99)),
            Decision::BlocsOnly,
            vec![B2, B3, B4],
        ),
        (
            "bloc 3 at exactly 8/20 is not eliminatory",
            good("b3-8")
                .points("B3.E1", dec!(70))
                .points("M3.1", dec!(0))
                .points("M3.2", dec!(0))
                .points("M3.3", dec!(0))
                .points("M3.4", dec!(0)),
            Decision::FullCertification,
            vec![B1, B2, B4],
        ),
        (
            "bloc 3 just under 8/20 is eliminatory despite a high total",
            good("b3-7.99")
                .points("B3.E1", dec!(69.99))
                .points("M3.1", dec!(0))
                .points("M3.2", dec!(0))
                .points("M3.3", dec!(0))
                .points("M3.4", dec!(0)),
            Decision::BlocsOnly,
            vec![B1, B2, B4],
        ),
        (
            "professional evaluation at 124,99/250 is not enough",
            good("pro")
                .points("PRO.ECRIT", dec!(62.49))
                .points("PRO.ORAL", dec!(37.5))
                .points("PRO.TUTEUR", dec!(25)),
            Decision::BlocsOnly,
            all_blocs.clone(),
        ),
        (
            "fraud invalidates the session",
            good("fraude").fraud(),
            Decision::Fraud,
            vec![],
        ),
        (
            "no-show at a bloc exam: the bloc is not validated",
            good("b2-absent").absent("B2.E2", false),
            Decision::BlocsOnly,
            vec![B1, B3, B4],
        ),
        (
            "justified absence at a bloc exam: make-up",
            good("b3-justifie").absent("B3.E1", true),
            Decision::Postponed,
            vec![B1, B2, B4],
        ),
        (
            "unjustified absence at a continuous assessment counts 0",
            good("m11").absent("M1.1", false),
            Decision::FullCertification,
            all_blocs.clone(),
        ),
        (
            "no defence: no full certification, blocs kept",
            good("soutenance").absent("PRO.ORAL", false),
            Decision::BlocsOnly,
            all_blocs.clone(),
        ),
        (
            "nothing validated",
            Candidate::new("faible").everywhere(&g, dec!(0.3)),
            Decision::NotCertified,
            vec![],
        ),
    ];
    for (case, candidate, decision, blocs) in cases {
        let outcome = candidate.evaluate(&g);
        assert_decision(&outcome, decision, case);
        assert_eq!(
            validated(&g, &outcome)
                .iter()
                .filter(|c| c.contains("BC"))
                .collect::<Vec<_>>(),
            blocs,
            "{case}"
        );
    }
}

#[test]
fn the_exact_threshold_numbers_are_reported() {
    let g = grid();
    let outcome = at_thresholds(&g).evaluate(&g);
    assert_eq!(outcome.total_points, Some(dec!(500)));
    assert_eq!(unit(&g, &outcome, B1).mark, dec!(10));
    assert_eq!(unit(&g, &outcome, "PRO").points, dec!(125));
    assert!(outcome.checks.contains(&Check::TotalPoints {
        total: dec!(500),
        max: dec!(1000),
        op: crate::domain::scoring::grid::Comparison::AtLeast,
        threshold: dec!(500),
        passed: true
    }));
}

#[test]
fn an_unjustified_absence_at_continuous_assessment_gives_zero_to_that_module_only() {
    let g = grid();
    let outcome = Candidate::new("m11")
        .everywhere(&g, dec!(0.7))
        .absent("M1.1", false)
        .evaluate(&g);
    // Bloc 1: 0,7 × (250 − 40) = 147 points.
    assert_eq!(unit(&g, &outcome, B1).points, dec!(147));
    assert!(unit(&g, &outcome, B1).validated);
}

#[test]
fn each_penalty_band_and_its_edges() {
    let g = grid();
    // Tutor evaluation at 40/50; (rate, points after penalty, referred to the jury)
    let cases = [
        (dec!(0), dec!(40), false),
        (dec!(0.01), dec!(38), false),
        (dec!(2.5), dec!(38), false),
        (dec!(2.51), dec!(36), false),
        (dec!(5), dec!(36), false),
        (dec!(5.01), dec!(34), false),
        (dec!(10), dec!(34), false),
        (dec!(10.01), dec!(40), true),
    ];
    for (rate, tutor, refer) in cases {
        let outcome = Candidate::new("assiduite")
            .everywhere(&g, dec!(0.8))
            .absence_rate(rate)
            .evaluate(&g);
        // Professional evaluation: 100 (written) + 60 (oral) + tutor.
        assert_eq!(
            unit(&g, &outcome, "PRO").points,
            dec!(160) + tutor,
            "rate {rate}"
        );
        assert_eq!(outcome.refer_to_jury, refer, "rate {rate}");
    }
}

#[test]
fn capitalised_blocs_are_exempt_and_the_total_keeps_its_proportion() {
    let g = grid();
    // Bloc 1 capitalised: the other 750 points are assessed, the threshold becomes 375.
    let mut candidate = at_thresholds(&g)
        .capitalised(B1, chrono::NaiveDate::from_ymd_opt(2030, 6, 30))
        .absence_rate(dec!(0));
    candidate.0.results.retain(|r| {
        !["M1.1", "M1.4", "M1.6", "M1.7", "B1.E1", "B1.E2", "B1.E3"].contains(&r.component.as_str())
    });
    let outcome = candidate.evaluate(&g);
    assert_decision(&outcome, Decision::FullCertification, "capitalised bloc 1");
    assert!(unit(&g, &outcome, B1).exempt && unit(&g, &outcome, B1).validated);
    assert_eq!(outcome.total_points, Some(dec!(375)));
    assert!(!outcome.incomplete);

    // Expired the day before the deliberation: bloc 1 must be taken again.
    let expired = Candidate(candidate.0.clone());
    let mut expired = expired;
    expired.0.capitalised[0].valid_until = on().pred_opt();
    let outcome = expired.evaluate(&g);
    assert!(!unit(&g, &outcome, B1).exempt);
    assert!(outcome.incomplete, "bloc 1 marks are missing");
    assert_decision(&outcome, Decision::BlocsOnly, "expired capitalisation");
}

#[test]
fn absent_from_everything() {
    let g = grid();
    let mut unjustified = Candidate::new("absent");
    let mut justified = Candidate::new("malade");
    for component in &g.grid.components {
        unjustified = unjustified.absent(&component.code, false);
        justified = justified.absent(&component.code, true);
    }
    assert_decision(
        &unjustified.evaluate(&g),
        Decision::Absent,
        "all unjustified",
    );
    assert_decision(
        &justified.evaluate(&g),
        Decision::Postponed,
        "all justified",
    );
}

#[test]
fn a_missing_mark_counts_zero_and_flags_the_outcome() {
    let g = grid();
    let mut candidate = Candidate::new("incomplet").everywhere(&g, dec!(0.7));
    candidate.0.results.retain(|r| r.component != "B3.E1");
    let outcome = candidate.evaluate(&g);
    assert!(outcome.incomplete);
    assert!(
        outcome
            .checks
            .iter()
            .any(|c| matches!(c, Check::MissingMark { .. }))
    );
}

#[test]
fn explanation_of_a_candidate_with_an_eliminatory_bloc() {
    let g = grid();
    let candidate = Candidate::new("E27-003")
        .everywhere(&g, dec!(0.7))
        .points("B3.E1", dec!(10))
        .absence_rate(dec!(3));
    insta::assert_json_snapshot!(candidate.report(&g));
}
