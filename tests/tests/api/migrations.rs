//! The schema goes up, down and up again on SQLite and on PostgreSQL.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, EntityTrait, PaginatorTrait};
use tests::TestDatabase;

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    // Arrange
    let database = TestDatabase::create().await;
    let db = Database::connect(&database.url).await.expect("connect");
    // Act / Assert: up creates every table.
    Migrator::up(&db, None).await.expect("up");
    assert_eq!(
        entities::prelude::User::find()
            .count(&db)
            .await
            .expect("users table"),
        0
    );
    assert_eq!(
        entities::prelude::AuditEntry::find()
            .count(&db)
            .await
            .expect("audit table"),
        0
    );
    // Down removes them.
    Migrator::down(&db, None).await.expect("down");
    assert!(
        entities::prelude::User::find().count(&db).await.is_err(),
        "users table dropped"
    );
    assert!(
        entities::prelude::Mark::find().count(&db).await.is_err(),
        "marks table dropped"
    );
    // And up again works on the emptied database.
    Migrator::up(&db, None).await.expect("up again");
    assert_eq!(
        entities::prelude::Mark::find()
            .count(&db)
            .await
            .expect("marks table"),
        0
    );
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .expect("status")
            .is_empty()
    );
    db.execute_unprepared("SELECT 1")
        .await
        .expect("connection still usable");
}
