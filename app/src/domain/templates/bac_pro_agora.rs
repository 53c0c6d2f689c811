//! Template D — seed 003: baccalauréat professionnel AGORA (RNCP40705), twelve blocs,
//! one épreuve each, optional units, modality per candidate category.

use rust_decimal_macros::dec;

use super::{
    CandidateCategory, CertificationKind, EpreuveKind, EpreuveTemplate, Modality, Template,
};
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Competence, Component, ComponentRole, Condition, DecisionRules,
    GRID_FORMAT, Grid, Threshold, Unit, UnitKind,
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
        Modality::PonctuelOralPratique,
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

/// Competences of each bloc, as the seed lists them (« Liste de compétences »).
const COMPETENCES: [(&str, &[&str]); 12] = [
    (
        "RNCP40705BC01",
        &[
            "Identifier les caractéristiques de la demande",
            "Apporter une réponse adaptée à la demande",
            "Produire, dans un environnement numérique, des supports de communication adaptés",
            "Assurer le suivi administratif des opérations de promotion et de prospection",
            "Appliquer les procédures internes de traitement des relations « clients »",
            "Produire les documents liés au traitement des relations « clients » dans un environnement numérique",
            "Assurer le suivi des enregistrements des factures de vente et des encaissements à l'aide d'un progiciel dédié ou d'un PGI",
            "Assurer le suivi des relances clients",
            "Mettre à jour l'information",
            "Rendre compte des anomalies repérées lors de l'actualisation du système d'information",
            "Identifier et appliquer les moyens de protection et de sécurisation adaptés aux données enregistrées ou extraites",
            "Assurer la visibilité numérique de l'organisation (au travers des réseaux sociaux, du site internet, de blogs)",
        ],
    ),
    (
        "RNCP40705BC02",
        &[
            "Appliquer les procédures internes de gestion des approvisionnements et des stocks",
            "Assurer le suivi des enregistrements des factures d'achats à l'aide d'un progiciel dédié ou d'un Progiciel de gestion intégré (PGI)",
            "Actualiser les bases de données internes nécessaires à l'activité de production",
            "Prendre en compte les contraintes réglementaires liées à l'activité de production de l'organisation",
            "Mettre à disposition des plannings d'activité actualisés",
            "Établir un état de rapprochement",
            "Appliquer les procédures en vigueur en matière de règlement des fournisseurs, sous-traitants et prestataires",
            "Assurer le suivi des enregistrements des mouvements de trésorerie à l'aide d'un progiciel dédié ou d'un PGI",
            "Déterminer les éléments nécessaires à l'élaboration de la déclaration de TVA",
            "Établir un état périodique de trésorerie",
            "Rendre compte de l'équilibre financier et de la situation économique de l'organisation",
            "Prendre en charge les activités support nécessaires au bon fonctionnement de l'organisation",
            "Actualiser et diffuser l'information interne sur le support adéquat",
        ],
    ),
    (
        "RNCP40705BC03",
        &[
            "Appliquer les procédures internes en matière d'entrée et de sortie du personnel",
            "Actualiser les bases d'information relatives au personnel",
            "Organiser des actions de formation",
            "Planifier les temps de présence et de congés des personnels en fonction des contraintes de l'organisation",
            "Organiser les déplacements des personnels",
            "Contrôler les états de frais",
            "Déterminer les éléments nécessaires à l'établissement du bulletin de paie",
            "Assurer le suivi des enregistrements liés à la paie à l'aide d'un progiciel dédié ou d'un progiciel de gestion intégré (PGI)",
            "Actualiser et diffuser l'information sociale auprès des personnels",
            "Mettre en œuvre et suivre le résultat des actions sociales et culturelles",
            "Utiliser des fonctions simples de mise en pages d'un document pour répondre à un objectif de diffusion",
            "Rédiger des écrits professionnels en lien avec l'activité sociale de l'organisation",
        ],
    ),
    (
        "RNCP40705BC04",
        &[
            "Mettre en œuvre une démarche d'analyse dans une situation donnée",
            "Expliquer un phénomène physiologique, un enjeu environnemental, une disposition réglementaire, en lien avec la démarche de prévention",
            "Proposer une solution pour résoudre un problème",
            "Argumenter un choix",
            "Communiquer à l'écrit avec une syntaxe claire et un vocabulaire adapté",
        ],
    ),
    (
        "RNCP40705BC05",
        &[
            "Comprendre et analyser une situation d'entreprise",
            "Exploiter et analyser des documents économiques, juridiques ou de gestion",
            "Justifier une réponse en sélectionnant le cas échéant des informations au sein d'un ou plusieurs documents",
            "Rédiger une réponse structurée à une problématique donnée en mobilisant les savoirs associés et le vocabulaire spécifique adéquat",
        ],
    ),
    (
        "RNCP40705BC06",
        &[
            "S'approprier : rechercher, extraire et organiser l'information",
            "Analyser/raisonner : émettre des conjectures ; proposer, choisir, une méthode de résolution ; élaborer un algorithme",
            "Réaliser : mettre en œuvre une méthode de résolution, des algorithmes ; utiliser un modèle ; représenter ; calculer ; expérimenter ; faire une simulation",
            "Valider : critiquer un résultat, argumenter ; contrôler la vraisemblance d'une conjecture ; mener un raisonnement logique et établir une conclusion",
            "Communiquer : rendre compte d'une démarche, d'un résultat, à l'oral ou à l'écrit à l'aide d'outils et d'un langage approprié, expliquer une démarche",
        ],
    ),
    (
        "RNCP40705BC07",
        &[
            "Comprendre la langue orale (niveau B1+ du CECRL)",
            "Comprendre un document écrit (niveau B1+ du CECRL)",
            "S'exprimer à l'écrit (niveau B1+ du CECRL)",
            "S'exprimer à l'oral en continu (niveau B1+ du CECRL)",
            "Interagir à l'oral (niveau B1+ du CECRL), dans des situations de la vie quotidienne, sociale et professionnelle",
        ],
    ),
    (
        "RNCP40705BC08",
        &[
            "Comprendre la langue orale (niveau A2+ du CECRL)",
            "Comprendre un document écrit (niveau A2+ du CECRL)",
            "S'exprimer à l'écrit (niveau A2+ du CECRL)",
            "S'exprimer à l'oral en continu (niveau A2+ du CECRL)",
            "Interagir à l'oral (niveau A2+ du CECRL), dans des situations de la vie quotidienne, sociale et professionnelle",
        ],
    ),
    (
        "RNCP40705BC09",
        &[
            "Maîtriser l'échange écrit : lire, analyser, écrire",
            "Adapter son expression écrite selon les situations et les destinataires",
            "Maîtriser la lecture et exercer son esprit critique",
            "Adapter sa lecture à la diversité des textes",
            "Mettre en perspective des connaissances et des expériences",
        ],
    ),
    (
        "RNCP40705BC10",
        &[
            "Maîtriser et utiliser des repères chronologiques et spatiaux : mémoriser et s'approprier les notions, se repérer, contextualiser (HG)",
            "S'approprier les démarches historiques et géographiques : exploiter les outils spécifiques aux disciplines, mener et construire une démarche historique ou géographique et la justifier (HG)",
            "Construire et exprimer une argumentation cohérente et étayée en s'appuyant sur les repères et les notions du programme (EMC)",
            "Mettre à distance ses opinions personnelles pour construire son jugement (HG-EMC)",
            "Mobiliser ses connaissances pour penser et s'engager dans le monde en s'appropriant les principes et les valeurs de la République (HG-EMC)",
        ],
    ),
    (
        "RNCP40705BC11",
        &[
            "Investigation : rechercher, identifier et collecter des ressources documentaires",
            "Investigation : sélectionner, classer et trier différentes informations",
            "Investigation : analyser, comparer des œuvres ou des produits et les situer dans leur contexte de création",
            "Investigation : établir des convergences entre différents domaines de création",
            "Expérimentation : respecter une demande et mettre en œuvre un cahier des charges simple",
            "Expérimentation : établir des propositions cohérentes en réponse à un problème posé et réinvestir les notions repérées dans des références",
            "Réalisation : opérer un choix raisonné parmi des propositions et finaliser la proposition choisie",
            "Communication : choisir des outils adaptés",
            "Communication : établir un relevé, analyser et traduire graphiquement des références et des intentions",
            "Communication : justifier en argumentant, structurer et présenter une communication graphique, écrite et/ou orale",
        ],
    ),
    (
        "RNCP40705BC12",
        &[
            "Développer sa motricité",
            "S'organiser pour apprendre et s'entraîner",
            "Exercer sa responsabilité dans un engagement personnel et solidaire : connaître les règles, les appliquer et les faire respecter",
            "Construire durablement sa santé",
            "Accéder au patrimoine culturel sportif et artistique",
        ],
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
        competences: COMPETENCES
            .iter()
            .flat_map(|(bloc, list)| {
                list.iter().enumerate().map(move |(i, title)| Competence {
                    code: format!("{}-C{:02}", bloc.trim_start_matches("RNCP40705"), i + 1),
                    title: (*title).to_owned(),
                    unit: (*bloc).to_owned(),
                })
            })
            .collect(),
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
                Modality::PonctuelPratique | Modality::PonctuelOralPratique => {
                    EpreuveKind::Practical
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bloc_carries_its_competences_and_bloc_1_its_oral_and_practical_modality() {
        let grid = grid();
        for (bloc, _, _, _) in BLOCS {
            let count = grid.competences.iter().filter(|c| c.unit == bloc).count();
            assert!(count >= 4, "{bloc}: {count}");
        }
        assert_eq!(
            grid.competences
                .iter()
                .filter(|c| c.unit == "RNCP40705BC01")
                .count(),
            12
        );
        assert_eq!(grid.competences[0].code, "BC01-C01");
        let template = bac_pro_agora();
        let bloc_1 = &template.epreuves[0];
        assert!(
            bloc_1
                .modalities
                .contains(&(PRIVATE, Modality::PonctuelOralPratique))
        );
        assert_eq!(
            Modality::PonctuelOralPratique.label(),
            "Épreuve ponctuelle orale et pratique"
        );
    }
}
