//! Importing a candidates file into a session: all or nothing, every bad line reported.

use app::domain::role::Role;
use entities::prelude::{Candidate, Enrolment};
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{TestApp, csrf_from_page, location, spawn_app};

/// The demo session of template E.
const SESSION: &str = "/certificateur/sessions/1";

async fn upload(app: &TestApp, path: &str, csv: &str, with_token: bool) -> reqwest::Response {
    let page = app.get_html(SESSION).await;
    let token = csrf_from_page(&page).unwrap_or_default();
    let url = if with_token {
        format!("{}?csrf_token={token}", app.url(path))
    } else {
        app.url(path)
    };
    let file = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name("candidats.csv")
        .mime_str("text/csv")
        .expect("mime");
    let form = reqwest::multipart::Form::new().part("fichier", file);
    app.client
        .post(url)
        .multipart(form)
        .send()
        .await
        .expect("POST")
}

async fn counts(app: &TestApp) -> (u64, u64) {
    (
        Candidate::find().count(&app.db).await.expect("count"),
        Enrolment::find().count(&app.db).await.expect("count"),
    )
}

#[tokio::test]
async fn the_documented_example_file_is_imported_and_listed() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/examples/candidats.csv"
    ))
    .expect("example");
    let before = counts(&app).await;
    // Act
    let response = upload(&app, SESSION, &csv, true).await;
    // Assert
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{SESSION}?importes=8"));
    assert_eq!(counts(&app).await, (before.0 + 8, before.1 + 8));
    let page = app.get_html(&location(&response)).await;
    assert!(page.contains("8 candidat(s) importé(s)"), "{page}");
    assert!(page.contains("MARTIN Chloé"));
    assert!(page.contains("14/05/2006"));
    assert!(page.contains("Candidats inscrits (14)"));
}

#[tokio::test]
async fn a_file_with_five_bad_rows_is_refused_whole_with_every_line() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let csv = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès\n\
        Martin;Chloé;14/05/2006;chloe@exemple.fr;Formation initiale\n\
        ;Yanis;02/11/2005;yanis@exemple.fr;Apprentissage\n\
        Thomas;Manon;31/02/2006;manon@exemple.fr;Formation initiale\n\
        Robert;Enzo;09/01/2004;enzo(at)exemple.fr;VAE\n\
        Richard;Lina;30/03/1990;lina@exemple.fr;Alternance\n\
        Dubois;Adam;17/07/1985;candidat@demo.jury.fr;Formation continue\n";
    let before = counts(&app).await;
    // Act
    let response = upload(&app, SESSION, csv, true).await;
    // Assert
    // Back to the page, nothing of the form (the token) in the address.
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), SESSION);
    let page = app.get_html(SESSION).await;
    assert!(
        page.contains("Import refusé : 5 ligne(s) en erreur, aucun candidat n'a été ajouté."),
        "{page}"
    );
    for line in [
        "ligne 3 :",
        "ligne 4 :",
        "ligne 5 :",
        "ligne 6 :",
        "ligne 7 :",
    ] {
        assert!(page.contains(line), "{line} missing");
    }
    assert!(page.contains(
        "un candidat ou un compte avec le courriel « candidat@demo.jury.fr » existe déjà"
    ));
    assert_eq!(counts(&app).await, before, "nothing written");
    // Shown once.
    assert!(!app.get_html(SESSION).await.contains("Import refusé"));
}

#[tokio::test]
async fn an_upload_without_the_token_or_by_another_role_changes_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let csv = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès\nMartin;Chloé;14/05/2006;chloe@exemple.fr;VAE\n";
    let before = counts(&app).await;
    let forged = upload(&app, SESSION, csv, false).await;
    assert_eq!(forged.status(), 403);
    assert_eq!(counts(&app).await, before);

    let juror = spawn_app().await;
    juror.login_as(Role::JuryMember).await;
    assert_eq!(juror.get(SESSION).await.status(), 403);
    let token = juror.csrf_token().await;
    let file = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("c.csv");
    let response = juror
        .client
        .post(format!("{}?csrf_token={token}", juror.url(SESSION)))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 403);
    assert_eq!(counts(&juror).await, before);
}

#[tokio::test]
async fn another_sessions_page_is_not_found() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    assert_eq!(
        app.get("/api/certificateur/session?id=999").await.status(),
        404
    );
    let page = app.get_html("/certificateur/sessions/999").await;
    assert!(page.contains("Élément introuvable."), "{page}");
}

#[tokio::test]
async fn one_candidate_is_enrolled_by_hand_with_the_same_checks() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let before = counts(&app).await;
    let fields = [
        ("session_id", "1"),
        ("last_name", "Garnier"),
        ("first_name", "Zoé"),
        ("birth_date", "02/02/2002"),
        ("email", "zoe.garnier@exemple.fr"),
        ("access_route", "vae"),
    ];
    let added = app
        .submit_form(SESSION, "/api/certificateur/ajouter_candidat", &fields)
        .await;
    assert!(!location(&added).contains("__err"), "{}", location(&added));
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
    let page = app.get_html(SESSION).await;
    assert!(
        page.contains("GARNIER Zoé") && page.contains("S1-0007"),
        "{page}"
    );
    // Bad date and an email already used: both reported, nothing added.
    let bad = [
        ("session_id", "1"),
        ("last_name", "Garnier"),
        ("first_name", "Zoé"),
        ("birth_date", "30/02/2002"),
        ("email", "zoe.garnier@exemple.fr"),
        ("access_route", "vae"),
    ];
    let refused = app
        .submit_form(SESSION, "/api/certificateur/ajouter_candidat", &bad)
        .await;
    let page = app.follow(&refused).await;
    assert!(
        page.contains("date de naissance « 30/02/2002 » invalide"),
        "{page}"
    );
    assert!(page.contains("existe déjà"));
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
}

#[tokio::test]
async fn a_bloc_validated_earlier_is_recorded_with_its_validity() {
    use entities::prelude::CapitalisedBloc;
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // Recorded from the candidate's page. Without an end date, template E's 5 years of
    // capitalisation apply.
    let candidate_page = "/certificateur/sessions/1/candidats/2";
    // The demo's May session capitalised its holders' blocs already.
    let before = CapitalisedBloc::find().count(&app.db).await.expect("count");
    let fields = [
        ("session_id", "1"),
        ("enrolment_id", "2"),
        ("bloc_code", "RNCP36390BC02"),
        ("validated_on", "20/06/2025"),
        ("valid_until", ""),
        ("source", "Session de juin 2025, CCI Lyon"),
    ];
    let recorded = app
        .submit_form(
            candidate_page,
            "/api/certificateur/bloc_capitalise",
            &fields,
        )
        .await;
    assert!(
        !location(&recorded).contains("__err"),
        "{}",
        location(&recorded)
    );
    let page = app.get_html(SESSION).await;
    assert!(
        page.contains("RNCP36390BC02 (acquis le 20/06/2025, valable jusqu&#x27;au 20/06/2030")
            || page.contains("RNCP36390BC02 (acquis le 20/06/2025, valable jusqu'au 20/06/2030"),
        "{page}"
    );
    // A bloc of another certification and a bad date: refused, nothing recorded.
    let bad = [
        ("session_id", "1"),
        ("enrolment_id", "2"),
        ("bloc_code", "RNCP40705BC01"),
        ("validated_on", "20/06/2025"),
        ("valid_until", ""),
        ("source", "x"),
    ];
    let refused = app
        .submit_form(candidate_page, "/api/certificateur/bloc_capitalise", &bad)
        .await;
    let page = app.follow(&refused).await;
    assert!(
        page.contains("Ce bloc n&#x27;appartient pas") || page.contains("Ce bloc n'appartient pas"),
        "{page}"
    );
    let dated = [
        ("session_id", "1"),
        ("enrolment_id", "2"),
        ("bloc_code", "RNCP36390BC01"),
        ("validated_on", "32/13/2025"),
        ("valid_until", ""),
        ("source", " "),
    ];
    let refused = app
        .submit_form(candidate_page, "/api/certificateur/bloc_capitalise", &dated)
        .await;
    let page = app.follow(&refused).await;
    assert!(
        page.contains("Date de validation invalide (JJ/MM/AAAA)."),
        "{page}"
    );
    assert!(page.contains("Indiquez la source"));
    assert_eq!(
        CapitalisedBloc::find().count(&app.db).await.expect("count"),
        before + 1
    );
}

#[tokio::test]
async fn identity_columns_for_the_caisse_des_depots_are_read_and_checked() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let header = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Nom de naissance;Autres prénoms;Sexe;Code INSEE de naissance;Code postal de naissance;Commune de naissance;Code pays de naissance;Pays de naissance\n";
    let bad = format!(
        "{header}Martin;Chloé;14/05/2006;chloe@exemple.fr;VAE;Roux;Anne;F;20004;;Ajaccio;;\n\
         Petit;Lucas;03/09/2001;lucas@exemple.fr;Apprentissage;;;X;;69002;;;\n\
         Diallo;Awa;01/02/1999;awa@exemple.fr;Formation continue;;;F;;;Dakar;686;\n"
    );
    let before = counts(&app).await;
    let refused = upload(&app, SESSION, &bad, true).await;
    assert_eq!(location(&refused), SESSION);
    let page = app.get_html(SESSION).await;
    assert!(
        page.contains("Import refusé : 3 ligne(s) en erreur"),
        "{page}"
    );
    assert!(page.contains("2A (Corse-du-Sud) ou 2B"), "{page}");
    assert!(page.contains("sexe « X » inconnu"));
    assert!(page.contains("indiquez le nom de la commune"));
    assert!(page.contains("indiquez le code du pays et son nom"));
    assert_eq!(counts(&app).await, before, "nothing written");

    let good = format!(
        "{header}Martin;Chloé;14/05/2006;chloe@exemple.fr;VAE;Roux;Anne, Marie;F;2A004;;Ajaccio;;\n\
         Diallo;Awa;01/02/1999;awa@exemple.fr;Formation continue;;;F;;;Dakar;99310;Sénégal\n"
    );
    let imported = upload(&app, SESSION, &good, true).await;
    assert_eq!(location(&imported), format!("{SESSION}?importes=2"));
    let people = Candidate::find().all(&app.db).await.expect("candidates");
    let chloe = people
        .iter()
        .find(|c| c.email == "chloe@exemple.fr")
        .expect("Chloé");
    assert_eq!(chloe.birth_name.as_deref(), Some("Roux"));
    assert_eq!(chloe.other_first_names.as_deref(), Some("Anne, Marie"));
    assert_eq!(chloe.sex.as_deref(), Some("F"));
    assert_eq!(chloe.birth_insee_code.as_deref(), Some("2A004"));
    let awa = people
        .iter()
        .find(|c| c.email == "awa@exemple.fr")
        .expect("Awa");
    assert_eq!(awa.birth_country_code.as_deref(), Some("310"));
    assert_eq!(awa.birth_country.as_deref(), Some("Sénégal"));
    assert_eq!(awa.birth_commune.as_deref(), Some("Dakar"));
}
