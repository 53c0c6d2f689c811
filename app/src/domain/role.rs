//! The three kinds of user and where each one lands after logging in.

use serde::{Deserialize, Serialize};

use super::ids::{CandidateId, JuryMemberId, OrganisationId, UserId};

/// What a user account is. The jury president is not a role of the account but a seat
/// in one jury.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Responsable du processus de certification.
    CertifierAdmin,
    /// Membre du jury (évaluateur, correcteur).
    JuryMember,
    /// Candidat.
    Candidate,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 3] = [Role::CertifierAdmin, Role::JuryMember, Role::Candidate];

    /// The page a user of this role lands on.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::CertifierAdmin => "/certificateur",
            Role::JuryMember => "/jury",
            Role::Candidate => "/candidat",
        }
    }

    /// French label shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::CertifierAdmin => "Certificateur",
            Role::JuryMember => "Membre du jury",
            Role::Candidate => "Candidat",
        }
    }
}

/// The logged-in user, as every page and server function sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub role: Role,
    pub display_name: String,
    pub email: String,
    pub organisation_id: Option<OrganisationId>,
    pub candidate_id: Option<CandidateId>,
    pub jury_member_id: Option<JuryMemberId>,
    /// The person's other spaces (a role in another organisation, or another role):
    /// the header offers to change space when there are.
    #[serde(default)]
    pub other_spaces: usize,
}

impl CurrentUser {
    /// The organisation this user administers: only a certifier's. Jury members and
    /// candidates belong to an organisation too, but may not act for it.
    pub fn administered_organisation(&self) -> Option<OrganisationId> {
        self.organisation_id
            .filter(|_| self.role == Role::CertifierAdmin)
    }
}
