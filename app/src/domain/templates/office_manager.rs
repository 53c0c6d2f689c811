//! Template E — seed 004 (CCI France): Assistant(e) de gestion et d'administration
//! d'entreprise — Office Manager junior, RNCP36390, 1000 points.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{CertificationKind, EpreuveKind, EpreuveTemplate, Template};
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, DecisionRules, GRID_FORMAT,
    Grid, Penalty, PenaltyAction, PenaltyBand, Threshold, Unit, UnitKind,
};

/// The professional evaluation (not a bloc: it conditions the full certification).
pub const PROFESSIONAL: &str = "PRO";

fn bloc(code: &str, title: &str) -> Unit {
    // Seed 004: a bloc is validated at 10/20 and eliminatory below 8/20.
    Unit::new(code, title, UnitKind::Bloc, Aggregation::Sum)
        .validated_at(Threshold::at_least(dec!(10)))
        .eliminatory_below(dec!(8))
}

fn ca(code: &str, title: &str, unit: &str, max: Decimal) -> Component {
    // Seed 004: an unjustified absence at a continuous assessment gets 0.
    Component::points(
        code,
        title,
        unit,
        ComponentRole::ContinuousAssessment,
        max,
        AbsenceRule::Zero,
    )
}

fn exam(code: &str, title: &str, unit: &str, max: Decimal) -> Component {
    // Seed 004: not sitting at least one bloc exam means the bloc is not validated.
    Component::points(
        code,
        title,
        unit,
        ComponentRole::Exam,
        max,
        AbsenceRule::UnitNotValidated,
    )
}

fn professional(code: &str, title: &str, max: Decimal) -> Component {
    // Seed 004: no company period, no report or no defence: no full certification,
    // validated blocs kept.
    Component::points(
        code,
        title,
        PROFESSIONAL,
        ComponentRole::Professional,
        max,
        AbsenceRule::NoFullCertification,
    )
}

fn epreuve(component: &'static str, kind: EpreuveKind, minutes: Option<u32>) -> EpreuveTemplate {
    EpreuveTemplate {
        component: component.to_owned(),
        kind,
        duration_minutes: minutes,
        phases: Vec::new(),
        remote_allowed: false,
        modalities: Vec::new(),
    }
}

/// The full 1000-point grid.
pub fn grid() -> Grid {
    let units = vec![
        bloc(
            "RNCP36390BC01",
            "Participer à l'optimisation du fonctionnement interne de l'unité/service sur les plans administratif et organisationnel",
        ),
        bloc(
            "RNCP36390BC02",
            "Opérer le suivi administratif et des conditions de travail du personnel de l'unité/service",
        ),
        bloc(
            "RNCP36390BC03",
            "Préparer et suivre les éléments de gestion comptable et budgétaire de l'unité/service",
        ),
        bloc(
            "RNCP36390BC04",
            "Participer au développement commercial de l'unité/service",
        ),
        Unit::new(
            PROFESSIONAL,
            "Pratique professionnelle et évaluation — mission en entreprise",
            UnitKind::Group,
            Aggregation::Sum,
        )
        .validated_at(Threshold::at_least(dec!(10))),
    ];
    let b1 = "RNCP36390BC01";
    let b2 = "RNCP36390BC02";
    let b3 = "RNCP36390BC03";
    let b4 = "RNCP36390BC04";
    let components = vec![
        ca(
            "M1.1",
            "M1.1 — Maîtriser les écrits professionnels",
            b1,
            dec!(40),
        ),
        ca(
            "M1.4",
            "M1.4 — Gérer les réunions et les déplacements des collaborateurs",
            b1,
            dec!(10),
        ),
        ca(
            "M1.6",
            "M1.6 — Élaborer les outils de pilotage propres à l'activité",
            b1,
            dec!(20),
        ),
        ca(
            "M1.7",
            "M1.7 — Rechercher, formaliser et diffuser l'information",
            b1,
            dec!(30),
        ),
        exam(
            "B1.E1",
            "Bloc 1 — Production écrite : rapport individuel",
            b1,
            dec!(50),
        ),
        exam(
            "B1.E2",
            "Bloc 1 — Étude de cas (3 h) : agenda, réunions, déplacements et achats",
            b1,
            dec!(50),
        ),
        exam(
            "B1.E3",
            "Bloc 1 — Étude de cas (3 h) : dossiers et supports professionnels",
            b1,
            dec!(50),
        ),
        ca(
            "M2.2",
            "M2.2 — Effectuer les formalités d'entrée et de sortie d'un collaborateur",
            b2,
            dec!(30),
        ),
        ca(
            "M2.4",
            "M2.4 — Accompagner les salariés au quotidien",
            b2,
            dec!(20),
        ),
        ca(
            "M2.6",
            "M2.6 — Participer au bon fonctionnement du CSE de l'entreprise",
            b2,
            dec!(10),
        ),
        ca(
            "M2.7",
            "M2.7 — Contribuer à la diffusion de l'information sociale",
            b2,
            dec!(10),
        ),
        exam(
            "B2.E1",
            "Bloc 2 — Étude de cas : gestion administrative du contrat de travail",
            b2,
            dec!(60),
        ),
        exam(
            "B2.E2",
            "Bloc 2 — Étude de cas : fonctionnement du CSE et diffusion de l'information sociale",
            b2,
            dec!(45),
        ),
        ca(
            "M3.1",
            "M3.1 — Établir, enregistrer et suivre le règlement des factures",
            b3,
            dec!(30),
        ),
        ca(
            "M3.2",
            "M3.2 — Assurer le suivi de la trésorerie de l'entité",
            b3,
            dec!(10),
        ),
        ca(
            "M3.3",
            "M3.3 — Réaliser la déclaration de la TVA",
            b3,
            dec!(10),
        ),
        ca(
            "M3.4",
            "M3.4 — Préparer les éléments comptables",
            b3,
            dec!(20),
        ),
        exam(
            "B3.E1",
            "Bloc 3 — Étude de cas sur table (3 h 30)",
            b3,
            dec!(105),
        ),
        ca(
            "M4.1",
            "M4.1 — Être un professionnel de l'accueil omnicanal",
            b4,
            dec!(20),
        ),
        ca(
            "M4.2",
            "M4.2 — Participer à la prospection omnicanale de nouveaux clients",
            b4,
            dec!(15),
        ),
        ca("M4.3", "M4.3 — Assurer le suivi des clients", b4, dec!(15)),
        ca(
            "M4.4",
            "M4.4 — Participer au reporting de l'activité commerciale",
            b4,
            dec!(10),
        ),
        exam(
            "B4.E1",
            "Bloc 4 — Étude de cas sur poste informatique (2 h 30), sujet national",
            b4,
            dec!(60),
        ),
        exam(
            "B4.E2",
            "Bloc 4 — Oral : entretien d'accueil en face à face",
            b4,
            dec!(20),
        ),
        exam(
            "B4.E3",
            "Bloc 4 — Oral : entretien téléphonique de prospection",
            b4,
            dec!(10),
        ),
        professional(
            "PRO.ECRIT",
            "Évaluation professionnelle — écrit (mémoire)",
            dec!(125),
        ),
        professional(
            "PRO.ORAL",
            "Évaluation professionnelle — soutenance orale",
            dec!(75),
        ),
        professional(
            "PRO.TUTEUR",
            "Évaluation professionnelle — évaluation du tuteur",
            dec!(50),
        ),
    ];
    let band = |above, up_to, action| PenaltyBand {
        above,
        up_to,
        action,
    };
    Grid {
        format: GRID_FORMAT,
        scale: dec!(20),
        units,
        competences: Vec::new(),
        components,
        criteria: Vec::new(),
        decision: DecisionRules {
            full_certification: vec![
                Condition::TotalPoints { threshold: Threshold::at_least(dec!(500)) },
                Condition::NoEliminatoryUnit,
                Condition::UnitValidated { unit: PROFESSIONAL.to_owned() },
            ],
            partial_validation: true,
        },
        prerequisites: Vec::new(),
        penalties: vec![Penalty {
            component: "PRO.TUTEUR".to_owned(),
            bands: vec![
                band(dec!(0), Some(dec!(2.5)), PenaltyAction::Reduce { percent: dec!(5) }),
                band(dec!(2.5), Some(dec!(5)), PenaltyAction::Reduce { percent: dec!(10) }),
                band(dec!(5), Some(dec!(10)), PenaltyAction::Reduce { percent: dec!(15) }),
                band(dec!(10), None, PenaltyAction::ReferToJury),
            ],
        }],
        notes: vec![
            "Certification complète : 10 de moyenne générale, soit au moins 500 points sur 1000, une évaluation professionnelle d'au moins 10/20 (125 points sur 250) et aucun bloc sous 8/20.".to_owned(),
            "Le document source parle de « l'un des 3 blocs » pour la note éliminatoire, mais sa grille de synthèse fixe un minimum pour chacun des 4 blocs : la note éliminatoire s'applique aux 4 blocs.".to_owned(),
            "Les 150 points des épreuves du bloc 1 ne sont pas répartis dans le document source : répartition par défaut 50 + 50 + 50, modifiable.".to_owned(),
            "Pénalités d'absence injustifiée sur l'évaluation du tuteur : les tranches du document se touchent (« de 0 à 2,5 % », « de 2,5 à 5 % ») ; chaque borne supérieure est incluse dans sa tranche.".to_owned(),
        ],
    }
}

/// Template E.
pub fn office_manager_junior() -> Template {
    Template {
        key: "E",
        code: "RNCP36390",
        title: "Assistant(e) de gestion et d'administration d'entreprise — Office Manager junior",
        certifier: "CCI France",
        kind: CertificationKind::TitreRncp,
        level: Some("5"),
        capitalisation_years: Some(5),
        // « Chaque bloc non validé peut être repassé une fois, dans un délai de 5 ans. »
        retake: Some(crate::domain::retake::RetakePolicy {
            per_bloc: 1,
            years: 5,
        }),
        categories: Vec::new(),
        epreuves: vec![
            epreuve("B1.E1", EpreuveKind::WrittenReport, None),
            epreuve("B1.E2", EpreuveKind::CaseStudy, Some(180)),
            epreuve("B1.E3", EpreuveKind::CaseStudy, Some(180)),
            epreuve("B2.E1", EpreuveKind::CaseStudy, Some(180)),
            epreuve("B2.E2", EpreuveKind::CaseStudy, Some(120)),
            epreuve("B3.E1", EpreuveKind::CaseStudy, Some(210)),
            epreuve("B4.E1", EpreuveKind::CaseStudy, Some(150)),
            // Orals: the seed gives no duration (the subject is prepared during half of it).
            epreuve("B4.E2", EpreuveKind::Oral, None),
            epreuve("B4.E3", EpreuveKind::Oral, None),
            epreuve("PRO.ECRIT", EpreuveKind::WrittenReport, None),
            epreuve("PRO.ORAL", EpreuveKind::FileAndInterview, None),
            epreuve("PRO.TUTEUR", EpreuveKind::TutorEvaluation, None),
        ]
        .into_iter()
        // Continuous-assessment modules are marked during the course: each has its
        // sheet, entered by the jury member allocated to it.
        .chain(
            grid()
                .components
                .iter()
                .filter(|c| c.role == ComponentRole::ContinuousAssessment)
                .map(|c| {
                    let mut e = epreuve("", EpreuveKind::ContinuousAssessment, None);
                    e.component = c.code.clone();
                    e
                }),
        )
        .collect(),
        grid: grid(),
    }
}
