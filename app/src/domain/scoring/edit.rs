//! Editing a référentiel through forms: one change at a time on the grid (a bloc, a
//! competence, an épreuve or module, a criterion), refused with every problem when the
//! change itself or the resulting grid cannot work. The certifier's forms and the JSON
//! editor end in the same validation.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::grid::{
    AbsenceRule, Aggregation, Competence, Component, ComponentRole, Condition, Criterion, Grid,
    Threshold, Unit, UnitKind,
};
use super::validate::validate;

/// One change to a grid. `Set…` adds the item, or replaces the one with the same code;
/// removing a bloc removes its épreuves, competences and criteria.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// A new bloc with its first épreuve (and first criterion, for a bloc counted by
    /// criteria): a bloc is never empty.
    AddUnit(Unit, Component, Option<Criterion>),
    SetUnit(Unit),
    RemoveUnit(String),
    SetCompetence(Competence),
    RemoveCompetence(String),
    SetComponent(Component),
    RemoveComponent(String),
    SetCriterion(Criterion),
    RemoveCriterion(String),
}

fn upsert<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
    match items.iter_mut().find(|i| same(i)) {
        Some(existing) => *existing = item,
        None => items.push(item),
    }
}

/// Applies one change and checks the whole grid: the new grid, or every problem in
/// French.
pub fn apply(grid: &Grid, edit: Edit) -> Result<Grid, Vec<String>> {
    let mut next = grid.clone();
    let mut problems = Vec::new();
    match edit {
        Edit::AddUnit(unit, component, criterion) => {
            if next.units.iter().any(|u| u.code == unit.code) {
                problems.push(format!("le bloc « {} » existe déjà", unit.code));
            }
            if unit.code.trim().is_empty() || unit.title.trim().is_empty() {
                problems.push("un bloc a un code et un intitulé".to_owned());
            }
            if component.code.trim().is_empty() || component.title.trim().is_empty() {
                problems.push("la première épreuve du bloc a un code et un intitulé".to_owned());
            }
            if let Some(criterion) = &criterion {
                if criterion.code.trim().is_empty() || criterion.label.trim().is_empty() {
                    problems.push("le premier critère du bloc a un code et un libellé".to_owned());
                }
            }
            next.units.push(unit);
            next.components.push(component);
            next.criteria.extend(criterion);
        }
        Edit::SetUnit(unit) => {
            if unit.code.trim().is_empty() || unit.title.trim().is_empty() {
                problems.push("un bloc a un code et un intitulé".to_owned());
            }
            let code = unit.code.clone();
            upsert(&mut next.units, unit, |u| u.code == code);
        }
        Edit::RemoveUnit(code) => {
            if !next.units.iter().any(|u| u.code == code) {
                problems.push(format!("le bloc « {code} » n'existe pas"));
            }
            let named = next
                .decision
                .full_certification
                .iter()
                .any(|c| matches!(c, Condition::UnitValidated { unit } if *unit == code));
            if named {
                problems.push(format!(
                    "la règle d'obtention exige la validation de « {code} » : modifiez la grille d'abord"
                ));
            }
            // The bloc goes with everything in it.
            let removed: Vec<String> = next
                .components
                .iter()
                .filter(|c| c.unit == code)
                .map(|c| c.code.clone())
                .collect();
            if next
                .penalties
                .iter()
                .any(|p| removed.contains(&p.component))
            {
                problems.push(format!(
                    "une pénalité d'absence porte sur une épreuve de « {code} » : modifiez la grille d'abord"
                ));
            }
            next.units.retain(|u| u.code != code);
            next.components.retain(|c| c.unit != code);
            next.competences.retain(|c| c.unit != code);
            next.criteria.retain(|c| c.unit != code);
        }
        Edit::SetCompetence(competence) => {
            if competence.code.trim().is_empty() || competence.title.trim().is_empty() {
                problems.push("une compétence a un code et un intitulé".to_owned());
            }
            let code = competence.code.clone();
            upsert(&mut next.competences, competence, |c| c.code == code);
        }
        Edit::RemoveCompetence(code) => {
            if !next.competences.iter().any(|c| c.code == code) {
                problems.push(format!("la compétence « {code} » n'existe pas"));
            }
            let used: Vec<&str> = next
                .criteria
                .iter()
                .filter(|c| c.competence.as_deref() == Some(code.as_str()))
                .map(|c| c.code.as_str())
                .collect();
            if !used.is_empty() {
                problems.push(format!(
                    "la compétence « {code} » est évaluée par les critères {} : supprimez-les d'abord",
                    used.join(", ")
                ));
            }
            next.competences.retain(|c| c.code != code);
        }
        Edit::SetComponent(component) => {
            if component.code.trim().is_empty() || component.title.trim().is_empty() {
                problems.push("une épreuve a un code et un intitulé".to_owned());
            }
            let code = component.code.clone();
            upsert(&mut next.components, component, |c| c.code == code);
        }
        Edit::RemoveComponent(code) => {
            if !next.components.iter().any(|c| c.code == code) {
                problems.push(format!("l'épreuve « {code} » n'existe pas"));
            }
            if next.penalties.iter().any(|p| p.component == code) {
                problems.push(format!(
                    "une pénalité d'absence porte sur « {code} » : modifiez la grille d'abord"
                ));
            }
            next.components.retain(|c| c.code != code);
            for criterion in &mut next.criteria {
                criterion.components.retain(|c| *c != code);
            }
        }
        Edit::SetCriterion(criterion) => {
            if criterion.code.trim().is_empty() || criterion.label.trim().is_empty() {
                problems.push("un critère a un code et un libellé".to_owned());
            }
            let code = criterion.code.clone();
            upsert(&mut next.criteria, criterion, |c| c.code == code);
        }
        Edit::RemoveCriterion(code) => {
            if !next.criteria.iter().any(|c| c.code == code) {
                problems.push(format!("le critère « {code} » n'existe pas"));
            }
            next.criteria.retain(|c| c.code != code);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    validate(next.clone())
        .map(|_| next)
        .map_err(|found| found.iter().map(ToString::to_string).collect())
}

/// The grid a certification made from scratch starts with: one bloc marked out of 20,
/// validated at 10, one épreuve; full certification when every bloc is validated.
pub fn starter_grid() -> Grid {
    let twenty = Decimal::from(20);
    Grid {
        format: super::grid::GRID_FORMAT,
        scale: twenty,
        units: vec![
            Unit::new(
                "BC01",
                "Bloc de compétences 1",
                UnitKind::Bloc,
                Aggregation::WeightedAverage,
            )
            .validated_at(Threshold::at_least(Decimal::from(10))),
        ],
        competences: Vec::new(),
        components: vec![Component::points(
            "BC01.E1",
            "Épreuve du bloc 1",
            "BC01",
            ComponentRole::Exam,
            twenty,
            AbsenceRule::UnitNotValidated,
        )],
        criteria: Vec::new(),
        decision: super::grid::DecisionRules {
            full_certification: vec![Condition::AllBlocsValidated],
            partial_validation: true,
        },
        prerequisites: Vec::new(),
        penalties: Vec::new(),
        notes: Vec::new(),
    }
}

/// Reads criteria pasted from a spreadsheet or a CSV file for one bloc: one per line,
/// `code ; libellé ; compétence ; épreuves` (tabs or semicolons; the competence and the
/// épreuves are optional, the épreuves separated by commas, by default every épreuve of
/// the bloc); a header line starting with `code` is skipped. Every problem, by line.
pub fn parse_criteria(
    text: &str,
    unit: &str,
    default_components: &[String],
) -> Result<Vec<Criterion>, Vec<String>> {
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            line.split(';').map(str::trim).collect()
        };
        let field = |n: usize| {
            fields
                .get(n)
                .copied()
                .unwrap_or("")
                .trim_matches('"')
                .trim()
        };
        if i == 0 && crate::domain::table::normalise(field(0)) == "code" {
            continue;
        }
        let number = i + 1;
        let (code, label) = (field(0), field(1));
        if code.is_empty() || label.is_empty() {
            problems.push(format!(
                "Ligne {number} : écrivez « code ; libellé » (puis, facultatifs, la compétence et les épreuves)."
            ));
            continue;
        }
        if code.chars().count() > crate::domain::limits::CODE
            || label.chars().count() > crate::domain::limits::LABEL
        {
            problems.push(format!("Ligne {number} : code ou libellé trop long."));
            continue;
        }
        if criteria.iter().any(|c| c.code == code) {
            problems.push(format!(
                "Ligne {number} : le code « {code} » figure déjà plus haut."
            ));
            continue;
        }
        let components: Vec<String> = if field(3).is_empty() {
            default_components.to_vec()
        } else {
            field(3)
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        };
        criteria.push(Criterion {
            code: code.to_owned(),
            label: label.to_owned(),
            unit: unit.to_owned(),
            competence: Some(field(2)).filter(|c| !c.is_empty()).map(str::to_owned),
            components,
        });
    }
    if criteria.is_empty() && problems.is_empty() {
        problems.push("Collez au moins un critère.".to_owned());
    }
    if problems.is_empty() {
        Ok(criteria)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::grid::Scoring;
    use crate::domain::templates;

    fn criteria_bloc() -> Grid {
        let grid = starter_grid();
        let grid = apply(
            &grid,
            Edit::SetUnit(
                Unit::new(
                    "BC02",
                    "Accueil",
                    UnitKind::Bloc,
                    Aggregation::CriteriaRatio,
                )
                .validated_at(Threshold::at_least(Decimal::from(75))),
            ),
        );
        // A unit without component or criterion cannot work: refused, every problem.
        let problems = grid.expect_err("empty unit refused");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("« BC02 » n'a aucune composante"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("compte des critères mais n'en a aucun"))
        );
        let mut grid = starter_grid();
        grid.units.push(
            Unit::new(
                "BC02",
                "Accueil",
                UnitKind::Bloc,
                Aggregation::CriteriaRatio,
            )
            .validated_at(Threshold::at_least(Decimal::from(75))),
        );
        grid.components.push(Component::criteria(
            "BC02.E1",
            "Mise en situation",
            "BC02",
            ComponentRole::Exam,
            AbsenceRule::UnitNotValidated,
        ));
        grid.competences.push(Competence {
            code: "C2.1".to_owned(),
            title: "Accueillir le public".to_owned(),
            unit: "BC02".to_owned(),
        });
        let mut criterion = Criterion::new("C2.1.a", "Le public est salué", "BC02", &["BC02.E1"]);
        criterion.competence = Some("C2.1".to_owned());
        grid.criteria.push(criterion);
        validate(grid.clone()).expect("valid");
        grid
    }

    #[test]
    fn a_bloc_is_added_with_its_first_epreuve_and_criterion() {
        let unit = Unit::new(
            "BC02",
            "Accueil",
            UnitKind::Bloc,
            Aggregation::CriteriaRatio,
        )
        .validated_at(Threshold::at_least(Decimal::from(75)));
        let component = Component::criteria(
            "BC02.E1",
            "Mise en situation",
            "BC02",
            ComponentRole::Exam,
            AbsenceRule::UnitNotValidated,
        );
        let criterion = Criterion::new("C2.a", "Le public est salué", "BC02", &["BC02.E1"]);
        let added = apply(
            &starter_grid(),
            Edit::AddUnit(unit.clone(), component.clone(), Some(criterion)),
        )
        .expect("added");
        assert_eq!(added.units.len(), 2);
        // Without its criterion, a criteria bloc cannot work; twice, the code is taken.
        let problems = apply(
            &starter_grid(),
            Edit::AddUnit(unit.clone(), component.clone(), None),
        )
        .expect_err("no criterion");
        assert_eq!(
            problems,
            vec!["l'unité « BC02 » compte des critères mais n'en a aucun"]
        );
        let problems = apply(&added, Edit::AddUnit(unit, component, None)).expect_err("taken");
        assert_eq!(problems[0], "le bloc « BC02 » existe déjà");
    }

    #[test]
    fn the_starter_grid_is_valid() {
        validate(starter_grid()).expect("starter grid");
    }

    #[test]
    fn a_bloc_is_added_then_renamed() {
        let grid = criteria_bloc();
        let renamed = apply(
            &grid,
            Edit::SetUnit(
                Unit::new(
                    "BC02",
                    "Accueil et orientation",
                    UnitKind::Bloc,
                    Aggregation::CriteriaRatio,
                )
                .validated_at(Threshold::at_least(Decimal::from(80))),
            ),
        )
        .expect("renamed");
        assert_eq!(renamed.units.len(), 2);
        assert_eq!(renamed.units[1].title, "Accueil et orientation");
    }

    #[test]
    fn a_criterion_must_name_a_competence_of_its_bloc() {
        let grid = criteria_bloc();
        let mut criterion =
            Criterion::new("C2.1.b", "Le besoin est reformulé", "BC02", &["BC02.E1"]);
        criterion.competence = Some("C9".to_owned());
        let problems = apply(&grid, Edit::SetCriterion(criterion.clone())).expect_err("unknown");
        assert_eq!(
            problems,
            vec!["le critère « C2.1.b » désigne la compétence « C9 », qui n'existe pas"]
        );
        let mut grid = grid;
        grid.competences.push(Competence {
            code: "C1.1".to_owned(),
            title: "Autre".to_owned(),
            unit: "BC01".to_owned(),
        });
        criterion.competence = Some("C1.1".to_owned());
        let problems = apply(&grid, Edit::SetCriterion(criterion)).expect_err("other bloc");
        assert!(
            problems[0].contains("appartient à une autre unité"),
            "{problems:?}"
        );
    }

    #[test]
    fn removing_something_still_used_is_refused_with_what_uses_it() {
        let grid = criteria_bloc();
        let problems = apply(&grid, Edit::RemoveCompetence("C2.1".to_owned())).expect_err("in use");
        assert!(problems[0].contains("évaluée par les critères C2.1.a"));
        let problems = apply(&grid, Edit::RemoveUnit("BC99".to_owned())).expect_err("unknown");
        assert_eq!(problems, vec!["le bloc « BC99 » n'existe pas"]);
        // The last criterion of a criteria bloc cannot go: the engine says why.
        let problems =
            apply(&grid, Edit::RemoveCriterion("C2.1.a".to_owned())).expect_err("no criterion");
        assert_eq!(
            problems,
            vec!["l'unité « BC02 » compte des critères mais n'en a aucun"]
        );
        // The bloc goes with its épreuve, competence and criterion.
        let edited = apply(&grid, Edit::RemoveUnit("BC02".to_owned())).expect("removed");
        assert_eq!(edited, starter_grid());
        // A bloc named by the decision rules stays.
        let e = templates::find("E").expect("template E").grid;
        let named = e
            .decision
            .full_certification
            .iter()
            .find_map(|c| match c {
                Condition::UnitValidated { unit } => Some(unit.clone()),
                _ => None,
            })
            .expect("E names a unit");
        let problems = apply(&e, Edit::RemoveUnit(named.clone())).expect_err("named");
        assert!(
            problems
                .iter()
                .any(|p| p.contains(&format!("exige la validation de « {named} »")))
        );
    }

    #[test]
    fn removing_an_epreuve_unlinks_its_criteria() {
        let grid = templates::find("A").expect("template A").grid;
        let assessed_by_report = grid
            .criteria
            .iter()
            .filter(|c| c.components.len() == 2)
            .count();
        assert!(assessed_by_report > 0);
        let second = grid
            .criteria
            .iter()
            .find(|c| c.components.len() == 2)
            .map(|c| c.components[1].clone())
            .expect("two components");
        let edited = apply(&grid, Edit::RemoveComponent(second.clone())).expect("removed");
        assert!(
            edited
                .criteria
                .iter()
                .all(|c| !c.components.contains(&second))
        );
    }

    #[test]
    fn a_points_epreuve_with_a_zero_maximum_is_refused() {
        let grid = starter_grid();
        let mut component = grid.components[0].clone();
        component.scoring = Scoring::Points { max: Decimal::ZERO };
        let problems = apply(&grid, Edit::SetComponent(component)).expect_err("zero max");
        assert!(problems[0].contains("maximum de points strictement positif"));
    }

    #[test]
    fn criteria_are_pasted_from_a_spreadsheet_or_a_csv_file() {
        let epreuves = vec!["RAPPORT".to_owned(), "ENTRETIEN".to_owned()];
        let pasted = "Code\tLibellé\tCompétence\tÉpreuves\nC1\tAnalyse le besoin\tCP1\t\nC2\tConçoit la séquence\t\tRAPPORT\n";
        let criteria = parse_criteria(pasted, "BLOC1", &epreuves).expect("valid");
        assert_eq!(criteria.len(), 2);
        assert_eq!(criteria[0].competence.as_deref(), Some("CP1"));
        assert_eq!(criteria[0].components, epreuves);
        assert_eq!(criteria[1].components, vec!["RAPPORT".to_owned()]);
        let csv = "C3;Évalue la formation;CP2;RAPPORT, ENTRETIEN\nC3;Doublon\n;sans code\n";
        let problems = parse_criteria(csv, "BLOC1", &epreuves).expect_err("refused");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("Ligne 2"));
        assert!(problems[1].contains("Ligne 3"));
    }
}
