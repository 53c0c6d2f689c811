//! The five seed certifications (shared/seeds/) as built-in templates: identity,
//! épreuves and the scoring grid, in the same `Grid` format the certifier's editor
//! produces. Where a seed is silent, the template says so in `grid.notes` and uses an
//! explicit, editable default.

mod bac_pro_agora;
mod cqp_assistant;
mod cqp_gestionnaire;
mod formites;
mod office_manager;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::scoring::grid::{Grid, UnitKind};

pub use bac_pro_agora::bac_pro_agora;
pub use cqp_assistant::cqp_assistant_formation;
pub use cqp_gestionnaire::cqp_gestionnaire_dispositifs;
pub use formites::assistant_formation_formites;
pub use office_manager::office_manager_junior;

/// Kind of certification, as the registers name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificationKind {
    /// Titre inscrit au RNCP.
    TitreRncp,
    /// Certificat de qualification professionnelle.
    Cqp,
    /// Diplôme d'État (baccalauréat professionnel…).
    Diplome,
}

impl CertificationKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [CertificationKind; 3] = [
        CertificationKind::TitreRncp,
        CertificationKind::Cqp,
        CertificationKind::Diplome,
    ];

    /// Form value.
    pub fn code(self) -> &'static str {
        match self {
            CertificationKind::TitreRncp => "titre_rncp",
            CertificationKind::Cqp => "cqp",
            CertificationKind::Diplome => "diplome",
        }
    }

    /// Reads a form value.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            CertificationKind::TitreRncp => "Titre RNCP",
            CertificationKind::Cqp => "CQP",
            CertificationKind::Diplome => "Diplôme",
        }
    }
}

/// How an épreuve is taken (seed 003).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Contrôle en cours de formation.
    Ccf,
    PonctuelEcrit,
    PonctuelOral,
    PonctuelPratique,
    /// Seed 003, bloc 1 for candidates outside the contract: "ponctuel oral et pratique".
    PonctuelOralPratique,
}

impl Modality {
    /// Every modality, in the order forms offer them.
    pub const ALL: [Modality; 5] = [
        Modality::Ccf,
        Modality::PonctuelEcrit,
        Modality::PonctuelOral,
        Modality::PonctuelPratique,
        Modality::PonctuelOralPratique,
    ];

    /// Form value.
    pub fn code(self) -> &'static str {
        match self {
            Modality::Ccf => "ccf",
            Modality::PonctuelEcrit => "ponctuel_ecrit",
            Modality::PonctuelOral => "ponctuel_oral",
            Modality::PonctuelPratique => "ponctuel_pratique",
            Modality::PonctuelOralPratique => "ponctuel_oral_pratique",
        }
    }

    /// Reads a form value.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Modality::Ccf => "Contrôle en cours de formation (CCF)",
            Modality::PonctuelEcrit => "Épreuve ponctuelle écrite",
            Modality::PonctuelOral => "Épreuve ponctuelle orale",
            Modality::PonctuelPratique => "Épreuve ponctuelle pratique",
            Modality::PonctuelOralPratique => "Épreuve ponctuelle orale et pratique",
        }
    }
}

/// Kind of épreuve (SPEC glossary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EpreuveKind {
    WrittenReport,
    Interview,
    CaseStudy,
    WrittenExam,
    Oral,
    Simulation,
    FileAndInterview,
    Practical,
    /// Contrôle continu: a training module marked during the course (seed 004).
    ContinuousAssessment,
    /// The tutor's evaluation of the period in the company (seed 004).
    TutorEvaluation,
}

impl EpreuveKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [EpreuveKind; 10] = [
        EpreuveKind::WrittenExam,
        EpreuveKind::CaseStudy,
        EpreuveKind::WrittenReport,
        EpreuveKind::Oral,
        EpreuveKind::Interview,
        EpreuveKind::FileAndInterview,
        EpreuveKind::Simulation,
        EpreuveKind::Practical,
        EpreuveKind::ContinuousAssessment,
        EpreuveKind::TutorEvaluation,
    ];

    /// Form value.
    pub fn code(self) -> &'static str {
        match self {
            EpreuveKind::WrittenReport => "written_report",
            EpreuveKind::Interview => "interview",
            EpreuveKind::CaseStudy => "case_study",
            EpreuveKind::WrittenExam => "written_exam",
            EpreuveKind::Oral => "oral",
            EpreuveKind::Simulation => "simulation",
            EpreuveKind::FileAndInterview => "file_and_interview",
            EpreuveKind::Practical => "practical",
            EpreuveKind::ContinuousAssessment => "continuous",
            EpreuveKind::TutorEvaluation => "tutor_evaluation",
        }
    }

    /// Reads a form value.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            EpreuveKind::WrittenReport => "Rapport écrit",
            EpreuveKind::Interview => "Entretien",
            EpreuveKind::CaseStudy => "Étude de cas",
            EpreuveKind::WrittenExam => "Épreuve écrite",
            EpreuveKind::Oral => "Épreuve orale",
            EpreuveKind::Simulation => "Mise en situation professionnelle",
            EpreuveKind::FileAndInterview => "Dossier et entretien",
            EpreuveKind::Practical => "Épreuve pratique",
            EpreuveKind::ContinuousAssessment => "Contrôle continu",
            EpreuveKind::TutorEvaluation => "Évaluation du tuteur",
        }
    }
}

/// A category of candidates that decides the modality of each épreuve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CandidateCategory {
    pub code: &'static str,
    pub label: &'static str,
}

/// The French label of a candidate category code of any template (the code itself when
/// no template knows it).
pub fn category_label(code: &str) -> String {
    all()
        .iter()
        .flat_map(|t| t.categories.iter())
        .find(|c| c.code == code)
        .map_or_else(|| code.to_owned(), |c| c.label.to_owned())
}

/// A category typed by a person or a file, read against the session's categories (code
/// or French label, in any case): its code, or the French refusal.
pub fn resolve_category(
    text: &str,
    allowed: &[(String, String)],
) -> Result<Option<String>, String> {
    let typed = super::table::normalise(text);
    if typed.is_empty() {
        return Ok(None);
    }
    if allowed.is_empty() {
        return Ok(Some(text.trim().to_owned()));
    }
    allowed
        .iter()
        .find(|(code, label)| {
            super::table::normalise(code) == typed || super::table::normalise(label) == typed
        })
        .map(|(code, _)| Some(code.clone()))
        .ok_or_else(|| {
            format!(
                "catégorie « {} » inconnue pour cette certification (attendu : {})",
                text.chars().take(60).collect::<String>(),
                allowed
                    .iter()
                    .map(|(code, label)| format!("{code} — {label}"))
                    .collect::<Vec<_>>()
                    .join(" ; ")
            )
        })
}

/// A timed part of an épreuve (seed 002: 15 min preparation + 15 min simulation…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub label: &'static str,
    pub minutes: u32,
}

/// An épreuve of a template: the grid component it marks, and how it is held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EpreuveTemplate {
    /// Code of the grid component.
    pub component: String,
    pub kind: EpreuveKind,
    pub duration_minutes: Option<u32>,
    pub phases: Vec<Phase>,
    pub remote_allowed: bool,
    /// Modality per candidate category (empty: the same for everyone).
    pub modalities: Vec<(&'static str, Modality)>,
}

/// A bloc de compétences of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlocTemplate {
    pub code: String,
    pub title: String,
    pub mandatory: bool,
}

/// A built-in certification template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Template {
    /// Stable identifier: `A` … `E`.
    pub key: &'static str,
    /// Registration code (RNCP, or the certifier's own code where the seed gives none).
    pub code: &'static str,
    pub title: &'static str,
    pub certifier: &'static str,
    pub kind: CertificationKind,
    pub level: Option<&'static str>,
    /// How long a validated bloc stays acquired, when the seed says.
    pub capitalisation_years: Option<u8>,
    /// How often a non-validated bloc may be retaken, when the seed says.
    pub retake: Option<super::retake::RetakePolicy>,
    pub categories: Vec<CandidateCategory>,
    pub epreuves: Vec<EpreuveTemplate>,
    pub grid: Grid,
}

impl Template {
    /// Blocs and optional units of the grid (groups such as the professional
    /// evaluation are not blocs).
    pub fn blocs(&self) -> Vec<BlocTemplate> {
        self.grid
            .units
            .iter()
            .filter(|u| u.kind != UnitKind::Group)
            .map(|u| BlocTemplate {
                code: u.code.clone(),
                title: u.title.clone(),
                mandatory: u.kind == UnitKind::Bloc,
            })
            .collect()
    }

    /// Whether blocs can be validated on their own.
    pub fn partial_validation(&self) -> bool {
        self.grid.decision.partial_validation
    }

    /// Minimum attendance at training hours, in percent, when required.
    pub fn min_attendance_percent(&self) -> Option<Decimal> {
        self.grid.prerequisites.iter().find_map(|p| match p {
            super::scoring::grid::Prerequisite::MinAttendance { percent } => Some(*percent),
        })
    }
}

/// Key of the template a certification made from scratch starts from.
pub const BLANK: &str = "vierge";

/// A référentiel to fill in: one bloc with one written épreuve out of 20 (see
/// `scoring::edit::starter_grid`), edited afterwards through the forms.
pub fn blank(kind: CertificationKind) -> Template {
    Template {
        key: BLANK,
        code: "",
        title: "",
        certifier: "",
        kind,
        level: None,
        capitalisation_years: Some(5),
        retake: None,
        categories: Vec::new(),
        epreuves: vec![EpreuveTemplate {
            component: "BC01.E1".to_owned(),
            kind: EpreuveKind::WrittenExam,
            duration_minutes: Some(120),
            phases: Vec::new(),
            remote_allowed: false,
            modalities: Vec::new(),
        }],
        grid: super::scoring::edit::starter_grid(),
    }
}

/// The five built-in templates, A to E.
pub fn all() -> Vec<Template> {
    vec![
        assistant_formation_formites(),
        cqp_assistant_formation(),
        cqp_gestionnaire_dispositifs(),
        bac_pro_agora(),
        office_manager_junior(),
    ]
}

/// A template by its key (`A`…`E`, case-insensitive) or its code (`RNCP36390`).
pub fn find(key_or_code: &str) -> Option<Template> {
    all().into_iter().find(|t| {
        t.key.eq_ignore_ascii_case(key_or_code) || t.code.eq_ignore_ascii_case(key_or_code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::validate::validate;
    use std::collections::HashSet;

    #[test]
    fn every_template_grid_passes_validation() {
        for template in all() {
            let problems = validate(template.grid.clone()).err().unwrap_or_default();
            assert!(problems.is_empty(), "{}: {problems:?}", template.key);
        }
    }

    #[test]
    fn templates_have_unique_keys_and_codes_and_their_epreuves_exist_in_the_grid() {
        let templates = all();
        assert_eq!(
            templates
                .iter()
                .map(|t| t.key)
                .collect::<HashSet<_>>()
                .len(),
            5
        );
        assert_eq!(
            templates
                .iter()
                .map(|t| t.code)
                .collect::<HashSet<_>>()
                .len(),
            5
        );
        for template in &templates {
            for epreuve in &template.epreuves {
                assert!(
                    template
                        .grid
                        .components
                        .iter()
                        .any(|c| c.code == epreuve.component),
                    "{}: {}",
                    template.key,
                    epreuve.component
                );
                for (category, _) in &epreuve.modalities {
                    assert!(
                        template.categories.iter().any(|c| c.code == *category),
                        "{category}"
                    );
                }
            }
        }
    }

    #[test]
    fn templates_are_found_by_key_or_code() {
        assert_eq!(find("e").map(|t| t.code), Some("RNCP36390"));
        assert_eq!(find("RNCP40705").map(|t| t.key), Some("D"));
        assert!(find("Z").is_none());
    }

    #[test]
    fn grid_json_round_trips_for_every_template() {
        for template in all() {
            let json = serde_json::to_string(&template.grid).expect("serialise");
            let back: Grid = serde_json::from_str(&json).expect("parse");
            assert_eq!(back, template.grid, "{}", template.key);
        }
    }

    #[test]
    fn a_category_is_read_by_code_or_label_and_an_unknown_one_is_refused() {
        let allowed: Vec<(String, String)> = bac_pro_agora()
            .categories
            .iter()
            .map(|c| (c.code.to_owned(), c.label.to_owned()))
            .collect();
        assert_eq!(
            resolve_category("FPC_PUBLIC_HABILITE", &allowed),
            Ok(Some("fpc_public_habilite".to_owned()))
        );
        assert_eq!(
            resolve_category(
                "formation professionnelle continue en établissement public habilité",
                &allowed
            ),
            Ok(Some("fpc_public_habilite".to_owned()))
        );
        assert_eq!(resolve_category("", &allowed), Ok(None));
        assert!(
            resolve_category("lycée", &allowed)
                .unwrap_err()
                .contains("inconnue")
        );
        assert_eq!(
            category_label("fpc_public_habilite"),
            "Formation professionnelle continue en établissement public habilité"
        );
    }
}
