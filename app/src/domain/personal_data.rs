//! Everything held about one candidate, for their right of access and portability
//! (RGPD articles 15 and 20): a JSON file to take elsewhere and a PDF to read. Results
//! appear only once their session is published, as on the candidate's page.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::document::{Block, Document};
use super::format::{date_fr, datetime_fr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    pub genere_le: DateTime<Utc>,
    pub responsable: String,
    pub identite: Identity,
    pub comptes: Vec<Account>,
    pub inscriptions: Vec<Enrolment>,
    /// Blocs validated earlier and kept for later sessions (capitalisation).
    #[serde(default)]
    pub blocs_capitalises: Vec<CapitalisedBloc>,
    /// The holder's declarations to the Caisse des Dépôts (accrochage).
    #[serde(default)]
    pub declarations_caisse_des_depots: Vec<Declaration>,
    pub courriels: Vec<Email>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapitalisedBloc {
    pub certification: String,
    pub bloc: String,
    pub valide_le: NaiveDate,
    pub valable_jusqu_au: Option<NaiveDate>,
    pub origine: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub flux: String,
    pub certification: String,
    pub bloc: String,
    pub statut: String,
    pub message: Option<String>,
    pub declare_le: DateTime<Utc>,
}

/// One mark or criterion of a sheet, with the grader's comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkLine {
    pub epreuve: String,
    /// First or second grader (double marking), or the agreed mark.
    pub correction: String,
    pub element: String,
    pub resultat: String,
    pub appreciation: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub nom: String,
    pub prenom: String,
    pub nom_de_naissance: Option<String>,
    pub autres_prenoms: Option<String>,
    pub date_de_naissance: NaiveDate,
    pub sexe: Option<String>,
    pub lieu_de_naissance: Option<String>,
    pub courriel: String,
    pub voie_d_acces: String,
    pub categorie: Option<String>,
    pub groupe_de_formation: Option<String>,
    pub enregistre_le: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub courriel: String,
    pub nom_affiche: String,
    pub actif: bool,
    pub cree_le: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub session: String,
    pub certification: String,
    pub numero_de_candidat: String,
    pub statut: String,
    pub assiduite_pourcent: Option<String>,
    pub absences_injustifiees_pourcent: Option<String>,
    pub inscrit_le: DateTime<Utc>,
    pub amenagements: Vec<Accommodation>,
    pub presence: Vec<Presence>,
    pub passages: Vec<Passage>,
    /// `None` until the session's results are published.
    pub resultats: Option<Results>,
    pub documents: Vec<IssuedDocument>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accommodation {
    pub nature: String,
    pub precisions: String,
    /// The supporting document's reference.
    #[serde(default)]
    pub justificatif: Option<String>,
    /// When the details were erased at the end of their retention.
    #[serde(default)]
    pub details_effaces_le: Option<DateTime<Utc>>,
    pub statut: String,
    pub motif_de_la_decision: Option<String>,
    pub minutes_supplementaires: Option<i32>,
    pub demande_le: DateTime<Utc>,
    pub decide_le: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub epreuve: String,
    pub etat: String,
    pub motif: Option<String>,
    pub justificatif: Option<String>,
    pub identite_controlee: bool,
    pub incident: Option<String>,
    pub enregistre_le: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub debut: DateTime<Utc>,
    pub duree_minutes: i32,
    pub salle: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    pub decision: String,
    /// Where the jury departed from the computed result: what the grid computed and
    /// the jury's reason.
    pub motif_du_jury: Option<String>,
    /// Every mark and criterion of the candidate's sheets, with the graders' comments.
    #[serde(default)]
    pub notes: Vec<MarkLine>,
    /// `code — intitulé : résultat (statut)`.
    pub unites: Vec<String>,
    pub explication: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedDocument {
    pub titre: String,
    pub code_de_verification: String,
    pub delivre_le: DateTime<Utc>,
    pub revoque: Option<String>,
    /// The signed Open Badges credential (JSON), for a certificate or block
    /// certificate once it was signed.
    #[serde(default)]
    pub attestation_numerique: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub objet: String,
    pub statut: String,
    pub cree_le: DateTime<Utc>,
    pub envoye_le: Option<DateTime<Utc>>,
}

fn field(label: &str, value: impl Into<String>) -> Block {
    Block::Field {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn or_dash(value: &Option<String>) -> String {
    value
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

impl PersonalData {
    /// The readable version: the same data, section by section.
    pub fn document(&self) -> Document {
        let i = &self.identite;
        let mut blocks = vec![
            Block::Title("Mes données personnelles".to_owned()),
            Block::Paragraph(format!(
                "Données détenues par {} sur {} {} au {} (droit d'accès, article 15 du RGPD). Le fichier JSON joint contient les mêmes données, réutilisables (portabilité, article 20).",
                self.responsable,
                i.prenom,
                i.nom,
                datetime_fr(self.genere_le)
            )),
            Block::Heading("Identité".to_owned()),
            field("Nom", i.nom.clone()),
            field("Prénom", i.prenom.clone()),
            field("Nom de naissance", or_dash(&i.nom_de_naissance)),
            field("Autres prénoms", or_dash(&i.autres_prenoms)),
            field("Date de naissance", date_fr(i.date_de_naissance)),
            field("Sexe", or_dash(&i.sexe)),
            field("Lieu de naissance", or_dash(&i.lieu_de_naissance)),
            field("Courriel", i.courriel.clone()),
            field("Voie d'accès", i.voie_d_acces.clone()),
            field("Catégorie", or_dash(&i.categorie)),
            field("Groupe de formation", or_dash(&i.groupe_de_formation)),
            field("Enregistré(e) le", datetime_fr(i.enregistre_le)),
        ];
        blocks.push(Block::Heading("Comptes".to_owned()));
        blocks.push(Block::Bullets(if self.comptes.is_empty() {
            vec!["Aucun compte.".to_owned()]
        } else {
            self.comptes
                .iter()
                .map(|a| {
                    format!(
                        "{} ({}) — créé le {}{}",
                        a.courriel,
                        a.nom_affiche,
                        datetime_fr(a.cree_le),
                        if a.actif { "" } else { " — désactivé" }
                    )
                })
                .collect()
        }));
        for e in &self.inscriptions {
            blocks.push(Block::Heading(format!(
                "{} — candidat n° {}",
                e.session, e.numero_de_candidat
            )));
            blocks.push(field("Certification", e.certification.clone()));
            blocks.push(field("Statut de l'inscription", e.statut.clone()));
            blocks.push(field("Inscrit(e) le", datetime_fr(e.inscrit_le)));
            blocks.push(field("Assiduité (%)", or_dash(&e.assiduite_pourcent)));
            blocks.push(field(
                "Absences injustifiées (%)",
                or_dash(&e.absences_injustifiees_pourcent),
            ));
            let list = |items: Vec<String>| {
                Block::Bullets(if items.is_empty() {
                    vec!["Aucun(e).".to_owned()]
                } else {
                    items
                })
            };
            blocks.push(Block::Paragraph("Aménagements demandés :".to_owned()));
            blocks.push(list(
                e.amenagements
                    .iter()
                    .map(|a| {
                        format!(
                            "{} — {} — demandé le {}{}{}{}{}",
                            a.nature,
                            a.statut,
                            datetime_fr(a.demande_le),
                            if a.precisions.is_empty() {
                                String::new()
                            } else {
                                format!(" — précisions : {}", a.precisions)
                            },
                            a.justificatif
                                .as_ref()
                                .map(|j| format!(" — justificatif : {j}"))
                                .unwrap_or_default(),
                            a.details_effaces_le
                                .map(|at| format!(
                                    " — précisions effacées le {} (durée de conservation écoulée)",
                                    datetime_fr(at)
                                ))
                                .unwrap_or_default(),
                            a.motif_de_la_decision
                                .as_ref()
                                .map(|m| format!(" — motif : {m}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect(),
            ));
            blocks.push(Block::Paragraph("Présence aux épreuves :".to_owned()));
            blocks.push(list(
                e.presence
                    .iter()
                    .map(|p| {
                        format!(
                            "{} — {} (enregistré le {}){}",
                            p.epreuve,
                            p.etat,
                            datetime_fr(p.enregistre_le),
                            p.motif
                                .as_ref()
                                .map(|m| format!(" — motif : {m}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect(),
            ));
            blocks.push(Block::Paragraph("Passages :".to_owned()));
            blocks.push(list(
                e.passages
                    .iter()
                    .map(|p| {
                        format!(
                            "{} — {} min{}",
                            datetime_fr(p.debut),
                            p.duree_minutes,
                            p.salle
                                .as_ref()
                                .map(|s| format!(" — {s}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect(),
            ));
            match &e.resultats {
                Some(r) => {
                    blocks.push(field("Décision du jury", r.decision.clone()));
                    if let Some(reason) = &r.motif_du_jury {
                        blocks.push(field("Décision motivée", reason.clone()));
                    }
                    blocks.push(list(r.unites.clone()));
                    blocks.push(Block::Paragraph(
                        "Notes et appréciations des correcteurs :".to_owned(),
                    ));
                    blocks.push(list(
                        r.notes
                            .iter()
                            .map(|n| {
                                format!(
                                    "{} — {} — {} : {}{}",
                                    n.epreuve,
                                    n.correction,
                                    n.element,
                                    n.resultat,
                                    if n.appreciation.is_empty() {
                                        String::new()
                                    } else {
                                        format!(" — « {} »", n.appreciation)
                                    }
                                )
                            })
                            .collect(),
                    ));
                }
                None => blocks.push(Block::Paragraph(
                    "Résultats : pas encore publiés.".to_owned(),
                )),
            }
            blocks.push(Block::Paragraph("Documents délivrés :".to_owned()));
            blocks.push(list(
                e.documents
                    .iter()
                    .map(|d| {
                        format!(
                            "{} — code {} — délivré le {}{}{}",
                            d.titre,
                            d.code_de_verification,
                            datetime_fr(d.delivre_le),
                            d.revoque
                                .as_ref()
                                .map(|r| format!(" — révoqué : {r}"))
                                .unwrap_or_default(),
                            if d.attestation_numerique.is_some() {
                                " — attestation numérique signée (dans le fichier JSON)"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect(),
            ));
        }
        blocks.push(Block::Heading(
            "Blocs de compétences capitalisés".to_owned(),
        ));
        blocks.push(Block::Bullets(if self.blocs_capitalises.is_empty() {
            vec!["Aucun.".to_owned()]
        } else {
            self.blocs_capitalises
                .iter()
                .map(|b| {
                    format!(
                        "{} — {} — validé le {}{} — {}",
                        b.certification,
                        b.bloc,
                        date_fr(b.valide_le),
                        b.valable_jusqu_au
                            .map(|d| format!(", valable jusqu'au {}", date_fr(d)))
                            .unwrap_or_default(),
                        b.origine
                    )
                })
                .collect()
        }));
        blocks.push(Block::Heading(
            "Déclarations à la Caisse des Dépôts (passeport de compétences)".to_owned(),
        ));
        blocks.push(Block::Bullets(
            if self.declarations_caisse_des_depots.is_empty() {
                vec!["Aucune.".to_owned()]
            } else {
                self.declarations_caisse_des_depots
                    .iter()
                    .map(|d| {
                        format!(
                            "{} — {} — flux {} du {} — {}{}",
                            d.certification,
                            d.bloc,
                            d.flux,
                            datetime_fr(d.declare_le),
                            d.statut,
                            d.message
                                .as_ref()
                                .map(|m| format!(" — {m}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect()
            },
        ));
        blocks.push(Block::Heading("Courriels envoyés".to_owned()));
        blocks.push(Block::Bullets(if self.courriels.is_empty() {
            vec!["Aucun.".to_owned()]
        } else {
            self.courriels
                .iter()
                .map(|m| format!("{} — {} — {}", datetime_fr(m.cree_le), m.objet, m.statut))
                .collect()
        }));
        Document {
            title: format!("Données personnelles — {} {}", i.prenom, i.nom),
            author: self.responsable.clone(),
            blocks,
            ..Default::default()
        }
    }
}
