//! `passages`: a candidate's individual passage at an oral or interview sitting.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "passages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slot_id: i32,
    pub enrolment_id: i32,
    /// Order of passage, from 1.
    pub position: i32,
    pub starts_at: DateTimeUtc,
    /// The candidate's own length (phases, plus extra time).
    pub duration_minutes: i32,
    pub room: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
