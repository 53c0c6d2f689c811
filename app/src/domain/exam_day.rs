//! Exam day, per scheduled épreuve: attendance (present; absent with a justification and
//! its document; absent without), identity checked, incidents; fraud reports (facts,
//! countersigned by the candidate or the mention of their refusal); and the attendance
//! sheet (émargement) with each candidate's accommodations.

use serde::{Deserialize, Serialize};

use super::document::{Block, Document};

/// Attendance at a sitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttendanceKind {
    Present,
    /// Medical certificate, work stoppage, documented force majeure (seed 004): make-up.
    AbsentJustified,
    AbsentUnjustified,
}

impl AttendanceKind {
    pub const ALL: [AttendanceKind; 3] = [
        AttendanceKind::Present,
        AttendanceKind::AbsentJustified,
        AttendanceKind::AbsentUnjustified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AttendanceKind::Present => "present",
            AttendanceKind::AbsentJustified => "absent_justifie",
            AttendanceKind::AbsentUnjustified => "absent_injustifie",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AttendanceKind::Present => "Présent(e)",
            AttendanceKind::AbsentJustified => "Absent(e), absence justifiée",
            AttendanceKind::AbsentUnjustified => "Absent(e), absence non justifiée",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Attendance as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub kind: AttendanceKind,
    pub reason: Option<String>,
    pub document_ref: Option<String>,
    pub identity_checked: bool,
    pub incident: Option<String>,
}

impl Attendance {
    /// What the audit chain keeps of a record: the state, the identity check and a
    /// SHA-256 of the free texts (reason, supporting document, incident) — enough to
    /// prove the record the jury saw, while the texts themselves (an absence's reason
    /// may be medical) live only in the record and are erased at the end of their
    /// retention without breaking the chain.
    #[cfg(feature = "ssr")]
    pub fn audited(&self) -> String {
        let details = serde_json::json!([self.reason, self.document_ref, self.incident]);
        serde_json::json!({
            "kind": self.kind.code(),
            "identity_checked": self.identity_checked,
            "details_sha256": super::audit::digest(&details.to_string()),
        })
        .to_string()
    }
}

const MAX_TEXT: usize = 2000;

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn too_long(field: &'static str, text: &str, problems: &mut Vec<(&'static str, String)>) {
    if text.chars().count() > MAX_TEXT {
        problems.push((field, format!("{MAX_TEXT} caractères au plus.")));
    }
}

/// Checks an attendance entry: a justified absence needs its reason and the reference
/// of its document; identity is checked for a present candidate only.
pub fn check_attendance(
    kind: &str,
    reason: &str,
    document_ref: &str,
    identity_checked: bool,
    incident: &str,
) -> Result<Attendance, Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    let kind = AttendanceKind::parse(kind);
    if kind.is_none() {
        problems.push((
            "kind",
            "Choisissez : présent, absent justifié ou absent non justifié.".to_owned(),
        ));
    }
    for (field, text) in [
        ("reason", reason),
        ("document_ref", document_ref),
        ("incident", incident),
    ] {
        too_long(field, text, &mut problems);
    }
    if kind == Some(AttendanceKind::AbsentJustified) {
        if optional(reason).is_none() {
            problems.push((
                "reason",
                "Une absence justifiée indique son motif (certificat médical, arrêt de travail, force majeure).".to_owned(),
            ));
        }
        if optional(document_ref).is_none() {
            problems.push((
                "document_ref",
                "Une absence justifiée indique la référence du justificatif reçu.".to_owned(),
            ));
        }
    }
    if identity_checked && kind != Some(AttendanceKind::Present) {
        problems.push((
            "identity_checked",
            "L'identité ne se contrôle que pour un candidat présent.".to_owned(),
        ));
    }
    match kind {
        Some(kind) if problems.is_empty() => Ok(Attendance {
            kind,
            reason: optional(reason),
            document_ref: optional(document_ref),
            identity_checked,
            incident: optional(incident),
        }),
        _ => Err(problems),
    }
}

/// A fraud report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FraudReport {
    pub facts: String,
    pub countersigned: bool,
    pub refusal_mention: Option<String>,
}

/// Checks a fraud report: the facts, and either the candidate's countersignature or the
/// mention of their refusal to countersign.
pub fn check_fraud(
    facts: &str,
    countersigned: bool,
    refusal_mention: &str,
) -> Result<FraudReport, Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    too_long("facts", facts, &mut problems);
    too_long("refusal_mention", refusal_mention, &mut problems);
    if optional(facts).is_none() {
        problems.push(("facts", "Décrivez les faits constatés.".to_owned()));
    }
    match (countersigned, optional(refusal_mention)) {
        (false, None) => problems.push((
            "refusal_mention",
            "Sans contreseing du candidat, indiquez la mention de son refus de contresigner."
                .to_owned(),
        )),
        (true, Some(_)) => problems.push((
            "refusal_mention",
            "Un rapport contresigné ne porte pas de mention de refus.".to_owned(),
        )),
        _ => {}
    }
    if problems.is_empty() {
        Ok(FraudReport {
            facts: facts.trim().to_owned(),
            countersigned,
            refusal_mention: optional(refusal_mention),
        })
    } else {
        Err(problems)
    }
}

/// One line of the attendance sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetLine {
    pub number: String,
    pub name: String,
    /// End time with the candidate's extra time, and their accommodations.
    pub accommodations: String,
    pub end: String,
}

/// The attendance sheet of one sitting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub organisation: String,
    pub certification: String,
    pub session: String,
    pub epreuve: String,
    /// `16/03/2027 à 09h00`.
    pub starts: String,
    pub place: String,
    pub lines: Vec<SheetLine>,
}

impl AttendanceSheet {
    /// The sheet to print: one row per candidate with room to sign.
    pub fn document(&self) -> Document {
        Document {
            title: format!("Feuille d'émargement — {}", self.epreuve),
            author: self.organisation.clone(),
            blocks: vec![
                Block::Title("Feuille d'émargement".to_owned()),
                Block::Field {
                    label: "Certification".to_owned(),
                    value: self.certification.clone(),
                },
                Block::Field {
                    label: "Session".to_owned(),
                    value: self.session.clone(),
                },
                Block::Field {
                    label: "Épreuve".to_owned(),
                    value: self.epreuve.clone(),
                },
                Block::Field {
                    label: "Début".to_owned(),
                    value: self.starts.clone(),
                },
                Block::Field {
                    label: "Lieu".to_owned(),
                    value: self.place.clone(),
                },
                Block::Paragraph(
                    "Chaque candidat signe à son arrivée après contrôle de son identité. Les aménagements accordés sont indiqués avec l'heure de fin qui en résulte.".to_owned(),
                ),
                Block::Table {
                    columns: vec![
                        ("N°".to_owned(), 22),
                        ("Nom".to_owned(), 46),
                        ("Aménagements".to_owned(), 52),
                        ("Fin".to_owned(), 14),
                        ("Signature".to_owned(), 36),
                    ],
                    rows: self
                        .lines
                        .iter()
                        .map(|l| {
                            vec![
                                l.number.clone(),
                                l.name.clone(),
                                l.accommodations.clone(),
                                l.end.clone(),
                                String::new(),
                            ]
                        })
                        .collect(),
                },
                Block::Small(format!(
                    "{} — document à conserver au moins un an (règlement de la certification).",
                    self.organisation
                )),
            ],
            ..Default::default()
        }
    }
}

/// Which candidates of a sitting the page lists (`?filtre=`), each with its count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SittingFilter {
    All,
    /// No attendance recorded yet.
    ToRecord,
    Present,
    Absent,
    Fraud,
}

impl SittingFilter {
    pub const ALL: [SittingFilter; 5] = [
        SittingFilter::All,
        SittingFilter::ToRecord,
        SittingFilter::Present,
        SittingFilter::Absent,
        SittingFilter::Fraud,
    ];

    /// The filter named in the address (all candidates for anything else).
    pub fn parse(code: &str) -> SittingFilter {
        Self::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .unwrap_or(SittingFilter::All)
    }

    pub fn code(self) -> &'static str {
        match self {
            SittingFilter::All => "",
            SittingFilter::ToRecord => "a_emarger",
            SittingFilter::Present => "presents",
            SittingFilter::Absent => "absents",
            SittingFilter::Fraud => "fraude",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SittingFilter::All => "Tous",
            SittingFilter::ToRecord => "À émarger",
            SittingFilter::Present => "Présents",
            SittingFilter::Absent => "Absents",
            SittingFilter::Fraud => "Fraude",
        }
    }

    /// Whether a candidate with this attendance (none yet) and fraud reports is listed.
    pub fn keeps(self, attendance: Option<AttendanceKind>, fraud: bool) -> bool {
        match self {
            SittingFilter::All => true,
            SittingFilter::ToRecord => attendance.is_none(),
            SittingFilter::Present => attendance == Some(AttendanceKind::Present),
            SittingFilter::Absent => matches!(
                attendance,
                Some(AttendanceKind::AbsentJustified | AttendanceKind::AbsentUnjustified)
            ),
            SittingFilter::Fraud => fraud,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_justified_absence_needs_its_reason_and_document() {
        let problems =
            check_attendance("absent_justifie", "", " ", false, "").expect_err("refused");
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["reason", "document_ref"]);
        let ok = check_attendance(
            "absent_justifie",
            "Certificat médical",
            "CM-2027-014",
            false,
            "",
        )
        .expect("valid");
        assert_eq!(ok.kind, AttendanceKind::AbsentJustified);
        assert_eq!(ok.document_ref.as_deref(), Some("CM-2027-014"));
        assert!(check_attendance("present", "", "", true, "Retard de 5 min").is_ok());
        assert!(check_attendance("absent_injustifie", "", "", true, "").is_err());
        assert!(check_attendance("peut-etre", "", "", false, "").is_err());
    }

    #[test]
    fn a_fraud_report_is_countersigned_or_says_the_refusal() {
        assert!(check_fraud("Téléphone consulté pendant l'épreuve", true, "").is_ok());
        let problems = check_fraud("Téléphone consulté", false, "").expect_err("no mention");
        assert_eq!(problems[0].0, "refusal_mention");
        assert!(check_fraud("Téléphone consulté", false, "Le candidat refuse de signer").is_ok());
        assert_eq!(
            check_fraud(" ", true, "").expect_err("no facts")[0].0,
            "facts"
        );
    }

    #[test]
    fn the_sheet_lists_every_candidate_with_accommodations() {
        let sheet = AttendanceSheet {
            organisation: "Certif'Démo".to_owned(),
            certification: "Office Manager junior".to_owned(),
            session: "Session de mars 2027".to_owned(),
            epreuve: "B3.E1 — Étude de cas".to_owned(),
            starts: "16/03/2027 à 09h00".to_owned(),
            place: "Salle Rhône".to_owned(),
            lines: vec![SheetLine {
                number: "E27-001".to_owned(),
                name: "DURAND Camille".to_owned(),
                accommodations: "tiers-temps : 70 min de plus".to_owned(),
                end: "13h40".to_owned(),
            }],
        };
        let text = sheet.document().text();
        assert!(
            text.contains("E27-001 | DURAND Camille | tiers-temps : 70 min de plus | 13h40 | "),
            "{text}"
        );
    }

    #[test]
    fn a_sitting_filter_keeps_the_candidates_it_names() {
        use SittingFilter::*;
        let present = Some(AttendanceKind::Present);
        let excused = Some(AttendanceKind::AbsentJustified);
        assert!(ToRecord.keeps(None, false) && !ToRecord.keeps(present, false));
        assert!(Present.keeps(present, true) && !Present.keeps(excused, false));
        assert!(Absent.keeps(excused, false) && !Absent.keeps(None, false));
        assert!(Fraud.keeps(present, true) && !Fraud.keeps(present, false));
        assert!(All.keeps(None, false));
        assert_eq!(SittingFilter::parse("absents"), Absent);
        assert_eq!(SittingFilter::parse("<script>"), All);
    }

    #[test]
    fn the_audit_keeps_a_digest_of_an_absences_reason_not_the_reason() {
        let absent = Attendance {
            kind: AttendanceKind::AbsentJustified,
            reason: Some("Hospitalisation".to_owned()),
            document_ref: Some("CM-2027-014".to_owned()),
            identity_checked: false,
            incident: None,
        };
        let audited = absent.audited();
        assert!(!audited.contains("Hospitalisation") && !audited.contains("CM-2027"));
        assert!(
            audited.contains("\"kind\":\"absent_justifie\""),
            "{audited}"
        );
        let other = Attendance {
            reason: Some("Grève des transports".to_owned()),
            ..absent.clone()
        };
        assert_ne!(audited, other.audited());
        assert_eq!(audited, absent.clone().audited());
    }
}
