//! `postponements`: a deliberation postponed for a missing member, with the new
//! meeting's date and time (seed 000).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "postponements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub jury_id: i32,
    pub decided_at: DateTimeUtc,
    pub decided_by: Option<i32>,
    /// Names of the members who were absent.
    pub absent: String,
    pub reason: String,
    pub meeting_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
