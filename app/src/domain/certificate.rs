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

/// One unit's result as kept with the decision (`bloc_results`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptUnit<'a> {
    pub code: &'a str,
    /// The unit's mark on the scale, in hundredths (none when not counted).
    pub mark_hundredths: Option<i64>,
    /// Validated by the decision that stands (blocs; groups are not validated alone).
    pub validated: bool,
    /// Validated by the grid's computation (unknown for decisions kept before it was).
    pub computed: Option<bool>,
    pub exempt: bool,
}

/// Each unit's line on the transcript and the candidate's page, as the decision that
/// stands reads: a bloc the jury validated against the computation reads "Validé par
/// décision du jury", one it did not validate though the grid did "Non validé par
/// décision du jury"; a group (seed 004's professional evaluation) follows the jury when
/// it awards the full certification. Marks are shown as recorded: truncated to the
/// hundredth, as the grid's explanation shows them.
pub fn transcript_lines(
    grid: &crate::domain::scoring::grid::Grid,
    (decision, jury_decided): (crate::domain::scoring::outcome::Decision, bool),
    kept: &[KeptUnit<'_>],
) -> Vec<TranscriptLine> {
    use crate::domain::format::decimal_fr;
    use crate::domain::scoring::grid::UnitKind;
    use crate::domain::scoring::outcome::Decision;
    let counted = !matches!(
        decision,
        Decision::Absent | Decision::Postponed | Decision::Fraud
    );
    grid.units
        .iter()
        .filter_map(|unit| {
            let r = kept.iter().find(|r| r.code == unit.code)?;
            let result = match (r.exempt, r.mark_hundredths) {
                (true, _) => "Acquis antérieurement".to_owned(),
                (false, Some(mark)) => format!(
                    "{} / {}",
                    decimal_fr(rust_decimal::Decimal::new(mark, 2)),
                    decimal_fr(grid.scale)
                ),
                (false, None) => "—".to_owned(),
            };
            let group_passes = || {
                r.mark_hundredths.is_some_and(|m| {
                    unit.validation
                        .is_some_and(|t| t.op.passes(rust_decimal::Decimal::new(m, 2), t.value))
                })
            };
            let computed = r.exempt
                || r.computed.unwrap_or_else(|| {
                    if unit.kind == UnitKind::Group {
                        group_passes()
                    } else {
                        r.validated
                    }
                });
            let stands = r.exempt
                || if unit.kind == UnitKind::Group {
                    computed || (jury_decided && decision == Decision::FullCertification)
                } else {
                    r.validated
                };
            let status = if !counted && !r.exempt {
                "—"
            } else if jury_decided && stands && !computed {
                "Validé par décision du jury"
            } else if jury_decided && !stands && computed {
                "Non validé par décision du jury"
            } else if stands {
                "Validé"
            } else {
                "Non validé"
            };
            Some(TranscriptLine {
                code: unit.code.clone(),
                title: unit.title.clone(),
                result,
                status: status.to_owned(),
            })
        })
        .collect()
}

/// The document's verification: its code and the public page's address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub code: String,
    pub url: String,
}

/// Where the jury departed from the computed result: what the grid computed, and the
/// jury's written reason (kept in the PV).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    /// The computed result, in the PV's words.
    pub computed: String,
    pub reason: String,
}

impl Departure {
    /// One sentence every document prints under the decision.
    pub fn text(&self) -> String {
        format!(
            "Décision motivée du jury, qui s'écarte du résultat calculé par la grille (« {} ») — motif : {}",
            self.computed, self.reason
        )
    }
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
fn award(
    holder: &Holder,
    kind: Kind,
    (what, departure): (Vec<Block>, Option<&Departure>),
    verification: &Verification,
) -> Vec<Block> {
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
        "{} — décision du jury du {}.",
        holder.session,
        date_fr(holder.decided_on)
    )));
    if let Some(departure) = departure {
        blocks.push(Block::Small(departure.text()));
    }
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
pub fn certificate(
    holder: &Holder,
    departure: Option<&Departure>,
    verification: &Verification,
) -> Document {
    let what = vec![
        Block::Centered("a obtenu la certification professionnelle".to_owned()),
        Block::Heading(holder.certification.clone()),
        Block::Centered(level_and_code(holder)),
    ];
    Document {
        title: format!("{} — {}", Kind::Certificate.label(), holder.name),
        author: holder.certifier.clone(),
        blocks: award(holder, Kind::Certificate, (what, departure), verification),
        style: Style::Award,
        ..Default::default()
    }
}

/// The certificate of one validated bloc, with the competences it certifies.
pub fn bloc_certificate(
    holder: &Holder,
    (bloc_code, bloc_title): (&str, &str),
    (competences, departure): (&[String], Option<&Departure>),
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
        blocks: award(
            holder,
            Kind::BlocCertificate,
            (what, departure),
            verification,
        ),
        style: Style::Award,
        ..Default::default()
    }
}

/// The transcript: the jury's decision (and, where it departed from the computed result,
/// its reason), each unit's result as the decision stands, and the grid's computation
/// presented as the proposal the jury deliberated on — never as the decision.
pub fn transcript(
    holder: &Holder,
    (decision, departure): (&str, Option<&Departure>),
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
    if let Some(departure) = departure {
        blocks.push(Block::Paragraph(departure.text()));
    }
    blocks.push(Block::Rows {
        columns: vec![
            ("Unité".to_owned(), 28),
            ("Intitulé".to_owned(), 60),
            ("Résultat".to_owned(), 22),
            ("Statut".to_owned(), 60),
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
            "Résultat calculé par la grille d'évaluation".to_owned(),
        ));
        blocks.push(Block::Small(if departure.is_some() {
            "Proposition soumise au jury, qui a décidé autrement (décision et motif ci-dessus)."
                .to_owned()
        } else {
            "Proposition soumise au jury, qui l'a retenue.".to_owned()
        }));
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
        ..Default::default()
    }
}

/// The training attendance certificate of a candidate without the full certification
/// (seed 004: "une attestation de suivi de formation").
pub fn attendance_certificate(holder: &Holder, verification: &Verification) -> Document {
    let mut blocks = vec![Block::Title(Kind::AttendanceCertificate.label().to_owned())];
    blocks.push(Block::Paragraph(format!(
        "Le certificateur {} atteste que la personne ci-dessous a suivi la formation préparant à la certification et s'est présentée à la {}.",
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
        ..Default::default()
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
    /// How the engine reached its computed result (transcript).
    #[serde(default)]
    pub explanation: Vec<String>,
    /// Where the jury departed from the computed result, with its reason.
    #[serde(default)]
    pub departure: Option<Departure>,
}

impl Issued {
    pub fn document(&self, verification: &Verification) -> Document {
        match self.kind {
            Kind::Certificate => certificate(&self.holder, self.departure.as_ref(), verification),
            Kind::BlocCertificate => {
                let (code, title) = self.bloc.clone().unwrap_or_default();
                bloc_certificate(
                    &self.holder,
                    (&code, &title),
                    (&self.competences, self.departure.as_ref()),
                    verification,
                )
            }
            Kind::Transcript => transcript(
                &self.holder,
                (&self.decision, self.departure.as_ref()),
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
            (&["Planifier et organiser l'activité".to_owned()], None),
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

/// Every decision kind, computed or decided by the jury in either direction, read on
/// every document it gives: the decision stated, the jury's departure said with its
/// reason, the per-unit table agreeing with the decision, the computation presented as
/// a proposal.
#[cfg(test)]
mod decisions {
    use super::*;
    use crate::domain::scoring::outcome::Decision;

    const BLOCS: [&str; 4] = [
        "RNCP36390BC01",
        "RNCP36390BC02",
        "RNCP36390BC03",
        "RNCP36390BC04",
    ];

    fn grid() -> crate::domain::scoring::grid::Grid {
        crate::domain::templates::all()
            .into_iter()
            .find(|t| t.key == "E")
            .expect("template E")
            .grid
    }

    fn holder() -> Holder {
        Holder {
            name: "Sarah BLANC".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(2000, 10, 10).expect("date"),
            number: "E26-006".to_owned(),
            certification: "Office Manager junior".to_owned(),
            code: "RNCP36390".to_owned(),
            level: Some("5".to_owned()),
            certifier: "Certif'Démo".to_owned(),
            session: "Session de novembre 2026".to_owned(),
            decided_on: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            president: Some("Claire Martin".to_owned()),
            valid_until: None,
        }
    }

    /// One case: the decision that stands, the computed one if the jury departed,
    /// which blocs each validated, each unit's mark in hundredths.
    struct Case {
        stands: Decision,
        computed: Option<Decision>,
        validated: &'static [&'static str],
        computed_validated: &'static [&'static str],
        mark: Option<i64>,
    }

    fn read(case: &Case) -> (Vec<TranscriptLine>, Vec<(Kind, String)>) {
        let grid = grid();
        let group = grid
            .units
            .iter()
            .find(|u| u.kind == crate::domain::scoring::grid::UnitKind::Group)
            .expect("the professional evaluation")
            .code
            .clone();
        let codes: Vec<String> = BLOCS
            .iter()
            .map(|c| (*c).to_owned())
            .chain([group.clone()])
            .collect();
        let kept: Vec<KeptUnit<'_>> = codes
            .iter()
            .map(|code| KeptUnit {
                code,
                mark_hundredths: case.mark,
                validated: case.validated.contains(&code.as_str()),
                computed: Some(if *code == group {
                    case.computed.unwrap_or(case.stands) == Decision::FullCertification
                } else {
                    case.computed_validated.contains(&code.as_str())
                }),
                exempt: false,
            })
            .collect();
        let lines = transcript_lines(&grid, (case.stands, case.computed.is_some()), &kept);
        let blocs: Vec<String> = case.validated.iter().map(|b| (*b).to_owned()).collect();
        let departure = case.computed.map(|computed| Departure {
            computed: crate::domain::deliberation::decision_text(
                computed,
                &case
                    .computed_validated
                    .iter()
                    .map(|b| (*b).to_owned())
                    .collect::<Vec<_>>(),
            ),
            reason: "Le jury tient compte du dossier professionnel.".to_owned(),
        });
        let verification = Verification {
            code: "ABCD-EFGH-JKMN".to_owned(),
            url: "https://jury.exemple.fr/verification/ABCD-EFGH-JKMN".to_owned(),
        };
        let mut kinds = match case.stands {
            Decision::FullCertification => vec![Kind::Certificate, Kind::Transcript],
            Decision::BlocsOnly | Decision::NotCertified => {
                let mut k = vec![Kind::Transcript, Kind::AttendanceCertificate];
                k.extend(blocs.iter().map(|_| Kind::BlocCertificate));
                k
            }
            _ => Vec::new(),
        };
        kinds.dedup();
        let documents = kinds
            .into_iter()
            .map(|kind| {
                let issued = Issued {
                    kind,
                    holder: holder(),
                    bloc: (kind == Kind::BlocCertificate)
                        .then(|| (blocs[0].clone(), "Gestion administrative".to_owned())),
                    decision: crate::domain::deliberation::decision_text(case.stands, &blocs),
                    lines: lines.clone(),
                    competences: Vec::new(),
                    explanation: vec!["Résultat calculé : Non certifié.".to_owned()],
                    departure: departure.clone(),
                };
                (kind, issued.document(&verification).text())
            })
            .collect();
        (lines, documents)
    }

    fn statuses(lines: &[TranscriptLine]) -> Vec<&str> {
        lines.iter().map(|l| l.status.as_str()).collect()
    }

    #[test]
    fn computed_results_read_as_computed_on_every_document() {
        let (lines, documents) = read(&Case {
            stands: Decision::FullCertification,
            computed: None,
            validated: &BLOCS,
            computed_validated: &BLOCS,
            mark: Some(1550),
        });
        assert_eq!(statuses(&lines), ["Validé"; 5]);
        assert_eq!(lines[0].result, "15,5 / 20");
        for (kind, text) in &documents {
            assert!(!text.contains("Décision motivée"), "{kind:?}: {text}");
        }
        let (_, transcript) = &documents[1];
        assert!(transcript.contains("Décision du jury : Certification complète"));
        assert!(transcript.contains("Proposition soumise au jury, qui l'a retenue."));
        let (_, certificate) = &documents[0];
        assert!(
            certificate.contains("Session de novembre 2026 — décision du jury du 20/11/2026.")
                && !certificate.contains("Session « Session"),
            "{certificate}"
        );

        let (lines, documents) = read(&Case {
            stands: Decision::BlocsOnly,
            computed: None,
            validated: &BLOCS[..2],
            computed_validated: &BLOCS[..2],
            mark: Some(989),
        });
        assert_eq!(
            statuses(&lines),
            ["Validé", "Validé", "Non validé", "Non validé", "Non validé"]
        );
        assert_eq!(lines[2].result, "9,89 / 20", "recorded precision");
        assert!(documents.iter().any(|(k, _)| *k == Kind::BlocCertificate));

        let (lines, documents) = read(&Case {
            stands: Decision::NotCertified,
            computed: None,
            validated: &[],
            computed_validated: &[],
            mark: Some(500),
        });
        assert_eq!(statuses(&lines), ["Non validé"; 5]);
        assert!(!documents.iter().any(|(k, _)| *k == Kind::BlocCertificate));
    }

    #[test]
    fn a_jury_that_certifies_against_the_computation_is_read_everywhere() {
        // Seed 004's borderline candidate: 9,89/20 everywhere, certified by the jury.
        let (lines, documents) = read(&Case {
            stands: Decision::FullCertification,
            computed: Some(Decision::NotCertified),
            validated: &BLOCS,
            computed_validated: &[],
            mark: Some(989),
        });
        assert_eq!(statuses(&lines), ["Validé par décision du jury"; 5]);
        assert_eq!(lines[4].result, "9,89 / 20");
        assert_eq!(documents.len(), 2, "certificate and transcript");
        for (kind, text) in &documents {
            assert!(
                text.contains("qui s'écarte du résultat calculé par la grille (« Non certifié »)")
                    && text.contains("Le jury tient compte du dossier professionnel."),
                "{kind:?}: {text}"
            );
            assert!(!text.contains("Non validé"), "{kind:?}: {text}");
        }
        let (_, transcript) = &documents[1];
        assert!(transcript.contains("Décision du jury : Certification complète"));
        assert!(transcript.contains("Résultat calculé par la grille d'évaluation"));
        assert!(transcript.contains("qui a décidé autrement"));
    }

    #[test]
    fn a_jury_that_withholds_what_the_grid_computed_is_read_everywhere() {
        let (lines, documents) = read(&Case {
            stands: Decision::BlocsOnly,
            computed: Some(Decision::FullCertification),
            validated: &BLOCS[..3],
            computed_validated: &BLOCS,
            mark: Some(1200),
        });
        assert_eq!(
            statuses(&lines),
            [
                "Validé",
                "Validé",
                "Validé",
                "Non validé par décision du jury",
                "Validé"
            ]
        );
        for (kind, text) in &documents {
            if *kind != Kind::AttendanceCertificate {
                assert!(
                    text.contains("(« Certification complète »)"),
                    "{kind:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn absent_postponed_and_fraud_show_no_result_and_give_no_document() {
        for stands in [Decision::Absent, Decision::Postponed, Decision::Fraud] {
            let (lines, documents) = read(&Case {
                stands,
                computed: None,
                validated: &[],
                computed_validated: &[],
                mark: None,
            });
            assert!(lines.iter().all(|l| l.result == "—" && l.status == "—"));
            assert!(documents.is_empty(), "{stands:?}");
        }
        // Fraud decided by the jury against a computed full certification.
        let (lines, _) = read(&Case {
            stands: Decision::Fraud,
            computed: Some(Decision::FullCertification),
            validated: &[],
            computed_validated: &BLOCS,
            mark: None,
        });
        assert!(lines.iter().all(|l| l.status == "—"));
    }
}
