//! The home page of each role: what the certifier runs, which juries a member sits on,
//! where a candidate is enrolled.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::ids::{CertificationId, SessionId};
use crate::domain::status::{
    AccommodationKind, AccommodationStatus, InvitationStatus, JuryRole, SessionStatus,
};
use crate::domain::templates::CertificationKind;
use crate::error::AppError;

/// One certification of the certifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationRow {
    pub id: CertificationId,
    pub code: String,
    pub title: String,
    pub kind: CertificationKind,
    pub level: Option<String>,
    /// Number of the latest version.
    pub version: i32,
    pub bloc_count: u64,
    /// Built-in template it was created from (`A`…`E`).
    pub template_key: Option<String>,
}

/// One exam session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: SessionId,
    pub label: String,
    #[serde(default)]
    pub certification_id: i32,
    pub certification_code: String,
    pub certification_title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub status: SessionStatus,
    pub enrolled: u64,
}

/// The certifier's home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertifierDashboard {
    pub organisation: String,
    pub certifications: Vec<CertificationRow>,
    pub sessions: Vec<SessionRow>,
}

/// One jury a member sits on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JurySeatRow {
    pub session: SessionRow,
    pub role: JuryRole,
    pub invitation: InvitationStatus,
    /// The member's sheets in the session, by status.
    pub progress: GradingProgress,
    /// Sheets to be submitted by this day, when the certifier has set it.
    pub due_on: Option<chrono::NaiveDate>,
    /// The day has passed with sheets still open.
    pub late: bool,
}

/// A jury member's sheets in one session, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingProgress {
    pub to_grade: usize,
    pub draft: usize,
    pub submitted: usize,
    pub locked: usize,
}

impl GradingProgress {
    /// Sheets still to submit.
    pub fn open(&self) -> usize {
        self.to_grade + self.draft
    }

    pub fn total(&self) -> usize {
        self.open() + self.submitted + self.locked
    }

    /// The due day has passed with sheets still open.
    pub fn late(&self, due_on: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> bool {
        due_on.is_some_and(|day| day < today) && self.open() > 0
    }
}

#[cfg(test)]
mod tests {
    use super::GradingProgress;

    #[test]
    fn late_means_past_the_day_with_sheets_still_open() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 3, d).expect("date");
        let open = GradingProgress {
            to_grade: 1,
            draft: 1,
            submitted: 2,
            locked: 0,
        };
        assert_eq!((open.open(), open.total()), (2, 4));
        assert!(open.late(Some(day(26)), day(27)));
        assert!(
            !open.late(Some(day(26)), day(26)),
            "the day itself is not late"
        );
        assert!(!open.late(None, day(27)));
        let done = GradingProgress {
            submitted: 3,
            ..GradingProgress::default()
        };
        assert!(!done.late(Some(day(26)), day(27)));
    }
}

/// The jury member's home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JuryDashboard {
    pub seats: Vec<JurySeatRow>,
}

/// An accommodation as the candidate sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccommodationRow {
    pub id: i32,
    pub kind: AccommodationKind,
    pub status: AccommodationStatus,
    pub note: String,
    pub decision_reason: Option<String>,
}

/// One enrolment of the candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRow {
    pub enrolment_id: crate::domain::ids::EnrolmentId,
    pub session: SessionRow,
    pub candidate_number: String,
    pub accommodations: Vec<AccommodationRow>,
    /// The candidate's own timetable: their passage times where the épreuve has
    /// individual passages, every end lengthened by their accommodations.
    pub schedule: Vec<crate::domain::convocation::Sitting>,
    /// The convocation was sent: it can be downloaded.
    pub convocation_sent: bool,
    /// An accommodation can still be asked for (before the last sitting starts).
    pub can_request: bool,
    /// Only once the session's results are published.
    pub results: Option<ResultsRow>,
}

/// A candidate's published result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsRow {
    /// The jury's decision, in the PV's words.
    pub decision: String,
    /// Where the jury departed from the computed result: what the grid computed and the
    /// jury's reason, in one sentence.
    pub departure: Option<String>,
    /// Each bloc's (and group's) result.
    pub units: Vec<crate::domain::certificate::TranscriptLine>,
    /// The computation, in plain French.
    pub explanation: Vec<String>,
    pub documents: Vec<DocumentLink>,
}

/// A document to download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLink {
    pub code: String,
    pub title: String,
    /// A certificate or block certificate: also a digital credential (JSON).
    pub credential: bool,
    pub revoked: bool,
}

/// The candidate's home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateDashboard {
    pub enrolments: Vec<EnrolmentRow>,
}

/// The certifier's certifications and sessions.
#[server(prefix = "/api/certificateur", endpoint = "tableau_de_bord", input = GetUrl)]
pub async fn load_certifier_dashboard() -> Result<CertifierDashboard, AppError> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::dashboard::certifier(&state.db, organisation)
        .await
        .map_err(|e| internal("certifier dashboard", e))
}

/// The juries the logged-in member sits on.
#[server(prefix = "/api/jury", endpoint = "mes_jurys", input = GetUrl)]
pub async fn load_jury_dashboard() -> Result<JuryDashboard, AppError> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::JuryMember)?;
    let member = user
        .jury_member_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let today = crate::ssr::repo::schedule::paris_today(state.clock.now());
    crate::ssr::repo::dashboard::jury(&state.db, member, today)
        .await
        .map_err(|e| internal("jury dashboard", e))
}

/// The logged-in candidate's enrolments.
#[server(prefix = "/api/candidat", endpoint = "mon_espace", input = GetUrl)]
pub async fn load_candidate_dashboard() -> Result<CandidateDashboard, AppError> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::Candidate)?;
    let candidate = user
        .candidate_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::dashboard::candidate(&state.db, candidate, state.clock.now())
        .await
        .map_err(|e| internal("candidate dashboard", e))
}
