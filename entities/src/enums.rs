//! Status and category values stored as short strings (identical on SQLite and PostgreSQL).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who a user account is: what they may see and do.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum UserRole {
    #[sea_orm(string_value = "certifier_admin")]
    CertifierAdmin,
    #[sea_orm(string_value = "jury_member")]
    JuryMember,
    #[sea_orm(string_value = "candidate")]
    Candidate,
}

/// Kind of certification.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum CertificationKind {
    #[sea_orm(string_value = "titre_rncp")]
    TitreRncp,
    #[sea_orm(string_value = "cqp")]
    Cqp,
    #[sea_orm(string_value = "diplome")]
    Diplome,
    #[sea_orm(string_value = "rs")]
    #[serde(rename = "rs")]
    RepertoireSpecifique,
}

/// Life of a certification version.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "superseded")]
    Superseded,
}

/// Kind of assessment (seeds 000–004).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum EpreuveKind {
    #[sea_orm(string_value = "written_report")]
    WrittenReport,
    #[sea_orm(string_value = "interview")]
    Interview,
    #[sea_orm(string_value = "case_study")]
    CaseStudy,
    #[sea_orm(string_value = "written_exam")]
    WrittenExam,
    #[sea_orm(string_value = "oral")]
    Oral,
    #[sea_orm(string_value = "simulation")]
    Simulation,
    #[sea_orm(string_value = "file_interview")]
    #[serde(rename = "file_interview")]
    FileAndInterview,
    #[sea_orm(string_value = "continuous")]
    #[serde(rename = "continuous")]
    ContinuousAssessment,
    #[sea_orm(string_value = "portfolio")]
    Portfolio,
    #[sea_orm(string_value = "tutor_evaluation")]
    TutorEvaluation,
    #[sea_orm(string_value = "practical")]
    Practical,
}

/// How an épreuve is taken.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[sea_orm(string_value = "ccf")]
    Ccf,
    #[sea_orm(string_value = "ponctuel_ecrit")]
    PonctuelEcrit,
    #[sea_orm(string_value = "ponctuel_oral")]
    PonctuelOral,
    #[sea_orm(string_value = "ponctuel_pratique")]
    PonctuelPratique,
    #[sea_orm(string_value = "ponctuel_oral_pratique")]
    PonctuelOralPratique,
    #[sea_orm(string_value = "standard")]
    Standard,
}

/// Life of an exam session.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    #[sea_orm(string_value = "exams")]
    Exams,
    #[sea_orm(string_value = "deliberation")]
    Deliberation,
    #[sea_orm(string_value = "signed")]
    Signed,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// Voie d'accès to the certification.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum AccessRoute {
    #[sea_orm(string_value = "formation_initiale")]
    FormationInitiale,
    #[sea_orm(string_value = "apprentissage")]
    Apprentissage,
    #[sea_orm(string_value = "formation_continue")]
    FormationContinue,
    #[sea_orm(string_value = "contrat_pro")]
    ContratPro,
    #[sea_orm(string_value = "candidature_individuelle")]
    CandidatureIndividuelle,
    #[sea_orm(string_value = "vae")]
    Vae,
}

/// State of an enrolment.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    #[sea_orm(string_value = "enrolled")]
    Enrolled,
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

/// Disability accommodations (seed 004).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum AccommodationKind {
    #[sea_orm(string_value = "tiers_temps")]
    TiersTemps,
    #[sea_orm(string_value = "pauses")]
    Pauses,
    #[sea_orm(string_value = "secretary")]
    Secretary,
    #[sea_orm(string_value = "interpreter")]
    Interpreter,
    #[sea_orm(string_value = "adapted_equipment")]
    AdaptedEquipment,
    #[sea_orm(string_value = "oral_instead_of_written")]
    OralInsteadOfWritten,
}

/// Decision on an accommodation request.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum AccommodationStatus {
    #[sea_orm(string_value = "requested")]
    Requested,
    #[sea_orm(string_value = "granted")]
    Granted,
    #[sea_orm(string_value = "refused")]
    Refused,
}

/// Gender, for the parity rule.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    #[sea_orm(string_value = "female")]
    Female,
    #[sea_orm(string_value = "male")]
    Male,
    #[sea_orm(string_value = "unspecified")]
    Unspecified,
}

/// Employer or employee representative (seed 003).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum EmploymentSide {
    #[sea_orm(string_value = "employer")]
    Employer,
    #[sea_orm(string_value = "employee")]
    Employee,
    #[sea_orm(string_value = "none")]
    #[serde(rename = "none")]
    NotApplicable,
}

/// Kind of teacher (seed 003).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum TeacherKind {
    #[sea_orm(string_value = "public")]
    Public,
    #[sea_orm(string_value = "private_contract")]
    PrivateContract,
    #[sea_orm(string_value = "cfa")]
    Cfa,
    #[sea_orm(string_value = "none")]
    #[serde(rename = "none")]
    NotTeacher,
}

/// Role held in a jury.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum JuryRole {
    #[sea_orm(string_value = "president")]
    President,
    #[sea_orm(string_value = "member")]
    Member,
    #[sea_orm(string_value = "observer")]
    Observer,
}

/// A juror's answer to the invitation.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "accepted")]
    Accepted,
    #[sea_orm(string_value = "declined")]
    Declined,
}

/// Nature of a conflict of interest.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    #[sea_orm(string_value = "trained_group")]
    TrainedGroup,
    #[sea_orm(string_value = "employer")]
    Employer,
    #[sea_orm(string_value = "family")]
    Family,
    #[sea_orm(string_value = "other")]
    Other,
}

/// Who recorded a conflict.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum ConflictSource {
    #[sea_orm(string_value = "member")]
    Member,
    #[sea_orm(string_value = "certifier")]
    Certifier,
}

/// Where an allocated sheet stands, kept by the database from its marks.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum SheetState {
    #[sea_orm(string_value = "to_grade")]
    ToGrade,
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "locked")]
    Locked,
}

/// Life of a mark.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum MarkStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "locked")]
    Locked,
}

/// Attendance at a scheduled épreuve.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum AttendanceKind {
    #[sea_orm(string_value = "present")]
    Present,
    #[sea_orm(string_value = "absent_justified")]
    AbsentJustified,
    #[sea_orm(string_value = "absent_unjustified")]
    AbsentUnjustified,
}

/// Overall decision for one enrolment.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    #[sea_orm(string_value = "full")]
    #[serde(rename = "full")]
    FullCertification,
    #[sea_orm(string_value = "blocs_only")]
    BlocsOnly,
    #[sea_orm(string_value = "not_certified")]
    NotCertified,
    #[sea_orm(string_value = "absent")]
    Absent,
    #[sea_orm(string_value = "postponed")]
    Postponed,
    #[sea_orm(string_value = "fraud")]
    Fraud,
}

/// Kind of issued document.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    #[sea_orm(string_value = "pv")]
    Pv,
    #[sea_orm(string_value = "pv_anonymous")]
    PvAnonymous,
    #[sea_orm(string_value = "certificate")]
    Certificate,
    #[sea_orm(string_value = "bloc_certificate")]
    BlocCertificate,
    #[sea_orm(string_value = "transcript")]
    Transcript,
    #[sea_orm(string_value = "attendance_certificate")]
    AttendanceCertificate,
    #[sea_orm(string_value = "convocation")]
    Convocation,
    #[sea_orm(string_value = "attendance_sheet")]
    AttendanceSheet,
}

/// Delivery status of an email.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum EmailStatus {
    #[sea_orm(string_value = "queued")]
    Queued,
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Where a flux sent to the Caisse des Dépôts stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum FluxStatus {
    /// Generated and downloaded; no receipt yet.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Its receipt was imported: each passage accepted or rejected.
    #[sea_orm(string_value = "processed")]
    Processed,
    /// The CDC refused the whole file (schema).
    #[sea_orm(string_value = "refused")]
    Refused,
}

/// What the Caisse des Dépôts said of one declared passage.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum DeclarationStatus {
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "accepted")]
    Accepted,
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Rejected, and the holder's identity corrected since: to send again.
    #[sea_orm(string_value = "corrected")]
    Corrected,
    /// The whole flux was refused.
    #[sea_orm(string_value = "refused")]
    Refused,
}
