//! `jury_members`: A person in the certifier's pool of jurors, with the profile the jury rules check.

use crate::enums::{EmploymentSide, Gender, TeacherKind};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "jury_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub gender: Gender,
    pub internal: bool,
    pub category: String,
    pub employment_side: EmploymentSide,
    pub teacher_kind: TeacherKind,
    pub years_experience: i32,
    pub last_activity_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub availability: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
