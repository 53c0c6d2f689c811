//! `evaluate`: one candidate's sheet against a compiled grid. No I/O, no clock (the
//! evaluation date is an argument), no text: one pass over the components, one over the
//! rules.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::grid::{
    AbsenceRule, Aggregation, PenaltyAction, PenaltyBand, Prerequisite, Scoring, UnitKind,
};
use super::input::{Attendance, Sheet};
use super::outcome::{Check, Decision, Outcome, UnitResult};
use super::validate::{CompiledGrid, Rule};

/// The band an absence rate falls in: `(above, up_to]`.
fn band_for(bands: &[PenaltyBand], rate: Decimal) -> Option<&PenaltyBand> {
    bands
        .iter()
        .find(|b| rate > b.above && b.up_to.is_none_or(|top| rate <= top))
}

/// Evaluates a candidate on `on` (the date capitalised units must still be valid at).
pub fn evaluate(cg: &CompiledGrid, sheet: &Sheet, on: NaiveDate) -> Outcome {
    let grid = &cg.grid;
    let scale = grid.scale;
    let hundred = Decimal::ONE_HUNDRED;
    let mut checks = Vec::with_capacity(8 + 3 * grid.units.len());
    let mut units: Vec<UnitResult> = (0..grid.units.len())
        .map(|u| UnitResult {
            unit: u,
            points: Decimal::ZERO,
            max: if grid.units[u].aggregation == Aggregation::CriteriaRatio {
                Decimal::from(cg.criteria_of_unit[u].len())
            } else {
                cg.unit_max[u]
            },
            mark: Decimal::ZERO,
            ratio: None,
            validated: false,
            eliminatory: false,
            exempt: false,
            make_up: false,
        })
        .collect();
    let mut outcome = Outcome {
        candidate: sheet.candidate.clone(),
        decision: Decision::NotCertified,
        units: Vec::new(),
        total_points: None,
        average: None,
        criteria_ratio: None,
        checks: Vec::new(),
        incomplete: false,
        refer_to_jury: false,
    };

    // Seed 004: a proven fraud invalidates the session; no bloc is validated.
    if sheet.fraud {
        checks.push(Check::Fraud);
        checks.push(Check::Decided {
            decision: Decision::Fraud,
        });
        outcome.decision = Decision::Fraud;
        outcome.units = units;
        outcome.checks = checks;
        return outcome;
    }

    for (u, capitalised) in sheet.capitalised.iter().enumerate() {
        match *capitalised {
            Some(valid_until) if valid_until.is_none_or(|end| end >= on) => {
                units[u].exempt = true;
                units[u].validated = true;
                checks.push(Check::Capitalised {
                    unit: u,
                    valid_until,
                });
            }
            Some(Some(valid_until)) => checks.push(Check::CapitalisationExpired {
                unit: u,
                valid_until,
            }),
            _ => {}
        }
    }

    let (mut any_present, mut any_unjustified, mut any_justified) = (false, false, false);
    let mut no_full = false;
    for (u, unit) in grid.units.iter().enumerate() {
        if units[u].exempt {
            continue;
        }
        // An optional unit the candidate did not take is left out.
        if unit.kind == UnitKind::Optional
            && cg.components_of_unit[u]
                .iter()
                .all(|&c| sheet.attendance[c].is_none())
        {
            continue;
        }
        let (mut points, mut weighted, mut weight) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let (mut blocked, mut make_up) = (false, false);
        for &c in &cg.components_of_unit[u] {
            let component = &grid.components[c];
            let mut value = Decimal::ZERO;
            match sheet.attendance[c] {
                None => {
                    outcome.incomplete = true;
                    checks.push(Check::MissingMark { component: c });
                }
                Some(Attendance::Present) => {
                    any_present = true;
                    if let Scoring::Points { .. } = component.scoring {
                        match sheet.points[c] {
                            Some(p) => value = p,
                            None => {
                                outcome.incomplete = true;
                                checks.push(Check::MissingMark { component: c });
                            }
                        }
                    }
                }
                Some(Attendance::AbsentUnjustified) => {
                    any_unjustified = true;
                    checks.push(Check::UnjustifiedAbsence {
                        component: c,
                        rule: component.on_unjustified_absence,
                    });
                    match component.on_unjustified_absence {
                        AbsenceRule::Zero => {}
                        AbsenceRule::UnitNotValidated => {
                            blocked = true;
                            no_full = true;
                        }
                        AbsenceRule::NoFullCertification => no_full = true,
                    }
                }
                Some(Attendance::AbsentJustified) => {
                    any_justified = true;
                    make_up = true;
                    checks.push(Check::JustifiedAbsence { component: c });
                }
            }
            if cg.penalties[c].is_some()
                && sheet.unjustified_absence_percent.is_none()
                && sheet.attendance[c] == Some(Attendance::Present)
            {
                outcome.incomplete = true;
                checks.push(Check::MissingAbsenceRate { component: c });
            }
            if let (Some(bands), Some(rate)) = (&cg.penalties[c], sheet.unjustified_absence_percent)
            {
                match band_for(bands, rate).map(|b| b.action) {
                    Some(PenaltyAction::Reduce { percent }) => {
                        let after = value - value * percent / hundred;
                        checks.push(Check::Penalty {
                            component: c,
                            rate,
                            percent,
                            before: value,
                            after,
                        });
                        value = after;
                    }
                    Some(PenaltyAction::ReferToJury) => {
                        outcome.refer_to_jury = true;
                        checks.push(Check::PenaltyReferredToJury { component: c, rate });
                    }
                    None => {}
                }
            }
            if let Scoring::Points { max } = component.scoring {
                points += value;
                if unit.aggregation == Aggregation::WeightedAverage {
                    // Most averaged components are marked on the scale itself: no division.
                    let on_scale = if max == scale {
                        value
                    } else {
                        value * scale / max
                    };
                    weighted += component.coefficient * on_scale;
                    weight += component.coefficient;
                }
            }
        }
        let result = &mut units[u];
        match unit.aggregation {
            Aggregation::Sum => {
                result.points = points;
                result.mark = points * scale / cg.unit_max[u];
            }
            Aggregation::WeightedAverage => {
                result.points = points;
                result.mark = if weight == Decimal::ONE {
                    weighted
                } else {
                    weighted / weight
                };
            }
            Aggregation::CriteriaRatio => {
                let criteria = &cg.criteria_of_unit[u];
                let met = criteria.iter().filter(|&&k| sheet.criteria_met[k]).count();
                let total = Decimal::from(criteria.len());
                result.points = Decimal::from(met);
                result.ratio = Some(result.points * hundred / total);
                result.mark = result.points * scale / total;
            }
        }
        checks.push(Check::UnitMark {
            unit: u,
            points: result.points,
            max: result.max,
            mark: result.mark,
        });
        if make_up {
            // Nothing is decided on a unit whose make-up is pending.
            result.make_up = true;
            checks.push(Check::UnitAwaitingMakeUp { unit: u });
            continue;
        }
        if let Some(threshold) = unit.validation {
            let criteria = unit.aggregation == Aggregation::CriteriaRatio;
            let value = if criteria {
                result.ratio.unwrap_or_default()
            } else {
                result.mark
            };
            let passed = threshold.op.passes(value, threshold.value);
            checks.push(Check::UnitValidation {
                unit: u,
                value,
                op: threshold.op,
                threshold: threshold.value,
                criteria,
                passed,
            });
            result.validated = passed;
        }
        if let Some(below) = unit.eliminatory_below {
            result.eliminatory = result.mark < below;
            checks.push(Check::UnitEliminatory {
                unit: u,
                mark: result.mark,
                below,
                eliminatory: result.eliminatory,
            });
        }
        if blocked {
            result.validated = false;
            checks.push(Check::UnitBlockedByAbsence { unit: u });
        }
    }

    // Absent from everything: nothing to deliberate on.
    if !any_present && (any_unjustified || any_justified) {
        let decision = if any_justified {
            Decision::Postponed
        } else {
            Decision::Absent
        };
        checks.push(Check::AllAbsent {
            justified: any_justified,
        });
        checks.push(Check::Decided { decision });
        for unit in units.iter_mut().filter(|u| !u.exempt) {
            unit.validated = false;
        }
        outcome.decision = decision;
        outcome.units = units;
        outcome.checks = checks;
        return outcome;
    }

    let mut full = true;
    for prerequisite in &grid.prerequisites {
        match *prerequisite {
            Prerequisite::MinAttendance { percent } => {
                let passed = sheet.attendance_percent.is_some_and(|a| a >= percent);
                // Never a silent failure: an unrecorded attendance leaves the result open.
                outcome.incomplete |= sheet.attendance_percent.is_none();
                checks.push(Check::Attendance {
                    value: sheet.attendance_percent,
                    min: percent,
                    passed,
                });
                full &= passed;
            }
        }
    }

    for rule in &cg.rules {
        let passed = match *rule {
            Rule::TotalPoints(threshold) => {
                let (mut total, mut assessed_max, mut full_max) =
                    (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
                for (u, unit) in grid.units.iter().enumerate() {
                    if unit.aggregation == Aggregation::Sum && unit.kind != UnitKind::Optional {
                        full_max += cg.unit_max[u];
                        if !units[u].exempt {
                            total += units[u].points;
                            assessed_max += cg.unit_max[u];
                        }
                    }
                }
                // Exempt units leave the total: the threshold keeps its proportion.
                let scaled = if assessed_max == full_max {
                    threshold.value
                } else {
                    threshold.value * assessed_max / full_max
                };
                let passed = threshold.op.passes(total, scaled);
                outcome.total_points = Some(total);
                checks.push(Check::TotalPoints {
                    total,
                    max: assessed_max,
                    op: threshold.op,
                    threshold: scaled,
                    passed,
                });
                passed
            }
            Rule::Average(threshold) => {
                let (mut sum, mut weight, mut bonus) =
                    (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
                let middle = scale / Decimal::TWO;
                for (u, unit) in grid.units.iter().enumerate() {
                    if units[u].exempt {
                        continue;
                    }
                    if unit.kind == UnitKind::Optional {
                        // Seed 003: only the points above 10/20 of an optional unit count.
                        if units[u].mark > middle {
                            bonus += unit.coefficient * (units[u].mark - middle);
                        }
                    } else {
                        sum += unit.coefficient * units[u].mark;
                        weight += unit.coefficient;
                    }
                }
                let average = if weight.is_zero() {
                    scale
                } else {
                    (sum + bonus) / weight
                };
                let bonus = if weight.is_zero() {
                    Decimal::ZERO
                } else {
                    bonus / weight
                };
                let passed = threshold.op.passes(average, threshold.value);
                outcome.average = Some(average);
                checks.push(Check::Average {
                    average,
                    bonus,
                    op: threshold.op,
                    threshold: threshold.value,
                    passed,
                });
                passed
            }
            Rule::CriteriaRatio(threshold) => {
                let (mut met, mut total) = (0u32, 0u32);
                for (u, criteria) in cg.criteria_of_unit.iter().enumerate() {
                    if !units[u].exempt {
                        total += u32::try_from(criteria.len()).unwrap_or(u32::MAX);
                        met += u32::try_from(
                            criteria.iter().filter(|&&k| sheet.criteria_met[k]).count(),
                        )
                        .unwrap_or(0);
                    }
                }
                let ratio = if total == 0 {
                    hundred
                } else {
                    Decimal::from(met) * hundred / Decimal::from(total)
                };
                let passed = threshold.op.passes(ratio, threshold.value);
                outcome.criteria_ratio = Some(ratio);
                checks.push(Check::CriteriaRatio {
                    met,
                    total,
                    ratio,
                    op: threshold.op,
                    threshold: threshold.value,
                    passed,
                });
                passed
            }
            Rule::AllBlocsValidated => {
                let blocs = grid
                    .units
                    .iter()
                    .enumerate()
                    .filter(|(_, unit)| unit.kind == UnitKind::Bloc);
                let (mut validated, mut total) = (0u32, 0u32);
                for (u, _) in blocs {
                    total += 1;
                    validated += u32::from(units[u].validated);
                }
                let passed = validated == total;
                checks.push(Check::AllBlocsValidated {
                    validated,
                    total,
                    passed,
                });
                passed
            }
            Rule::UnitValidated(u) => {
                let passed = units[u].validated;
                checks.push(Check::UnitRequired { unit: u, passed });
                passed
            }
            Rule::NoEliminatoryUnit => {
                let eliminatory =
                    u32::try_from(units.iter().filter(|u| u.eliminatory && !u.exempt).count())
                        .unwrap_or(0);
                checks.push(Check::NoEliminatory {
                    eliminatory,
                    passed: eliminatory == 0,
                });
                eliminatory == 0
            }
        };
        full &= passed;
    }

    let make_up = units.iter().any(|u| u.make_up);
    let decision = if full && !no_full && !make_up {
        // Units without a threshold of their own (seed 000) are validated with the whole.
        for (u, unit) in grid.units.iter().enumerate() {
            if unit.validation.is_none() && unit.kind != UnitKind::Optional {
                units[u].validated = true;
            }
        }
        Decision::FullCertification
    } else if make_up {
        Decision::Postponed
    } else if !grid.decision.partial_validation {
        if units.iter().any(|u| u.validated && !u.exempt) {
            checks.push(Check::NoPartialValidation);
        }
        for unit in units.iter_mut().filter(|u| !u.exempt) {
            unit.validated = false;
        }
        Decision::NotCertified
    } else if units
        .iter()
        .any(|u| u.validated && !u.exempt && grid.units[u.unit].kind == UnitKind::Bloc)
    {
        Decision::BlocsOnly
    } else {
        Decision::NotCertified
    };
    checks.push(Check::Decided { decision });
    outcome.decision = decision;
    outcome.units = units;
    outcome.checks = checks;
    outcome
}
