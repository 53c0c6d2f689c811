//! `audit_heads`: the head of each audit chain (the row's id is the chain's: the
//! session's id, 0 for entries of no session): entries, last hash, and their seal
//! (HMAC with `APP_AUDIT_KEY`, which the database does not hold).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_heads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub entries: i64,
    pub head_hash: String,
    pub seal: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
