//! Template D — seed 003: baccalauréat professionnel AGORA (RNCP40705), twelve blocs,
//! one épreuve each, optional units, modality per candidate category.

use rust_decimal_macros::dec;

use super::{
    CandidateCategory, CertificationKind, EpreuveKind, EpreuveTemplate, Modality, Template,
};
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, DecisionRules, GRID_FORMAT,
    Grid, Threshold, Unit, UnitKind,
};

/// Categories of candidates (seed 003, "modalités d'évaluation").
const SCHOOL: &str = "etablissement_public_ou_sous_contrat";
const PRIVATE: &str = "hors_contrat_ou_non_habilite";
const CONTINUING_PUBLIC: &str = "fpc_public_habilite";

fn categories() -> Vec<CandidateCategory> {
    vec![
        CandidateCategory {
            code: SCHOOL,
            label: "Scolaire (public ou privé sous contrat), apprenti d'un CFA ou d'une section habilités, formation continue en établissement public",
        },
        CandidateCategory {
            code: PRIVATE,
            label: "Scolaire hors contrat, apprenti d'un CFA non habilité, formation continue en établissement privé, 3 ans d'activité professionnelle, enseignement à distance",
        },
        CandidateCategory {
            code: CONTINUING_PUBLIC,
            label: "Formation professionnelle continue en établissement public habilité",
        },
    ]
}

/// (code, title, modality for `SCHOOL`, modality for `PRIVATE`); `CONTINUING_PUBLIC` is
/// always CCF.
const BLOCS: [(&str, &str, Modality, Modality); 12] = [
    (
        "RNCP40705BC01",
        "Gérer des relations avec les clients, les usagers et les adhérents",
        Modality::Ccf,
        Modality::PonctuelOral,
    ),
    (
        "RNCP40705BC02",
        "Organiser et suivre l'activité de production (de biens ou de services)",
        Modality::PonctuelEcrit,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC03",
        "Administrer le personnel",
        Modality::Ccf,
        Modality::PonctuelOral,
    ),
    (
        "RNCP40705BC04",
        "Prévention-santé-environnement",
        Modality::PonctuelEcrit,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC05",
        "Économie-droit",
        Modality::PonctuelEcrit,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC06",
        "Mathématiques",
        Modality::Ccf,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC07",
        "Langue vivante A",
        Modality::Ccf,
        Modality::PonctuelOral,
    ),
    (
        "RNCP40705BC08",
        "Langue vivante B",
        Modality::Ccf,
        Modality::PonctuelOral,
    ),
    (
        "RNCP40705BC09",
        "Français",
        Modality::PonctuelEcrit,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC10",
        "Histoire-géographie et éducation civique",
        Modality::PonctuelEcrit,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC11",
        "Arts appliqués et cultures artistiques",
        Modality::Ccf,
        Modality::PonctuelEcrit,
    ),
    (
        "RNCP40705BC12",
        "Éducation physique et sportive",
        Modality::Ccf,
        Modality::PonctuelPratique,
    ),
];

const OPTIONAL: [(&str, &str); 3] = [
    (
        "RNCP40705-FAC1",
        "Unité facultative : langue vivante ou langue des signes française",
    ),
    ("RNCP40705-FAC2", "Unité facultative : mobilité"),
    ("RNCP40705-FAC3", "Unité facultative : secteur sportif"),
];

fn epreuve_code(unit: &str) -> String {
    format!("{unit}.EP")
}

/// The grid: weighted average ≥ 10/20; units at 10/20 give a bloc attestation.
pub fn grid() -> Grid {
    let mut units = Vec::new();
    let mut components = Vec::new();
    for (code, title, _, _) in BLOCS {
        // Seed 003: a unit with a mark of at least 10/20 gives an attestation (bloc).
        units.push(
            Unit::new(code, title, UnitKind::Bloc, Aggregation::WeightedAverage)
                .validated_at(Threshold::at_least(dec!(10))),
        );
        components.push(Component::points(
            &epreuve_code(code),
            &format!("Épreuve — {title}"),
            code,
            ComponentRole::Exam,
            dec!(20),
            AbsenceRule::Zero,
        ));
    }
    for (code, title) in OPTIONAL {
        units.push(Unit::new(
            code,
            title,
            UnitKind::Optional,
            Aggregation::WeightedAverage,
        ));
        components.push(Component::points(
            &epreuve_code(code),
            &format!("Épreuve — {title}"),
            code,
            ComponentRole::Exam,
            dec!(20),
            AbsenceRule::Zero,
        ));
    }
    Grid {
        format: GRID_FORMAT,
        scale: dec!(20),
        units,
        competences: Vec::new(),
        components,
        criteria: Vec::new(),
        decision: DecisionRules {
            full_certification: vec![Condition::Average { threshold: Threshold::at_least(dec!(10)) }],
            partial_validation: true,
        },
        prerequisites: Vec::new(),
        penalties: Vec::new(),
        notes: vec![
            "Le document source dit « note moyenne supérieure à 10/20 » ; la réglementation du baccalauréat professionnel dit « égale ou supérieure ». Le modèle applique « au moins 10/20 » ; l'opérateur est un réglage de la grille.".to_owned(),
            "Les coefficients des épreuves ne figurent pas dans le document source : coefficient 1 par défaut pour chaque unité, à saisir par le certificateur.".to_owned(),
            "Unités facultatives : seuls les points au-dessus de 10/20 comptent, multipliés par leur coefficient et ajoutés à la moyenne.".to_owned(),
            "Un candidat ayant déjà validé un bloc peut être dispensé de l'épreuve correspondante : le bloc capitalisé est exclu de la moyenne.".to_owned(),
            "Absence injustifiée : note 0 à l'épreuve (le document source ne fixe pas d'autre règle).".to_owned(),
        ],
    }
}

/// Template D.
pub fn bac_pro_agora() -> Template {
    let mut epreuves: Vec<EpreuveTemplate> = BLOCS
        .iter()
        .map(|(code, _, school, private)| EpreuveTemplate {
            component: epreuve_code(code),
            // The kind of the one-off (ponctuel) form; in CCF it is held during training.
            kind: match private {
                Modality::PonctuelOral => EpreuveKind::Oral,
                Modality::PonctuelPratique => EpreuveKind::Practical,
                Modality::Ccf | Modality::PonctuelEcrit => EpreuveKind::WrittenExam,
            },
            duration_minutes: None,
            phases: Vec::new(),
            remote_allowed: false,
            modalities: vec![
                (SCHOOL, *school),
                (PRIVATE, *private),
                (CONTINUING_PUBLIC, Modality::Ccf),
            ],
        })
        .collect();
    epreuves.extend(OPTIONAL.iter().map(|(code, _)| EpreuveTemplate {
        component: epreuve_code(code),
        kind: if code.ends_with("FAC3") {
            EpreuveKind::Practical
        } else {
            EpreuveKind::Oral
        },
        duration_minutes: None,
        phases: Vec::new(),
        remote_allowed: false,
        modalities: Vec::new(),
    }));
    Template {
        key: "D",
        code: "RNCP40705",
        title: "Baccalauréat professionnel Assistance à la gestion des organisations et de leurs activités (AGORA)",
        certifier: "Ministère de l'Éducation nationale",
        kind: CertificationKind::Diplome,
        level: Some("4"),
        capitalisation_years: Some(5),
        retake: None,
        categories: categories(),
        epreuves,
        grid: grid(),
    }
}
