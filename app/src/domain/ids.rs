//! Typed identifiers: a candidate id can never be passed where a session id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub i32);

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    self.0.fmt(f)
                }
            }
        )*
    };
}

id_types!(
    /// An organisation (certifier).
    OrganisationId,
    /// A user account.
    UserId,
    /// A certification.
    CertificationId,
    /// A version of a certification.
    VersionId,
    /// An exam session.
    SessionId,
    /// A candidate.
    CandidateId,
    /// A candidate's enrolment in a session.
    EnrolmentId,
    /// A member of the certifier's jury pool.
    JuryMemberId,
);
