//! `certifications`: A certification (titre RNCP, CQP, diplôme) owned by a certifier.

use crate::enums::CertificationKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "certifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub code: String,
    pub title: String,
    pub level: Option<String>,
    pub kind: CertificationKind,
    pub template_key: Option<String>,
    pub created_at: DateTimeUtc,
    /// How the certification is declared to the Caisse des Dépôts: `RNCP` or `RS`…
    pub cdc_type: Option<String>,
    /// …and its code there.
    pub cdc_code: Option<String>,
    /// Validated blocs of candidates without the full certification are declared too.
    pub declare_blocs: bool,
    /// Years an award stays valid (none: for life).
    pub validity_years: Option<i32>,
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
