//! The privacy notice and the certifier's personal data page: the notice names the
//! organisation's controller, contact and retention durations, is linked from every
//! page and survives hostile text; the certifier sets them (refused below the floors,
//! nothing saved), sees today's dry run, and applies it only when confirming.

use app::domain::role::Role;
use tests::{location, refused, spawn_app};

const PAGE: &str = "/certificateur/donnees-personnelles";

#[tokio::test]
async fn the_notice_names_the_organisations_controller_contact_and_durations() {
    let app = spawn_app().await;
    // Linked from every page, even to someone not logged in.
    let home = app.get_html("/").await;
    assert!(home.contains("href=\"/confidentialite\""), "{home}");
    // Several organisations: the notice asks which one.
    let other = app.other_organisation_certifier().await;
    let choice = other.logout().await;
    assert!(choice.status().is_redirection() || choice.status().is_success());
    let anonymous = app.another_browser();
    let list = anonymous.get_html("/confidentialite").await;
    assert!(list.contains("/confidentialite?organisme=1"), "{list}");

    app.login_as(Role::CertifierAdmin).await;
    let saved = app
        .submit_form(
            PAGE,
            "/api/certificateur/contacts_rgpd",
            &[
                ("controller", "Certif'Démo SAS</title><script>alert(1)</script>\n12 rue des Lilas, 69003 Lyon"),
                ("contact", "dpo@certif-demo.fr"),
            ],
        )
        .await;
    assert_eq!(location(&saved), format!("{PAGE}?enregistre=contacts"));
    let changed = app
        .submit_form(
            PAGE,
            "/api/certificateur/politique_conservation",
            &[
                ("amenagements", "3"),
                ("emargement", "18"),
                ("courriels", "12"),
                ("comptes_inactifs", "36"),
            ],
        )
        .await;
    assert_eq!(location(&changed), format!("{PAGE}?enregistre=politique"));

    let notice = anonymous.get_html("/confidentialite?organisme=1").await;
    assert!(notice.contains("dpo@certif-demo.fr"), "{notice}");
    assert!(notice.contains("12 rue des Lilas, 69003 Lyon"));
    assert!(!notice.contains("<script>alert(1)"), "escaped");
    assert!(
        notice.contains("18 mois après le dernier jour de la session"),
        "{notice}"
    );
    assert!(notice.contains("3 mois après la publication des résultats de la session"));
    assert!(notice.contains("Sans limite"));
    assert!(notice.contains("CNIL"));
    // A logged-in person reads their own organisation's.
    assert!(
        app.get_html("/confidentialite?organisme=999")
            .await
            .contains("dpo@certif-demo.fr")
    );
    // Both changes are in the audit log.
    use entities::prelude::AuditEntry;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let actions: Vec<String> = AuditEntry::find()
        .filter(entities::audit_entry::Column::Entity.eq("organisation"))
        .all(&app.db)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"privacy_contacts".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"retention_policy".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_policy_below_its_floor_or_empty_contacts_change_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let response = app
        .submit_form(
            PAGE,
            "/api/certificateur/politique_conservation",
            &[
                ("amenagements", "1"),
                ("emargement", "6"),
                ("courriels", "douze"),
                ("comptes_inactifs", "36"),
            ],
        )
        .await;
    assert!(refused(&response));
    let page = app.follow(&response).await;
    assert!(page.contains("entre 12 et 120"), "{page}");
    assert!(page.contains("entre 2 et 120"), "{page}");
    let response = app
        .submit_form(
            PAGE,
            "/api/certificateur/contacts_rgpd",
            &[("controller", " "), ("contact", "")],
        )
        .await;
    assert!(refused(&response));
    let page = app.follow(&response).await;
    assert!(
        page.contains("Indiquez le responsable du traitement"),
        "{page}"
    );
    // Still the defaults.
    let notice = app.get_html("/confidentialite").await;
    assert!(
        notice.contains("12 mois après le dernier jour de la session"),
        "{notice}"
    );
    assert!(notice.contains("2 mois après la publication"), "{notice}");
}

#[tokio::test]
async fn the_certifier_sees_todays_dry_run_and_applies_it_only_when_confirming() {
    let app = spawn_app().await;
    // An email logged two years before the test's day: past the 12 months.
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let old = entities::email_message::ActiveModel {
        organisation_id: Set(Some(1)),
        recipient: Set("ancien@exemple.fr".to_owned()),
        subject: Set("Convocation".to_owned()),
        kind: Set("convocation".to_owned()),
        status: Set(entities::enums::EmailStatus::Sent),
        created_at: Set(tests::test_now() - chrono::Duration::days(730)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("email")
    .id;
    app.login_as(Role::CertifierAdmin).await;
    let page = app.get_html(PAGE).await;
    assert!(page.contains("Simulation"), "{page}");
    assert!(
        page.contains("Journal des courriels envoyés</th><td class=\"num\">1</td>"),
        "{page}"
    );
    let unconfirmed = app
        .submit_form(PAGE, "/api/certificateur/appliquer_conservation", &[])
        .await;
    assert!(refused(&unconfirmed));
    assert!(
        entities::prelude::EmailMessage::find_by_id(old)
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
    );
    let applied = app
        .submit_form(
            PAGE,
            "/api/certificateur/appliquer_conservation",
            &[("confirm", "oui")],
        )
        .await;
    assert!(
        location(&applied).starts_with(&format!("{PAGE}?applique=")),
        "{}",
        location(&applied)
    );
    assert!(
        entities::prelude::EmailMessage::find_by_id(old)
            .one(&app.db)
            .await
            .expect("query")
            .is_none()
    );
    // Jurors and candidates have no access to the page.
    app.login_as(Role::JuryMember).await;
    assert_ne!(app.get(PAGE).await.status(), 200);
}
