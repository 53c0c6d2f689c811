//! How an épreuve is run, beside how it is scored: kind, duration, remote or not,
//! double marking with its discrepancy threshold, and the modality per candidate
//! category (seed 003). Checked before a new version is saved.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::format::decimal_fr;
use super::templates::{EpreuveKind, Modality};

/// Longest duration accepted, in minutes (a full day).
pub const MAX_DURATION: u32 = 600;

/// The running settings of one épreuve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpreuveSettings {
    /// Code of the épreuve in the grid.
    pub code: String,
    pub kind: EpreuveKind,
    pub duration_minutes: Option<u32>,
    pub remote_allowed: bool,
    /// Two independent graders.
    pub double_marking: bool,
    /// Marks further apart than this (in points) go to moderation.
    pub discrepancy: Option<Decimal>,
    /// Modality per candidate category.
    pub modalities: Vec<(String, Modality)>,
    /// Timed parts (preparation, presentation, questions), as the source says.
    pub phases: Vec<PhaseSetting>,
}

/// A timed part of an épreuve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseSetting {
    pub label: String,
    pub minutes: u32,
}

impl From<&super::templates::EpreuveTemplate> for EpreuveSettings {
    fn from(planned: &super::templates::EpreuveTemplate) -> Self {
        EpreuveSettings {
            code: planned.component.clone(),
            kind: planned.kind,
            duration_minutes: planned.duration_minutes,
            remote_allowed: planned.remote_allowed,
            double_marking: false,
            discrepancy: None,
            modalities: planned
                .modalities
                .iter()
                .map(|(category, modality)| ((*category).to_owned(), *modality))
                .collect(),
            phases: planned
                .phases
                .iter()
                .map(|p| PhaseSetting {
                    label: p.label.to_owned(),
                    minutes: p.minutes,
                })
                .collect(),
        }
    }
}

impl EpreuveSettings {
    /// Every problem, as `(field, message)` in French; `max` is the épreuve's maximum
    /// points (zero for an épreuve marked by criteria).
    pub fn problems(&self, max: Decimal) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if let Some(minutes) = self.duration_minutes {
            if minutes == 0 || minutes > MAX_DURATION {
                problems.push((
                    "duration",
                    format!("La durée est un nombre de minutes entre 1 et {MAX_DURATION}."),
                ));
            }
        }
        match (self.double_marking, self.discrepancy) {
            (true, None) if max > Decimal::ZERO => problems.push((
                "discrepancy",
                "Indiquez l'écart de notes au-delà duquel les deux correcteurs passent en harmonisation."
                    .to_owned(),
            )),
            (false, Some(_)) => problems.push((
                "discrepancy",
                "Un écart maximal n'a de sens qu'avec une double correction.".to_owned(),
            )),
            (_, Some(gap)) if gap <= Decimal::ZERO || (max > Decimal::ZERO && gap > max) => {
                problems.push((
                    "discrepancy",
                    format!(
                        "L'écart maximal doit être strictement positif et au plus {} points.",
                        decimal_fr(max)
                    ),
                ));
            }
            _ => {}
        }
        let mut seen = std::collections::HashSet::new();
        for (category, _) in &self.modalities {
            if category.trim().is_empty() {
                problems.push((
                    "modalities",
                    "Chaque modalité désigne une catégorie de candidats.".to_owned(),
                ));
            } else if !seen.insert(category.as_str()) {
                problems.push((
                    "modalities",
                    format!("La catégorie « {category} » a deux modalités."),
                ));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> EpreuveSettings {
        EpreuveSettings {
            code: "B3.E1".to_owned(),
            kind: EpreuveKind::CaseStudy,
            duration_minutes: Some(210),
            remote_allowed: false,
            double_marking: true,
            discrepancy: Some(Decimal::from(3)),
            modalities: vec![("scolaire".to_owned(), Modality::Ccf)],
            phases: Vec::new(),
        }
    }

    #[test]
    fn good_settings_pass() {
        assert!(settings().problems(Decimal::from(50)).is_empty());
    }

    #[test]
    fn every_bad_setting_is_reported() {
        let mut bad = settings();
        bad.duration_minutes = Some(0);
        bad.discrepancy = Some(Decimal::from(60));
        bad.modalities
            .push(("scolaire".to_owned(), Modality::PonctuelOral));
        let problems = bad.problems(Decimal::from(50));
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["duration", "discrepancy", "modalities"]);
        assert!(problems[1].1.contains("au plus 50 points"));
        let mut missing = settings();
        missing.discrepancy = None;
        assert_eq!(missing.problems(Decimal::from(50))[0].0, "discrepancy");
        // Criteria épreuves: double marking without a points gap is fine.
        assert!(missing.problems(Decimal::ZERO).is_empty());
        let mut single = settings();
        single.double_marking = false;
        assert!(
            single.problems(Decimal::from(50))[0]
                .1
                .contains("double correction")
        );
    }
}
