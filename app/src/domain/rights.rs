//! The candidate's rights of rectification and erasure (RGPD articles 16 and 17): the
//! identity a candidate asks for, checked; what changes; and why an erasure cannot be
//! granted once an enrolment was examined (the certifier must keep what the jury
//! decided: article 17-3-b, legal obligation).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The identity fields a candidate may ask to correct.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<NaiveDate>,
    pub birth_name: String,
    pub other_first_names: String,
}

/// Longest name accepted.
const NAME_MAX: usize = 100;

/// The identity typed in the form, checked: every problem at once, in French.
pub fn parse(
    (last_name, first_name, birth_date): (&str, &str, &str),
    (birth_name, other_first_names): (&str, &str),
) -> Result<Identity, Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    let mut name = |field: &'static str, label: &str, text: &str, required: bool| {
        let text = text.trim();
        if required && text.is_empty() {
            problems.push((field, format!("{label} : obligatoire.")));
        } else if text.chars().count() > NAME_MAX {
            problems.push((field, format!("{label} : {NAME_MAX} caractères au plus.")));
        } else if text.chars().any(char::is_control) {
            problems.push((field, format!("{label} : caractères non admis.")));
        }
        text.to_owned()
    };
    let identity = Identity {
        last_name: name("last_name", "Nom", last_name, true),
        first_name: name("first_name", "Prénom", first_name, true),
        birth_name: name("birth_name", "Nom de naissance", birth_name, false),
        other_first_names: name(
            "other_first_names",
            "Autres prénoms",
            other_first_names,
            false,
        ),
        birth_date: None,
    };
    let birth_date = super::candidate::parse_date_fr(birth_date);
    if birth_date.is_none() {
        problems.push((
            "birth_date",
            "Date de naissance : au format JJ/MM/AAAA.".to_owned(),
        ));
    }
    if problems.is_empty() {
        Ok(Identity {
            birth_date,
            ..identity
        })
    } else {
        Err(problems)
    }
}

/// What would change, field by field: (label, now, asked).
pub fn changes(current: &Identity, asked: &Identity) -> Vec<(&'static str, String, String)> {
    let date = |d: Option<NaiveDate>| d.map(super::format::date_fr).unwrap_or_default();
    [
        ("Nom", current.last_name.clone(), asked.last_name.clone()),
        (
            "Prénom",
            current.first_name.clone(),
            asked.first_name.clone(),
        ),
        (
            "Date de naissance",
            date(current.birth_date),
            date(asked.birth_date),
        ),
        (
            "Nom de naissance",
            current.birth_name.clone(),
            asked.birth_name.clone(),
        ),
        (
            "Autres prénoms",
            current.other_first_names.clone(),
            asked.other_first_names.clone(),
        ),
    ]
    .into_iter()
    .filter(|(_, now, asked)| now != asked)
    .collect()
}

/// What an enrolment went through, as far as erasure is concerned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Examined {
    pub decision: bool,
    pub marks: bool,
    pub attendance: bool,
    pub documents: bool,
    pub declared: bool,
    /// The session's PV is signed.
    pub pv_signed: bool,
}

/// Why an enrolment's erasure is refused, or `None` when nothing obliges the certifier
/// to keep it.
pub fn erasure_refusal(examined: Examined) -> Option<&'static str> {
    if examined.decision || examined.pv_signed {
        Some(
            "Le jury a statué sur cette inscription : l'organisme certificateur doit conserver sa décision et ce qui la fonde (obligation légale, article 17-3-b du RGPD).",
        )
    } else if examined.documents || examined.declared {
        Some(
            "Des documents ont été délivrés ou une déclaration faite pour cette inscription : l'organisme doit les conserver (obligation légale, article 17-3-b du RGPD).",
        )
    } else if examined.marks || examined.attendance {
        Some(
            "Vous avez été évalué(e) ou votre présence a été relevée : ces éléments sont conservés jusqu'à la décision du jury et pour les recours (article 17-3-b et e du RGPD).",
        )
    } else {
        None
    }
}

/// A request as the candidate and the certifier see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i32,
    /// `rectification` or `erasure`.
    pub kind: String,
    pub candidate: String,
    /// The enrolment an erasure is about (session, candidate number).
    pub enrolment: Option<String>,
    /// For a rectification: (field, now, asked).
    pub changes: Vec<(String, String, String)>,
    pub note: Option<String>,
    /// `pending`, `accepted` or `refused`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

impl RequestRow {
    pub fn kind_label(&self) -> &'static str {
        if self.kind == "erasure" {
            "Effacement d'une inscription"
        } else {
            "Rectification de l'identité"
        }
    }

    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "accepted" => "Acceptée",
            "refused" => "Refusée",
            _ => "En attente de réponse",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rectification_is_checked_and_its_changes_listed() {
        let asked = parse(("Durand", "Camilla", "14/02/1999"), ("Martin", "")).expect("valid");
        let current = Identity {
            last_name: "Durand".to_owned(),
            first_name: "Camille".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(1999, 2, 14),
            birth_name: String::new(),
            other_first_names: String::new(),
        };
        let changes = changes(&current, &asked);
        assert_eq!(
            changes,
            vec![
                ("Prénom", "Camille".to_owned(), "Camilla".to_owned()),
                ("Nom de naissance", String::new(), "Martin".to_owned()),
            ]
        );
        let problems = parse((" ", "x", "31/02/1999"), (&"y".repeat(101), "")).expect_err("bad");
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["last_name", "birth_name", "birth_date"]);
    }

    #[test]
    fn erasure_is_refused_once_the_enrolment_was_examined() {
        assert_eq!(erasure_refusal(Examined::default()), None);
        let decided = Examined {
            decision: true,
            ..Examined::default()
        };
        assert!(erasure_refusal(decided).is_some_and(|r| r.contains("17-3-b")));
        let marked = Examined {
            marks: true,
            ..Examined::default()
        };
        assert!(erasure_refusal(marked).is_some());
        let signed = Examined {
            pv_signed: true,
            ..Examined::default()
        };
        assert!(erasure_refusal(signed).is_some());
    }
}
