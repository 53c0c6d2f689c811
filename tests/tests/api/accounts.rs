//! Accounts of invited people: every pool member and enrolled candidate gets one, and
//! chooses its password through a single-use link (14 days) in their first email;
//! "Mot de passe oublié ?" answers the same for every address and sends a one-hour
//! link; the certifier sends links again and deactivates accounts.

use app::domain::role::Role;
use app::ssr::demo::demo_account;
use entities::{account_token, login_session, user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::cli::create_admin_with_password;
use tests::{Spawn, TestApp, location, spawn_app, spawn_with};

const ACCOUNTS: &str = "/certificateur/comptes";

async fn account(app: &TestApp, email: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("query")
        .expect("account")
}

/// Chooses a password on the page behind a link, as a browser without JavaScript.
async fn choose(
    app: &TestApp,
    link: &str,
    password: &str,
    confirmation: &str,
) -> reqwest::Response {
    let token = link.trim_start_matches("/mot-de-passe/");
    app.submit_form(
        link,
        "/api/compte/mot_de_passe",
        &[
            ("token", token),
            ("password", password),
            ("confirmation", confirmation),
        ],
    )
    .await
}

#[tokio::test]
async fn a_juror_added_to_the_pool_chooses_a_password_through_the_link_the_certifier_sends() {
    // From an empty database: the administrator made by the command line only.
    let app = spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await;
    create_admin_with_password(
        &app.config,
        "admin@organisme.fr",
        "Alice Admin",
        "12345678901234",
        Some("Organisme Test"),
        "mot de passe administrateur",
    )
    .await
    .expect("admin");
    let logged = app
        .login("admin@organisme.fr", "mot de passe administrateur")
        .await;
    assert_eq!(location(&logged), "/certificateur");
    let added = app
        .submit_form(
            "/certificateur/jures",
            "/api/certificateur/vivier_enregistrer",
            &[
                ("id", "0"),
                ("fields[last_name]", "Roux"),
                ("fields[first_name]", "Nadia"),
                ("fields[email]", "Nadia.Roux@exemple.fr"),
                ("fields[gender]", "female"),
                ("fields[internal]", "non"),
                ("fields[category]", "professionnel_secteur"),
                ("fields[side]", "employee"),
                ("fields[teacher]", "none"),
                ("fields[years_experience]", "7"),
                ("fields[last_activity]", ""),
                ("fields[availability]", ""),
            ],
        )
        .await;
    assert_eq!(location(&added), "/certificateur/jures");
    // The account exists, without a password: nobody can log in with it yet.
    let juror = account(&app, "nadia.roux@exemple.fr").await;
    assert_eq!(juror.role, entities::enums::UserRole::JuryMember);
    assert!(juror.jury_member_id.is_some());
    let page = app.get_html(&format!("{ACCOUNTS}?role=jury")).await;
    assert!(
        page.contains("Nadia Roux") && page.contains("Aucun lien envoyé"),
        "{page}"
    );
    let juror_browser = app.another_browser();
    assert_eq!(
        location(&juror_browser.login("nadia.roux@exemple.fr", "").await),
        "/connexion?erreur=identifiants&suite="
    );
    // The certifier sends the link: a welcome email that says why, with the link.
    let sent = app
        .submit_form(
            ACCOUNTS,
            "/api/certificateur/compte_lien",
            &[("user_id", &juror.id.to_string())],
        )
        .await;
    assert_eq!(location(&sent), "/certificateur/comptes?fait=lien");
    let email = app.mailer.sent().pop().expect("welcome email");
    assert_eq!(
        email.subject,
        "Votre compte de membre de jury — Organisme Test"
    );
    assert!(email.text.contains("valable jusqu'au"), "{}", email.text);
    // The first email a person receives links to the organisation's privacy notice.
    assert!(
        email.text.contains("/confidentialite?organisme="),
        "{}",
        email.text
    );
    let link = app.password_link_sent_to("nadia.roux@exemple.fr");
    assert!(
        email.text.contains("http://"),
        "links use the public address"
    );
    // Only a digest of the token is stored.
    let token = link.trim_start_matches("/mot-de-passe/");
    assert_eq!(
        account_token::Entity::find()
            .filter(account_token::Column::TokenHash.eq(token))
            .count(&app.db)
            .await
            .expect("count"),
        0
    );
    // The page names the account; a short or mistyped password is refused in French.
    let page = juror_browser.get_html(&link).await;
    assert!(page.contains("Bienvenue, Nadia Roux"), "{page}");
    let short = choose(&juror_browser, &link, "court", "court").await;
    assert!(tests::refused(&short));
    let shown = juror_browser.follow(&short).await;
    assert!(shown.contains("au moins 12 caractères"), "{shown}");
    let different = choose(
        &juror_browser,
        &link,
        "une phrase assez longue",
        "une autre phrase longue",
    )
    .await;
    assert!(
        juror_browser
            .follow(&different)
            .await
            .contains("Les deux saisies du mot de passe diffèrent.")
    );
    assert_eq!(
        account(&app, "nadia.roux@exemple.fr").await.password_hash,
        ""
    );
    // The right one: back to the login page, which says so; then logged in.
    let chosen = choose(
        &juror_browser,
        &link,
        "une phrase assez longue",
        "une phrase assez longue",
    )
    .await;
    assert_eq!(
        location(&chosen),
        "/connexion?info=mot-de-passe&email=nadia.roux%40exemple.fr"
    );
    let login_page = juror_browser.follow(&chosen).await;
    assert!(login_page.contains("Votre mot de passe est enregistré"));
    let logged = juror_browser
        .login("nadia.roux@exemple.fr", "une phrase assez longue")
        .await;
    assert_eq!(location(&logged), "/jury");
    // The link served once.
    let again = app.another_browser();
    let reused = again.get_html(&link).await;
    assert!(reused.contains("Ce lien a déjà servi"), "{reused}");
    let replay = choose(
        &again,
        &link,
        "encore une autre phrase",
        "encore une autre phrase",
    )
    .await;
    assert!(tests::refused(&replay) || replay.status() == 409);
    let logged = again
        .login("nadia.roux@exemple.fr", "une phrase assez longue")
        .await;
    assert_eq!(location(&logged), "/jury", "the password did not change");
    // The list now says the account is active, and offers no link.
    let page = app.get_html(&format!("{ACCOUNTS}?recherche=roux")).await;
    assert!(page.contains("Actif"), "{page}");
    assert!(!page.contains("Envoyer le lien"));
}

#[tokio::test]
async fn an_enrolled_candidate_gets_the_link_in_the_convocation_and_an_expired_link_is_sent_again()
{
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let added = app
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/ajouter_candidat",
            &[
                ("session_id", "1"),
                ("last_name", "Lemoine"),
                ("first_name", "Inès"),
                ("birth_date", "12/05/2001"),
                ("email", "ines.lemoine@exemple.fr"),
                ("access_route", "formation continue"),
            ],
        )
        .await;
    assert!(!tests::refused(&added), "{}", app.follow(&added).await);
    let candidate = account(&app, "ines.lemoine@exemple.fr").await;
    assert_eq!(candidate.role, entities::enums::UserRole::Candidate);
    assert!(candidate.candidate_id.is_some());
    // Convocations: hers carries the link; those of candidates with a password do not.
    let epreuve = entities::prelude::Epreuve::find()
        .filter(entities::epreuve::Column::Code.eq("B3.E1"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("épreuve")
        .id
        .to_string();
    let scheduled = app
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", "1"),
                ("epreuve_id", epreuve.as_str()),
                ("date", "16/03/2027"),
                ("start", "09:00"),
                ("duration", "210"),
                ("room", "Salle Rhône"),
                ("remote_link", ""),
            ],
        )
        .await;
    assert!(!tests::refused(&scheduled));
    app.submit_form(
        "/certificateur/sessions/1",
        "/api/certificateur/envoyer_convocations",
        &[("session_id", "1"), ("reason", "")],
    )
    .await;
    let sent = app.mailer.sent();
    let hers = sent
        .iter()
        .find(|e| e.to == "ines.lemoine@exemple.fr")
        .expect("her convocation");
    assert!(hers.subject.starts_with("Convocation"));
    assert!(hers.text.contains("/mot-de-passe/"));
    assert!(hers.html.contains("/mot-de-passe/"));
    assert!(
        hers.text.contains("/confidentialite?organisme=1"),
        "{}",
        hers.text
    );
    let demo = sent
        .iter()
        .find(|e| e.to == demo_account(Role::Candidate).email)
        .expect("the demo candidate's convocation");
    assert!(!demo.text.contains("/mot-de-passe/"));
    let first = app.password_link_sent_to("ines.lemoine@exemple.fr");
    // Fifteen days later the link has expired; the list says so.
    app.clock.advance(chrono::Duration::days(15));
    app.login_as(Role::CertifierAdmin).await;
    let browser = app.another_browser();
    assert!(browser.get_html(&first).await.contains("Ce lien a expiré"));
    let page = app.get_html(&format!("{ACCOUNTS}?recherche=lemoine")).await;
    assert!(page.contains("Lien expiré : à renvoyer"), "{page}");
    app.submit_form(
        ACCOUNTS,
        "/api/certificateur/compte_lien",
        &[("user_id", &candidate.id.to_string())],
    )
    .await;
    let second = app.password_link_sent_to("ines.lemoine@exemple.fr");
    assert_ne!(first, second);
    // The first link now says that a later email replaced it.
    let replaced = browser.get_html(&first).await;
    assert!(
        replaced.contains("remplacé par un lien plus récent"),
        "{replaced}"
    );
    let chosen = choose(
        &browser,
        &second,
        "ma phrase de passe à moi",
        "ma phrase de passe à moi",
    )
    .await;
    assert!(location(&chosen).starts_with("/connexion?info=mot-de-passe"));
    let logged = browser
        .login("ines.lemoine@exemple.fr", "ma phrase de passe à moi")
        .await;
    assert_eq!(location(&logged), "/candidat");
}

#[tokio::test]
async fn a_forgotten_password_gets_the_same_answer_for_any_address_and_a_reset_ends_every_session()
{
    let app = spawn_app().await;
    let juror = demo_account(Role::JuryMember);
    let logged_in = app.another_browser();
    logged_in.login_as(Role::JuryMember).await;
    assert_eq!(logged_in.get("/jury").await.status(), 200);
    let browser = app.another_browser();
    let page = browser.get_html("/connexion").await;
    assert!(page.contains("href=\"/mot-de-passe-oublie\""));
    let known = browser
        .submit_form(
            "/mot-de-passe-oublie",
            "/api/compte/oubli",
            &[("email", juror.email)],
        )
        .await;
    let unknown = browser
        .submit_form(
            "/mot-de-passe-oublie",
            "/api/compte/oubli",
            &[("email", "personne@exemple.fr")],
        )
        .await;
    assert_eq!(location(&known), location(&unknown));
    assert_eq!(known.status(), unknown.status());
    let answer = browser.follow(&known).await;
    assert!(
        answer.contains("Si un compte existe pour cette adresse"),
        "{answer}"
    );
    let emails = app.mailer.sent();
    assert_eq!(emails.len(), 1, "one email, to the existing account only");
    assert_eq!(emails[0].subject, "Réinitialisation de votre mot de passe");
    let link = app.password_link_sent_to(juror.email);
    // An hour later, the link has expired.
    app.clock.advance(chrono::Duration::minutes(61));
    assert!(browser.get_html(&link).await.contains("Ce lien a expiré"));
    let late = choose(
        &browser,
        &link,
        "nouvelle phrase secrète",
        "nouvelle phrase secrète",
    )
    .await;
    assert!(tests::refused(&late));
    assert!(browser.follow(&late).await.contains("Ce lien a expiré"));
    // A new one works, ends the open session, and the old password no longer logs in.
    browser
        .submit_form(
            "/mot-de-passe-oublie",
            "/api/compte/oubli",
            &[("email", juror.email)],
        )
        .await;
    let link = app.password_link_sent_to(juror.email);
    assert!(
        browser
            .get_html(&link)
            .await
            .contains("choisissez un nouveau mot de passe")
    );
    let chosen = choose(
        &browser,
        &link,
        "nouvelle phrase secrète",
        "nouvelle phrase secrète",
    )
    .await;
    assert!(location(&chosen).starts_with("/connexion?info=mot-de-passe"));
    let after = logged_in.get("/jury").await;
    assert_ne!(after.status(), 200, "the open session ended");
    let sessions = login_session::Entity::find()
        .filter(login_session::Column::UserId.eq(account(&app, juror.email).await.id))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(sessions, 0);
    assert_eq!(
        location(&browser.login(juror.email, juror.password).await),
        "/connexion?erreur=identifiants&suite="
    );
    assert_eq!(
        location(&browser.login(juror.email, "nouvelle phrase secrète").await),
        "/jury"
    );
}

#[tokio::test]
async fn reset_requests_for_one_address_are_rate_limited_without_saying_so() {
    let app = spawn_app().await;
    let juror = demo_account(Role::JuryMember);
    let browser = app.another_browser();
    let mut answers = Vec::new();
    for _ in 0..6 {
        let asked = browser
            .submit_form(
                "/mot-de-passe-oublie",
                "/api/compte/oubli",
                &[("email", juror.email)],
            )
            .await;
        answers.push(location(&asked));
    }
    assert!(
        answers.iter().all(|a| a == "/mot-de-passe-oublie?envoye=1"),
        "{answers:?}"
    );
    assert_eq!(app.mailer.sent().len(), 3, "three links an hour");
    // A malformed address is refused, in French.
    let bad = browser
        .submit_form(
            "/mot-de-passe-oublie",
            "/api/compte/oubli",
            &[("email", "pas une adresse")],
        )
        .await;
    assert!(tests::refused(&bad));
    assert!(
        browser
            .follow(&bad)
            .await
            .contains("Indiquez une adresse électronique valide.")
    );
}

#[tokio::test]
async fn a_deactivated_account_is_logged_out_at_once_and_keeps_its_history() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let juror_browser = app.another_browser();
    juror_browser.login_as(Role::JuryMember).await;
    let juror = account(&app, demo_account(Role::JuryMember).email).await;
    let page = app.get_html(ACCOUNTS).await;
    assert!(
        page.contains("Confirmer la désactivation"),
        "confirmation asked first"
    );
    let done = app
        .submit_form(
            ACCOUNTS,
            "/api/certificateur/compte_activer",
            &[("user_id", &juror.id.to_string()), ("active", "false")],
        )
        .await;
    assert_eq!(location(&done), "/certificateur/comptes?fait=desactive");
    assert!(app.follow(&done).await.contains("Compte désactivé"));
    assert_ne!(juror_browser.get("/jury").await.status(), 200);
    let account = demo_account(Role::JuryMember);
    assert_eq!(
        location(&juror_browser.login(account.email, account.password).await),
        "/connexion?erreur=identifiants&suite="
    );
    // Still there, with its links to the pool.
    let kept = user::Entity::find_by_id(juror.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("kept");
    assert!(!kept.active && kept.jury_member_id == juror.jury_member_id);
    // The certifier cannot deactivate themself.
    let me = self::account(&app, demo_account(Role::CertifierAdmin).email).await;
    let refused = app
        .submit_form(
            ACCOUNTS,
            "/api/certificateur/compte_activer",
            &[("user_id", &me.id.to_string()), ("active", "false")],
        )
        .await;
    assert!(tests::refused(&refused));
    assert!(
        app.follow(&refused)
            .await
            .contains("Vous ne pouvez pas désactiver votre propre compte.")
    );
    // Reactivated: the juror logs in again.
    app.submit_form(
        ACCOUNTS,
        "/api/certificateur/compte_activer",
        &[("user_id", &juror.id.to_string()), ("active", "true")],
    )
    .await;
    assert_eq!(
        location(&juror_browser.login(account.email, account.password).await),
        "/jury"
    );
}

#[tokio::test]
async fn a_co_administrator_is_invited_by_email() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let bad = app
        .submit_form(
            ACCOUNTS,
            "/api/certificateur/compte_inviter",
            &[("name", ""), ("email", "pas-une-adresse")],
        )
        .await;
    assert!(tests::refused(&bad));
    let shown = app.follow(&bad).await;
    assert!(
        shown.contains("Indiquez le nom de la personne invitée."),
        "{shown}"
    );
    let taken = app
        .submit_form(
            ACCOUNTS,
            "/api/certificateur/compte_inviter",
            &[
                ("name", "Karim"),
                ("email", demo_account(Role::CertifierAdmin).email),
            ],
        )
        .await;
    let html = app.follow(&taken).await;
    assert!(
        html.contains("administre déjà l&#x27;organisme")
            || html.contains("administre déjà l'organisme"),
        "{html}"
    );
    let invited = app
        .submit_form(
            ACCOUNTS,
            "/api/certificateur/compte_inviter",
            &[("name", "Bruno Colin"), ("email", "bruno.colin@exemple.fr")],
        )
        .await;
    assert_eq!(location(&invited), "/certificateur/comptes?fait=invite");
    let email = app.mailer.sent().pop().expect("invitation");
    assert!(
        email.subject.starts_with("Invitation à administrer"),
        "{}",
        email.subject
    );
    let link = app.password_link_sent_to("bruno.colin@exemple.fr");
    let browser = app.another_browser();
    choose(
        &browser,
        &link,
        "phrase de passe de Bruno",
        "phrase de passe de Bruno",
    )
    .await;
    assert_eq!(
        location(
            &browser
                .login("bruno.colin@exemple.fr", "phrase de passe de Bruno")
                .await
        ),
        "/certificateur"
    );
}

/// Sixty more accounts: the list goes page by page, each link to the next page (and
/// back) lands on that page.
#[tokio::test]
async fn the_accounts_list_goes_page_by_page() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let mut csv = String::from("Nom;Prénom;Date de naissance;Courriel;Voie d'accès\n");
    for i in 1..=60 {
        csv.push_str(&format!(
            "Compte{i:02};Élise;12/03/2000;compte{i}@pages.test;Formation continue\n"
        ));
    }
    let page = "/certificateur/sessions/1";
    let imported = app.upload_csv(page, &csv).await;
    assert_eq!(location(&imported), format!("{page}?importes=60"));
    let first = app.get_html(ACCOUNTS).await;
    assert!(first.contains("— page 1 sur 2"), "{first}");
    assert!(
        first.contains(&format!("href=\"{ACCOUNTS}?page=2\"")),
        "{first}"
    );
    let second = app.get_html(&format!("{ACCOUNTS}?page=2")).await;
    assert!(second.contains("— page 2 sur 2"), "{second}");
    assert!(
        second.contains(&format!("href=\"{ACCOUNTS}?page=1\"")),
        "{second}"
    );
    assert!(!second.contains("rel=\"next\""));
}
