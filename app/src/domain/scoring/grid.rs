//! The grid: how components (épreuves, continuous-assessment modules, criteria) add up
//! to units (blocs, groups such as the professional evaluation, optional units) and to
//! the overall decision. Serialised as JSON (`format` 1): the built-in templates and
//! the certifier's editor produce the same document.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Version of the JSON format.
pub const GRID_FORMAT: u32 = 1;

/// A scoring grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    pub format: u32,
    /// Scale marks are converted to (20 in every seed).
    pub scale: Decimal,
    pub units: Vec<Unit>,
    /// Competences of the référentiel, each in a unit; criteria may name theirs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competences: Vec<Competence>,
    pub components: Vec<Component>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    pub decision: DecisionRules,
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    #[serde(default)]
    pub penalties: Vec<Penalty>,
    /// Where the source document is silent: the default chosen, in plain words.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A bloc de compétences: validated on its own, gives a block certificate.
    Bloc,
    /// A group that is not a bloc (the professional evaluation of seed 004).
    Group,
    /// An optional unit: only the points above the middle of the scale count (seed 003).
    Optional,
}

/// How a unit's components add up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Points are added; the unit mark is the sum over the maximum, on the scale.
    Sum,
    /// Each component is converted to the scale and averaged with its coefficient.
    WeightedAverage,
    /// Share of the unit's criteria that are met, in percent.
    CriteriaRatio,
}

/// How a value is compared with a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// ≥ (the default: "at least" passes on equality).
    AtLeast,
    /// > (seed 003 says "supérieure à" where the regulation says "égale ou supérieure").
    MoreThan,
}

impl Comparison {
    /// Whether `value` passes against `threshold`.
    pub fn passes(self, value: Decimal, threshold: Decimal) -> bool {
        match self {
            Comparison::AtLeast => value >= threshold,
            Comparison::MoreThan => value > threshold,
        }
    }

    /// The sign, for explanations.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::MoreThan => ">",
        }
    }
}

/// A threshold: a mark on the scale, a number of points or a percentage, depending on
/// where it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub op: Comparison,
    pub value: Decimal,
}

impl Threshold {
    /// `≥ value`.
    pub const fn at_least(value: Decimal) -> Self {
        Threshold {
            op: Comparison::AtLeast,
            value,
        }
    }
}

/// A unit: bloc, group or optional unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub code: String,
    pub title: String,
    pub kind: UnitKind,
    pub aggregation: Aggregation,
    /// Weight of the unit in the overall average.
    #[serde(default = "one")]
    pub coefficient: Decimal,
    /// The unit is validated when its mark on the scale (or, for criteria, its ratio in
    /// percent) passes this threshold.
    #[serde(default)]
    pub validation: Option<Threshold>,
    /// A mark on the scale strictly below this is eliminatory (seed 004: < 8/20).
    #[serde(default)]
    pub eliminatory_below: Option<Decimal>,
}

/// The role of a component, for explanations and absence rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentRole {
    /// Contrôle continu.
    ContinuousAssessment,
    /// An épreuve of the unit (bloc exam).
    Exam,
    /// Written report, defence, tutor evaluation.
    Professional,
}

/// What an unjustified absence at a component does (seed 004).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceRule {
    /// The component counts 0.
    Zero,
    /// The component counts 0, its unit cannot be validated and, with a bloc missing,
    /// the full certification cannot be obtained either (seed 004: "la non-présentation
    /// à au moins une évaluation de bloc induit la non-validation du bloc").
    UnitNotValidated,
    /// The component counts 0 and the full certification cannot be obtained;
    /// validated blocs are kept.
    NoFullCertification,
}

/// How a component is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Scoring {
    /// Points out of a maximum.
    Points { max: Decimal },
    /// Criteria met / not met (the criteria list which components assess them).
    Criteria,
}

/// A component: an épreuve, a continuous-assessment module, a part of an épreuve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub code: String,
    pub title: String,
    /// Code of the unit it belongs to.
    pub unit: String,
    pub role: ComponentRole,
    pub scoring: Scoring,
    /// Weight within a weighted-average unit.
    #[serde(default = "one")]
    pub coefficient: Decimal,
    pub on_unjustified_absence: AbsenceRule,
}

/// A competence of the référentiel, within a unit (bloc).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    pub code: String,
    pub title: String,
    pub unit: String,
}

/// An evaluation criterion, met if it is met in any of the components that assess it
/// (seed 000: the report or the interview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub code: String,
    pub label: String,
    pub unit: String,
    /// The competence it evidences, if the référentiel names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competence: Option<String>,
    pub components: Vec<String>,
}

/// When the full certification is obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRules {
    /// Every condition must hold.
    pub full_certification: Vec<Condition>,
    /// Whether validated blocs are kept when the full certification is not obtained.
    pub partial_validation: bool,
}

/// A condition of the full certification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Condition {
    /// Sum of the points of the point-based units (seed 004: ≥ 500/1000). With exempt
    /// units, the threshold is scaled to the maximum actually assessed.
    TotalPoints { threshold: Threshold },
    /// Coefficient-weighted average of the units on the scale; optional units add
    /// only their points above the middle of the scale (seed 003).
    Average { threshold: Threshold },
    /// Share of all criteria met, in percent (seed 000: ≥ 85 %).
    CriteriaRatio { threshold: Threshold },
    /// Every bloc validated (or exempt).
    AllBlocsValidated,
    /// A named unit validated (seed 004: professional evaluation ≥ 10/20).
    UnitValidated { unit: String },
    /// No unit below its eliminatory mark.
    NoEliminatoryUnit,
}

/// A condition checked before anything else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Prerequisite {
    /// Attendance at the training hours, in percent (seed 000: ≥ 80 %).
    MinAttendance { percent: Decimal },
}

/// A penalty on a component by rate of unjustified absence from training (seed 004).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub component: String,
    pub bands: Vec<PenaltyBand>,
}

/// A band `(above, up_to]` of unjustified-absence rate, in percent of training time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyBand {
    pub above: Decimal,
    /// `None`: no upper bound.
    pub up_to: Option<Decimal>,
    pub action: PenaltyAction,
}

/// What a penalty band does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum PenaltyAction {
    /// The component's points are reduced by this percentage.
    Reduce { percent: Decimal },
    /// No automatic penalty: the establishment's rules apply; the jury is alerted.
    ReferToJury,
}

fn one() -> Decimal {
    Decimal::ONE
}

impl Unit {
    /// A unit with coefficient 1 and no threshold yet.
    pub fn new(code: &str, title: &str, kind: UnitKind, aggregation: Aggregation) -> Self {
        Unit {
            code: code.to_owned(),
            title: title.to_owned(),
            kind,
            aggregation,
            coefficient: Decimal::ONE,
            validation: None,
            eliminatory_below: None,
        }
    }

    /// Validated when the mark (or ratio) passes `threshold`.
    pub fn validated_at(mut self, threshold: Threshold) -> Self {
        self.validation = Some(threshold);
        self
    }

    /// Eliminatory strictly below `mark`.
    pub fn eliminatory_below(mut self, mark: Decimal) -> Self {
        self.eliminatory_below = Some(mark);
        self
    }
}

impl Component {
    /// A component marked in points.
    pub fn points(
        code: &str,
        title: &str,
        unit: &str,
        role: ComponentRole,
        max: Decimal,
        absence: AbsenceRule,
    ) -> Self {
        Component {
            code: code.to_owned(),
            title: title.to_owned(),
            unit: unit.to_owned(),
            role,
            scoring: Scoring::Points { max },
            coefficient: Decimal::ONE,
            on_unjustified_absence: absence,
        }
    }

    /// A component marked by criteria.
    pub fn criteria(
        code: &str,
        title: &str,
        unit: &str,
        role: ComponentRole,
        absence: AbsenceRule,
    ) -> Self {
        Component {
            code: code.to_owned(),
            title: title.to_owned(),
            unit: unit.to_owned(),
            role,
            scoring: Scoring::Criteria,
            coefficient: Decimal::ONE,
            on_unjustified_absence: absence,
        }
    }
}

impl Criterion {
    /// A criterion assessed in the given components.
    pub fn new(code: &str, label: &str, unit: &str, components: &[&str]) -> Self {
        Criterion {
            code: code.to_owned(),
            label: label.to_owned(),
            unit: unit.to_owned(),
            competence: None,
            components: components.iter().map(|c| (*c).to_owned()).collect(),
        }
    }
}
