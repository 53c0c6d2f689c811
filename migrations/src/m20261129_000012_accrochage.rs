//! The holders' declaration to the Caisse des Dépôts ("accrochage"): the identity the
//! CDC matches holders on (birth name, other first names, sex, birth place), the
//! organisation's CDC identifiers, how each certification is declared, every flux sent
//! with the passages it carried, and what the CDC's receipt said of each.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Added one by one: SQLite alters one column per statement.
async fn add_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.to_owned())
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.to_owned())
                    .drop_column(String::from(*column))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

const CANDIDATE_COLUMNS: [&str; 8] = [
    "birth_name",
    "other_first_names",
    "sex",
    "birth_insee_code",
    "birth_postal_code",
    "birth_commune",
    "birth_country_code",
    "birth_country",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut identity: Vec<ColumnDef> = CANDIDATE_COLUMNS
            .iter()
            .map(|c| ColumnDef::new(String::from(*c)).text().null().to_owned())
            .collect();
        // When the identity last changed (shown to the certifier).
        identity.push(timestamp_with_time_zone_null("identity_updated_at"));
        add_columns(manager, "candidates", identity).await?;
        add_columns(
            manager,
            "organisations",
            vec![
                text_null("cdc_emitter_id"),
                text_null("cdc_certifier_id"),
                text_null("cdc_contract_id"),
            ],
        )
        .await?;
        add_columns(
            manager,
            "certifications",
            vec![
                text_null("cdc_type"),
                text_null("cdc_code"),
                boolean("declare_blocs").default(false).to_owned(),
                integer_null("validity_years"),
            ],
        )
        .await?;
        // Certifications registered at France compétences are declared under their code.
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE certifications SET cdc_type = 'RNCP', cdc_code = code WHERE code LIKE 'RNCP%'",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE certifications SET cdc_type = 'RS', cdc_code = code WHERE code LIKE 'RS%'",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("accrochage_fluxes")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(integer("certification_id"))
                    .col(integer("number"))
                    .col(string_len_uniq("id_flux", 50))
                    .col(text("scope"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(integer_null("created_by"))
                    .col(text("xml"))
                    .col(integer("passages"))
                    .col(string_len("status", 32))
                    .col(text_null("receipt_xml"))
                    .col(timestamp_with_time_zone_null("receipt_at"))
                    .col(text_null("receipt_message"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("accrochage_fluxes", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("accrochage_fluxes", "certification_id")
                            .to("certifications", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accrochage_fluxes_number")
                    .table("accrochage_fluxes")
                    .col("organisation_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("accrochage_passages")
                    .col(pk_auto("id"))
                    .col(integer("flux_id"))
                    .col(integer("enrolment_id"))
                    // Empty for the full certification, else the bloc's code.
                    .col(text("bloc_code"))
                    .col(text("id_technique"))
                    .col(string_len("status", 32))
                    .col(text_null("message"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("accrochage_passages", "flux_id")
                            .to("accrochage_fluxes", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("accrochage_passages", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accrochage_passages_flux")
                    .table("accrochage_passages")
                    .col("flux_id")
                    .col("id_technique")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accrochage_passages_enrolment")
                    .table("accrochage_passages")
                    .col("enrolment_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("accrochage_passages").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("accrochage_fluxes").to_owned())
            .await?;
        drop_columns(
            manager,
            "certifications",
            &["cdc_type", "cdc_code", "declare_blocs", "validity_years"],
        )
        .await?;
        drop_columns(
            manager,
            "organisations",
            &["cdc_emitter_id", "cdc_certifier_id", "cdc_contract_id"],
        )
        .await?;
        let mut columns = CANDIDATE_COLUMNS.to_vec();
        columns.push("identity_updated_at");
        drop_columns(manager, "candidates", &columns).await
    }
}
