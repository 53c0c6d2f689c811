//! Juries: who may sit (composition rules as data, seeds 000, 003, 004), whether a
//! deliberation may go ahead (quorum), and who grades whom (allocation). Pure: the
//! application loads members, seats and conflicts and calls these functions.

pub mod allocation;
pub mod invitation;
pub mod pool;
pub mod rules;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Gender, for the parity rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    Unspecified,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Unspecified];

    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Unspecified => "unspecified",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "Femme",
            Gender::Male => "Homme",
            Gender::Unspecified => "Non précisé",
        }
    }

    /// Reads a form or CSV value (`F`, `femme`, `female`…).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "female" | "f" | "femme" => Some(Gender::Female),
            "male" | "h" | "m" | "homme" => Some(Gender::Male),
            "unspecified" | "" | "non précisé" | "np" => Some(Gender::Unspecified),
            _ => None,
        }
    }
}

/// Employer or employee representative of the profession (seed 003).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Employer,
    Employee,
    /// Not a member of the profession in that sense.
    None,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Employer, Side::Employee, Side::None];

    pub fn code(self) -> &'static str {
        match self {
            Side::Employer => "employer",
            Side::Employee => "employee",
            Side::None => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Side::Employer => "Employeur",
            Side::Employee => "Salarié",
            Side::None => "Sans objet",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "employer" | "employeur" => Some(Side::Employer),
            "employee" | "salarié" | "salarie" => Some(Side::Employee),
            "none" | "" | "sans objet" => Some(Side::None),
            _ => None,
        }
    }
}

/// Teacher in public education, in a private school under contract, in a CFA (seed 003).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Teacher {
    Public,
    PrivateContract,
    Cfa,
    None,
}

impl Teacher {
    pub const ALL: [Teacher; 4] = [
        Teacher::Public,
        Teacher::PrivateContract,
        Teacher::Cfa,
        Teacher::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Teacher::Public => "public",
            Teacher::PrivateContract => "private_contract",
            Teacher::Cfa => "cfa",
            Teacher::None => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Teacher::Public => "Enseignant du public",
            Teacher::PrivateContract => "Enseignant du privé sous contrat",
            Teacher::Cfa => "Formateur en CFA",
            Teacher::None => "Non enseignant",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "public" => Some(Teacher::Public),
            "private_contract" | "privé sous contrat" | "prive sous contrat" | "privé" => {
                Some(Teacher::PrivateContract)
            }
            "cfa" => Some(Teacher::Cfa),
            "none" | "" | "non" | "non enseignant" => Some(Teacher::None),
            _ => None,
        }
    }
}

/// A person of the certifier's jury pool, as the rules see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Juror {
    pub id: i32,
    pub name: String,
    pub gender: Gender,
    /// Internal to the certifier (seed 000: 2 internal + 3 external).
    pub internal: bool,
    /// Professional category, a code the rules name (`personnalite_qualifiee`…).
    pub category: String,
    pub side: Side,
    pub teacher: Teacher,
    pub years_experience: u32,
    /// Last day they exercised the target job (seed 004: inactive ≤ 3 years).
    pub last_activity: Option<NaiveDate>,
}

pub use super::status::JuryRole;

/// Why a juror may not grade or deliberate on a candidate (seed 000: never taught the
/// group, no personal or professional link).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    TrainedGroup,
    Employer,
    Family,
    Other,
}

impl ConflictKind {
    pub const ALL: [ConflictKind; 4] = [
        ConflictKind::TrainedGroup,
        ConflictKind::Employer,
        ConflictKind::Family,
        ConflictKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConflictKind::TrainedGroup => "trained_group",
            ConflictKind::Employer => "employer",
            ConflictKind::Family => "family",
            ConflictKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConflictKind::TrainedGroup => "A formé le groupe ou le candidat",
            ConflictKind::Employer => "Lien professionnel (employeur, collègue)",
            ConflictKind::Family => "Lien familial ou personnel",
            ConflictKind::Other => "Autre lien",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A juror in a seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub juror: Juror,
    pub role: JuryRole,
}

/// The days a juror is available, read from their availability note: every
/// `du JJ/MM/AAAA au JJ/MM/AAAA` range and every single `JJ/MM/AAAA` date. `None` when
/// the note names no date (available any day).
pub fn availability_days(note: &str) -> Option<Vec<(NaiveDate, NaiveDate)>> {
    let dates: Vec<(usize, NaiveDate)> = note
        .match_indices(|c: char| c.is_ascii_digit())
        .filter_map(|(i, _)| {
            let candidate = note.get(i..i + 10)?;
            let before = note[..i].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_digit() || c == '/') {
                return None;
            }
            NaiveDate::parse_from_str(candidate, "%d/%m/%Y")
                .ok()
                .map(|d| (i, d))
        })
        .collect();
    if dates.is_empty() {
        return None;
    }
    let mut ranges = Vec::new();
    let mut k = 0;
    while k < dates.len() {
        let (at, start) = dates[k];
        let joined = dates
            .get(k + 1)
            .filter(|(next_at, _)| note[at + 10..*next_at].trim().eq_ignore_ascii_case("au"));
        match joined {
            Some(&(_, end)) => {
                ranges.push((start.min(end), start.max(end)));
                k += 2;
            }
            None => {
                ranges.push((start, start));
                k += 1;
            }
        }
    }
    Some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32, month: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, month, day).expect("date")
    }

    #[test]
    fn availability_is_read_from_the_note() {
        assert_eq!(
            availability_days("Disponible du 15/03/2027 au 19/03/2027"),
            Some(vec![(d(15, 3), d(19, 3))])
        );
        assert_eq!(
            availability_days("le 15/03/2027, puis du 18/03/2027 au 19/03/2027"),
            Some(vec![(d(15, 3), d(15, 3)), (d(18, 3), d(19, 3))])
        );
        assert_eq!(availability_days("Toute la semaine"), None);
        assert_eq!(availability_days(""), None);
    }
}
