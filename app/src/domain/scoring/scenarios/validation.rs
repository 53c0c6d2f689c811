//! A grid that cannot work is refused with every problem; bad marks are refused.

use rust_decimal_macros::dec;

use super::{Candidate, compile};
use crate::domain::mark::MarkError;
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, Penalty, PenaltyAction,
    PenaltyBand, Threshold, Unit, UnitKind,
};
use crate::domain::scoring::input::{InputProblem, Sheet};
use crate::domain::scoring::validate::{GridProblem, validate};
use crate::domain::templates::{bac_pro_agora, office_manager_junior};

#[test]
fn every_problem_of_a_broken_grid_is_listed() {
    // Arrange: start from template E and break it in six ways at once.
    let mut grid = office_manager_junior().grid;
    grid.units[0].validation = Some(Threshold::at_least(dec!(21)));
    grid.components.push(Component::points(
        "M1.1",
        "doublon",
        "RNCP36390BC01",
        ComponentRole::ContinuousAssessment,
        dec!(5),
        AbsenceRule::Zero,
    ));
    grid.components.push(Component::points(
        "X",
        "orpheline",
        "NULLE-PART",
        ComponentRole::Exam,
        dec!(5),
        AbsenceRule::Zero,
    ));
    grid.decision
        .full_certification
        .push(Condition::UnitValidated {
            unit: "INCONNUE".to_owned(),
        });
    grid.penalties[0].bands.push(PenaltyBand {
        above: dec!(1),
        up_to: Some(dec!(3)),
        action: PenaltyAction::Reduce { percent: dec!(5) },
    });
    grid.penalties.push(Penalty {
        component: "ABSENTE".to_owned(),
        bands: Vec::new(),
    });
    // Act
    let problems = validate(grid).expect_err("refused");
    // Assert
    let expected = [
        GridProblem::ThresholdOutOfScale {
            place: "unité « RNCP36390BC01 », seuil de validation".to_owned(),
            value: dec!(21),
            max: dec!(20),
        },
        GridProblem::DuplicateCode {
            kind: "de composante",
            code: "M1.1".to_owned(),
        },
        GridProblem::UnknownUnit {
            owner: "X".to_owned(),
            unit: "NULLE-PART".to_owned(),
        },
        GridProblem::UnknownUnit {
            owner: "décision".to_owned(),
            unit: "INCONNUE".to_owned(),
        },
        GridProblem::UnknownComponent {
            owner: "pénalité".to_owned(),
            component: "ABSENTE".to_owned(),
        },
    ];
    for problem in &expected {
        assert!(
            problems.contains(problem),
            "missing {problem:?} in {problems:#?}"
        );
    }
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, GridProblem::OverlappingBands { .. })),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 7, "{problems:#?}");
    assert_eq!(
        expected[0].to_string(),
        "unité « RNCP36390BC01 », seuil de validation : le seuil 21 sort de l'échelle [0 ; 20]"
    );
}

#[test]
fn zero_total_weight_and_empty_units_are_refused() {
    let mut grid = bac_pro_agora().grid;
    grid.units.push(Unit::new(
        "VIDE",
        "Unité sans épreuve",
        UnitKind::Bloc,
        Aggregation::Sum,
    ));
    for unit in &mut grid.units {
        unit.coefficient = dec!(0);
    }
    let problems = validate(grid).expect_err("refused");
    assert!(
        problems.contains(&GridProblem::ZeroWeight("moyenne générale".to_owned())),
        "{problems:#?}"
    );
    assert!(
        problems.contains(&GridProblem::EmptyUnit("VIDE".to_owned())),
        "{problems:#?}"
    );
}

#[test]
fn bad_marks_are_refused_with_every_problem() {
    let g = compile(office_manager_junior().grid);
    let candidate = Candidate::new("E27-009")
        .points("M1.1", dec!(41))
        .points("M1.4", dec!(-1))
        .points("M1.6", dec!(12.345))
        .points("INCONNUE", dec!(1))
        .absent("M1.7", false);
    let mut input = candidate.0;
    input
        .results
        .iter_mut()
        .find(|r| r.component == "M1.7")
        .expect("M1.7")
        .points = Some(dec!(3));
    let problems = Sheet::build(&g, &input).expect_err("refused");
    let mark = |component: &str, error| InputProblem::BadMark {
        candidate: "E27-009".to_owned(),
        component: component.to_owned(),
        error,
    };
    assert_eq!(
        problems,
        vec![
            mark(
                "M1.1",
                MarkError::AboveMax {
                    value: dec!(41),
                    max: dec!(40)
                }
            ),
            mark("M1.4", MarkError::Negative(dec!(-1))),
            mark("M1.6", MarkError::TooManyDecimals(dec!(12.345))),
            InputProblem::UnknownComponent {
                candidate: "E27-009".to_owned(),
                component: "INCONNUE".to_owned()
            },
            InputProblem::MarkWhileAbsent {
                candidate: "E27-009".to_owned(),
                component: "M1.7".to_owned()
            },
        ]
    );
    assert_eq!(
        problems[0].to_string(),
        "E27-009, « M1.1 » : la note 41 dépasse le maximum de 40 points"
    );
}
