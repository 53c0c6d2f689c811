//! Grid validation: a grid that cannot work is refused with the list of every problem
//! found; a grid that passes is compiled into index tables for fast evaluation.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::domain::format::decimal_fr as fr;

use super::grid::{
    Aggregation, Condition, GRID_FORMAT, Grid, PenaltyBand, Prerequisite, Scoring, UnitKind,
};

/// One reason a grid cannot work, in French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GridProblem {
    #[error("format de grille {0} inconnu (format attendu : {GRID_FORMAT})")]
    UnsupportedFormat(u32),
    #[error("l'échelle des notes doit être positive (reçu {0})")]
    BadScale(Decimal),
    #[error("le code {kind} « {code} » est utilisé plusieurs fois")]
    DuplicateCode { kind: &'static str, code: String },
    #[error("« {owner} » désigne l'unité « {unit} », qui n'existe pas")]
    UnknownUnit { owner: String, unit: String },
    #[error("« {owner} » désigne la composante « {component} », qui n'existe pas")]
    UnknownComponent { owner: String, component: String },
    #[error(
        "le critère « {criterion} » est rattaché à « {component} », qui n'est pas évaluée par critères"
    )]
    NotACriteriaComponent {
        criterion: String,
        component: String,
    },
    #[error(
        "le critère « {criterion} » est rattaché à « {component} », qui appartient à une autre unité"
    )]
    CriterionOutsideUnit {
        criterion: String,
        component: String,
    },
    #[error("le critère « {0} » n'est évalué par aucune composante")]
    CriterionWithoutComponent(String),
    #[error("le critère « {criterion} » désigne la compétence « {competence} », qui n'existe pas")]
    UnknownCompetence {
        criterion: String,
        competence: String,
    },
    #[error(
        "le critère « {criterion} » désigne la compétence « {competence} », qui appartient à une autre unité"
    )]
    CompetenceOutsideUnit {
        criterion: String,
        competence: String,
    },
    #[error("la composante « {0} » doit avoir un maximum de points strictement positif")]
    NonPositiveMax(String),
    #[error("{place} : le seuil {} sort de l'échelle [0 ; {}]", fr(*.value), fr(*.max))]
    ThresholdOutOfScale {
        place: String,
        value: Decimal,
        max: Decimal,
    },
    #[error("{0} : le total des coefficients est nul")]
    ZeroWeight(String),
    #[error("{0} : un coefficient ne peut pas être négatif")]
    NegativeCoefficient(String),
    #[error("l'unité « {0} » n'a aucune composante")]
    EmptyUnit(String),
    #[error(
        "l'unité « {unit} » additionne des points mais « {component} » est évaluée par critères"
    )]
    CriteriaInPointsUnit { unit: String, component: String },
    #[error("l'unité « {unit} » compte des critères mais « {component} » est notée en points")]
    PointsInCriteriaUnit { unit: String, component: String },
    #[error("l'unité « {0} » compte des critères mais n'en a aucun")]
    CriteriaUnitWithoutCriteria(String),
    #[error("pénalité sur « {component} » : la tranche ]{above} ; {up_to}] est vide ou négative")]
    EmptyBand {
        component: String,
        above: Decimal,
        up_to: Decimal,
    },
    #[error("pénalité sur « {component} » : les tranches ]{a} …] et ]{b} …] se chevauchent")]
    OverlappingBands {
        component: String,
        a: Decimal,
        b: Decimal,
    },
    #[error(
        "pénalité sur « {component} » : une réduction doit être comprise entre 0 et 100 % (reçu {percent})"
    )]
    BadReduction { component: String, percent: Decimal },
    #[error("la condition sur le total de points ne porte sur aucune unité notée en points")]
    NoPointUnits,
    #[error("la condition sur la part de critères ne porte sur aucun critère")]
    NoCriteria,
    #[error("la décision ne comporte aucune condition d'obtention")]
    NoCondition,
}

/// A condition with its unit resolved to an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    TotalPoints(super::grid::Threshold),
    Average(super::grid::Threshold),
    CriteriaRatio(super::grid::Threshold),
    AllBlocsValidated,
    UnitValidated(usize),
    NoEliminatoryUnit,
}

/// A grid that passed validation, with index tables.
#[derive(Clone, Debug)]
pub struct CompiledGrid {
    pub grid: Grid,
    pub(crate) components_of_unit: Vec<Vec<usize>>,
    pub(crate) criteria_of_unit: Vec<Vec<usize>>,
    pub(crate) criterion_components: Vec<Vec<usize>>,
    /// For point units: the sum of their components' maxima.
    pub(crate) unit_max: Vec<Decimal>,
    pub(crate) rules: Vec<Rule>,
    /// Penalty bands by component index.
    pub(crate) penalties: Vec<Option<Vec<PenaltyBand>>>,
    pub(crate) component_index: HashMap<String, usize>,
    pub(crate) criterion_index: HashMap<String, usize>,
    pub(crate) unit_index: HashMap<String, usize>,
}

impl CompiledGrid {
    /// Index of a unit by code.
    pub fn unit(&self, code: &str) -> Option<usize> {
        self.unit_index.get(code).copied()
    }

    /// Index of a component by code.
    pub fn component(&self, code: &str) -> Option<usize> {
        self.component_index.get(code).copied()
    }

    /// Index of a criterion by code.
    pub fn criterion(&self, code: &str) -> Option<usize> {
        self.criterion_index.get(code).copied()
    }

    /// Maximum points of all point-based, non-optional units.
    pub fn total_max(&self) -> Decimal {
        self.grid
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.aggregation == Aggregation::Sum && u.kind != UnitKind::Optional)
            .map(|(i, _)| self.unit_max[i])
            .sum()
    }
}

fn index_codes<'a>(
    kind: &'static str,
    codes: impl Iterator<Item = &'a String>,
    problems: &mut Vec<GridProblem>,
) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, code) in codes.enumerate() {
        if index.insert(code.clone(), i).is_some() {
            problems.push(GridProblem::DuplicateCode {
                kind,
                code: code.clone(),
            });
        }
    }
    index
}

fn check_range(place: String, value: Decimal, max: Decimal, problems: &mut Vec<GridProblem>) {
    if value < Decimal::ZERO || value > max {
        problems.push(GridProblem::ThresholdOutOfScale { place, value, max });
    }
}

/// Checks a grid and compiles it, or lists every problem.
pub fn validate(grid: Grid) -> Result<CompiledGrid, Vec<GridProblem>> {
    let mut problems = Vec::new();
    if grid.format != GRID_FORMAT {
        problems.push(GridProblem::UnsupportedFormat(grid.format));
    }
    if grid.scale <= Decimal::ZERO {
        problems.push(GridProblem::BadScale(grid.scale));
    }
    let hundred = Decimal::ONE_HUNDRED;
    let unit_index = index_codes("d'unité", grid.units.iter().map(|u| &u.code), &mut problems);
    let component_index = index_codes(
        "de composante",
        grid.components.iter().map(|c| &c.code),
        &mut problems,
    );
    let competence_index = index_codes(
        "de compétence",
        grid.competences.iter().map(|c| &c.code),
        &mut problems,
    );
    for competence in &grid.competences {
        if !unit_index.contains_key(&competence.unit) {
            problems.push(GridProblem::UnknownUnit {
                owner: competence.code.clone(),
                unit: competence.unit.clone(),
            });
        }
    }
    let criterion_index = index_codes(
        "de critère",
        grid.criteria.iter().map(|c| &c.code),
        &mut problems,
    );

    let units = grid.units.len();
    let mut unit_of_component = vec![0; grid.components.len()];
    let mut components_of_unit = vec![Vec::new(); units];
    let mut unit_max = vec![Decimal::ZERO; units];
    for (i, component) in grid.components.iter().enumerate() {
        match unit_index.get(&component.unit) {
            Some(&u) => {
                unit_of_component[i] = u;
                components_of_unit[u].push(i);
                if let Scoring::Points { max } = component.scoring {
                    unit_max[u] += max;
                }
            }
            None => problems.push(GridProblem::UnknownUnit {
                owner: component.code.clone(),
                unit: component.unit.clone(),
            }),
        }
        if let Scoring::Points { max } = component.scoring {
            if max <= Decimal::ZERO {
                problems.push(GridProblem::NonPositiveMax(component.code.clone()));
            }
        }
        if component.coefficient < Decimal::ZERO {
            problems.push(GridProblem::NegativeCoefficient(format!(
                "composante « {} »",
                component.code
            )));
        }
    }

    let mut criteria_of_unit = vec![Vec::new(); units];
    let mut criterion_components = vec![Vec::new(); grid.criteria.len()];
    for (i, criterion) in grid.criteria.iter().enumerate() {
        let unit = unit_index.get(&criterion.unit).copied();
        match unit {
            Some(u) => criteria_of_unit[u].push(i),
            None => problems.push(GridProblem::UnknownUnit {
                owner: criterion.code.clone(),
                unit: criterion.unit.clone(),
            }),
        }
        if let Some(code) = &criterion.competence {
            match competence_index.get(code) {
                None => problems.push(GridProblem::UnknownCompetence {
                    criterion: criterion.code.clone(),
                    competence: code.clone(),
                }),
                Some(&k) if grid.competences[k].unit != criterion.unit => {
                    problems.push(GridProblem::CompetenceOutsideUnit {
                        criterion: criterion.code.clone(),
                        competence: code.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        if criterion.components.is_empty() {
            problems.push(GridProblem::CriterionWithoutComponent(
                criterion.code.clone(),
            ));
        }
        for code in &criterion.components {
            match component_index.get(code) {
                Some(&c) => {
                    if grid.components[c].scoring != Scoring::Criteria {
                        problems.push(GridProblem::NotACriteriaComponent {
                            criterion: criterion.code.clone(),
                            component: code.clone(),
                        });
                    } else if unit.is_some_and(|u| unit_of_component[c] != u) {
                        problems.push(GridProblem::CriterionOutsideUnit {
                            criterion: criterion.code.clone(),
                            component: code.clone(),
                        });
                    }
                    criterion_components[i].push(c);
                }
                None => problems.push(GridProblem::UnknownComponent {
                    owner: criterion.code.clone(),
                    component: code.clone(),
                }),
            }
        }
    }

    for (u, unit) in grid.units.iter().enumerate() {
        let place = format!("unité « {} »", unit.code);
        if components_of_unit[u].is_empty() {
            problems.push(GridProblem::EmptyUnit(unit.code.clone()));
        }
        if unit.coefficient < Decimal::ZERO {
            problems.push(GridProblem::NegativeCoefficient(place.clone()));
        }
        for &c in &components_of_unit[u] {
            let component = &grid.components[c];
            match (unit.aggregation, component.scoring) {
                (Aggregation::Sum | Aggregation::WeightedAverage, Scoring::Criteria) => {
                    problems.push(GridProblem::CriteriaInPointsUnit {
                        unit: unit.code.clone(),
                        component: component.code.clone(),
                    });
                }
                (Aggregation::CriteriaRatio, Scoring::Points { .. }) => {
                    problems.push(GridProblem::PointsInCriteriaUnit {
                        unit: unit.code.clone(),
                        component: component.code.clone(),
                    });
                }
                _ => {}
            }
        }
        if unit.aggregation == Aggregation::WeightedAverage
            && !components_of_unit[u].is_empty()
            && components_of_unit[u]
                .iter()
                .map(|&c| grid.components[c].coefficient)
                .sum::<Decimal>()
                == Decimal::ZERO
        {
            problems.push(GridProblem::ZeroWeight(place.clone()));
        }
        if unit.aggregation == Aggregation::CriteriaRatio && criteria_of_unit[u].is_empty() {
            problems.push(GridProblem::CriteriaUnitWithoutCriteria(unit.code.clone()));
        }
        let max = if unit.aggregation == Aggregation::CriteriaRatio {
            hundred
        } else {
            grid.scale
        };
        if let Some(threshold) = unit.validation {
            check_range(
                format!("{place}, seuil de validation"),
                threshold.value,
                max,
                &mut problems,
            );
        }
        if let Some(below) = unit.eliminatory_below {
            check_range(
                format!("{place}, note éliminatoire"),
                below,
                max,
                &mut problems,
            );
        }
    }

    let mut rules = Vec::new();
    if grid.decision.full_certification.is_empty() {
        problems.push(GridProblem::NoCondition);
    }
    let point_units_max: Decimal = grid
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.aggregation == Aggregation::Sum && u.kind != UnitKind::Optional)
        .map(|(i, _)| unit_max[i])
        .sum();
    for condition in &grid.decision.full_certification {
        match condition {
            Condition::TotalPoints { threshold } => {
                if point_units_max == Decimal::ZERO {
                    problems.push(GridProblem::NoPointUnits);
                } else {
                    check_range(
                        "total de points".to_owned(),
                        threshold.value,
                        point_units_max,
                        &mut problems,
                    );
                }
                rules.push(Rule::TotalPoints(*threshold));
            }
            Condition::Average { threshold } => {
                check_range(
                    "moyenne générale".to_owned(),
                    threshold.value,
                    grid.scale,
                    &mut problems,
                );
                let weight: Decimal = grid
                    .units
                    .iter()
                    .filter(|u| u.kind != UnitKind::Optional)
                    .map(|u| u.coefficient)
                    .sum();
                if weight == Decimal::ZERO {
                    problems.push(GridProblem::ZeroWeight("moyenne générale".to_owned()));
                }
                rules.push(Rule::Average(*threshold));
            }
            Condition::CriteriaRatio { threshold } => {
                check_range(
                    "part de critères".to_owned(),
                    threshold.value,
                    hundred,
                    &mut problems,
                );
                if grid.criteria.is_empty() {
                    problems.push(GridProblem::NoCriteria);
                }
                rules.push(Rule::CriteriaRatio(*threshold));
            }
            Condition::AllBlocsValidated => rules.push(Rule::AllBlocsValidated),
            Condition::UnitValidated { unit } => match unit_index.get(unit) {
                Some(&u) => rules.push(Rule::UnitValidated(u)),
                None => problems.push(GridProblem::UnknownUnit {
                    owner: "décision".to_owned(),
                    unit: unit.clone(),
                }),
            },
            Condition::NoEliminatoryUnit => rules.push(Rule::NoEliminatoryUnit),
        }
    }
    for prerequisite in &grid.prerequisites {
        match prerequisite {
            Prerequisite::MinAttendance { percent } => {
                check_range(
                    "assiduité minimale".to_owned(),
                    *percent,
                    hundred,
                    &mut problems,
                );
            }
        }
    }

    let mut penalties = vec![None; grid.components.len()];
    for penalty in &grid.penalties {
        let Some(&c) = component_index.get(&penalty.component) else {
            problems.push(GridProblem::UnknownComponent {
                owner: "pénalité".to_owned(),
                component: penalty.component.clone(),
            });
            continue;
        };
        check_bands(&penalty.component, &penalty.bands, &mut problems);
        penalties[c] = Some(penalty.bands.clone());
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CompiledGrid {
        grid,
        components_of_unit,
        criteria_of_unit,
        criterion_components,
        unit_max,
        rules,
        penalties,
        component_index,
        criterion_index,
        unit_index,
    })
}

fn check_bands(component: &str, bands: &[PenaltyBand], problems: &mut Vec<GridProblem>) {
    use super::grid::PenaltyAction;
    for band in bands {
        if let Some(up_to) = band.up_to {
            if up_to <= band.above {
                problems.push(GridProblem::EmptyBand {
                    component: component.to_owned(),
                    above: band.above,
                    up_to,
                });
            }
        }
        if let PenaltyAction::Reduce { percent } = band.action {
            if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
                problems.push(GridProblem::BadReduction {
                    component: component.to_owned(),
                    percent,
                });
            }
        }
    }
    for (i, a) in bands.iter().enumerate() {
        for b in &bands[i + 1..] {
            let a_end = a.up_to.unwrap_or(Decimal::MAX);
            let b_end = b.up_to.unwrap_or(Decimal::MAX);
            // (a.above, a_end] and (b.above, b_end] intersect iff each starts before the other ends.
            if a.above < b_end && b.above < a_end {
                problems.push(GridProblem::OverlappingBands {
                    component: component.to_owned(),
                    a: a.above,
                    b: b.above,
                });
            }
        }
    }
}
