//! The deliberation: the jury's decision for each candidate (the engine's result, or
//! the jury's own with a written reason — "le jury est souverain"), the filters of the
//! deliberation page, the procès-verbal as data (its content is what members sign), and
//! the publication date rules (seed 004: results at the latest 6 weeks after the last
//! épreuve; never before the PV is fully signed).

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::document::{Block, Document};
use super::format::date_fr;
use super::schedule::datetime_fr;
use super::scoring::grid::{Condition, Grid, UnitKind};
use super::scoring::input::{Attendance, CandidateInput};
use super::scoring::outcome::{Decision, Outcome};

/// How close to a threshold a result is "borderline" (on the threshold's own unit:
/// mark on the scale, percent of criteria, points).
pub const BORDERLINE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// Shortest reason accepted for a decision that departs from the engine's.
pub const MIN_REASON: usize = 10;

/// A decision every document reads: what the candidate obtains.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub decision: Decision,
    /// Codes of the blocs validated in this session (not those capitalised earlier).
    pub blocs: Vec<String>,
}

/// The jury's own decision for one candidate, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub verdict: Verdict,
    pub reason: String,
}

/// The blocs of a grid a certificate can be issued for (not groups such as the
/// professional evaluation), with their titles.
pub fn blocs(grid: &Grid) -> Vec<(String, String)> {
    grid.units
        .iter()
        .filter(|u| u.kind != UnitKind::Group)
        .map(|u| (u.code.clone(), u.title.clone()))
        .collect()
}

/// What the engine decided, as a verdict.
pub fn computed(grid: &Grid, outcome: &Outcome) -> Verdict {
    let validated = |code: &str| {
        grid.units
            .iter()
            .position(|u| u.code == code)
            .is_some_and(|i| {
                outcome
                    .units
                    .iter()
                    .any(|r| r.unit == i && r.validated && !r.exempt)
            })
    };
    let blocs = match outcome.decision {
        Decision::FullCertification | Decision::BlocsOnly | Decision::NotCertified => blocs(grid)
            .into_iter()
            .map(|(code, _)| code)
            .filter(|code| validated(code))
            .collect(),
        Decision::Absent | Decision::Postponed | Decision::Fraud => Vec::new(),
    };
    Verdict {
        decision: outcome.decision,
        blocs,
    }
}

/// The blocs a candidate can be awarded: those of which they sat at least one épreuve
/// (present), and those capitalised from an earlier session.
pub fn blocs_sat(grid: &Grid, input: &CandidateInput) -> Vec<String> {
    blocs(grid)
        .into_iter()
        .map(|(code, _)| code)
        .filter(|code| {
            input.capitalised.iter().any(|c| &c.unit == code)
                || input.results.iter().any(|r| {
                    r.attendance == Attendance::Present
                        && grid
                            .components
                            .iter()
                            .any(|c| c.code == r.component && &c.unit == code)
                })
        })
        .collect()
}

/// Checks the jury's decision for a candidate: a decision, the blocs it validates (every
/// bloc for the full certification, at least one for a partial validation, none
/// otherwise), the certification's rules (no partial validation where the grid forbids
/// it; no bloc the candidate did not sit — `sat`, see [`blocs_sat`]), and a written
/// reason. Every problem is listed, in French.
pub fn check_override(
    grid: &Grid,
    computed: &Verdict,
    (decision, chosen): (Decision, &[String]),
    sat: &[String],
    reason: &str,
) -> Result<Override, Vec<String>> {
    let mut problems = Vec::new();
    let all: Vec<String> = blocs(grid).into_iter().map(|(code, _)| code).collect();
    for code in chosen {
        if !all.contains(code) {
            problems.push(format!("Le bloc « {code} » n'existe pas dans la grille."));
        }
    }
    let partial_forbidden = !grid.decision.partial_validation;
    if partial_forbidden
        && (decision == Decision::BlocsOnly
            || (decision == Decision::NotCertified && !chosen.is_empty()))
    {
        problems.push(
            "Cette certification n'admet aucune validation partielle : le jury décide la certification complète ou la non-certification, sans conserver de bloc."
                .to_owned(),
        );
    }
    let awarded: Vec<&String> = match decision {
        Decision::FullCertification => all.iter().collect(),
        Decision::BlocsOnly | Decision::NotCertified => {
            all.iter().filter(|c| chosen.contains(c)).collect()
        }
        Decision::Absent | Decision::Postponed | Decision::Fraud => Vec::new(),
    };
    for code in awarded {
        if !sat.contains(code) {
            problems.push(format!(
                "Le bloc « {code} » ne peut pas être validé : le candidat n'en a passé aucune épreuve (ni ne l'a acquis lors d'une session antérieure)."
            ));
        }
    }
    let blocs: Vec<String> = match decision {
        Decision::FullCertification => all.clone(),
        Decision::BlocsOnly => {
            if chosen.is_empty() {
                problems.push(
                    "Une validation partielle nomme au moins un bloc validé par le jury."
                        .to_owned(),
                );
            }
            all.iter().filter(|c| chosen.contains(c)).cloned().collect()
        }
        Decision::NotCertified => all.iter().filter(|c| chosen.contains(c)).cloned().collect(),
        Decision::Absent | Decision::Postponed | Decision::Fraud => Vec::new(),
    };
    let reason = reason.trim();
    if reason.chars().count() < MIN_REASON {
        problems.push(format!(
            "Le motif est obligatoire ({MIN_REASON} caractères au moins) : le jury ne s'écarte du résultat calculé que par une décision motivée, reportée au procès-verbal."
        ));
    }
    let verdict = Verdict { decision, blocs };
    if &verdict == computed {
        problems.push(
            "Cette décision est celle du résultat calculé : aucune décision du jury n'est à enregistrer."
                .to_owned(),
        );
    }
    if problems.is_empty() {
        Ok(Override {
            verdict,
            reason: reason.to_owned(),
        })
    } else {
        Err(problems)
    }
}

/// Whether a result sits within [`BORDERLINE`] of one of the grid's thresholds (a bloc's
/// validation or eliminatory mark, the total points, the average, the criteria ratio).
pub fn borderline(grid: &Grid, outcome: &Outcome) -> bool {
    if matches!(
        outcome.decision,
        Decision::Absent | Decision::Postponed | Decision::Fraud
    ) {
        return false;
    }
    let near = |value: Decimal, threshold: Decimal| (value - threshold).abs() <= BORDERLINE;
    let units = outcome.units.iter().filter(|r| !r.exempt).any(|r| {
        let unit = &grid.units[r.unit];
        let value = r.ratio.unwrap_or(r.mark);
        unit.validation.is_some_and(|t| near(value, t.value))
            || unit.eliminatory_below.is_some_and(|e| near(r.mark, e))
    });
    units
        || grid
            .decision
            .full_certification
            .iter()
            .any(|condition| match condition {
                Condition::TotalPoints { threshold } => outcome
                    .total_points
                    .is_some_and(|t| near(t, threshold.value)),
                Condition::Average { threshold } => {
                    outcome.average.is_some_and(|a| near(a, threshold.value))
                }
                Condition::CriteriaRatio { threshold } => outcome
                    .criteria_ratio
                    .is_some_and(|r| near(r, threshold.value)),
                _ => false,
            })
}

/// The filters of the deliberation page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Filter {
    #[default]
    All,
    /// A mark is missing, the grid leaves it to the jury, or a make-up is pending.
    Undecided,
    Borderline,
    Absent,
    Fraud,
}

impl Filter {
    pub const ALL: [Filter; 5] = [
        Filter::All,
        Filter::Undecided,
        Filter::Borderline,
        Filter::Absent,
        Filter::Fraud,
    ];

    /// In the page's address (`?filtre=…`).
    pub fn code(self) -> &'static str {
        match self {
            Filter::All => "tous",
            Filter::Undecided => "a-trancher",
            Filter::Borderline => "limites",
            Filter::Absent => "absents",
            Filter::Fraud => "fraude",
        }
    }

    pub fn parse(code: &str) -> Filter {
        Filter::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .unwrap_or(Filter::All)
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "Tous",
            Filter::Undecided => "À trancher",
            Filter::Borderline => "À 0,5 point d'un seuil",
            Filter::Absent => "Absents",
            Filter::Fraud => "Fraude",
        }
    }

    /// Whether a candidate's computed result shows under this filter.
    pub fn keeps(self, facts: &Facts) -> bool {
        match self {
            Filter::All => true,
            Filter::Undecided => {
                facts.incomplete || facts.refer_to_jury || facts.decision == Decision::Postponed
            }
            Filter::Borderline => facts.borderline,
            Filter::Absent => matches!(facts.decision, Decision::Absent | Decision::Postponed),
            Filter::Fraud => facts.decision == Decision::Fraud,
        }
    }
}

/// What the filters look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub decision: Decision,
    pub incomplete: bool,
    pub refer_to_jury: bool,
    pub borderline: bool,
}

/// One member on the PV.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PvMember {
    pub jury_member_id: i32,
    pub name: String,
    pub role: String,
    pub votes: bool,
    pub present: bool,
}

/// One candidate on the PV.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PvRow {
    pub number: String,
    pub name: String,
    pub decision: Decision,
    pub blocs: Vec<String>,
    /// The jury's reason when it departed from the computed result.
    pub reason: Option<String>,
    /// Each unit's mark or criteria ratio as the engine computed it (PVs closed before
    /// it was kept have none: their signed content stays the same).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub results: String,
    /// Average, total points or criteria ratio the grid decides on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub score: String,
    /// Within [`BORDERLINE`] of a threshold, as computed at the closing (kept for the
    /// filters of the closed deliberation; PVs closed before it was have none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub borderline: bool,
}

/// A candidate's figures for the PV, as the engine computed them: each unit's mark or
/// criteria ratio (✓ when validated), and the average, total or ratio the grid decides on.
pub fn pv_figures(
    grid: &crate::domain::scoring::Grid,
    outcome: &crate::domain::scoring::outcome::Outcome,
) -> (String, String) {
    use crate::domain::format::decimal_fr;
    let results = outcome
        .units
        .iter()
        .filter_map(|u| {
            let unit = grid.units.get(u.unit)?;
            let code = unit
                .code
                .rsplit_once("BC")
                .map_or(unit.code.clone(), |(_, n)| format!("BC{n}"));
            let value = if u.exempt {
                "acquis".to_owned()
            } else if let Some(ratio) = u.ratio {
                format!(
                    "{} %",
                    decimal_fr(crate::domain::scoring::round_mark(ratio))
                )
            } else {
                decimal_fr(crate::domain::scoring::round_mark(u.mark))
            };
            Some(format!(
                "{code} {value}{}",
                if u.validated { " ✓" } else { "" }
            ))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let score = if let Some(average) = outcome.average {
        format!(
            "moy. {}/{}",
            decimal_fr(crate::domain::scoring::round_mark(average)),
            decimal_fr(grid.scale)
        )
    } else if let Some(points) = outcome.total_points {
        format!(
            "{} pts",
            decimal_fr(crate::domain::scoring::round_mark(points))
        )
    } else if let Some(ratio) = outcome.criteria_ratio {
        format!(
            "{} % crit.",
            decimal_fr(crate::domain::scoring::round_mark(ratio))
        )
    } else {
        String::new()
    };
    (results, score)
}

/// The procès-verbal as closed by the president: members sign a hash of exactly this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pv {
    pub certification: String,
    pub code: String,
    pub certifier: String,
    pub session: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    /// When the president closed it, French local time.
    pub closed_at: NaiveDateTime,
    /// What the quorum check said ("le jury délibère valablement…").
    pub quorum: String,
    pub members: Vec<PvMember>,
    pub rows: Vec<PvRow>,
    /// The session's audit chain when the PV was closed: entries and head hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<(i64, String)>,
}

/// A member's signature as the PV shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PvSignature {
    pub name: String,
    pub role: String,
    /// French local time.
    pub signed_at: NaiveDateTime,
}

/// A decision in the PV's words, with the validated blocs where there are.
pub fn decision_text(decision: Decision, blocs: &[String]) -> String {
    match decision {
        Decision::FullCertification => "Certification complète".to_owned(),
        Decision::BlocsOnly => format!("Blocs validés : {}", blocs.join(", ")),
        Decision::NotCertified if !blocs.is_empty() => {
            format!("Non certifié — blocs validés : {}", blocs.join(", "))
        }
        other => other.label().to_owned(),
    }
}

impl Pv {
    /// The PV as closed, the document its members sign; `anonymous` shows candidate
    /// numbers only. The signatures themselves (name, time, this file's SHA-256) are
    /// recorded by the application and listed in [`Pv::signatures_document`].
    pub fn document(&self, anonymous: bool) -> Document {
        let mut blocks = vec![
            Block::Title(format!(
                "Procès-verbal de délibération{}",
                if anonymous { " (anonymisé)" } else { "" }
            )),
            Block::Field {
                label: "Certification".to_owned(),
                value: format!("{} — {}", self.certification, self.code),
            },
            Block::Field {
                label: "Certificateur".to_owned(),
                value: self.certifier.clone(),
            },
            Block::Field {
                label: "Session".to_owned(),
                value: self.session.clone(),
            },
            Block::Field {
                label: "Dates".to_owned(),
                value: format!(
                    "du {} au {}",
                    date_fr(self.starts_on),
                    date_fr(self.ends_on)
                ),
            },
            Block::Field {
                label: "Lieu".to_owned(),
                value: self.place.clone(),
            },
            Block::Field {
                label: "Délibération close le".to_owned(),
                value: datetime_fr(self.closed_at),
            },
            Block::Heading("Composition du jury".to_owned()),
            Block::Rows {
                columns: vec![
                    ("Membre".to_owned(), 60),
                    ("Qualité".to_owned(), 75),
                    ("Présence".to_owned(), 35),
                ],
                rows: self
                    .members
                    .iter()
                    .map(|m| {
                        vec![
                            m.name.clone(),
                            m.role.clone(),
                            if m.present {
                                "présent(e)"
                            } else {
                                "absent(e)"
                            }
                            .to_owned(),
                        ]
                    })
                    .collect(),
            },
            Block::Paragraph(self.quorum.clone()),
            Block::Heading(format!("Décisions ({} candidats)", self.rows.len())),
        ];
        let detailed = self.rows.iter().any(|r| !r.results.is_empty());
        let mut columns = vec![("N°".to_owned(), 22)];
        if !anonymous {
            columns.push(("Candidat(e)".to_owned(), 38));
        }
        if detailed {
            columns.push((
                "Résultats par unité".to_owned(),
                if anonymous { 68 } else { 50 },
            ));
            columns.push(("Score".to_owned(), 25));
            columns.push(("Décision du jury".to_owned(), 35));
        } else {
            columns.push((
                "Décision du jury".to_owned(),
                if anonymous { 148 } else { 110 },
            ));
        }
        blocks.push(Block::Rows {
            columns,
            rows: self
                .rows
                .iter()
                .map(|r| {
                    let mut row = vec![r.number.clone()];
                    if !anonymous {
                        row.push(r.name.clone());
                    }
                    if detailed {
                        row.push(r.results.clone());
                        row.push(r.score.clone());
                    }
                    let mut decision = decision_text(r.decision, &r.blocs);
                    if r.reason.is_some() {
                        decision.push_str(" (décision motivée du jury)");
                    }
                    row.push(decision);
                    row
                })
                .collect(),
        });
        let reasons: Vec<String> = self
            .rows
            .iter()
            .filter_map(|r| {
                r.reason.as_ref().map(|reason| {
                    let who = if anonymous { &r.number } else { &r.name };
                    format!("{who} : {} — {reason}", decision_text(r.decision, &r.blocs))
                })
            })
            .collect();
        if !reasons.is_empty() {
            blocks.push(Block::Heading(
                "Décisions du jury différentes du résultat calculé".to_owned(),
            ));
            blocks.push(Block::Bullets(reasons));
        }
        if let Some((entries, head)) = &self.audit_head {
            blocks.push(Block::Small(format!(
                "Journal d'audit de la session à la clôture : {entries} entrée(s), empreinte SHA-256 de tête {head}. Toute modification ultérieure des notes ou des décisions y serait visible."
            )));
        }
        blocks.push(Block::Heading("Signatures".to_owned()));
        blocks.push(Block::Paragraph(
            "Ce procès-verbal est signé électroniquement, sur ce fichier tel quel, par chacun des membres votants présents ci-dessous, avec son mot de passe. Chaque signature (nom, date et heure, empreinte SHA-256 de ce fichier) est enregistrée et récapitulée dans l'attestation de signature du procès-verbal, délivrée à la dernière signature.".to_owned(),
        ));
        blocks.push(Block::Signatures {
            signatories: self
                .members
                .iter()
                .filter(|m| m.present && m.votes)
                .map(|m| crate::domain::document::Signatory {
                    role: m.role.clone(),
                    name: m.name.clone(),
                    quality: String::new(),
                    note: "Signature électronique".to_owned(),
                    signature: None,
                })
                .collect(),
            certifier: false,
        });
        Document {
            title: format!("PV — {}", self.session),
            author: self.certifier.clone(),
            blocks,
            ..Default::default()
        }
    }

    /// The attestation of the PV's signatures: the signed file's SHA-256 and, for each
    /// voting member present, when they signed it.
    pub fn signatures_document(
        &self,
        signed_sha256: &str,
        signatures: &[PvSignature],
        issued_at: chrono::DateTime<chrono::Utc>,
    ) -> Document {
        let blocks = vec![
            Block::Title("Attestation de signature du procès-verbal".to_owned()),
            Block::Field {
                label: "Certification".to_owned(),
                value: format!("{} — {}", self.certification, self.code),
            },
            Block::Field {
                label: "Session".to_owned(),
                value: self.session.clone(),
            },
            Block::Field {
                label: "Délibération close le".to_owned(),
                value: datetime_fr(self.closed_at),
            },
            Block::Field {
                label: "Fichier signé".to_owned(),
                value: "pv.pdf (procès-verbal de délibération)".to_owned(),
            },
            Block::Field {
                label: "Empreinte SHA-256".to_owned(),
                value: signed_sha256.to_owned(),
            },
            Block::Paragraph(format!(
                "Les {} membre(s) votant(s) présent(s) ont signé électroniquement le procès-verbal dont l'empreinte figure ci-dessus, chacun avec son mot de passe. L'empreinte d'une copie se vérifie avec « sha256sum pv.pdf ».",
                signatures.len()
            )),
            Block::Rows {
                columns: vec![
                    ("Membre".to_owned(), 60),
                    ("Qualité".to_owned(), 60),
                    ("Signé le".to_owned(), 50),
                ],
                rows: signatures
                    .iter()
                    .map(|s| vec![s.name.clone(), s.role.clone(), datetime_fr(s.signed_at)])
                    .collect(),
            },
        ];
        Document {
            title: format!("Attestation de signature du PV — {}", self.session),
            author: self.certifier.clone(),
            blocks,
            issued_at: Some(issued_at),
            ..Default::default()
        }
    }

    /// The decisions as a table, as the PV shows them: each candidate's number, name,
    /// decision, validated blocs, each unit's result, the score the grid decides on,
    /// whether the jury departed from the computed result and why. The CSV and XLSX
    /// exports are this table.
    pub fn table(&self) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let headers = vec![
            "Numéro",
            "Nom",
            "Décision",
            "Blocs validés",
            "Résultats par unité",
            "Score",
            "Décision du jury différente du résultat calculé",
            "Motif du jury",
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.number.clone(),
                    r.name.clone(),
                    r.decision.label().to_owned(),
                    r.blocs.join(", "),
                    r.results.clone(),
                    r.score.clone(),
                    if r.reason.is_some() { "oui" } else { "non" }.to_owned(),
                    r.reason.clone().unwrap_or_default(),
                ]
            })
            .collect();
        (headers, rows)
    }

    /// The decisions as CSV (`;`, UTF-8 with a byte-order mark, for spreadsheet
    /// software set to French). A cell a spreadsheet would read as a formula (starting
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return) is written as text.
    pub fn csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let (headers, rows) = self.table();
        // Writing to memory cannot fail.
        let _ = writer.write_record(headers.iter().map(|h| spreadsheet_text(h).into_owned()));
        for row in rows {
            let _ = writer.write_record(row.iter().map(|c| spreadsheet_text(c).into_owned()));
        }
        let bytes = writer.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }
}

/// An addendum to a signed PV: a candidate's identity rectified after the closing. The
/// PV as signed is left as it is; the addendum says what changed, when, who accepted
/// it, and which documents were reissued in place of which.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addendum {
    pub number: usize,
    pub certification: String,
    pub certifier: String,
    pub session: String,
    /// SHA-256 of the PV's file as signed.
    pub pv_sha256: String,
    pub candidate_number: String,
    /// (field, before, after).
    pub changes: Vec<(String, String, String)>,
    /// French local time.
    pub accepted_at: NaiveDateTime,
    pub accepted_by: String,
    pub reason: String,
    /// (title, revoked code, new code).
    pub reissued: Vec<(String, String, String)>,
}

impl Addendum {
    pub fn document(&self) -> Document {
        let mut blocks = vec![
            Block::Title(format!(
                "Avenant n° {} au procès-verbal de délibération",
                self.number
            )),
            Block::Field {
                label: "Certification".to_owned(),
                value: self.certification.clone(),
            },
            Block::Field {
                label: "Session".to_owned(),
                value: self.session.clone(),
            },
            Block::Field {
                label: "Procès-verbal signé".to_owned(),
                value: format!("pv.pdf, empreinte SHA-256 {}", self.pv_sha256),
            },
            Block::Paragraph(format!(
                "Le {}, {} a accepté la rectification de l'état civil du candidat n° {} (droit de rectification, article 16 du RGPD). Le procès-verbal signé reste inchangé ; le présent avenant le complète. Les décisions du jury ne sont pas modifiées.",
                datetime_fr(self.accepted_at),
                self.accepted_by,
                self.candidate_number
            )),
            Block::Heading("Rectification".to_owned()),
            Block::Rows {
                columns: vec![
                    ("Champ".to_owned(), 40),
                    ("Avant".to_owned(), 65),
                    ("Après".to_owned(), 65),
                ],
                rows: self
                    .changes
                    .iter()
                    .map(|(field, before, after)| {
                        vec![field.clone(), before.clone(), after.clone()]
                    })
                    .collect(),
            },
            Block::Field {
                label: "Motif".to_owned(),
                value: self.reason.clone(),
            },
        ];
        blocks.push(Block::Heading("Documents réémis".to_owned()));
        if self.reissued.is_empty() {
            blocks.push(Block::Paragraph(
                "Aucun document n'avait encore été délivré : ceux de la publication porteront l'état civil rectifié.".to_owned(),
            ));
        } else {
            blocks.push(Block::Rows {
                columns: vec![
                    ("Document".to_owned(), 80),
                    ("Révoqué (code)".to_owned(), 45),
                    ("Remplacé par (code)".to_owned(), 45),
                ],
                rows: self
                    .reissued
                    .iter()
                    .map(|(title, old, new)| vec![title.clone(), old.clone(), new.clone()])
                    .collect(),
            });
        }
        Document {
            title: format!("Avenant n° {} au PV — {}", self.number, self.session),
            author: self.certifier.clone(),
            blocks,
            ..Default::default()
        }
    }
}

/// A cell's text as a spreadsheet must show it: one that would start a formula gets a
/// leading apostrophe.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The fingerprint members sign: SHA-256 of the PV's content, in hexadecimal.
#[cfg(feature = "ssr")]
pub fn content_hash(pv: &Pv) -> String {
    super::audit::digest(&serde_json::to_string(pv).unwrap_or_default())
}

/// A postponed deliberation as everyone reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postponement {
    /// Local time of the new meeting.
    pub meeting: NaiveDateTime,
    /// Local time of the decision.
    pub decided: NaiveDateTime,
    pub absent: String,
    pub reason: String,
}

impl Postponement {
    /// One sentence: when it was decided, the new meeting, who was absent and why.
    pub fn text(&self) -> String {
        format!(
            "Délibération reportée le {} (absent(s) : {}) : nouvelle réunion le {} à {}. Motif : {}",
            self.decided.format("%d/%m/%Y à %Hh%M"),
            self.absent,
            self.meeting.format("%d/%m/%Y"),
            self.meeting.format("%Hh%M"),
            self.reason
        )
    }

    /// The email to each member of the jury.
    pub fn email(
        &self,
        (name, certification, session): (&str, &str, &str),
        link: &str,
    ) -> (String, String, String) {
        let subject = format!("Délibération reportée — {session}");
        let when = format!(
            "le {} à {}",
            self.meeting.format("%d/%m/%Y"),
            self.meeting.format("%Hh%M")
        );
        let text = format!(
            "Bonjour {name},\n\nLa délibération du jury de la certification « {certification} » ({session}) est reportée : un membre dont la présence est requise était absent ({absent}).\n\nNouvelle réunion {when}.\nMotif : {reason}\n\nLa délibération : {link}\n",
            absent = self.absent,
            reason = self.reason,
        );
        let html = format!(
            "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour {},</p><p>La délibération du jury de la certification « {} » ({}) est reportée : un membre dont la présence est requise était absent ({}).</p><p><strong>Nouvelle réunion {}.</strong><br>Motif : {}</p><p><a href=\"{}\">{}</a></p></body></html>",
            super::html::escape(name),
            super::html::escape(certification),
            super::html::escape(session),
            super::html::escape(&self.absent),
            super::html::escape(&when),
            super::html::escape(&self.reason),
            super::html::escape(link),
            super::html::escape(link),
        );
        (subject, text, html)
    }
}

/// Checks the new meeting of a postponed deliberation: a date (`JJ/MM/AAAA`) and a time
/// (`HH:MM`) after `now`, within a year, and a reason. Every problem, in French.
pub fn check_postponement(
    date: &str,
    time: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(NaiveDateTime, String), Vec<String>> {
    let mut problems = Vec::new();
    let day = super::candidate::parse_date_fr(date);
    if day.is_none() {
        problems.push(format!(
            "Date de la nouvelle réunion « {} » invalide (attendu JJ/MM/AAAA).",
            date.chars().take(20).collect::<String>()
        ));
    }
    let hour = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").ok();
    if hour.is_none() {
        problems.push(format!(
            "Heure de la nouvelle réunion « {} » invalide (attendu HH:MM).",
            time.chars().take(20).collect::<String>()
        ));
    }
    let reason = reason.trim();
    if reason.chars().count() < MIN_REASON {
        problems.push(format!(
            "Le motif du report est obligatoire ({MIN_REASON} caractères au moins)."
        ));
    }
    if let (Some(day), Some(hour)) = (day, hour) {
        let meeting = day.and_time(hour);
        if meeting <= now {
            problems.push(format!(
                "La nouvelle réunion ({} à {}) doit être postérieure à maintenant.",
                meeting.format("%d/%m/%Y"),
                meeting.format("%Hh%M")
            ));
        } else if meeting > now + chrono::Duration::days(365) {
            problems.push("La nouvelle réunion doit avoir lieu dans l'année.".to_owned());
        } else if problems.is_empty() {
            return Ok((meeting, reason.to_owned()));
        }
    }
    Err(problems)
}

/// Longest wait between the last épreuve and the publication (seed 004).
pub const PUBLICATION_WEEKS: i64 = 6;

/// Checks a publication date: refused before the PV is fully signed, in the past or
/// before the last épreuve; `Ok(Some(warning))` past 6 weeks after the last épreuve
/// (the certifier confirms).
pub fn check_publication(
    signed: bool,
    on: NaiveDate,
    last_epreuve: NaiveDate,
    today: NaiveDate,
) -> Result<Option<String>, String> {
    if !signed {
        return Err(
            "Le procès-verbal n'est pas signé par tous les membres votants : les résultats ne peuvent pas être publiés."
                .to_owned(),
        );
    }
    if on < today {
        return Err(format!(
            "La date de publication ({}) est passée : choisissez aujourd'hui ou une date à venir.",
            date_fr(on)
        ));
    }
    if on < last_epreuve {
        return Err(format!(
            "La date de publication ({}) précède la dernière épreuve ({}).",
            date_fr(on),
            date_fr(last_epreuve)
        ));
    }
    let limit = last_epreuve + chrono::Duration::weeks(PUBLICATION_WEEKS);
    Ok((on > limit).then(|| {
        format!(
            "Le {} est à plus de {PUBLICATION_WEEKS} semaines de la dernière épreuve ({}) : le règlement demande une publication au plus tard le {}. Confirmez pour publier à cette date.",
            date_fr(on),
            date_fr(last_epreuve),
            date_fr(limit)
        )
    }))
}

/// The email that tells a candidate their results are published: what they obtained,
/// and documents only when they have some (none after a fraud, an absence or a
/// postponement).
pub fn results_email(
    name: &str,
    session: &str,
    space_url: &str,
    (decision, documents): (Decision, usize),
    departure: Option<&str>,
) -> (String, String, String) {
    let subject = format!("Vos résultats sont publiés — {session}");
    let outcome = match decision {
        Decision::FullCertification => "Vous obtenez la certification complète. Félicitations !".to_owned(),
        Decision::BlocsOnly => "Le jury valide une partie des blocs de compétences (validation partielle) ; ils restent acquis pour une prochaine session.".to_owned(),
        Decision::NotCertified => "Le jury n'a pas délivré la certification.".to_owned(),
        Decision::Absent => "Vous étiez absent(e) : aucun résultat n'a été délivré.".to_owned(),
        Decision::Postponed => "Votre résultat est ajourné : une épreuve de rattrapage vous sera proposée ; l'organisme certificateur vous en indiquera la date.".to_owned(),
        Decision::Fraud => "Le jury a constaté une fraude : la session est invalidée pour vous.".to_owned(),
    };
    let (text_departure, html_departure) = match departure {
        Some(departure) => (
            format!("\n\n{departure}"),
            format!("<p>{}</p>", super::convocation::escape(departure)),
        ),
        None => (String::new(), String::new()),
    };
    let documents_line = if documents > 0 {
        format!(
            "Votre décision, vos résultats par bloc et vos documents ({documents}) sont disponibles dans votre espace candidat"
        )
    } else {
        "La décision du jury est consultable dans votre espace candidat ; aucun document n'est délivré pour cette session".to_owned()
    };
    let text = format!(
        "Bonjour {name},\n\nLes résultats de la session « {session} » sont publiés.\n\n{outcome}{text_departure}\n\n{documents_line} : {space_url}\n\nCordialement,\nLe service certification"
    );
    let html = format!(
        "<p>Bonjour {},</p><p>Les résultats de la session « {} » sont publiés.</p><p><strong>{}</strong></p>{html_departure}<p>{} : <a href=\"{}\">votre espace candidat</a>.</p><p>Cordialement,<br>Le service certification</p>",
        super::convocation::escape(name),
        super::convocation::escape(session),
        super::convocation::escape(&outcome),
        super::convocation::escape(&documents_line),
        super::convocation::escape(space_url)
    );
    (subject, text, html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::grid::Scoring;
    use crate::domain::scoring::input::{CandidateInput, ComponentInput};
    use crate::domain::scoring::validate::validate;
    use crate::domain::scoring::{Sheet, evaluate};
    use crate::domain::templates;

    fn grid_e() -> Grid {
        templates::all()
            .into_iter()
            .find(|t| t.key == "E")
            .expect("template E")
            .grid
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn max_of(component: &crate::domain::scoring::grid::Component) -> Decimal {
        match component.scoring {
            Scoring::Points { max } => max,
            Scoring::Criteria => Decimal::ZERO,
        }
    }

    /// Every component at `share` of its maximum.
    fn outcome_at(share: Decimal) -> Outcome {
        let compiled = validate(grid_e()).expect("grid");
        let input = CandidateInput {
            candidate: "X".to_owned(),
            results: compiled
                .grid
                .components
                .iter()
                .map(|c| ComponentInput {
                    component: c.code.clone(),
                    attendance: Default::default(),
                    points: Some(max_of(c) * share),
                    criteria_met: Vec::new(),
                })
                .collect(),
            attendance_percent: None,
            unjustified_absence_percent: None,
            fraud: false,
            capitalised: Vec::new(),
        };
        let sheet = Sheet::build(&compiled, &input).expect("sheet");
        evaluate(&compiled, &sheet, d(2027, 3, 20))
    }

    fn all_sat(grid: &Grid) -> Vec<String> {
        blocs(grid).into_iter().map(|(code, _)| code).collect()
    }

    #[test]
    fn an_override_needs_a_reason_and_blocs_that_exist() {
        let grid = grid_e();
        let computed = Verdict {
            decision: Decision::NotCertified,
            blocs: vec![],
        };
        let problems = check_override(
            &grid,
            &computed,
            (Decision::BlocsOnly, &["BLOC9".to_owned()]),
            &all_sat(&grid),
            "court",
        )
        .expect_err("refused");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("« BLOC9 » n'existe pas"));
        assert!(problems[1].contains("motif est obligatoire"));
        let bloc = blocs(&grid)[0].0.clone();
        let decided = check_override(
            &grid,
            &computed,
            (Decision::BlocsOnly, std::slice::from_ref(&bloc)),
            &all_sat(&grid),
            "Travaux remis en cours de session, examinés par le jury.",
        )
        .expect("accepted");
        assert_eq!(decided.verdict.blocs, vec![bloc]);
        let full = check_override(
            &grid,
            &computed,
            (Decision::FullCertification, &[]),
            &all_sat(&grid),
            "Situation examinée en séance, décision unanime.",
        )
        .expect("accepted");
        assert_eq!(full.verdict.blocs.len(), blocs(&grid).len());
    }

    #[test]
    fn a_partial_validation_where_the_grid_forbids_it_or_an_unsat_bloc_is_refused() {
        // Seed 000: « Aucune validation partielle ».
        let formites = templates::assistant_formation_formites().grid;
        let computed = Verdict {
            decision: Decision::NotCertified,
            blocs: vec![],
        };
        let bloc = blocs(&formites)[0].0.clone();
        let problems = check_override(
            &formites,
            &computed,
            (Decision::BlocsOnly, std::slice::from_ref(&bloc)),
            &all_sat(&formites),
            "Le jury retient le premier bloc au vu du dossier.",
        )
        .expect_err("refused");
        assert!(
            problems[0].contains("n'admet aucune validation partielle"),
            "{problems:?}"
        );
        // Template E allows partial validation, but not of a bloc never sat.
        let grid = grid_e();
        let bloc = blocs(&grid)[1].0.clone();
        let sat = vec![blocs(&grid)[0].0.clone()];
        let problems = check_override(
            &grid,
            &computed,
            (Decision::BlocsOnly, std::slice::from_ref(&bloc)),
            &sat,
            "Le jury valide ce bloc au vu des travaux.",
        )
        .expect_err("refused");
        assert!(
            problems[0].contains("n'en a passé aucune épreuve"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_postponement_needs_a_later_meeting_and_a_reason() {
        let now = d(2027, 3, 19).and_hms_opt(14, 0, 0).expect("time");
        let (meeting, reason) = check_postponement(
            "26/03/2027",
            "09:30",
            "Membre représentant les salariés absent (maladie).",
            now,
        )
        .expect("valid");
        assert_eq!(
            meeting.format("%d/%m/%Y %H:%M").to_string(),
            "26/03/2027 09:30"
        );
        assert!(reason.starts_with("Membre"));
        let problems = check_postponement("19/03/2027", "9h", "court", now).expect_err("refused");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("Heure de la nouvelle réunion « 9h » invalide"));
        let past = check_postponement("18/03/2027", "10:00", "Membre absent, report.", now)
            .expect_err("refused");
        assert!(past[0].contains("postérieure"), "{past:?}");
        let text = Postponement {
            meeting,
            decided: now,
            absent: "Karim Benali".to_owned(),
            reason,
        }
        .text();
        assert!(
            text.contains("nouvelle réunion le 26/03/2027 à 09h30"),
            "{text}"
        );
    }

    #[test]
    fn the_results_email_says_what_the_candidate_obtained_and_promises_no_missing_document() {
        let (_, text, _) = results_email(
            "Camille Durand",
            "Session de mars",
            "https://jury.example/candidat",
            (Decision::FullCertification, 2),
            Some(
                "Décision motivée du jury, qui s'écarte du résultat calculé par la grille (« Non certifié ») — motif : projet remarquable",
            ),
        );
        assert!(text.contains("Vous obtenez la certification complète"));
        assert!(text.contains("(« Non certifié ») — motif : projet remarquable"));
        assert!(text.contains("vos documents (2) sont disponibles"));
        let (_, text, html) = results_email(
            "Chloé Faure",
            "Session de mars",
            "https://jury.example/candidat",
            (Decision::Fraud, 0),
            None,
        );
        assert_eq!(
            text.matches("aucun document n'est délivré").count(),
            1,
            "said once: {text}"
        );
        assert!(!text.contains("vos documents"));
        assert!(html.contains("fraude"));
    }

    #[test]
    fn the_same_decision_as_computed_is_not_an_override() {
        let grid = grid_e();
        let computed = Verdict {
            decision: Decision::Fraud,
            blocs: vec![],
        };
        let problems = check_override(
            &grid,
            &computed,
            (Decision::Fraud, &[]),
            &all_sat(&grid),
            "Le jury confirme la fraude.",
        )
        .expect_err("refused");
        assert!(
            problems[0].contains("celle du résultat calculé"),
            "{problems:?}"
        );
    }

    #[test]
    fn borderline_is_within_half_a_point_of_a_threshold() {
        let grid = grid_e();
        // Half of every maximum: 500/1000 exactly, every bloc at 10/20.
        let middle = outcome_at(Decimal::new(5, 1));
        assert!(borderline(&grid, &middle));
        let facts = |o: &Outcome| Facts {
            decision: o.decision,
            incomplete: o.incomplete,
            refer_to_jury: o.refer_to_jury,
            borderline: borderline(&grid, o),
        };
        assert!(Filter::Borderline.keeps(&facts(&middle)));
        assert!(!Filter::Fraud.keeps(&facts(&middle)));
        // Full marks everywhere: far from every threshold.
        let best = outcome_at(Decimal::ONE);
        assert_eq!(best.decision, Decision::FullCertification);
        assert!(!borderline(&grid, &best));
        assert!(!Filter::Borderline.keeps(&facts(&best)));
        assert_eq!(computed(&grid, &best).blocs.len(), 4);
    }

    #[test]
    fn publication_waits_for_every_signature_and_warns_after_six_weeks() {
        let last = d(2027, 3, 19);
        let today = d(2027, 3, 22);
        assert!(
            check_publication(false, d(2027, 4, 1), last, today)
                .expect_err("refused")
                .contains("pas signé")
        );
        assert!(
            check_publication(true, d(2027, 3, 21), last, today)
                .expect_err("past")
                .contains("est passée")
        );
        assert_eq!(
            check_publication(true, d(2027, 4, 30), last, today),
            Ok(None)
        );
        let warning = check_publication(true, d(2027, 5, 1), last, today)
            .expect("allowed")
            .expect("warning");
        assert!(warning.contains("au plus tard le 30/04/2027"), "{warning}");
    }

    #[test]
    fn the_pv_names_every_decision_and_the_anonymous_one_no_name() {
        let pv = Pv {
            certification: "Office Manager junior".to_owned(),
            code: "RNCP36390".to_owned(),
            certifier: "CCI France".to_owned(),
            session: "Session de mars".to_owned(),
            starts_on: d(2027, 3, 15),
            ends_on: d(2027, 3, 19),
            place: "Lyon".to_owned(),
            closed_at: d(2027, 3, 22).and_hms_opt(17, 30, 0).expect("time"),
            quorum: "Tous les membres votants sont présents.".to_owned(),
            members: vec![PvMember {
                jury_member_id: 1,
                name: "Claire MARTIN".to_owned(),
                role: "Président(e) du jury".to_owned(),
                votes: true,
                present: true,
            }],
            rows: vec![
                PvRow {
                    number: "E27-001".to_owned(),
                    name: "DURAND Camille".to_owned(),
                    decision: Decision::BlocsOnly,
                    blocs: vec!["RNCP36390BC01".to_owned()],
                    reason: None,
                    results: String::new(),
                    score: String::new(),
                    borderline: false,
                },
                PvRow {
                    number: "E27-002".to_owned(),
                    name: "PETIT Léa".to_owned(),
                    decision: Decision::FullCertification,
                    blocs: vec![],
                    reason: Some("Dossier examiné en séance; décision unanime.".to_owned()),
                    results: String::new(),
                    score: String::new(),
                    borderline: false,
                },
            ],
            audit_head: None,
        };
        let text = pv.document(false).text();
        assert!(text.contains("E27-001 | DURAND Camille | Blocs validés : RNCP36390BC01"));
        assert!(text.contains("PETIT Léa : Certification complète — Dossier examiné"));
        let anonymous = pv.document(true).text();
        assert!(!anonymous.contains("DURAND") && !anonymous.contains("PETIT"));
        assert!(anonymous.contains("E27-002 : Certification complète"));
        let csv = pv.csv();
        assert!(csv.starts_with("\u{feff}Numéro;Nom;"));
        assert!(csv.contains("E27-002;PETIT Léa;Certification complète;;;;oui;\"Dossier examiné en séance; décision unanime.\""));
        // A partial validation reads as such, its blocs in their own column.
        assert!(
            csv.contains(
                "E27-001;DURAND Camille;Validation partielle (blocs validés);RNCP36390BC01;"
            ),
            "{csv}"
        );
        assert_ne!(content_hash(&pv), {
            let mut changed = pv.clone();
            changed.rows[0].decision = Decision::NotCertified;
            content_hash(&changed)
        });
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        use super::spreadsheet_text;
        assert_eq!(
            spreadsheet_text("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(spreadsheet_text("+33 1 23"), "'+33 1 23");
        assert_eq!(spreadsheet_text("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_text("Dupont-Martin"), "Dupont-Martin");
    }
}
