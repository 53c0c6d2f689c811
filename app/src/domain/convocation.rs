//! The convocation: the official summons to a session's épreuves, sent at least one
//! month before the first of them (seed 004). Its content (PDF and email) and the rule
//! on when it may still be sent.

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::document::{Block, Document};
use super::schedule::{datetime_fr, time_fr};

/// Days before the deadline from which the certifier is warned.
pub const WARN_DAYS: i64 = 14;

/// One sitting on a convocation, times already lengthened by accommodations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sitting {
    pub title: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// The extra time granted, described (`tiers-temps : 70 min de plus`), if any.
    pub extra: Option<String>,
    /// Room and address, or the videoconference link.
    pub place: String,
}

/// Everything a convocation says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Convocation {
    pub organisation: String,
    pub certification: String,
    pub certification_code: String,
    pub session: String,
    /// As every document writes it: first name, then the surname in capitals.
    pub candidate_name: String,
    /// As the email greets them (the name as typed).
    #[serde(default)]
    pub addressee: String,
    pub candidate_number: String,
    /// The candidate's category (French label), when the certification has some.
    #[serde(default)]
    pub category: Option<String>,
    pub address: String,
    pub sittings: Vec<Sitting>,
    /// Granted accommodations, as labels.
    pub accommodations: Vec<String>,
}

/// Documents the candidate must bring (seed 004: identity checked at every épreuve).
pub const TO_BRING: [&str; 3] = [
    "une pièce d'identité en cours de validité (carte d'identité, passeport ou titre de séjour) ;",
    "la présente convocation, imprimée ou sur téléphone ;",
    "le matériel autorisé indiqué pour chaque épreuve.",
];

impl Convocation {
    /// The name the email greets.
    fn greeting(&self) -> &str {
        if self.addressee.is_empty() {
            &self.candidate_name
        } else {
            &self.addressee
        }
    }

    /// The PDF's content.
    pub fn document(&self) -> Document {
        let mut blocks = vec![
            Block::Title("Convocation aux épreuves de certification".to_owned()),
            Block::Field {
                label: "Certification".to_owned(),
                value: format!("{} ({})", self.certification, self.certification_code),
            },
            Block::Field {
                label: "Session".to_owned(),
                value: self.session.clone(),
            },
            Block::Field {
                label: "Candidat(e)".to_owned(),
                value: self.candidate_name.clone(),
            },
            Block::Field {
                label: "Numéro de candidat".to_owned(),
                value: self.candidate_number.clone(),
            },
        ];
        if let Some(category) = &self.category {
            blocks.push(Block::Field {
                label: "Catégorie".to_owned(),
                value: category.clone(),
            });
        }
        blocks.extend([
            Block::Paragraph(format!(
                "Vous êtes convoqué(e) aux épreuves ci-dessous. Présentez-vous quinze minutes avant le début de chaque épreuve à l'adresse indiquée{}.",
                if self.address.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", self.address)
                }
            )),
            Block::Heading("Épreuves".to_owned()),
        ]);
        blocks.push(Block::Bullets(
            self.sittings.iter().map(sitting_line).collect(),
        ));
        if !self.accommodations.is_empty() {
            blocks.push(Block::Heading("Aménagements accordés".to_owned()));
            blocks.push(Block::Bullets(self.accommodations.clone()));
        }
        blocks.push(Block::Heading("À apporter".to_owned()));
        blocks.push(Block::Bullets(
            TO_BRING.iter().map(|s| (*s).to_owned()).collect(),
        ));
        blocks.push(Block::Small(
            "Toute absence doit être justifiée (certificat médical, arrêt de travail, cas de force majeure) pour qu'une épreuve de rattrapage puisse être proposée."
                .to_owned(),
        ));
        Document {
            title: format!("Convocation — {} — {}", self.candidate_name, self.session),
            author: self.organisation.clone(),
            blocks,
            ..Default::default()
        }
    }

    /// Subject, plain text and HTML of the email that carries the convocation.
    pub fn email(&self) -> (String, String, String) {
        let subject = format!("Convocation — {} — {}", self.certification, self.session);
        let lines: Vec<String> = self.sittings.iter().map(sitting_line).collect();
        let accommodations = if self.accommodations.is_empty() {
            String::new()
        } else {
            format!(
                "\nAménagements accordés :\n{}\n",
                self.accommodations
                    .iter()
                    .map(|a| format!("- {a}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        };
        let text = format!(
            "Bonjour {name},\n\nVous êtes convoqué(e) aux épreuves de la certification {cert} ({code}), session « {session} ».\n\nÉpreuves :\n{sittings}\n{accommodations}\nÀ apporter :\n{bring}\n\nVotre convocation est jointe à ce message (PDF) et disponible dans votre espace candidat.\n\n{org}\n",
            name = self.greeting(),
            cert = self.certification,
            code = self.certification_code,
            session = self.session,
            sittings = lines
                .iter()
                .map(|l| format!("- {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            bring = TO_BRING
                .iter()
                .map(|l| format!("- {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            org = self.organisation,
        );
        let html = format!(
            "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour {name},</p><p>Vous êtes convoqué(e) aux épreuves de la certification <strong>{cert}</strong> ({code}), session « {session} ».</p><h2>Épreuves</h2><ul>{sittings}</ul>{accommodations}<h2>À apporter</h2><ul>{bring}</ul><p>Votre convocation est jointe à ce message (PDF) et disponible dans votre espace candidat.</p><p>{org}</p></body></html>",
            name = escape(self.greeting()),
            cert = escape(&self.certification),
            code = escape(&self.certification_code),
            session = escape(&self.session),
            sittings = lines
                .iter()
                .map(|l| format!("<li>{}</li>", escape(l)))
                .collect::<String>(),
            accommodations = if self.accommodations.is_empty() {
                String::new()
            } else {
                format!(
                    "<h2>Aménagements accordés</h2><ul>{}</ul>",
                    self.accommodations
                        .iter()
                        .map(|a| format!("<li>{}</li>", escape(a)))
                        .collect::<String>()
                )
            },
            bring = TO_BRING
                .iter()
                .map(|l| format!("<li>{}</li>", escape(l)))
                .collect::<String>(),
            org = escape(&self.organisation),
        );
        (subject, text, html)
    }
}

fn sitting_line(s: &Sitting) -> String {
    let extra = s
        .extra
        .as_ref()
        .map(|e| format!(" ({e})"))
        .unwrap_or_default();
    format!(
        "{} : le {}, fin à {}{extra} — {}",
        s.title,
        datetime_fr(s.start),
        time_fr(s.end),
        s.place
    )
}

pub use super::html::escape;

/// When convocations may be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deadline {
    /// In time; the deadline is still more than `WARN_DAYS` away.
    InTime { deadline: NaiveDate },
    /// In time, but the deadline is near.
    Soon { deadline: NaiveDate, days_left: i64 },
    /// Less than one month before the first épreuve.
    Late { deadline: NaiveDate },
}

/// The last day to send convocations: one month before the first épreuve.
pub fn deadline(first_epreuve: NaiveDate) -> NaiveDate {
    first_epreuve
        .checked_sub_months(Months::new(1))
        .unwrap_or(first_epreuve)
}

/// Where `today` stands against the deadline.
pub fn deadline_status(today: NaiveDate, first_epreuve: NaiveDate) -> Deadline {
    let deadline = deadline(first_epreuve);
    let days_left = (deadline - today).num_days();
    if days_left < 0 {
        Deadline::Late { deadline }
    } else if days_left <= WARN_DAYS {
        Deadline::Soon {
            deadline,
            days_left,
        }
    } else {
        Deadline::InTime { deadline }
    }
}

/// Refuses a late sending without a written reason.
pub fn check_sending(
    today: NaiveDate,
    first_epreuve: NaiveDate,
    reason: &str,
) -> Result<Deadline, String> {
    let status = deadline_status(today, first_epreuve);
    if let Deadline::Late { deadline } = status {
        if reason.trim().is_empty() {
            return Err(format!(
                "Les convocations devaient partir au plus tard le {} (un mois avant la première épreuve). Pour les envoyer malgré tout, indiquez le motif du retard.",
                super::format::date_fr(deadline)
            ));
        }
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn convocations_leave_at_least_one_month_before_the_first_epreuve() {
        let first = d(2027, 3, 16);
        assert_eq!(deadline(first), d(2027, 2, 16));
        assert_eq!(
            deadline_status(d(2026, 11, 22), first),
            Deadline::InTime {
                deadline: d(2027, 2, 16)
            }
        );
        assert_eq!(
            deadline_status(d(2027, 2, 10), first),
            Deadline::Soon {
                deadline: d(2027, 2, 16),
                days_left: 6
            }
        );
        assert_eq!(
            deadline_status(d(2027, 2, 16), first),
            Deadline::Soon {
                deadline: d(2027, 2, 16),
                days_left: 0
            }
        );
        assert_eq!(
            deadline_status(d(2027, 2, 17), first),
            Deadline::Late {
                deadline: d(2027, 2, 16)
            }
        );
        assert!(check_sending(d(2027, 2, 17), first, "  ").is_err());
        assert!(check_sending(d(2027, 2, 17), first, "Report de session décidé le 15/02").is_ok());
        assert!(check_sending(d(2026, 11, 22), first, "").is_ok());
    }
}
