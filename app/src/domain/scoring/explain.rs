//! French explanations of an outcome, ready for the PV and for the candidate's page,
//! and the serialisable report `evaluate` prints.

use rust_decimal::Decimal;
use serde::Serialize;

use super::grid::{AbsenceRule, Grid, UnitKind};
use super::outcome::{Check, Decision, Outcome};
use super::round_mark;
use super::validate::CompiledGrid;
use crate::domain::format::{date_fr, decimal_fr};

/// A number as shown: truncated to the hundredth, with a comma.
fn n(value: Decimal) -> String {
    decimal_fr(round_mark(value))
}

fn met(passed: bool) -> &'static str {
    if passed {
        "condition remplie"
    } else {
        "condition non remplie"
    }
}

/// Blocs by their (registered) code, other units by their title.
fn unit_name(grid: &Grid, u: usize) -> String {
    grid.units
        .get(u)
        .map_or_else(String::new, |unit| match unit.kind {
            UnitKind::Bloc => format!("« {} »", unit.code),
            UnitKind::Group | UnitKind::Optional => format!("« {} »", unit.title),
        })
}

fn component_name(grid: &Grid, c: usize) -> String {
    grid.components
        .get(c)
        .map_or_else(String::new, |component| format!("« {} »", component.title))
}

fn validated_word(grid: &Grid, u: usize, validated: bool) -> &'static str {
    let bloc = grid
        .units
        .get(u)
        .is_some_and(|unit| unit.kind == UnitKind::Bloc);
    match (bloc, validated) {
        (true, true) => "bloc validé",
        (true, false) => "bloc non validé",
        (false, true) => "validée",
        (false, false) => "non validée",
    }
}

/// One check in French.
pub fn describe(grid: &Grid, check: &Check) -> String {
    let scale = n(grid.scale);
    match *check {
        Check::Fraud => "Fraude avérée : la session est invalidée et aucun bloc n'est validé.".to_owned(),
        Check::AllAbsent { justified: true } => {
            "Absence à toutes les épreuves avec un motif recevable : des épreuves de rattrapage sont proposées.".to_owned()
        }
        Check::AllAbsent { justified: false } => "Absence à toutes les épreuves sans motif recevable.".to_owned(),
        Check::Capitalised { unit, valid_until } => format!(
            "{} : acquis lors d'une session antérieure{}, dispensé et compté comme validé.",
            unit_name(grid, unit),
            valid_until.map(|d| format!(" (valable jusqu'au {})", date_fr(d))).unwrap_or_default()
        ),
        Check::CapitalisationExpired { unit, valid_until } => format!(
            "{} : capitalisation expirée le {}, le bloc doit être repassé.",
            unit_name(grid, unit),
            date_fr(valid_until)
        ),
        Check::MissingMark { component } => format!("{} : note manquante, comptée 0.", component_name(grid, component)),
        Check::UnjustifiedAbsence { component, rule } => {
            let name = component_name(grid, component);
            match rule {
                AbsenceRule::Zero => format!("{name} : absence injustifiée, note 0."),
                AbsenceRule::UnitNotValidated => {
                    format!("{name} : absence injustifiée à une épreuve de bloc, note 0 et bloc non validé.")
                }
                AbsenceRule::NoFullCertification => format!(
                    "{name} : absence injustifiée ou travail non remis, note 0 ; la certification complète ne peut pas être obtenue, les blocs validés sont conservés."
                ),
            }
        }
        Check::JustifiedAbsence { component } => format!(
            "{} : absence justifiée, une épreuve de rattrapage est proposée.",
            component_name(grid, component)
        ),
        Check::Penalty { component, rate, percent, before, after } => format!(
            "{} : absences injustifiées de {} % du temps de formation, pénalité de {} % : {} → {} points.",
            component_name(grid, component),
            n(rate),
            n(percent),
            n(before),
            n(after)
        ),
        Check::PenaltyReferredToJury { component, rate } => format!(
            "{} : absences injustifiées de {} % du temps de formation, au-delà des tranches de pénalité : la sanction relève du règlement intérieur de l'établissement, le jury en décide.",
            component_name(grid, component),
            n(rate)
        ),
        Check::MissingAbsenceRate { component } => format!(
            "{} : taux d'absence injustifiée non renseigné : la pénalité n'est pas établie, le résultat attend ce taux.",
            component_name(grid, component)
        ),
        Check::UnitMark { unit, points, max, mark } => {
            let criteria = grid.units.get(unit).is_some_and(|u| u.aggregation == super::grid::Aggregation::CriteriaRatio);
            if criteria {
                format!("{} : {} critère(s) satisfait(s) sur {}.", unit_name(grid, unit), n(points), n(max))
            } else {
                format!("{} : {} / {} points, soit {}/{scale}.", unit_name(grid, unit), n(points), n(max), n(mark))
            }
        }
        Check::UnitValidation { unit, value, op, threshold, criteria, passed } => {
            let (value, threshold) = if criteria {
                (format!("{} %", n(value)), format!("{} %", n(threshold)))
            } else {
                (format!("{}/{scale}", n(value)), format!("{}/{scale}", n(threshold)))
            };
            format!(
                "{} : {value} {} {threshold} {} : {}.",
                unit_name(grid, unit),
                op.symbol(),
                if passed { "atteint" } else { "non atteint" },
                validated_word(grid, unit, passed)
            )
        }
        Check::UnitEliminatory { unit, mark, below, eliminatory: true } => format!(
            "{} : {}/{scale} < {}/{scale} : note éliminatoire.",
            unit_name(grid, unit),
            n(mark),
            n(below)
        ),
        Check::UnitEliminatory { unit, mark, below, eliminatory: false } => format!(
            "{} : {}/{scale}, pas de note éliminatoire (seuil : {}/{scale}).",
            unit_name(grid, unit),
            n(mark),
            n(below)
        ),
        Check::UnitBlockedByAbsence { unit } => format!(
            "{} : non validé en raison d'une absence injustifiée à l'une de ses épreuves.",
            unit_name(grid, unit)
        ),
        Check::UnitAwaitingMakeUp { unit } => format!(
            "{} : en attente de l'épreuve de rattrapage, non décidé à ce stade.",
            unit_name(grid, unit)
        ),
        Check::TotalPoints { total, max, op, threshold, passed } => format!(
            "Total : {} / {} points {} {} : {}.",
            n(total),
            n(max),
            op.symbol(),
            n(threshold),
            met(passed)
        ),
        Check::Average { average, bonus, op, threshold, passed } => format!(
            "Moyenne générale : {}/{scale}{} {} {}/{scale} : {}.",
            n(average),
            if bonus.is_zero() { String::new() } else { format!(" (dont {} de points d'unités facultatives)", n(bonus)) },
            op.symbol(),
            n(threshold),
            met(passed)
        ),
        Check::CriteriaRatio { met: count, total, ratio, op, threshold, passed } => format!(
            "Critères satisfaits : {count} sur {total}, soit {} % {} {} % : {}.",
            n(ratio),
            op.symbol(),
            n(threshold),
            met(passed)
        ),
        Check::AllBlocsValidated { validated, total, passed } => {
            format!("Blocs validés : {validated} sur {total} ; tous doivent l'être : {}.", met(passed))
        }
        Check::UnitRequired { unit, passed } => format!(
            "{} doit être validé(e) pour obtenir la certification complète : {}.",
            unit_name(grid, unit),
            met(passed)
        ),
        Check::NoEliminatory { eliminatory: 0, .. } => "Aucune note éliminatoire : condition remplie.".to_owned(),
        Check::NoEliminatory { eliminatory, .. } => {
            format!("{eliminatory} note(s) éliminatoire(s) : la certification complète est exclue.")
        }
        Check::Attendance { value: Some(value), min, passed } => format!(
            "Assiduité : {} % des heures de formation, minimum {} % : prérequis {}.",
            n(value),
            n(min),
            if passed { "rempli" } else { "non rempli" }
        ),
        Check::Attendance { value: None, min, .. } => {
            format!("Assiduité non renseignée : le prérequis de {} % de présence n'est pas établi, le résultat attend ce taux.", n(min))
        }
        Check::NoPartialValidation => {
            "Aucune validation partielle n'est possible : aucun bloc n'est conservé.".to_owned()
        }
        Check::Decided { decision } => format!("Résultat calculé : {}.", decision.label()),
    }
}

/// A unit's result with its names, for reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitReport {
    pub code: String,
    pub title: String,
    pub kind: UnitKind,
    pub points: Decimal,
    pub max: Decimal,
    pub mark: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Decimal>,
    pub validated: bool,
    pub eliminatory: bool,
    pub exempt: bool,
    pub make_up: bool,
}

/// An outcome with names and French explanations: what `evaluate` prints, what the PV
/// and the candidate's page show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub candidate: String,
    pub decision: Decision,
    pub decision_label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_points: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria_ratio: Option<Decimal>,
    pub incomplete: bool,
    pub refer_to_jury: bool,
    pub units: Vec<UnitReport>,
    pub explanation: Vec<String>,
}

/// Names and explains an outcome.
pub fn report(cg: &CompiledGrid, outcome: &Outcome) -> Report {
    let grid = &cg.grid;
    Report {
        candidate: outcome.candidate.clone(),
        decision: outcome.decision,
        decision_label: outcome.decision.label(),
        total_points: outcome.total_points.map(|t| t.normalize()),
        average: outcome.average.map(|a| round_mark(a).normalize()),
        criteria_ratio: outcome.criteria_ratio.map(|r| round_mark(r).normalize()),
        incomplete: outcome.incomplete,
        refer_to_jury: outcome.refer_to_jury,
        units: outcome
            .units
            .iter()
            .map(|r| {
                let unit = &grid.units[r.unit];
                UnitReport {
                    code: unit.code.clone(),
                    title: unit.title.clone(),
                    kind: unit.kind,
                    points: r.points.normalize(),
                    max: r.max.normalize(),
                    mark: round_mark(r.mark).normalize(),
                    ratio: r.ratio.map(|ratio| round_mark(ratio).normalize()),
                    validated: r.validated,
                    eliminatory: r.eliminatory,
                    exempt: r.exempt,
                    make_up: r.make_up,
                }
            })
            .collect(),
        explanation: explanation(grid, &outcome.checks),
    }
}

/// One sentence per check, except missing marks: two or more are said in one
/// sentence, where the first was (a candidate with 24 épreuves not yet graded reads
/// one line, not 24).
fn explanation(grid: &Grid, checks: &[Check]) -> Vec<String> {
    let missing: Vec<String> = checks
        .iter()
        .filter_map(|check| match check {
            Check::MissingMark { component } => Some(component_name(grid, *component)),
            _ => None,
        })
        .collect();
    let mut out = Vec::with_capacity(checks.len());
    let mut said = false;
    for check in checks {
        if matches!(check, Check::MissingMark { .. }) && missing.len() > 1 {
            if !said {
                out.push(format!(
                    "{} notes manquantes, comptées 0 : {}.",
                    missing.len(),
                    missing.join(", ")
                ));
                said = true;
            }
            continue;
        }
        out.push(describe(grid, check));
    }
    out
}
