//! Template A (seed 000): 85 % of criteria, met in the report or the interview, no
//! partial validation, attendance prerequisite.

use rust_decimal_macros::dec;

use super::{Candidate, assert_decision, compile};
use crate::domain::scoring::grid::Criterion;
use crate::domain::scoring::outcome::Decision;
use crate::domain::templates::assistant_formation_formites;

const ALL: [&str; 6] = ["C1", "C2", "C3", "C4", "C5", "C6"];

#[test]
fn criteria_met_in_the_report_or_the_interview_and_attendance() {
    let g = compile(assistant_formation_formites().grid);
    let cases = [
        (
            "all criteria in the report, attendance exactly 80 %",
            Candidate::new("a")
                .criteria("RAPPORT", &ALL)
                .attendance(dec!(80)),
            Decision::FullCertification,
        ),
        (
            "two criteria only met at the interview",
            Candidate::new("b")
                .criteria("RAPPORT", &ALL[..4])
                .criteria("ENTRETIEN", &["C5", "C6"])
                .attendance(dec!(95)),
            Decision::FullCertification,
        ),
        (
            "attendance 79,99 %",
            Candidate::new("c")
                .criteria("RAPPORT", &ALL)
                .attendance(dec!(79.99)),
            Decision::NotCertified,
        ),
        (
            "5 criteria of 6 (83,33 %)",
            Candidate::new("e")
                .criteria("RAPPORT", &ALL[..5])
                .attendance(dec!(100)),
            Decision::NotCertified,
        ),
        (
            "interview missed without reason",
            Candidate::new("f")
                .criteria("RAPPORT", &ALL)
                .absent("ENTRETIEN", false)
                .attendance(dec!(100)),
            Decision::NotCertified,
        ),
        (
            "interview missed with a medical certificate",
            Candidate::new("g")
                .criteria("RAPPORT", &ALL)
                .absent("ENTRETIEN", true)
                .attendance(dec!(100)),
            Decision::Postponed,
        ),
        (
            "fraud",
            Candidate::new("h")
                .criteria("RAPPORT", &ALL)
                .attendance(dec!(100))
                .fraud(),
            Decision::Fraud,
        ),
    ];
    for (case, candidate, decision) in cases {
        assert_decision(&candidate.evaluate(&g), decision, case);
    }
}

#[test]
fn an_unrecorded_attendance_leaves_the_result_open_never_a_silent_failure() {
    let g = compile(assistant_formation_formites().grid);
    let outcome = Candidate::new("d")
        .criteria("RAPPORT", &ALL)
        .criteria("ENTRETIEN", &[])
        .evaluate(&g);
    assert!(outcome.incomplete, "the jury cannot close on it");
    let text = crate::domain::scoring::explain::report(&g, &outcome)
        .explanation
        .join("\n");
    assert!(text.contains("Assiduité non renseignée"), "{text}");
    let recorded = Candidate::new("d")
        .criteria("RAPPORT", &ALL)
        .criteria("ENTRETIEN", &[])
        .attendance(dec!(80))
        .evaluate(&g);
    assert!(!recorded.incomplete);
}

#[test]
fn eighty_five_percent_passes_on_equality() {
    // With twenty criteria (the certifier details the six competences), 17 met is
    // exactly 85 %.
    let mut grid = assistant_formation_formites().grid;
    grid.criteria = (1..=20)
        .map(|i| {
            Criterion::new(
                &format!("K{i}"),
                "critère",
                "ADF",
                &["RAPPORT", "ENTRETIEN"],
            )
        })
        .collect();
    let g = compile(grid);
    let codes: Vec<String> = (1..=20).map(|i| format!("K{i}")).collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    let at = Candidate::new("85")
        .criteria("RAPPORT", &codes[..17])
        .attendance(dec!(100))
        .evaluate(&g);
    assert_decision(&at, Decision::FullCertification, "17/20");
    assert_eq!(at.criteria_ratio, Some(dec!(85)));
    let below = Candidate::new("80")
        .criteria("RAPPORT", &codes[..16])
        .attendance(dec!(100))
        .evaluate(&g);
    assert_decision(&below, Decision::NotCertified, "16/20");
    assert!(
        below.units.iter().all(|u| !u.validated),
        "no partial validation"
    );
}

#[test]
fn explanation_of_a_formites_candidate() {
    let g = compile(assistant_formation_formites().grid);
    let candidate = Candidate::new("AF-2026-07")
        .criteria("RAPPORT", &ALL[..4])
        .criteria("ENTRETIEN", &["C5"])
        .attendance(dec!(92.5));
    insta::assert_json_snapshot!(candidate.report(&g));
}
