//! Templates B and C (seeds 001, 002): criteria ratio per bloc, partial validation.

use super::{Candidate, assert_decision, compile, validated};
use crate::domain::scoring::outcome::{Check, Decision};
use crate::domain::scoring::validate::CompiledGrid;
use crate::domain::templates::{cqp_assistant_formation, cqp_gestionnaire_dispositifs};

fn elements(g: &CompiledGrid, unit: &str, count: usize) -> Vec<String> {
    g.grid
        .criteria
        .iter()
        .filter(|c| c.unit == unit)
        .take(count)
        .map(|c| c.code.clone())
        .collect()
}

fn met(candidate: Candidate, component: &str, codes: &[String]) -> Candidate {
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    candidate.criteria(component, &codes)
}

fn all_competences(g: &CompiledGrid, c1: usize) -> Candidate {
    let mut candidate = Candidate::new("cqp");
    for (unit, count) in [
        ("CQP-ADF-C1", c1),
        ("CQP-ADF-C2", 7),
        ("CQP-ADF-C3", 11),
        ("CQP-ADF-C4", 5),
    ] {
        candidate = met(
            candidate,
            &format!("{unit}.EVAL"),
            &elements(g, unit, count),
        );
    }
    candidate
}

#[test]
fn cqp_assistant_each_competence_at_seventy_five_percent() {
    let g = compile(cqp_assistant_formation().grid);
    assert_eq!(g.grid.criteria.len(), 8 + 7 + 11 + 5);
    let exactly = all_competences(&g, 6).evaluate(&g); // 6/8 = 75 %
    assert_decision(&exactly, Decision::FullCertification, "6 of 8");
    let below = all_competences(&g, 5).evaluate(&g); // 62,5 %
    assert_decision(&below, Decision::BlocsOnly, "5 of 8");
    assert_eq!(
        validated(&g, &below),
        ["CQP-ADF-C2", "CQP-ADF-C3", "CQP-ADF-C4"]
    );
}

#[test]
fn without_partial_validation_no_bloc_is_kept() {
    let mut grid = cqp_assistant_formation().grid;
    grid.decision.partial_validation = false;
    let g = compile(grid);
    let outcome = all_competences(&g, 5).evaluate(&g);
    assert_decision(&outcome, Decision::NotCertified, "all or nothing");
    assert!(validated(&g, &outcome).is_empty());
    assert!(outcome.checks.contains(&Check::NoPartialValidation));
}

#[test]
fn cqp_gestionnaire_transcribes_every_criterion_and_combines_the_two_epreuves_of_domaine_one() {
    let g = compile(cqp_gestionnaire_dispositifs().grid);
    let count = |component: &str| {
        g.grid
            .criteria
            .iter()
            .filter(|c| c.components == [component])
            .count()
    };
    assert_eq!(
        [count("EP1.1"), count("EP1.2"), count("EP2"), count("EP3")],
        [15, 13, 39, 29]
    );
    let all = |unit: &str| elements(&g, unit, 100);
    let d1 = all("CQP-GDF-D1");
    // Domaine 1: 21 of its 28 criteria (75 %), spread over épreuves 1.1 and 1.2.
    let candidate = met(Candidate::new("gdf"), "EP1.1", &d1[..15].to_vec());
    let candidate = met(candidate, "EP1.2", &d1[15..21].to_vec());
    let candidate = met(candidate, "EP2", &all("CQP-GDF-D2"));
    let candidate = met(candidate, "EP3", &all("CQP-GDF-D3"));
    assert_decision(
        &candidate.evaluate(&g),
        Decision::FullCertification,
        "21/28",
    );
    // Épreuve 3 missed without reason: domaine 3 is not validated.
    let absent = candidate.absent("EP3", false).evaluate(&g);
    assert_decision(&absent, Decision::BlocsOnly, "EP3 absent");
    assert_eq!(validated(&g, &absent), ["CQP-GDF-D1", "CQP-GDF-D2"]);
}

#[test]
fn explanation_of_a_cqp_candidate() {
    let g = compile(cqp_gestionnaire_dispositifs().grid);
    let all = |unit: &str| elements(&g, unit, 100);
    let candidate = met(
        Candidate::new("GDF-014"),
        "EP1.1",
        &all("CQP-GDF-D1")[..12].to_vec(),
    );
    let candidate = met(candidate, "EP1.2", &all("CQP-GDF-D1")[15..25].to_vec());
    let candidate = met(candidate, "EP2", &all("CQP-GDF-D2")[..25].to_vec());
    let candidate = met(candidate, "EP3", &all("CQP-GDF-D3"));
    insta::assert_json_snapshot!(candidate.report(&g));
}

#[test]
fn explanation_of_a_cqp_assistant_candidate() {
    let g = compile(cqp_assistant_formation().grid);
    let candidate = all_competences(&g, 5).absent("CQP-ADF-C4.EVAL", true);
    insta::assert_json_snapshot!(candidate.report(&g));
}
