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

pub fn gender(value: db::Gender) -> crate::domain::jury::Gender {
    use crate::domain::jury::Gender;
    match value {
        db::Gender::Female => Gender::Female,
        db::Gender::Male => Gender::Male,
        db::Gender::Unspecified => Gender::Unspecified,
    }
}

pub fn gender_to_db(value: crate::domain::jury::Gender) -> db::Gender {
    use crate::domain::jury::Gender;
    match value {
        Gender::Female => db::Gender::Female,
        Gender::Male => db::Gender::Male,
        Gender::Unspecified => db::Gender::Unspecified,
    }
}

pub fn side(value: db::EmploymentSide) -> crate::domain::jury::Side {
    use crate::domain::jury::Side;
    match value {
        db::EmploymentSide::Employer => Side::Employer,
        db::EmploymentSide::Employee => Side::Employee,
        db::EmploymentSide::NotApplicable => Side::None,
    }
}

pub fn side_to_db(value: crate::domain::jury::Side) -> db::EmploymentSide {
    use crate::domain::jury::Side;
    match value {
        Side::Employer => db::EmploymentSide::Employer,
        Side::Employee => db::EmploymentSide::Employee,
        Side::None => db::EmploymentSide::NotApplicable,
    }
}

pub fn teacher(value: db::TeacherKind) -> crate::domain::jury::Teacher {
    use crate::domain::jury::Teacher;
    match value {
        db::TeacherKind::Public => Teacher::Public,
        db::TeacherKind::PrivateContract => Teacher::PrivateContract,
        db::TeacherKind::Cfa => Teacher::Cfa,
        db::TeacherKind::NotTeacher => Teacher::None,
    }
}

pub fn teacher_to_db(value: crate::domain::jury::Teacher) -> db::TeacherKind {
    use crate::domain::jury::Teacher;
    match value {
        Teacher::Public => db::TeacherKind::Public,
        Teacher::PrivateContract => db::TeacherKind::PrivateContract,
        Teacher::Cfa => db::TeacherKind::Cfa,
        Teacher::None => db::TeacherKind::NotTeacher,
    }
}

pub fn jury_role_to_db(role: JuryRole) -> db::JuryRole {
    match role {
        JuryRole::President => db::JuryRole::President,
        JuryRole::Member => db::JuryRole::Member,
        JuryRole::Observer => db::JuryRole::Observer,
    }
}

pub fn conflict_kind(kind: db::ConflictKind) -> crate::domain::jury::ConflictKind {
    use crate::domain::jury::ConflictKind;
    match kind {
        db::ConflictKind::TrainedGroup => ConflictKind::TrainedGroup,
        db::ConflictKind::Employer => ConflictKind::Employer,
        db::ConflictKind::Family => ConflictKind::Family,
        db::ConflictKind::Other => ConflictKind::Other,
    }
}

pub fn conflict_kind_to_db(kind: crate::domain::jury::ConflictKind) -> db::ConflictKind {
    use crate::domain::jury::ConflictKind;
    match kind {
        ConflictKind::TrainedGroup => db::ConflictKind::TrainedGroup,
        ConflictKind::Employer => db::ConflictKind::Employer,
        ConflictKind::Family => db::ConflictKind::Family,
        ConflictKind::Other => db::ConflictKind::Other,
    }
}

/// A pool member as the jury rules see them.
pub fn juror(member: &entities::jury_member::Model) -> crate::domain::jury::Juror {
    crate::domain::jury::Juror {
        id: member.id,
        name: format!("{} {}", member.first_name, member.last_name),
        gender: gender(member.gender),
        internal: member.internal,
        category: member.category.clone(),
        side: side(member.employment_side),
        teacher: teacher(member.teacher_kind),
        years_experience: u32::try_from(member.years_experience).unwrap_or(0),
        last_activity: member.last_activity_on,
    }
}
