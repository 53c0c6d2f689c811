//! A jury seat keeps the secret of its invitation link: the member answers and declares
//! their links with candidates without an account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("jury_seats")
                    .add_column(string_null("invitation_token"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_jury_seats_invitation_token")
                    .table("jury_seats")
                    .col("invitation_token")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_jury_seats_invitation_token")
                    .table("jury_seats")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("jury_seats")
                    .drop_column("invitation_token")
                    .to_owned(),
            )
            .await
    }
}
