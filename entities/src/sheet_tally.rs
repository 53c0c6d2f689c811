//! `sheet_tally`: how many allocated sheets of a session there are per épreuve, grader
//! and status. Kept by the database (triggers on `grading_allocations`); never written
//! by the application. Rows may hold 0 once their sheets moved on.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sheet_tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub epreuve_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub jury_member_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub sheet_status: crate::enums::SheetState,
    pub sheets: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
