//! `exam_sessions`: One exam session of one certification version.

use crate::enums::SessionStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "exam_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub version_id: i32,
    pub label: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub place: String,
    pub capacity: Option<i32>,
    pub status: SessionStatus,
    pub publication_on: Option<Date>,
    pub published_at: Option<DateTimeUtc>,
    /// Sheets to be submitted by this day (set by the certifier).
    pub grading_due_on: Option<Date>,
    pub created_at: DateTimeUtc,
    /// Moved by the database (triggers) on any change to what the scoring engine
    /// reads for the session: what was computed at one revision holds until the next.
    pub revision: i64,
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
        belongs_to = "super::certification_version::Entity",
        from = "Column::VersionId",
        to = "super::certification_version::Column::Id"
    )]
    CertificationVersion,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::certification_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CertificationVersion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
