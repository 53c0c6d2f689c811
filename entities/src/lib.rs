//! Database entities (sea-orm). Status values are enums (`enums`), never strings;
//! decimals are stored as integer hundredths (`*_hundredths`) so that marks stay exact
//! on SQLite, whose decimal columns are floating point. Depends on sea-orm only.

pub mod accommodation;
pub mod account_token;
pub mod attendance_event;
pub mod audit_entry;
pub mod audit_head;
pub mod bloc;
pub mod bloc_result;
pub mod candidate;
pub mod capitalised_bloc;
pub mod certification;
pub mod certification_version;
pub mod competence;
pub mod conflict;
pub mod criterion;
pub mod decision;
pub mod document;
pub mod document_file;
pub mod email_message;
pub mod enrolment;
pub mod enums;
pub mod epreuve;
pub mod epreuve_modality;
pub mod exam_session;
pub mod fraud_report;
pub mod grading_allocation;
pub mod jury;
pub mod jury_member;
pub mod jury_seat;
pub mod login_session;
pub mod mark;
pub mod mark_version;
pub mod organisation;
pub mod pv_signature;
pub mod schedule_slot;
pub mod throttle;
pub mod user;

pub mod prelude {
    //! Entity types under short names.
    pub use crate::accommodation::Entity as Accommodation;
    pub use crate::account_token::Entity as AccountToken;
    pub use crate::attendance_event::Entity as AttendanceEvent;
    pub use crate::audit_entry::Entity as AuditEntry;
    pub use crate::audit_head::Entity as AuditHead;
    pub use crate::bloc::Entity as Bloc;
    pub use crate::bloc_result::Entity as BlocResult;
    pub use crate::candidate::Entity as Candidate;
    pub use crate::capitalised_bloc::Entity as CapitalisedBloc;
    pub use crate::certification::Entity as Certification;
    pub use crate::certification_version::Entity as CertificationVersion;
    pub use crate::competence::Entity as Competence;
    pub use crate::conflict::Entity as Conflict;
    pub use crate::criterion::Entity as Criterion;
    pub use crate::decision::Entity as Decision;
    pub use crate::document::Entity as Document;
    pub use crate::document_file::Entity as DocumentFile;
    pub use crate::email_message::Entity as EmailMessage;
    pub use crate::enrolment::Entity as Enrolment;
    pub use crate::epreuve::Entity as Epreuve;
    pub use crate::epreuve_modality::Entity as EpreuveModality;
    pub use crate::exam_session::Entity as ExamSession;
    pub use crate::fraud_report::Entity as FraudReport;
    pub use crate::grading_allocation::Entity as GradingAllocation;
    pub use crate::jury::Entity as Jury;
    pub use crate::jury_member::Entity as JuryMember;
    pub use crate::jury_seat::Entity as JurySeat;
    pub use crate::login_session::Entity as LoginSession;
    pub use crate::mark::Entity as Mark;
    pub use crate::mark_version::Entity as MarkVersion;
    pub use crate::organisation::Entity as Organisation;
    pub use crate::pv_signature::Entity as PvSignature;
    pub use crate::schedule_slot::Entity as ScheduleSlot;
    pub use crate::throttle::Entity as Throttle;
    pub use crate::user::Entity as User;
}
