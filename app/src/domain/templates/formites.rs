//! Template A — seed 000 (FORMITES): Assistant(e) de formation. Six competences assessed
//! by a written report and a 15-minute interview; certified with at least 85 % of the
//! criteria met, no partial validation, attendance at 80 % of the training required.

use rust_decimal_macros::dec;

use super::{CertificationKind, EpreuveKind, EpreuveTemplate, Template};
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, Criterion, DecisionRules,
    GRID_FORMAT, Grid, Prerequisite, Threshold, Unit, UnitKind,
};

const UNIT: &str = "ADF";
const REPORT: &str = "RAPPORT";
const INTERVIEW: &str = "ENTRETIEN";

/// The six competences of the seed, each an evaluation criterion.
const COMPETENCES: [&str; 6] = [
    "Mettre en place les procédures administratives en corrélation avec les obligations de la DREETS, de la DGCCRF et du RGPD, en réalisant une veille sur les évolutions",
    "Réaliser le suivi des 32 indicateurs QUALIOPI et les documents associés, grâce à des procédures administratives et un classement rigoureux",
    "Assurer une publication de l'offre de formation sur les outils disponibles (EDOF, CARIF OREF, site internet, réseaux sociaux…) en respectant les règles de communication et en assurant une communication inclusive",
    "Accueillir les candidats à la formation avec une procédure d'accueil permettant de proposer une action et un financement adaptés à leur profil et à leurs attentes",
    "Assurer le suivi satisfaction et insertion durant, en fin et après la formation, selon les règles du financeur et du commanditaire, pour établir les bilans qualitatifs et quantitatifs",
    "Organiser la tenue du dossier candidat et de l'action de formation, de l'entrée en formation jusqu'à la clôture de l'action",
];

/// The grid.
pub fn grid() -> Grid {
    let criteria = COMPETENCES
        .iter()
        .enumerate()
        // Seed 000: the interview can validate criteria the report could not.
        .map(|(i, label)| Criterion::new(&format!("C{}", i + 1), label, UNIT, &[REPORT, INTERVIEW]))
        .collect();
    Grid {
        format: GRID_FORMAT,
        scale: dec!(20),
        units: vec![Unit::new(UNIT, "Compétences attestées (C1 à C6)", UnitKind::Bloc, Aggregation::CriteriaRatio)],
        competences: Vec::new(),
        components: vec![
            Component::criteria(
                REPORT,
                "Rapport écrit remis sur la plateforme un mois après la formation",
                UNIT,
                ComponentRole::Professional,
                AbsenceRule::NoFullCertification,
            ),
            Component::criteria(
                INTERVIEW,
                "Entretien technique avec le jury (15 min)",
                UNIT,
                ComponentRole::Exam,
                AbsenceRule::NoFullCertification,
            ),
        ],
        criteria,
        decision: DecisionRules {
            full_certification: vec![Condition::CriteriaRatio { threshold: Threshold::at_least(dec!(85)) }],
            partial_validation: false,
        },
        prerequisites: vec![Prerequisite::MinAttendance { percent: dec!(80) }],
        penalties: Vec::new(),
        notes: vec![
            "Le document source ne détaille pas de critères sous les six compétences : chaque compétence est un critère. Avec six critères, 85 % exigent les six ; le certificateur peut détailler les critères.".to_owned(),
            "Un critère est satisfait s'il l'est dans le rapport ou lors de l'entretien.".to_owned(),
        ],
    }
}

/// Template A.
pub fn assistant_formation_formites() -> Template {
    Template {
        key: "A",
        code: "FORMITES-ADF",
        title: "Assistant(e) de formation",
        certifier: "FORMITES",
        kind: CertificationKind::TitreRncp,
        level: None,
        capitalisation_years: None,
        retake: None,
        categories: Vec::new(),
        epreuves: vec![
            EpreuveTemplate {
                component: REPORT.to_owned(),
                kind: EpreuveKind::WrittenReport,
                duration_minutes: None,
                phases: Vec::new(),
                remote_allowed: true,
                modalities: Vec::new(),
            },
            EpreuveTemplate {
                component: INTERVIEW.to_owned(),
                kind: EpreuveKind::Interview,
                duration_minutes: Some(15),
                phases: Vec::new(),
                remote_allowed: false,
                modalities: Vec::new(),
            },
        ],
        grid: grid(),
    }
}
