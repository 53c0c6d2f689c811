//! What the engine decides for one candidate, with every rule it checked. Checks hold
//! indexes and numbers only (no text), so that evaluation allocates almost nothing;
//! `explain` turns them into French sentences.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::grid::{AbsenceRule, Comparison};

/// The overall decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Certification complète.
    FullCertification,
    /// Certification partielle : blocs validés seulement.
    BlocsOnly,
    NotCertified,
    /// Absent (without justification) from every épreuve.
    Absent,
    /// Justified absence: make-up épreuve offered, decision postponed.
    Postponed,
    /// Fraud: session invalidated, nothing validated.
    Fraud,
}

impl Decision {
    /// French label for the PV and the candidate's page.
    pub fn label(self) -> &'static str {
        match self {
            Decision::FullCertification => "Certification complète",
            Decision::BlocsOnly => "Validation partielle (blocs validés)",
            Decision::NotCertified => "Non certifié",
            Decision::Absent => "Absent",
            Decision::Postponed => "Ajourné — épreuve de rattrapage proposée",
            Decision::Fraud => "Fraude — session invalidée",
        }
    }
}

/// The result of one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitResult {
    /// Index of the unit in the grid.
    pub unit: usize,
    /// Points obtained (point units) or criteria met (criteria units).
    pub points: Decimal,
    /// Maximum points, or number of criteria.
    pub max: Decimal,
    /// Mark on the grid's scale (exact; shown truncated by `round_mark`).
    pub mark: Decimal,
    /// Share of criteria met, in percent (criteria units).
    pub ratio: Option<Decimal>,
    pub validated: bool,
    pub eliminatory: bool,
    /// Capitalised from an earlier session: exempt and counted as validated.
    pub exempt: bool,
    /// Justified absence at one of its épreuves: make-up pending.
    pub make_up: bool,
}

/// One rule checked, with its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "check")]
pub enum Check {
    Fraud,
    AllAbsent {
        justified: bool,
    },
    Capitalised {
        unit: usize,
        valid_until: Option<NaiveDate>,
    },
    CapitalisationExpired {
        unit: usize,
        valid_until: NaiveDate,
    },
    MissingMark {
        component: usize,
    },
    UnjustifiedAbsence {
        component: usize,
        rule: AbsenceRule,
    },
    JustifiedAbsence {
        component: usize,
    },
    Penalty {
        component: usize,
        rate: Decimal,
        percent: Decimal,
        before: Decimal,
        after: Decimal,
    },
    PenaltyReferredToJury {
        component: usize,
        rate: Decimal,
    },
    /// The component has absence penalty bands and the candidate's unjustified absence
    /// rate is not recorded: the result waits for it.
    MissingAbsenceRate {
        component: usize,
    },
    UnitMark {
        unit: usize,
        points: Decimal,
        max: Decimal,
        mark: Decimal,
    },
    UnitValidation {
        unit: usize,
        value: Decimal,
        op: Comparison,
        threshold: Decimal,
        criteria: bool,
        passed: bool,
    },
    UnitEliminatory {
        unit: usize,
        mark: Decimal,
        below: Decimal,
        eliminatory: bool,
    },
    UnitBlockedByAbsence {
        unit: usize,
    },
    UnitAwaitingMakeUp {
        unit: usize,
    },
    TotalPoints {
        total: Decimal,
        max: Decimal,
        op: Comparison,
        threshold: Decimal,
        passed: bool,
    },
    Average {
        average: Decimal,
        bonus: Decimal,
        op: Comparison,
        threshold: Decimal,
        passed: bool,
    },
    CriteriaRatio {
        met: u32,
        total: u32,
        ratio: Decimal,
        op: Comparison,
        threshold: Decimal,
        passed: bool,
    },
    AllBlocsValidated {
        validated: u32,
        total: u32,
        passed: bool,
    },
    UnitRequired {
        unit: usize,
        passed: bool,
    },
    NoEliminatory {
        eliminatory: u32,
        passed: bool,
    },
    Attendance {
        value: Option<Decimal>,
        min: Decimal,
        passed: bool,
    },
    NoPartialValidation,
    Decided {
        decision: Decision,
    },
}

/// The engine's answer for one candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub candidate: String,
    pub decision: Decision,
    pub units: Vec<UnitResult>,
    /// Sum of the point units (when the grid has a total-points rule).
    pub total_points: Option<Decimal>,
    /// Weighted average on the scale (when the grid has an average rule).
    pub average: Option<Decimal>,
    /// Share of criteria met (when the grid has a criteria rule).
    pub criteria_ratio: Option<Decimal>,
    pub checks: Vec<Check>,
    /// Some mark is missing (counted 0): the jury should not decide yet.
    pub incomplete: bool,
    /// A situation the grid leaves to the jury (absence beyond the last penalty band).
    pub refer_to_jury: bool,
}

impl Outcome {
    /// Codes of the blocs validated in this session (not the exempt ones).
    pub fn validated_units(&self) -> impl Iterator<Item = usize> + '_ {
        self.units
            .iter()
            .filter(|u| u.validated && !u.exempt)
            .map(|u| u.unit)
    }
}
