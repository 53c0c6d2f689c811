//! Juries: who may sit (composition rules as data, seeds 000, 003, 004), whether a
//! deliberation may go ahead (quorum), and who grades whom (allocation). Pure: the
//! application loads members, seats and conflicts and calls these functions.

pub mod allocation;
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

/// Role held in a jury.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatRole {
    President,
    Member,
    /// Attends without a vote (seed 004: the sponsor's representative).
    Observer,
}

impl SeatRole {
    pub const ALL: [SeatRole; 3] = [SeatRole::President, SeatRole::Member, SeatRole::Observer];

    pub fn code(self) -> &'static str {
        match self {
            SeatRole::President => "president",
            SeatRole::Member => "member",
            SeatRole::Observer => "observer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SeatRole::President => "Président(e)",
            SeatRole::Member => "Membre",
            SeatRole::Observer => "Observateur (sans voix délibérative)",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Takes part in the vote.
    pub fn votes(self) -> bool {
        self != SeatRole::Observer
    }
}

/// A juror in a seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub juror: Juror,
    pub role: SeatRole,
}
