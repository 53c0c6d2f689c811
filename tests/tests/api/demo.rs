//! Demo data: seeded on first start, never twice.

use app::ssr::demo::{Seeded, seed};
use entities::prelude::{
    Bloc, Candidate, Certification, Enrolment, ExamSession, Organisation, User,
};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use tests::{Spawn, spawn_app, spawn_on, test_now};

async fn counts(db: &DatabaseConnection) -> [u64; 7] {
    [
        Organisation::find().count(db).await.expect("count"),
        Certification::find().count(db).await.expect("count"),
        Bloc::find().count(db).await.expect("count"),
        ExamSession::find().count(db).await.expect("count"),
        Candidate::find().count(db).await.expect("count"),
        Enrolment::find().count(db).await.expect("count"),
        User::find().count(db).await.expect("count"),
    ]
}

#[tokio::test]
async fn first_start_seeds_the_five_templates_two_sessions_and_the_accounts() {
    let app = spawn_app().await;
    // organisation, certifications, blocs (1+4+3+15+4), sessions (March, and November
    // graded), candidates (6 + 5 new in November), enrolments (6 + 6), users (certifier,
    // four voting jury members, candidate)
    assert_eq!(counts(&app.db).await, [1, 5, 27, 2, 11, 12, 6]);
}

#[tokio::test]
async fn seeding_again_adds_nothing() {
    // Arrange
    let app = spawn_app().await;
    let before = counts(&app.db).await;
    // Act
    let again = seed(&app.db, test_now()).await.expect("seed");
    // Assert
    assert_eq!(again, Seeded::AlreadyPresent);
    assert_eq!(counts(&app.db).await, before);
}

#[tokio::test]
async fn a_second_start_on_the_same_database_adds_nothing() {
    let first = spawn_app().await;
    let before = counts(&first.db).await;
    let second = spawn_on(first.database.clone(), Spawn::default()).await;
    assert_eq!(counts(&second.db).await, before);
}

#[tokio::test]
async fn demo_data_can_be_switched_off() {
    let app = tests::spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await;
    assert_eq!(counts(&app.db).await, [0; 7]);
}

#[tokio::test]
async fn templates_bring_their_epreuves_and_the_bac_pro_modalities() {
    use entities::prelude::{Epreuve, EpreuveModality};
    let app = spawn_app().await;
    // A: 2, B: 4, C: 4, D: 12 + 3 optional, E: 11 + 16 continuous-assessment modules
    // + the tutor's evaluation.
    assert_eq!(Epreuve::find().count(&app.db).await.expect("count"), 53);
    // Seed 003: three categories of candidates for each of the 12 blocs.
    assert_eq!(
        EpreuveModality::find().count(&app.db).await.expect("count"),
        36
    );
}
