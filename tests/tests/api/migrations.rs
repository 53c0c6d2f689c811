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

#[tokio::test]
async fn an_email_in_two_organisations_becomes_possible_and_nothing_is_lost() {
    // Arrange: the schema before one person could have several spaces, with an
    // account, its login session and an address it logged in from.
    let database = TestDatabase::create().await;
    let db = Database::connect(&database.url).await.expect("connect");
    let total = Migrator::migrations().len();
    Migrator::up(&db, Some((total - 1) as u32))
        .await
        .expect("up to the one before");
    let statements = [
        "INSERT INTO organisations (name, siret, created_at) VALUES ('Un', '11111111111111', '2026-11-22T10:00:00Z'), ('Deux', '22222222222222', '2026-11-22T10:00:00Z')",
        "INSERT INTO users (organisation_id, email, display_name, password_hash, role, active, created_at, accommodation_referent) VALUES (1, 'claire@exemple.fr', 'Claire', 'h', 'jury_member', true, '2026-11-22T10:00:00Z', false)",
        "INSERT INTO login_sessions (token_hash, user_id, created_at, expires_at) VALUES ('t', 1, '2026-11-22T10:00:00Z', '2026-11-22T22:00:00Z')",
    ];
    for sql in statements {
        db.execute_unprepared(sql).await.expect(sql);
    }
    assert!(
        db.execute_unprepared("INSERT INTO users (organisation_id, email, display_name, password_hash, role, active, created_at, accommodation_referent) VALUES (2, 'claire@exemple.fr', 'Claire', 'h', 'candidate', true, '2026-11-22T10:00:00Z', false)")
            .await
            .is_err(),
        "unique on the platform before"
    );
    // Act
    Migrator::up(&db, None).await.expect("up");
    // Assert: the account and its session are there; a second space is possible, a
    // second one of the same role in the same organisation is not.
    assert_eq!(
        entities::prelude::User::find()
            .count(&db)
            .await
            .expect("users"),
        1
    );
    assert_eq!(
        entities::prelude::LoginSession::find()
            .count(&db)
            .await
            .expect("sessions"),
        1
    );
    db.execute_unprepared("INSERT INTO users (organisation_id, email, display_name, password_hash, role, active, created_at, accommodation_referent) VALUES (2, 'claire@exemple.fr', 'Claire', 'h', 'candidate', true, '2026-11-22T10:00:00Z', false)")
        .await
        .expect("a space in another organisation");
    assert!(
        db.execute_unprepared("INSERT INTO users (organisation_id, email, display_name, password_hash, role, active, created_at, accommodation_referent) VALUES (2, 'claire@exemple.fr', 'Claire', 'h', 'candidate', true, '2026-11-22T10:00:00Z', false)")
            .await
            .is_err(),
        "one space per organisation and role"
    );
    // Foreign keys still hold (and still cascade).
    assert!(
        db.execute_unprepared("INSERT INTO login_sessions (token_hash, user_id, created_at, expires_at) VALUES ('u', 99, '2026-11-22T10:00:00Z', '2026-11-22T22:00:00Z')")
            .await
            .is_err(),
        "a session of no account"
    );
}
