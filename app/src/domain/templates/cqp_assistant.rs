//! Template B — seed 001: CQP Assistant(e) de formation. Four competences with their
//! numbered elements (8, 7, 11 and 5). The seed gives no scoring rule: criteria-based
//! per bloc is the default, every threshold editable.

use rust_decimal_macros::dec;

use super::{CertificationKind, EpreuveKind, EpreuveTemplate, Template};
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, Criterion, DecisionRules,
    GRID_FORMAT, Grid, Threshold, Unit, UnitKind,
};

/// (bloc code, competence title, elements of the competence), as in the seed.
const COMPETENCES: [(&str, &str, &[&str]); 4] = [
    (
        "CQP-ADF-C1",
        "Traiter les informations permettant le suivi administratif des prestations de formation",
        &[
            "Identifier les acteurs clés internes et externes en lien avec les prestations de formation et leur rôle",
            "Rechercher les informations sur les prestations de formation",
            "Réaliser, suivre et mettre à jour les dossiers des apprenants et les dossiers concernant les prestations de formation",
            "Saisir des informations concernant les prestations de formation et les apprenants dans des bases de données et logiciels adaptés",
            "Identifier les écarts et mettre en œuvre les mesures appropriées (par exemple : informations des interlocuteurs appropriés, proposition de solutions, traitement des anomalies)",
            "Réaliser les bilans des formations",
            "Vérifier la conformité des documents de fin de prestation de formation et les éditer",
            "Classer et archiver les dossiers liés aux formations et aux apprenants selon les règles et procédures en vigueur dans l’entreprise",
        ],
    ),
    (
        "CQP-ADF-C2",
        "Organiser son activité et la logistique des prestations de formation",
        &[
            "S’organiser afin de réaliser l’ensemble de ses activités en fonction des besoins et des priorités de ses interlocuteurs (clients, organisme financeurs, prescripteurs, entreprises et apprenants)",
            "Effectuer les réservations des différents moyens nécessaires à la réalisation de la prestation de formation (par exemple : salle, matériel, logiciel, documents)",
            "Préparer les documents nécessaires aux prestations de formation, aux évaluations et aux jurys",
            "Vérifier le planning des formations, la disponibilité de moyens nécessaires aux prestations de formation et la présence des apprenants et des formateurs",
            "Suivre la réalisation des évaluations, recueillir les résultats des évaluations et effectuer les relances des formateurs en cas de retard",
            "S’assurer de la qualité de la prestation réalisée",
            "Identifier les points d’amélioration de la réalisation de la prestation à son niveau d’activité",
        ],
    ),
    (
        "CQP-ADF-C3",
        "Accueillir, informer et réaliser le suivi de différents interlocuteurs (clients, apprenants, organismes financeurs, prescripteurs, entreprises)",
        &[
            "Etablir un contact efficace et adapté à différents interlocuteurs",
            "Conduire des échanges avec différents interlocuteurs en créant des conditions favorables à l’entrée en contact et à l’échange (intérêt, écoute, reformulation)",
            "Conduire un questionnement adapté et efficace afin de repérer le profil et le besoin de l’interlocuteur",
            "Apporter une réponse ou solution adaptée aux besoins de l’interlocuteur",
            "Répondre aux objections de l’interlocuteur",
            "Accompagner et suivre les apprenants lors des prestations de formations",
            "Articuler plusieurs situations d’échanges simultanées avec différents interlocuteurs (par exemple au téléphone et en face à face)",
            "Conclure les échanges",
            "Gérer les besoins de communication de son interlocuteur, les réclamations et les remarques durant la réalisation de la prestation",
            "Adopter, en toutes circonstances, une attitude professionnelle et une présentation en cohérence avec l’image de l’entreprise",
            "Evaluer et améliorer les conditions d’accueil, d’information et de suivi à son niveau d’activité",
        ],
    ),
    (
        "CQP-ADF-C4",
        "Traiter les aléas et les situations difficiles",
        &[
            "Identifier tout aléa lié aux prestations de formation et mettre en œuvre les mesures adaptées (par exemple : alerte, vérification de la résolution de l’incident, traitement de l’aléa)",
            "Identifier les problèmes et difficultés rencontrés par les apprenants",
            "Analyser les situations difficiles et l’impact pour les différents interlocuteurs et pour l’entreprise",
            "Gérer les situations de tension avec différents interlocuteurs dans son champ d’activité",
            "Conclure efficacement une situation difficile",
        ],
    ),
];

/// Default share of a competence's elements to master, in percent (not in the seed).
const DEFAULT_RATIO: rust_decimal::Decimal = dec!(75);

/// The grid: one criteria-based évaluation per competence.
pub fn grid() -> Grid {
    let mut units = Vec::new();
    let mut components = Vec::new();
    let mut criteria = Vec::new();
    for (code, title, elements) in COMPETENCES {
        units.push(
            Unit::new(code, title, UnitKind::Bloc, Aggregation::CriteriaRatio)
                .validated_at(Threshold::at_least(DEFAULT_RATIO)),
        );
        let component = format!("{code}.EVAL");
        components.push(Component::criteria(
            &component,
            &format!("Évaluation — {title}"),
            code,
            ComponentRole::Exam,
            AbsenceRule::UnitNotValidated,
        ));
        for (i, element) in elements.iter().enumerate() {
            criteria.push(Criterion::new(
                &format!("{code}.{}", i + 1),
                element,
                code,
                &[component.as_str()],
            ));
        }
    }
    Grid {
        format: GRID_FORMAT,
        scale: dec!(20),
        units,
        competences: Vec::new(),
        components,
        criteria,
        decision: DecisionRules { full_certification: vec![Condition::AllBlocsValidated], partial_validation: true },
        prerequisites: Vec::new(),
        penalties: Vec::new(),
        notes: vec![
            "Le référentiel ne fixe aucune règle de notation : chaque compétence est évaluée par ses éléments (critères), validée à partir de 75 % d'éléments maîtrisés ; le CQP est obtenu quand les quatre compétences sont validées. Seuils et modalités sont des choix par défaut, modifiables.".to_owned(),
            "Le référentiel ne décrit pas les épreuves : une évaluation par compétence est proposée par défaut.".to_owned(),
        ],
    }
}

/// Template B.
pub fn cqp_assistant_formation() -> Template {
    Template {
        key: "B",
        code: "CQP-ADF",
        title: "CQP Assistant(e) de formation",
        certifier: "Branche des organismes de formation",
        kind: CertificationKind::Cqp,
        level: None,
        capitalisation_years: None,
        retake: None,
        categories: Vec::new(),
        epreuves: COMPETENCES
            .iter()
            .map(|(code, _, _)| EpreuveTemplate {
                component: format!("{code}.EVAL"),
                kind: EpreuveKind::Simulation,
                duration_minutes: None,
                phases: Vec::new(),
                remote_allowed: false,
                modalities: Vec::new(),
            })
            .collect(),
        grid: grid(),
    }
}
