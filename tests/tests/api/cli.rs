//! `server create-admin`: a certifier administrator who can then log in.

use server::cli::create_admin_with_password;
use tests::{Spawn, location, spawn_with};

#[tokio::test]
async fn create_admin_makes_an_account_that_can_log_in() {
    // Arrange
    let app = spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await;
    // Act
    create_admin_with_password(
        &app.config,
        "Admin@Exemple.fr",
        "Alice Admin",
        "11122233300044",
        Some("Organisme X"),
        "un-mot-de-passe-long",
    )
    .await
    .expect("created");
    // Assert
    let response = app.login("admin@exemple.fr", "un-mot-de-passe-long").await;
    assert_eq!(location(&response), "/certificateur");
    assert_eq!(app.get("/certificateur").await.status(), 200);
}

#[tokio::test]
async fn create_admin_refuses_bad_input_and_duplicates() {
    let app = spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await;
    let cases = [
        (
            "pas-une-adresse",
            "11122233300044",
            Some("X"),
            "un-mot-de-passe-long",
            "Adresse électronique invalide",
        ),
        (
            "a@b.fr",
            "123",
            Some("X"),
            "un-mot-de-passe-long",
            "14 chiffres",
        ),
        (
            "a@b.fr",
            "11122233300044",
            Some("X"),
            "court",
            "au moins 12 caractères",
        ),
        (
            "a@b.fr",
            "11122233300044",
            None,
            "un-mot-de-passe-long",
            "--organisation-name",
        ),
    ];
    for (email, siret, org, password, expected) in cases {
        let error = create_admin_with_password(&app.config, email, "A", siret, org, password)
            .await
            .expect_err("refused");
        assert!(error.to_string().contains(expected), "{error}");
    }
    create_admin_with_password(
        &app.config,
        "a@b.fr",
        "A",
        "11122233300044",
        Some("X"),
        "un-mot-de-passe-long",
    )
    .await
    .expect("first one");
    let error = create_admin_with_password(
        &app.config,
        "a@b.fr",
        "A",
        "11122233300044",
        None,
        "un-mot-de-passe-long",
    )
    .await
    .expect_err("duplicate");
    assert!(
        error.to_string().contains("administre déjà cet organisme"),
        "{error}"
    );
}
