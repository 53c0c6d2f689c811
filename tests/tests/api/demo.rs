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
async fn first_start_seeds_the_five_templates_three_sessions_and_the_accounts() {
    let app = spawn_app().await;
    // organisation, certifications, blocs (1+4+3+15+4), sessions (March, November
    // graded, May published), candidates (6 + 5 new in November + 5 in May), enrolments
    // (6 + 6 + 5), users (certifier, four voting jury members, candidate)
    assert_eq!(counts(&app.db).await, [1, 5, 27, 3, 16, 17, 6]);
}

/// The May session is published and declared: its documents issued, one flux sent, its
/// receipt imported with one rejection (Aurélie Perrin, whose birth name is missing).
#[tokio::test]
async fn the_earlier_session_is_published_and_declared_with_one_rejection() {
    use app::domain::role::Role;
    use entities::enums::{DeclarationStatus, FluxStatus, SessionStatus};
    use entities::prelude::{AccrochageFlux, AccrochagePassage, Document};
    let app = spawn_app().await;
    let may = ExamSession::find_by_id(3)
        .one(&app.db)
        .await
        .expect("q")
        .expect("May");
    assert_eq!(may.status, SessionStatus::Published);
    assert!(may.label.contains("mai 2026"));
    assert!(Document::find().count(&app.db).await.expect("count") > 5);
    let fluxes = AccrochageFlux::find().all(&app.db).await.expect("fluxes");
    assert_eq!(fluxes.len(), 1);
    assert_eq!(fluxes[0].status, FluxStatus::Processed);
    assert_eq!(
        tests::cdc_schema_errors(&fluxes[0].xml),
        None,
        "{}",
        fluxes[0].xml
    );
    let passages = AccrochagePassage::find()
        .all(&app.db)
        .await
        .expect("passages");
    let rejected = passages
        .iter()
        .filter(|p| p.status == DeclarationStatus::Rejected)
        .count();
    assert_eq!(rejected, 1);
    assert!(
        passages
            .iter()
            .filter(|p| p.status == DeclarationStatus::Accepted)
            .count()
            >= 4
    );
    assert!(
        passages.iter().any(|p| !p.bloc_code.is_empty()),
        "Kévin's blocs declared"
    );
    // The certifier sees it at once, the rejection first (past its deadline).
    app.login_as(Role::CertifierAdmin).await;
    let cert = Certification::find()
        .all(&app.db)
        .await
        .expect("certs")
        .into_iter()
        .find(|c| c.code == "RNCP36390")
        .expect("RNCP36390");
    let page = app
        .get_html(&format!(
            "/certificateur/certifications/{}/declarations",
            cert.id
        ))
        .await;
    let rejection = page
        .find("Rejeté (flux 1) : Aucun titulaire ne correspond aux critères obligatoires")
        .expect("the rejection shown");
    let accepted = page.find("Accepté (flux 1)").expect("the accepted shown");
    assert!(rejection < accepted, "overdue first");
    assert!(page.contains("PERRIN Aurélie"));
    // Filtered and searched, a page at a time.
    let rejected = app
        .get_html(&format!(
            "/certificateur/certifications/{}/declarations?filtre=rejetees",
            cert.id
        ))
        .await;
    assert!(
        rejected.contains("PERRIN Aurélie") && !rejected.contains("HADDAD Yanis"),
        "{rejected}"
    );
    let searched = app
        .get_html(&format!(
            "/certificateur/certifications/{}/declarations?recherche=haddad",
            cert.id
        ))
        .await;
    assert!(searched.contains("HADDAD Yanis") && !searched.contains("PERRIN Aurélie"));
    assert!(
        searched.contains("1 trouvée(s) — page 1 sur 1"),
        "{searched}"
    );
    let stats = app.get_html("/certificateur/sessions/3/statistiques").await;
    assert!(
        stats.contains("des présents ont obtenu la certification complète"),
        "{stats}"
    );
}

#[tokio::test]
async fn seeding_again_adds_nothing() {
    // Arrange
    let app = spawn_app().await;
    let before = counts(&app.db).await;
    // Act
    let again = seed(
        &app.db,
        test_now(),
        &server::services::pdf::PrintPdf::new().expect("fonts"),
    )
    .await
    .expect("seed");
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
