//! Editing a référentiel through forms: blocs, competences, épreuves, criteria and how
//! épreuves are run; every change checked by the engine; a version in use is never
//! changed.

use app::domain::role::Role;
use app::domain::scoring::Grid;
use app::domain::scoring::grid::{Aggregation, UnitKind};
use app::domain::templates;
use entities::prelude::{CertificationVersion, Epreuve, ExamSession};
use entities::{certification_version, epreuve, epreuve_modality};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tests::{TestApp, location, spawn_app};

async fn create(app: &TestApp, template: &str, code: &str, kind: &str) -> String {
    let created = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &[
                ("template", template),
                ("code", code),
                ("title", &format!("Certification {code}")),
                ("kind", kind),
            ],
        )
        .await;
    let page = location(&created);
    assert!(page.starts_with("/certificateur/certifications/"), "{page}");
    page
}

async fn post(app: &TestApp, page: &str, endpoint: &str, fields: &[(&str, &str)]) -> String {
    let id = page.rsplit('/').next().expect("id").to_owned();
    let mut all = vec![("certification_id", id.as_str())];
    all.extend_from_slice(fields);
    let response = app
        .submit_form(page, &format!("/api/certificateur/{endpoint}"), &all)
        .await;
    location(&response)
}

/// The version in force of a certification.
async fn in_force(app: &TestApp, certification: i32) -> certification_version::Model {
    CertificationVersion::find()
        .filter(certification_version::Column::CertificationId.eq(certification))
        .order_by_desc(certification_version::Column::Number)
        .one(&app.db)
        .await
        .expect("query")
        .expect("version")
}

fn aggregation_code(aggregation: Aggregation) -> &'static str {
    match aggregation {
        Aggregation::WeightedAverage => "weighted_average",
        Aggregation::Sum => "sum",
        Aggregation::CriteriaRatio => "criteria_ratio",
    }
}

#[tokio::test]
async fn a_certification_from_each_template_is_created_then_edited() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    for key in ["A", "B", "C", "D", "E"] {
        let template = templates::find(key).expect("template");
        let page = create(&app, key, &format!("MOI-{key}"), "").await;
        let first = template
            .grid
            .units
            .iter()
            .find(|u| u.kind == UnitKind::Bloc)
            .expect("a bloc");
        let threshold = first
            .validation
            .map(|t| t.value.to_string().replace('.', ","))
            .unwrap_or_default();
        let kept = first
            .eliminatory_below
            .map(|e| e.to_string())
            .unwrap_or_default();
        let title = format!("{} (intitulé révisé)", first.title);
        let back = post(
            &app,
            &page,
            "referentiel_bloc",
            &[
                ("code", &first.code),
                ("title", &title),
                ("kind", "bloc"),
                ("aggregation", aggregation_code(first.aggregation)),
                ("threshold", &threshold),
                ("threshold_op", "at_least"),
                ("eliminatory", &kept),
                ("coefficient", &first.coefficient.to_string()),
            ],
        )
        .await;
        assert_eq!(back, page, "template {key}");
        let html = app.get_html(&page).await;
        assert!(html.contains("(intitulé révisé)"), "template {key}");
        // No session uses it yet: the version is corrected in place.
        assert!(html.contains("version 1 en vigueur"), "template {key}");
    }
}

#[tokio::test]
async fn a_certification_is_built_from_scratch_through_the_forms() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = create(&app, "vierge", "CQP-ACCUEIL", "cqp").await;
    let id: i32 = page
        .rsplit('/')
        .next()
        .and_then(|i| i.parse().ok())
        .expect("id");
    // A bloc counted by criteria, with its first épreuve and criterion.
    let back = post(
        &app,
        &page,
        "referentiel_bloc",
        &[
            ("code", "BC02"),
            ("title", "Accueillir le public"),
            ("kind", "bloc"),
            ("aggregation", "criteria_ratio"),
            ("threshold", "75"),
            ("threshold_op", "at_least"),
            ("first_code", "BC02.E1"),
            ("first_title", "Mise en situation d'accueil"),
            ("criterion_code", "C2.a"),
            ("criterion_label", "Le public est accueilli avec courtoisie"),
        ],
    )
    .await;
    assert_eq!(back, page);
    for (endpoint, fields) in [
        (
            "referentiel_competence",
            vec![("code", "C2.1"), ("title", "Accueillir"), ("unit", "BC02")],
        ),
        (
            "referentiel_critere",
            vec![
                ("code", "C2.b"),
                ("label", "Le besoin est reformulé"),
                ("unit", "BC02"),
                ("competence", "C2.1"),
                ("components", "BC02.E1"),
            ],
        ),
        (
            "referentiel_deroulement",
            vec![
                ("code", "BC02.E1"),
                ("kind", "simulation"),
                ("duration", "30"),
                ("double_marking", "on"),
                (
                    "modalities",
                    "vae = ponctuel_oral\nformation_continue = ccf",
                ),
            ],
        ),
    ] {
        let back = post(&app, &page, endpoint, &fields).await;
        assert_eq!(back, page, "{endpoint}");
    }
    // The starter bloc goes, with its épreuve.
    let back = post(
        &app,
        &page,
        "referentiel_supprimer",
        &[("what", "bloc"), ("code", "BC01")],
    )
    .await;
    assert_eq!(back, page);
    // Assert: the grid and the épreuve as saved.
    let version = in_force(&app, id).await;
    assert_eq!(version.number, 1);
    let grid: Grid = serde_json::from_str(&version.grid_json).expect("grid");
    assert_eq!(grid.units.len(), 1);
    assert_eq!(grid.criteria.len(), 2);
    assert_eq!(grid.criteria[1].competence.as_deref(), Some("C2.1"));
    let epreuves = Epreuve::find()
        .filter(epreuve::Column::VersionId.eq(version.id))
        .all(&app.db)
        .await
        .expect("épreuves");
    assert_eq!(epreuves.len(), 1);
    assert_eq!(epreuves[0].code, "BC02.E1");
    assert_eq!(epreuves[0].duration_minutes, Some(30));
    assert!(epreuves[0].double_marking);
    let modalities = entities::prelude::EpreuveModality::find()
        .filter(epreuve_modality::Column::EpreuveId.eq(epreuves[0].id))
        .count(&app.db)
        .await
        .expect("modalities");
    assert_eq!(modalities, 2);
    let html = app.get_html(&page).await;
    assert!(html.contains("BC02 — Accueillir le public"));
    assert!(html.contains("Mise en situation professionnelle ; 30 min ; double correction"));
    assert!(!html.contains("Épreuve du bloc 1"));
}

#[tokio::test]
async fn a_bad_change_is_refused_with_every_problem_and_saves_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = "/certificateur/certifications/5";
    let before = in_force(&app, 5).await;
    let back = post(
        &app,
        page,
        "referentiel_critere",
        &[
            ("code", "X1"),
            ("label", "Critère"),
            ("unit", "B1"),
            ("competence", "C-INCONNUE"),
            ("components", "E-INCONNUE"),
        ],
    )
    .await;
    let html = app.get_html(&back.replacen(&app.address, "", 1)).await;
    for message in [
        "désigne la compétence « C-INCONNUE », qui n&#x27;existe pas",
        "désigne la composante « E-INCONNUE », qui n&#x27;existe pas",
    ] {
        assert!(
            html.contains(message) || html.contains(&message.replace("&#x27;", "'")),
            "{message} missing in {html}"
        );
    }
    // Bad running settings: a zero duration, double marking without its gap.
    let back = post(
        &app,
        page,
        "referentiel_deroulement",
        &[
            ("code", "B3.E1"),
            ("kind", "case_study"),
            ("duration", "0"),
            ("double_marking", "on"),
            ("discrepancy", ""),
            ("modalities", "vae = oral libre"),
        ],
    )
    .await;
    let html = app.get_html(&back.replacen(&app.address, "", 1)).await;
    for message in [
        "La durée est un nombre de minutes entre 1 et 600.",
        "passent en harmonisation",
        "modalité « oral libre » inconnue",
    ] {
        assert!(html.contains(message), "{message} missing");
    }
    let after = in_force(&app, 5).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn changing_a_version_in_use_makes_a_new_one_and_the_session_keeps_its_own() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = "/certificateur/certifications/5";
    // Template E's case study of bloc 3 gets a double marking with a 3-point gap.
    let back = post(
        &app,
        page,
        "referentiel_deroulement",
        &[
            ("code", "B3.E1"),
            ("kind", "case_study"),
            ("duration", "210"),
            ("double_marking", "on"),
            ("discrepancy", "3"),
            ("modalities", ""),
        ],
    )
    .await;
    assert_eq!(back, page);
    let version = in_force(&app, 5).await;
    assert_eq!(version.number, 2);
    let session = ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("query")
        .expect("session");
    assert_ne!(session.version_id, version.id);
    let of = |version_id: i32| {
        Epreuve::find()
            .filter(epreuve::Column::VersionId.eq(version_id))
            .filter(epreuve::Column::Code.eq("B3.E1"))
            .one(&app.db)
    };
    let old = of(session.version_id).await.expect("query").expect("old");
    let new = of(version.id).await.expect("query").expect("new");
    assert!(!old.double_marking);
    assert!(new.double_marking);
    assert_eq!(new.discrepancy_hundredths, Some(300));
    assert_eq!(new.phases_json, old.phases_json);
    let count = |version_id: i32| {
        Epreuve::find()
            .filter(epreuve::Column::VersionId.eq(version_id))
            .count(&app.db)
    };
    assert_eq!(
        count(version.id).await.expect("count"),
        count(session.version_id).await.expect("count")
    );
    let html = app.get_html(page).await;
    assert!(html.contains("version 2 en vigueur"));
    assert!(html.contains("double correction (écart max. 3 pt)"));
}

#[tokio::test]
async fn a_blocs_criteria_are_pasted_at_once_all_or_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // Template A (FORMITES) is certification 1: one bloc counted by criteria.
    let page = "/certificateur/certifications/1";
    let before = in_force(&app, 1).await;
    let grid: app::domain::scoring::Grid = serde_json::from_str(&before.grid_json).expect("grid");
    let unit = grid.units[0].code.clone();
    let html = app.get_html(page).await;
    assert!(html.contains("Coller ou importer des critères"), "{html}");
    // A bad line: nothing changes.
    let back = post(
        &app,
        page,
        "referentiel_criteres_coller",
        &[
            ("unit", &unit),
            ("text", "C7\tIdentifie les financements\n;sans code\n"),
        ],
    )
    .await;
    let shown = app.get_html(&back.replacen(&app.address, "", 1)).await;
    assert!(
        shown.contains("Ligne 2 : écrivez « code ; libellé »"),
        "{shown}"
    );
    assert_eq!(in_force(&app, 1).await.grid_json, before.grid_json);
    // Twenty criteria pasted from a spreadsheet, in one submission.
    let mut text = String::from("Code\tLibellé\tCompétence\tÉpreuves\n");
    for i in 7..27 {
        text.push_str(&format!("C{i}\tCritère collé numéro {i}\t\t\n"));
    }
    let back = post(
        &app,
        page,
        "referentiel_criteres_coller",
        &[("unit", &unit), ("text", &text)],
    )
    .await;
    assert_eq!(back, page);
    let after: app::domain::scoring::Grid =
        serde_json::from_str(&in_force(&app, 1).await.grid_json).expect("grid");
    assert_eq!(after.criteria.len(), grid.criteria.len() + 20);
    let c26 = after
        .criteria
        .iter()
        .find(|c| c.code == "C26")
        .expect("C26");
    assert_eq!(c26.unit, unit);
    assert!(
        !c26.components.is_empty(),
        "every épreuve of the bloc by default"
    );
}
