//! Rectification and erasure: the demo candidate asks from her space, the certifier
//! answers with a reason (audited, without the values); an erasure is refused at once
//! where a decision exists, carried out for an enrolment never examined, and takes the
//! candidate and anonymises her account when nothing else is left.

use app::domain::role::Role;
use entities::prelude::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tests::{TestApp, location, refused, spawn_app};

const PAGE: &str = "/candidat/mes-donnees";
const CERTIFIER: &str = "/certificateur/donnees-personnelles";

async fn camille_enrolment(app: &TestApp, session: i32) -> i32 {
    let camille = Candidate::find()
        .filter(entities::candidate::Column::Email.eq("candidat@demo.jury.fr"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("Camille");
    Enrolment::find()
        .filter(entities::enrolment::Column::CandidateId.eq(camille.id))
        .filter(entities::enrolment::Column::SessionId.eq(session))
        .one(&app.db)
        .await
        .expect("query")
        .expect("her enrolment")
        .id
}

async fn pending_request(app: &TestApp) -> i32 {
    IdentityRequest::find()
        .filter(entities::identity_request::Column::Status.eq("pending"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a pending request")
        .id
}

#[tokio::test]
async fn a_candidate_has_her_identity_corrected_and_the_audit_keeps_no_value() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    let page = app.get_html(PAGE).await;
    assert!(page.contains("value=\"Camille\""), "{page}");
    // Nothing changed: refused.
    let same = app
        .submit_form(
            PAGE,
            "/api/candidat/demander_rectification",
            &[
                ("last_name", "Durand"),
                ("first_name", "Camille"),
                ("birth_date", &birth(&app).await),
            ],
        )
        .await;
    assert!(refused(&same));
    assert!(app.follow(&same).await.contains("Rien ne diffère"));
    let asked = app
        .submit_form(
            PAGE,
            "/api/candidat/demander_rectification",
            &[
                ("last_name", "Durand"),
                ("first_name", "Camilla"),
                ("birth_date", &birth(&app).await),
                ("note", "Erreur de saisie à l'inscription."),
            ],
        )
        .await;
    assert_eq!(location(&asked), format!("{PAGE}?demande=rectification"));
    let twice = app
        .submit_form(
            PAGE,
            "/api/candidat/demander_rectification",
            &[
                ("last_name", "Durant"),
                ("first_name", "Camille"),
                ("birth_date", &birth(&app).await),
            ],
        )
        .await;
    assert!(refused(&twice));

    let certifier = app.another_browser();
    certifier.login_as(Role::CertifierAdmin).await;
    let list = certifier.get_html(CERTIFIER).await;
    assert!(
        list.contains("Demandes des candidats (1 en attente)"),
        "{list}"
    );
    assert!(list.contains("<td>Camille</td><td>Camilla</td>"), "{list}");
    // A certifier of another organisation cannot answer it.
    let request = pending_request(&app).await;
    let other = app.other_organisation_certifier().await;
    let theirs = other
        .post_form(
            "/api/certificateur/repondre_demande",
            &[
                ("request_id", &request.to_string()),
                ("decision", "accepter"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(theirs.status(), 404);
    // An answer without a reason is refused.
    let bare = certifier
        .submit_form(
            CERTIFIER,
            "/api/certificateur/repondre_demande",
            &[
                ("request_id", &request.to_string()),
                ("decision", "accepter"),
                ("reason", " "),
            ],
        )
        .await;
    assert!(refused(&bare));
    let accepted = certifier
        .submit_form(
            CERTIFIER,
            "/api/certificateur/repondre_demande",
            &[
                ("request_id", &request.to_string()),
                ("decision", "accepter"),
                ("reason", "Vérifié sur la carte d'identité."),
            ],
        )
        .await;
    assert!(
        location(&accepted).contains("demande=accepted"),
        "{}",
        location(&accepted)
    );
    let camille = Candidate::find()
        .filter(entities::candidate::Column::Email.eq("candidat@demo.jury.fr"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("Camille");
    assert_eq!(camille.first_name, "Camilla");
    let page = app.get_html(PAGE).await;
    assert!(page.contains("Acceptée"), "{page}");
    assert!(page.contains("Vérifié sur la carte d'identité."));
    let answer = AuditEntry::find()
        .filter(entities::audit_entry::Column::Entity.eq("identity_request"))
        .filter(entities::audit_entry::Column::Action.eq("accept"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("audited");
    let after = answer.after_json.unwrap_or_default();
    assert!(
        after.contains("Prénom") && !after.contains("Camill"),
        "{after}"
    );
    server::cli::verify_audit(&app.config).await.expect("chain");
}

/// A browser logged in as an account made for a demo candidate.
async fn candidate_browser(app: &TestApp, candidate: i32) -> TestApp {
    app.new_account_browser(
        entities::enums::UserRole::Candidate,
        &format!("candidat-{candidate}@exemple.fr"),
        Some(candidate),
    )
    .await
    .0
}

async fn birth(app: &TestApp) -> String {
    let camille = Candidate::find()
        .filter(entities::candidate::Column::Email.eq("candidat@demo.jury.fr"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("Camille");
    camille.birth_date.format("%d/%m/%Y").to_string()
}

#[tokio::test]
async fn erasure_is_refused_where_a_decision_exists_and_done_where_nothing_was_examined() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    // A candidate of May 2026 (session 3, published): the jury decided.
    let decided = Enrolment::find()
        .filter(entities::enrolment::Column::SessionId.eq(3))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a May enrolment");
    let holder = candidate_browser(&app, decided.candidate_id).await;
    let response = holder
        .submit_form(
            PAGE,
            "/api/candidat/demander_effacement",
            &[("enrolment_id", &decided.id.to_string())],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("{PAGE}?demande=effacement-refuse")
    );
    let page = holder.get_html(PAGE).await;
    assert!(page.contains("Refusée"), "{page}");
    assert!(page.contains("Le jury a statué"), "{page}");
    assert!(page.contains("article 17-3-b"), "{page}");
    assert!(
        Enrolment::find_by_id(decided.id)
            .one(&app.db)
            .await
            .expect("q")
            .is_some()
    );
    // November 2026 (session 2): Camille was marked; refused too.
    let november = camille_enrolment(&app, 2).await;
    let response = app
        .submit_form(
            PAGE,
            "/api/candidat/demander_effacement",
            &[("enrolment_id", &november.to_string())],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("{PAGE}?demande=effacement-refuse")
    );
    let page = app.get_html(PAGE).await;
    assert!(page.contains("Vous avez été évalué(e)"), "{page}");
    assert!(
        Enrolment::find_by_id(november)
            .one(&app.db)
            .await
            .expect("q")
            .is_some()
    );
    // Someone else's enrolment: not found.
    let theirs = app
        .post_form(
            "/api/candidat/demander_effacement",
            &[("enrolment_id", "2")],
        )
        .await;
    assert_eq!(theirs.status(), 404);

    // March 2027 (session 1): nothing examined yet (her accommodation request aside).
    let march = camille_enrolment(&app, 1).await;
    let asked = app
        .submit_form(
            PAGE,
            "/api/candidat/demander_effacement",
            &[
                ("enrolment_id", &march.to_string()),
                ("note", "Je ne me présenterai pas."),
            ],
        )
        .await;
    assert_eq!(location(&asked), format!("{PAGE}?demande=effacement"));
    let certifier = app.another_browser();
    certifier.login_as(Role::CertifierAdmin).await;
    let request = pending_request(&app).await;
    let accepted = certifier
        .submit_form(
            CERTIFIER,
            "/api/certificateur/repondre_demande",
            &[
                ("request_id", &request.to_string()),
                ("decision", "accepter"),
                ("reason", "Inscription annulée et effacée."),
            ],
        )
        .await;
    assert!(location(&accepted).contains("demande=accepted"));
    assert!(
        Enrolment::find_by_id(march)
            .one(&app.db)
            .await
            .expect("q")
            .is_none()
    );
    assert!(
        Accommodation::find()
            .filter(entities::accommodation::Column::EnrolmentId.eq(march))
            .one(&app.db)
            .await
            .expect("q")
            .is_none()
    );
    // Her other enrolments and her account stay.
    assert!(
        Enrolment::find_by_id(november)
            .one(&app.db)
            .await
            .expect("q")
            .is_some()
    );
    assert!(
        app.get_html(PAGE)
            .await
            .contains("Inscription annulée et effacée.")
    );
    server::cli::verify_audit(&app.config).await.expect("chain");
}

#[tokio::test]
async fn erasing_a_candidates_only_enrolment_erases_her_and_anonymises_her_account() {
    let app = spawn_app().await;
    let now = tests::test_now();
    let person = entities::candidate::ActiveModel {
        organisation_id: Set(1),
        first_name: Set("Léa".to_owned()),
        last_name: Set("Nouvelle".to_owned()),
        birth_date: Set(chrono::NaiveDate::from_ymd_opt(2001, 4, 2).expect("date")),
        email: Set("lea.nouvelle@exemple.fr".to_owned()),
        access_route: Set(entities::enums::AccessRoute::FormationContinue),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("candidate");
    let enrolled = entities::enrolment::ActiveModel {
        session_id: Set(1),
        candidate_id: Set(person.id),
        candidate_number: Set("E27-999".to_owned()),
        status: Set(entities::enums::EnrolmentStatus::Enrolled),
        optional_units: Set(String::new()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("enrolment");
    let (lea, account) = app
        .new_account_browser(
            entities::enums::UserRole::Candidate,
            "lea.nouvelle@exemple.fr",
            Some(person.id),
        )
        .await;
    let asked = lea
        .submit_form(
            PAGE,
            "/api/candidat/demander_effacement",
            &[("enrolment_id", &enrolled.id.to_string())],
        )
        .await;
    assert_eq!(location(&asked), format!("{PAGE}?demande=effacement"));
    app.login_as(Role::CertifierAdmin).await;
    let request = pending_request(&app).await;
    app.submit_form(
        CERTIFIER,
        "/api/certificateur/repondre_demande",
        &[
            ("request_id", &request.to_string()),
            ("decision", "accepter"),
            ("reason", "Effacé."),
        ],
    )
    .await;
    assert!(
        Candidate::find_by_id(person.id)
            .one(&app.db)
            .await
            .expect("q")
            .is_none()
    );
    let anonymised = User::find_by_id(account)
        .one(&app.db)
        .await
        .expect("q")
        .expect("account row kept for the audit chain");
    assert!(anonymised.email.ends_with("@invalid") && anonymised.candidate_id.is_none());
    assert!(!anonymised.active);
    // Her session ended with the account.
    assert_ne!(lea.get(PAGE).await.status(), 200);
    server::cli::verify_audit(&app.config).await.expect("chain");
}
