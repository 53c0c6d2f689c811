//! How long each kind of candidates' personal data is kept (RGPD article 5-1-e), per
//! organisation: months per kind, with defaults that follow the seeds and the law and a
//! floor the certifier cannot go under. The daily retention job
//! (`ssr::repo::retention`) erases, deletes or anonymises what is past its limit.
//!
//! What is never removed: the PV, the decisions, the results and the documents issued
//! (the certifier must attest a qualification for the holder's whole life, and declares
//! it to the Caisse des Dépôts), and the audit chain that proves them — it holds ids,
//! marks and states, never an absence's reason or an accommodation's details.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

/// A kind of data the policy limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// The note, supporting document and decision reason of accommodation requests
    /// (health data), counted from the publication of the session's results.
    AccommodationDetails,
    /// The free texts of attendance records (an absence's reason, its supporting
    /// document, an incident), counted from the session's last day.
    ExamDayDetails,
    /// The log of emails sent (recipient, subject), counted from sending.
    Emails,
    /// Candidate and juror accounts, counted from their last login.
    InactiveAccounts,
}

/// The limits of one kind: default, floor, ceiling, in months.
pub struct Limits {
    pub default: u32,
    pub minimum: u32,
    pub maximum: u32,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::AccommodationDetails,
        Kind::ExamDayDetails,
        Kind::Emails,
        Kind::InactiveAccounts,
    ];

    /// The form field and JSON key.
    pub fn code(self) -> &'static str {
        match self {
            Kind::AccommodationDetails => "amenagements",
            Kind::ExamDayDetails => "emargement",
            Kind::Emails => "courriels",
            Kind::InactiveAccounts => "comptes_inactifs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::AccommodationDetails => "Détails des demandes d'aménagement",
            Kind::ExamDayDetails => "Motifs d'absence, justificatifs et incidents des épreuves",
            Kind::Emails => "Journal des courriels envoyés",
            Kind::InactiveAccounts => "Comptes des candidats et des membres du jury inactifs",
        }
    }

    /// From when the months are counted.
    pub fn counted_from(self) -> &'static str {
        match self {
            Kind::AccommodationDetails => "après la publication des résultats de la session",
            Kind::ExamDayDetails => "après le dernier jour de la session",
            Kind::Emails => "après l'envoi",
            Kind::InactiveAccounts => "sans connexion",
        }
    }

    /// What the job does once the limit is past.
    pub fn effect(self) -> &'static str {
        match self {
            Kind::AccommodationDetails => {
                "précisions, référence du justificatif et motif de la décision effacés ; \
                 le type d'aménagement accordé reste"
            }
            Kind::ExamDayDetails => {
                "motif, justificatif et incident effacés ; la présence ou l'absence reste \
                 (le résultat en dépend)"
            }
            Kind::Emails => "entrées du journal supprimées",
            Kind::InactiveAccounts => {
                "compte anonymisé (nom, adresse électronique, mot de passe) ; l'identité \
                 du candidat reste tant que ses résultats sont conservés"
            }
        }
    }

    /// Why this default, and why no shorter.
    pub fn basis(self) -> &'static str {
        match self {
            Kind::AccommodationDetails => {
                "Donnée de santé (RGPD art. 9) : gardée le temps du délai de recours \
                 contentieux contre la décision du jury (2 mois)."
            }
            Kind::ExamDayDetails => {
                "Les feuilles d'émargement et les copies sont archivées au moins un an \
                 (délai de réclamation d'un candidat)."
            }
            Kind::Emails => "Preuve de l'envoi des convocations et des résultats.",
            Kind::InactiveAccounts => {
                "Un candidat peut revenir pour un rattrapage ou une attestation pendant \
                 plusieurs années."
            }
        }
    }

    pub fn limits(self) -> Limits {
        match self {
            Kind::AccommodationDetails => Limits {
                default: 2,
                minimum: 2,
                maximum: 120,
            },
            Kind::ExamDayDetails => Limits {
                default: 12,
                minimum: 12,
                maximum: 120,
            },
            Kind::Emails => Limits {
                default: 12,
                minimum: 1,
                maximum: 120,
            },
            Kind::InactiveAccounts => Limits {
                default: 36,
                minimum: 12,
                maximum: 120,
            },
        }
    }
}

/// Months per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub accommodation_details: u32,
    pub exam_day_details: u32,
    pub emails: u32,
    pub inactive_accounts: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            accommodation_details: Kind::AccommodationDetails.limits().default,
            exam_day_details: Kind::ExamDayDetails.limits().default,
            emails: Kind::Emails.limits().default,
            inactive_accounts: Kind::InactiveAccounts.limits().default,
        }
    }
}

impl Policy {
    pub fn months(&self, kind: Kind) -> u32 {
        match kind {
            Kind::AccommodationDetails => self.accommodation_details,
            Kind::ExamDayDetails => self.exam_day_details,
            Kind::Emails => self.emails,
            Kind::InactiveAccounts => self.inactive_accounts,
        }
    }

    fn set(&mut self, kind: Kind, months: u32) {
        match kind {
            Kind::AccommodationDetails => self.accommodation_details = months,
            Kind::ExamDayDetails => self.exam_day_details = months,
            Kind::Emails => self.emails = months,
            Kind::InactiveAccounts => self.inactive_accounts = months,
        }
    }

    /// The stored policy; the defaults where none is stored. A stored value under
    /// its floor (edited in the database) is raised to it.
    pub fn stored(json: Option<&str>) -> Self {
        let mut policy: Policy = json
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        for kind in Kind::ALL {
            let limits = kind.limits();
            policy.set(
                kind,
                policy.months(kind).clamp(limits.minimum, limits.maximum),
            );
        }
        policy
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The policy typed in the settings form (`kind code → months`), or every field in
    /// error.
    pub fn parse(fields: &[(String, String)]) -> Result<Self, Vec<(String, String)>> {
        let mut policy = Policy::default();
        let mut problems = Vec::new();
        for kind in Kind::ALL {
            let limits = kind.limits();
            let typed = fields
                .iter()
                .find(|(k, _)| k == kind.code())
                .map(|(_, v)| v.trim())
                .unwrap_or("");
            match typed.parse::<u32>() {
                Ok(months) if (limits.minimum..=limits.maximum).contains(&months) => {
                    policy.set(kind, months)
                }
                _ => problems.push((
                    kind.code().to_owned(),
                    format!(
                        "{} : un nombre entier de mois entre {} et {}.",
                        kind.label(),
                        limits.minimum,
                        limits.maximum
                    ),
                )),
            }
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems)
        }
    }

    /// The instant before which data of this kind is past its limit.
    pub fn cutoff(&self, kind: Kind, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_months(Months::new(self.months(kind)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// What a run of the job did (or, dry, would do) for one organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Accommodation requests whose details are erased.
    pub accommodation_details: u64,
    /// Attendance records whose free texts are erased.
    pub exam_day_details: u64,
    /// Email log entries deleted.
    pub emails: u64,
    /// Accounts anonymised.
    pub inactive_accounts: u64,
    /// Expired login sessions, spent or expired account links and forgotten
    /// rate-limit counters deleted.
    pub expired_logins: u64,
}

impl Report {
    pub fn count(&self, kind: Kind) -> u64 {
        match kind {
            Kind::AccommodationDetails => self.accommodation_details,
            Kind::ExamDayDetails => self.exam_day_details,
            Kind::Emails => self.emails,
            Kind::InactiveAccounts => self.inactive_accounts,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }

    pub fn add(&mut self, other: &Report) {
        self.accommodation_details += other.accommodation_details;
        self.exam_day_details += other.exam_day_details;
        self.emails += other.emails;
        self.inactive_accounts += other.inactive_accounts;
        self.expired_logins += other.expired_logins;
    }
}

/// The address an anonymised account keeps (unique, and no one's).
pub fn anonymous_email(user_id: i32) -> String {
    format!("compte-anonymise-{user_id}@invalid")
}

/// The name an anonymised account shows in histories.
pub const ANONYMOUS_NAME: &str = "Compte anonymisé";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_defaults_follow_the_seeds_and_the_appeal_period() {
        let policy = Policy::default();
        assert_eq!(policy.exam_day_details, 12);
        assert_eq!(policy.accommodation_details, 2);
        assert_eq!(Policy::stored(None), policy);
        assert_eq!(Policy::stored(Some("not json")), policy);
    }

    #[test]
    fn a_policy_under_its_floor_is_refused_and_a_stored_one_raised() {
        let typed = fields(&[
            ("amenagements", "1"),
            ("emargement", "6"),
            ("courriels", "abc"),
            ("comptes_inactifs", "24"),
        ]);
        let problems = Policy::parse(&typed).expect_err("refused");
        let refused: Vec<&str> = problems.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(refused, ["amenagements", "emargement", "courriels"]);
        assert!(problems[1].1.contains("entre 12 et 120"), "{problems:?}");
        let stored = Policy::stored(Some(
            r#"{"accommodation_details":0,"exam_day_details":3,"emails":6,"inactive_accounts":500}"#,
        ));
        assert_eq!(stored.accommodation_details, 2);
        assert_eq!(stored.exam_day_details, 12);
        assert_eq!(stored.emails, 6);
        assert_eq!(stored.inactive_accounts, 120);
    }

    #[test]
    fn a_typed_policy_round_trips_through_its_json() {
        let typed = fields(&[
            ("amenagements", " 3 "),
            ("emargement", "18"),
            ("courriels", "6"),
            ("comptes_inactifs", "24"),
        ]);
        let policy = Policy::parse(&typed).expect("valid");
        assert_eq!(policy.months(Kind::ExamDayDetails), 18);
        assert_eq!(Policy::stored(Some(&policy.to_json())), policy);
    }

    #[test]
    fn the_cutoff_counts_calendar_months() {
        let policy = Policy::default();
        let now = Utc.with_ymd_and_hms(2027, 3, 31, 2, 0, 0).unwrap();
        assert_eq!(
            policy.cutoff(Kind::AccommodationDetails, now),
            Utc.with_ymd_and_hms(2027, 1, 31, 2, 0, 0).unwrap()
        );
        // 31 March minus one month is the last day of February.
        let emails = Policy {
            emails: 1,
            ..policy
        };
        assert_eq!(
            emails.cutoff(Kind::Emails, now),
            Utc.with_ymd_and_hms(2027, 2, 28, 2, 0, 0).unwrap()
        );
    }
}
