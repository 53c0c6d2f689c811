//! `bloc_results`: The outcome of one bloc in a decision.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "bloc_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub decision_id: i32,
    pub bloc_code: String,
    pub mark_hundredths: Option<i64>,
    pub points_hundredths: Option<i64>,
    pub validated: bool,
    pub eliminatory: bool,
    pub exempt: bool,
    /// Validated by the grid's computation (`validated` follows the decision that
    /// stands; decisions kept before it was have none).
    pub computed_validated: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::decision::Entity",
        from = "Column::DecisionId",
        to = "super::decision::Column::Id"
    )]
    Decision,
}

impl Related<super::decision::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Decision.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
