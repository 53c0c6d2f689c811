//! Statuses as the interface shows them (the database has its own enums; the repository
//! maps one to the other).

use serde::{Deserialize, Serialize};

/// Life of an exam session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionStatus {
    Draft,
    Scheduled,
    Exams,
    Deliberation,
    Signed,
    Published,
    Archived,
}

impl SessionStatus {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Draft => "En préparation",
            SessionStatus::Scheduled => "Planifiée",
            SessionStatus::Exams => "Épreuves en cours",
            SessionStatus::Deliberation => "En délibération",
            SessionStatus::Signed => "PV signé",
            SessionStatus::Published => "Résultats publiés",
            SessionStatus::Archived => "Archivée",
        }
    }

    /// Once the PV is signed, marks, attendance and decisions can no longer change.
    pub fn frozen(self) -> bool {
        matches!(
            self,
            SessionStatus::Signed | SessionStatus::Published | SessionStatus::Archived
        )
    }
}

/// What a refused write to a frozen session says.
pub const FROZEN: &str = "Le procès-verbal de la session est signé : la session est en lecture seule (notes, présences, fraudes, décisions, candidats, jury et planning sont figés ; seules la publication et la génération des documents restent possibles).";

/// What a refused write to a session whose deliberation is closed says.
pub const CLOSED: &str = "La délibération est close : notes, présences, fraudes, décisions, candidats, jury et planning ne peuvent plus changer pendant les signatures. Le président peut rouvrir la délibération en indiquant un motif (les signatures déjà recueillies sont alors annulées).";

/// Whether a session still accepts changes to what its PV says — marks, attendance,
/// fraud, decisions, candidates, jury, conflicts, timetable, capitalised blocs,
/// accommodations: not once the deliberation is closed (the PV members sign must stay
/// the one the results come from), nor once it is signed. The refusal's message.
pub fn change_refused(status: SessionStatus, deliberation_closed: bool) -> Option<&'static str> {
    if status.frozen() {
        Some(FROZEN)
    } else if deliberation_closed {
        Some(CLOSED)
    } else {
        None
    }
}

/// Role held in one jury.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JuryRole {
    President,
    Member,
    Observer,
}

impl JuryRole {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            JuryRole::President => "Président(e) du jury",
            JuryRole::Member => "Membre du jury",
            JuryRole::Observer => "Observateur (sans voix délibérative)",
        }
    }

    pub const ALL: [JuryRole; 3] = [JuryRole::President, JuryRole::Member, JuryRole::Observer];

    /// Form value.
    pub fn code(self) -> &'static str {
        match self {
            JuryRole::President => "president",
            JuryRole::Member => "member",
            JuryRole::Observer => "observer",
        }
    }

    /// Reads a form value.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Takes part in the vote (the observer of seed 004 does not).
    pub fn votes(self) -> bool {
        self != JuryRole::Observer
    }
}

/// Decision on an accommodation request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccommodationStatus {
    Requested,
    Granted,
    Refused,
}

impl AccommodationStatus {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            AccommodationStatus::Requested => "Demandé — en attente de décision",
            AccommodationStatus::Granted => "Accordé",
            AccommodationStatus::Refused => "Refusé",
        }
    }
}

/// Kinds of accommodation (seed 004).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccommodationKind {
    TiersTemps,
    Pauses,
    Secretary,
    Interpreter,
    AdaptedEquipment,
    OralInsteadOfWritten,
}

impl AccommodationKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [AccommodationKind; 6] = [
        AccommodationKind::TiersTemps,
        AccommodationKind::Pauses,
        AccommodationKind::Secretary,
        AccommodationKind::Interpreter,
        AccommodationKind::AdaptedEquipment,
        AccommodationKind::OralInsteadOfWritten,
    ];

    /// The value forms send.
    pub fn code(self) -> &'static str {
        match self {
            AccommodationKind::TiersTemps => "tiers_temps",
            AccommodationKind::Pauses => "pauses",
            AccommodationKind::Secretary => "secretary",
            AccommodationKind::Interpreter => "interpreter",
            AccommodationKind::AdaptedEquipment => "adapted_equipment",
            AccommodationKind::OralInsteadOfWritten => "oral_instead_of_written",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            AccommodationKind::TiersTemps => "Tiers-temps (durée majorée d'un tiers)",
            AccommodationKind::Pauses => "Pauses avec temps compensé",
            AccommodationKind::Secretary => "Secrétaire",
            AccommodationKind::Interpreter => "Interprète",
            AccommodationKind::AdaptedEquipment => "Matériel adapté",
            AccommodationKind::OralInsteadOfWritten => "Épreuve écrite remplacée par un oral",
        }
    }
}

/// Invitation answer of a juror.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
}

impl InvitationStatus {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "Invitation en attente",
            InvitationStatus::Accepted => "Invitation acceptée",
            InvitationStatus::Declined => "Invitation déclinée",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_or_signed_session_refuses_changes() {
        assert_eq!(change_refused(SessionStatus::Exams, false), None);
        assert_eq!(change_refused(SessionStatus::Deliberation, false), None);
        assert_eq!(
            change_refused(SessionStatus::Deliberation, true),
            Some(CLOSED)
        );
        for status in [
            SessionStatus::Signed,
            SessionStatus::Published,
            SessionStatus::Archived,
        ] {
            assert_eq!(change_refused(status, true), Some(FROZEN));
            assert_eq!(change_refused(status, false), Some(FROZEN));
        }
    }
}
