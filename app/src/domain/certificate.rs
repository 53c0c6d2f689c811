//! The candidate's documents after publication: certificate of the full certification,
//! one block certificate per validated bloc, the transcript (relevé de notes) and, for a
//! candidate without the full certification, the training attendance certificate (seed
//! 004). Each carries its verification code and address, with a QR code.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::document::{Block, Document, Signatory, Style};
use super::format::date_fr;

/// Kinds of candidate documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Certificate,
    BlocCertificate,
    Transcript,
    AttendanceCertificate,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Certificate => "Certificat de certification",
            Kind::BlocCertificate => "Certificat de bloc de compétences",
            Kind::Transcript => "Relevé de notes",
            Kind::AttendanceCertificate => "Attestation de suivi de formation",
        }
    }
}

/// What every document of one candidate says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub name: String,
    pub birth_date: NaiveDate,
    pub number: String,
    pub certification: String,
    pub code: String,
    pub level: Option<String>,
    pub certifier: String,
    pub session: String,
    /// Date of the deliberation (the PV's closing).
    pub decided_on: NaiveDate,
    /// The jury's president, who signs with the certifier (documents issued before it
    /// was kept have none).
    #[serde(default)]
    pub president: Option<String>,
    /// End of validity, where the certification has one.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// One unit on the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    pub code: String,
    pub title: String,
    /// "12,5 / 20", or the reason it is not shown.
    pub result: String,
    pub status: String,
}

/// The document's verification: its code and the public page's address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub code: String,
    pub url: String,
}

fn level_and_code(holder: &Holder) -> String {
    let registry = if holder.code.to_uppercase().starts_with("RNCP") {
        " — inscrite au Répertoire national des certifications professionnelles"
    } else if holder.code.to_uppercase().starts_with("RS") {
        " — inscrite au Répertoire spécifique"
    } else {
        ""
    };
    match &holder.level {
        Some(level) => format!("{} — niveau {level}{registry}", holder.code),
        None => format!("{}{registry}", holder.code),
    }
}

fn certification(holder: &Holder) -> Block {
    Block::Field {
        label: "Certification".to_owned(),
        value: match &holder.level {
            Some(level) => format!(
                "{} — {} (niveau {level})",
                holder.certification, holder.code
            ),
            None => format!("{} — {}", holder.certification, holder.code),
        },
    }
}

fn identity(holder: &Holder) -> Vec<Block> {
    vec![
        Block::Field {
            label: "Délivré à".to_owned(),
            value: format!("{}, né(e) le {}", holder.name, date_fr(holder.birth_date)),
        },
        Block::Field {
            label: "Numéro de candidat".to_owned(),
            value: holder.number.clone(),
        },
    ]
}

/// The jury's president (when known) and the certifier's signatory.
fn signatures(holder: &Holder) -> Block {
    Block::Signatures {
        signatories: holder
            .president
            .iter()
            .map(|name| Signatory {
                role: "Le président du jury".to_owned(),
                name: name.clone(),
                quality: format!("Jury du {}", date_fr(holder.decided_on)),
                note: String::new(),
                signature: None,
            })
            .collect(),
        certifier: true,
    }
}

fn footer(verification: &Verification) -> Vec<Block> {
    vec![
        Block::Small(format!(
            "Code de vérification : {} — l'authenticité de ce document se vérifie à l'adresse ci-dessous ou en lisant le code QR.",
            verification.code
        )),
        Block::Qr(verification.url.clone()),
    ]
}

/// The body of an award: who, what, when, validity, signatures, verification.
fn award(holder: &Holder, kind: Kind, what: Vec<Block>, verification: &Verification) -> Vec<Block> {
    let mut blocks = vec![
        Block::Title(kind.label().to_owned()),
        Block::Centered(format!(
            "Le jury de certification, réuni le {}, atteste que",
            date_fr(holder.decided_on)
        )),
        Block::Holder(holder.name.clone()),
        Block::Centered(format!(
            "né(e) le {} — candidat n° {}",
            date_fr(holder.birth_date),
            holder.number
        )),
    ];
    blocks.extend(what);
    blocks.push(Block::Centered(format!(
        "Session « {} » — décision du jury du {}.",
        holder.session,
        date_fr(holder.decided_on)
    )));
    if let Some(until) = holder.valid_until {
        blocks.push(Block::Centered(format!(
            "Valable jusqu'au {}.",
            date_fr(until)
        )));
    }
    blocks.push(Block::Centered(format!(
        "Fait le {}, pour le certificateur {}.",
        date_fr(holder.decided_on),
        holder.certifier
    )));
    blocks.push(signatures(holder));
    blocks.extend(footer(verification));
    blocks
}

/// The certificate of the full certification.
pub fn certificate(holder: &Holder, verification: &Verification) -> Document {
    let what = vec![
        Block::Centered("a obtenu la certification professionnelle".to_owned()),
        Block::Heading(holder.certification.clone()),
        Block::Centered(level_and_code(holder)),
    ];
    Document {
        title: format!("{} — {}", Kind::Certificate.label(), holder.name),
        author: holder.certifier.clone(),
        blocks: award(holder, Kind::Certificate, what, verification),
        style: Style::Award,
        letterhead: None,
    }
}

/// The certificate of one validated bloc, with the competences it certifies.
pub fn bloc_certificate(
    holder: &Holder,
    (bloc_code, bloc_title): (&str, &str),
    competences: &[String],
    verification: &Verification,
) -> Document {
    let mut what = vec![
        Block::Centered("a validé le bloc de compétences".to_owned()),
        Block::Heading(format!("{bloc_code} — {bloc_title}")),
        Block::Centered(format!(
            "de la certification professionnelle {} ({})",
            holder.certification,
            level_and_code(holder)
        )),
    ];
    if !competences.is_empty() {
        what.push(Block::Centered("Compétences attestées :".to_owned()));
        what.push(Block::Bullets(competences.to_vec()));
    }
    Document {
        title: format!(
            "{} {bloc_code} — {}",
            Kind::BlocCertificate.label(),
            holder.name
        ),
        author: holder.certifier.clone(),
        blocks: award(holder, Kind::BlocCertificate, what, verification),
        style: Style::Award,
        letterhead: None,
    }
}

/// The transcript: each unit's result as the certification allows it to be shown, the
/// decision and how the engine reached it.
pub fn transcript(
    holder: &Holder,
    decision: &str,
    lines: &[TranscriptLine],
    explanation: &[String],
    verification: &Verification,
) -> Document {
    let mut blocks = vec![Block::Title(Kind::Transcript.label().to_owned())];
    blocks.push(certification(holder));
    blocks.extend(identity(holder));
    blocks.push(Block::Field {
        label: "Session".to_owned(),
        value: holder.session.clone(),
    });
    blocks.push(Block::Field {
        label: "Décision du jury".to_owned(),
        value: format!("{decision} (jury du {})", date_fr(holder.decided_on)),
    });
    blocks.push(Block::Rows {
        columns: vec![
            ("Unité".to_owned(), 30),
            ("Intitulé".to_owned(), 80),
            ("Résultat".to_owned(), 30),
            ("".to_owned(), 30),
        ],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.code.clone(),
                    l.title.clone(),
                    l.result.clone(),
                    l.status.clone(),
                ]
            })
            .collect(),
    });
    if !explanation.is_empty() {
        blocks.push(Block::Heading(
            "Comment la décision a été établie".to_owned(),
        ));
        blocks.push(Block::Bullets(explanation.to_vec()));
    }
    blocks.push(Block::Paragraph(format!(
        "Fait le {}, pour le certificateur {}.",
        date_fr(holder.decided_on),
        holder.certifier
    )));
    blocks.push(Block::Signatures {
        signatories: Vec::new(),
        certifier: true,
    });
    blocks.extend(footer(verification));
    Document {
        title: format!("{} — {}", Kind::Transcript.label(), holder.name),
        author: holder.certifier.clone(),
        blocks,
        style: Style::Page,
        letterhead: None,
    }
}

/// The training attendance certificate of a candidate without the full certification
/// (seed 004: "une attestation de suivi de formation").
pub fn attendance_certificate(holder: &Holder, verification: &Verification) -> Document {
    let mut blocks = vec![Block::Title(Kind::AttendanceCertificate.label().to_owned())];
    blocks.push(Block::Paragraph(format!(
        "Le certificateur {} atteste que la personne ci-dessous a suivi la formation préparant à la certification et s'est présentée à la session « {} ».",
        holder.certifier, holder.session
    )));
    blocks.push(certification(holder));
    blocks.extend(identity(holder));
    blocks.push(Block::Paragraph(format!(
        "Fait le {}, pour le certificateur {}.",
        date_fr(holder.decided_on),
        holder.certifier
    )));
    blocks.push(Block::Signatures {
        signatories: Vec::new(),
        certifier: true,
    });
    blocks.extend(footer(verification));
    Document {
        title: format!("{} — {}", Kind::AttendanceCertificate.label(), holder.name),
        author: holder.certifier.clone(),
        blocks,
        style: Style::Page,
        letterhead: None,
    }
}

/// An issued document as stored: what it certifies, to render it again identically and
/// to answer the public verification page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    pub kind: Kind,
    pub holder: Holder,
    /// (code, title) of the bloc of a block certificate.
    pub bloc: Option<(String, String)>,
    /// The jury's decision, in the PV's words (transcript).
    pub decision: String,
    pub lines: Vec<TranscriptLine>,
    /// The competences of a block certificate's bloc.
    #[serde(default)]
    pub competences: Vec<String>,
    /// How the engine reached the decision (transcript).
    #[serde(default)]
    pub explanation: Vec<String>,
}

impl Issued {
    pub fn document(&self, verification: &Verification) -> Document {
        match self.kind {
            Kind::Certificate => certificate(&self.holder, verification),
            Kind::BlocCertificate => {
                let (code, title) = self.bloc.clone().unwrap_or_default();
                bloc_certificate(
                    &self.holder,
                    (&code, &title),
                    &self.competences,
                    verification,
                )
            }
            Kind::Transcript => transcript(
                &self.holder,
                &self.decision,
                &self.lines,
                &self.explanation,
                verification,
            ),
            Kind::AttendanceCertificate => attendance_certificate(&self.holder, verification),
        }
    }

    /// What the document's title says, for lists.
    pub fn title(&self) -> String {
        match &self.bloc {
            Some((code, _)) => format!("{} {code}", self.kind.label()),
            None => self.kind.label().to_owned(),
        }
    }
}

/// Characters of verification codes: no 0/O, 1/I/L, easy to read aloud and type.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A verification code from 12 random values: `XXXX-XXXX-XXXX`.
pub fn verification_code(random: [u8; 12]) -> String {
    let chars: Vec<char> = random
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed (spaces, lower case) in its stored form, if it can be one.
pub fn normalise_code(typed: &str) -> Option<String> {
    let raw: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (raw.len() == 12 && raw.bytes().all(|b| CODE_ALPHABET.contains(&b))).then(|| {
        raw.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn verification_codes_are_grouped_and_read_back_as_typed() {
        let code = verification_code([0, 1, 2, 3, 30, 31, 32, 250, 9, 10, 11, 12]);
        assert_eq!(code, "ABCD-9ABC-KMNP");
        assert_eq!(normalise_code(" abcd 9abc kmnp "), Some(code));
        assert_eq!(
            normalise_code("ABCD-9ABC-KMN0"),
            None,
            "0 is not in the alphabet"
        );
        assert_eq!(normalise_code("ABCD"), None);
    }

    use super::*;

    #[test]
    fn a_block_certificate_names_the_bloc_the_holder_and_its_verification() {
        let holder = Holder {
            name: "Camille DURAND".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(2001, 5, 4).expect("date"),
            number: "E27-001".to_owned(),
            certification: "Office Manager junior".to_owned(),
            code: "RNCP36390".to_owned(),
            level: Some("5".to_owned()),
            certifier: "CCI France".to_owned(),
            session: "Session de mars 2027".to_owned(),
            decided_on: NaiveDate::from_ymd_opt(2027, 3, 22).expect("date"),
            president: Some("Inès Roussel".to_owned()),
            valid_until: NaiveDate::from_ymd_opt(2032, 3, 21),
        };
        let verification = Verification {
            code: "ABCD-EFGH-JKLM".to_owned(),
            url: "https://jury.exemple.fr/verification/ABCD-EFGH-JKLM".to_owned(),
        };
        let text = bloc_certificate(
            &holder,
            ("RNCP36390BC01", "Gestion administrative"),
            &["Planifier et organiser l'activité".to_owned()],
            &verification,
        )
        .text();
        assert!(text.contains("RNCP36390BC01 — Gestion administrative"));
        assert!(text.contains("Camille DURAND"));
        assert!(text.contains("né(e) le 04/05/2001"));
        assert!(text.contains("réuni le 22/03/2027"));
        assert!(text.contains("• Planifier et organiser l'activité"));
        assert!(text.contains("Valable jusqu'au 21/03/2032."));
        assert!(text.contains("Le président du jury : Inès Roussel"));
        assert!(text.contains("niveau 5 — inscrite au Répertoire national"));
        assert!(text.contains("Code de vérification : ABCD-EFGH-JKLM"));
        assert!(text.contains("https://jury.exemple.fr/verification/ABCD-EFGH-JKLM"));
    }
}
