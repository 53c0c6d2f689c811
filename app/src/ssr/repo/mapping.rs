//! Stored enums to domain enums.

use entities::enums as db;

use crate::domain::status::{
    AccommodationKind, AccommodationStatus, InvitationStatus, JuryRole, SessionStatus,
};
use crate::domain::templates::CertificationKind;

pub fn session_status(status: db::SessionStatus) -> SessionStatus {
    match status {
        db::SessionStatus::Draft => SessionStatus::Draft,
        db::SessionStatus::Scheduled => SessionStatus::Scheduled,
        db::SessionStatus::Exams => SessionStatus::Exams,
        db::SessionStatus::Deliberation => SessionStatus::Deliberation,
        db::SessionStatus::Signed => SessionStatus::Signed,
        db::SessionStatus::Published => SessionStatus::Published,
        db::SessionStatus::Archived => SessionStatus::Archived,
    }
}

pub fn certification_kind(kind: db::CertificationKind) -> CertificationKind {
    match kind {
        db::CertificationKind::TitreRncp | db::CertificationKind::RepertoireSpecifique => {
            CertificationKind::TitreRncp
        }
        db::CertificationKind::Cqp => CertificationKind::Cqp,
        db::CertificationKind::Diplome => CertificationKind::Diplome,
    }
}

pub fn certification_kind_to_db(kind: CertificationKind) -> db::CertificationKind {
    match kind {
        CertificationKind::TitreRncp => db::CertificationKind::TitreRncp,
        CertificationKind::Cqp => db::CertificationKind::Cqp,
        CertificationKind::Diplome => db::CertificationKind::Diplome,
    }
}

pub fn jury_role(role: db::JuryRole) -> JuryRole {
    match role {
        db::JuryRole::President => JuryRole::President,
        db::JuryRole::Member => JuryRole::Member,
        db::JuryRole::Observer => JuryRole::Observer,
    }
}

pub fn invitation(status: db::InvitationStatus) -> InvitationStatus {
    match status {
        db::InvitationStatus::Pending => InvitationStatus::Pending,
        db::InvitationStatus::Accepted => InvitationStatus::Accepted,
        db::InvitationStatus::Declined => InvitationStatus::Declined,
    }
}

pub fn accommodation_kind(kind: db::AccommodationKind) -> AccommodationKind {
    match kind {
        db::AccommodationKind::TiersTemps => AccommodationKind::TiersTemps,
        db::AccommodationKind::Pauses => AccommodationKind::Pauses,
        db::AccommodationKind::Secretary => AccommodationKind::Secretary,
        db::AccommodationKind::Interpreter => AccommodationKind::Interpreter,
        db::AccommodationKind::AdaptedEquipment => AccommodationKind::AdaptedEquipment,
        db::AccommodationKind::OralInsteadOfWritten => AccommodationKind::OralInsteadOfWritten,
    }
}

pub fn accommodation_status(status: db::AccommodationStatus) -> AccommodationStatus {
    match status {
        db::AccommodationStatus::Requested => AccommodationStatus::Requested,
        db::AccommodationStatus::Granted => AccommodationStatus::Granted,
        db::AccommodationStatus::Refused => AccommodationStatus::Refused,
    }
}
