//! `users`: A person's space in one organisation (candidate, juror or administrator); the
//! rows of one email are one person, who logs in once and moves between their spaces.

use crate::enums::UserRole;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: Option<i32>,
    /// The person's email: the rows of one email are one person's spaces (one per
    /// organisation and role), with one password.
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: UserRole,
    pub candidate_id: Option<i32>,
    pub jury_member_id: Option<i32>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// Last successful login (the retention policy's measure of inactivity).
    pub last_login_at: Option<DateTimeUtc>,
    /// When the account was anonymised (inactive too long, or erased on request).
    pub anonymised_at: Option<DateTimeUtc>,
    /// An administrator who reads and decides accommodation requests (health data).
    pub accommodation_referent: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
    #[sea_orm(
        belongs_to = "super::candidate::Entity",
        from = "Column::CandidateId",
        to = "super::candidate::Column::Id"
    )]
    Candidate,
    #[sea_orm(
        belongs_to = "super::jury_member::Entity",
        from = "Column::JuryMemberId",
        to = "super::jury_member::Column::Id"
    )]
    JuryMember,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::candidate::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Candidate.def()
    }
}

impl Related<super::jury_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::JuryMember.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
