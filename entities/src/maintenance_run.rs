//! `maintenance_runs`: one row per daily job and day (unique), claimed by the first
//! server to insert it, so that with several servers the job runs once a day.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "maintenance_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `retention`.
    pub job: String,
    /// The day in Europe/Paris, `AAAA-MM-JJ`.
    pub day: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// What the run did, in JSON.
    #[sea_orm(column_type = "Text")]
    pub report: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
