//! The five seed certifications (shared/seeds/) as built-in templates: identity and
//! blocs. The scoring grid of each template is added by the scoring engine.

use serde::{Deserialize, Serialize};

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
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            CertificationKind::TitreRncp => "Titre RNCP",
            CertificationKind::Cqp => "CQP",
            CertificationKind::Diplome => "Diplôme",
        }
    }
}

/// A bloc de compétences of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlocTemplate {
    pub code: &'static str,
    pub title: &'static str,
    pub mandatory: bool,
}

/// A built-in certification template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Stable identifier: `A` … `E`.
    pub key: &'static str,
    /// Registration code (RNCP, or the certifier's own code where the seed gives none).
    pub code: &'static str,
    pub title: &'static str,
    pub certifier: &'static str,
    pub kind: CertificationKind,
    pub level: Option<&'static str>,
    /// Whether blocs can be validated on their own.
    pub partial_validation: bool,
    /// How long a validated bloc stays acquired, when the seed says.
    pub capitalisation_years: Option<u8>,
    /// Minimum attendance at training hours to be certified, in percent.
    pub min_attendance_percent: Option<u8>,
    pub blocs: Vec<BlocTemplate>,
    /// What the seed leaves open and the certifier must decide.
    pub notes: &'static str,
}

const fn bloc(code: &'static str, title: &'static str) -> BlocTemplate {
    BlocTemplate {
        code,
        title,
        mandatory: true,
    }
}

const fn optional(code: &'static str, title: &'static str) -> BlocTemplate {
    BlocTemplate {
        code,
        title,
        mandatory: false,
    }
}

/// Template A — seed 000 (FORMITES): six competences assessed together, no partial
/// validation, 85 % of criteria, attendance ≥ 80 %.
pub fn assistant_formation_formites() -> Template {
    Template {
        key: "A",
        code: "FORMITES-ADF",
        title: "Assistant(e) de formation",
        certifier: "FORMITES",
        kind: CertificationKind::TitreRncp,
        level: None,
        partial_validation: false,
        capitalisation_years: None,
        min_attendance_percent: Some(80),
        blocs: vec![bloc("ADF-C", "Compétences attestées (C1 à C6)")],
        notes: "Le document source ne donne pas de numéro d'enregistrement : le code est \
                celui du certificateur, à compléter.",
    }
}

/// Template B — seed 001: four competences, no scoring rule in the seed.
pub fn cqp_assistant_formation() -> Template {
    Template {
        key: "B",
        code: "CQP-ADF",
        title: "CQP Assistant(e) de formation",
        certifier: "Branche de la formation professionnelle",
        kind: CertificationKind::Cqp,
        level: None,
        partial_validation: true,
        capitalisation_years: None,
        min_attendance_percent: None,
        blocs: vec![
            bloc(
                "CQP-ADF-C1",
                "Traiter les informations permettant le suivi administratif des prestations de formation",
            ),
            bloc(
                "CQP-ADF-C2",
                "Organiser son activité et la logistique des prestations de formation",
            ),
            bloc(
                "CQP-ADF-C3",
                "Accueillir, informer et réaliser le suivi de différents interlocuteurs",
            ),
            bloc(
                "CQP-ADF-C4",
                "Traiter les aléas et les situations difficiles",
            ),
        ],
        notes: "Le référentiel ne fixe aucune règle de notation : la grille par critères et \
                par bloc est un choix par défaut, modifiable.",
    }
}

/// Template C — seed 002: three domaines d'activités, criteria-based épreuves.
pub fn cqp_gestionnaire_dispositifs() -> Template {
    Template {
        key: "C",
        code: "CQP-GDF",
        title: "CQP Gestionnaire des dispositifs de formation",
        certifier: "Branche de la formation professionnelle",
        kind: CertificationKind::Cqp,
        level: None,
        partial_validation: true,
        capitalisation_years: None,
        min_attendance_percent: None,
        blocs: vec![
            bloc(
                "CQP-GDF-D1",
                "Accueillir les publics et contribuer à la promotion de l'offre de services d'un prestataire de formation",
            ),
            bloc(
                "CQP-GDF-D2",
                "Organiser la mise en place des prestations d'un prestataire de formation",
            ),
            bloc(
                "CQP-GDF-D3",
                "Assurer la gestion administrative et financière des prestations d'un prestataire de formation",
            ),
        ],
        notes: "Le référentiel ne fixe pas la part de critères à satisfaire : le seuil est \
                un réglage de la grille.",
    }
}

/// Template D — seed 003: baccalauréat professionnel AGORA, twelve blocs and optional units.
pub fn bac_pro_agora() -> Template {
    Template {
        key: "D",
        code: "RNCP40705",
        title: "Baccalauréat professionnel Assistance à la gestion des organisations et de leurs activités (AGORA)",
        certifier: "Ministère de l'Éducation nationale",
        kind: CertificationKind::Diplome,
        level: Some("4"),
        partial_validation: true,
        capitalisation_years: Some(5),
        min_attendance_percent: None,
        blocs: vec![
            bloc(
                "RNCP40705BC01",
                "Gérer des relations avec les clients, les usagers et les adhérents",
            ),
            bloc(
                "RNCP40705BC02",
                "Organiser et suivre l'activité de production (de biens ou de services)",
            ),
            bloc("RNCP40705BC03", "Administrer le personnel"),
            bloc("RNCP40705BC04", "Prévention-santé-environnement"),
            bloc("RNCP40705BC05", "Économie-droit"),
            bloc("RNCP40705BC06", "Mathématiques"),
            bloc("RNCP40705BC07", "Langue vivante A"),
            bloc("RNCP40705BC08", "Langue vivante B"),
            bloc("RNCP40705BC09", "Français"),
            bloc("RNCP40705BC10", "Histoire-géographie et éducation civique"),
            bloc("RNCP40705BC11", "Arts appliqués et cultures artistiques"),
            bloc("RNCP40705BC12", "Éducation physique et sportive"),
            optional(
                "RNCP40705-FAC1",
                "Unité facultative : langue vivante ou langue des signes française",
            ),
            optional("RNCP40705-FAC2", "Unité facultative : mobilité"),
            optional("RNCP40705-FAC3", "Unité facultative : secteur sportif"),
        ],
        notes: "Les coefficients ne figurent pas dans le document source : ce sont des données \
                de la grille, à saisir par le certificateur.",
    }
}

/// Template E — seed 004 (CCI France): Office Manager junior, 1000 points.
pub fn office_manager_junior() -> Template {
    Template {
        key: "E",
        code: "RNCP36390",
        title: "Assistant(e) de gestion et d'administration d'entreprise — Office Manager junior",
        certifier: "CCI France",
        kind: CertificationKind::TitreRncp,
        level: Some("5"),
        partial_validation: true,
        capitalisation_years: Some(5),
        min_attendance_percent: None,
        blocs: vec![
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
        ],
        notes: "L'évaluation de la pratique professionnelle (250 points) n'est pas un bloc : \
                elle conditionne la certification complète.",
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn templates_have_unique_keys_codes_and_bloc_codes() {
        let templates = all();
        let keys: HashSet<_> = templates.iter().map(|t| t.key).collect();
        let codes: HashSet<_> = templates.iter().map(|t| t.code).collect();
        assert_eq!(keys.len(), 5);
        assert_eq!(codes.len(), 5);
        for template in &templates {
            let blocs: HashSet<_> = template.blocs.iter().map(|b| b.code).collect();
            assert_eq!(blocs.len(), template.blocs.len(), "{}", template.key);
        }
    }

    #[test]
    fn bac_pro_has_twelve_mandatory_blocs_and_optional_units() {
        let agora = bac_pro_agora();
        assert_eq!(agora.blocs.iter().filter(|b| b.mandatory).count(), 12);
        assert!(agora.blocs.iter().any(|b| !b.mandatory));
    }
}
