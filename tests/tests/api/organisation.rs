//! The organisation's identity, as its documents will state it: every problem told at
//! once and nothing saved, another organisation's SIRET refused, the change audited.

use app::domain::role::Role;
use entities::prelude::{AuditEntry, Organisation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{location, spawn_app};

const PAGE: &str = "/certificateur/parametres";
const SAVE: &str = "/api/certificateur/identite_organisme";

#[tokio::test]
async fn the_organisation_identity_is_checked_saved_and_audited() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = app.get_html(PAGE).await;
    assert!(
        page.contains("Hélène Vidal"),
        "the demo's signatory: {page}"
    );
    let before = Organisation::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("org");

    // Every problem at once, nothing saved.
    let refused = app
        .submit_form(
            PAGE,
            SAVE,
            &[
                ("name", " "),
                ("siret", "12345678900019"),
                ("address", ""),
                ("signatory_name", "Hélène Vidal"),
                ("signatory_quality", ""),
            ],
        )
        .await;
    let html = app.follow(&refused).await;
    assert!(html.contains("Raison sociale : obligatoire"), "{html}");
    assert!(html.contains("SIRET « 12345678900019 » invalide"), "{html}");
    assert!(html.contains("Adresse : obligatoire"));
    assert!(html.contains("Qualité du signataire : obligatoire"));
    assert_eq!(
        Organisation::find_by_id(1)
            .one(&app.db)
            .await
            .expect("q")
            .expect("org"),
        before
    );

    // Another organisation's SIRET is refused.
    server::cli::create_admin_with_password(
        &app.config,
        "autre@exemple.fr",
        "Autre Admin",
        "11122233300044",
        Some("Autre organisme"),
        "un-mot-de-passe-long",
    )
    .await
    .expect("another organisation");
    let taken = app
        .submit_form(
            PAGE,
            SAVE,
            &[
                ("name", "Certif'Démo SAS"),
                ("siret", "111 222 333 00044"),
                ("address", "1 rue X\n75001 Paris"),
                ("signatory_name", "Hélène Vidal"),
                ("signatory_quality", "Directrice"),
            ],
        )
        .await;
    assert!(
        app.follow(&taken)
            .await
            .contains("déjà celui d'un autre organisme")
    );

    let saved = app
        .submit_form(
            PAGE,
            SAVE,
            &[
                ("name", "Certif'Démo SAS"),
                ("siret", "732 829 320 00074"),
                ("address", "8 quai Saint-Vincent\n69001 Lyon"),
                ("signatory_name", "Paul Girard"),
                ("signatory_quality", "Président"),
            ],
        )
        .await;
    assert_eq!(location(&saved), "/certificateur/parametres?enregistre=1");
    let after = Organisation::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("org");
    assert_eq!(after.name, "Certif'Démo SAS");
    assert_eq!(after.siret, "73282932000074");
    assert_eq!(
        after.address.as_deref(),
        Some("8 quai Saint-Vincent\n69001 Lyon")
    );
    assert_eq!(after.signatory_name.as_deref(), Some("Paul Girard"));
    let audited = AuditEntry::find()
        .filter(entities::audit_entry::Column::Entity.eq("organisation"))
        .filter(entities::audit_entry::Column::Action.eq("identity"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("audited");
    assert!(
        audited
            .before_json
            .unwrap_or_default()
            .contains("Hélène Vidal")
    );
    assert!(
        audited
            .after_json
            .unwrap_or_default()
            .contains("Paul Girard")
    );

    // A juror of the organisation cannot.
    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    assert_eq!(juror.get(PAGE).await.status(), 403);
}

pub async fn upload(
    app: &tests::TestApp,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let token = tests::csrf_from_page(&app.get_html(PAGE).await).expect("token");
    let file = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    app.client
        .post(app.url(&format!("{PAGE}?image={kind}&csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST")
}

#[tokio::test]
async fn the_logo_is_checked_kept_and_shown() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    // A GIF is refused with its reason; nothing kept.
    let gif = std::fs::read(format!("{fixtures}/logo.gif")).expect("gif");
    let refused = upload(&app, "logo", "logo.gif", gif).await;
    assert_eq!(location(&refused), PAGE);
    let page = app.get_html(PAGE).await;
    assert!(page.contains("pas une image PNG ou JPEG"), "{page}");
    assert_eq!(
        app.get("/certificateur/parametres/logo").await.status(),
        404
    );
    // A PNG is kept, shown with its size, served as its pixels re-encoded in PNG.
    let png = std::fs::read(format!("{fixtures}/logo.png")).expect("png");
    let kept = upload(&app, "logo", "logo.png", png.clone()).await;
    assert_eq!(location(&kept), format!("{PAGE}?image=logo"));
    let page = app.get_html(PAGE).await;
    assert!(page.contains("120 × 40 pixels"), "{page}");
    let served = app.get("/certificateur/parametres/logo").await;
    assert_eq!(served.headers()["content-type"], "image/png");
    let served = served.bytes().await.expect("bytes").to_vec();
    assert_eq!(&served[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&served[16..24], &[0, 0, 0, 120, 0, 0, 0, 40]);
    // Another upload replaces it; a juror sees none of it.
    let again = upload(&app, "logo", "logo.png", png).await;
    assert_eq!(location(&again), format!("{PAGE}?image=logo"));
    assert_eq!(
        entities::prelude::OrganisationImage::find()
            .all(&app.db)
            .await
            .expect("images")
            .len(),
        1
    );
    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    assert_eq!(
        juror.get("/certificateur/parametres/logo").await.status(),
        403
    );
}
