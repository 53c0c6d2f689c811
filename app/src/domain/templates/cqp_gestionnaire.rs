//! Template C — seed 002: CQP Gestionnaire des dispositifs de formation. Three
//! domaines d'activités (blocs), épreuves 1.1, 1.2, 2 and 3 with every evaluation
//! criterion of the seed. The seed gives no ratio of criteria to meet: a grid setting.

use rust_decimal_macros::dec;

use super::{CertificationKind, EpreuveKind, EpreuveTemplate, Phase, Template};
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Component, ComponentRole, Condition, Criterion, DecisionRules,
    GRID_FORMAT, Grid, Threshold, Unit, UnitKind,
};

const D1: &str = "CQP-GDF-D1";
const D2: &str = "CQP-GDF-D2";
const D3: &str = "CQP-GDF-D3";

/// Evaluation criteria of épreuve 1.1, as in the seed.
const CRITERIA_E1_1: [&str; 15] = [
    "Les demandes d'information et de conseil des différents publics (apprenants, formateurs, clients et prospects, prescripteurs, partenaires de l'orientation, etc.) sont prises en compte",
    "Les publics sont accueillis individuellement ou collectivement avec courtoisie",
    "L'accueil et la communication sont adaptés aux publics ayant des besoins particuliers (handicaps, langues étrangères, etc.)",
    "Les échanges tout au long de l'entretien (disponibilité, intérêt, écoute active, questionnement, reformulation, etc.) sont cordiaux",
    "Les réponses apportées sont structurées et adaptées aux besoins du public",
    "Les critères de qualité du prestataire de formation en matière d'accueil des publics sont respectés",
    "Les consignes de la direction et de l'équipe pédagogique en matière d'information et communication sont respectées",
    "Les informations et données utiles pour les actions de communication physique et digitale sont sélectionnées",
    "Les espaces dédiés au partage d'informations (site internet, réseaux sociaux, tchat, etc.) sont renseignés et/ou actualisés",
    "Les attendus réglementaires et de qualité en matière d'information des publics sont respectés",
    "Les réservations nécessaires à la réalisation de l'évènement sont effectuées (lieux, matériels, intervenants, etc.)",
    "Les dates des événements (JPO, salons, etc.) sont diffusées en interne et en externe (site internet, réseaux sociaux, etc.)",
    "Les informations à diffuser sont ciblées en fonction du public visé par l'évènement",
    "Les outils de promotions et/ou de communication sont préparés (flyers, goodies, etc.)",
    "Les outils numériques sont mobilisés pour réaliser des actions de promotion",
];

/// Evaluation criteria of épreuve 1.2, as in the seed.
const CRITERIA_E1_2: [&str; 13] = [
    "Les évolutions de la réglementation et du système de formation, des dispositifs et des financements sont vérifiées",
    "Les acteurs clés du système de formation et leur rôle dans la gestion et le financement des actions de formation sont identifiés",
    "Les référentiels de qualité appliqués par le prestataire de formation sont respectés",
    "La documentation à sa disposition au sein de l'entreprise est exploitée",
    "Les médias appropriés pour rechercher des informations sécurisées sur les dispositifs et modalités de financement (documentation interne, sites officiels, etc.) sont connus",
    "Des recherches sur Internet sont réalisées",
    "La fiabilité et la date d'actualisation des informations recherchées sur Internet sont vérifiées",
    "Les événements (réunions, formations, conférences, etc.) permettant d'actualiser les connaissances et de suivre les évolutions du système sont identifiés",
    "La hiérarchie est sollicitée afin de participer à ces événements",
    "Les plateformes des commanditaires et des financeurs sont surveillées et exploitées pour repérer et suivre les appels d'offres",
    "Les informations relatives aux appels d'offres repérés ou à suivre sont transmises aux équipes concernées (commerciaux, chefs de projets, coordinateurs pédagogiques, formateurs, direction, etc.)",
    "Les pièces nécessaires à la réponse aux appels d'offres sont déposées dans les délais sur les plateformes des différents commanditaires et financeurs",
    "Les demandes de la hiérarchie sont respectées",
];

/// Evaluation criteria of épreuve 2, as in the seed.
const CRITERIA_E2: [&str; 39] = [
    "Les informations permettant d'élaborer et/d'actualiser les plannings des apprenants et des intervenants, internes et externes sont collectées",
    "Les plannings sont élaborés en conformité avec les réglementations applicables",
    "Les plannings sont saisis et/ou actualisés dans les outils de gestion présents dans l'entreprise",
    "Les dysfonctionnements sont identifiés et des pistes d'amélioration sont proposées avec l'équipe pédagogique et/ou la direction",
    "Les ressources (humaines et matérielles) nécessaires à l'organisation des épreuves d'évaluation tiennent compte des demandes et des équipes pédagogiques et des besoins spécifiques des personnes en situation de handicap",
    "Les dossiers des candidats inhérents à l'évaluation sont recueillis et transmis aux évaluateurs dans le respect des procédures et des délais définis par la réglementation et par le prestataire de formation",
    "Les relances en cas de retard sont réalisées dans le respect des procédures définies par le prestataire de formation",
    "Les résultats des évaluations sont recueillis auprès des évaluateurs",
    "Les résultats des candidats sont saisis dans les outils de gestion et de traçabilité des épreuves (outils de l'organisme, des certificateurs, etc.)",
    "Des réunions de travail sont programmées avec les équipes pédagogiques",
    "Les difficultés rencontrées par les apprenants et les intervenants sont identifiées",
    "Les personnes ou les services compétents sont alertés",
    "Les procédures et la démarche qualité en vigueur sont appliquées",
    "Des pistes d'améliorations sont identifiées",
    "La disponibilité des locaux est vérifiée",
    "Les salles, plateaux techniques, labos, etc. sont réservés",
    "Le matériel pédagogique (documents, supports, maquettes, etc.) nécessaire est préparé",
    "Les besoins en matériels, en fournitures et les risques de rupture de stocks sont identifiés",
    "Les commandes de matériels et de fournitures pédagogiques sont réalisées auprès des fournisseurs",
    "Les consignes budgétaires du prestataire de formation sont respectées",
    "Les commandes sont réceptionnées et le matériels et fournitures sont rangés aux emplacements prévus",
    "Les interlocuteurs concernés par la réception des commandes sont informés",
    "Les locaux et les équipements pédagogiques sont vérifiés avant leur utilisation",
    "Les interlocuteurs et services compétents sont alertés en cas d'anomalies ou de dysfonctionnements constatés",
    "Le suivi de la maintenance des locaux et du matériel est assuré en lien avec les équipes pédagogiques",
    "Les besoins en déplacement sont identifiés à partir des plannings des prestations",
    "Les modes de transport, de restauration et d'hébergement facilitant la mise en œuvre des parcours (horaires, temps passé, localisation, etc.) sont sélectionnés",
    "Les coûts des déplacements des formateurs, internes et externes et des apprenants sont optimisés",
    "Les interlocuteurs compétents sont alertés en cas d'aléas et les incidents sont résolus",
    "Les informations et documents nécessaires à la mise en œuvre de la démarche qualité sont identifiés",
    "La liste des process à respecter et des documents nécessaires au respect de la réglementation et des démarche(s) qualité sont transmis aux équipes pédagogiques",
    "Des réunions d'information sont organisées en lien avec les équipes pédagogiques",
    "Les CV des intervenants à jour mentionnant les titres, les diplômes et les actions de professionnalisation ou de formation suivies au cours de l'année précédente sont recueillis chaque année",
    "Les outils nécessaires au recueil des appréciations auprès des différents interlocuteurs (apprenants, commanditaires, financeurs, etc.) sont renseignés et actualisés",
    "Les appréciations des interlocuteurs sont collectées",
    "Des relances sont réalisées conformément au RGPD (Règlement Général sur la Protection des Données)",
    "Les réclamations formulées lors du recueil des appréciations sont transmises aux personnes et services compétents",
    "Un traitement statistiques simple est réalisé en lien avec les équipes pédagogiques",
    "Les résultats et la satisfaction des apprenants sont mises à jour sur les espaces dédiés au partage d'informations (site internet, réseaux sociaux, tchat, etc.)",
];

/// Evaluation criteria of épreuve 3, as in the seed.
const CRITERIA_E3: [&str; 29] = [
    "Les documents administratifs (courriers, bulletins d'inscription, conventions et contrats de formation, contrats de prestation, émargements, convocations attestations, certificats, réponses à des appels d'offres, comptes-rendus, notes de synthèse, etc.) sont rédigés et/ou complétés",
    "La conformité des dossiers administratifs est vérifiée",
    "Les documents administratifs (émargements, états de présence, livrets de suivi stagiaires, etc.) servant à établir les certificats de réalisation ou les attestations de présence nécessaires à la rémunération des stagiaires et au règlement par les acheteurs et les financeurs des formations sont vérifiés et transmis aux services concernés",
    "Les informations et données concernant les actions dossiers, les apprenants et les intervenants sont saisies et actualisées dans les bases de données et logiciels adaptés",
    "La conformité des informations et des données saisies est vérifiée au regard de la réglementation et des démarche(s) qualité en vigueur dans l'entreprise",
    "Les délais de traitement des dossiers sont respectés conformément aux procédures et aux priorités définies par le prestataire de formation",
    "Les différents documents administratifs sont archivés via les outils du prestataire de formation",
    "Des propositions de classement tenant compte des solutions numériques mobilisables et des processus administratifs et de qualité sont formulées",
    "Les obligations des prestataires de formation en matière d'archivage des dossiers et de délais de conservation des documents sont respectées",
    "La réglementation relative à la sous-traitance des prestations de formation est appliquée",
    "Les règles relatives à la protection des données personnelles (RGPD) sont appliquées",
    "Les exigences des référentiels de qualité (RNQ, etc.) sont respectées",
    "Les audits de certification sont préparés en lien avec la direction et les services concernés",
    "Un suivi administratif régulier des parcours des apprenants est réalisé afin de repérer d'éventuelles anomalies ou difficultés (absences fréquentes ou injustifiées, risque de décrochage...)",
    "Les difficultés et anomalies repérées sont signalées aux personnes ou services compétents",
    "Les apprenants sont accompagnés dans la résolution des problèmes, notamment administratifs et financiers liés à la formation",
    "Les interlocuteurs compétents internes ou externes, sont sollicités, notamment le référent handicap",
    "Le suivi de l'état d'avancement de la résolution des difficultés de l'apprenant est réalisé",
    "Les besoins spécifiques des apprenants en situation de handicap sont pris en compte",
    "Les obligations réglementaires (RGPD et RNQ) sont respectées",
    "Les différentes activités administratives sont réalisées en tenant compte des priorités définies par le prestataire de formation et communiquées par la hiérarchie",
    "Les délais de traitement des dossiers fixés par la réglementation ou dans le cadre des relations commerciales et administratives avec les différents interlocuteurs (apprenants, équipes pédagogiques, clients, prescripteurs, financeurs, certificateurs) sont respectés",
    "Les besoins spécifiques des interlocuteurs en situation de handicap sont pris en compte dans l'organisation et la priorisation des activités administratives",
    "Les données/informations nécessaires à la facturation des prestations sont saisies dans les logiciels internes de gestion et sur les interfaces des différents financeurs et prescripteurs",
    "Les données/informations nécessaires à la rémunération des intervenants sont saisies dans les logiciels internes de gestion et sur les interfaces des différents financeurs et prescripteurs",
    "Le suivi de l'avancement des règlements est réalisé via les plateformes des financeurs et des prescripteurs",
    "Les anomalies liées à la facturation des prestations et/ou à la rémunération des apprenants sont identifiées",
    "Les financeurs et/ou les prescripteurs sont alertés en veillant à la qualité de la communication client",
    "Les règles et consignes en vigueur dans l'entreprise sont respectées",
];

/// Default share of a domaine's criteria to meet, in percent (not in the seed).
const DEFAULT_RATIO: rust_decimal::Decimal = dec!(75);

/// (component code, title, domaine, role, criteria)
fn epreuves() -> [(
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
); 4] {
    [
        (
            "EP1.1",
            "Épreuve 1.1 — Mises en situation professionnelles reconstituées",
            D1,
            &CRITERIA_E1_1,
        ),
        (
            "EP1.2",
            "Épreuve 1.2 — Épreuve écrite : études de cas",
            D1,
            &CRITERIA_E1_2,
        ),
        (
            "EP2",
            "Épreuve 2 — Entretien oral à partir d'un écrit du candidat (organisation des prestations)",
            D2,
            &CRITERIA_E2,
        ),
        (
            "EP3",
            "Épreuve 3 — Entretien oral à partir d'un écrit du candidat (gestion administrative et financière)",
            D3,
            &CRITERIA_E3,
        ),
    ]
}

/// The grid: criteria ratio per domaine.
pub fn grid() -> Grid {
    let units = vec![
        Unit::new(D1, "Accueillir les publics et contribuer à la promotion de l'offre de services d'un prestataire de formation", UnitKind::Bloc, Aggregation::CriteriaRatio)
            .validated_at(Threshold::at_least(DEFAULT_RATIO)),
        Unit::new(D2, "Organiser la mise en place des prestations d'un prestataire de formation", UnitKind::Bloc, Aggregation::CriteriaRatio)
            .validated_at(Threshold::at_least(DEFAULT_RATIO)),
        Unit::new(D3, "Assurer la gestion administrative et financière des prestations d'un prestataire de formation", UnitKind::Bloc, Aggregation::CriteriaRatio)
            .validated_at(Threshold::at_least(DEFAULT_RATIO)),
    ];
    let mut components = Vec::new();
    let mut criteria = Vec::new();
    for (code, title, unit, labels) in epreuves() {
        components.push(Component::criteria(
            code,
            title,
            unit,
            ComponentRole::Exam,
            AbsenceRule::UnitNotValidated,
        ));
        for (i, label) in labels.iter().enumerate() {
            criteria.push(Criterion::new(
                &format!("{code}.{}", i + 1),
                label,
                unit,
                &[code],
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
            "Le référentiel liste les critères d'évaluation sans fixer la part à satisfaire : un domaine est validé à partir de 75 % de ses critères satisfaits (réglage par défaut, modifiable) ; le CQP est obtenu quand les trois domaines sont validés.".to_owned(),
        ],
    }
}

/// Template C.
pub fn cqp_gestionnaire_dispositifs() -> Template {
    let phases = |parts: &[(&'static str, u32)]| {
        parts
            .iter()
            .map(|(label, minutes)| Phase {
                label,
                minutes: *minutes,
            })
            .collect()
    };
    Template {
        key: "C",
        code: "CQP-GDF",
        title: "CQP Gestionnaire des dispositifs de formation",
        certifier: "CPNEF de la branche des organismes de formation",
        kind: CertificationKind::Cqp,
        level: None,
        capitalisation_years: None,
        retake: None,
        categories: Vec::new(),
        epreuves: vec![
            EpreuveTemplate {
                component: "EP1.1".to_owned(),
                kind: EpreuveKind::Simulation,
                duration_minutes: Some(45),
                phases: phases(&[
                    ("Préparation", 15),
                    ("Mise en situation", 15),
                    ("Entretien", 15),
                ]),
                remote_allowed: false,
                modalities: Vec::new(),
            },
            EpreuveTemplate {
                component: "EP1.2".to_owned(),
                kind: EpreuveKind::CaseStudy,
                duration_minutes: Some(45),
                phases: Vec::new(),
                remote_allowed: false,
                modalities: Vec::new(),
            },
            EpreuveTemplate {
                component: "EP2".to_owned(),
                kind: EpreuveKind::FileAndInterview,
                duration_minutes: Some(45),
                phases: phases(&[
                    ("Présentation du dossier", 20),
                    ("Entretien avec le jury", 25),
                ]),
                remote_allowed: false,
                modalities: Vec::new(),
            },
            EpreuveTemplate {
                component: "EP3".to_owned(),
                kind: EpreuveKind::FileAndInterview,
                duration_minutes: Some(45),
                phases: phases(&[
                    ("Présentation du dossier", 20),
                    ("Entretien avec le jury", 25),
                ]),
                remote_allowed: true,
                modalities: Vec::new(),
            },
        ],
        grid: grid(),
    }
}
