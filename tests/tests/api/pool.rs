//! The jury pool: members added and corrected through the same checks as an imported
//! line; a file imported all or nothing with every bad line reported.

use app::domain::role::Role;
use entities::jury_member;
use entities::prelude::JuryMember;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{TestApp, csrf_from_page, location, spawn_app};

const PAGE: &str = "/certificateur/jures";

async fn upload(app: &TestApp, csv: &str) -> reqwest::Response {
    let page = app.get_html(PAGE).await;
    let token = csrf_from_page(&page).expect("token");
    let form = reqwest::multipart::Form::new().part(
        "fichier",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("jures.csv"),
    );
    app.client
        .post(app.url(&format!("{PAGE}?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .expect("POST")
}

async fn count(app: &TestApp) -> u64 {
    JuryMember::find().count(&app.db).await.expect("count")
}

#[tokio::test]
async fn a_pool_file_is_imported_all_or_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let before = count(&app).await;
    // Three bad lines among good ones: refused whole, each line reported.
    let bad = "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité\n\
        Roux;Nadia;nadia.roux@exemple.fr;F;non;professionnel_secteur;salarié;;7;30/09/2026\n\
        Blanc;;hugo.blanc@exemple;H;peut-être;pilote;;;-2;\n\
        Vidal;Léa;jury@demo.jury.fr;F;non;enseignant;;public;3;\n\
        Faure;Paul;paul.faure@exemple.fr;H;non;enseignant;;lycée;3;31/13/2026\n";
    let refused = upload(&app, bad).await;
    assert_eq!(refused.status(), 303);
    assert_eq!(location(&refused), PAGE);
    let html = app.get_html(PAGE).await;
    assert!(
        html.contains("Import refusé : 3 ligne(s) en erreur, aucun membre n&#x27;a été ajouté.")
            || html.contains("Import refusé : 3 ligne(s) en erreur, aucun membre n'a été ajouté."),
        "{html}"
    );
    for message in [
        "ligne 3 : prénom manquant",
        "catégorie « pilote » inconnue",
        "ligne 4 : un membre ou un compte avec le courriel « jury@demo.jury.fr » existe déjà",
        "ligne 5 : enseignant « lycée » inconnu",
        "date de dernière activité « 31/13/2026 » invalide",
    ] {
        assert!(html.contains(message), "{message} missing");
    }
    assert_eq!(count(&app).await, before);
    // The good lines alone.
    let good = "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n\
        Roux;Nadia;nadia.roux@exemple.fr;F;non;professionnel_secteur;salarié;;7;30/09/2026;du 15/03/2027 au 19/03/2027\n\
        Faure;Paul;paul.faure@exemple.fr;H;oui;representant_cci;;;3;;\n";
    let imported = upload(&app, good).await;
    assert_eq!(location(&imported), "/certificateur/jures?importes=2");
    assert_eq!(count(&app).await, before + 2);
    let page = app.get_html("/certificateur/jures?importes=2").await;
    assert!(page.contains("2 membre(s) ajouté(s) au vivier."));
    assert!(page.contains("Nadia Roux"));
}

#[tokio::test]
async fn a_member_is_added_then_corrected() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let fields = |email: &'static str, years: &'static str| {
        vec![
            ("id", "0"),
            ("fields[last_name]", "Roux"),
            ("fields[first_name]", "Nadia"),
            ("fields[email]", email),
            ("fields[gender]", "female"),
            ("fields[internal]", "non"),
            ("fields[category]", "professionnel_secteur"),
            ("fields[side]", "employee"),
            ("fields[teacher]", "none"),
            ("fields[years_experience]", years),
            ("fields[last_activity]", "30/09/2026"),
            ("fields[availability]", ""),
        ]
    };
    let added = app
        .submit_form(
            PAGE,
            "/api/certificateur/vivier_enregistrer",
            &fields("nadia.roux@exemple.fr", "7"),
        )
        .await;
    assert_eq!(location(&added), PAGE);
    let member = JuryMember::find()
        .filter(jury_member::Column::Email.eq("nadia.roux@exemple.fr"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("added");
    // A bad correction: every problem, nothing changed.
    let id = member.id.to_string();
    let mut bad = fields("karim.benali@demo.jury.fr", "beaucoup");
    bad[0] = ("id", &id);
    let edit_page = format!("{PAGE}/{id}");
    let refused = app
        .submit_form(&edit_page, "/api/certificateur/vivier_enregistrer", &bad)
        .await;
    let html = app.follow(&refused).await;
    assert!(
        html.contains(
            "un membre ou un compte avec le courriel « karim.benali@demo.jury.fr » existe déjà"
        ),
        "{html}"
    );
    assert!(
        html.contains("années d&#x27;expérience « beaucoup »")
            || html.contains("années d'expérience « beaucoup »")
    );
    let unchanged = JuryMember::find_by_id(member.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("m");
    assert_eq!(unchanged, member);
    // A good one.
    let mut good = fields("nadia.roux@exemple.fr", "8");
    good[0] = ("id", &id);
    let saved = app
        .submit_form(&edit_page, "/api/certificateur/vivier_enregistrer", &good)
        .await;
    assert_eq!(location(&saved), PAGE);
    let changed = JuryMember::find_by_id(member.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("m");
    assert_eq!(changed.years_experience, 8);
    let html = app.get_html(&edit_page).await;
    assert!(html.contains("Modifier Nadia Roux"));
}
