//! Statistics of the demo November session once deliberated, and of its certification:
//! the page's figures (checked by hand), its charts with their tables, and the same
//! figures as CSV and XLSX.

use std::io::Read;

use app::domain::role::Role;
use entities::prelude::{BlocResult, Decision};
use sea_orm::EntityTrait;
use tests::spawn_app;

fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => {
                inside = true;
                out.push(' ');
            }
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&#x27;", "'")
}

#[tokio::test]
async fn a_sessions_figures_are_counted_charted_and_downloadable() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let before = app.get_html("/certificateur/sessions/2/statistiques").await;
    assert!(before.contains("pas encore délibérée"), "{before}");
    crate::deliberation::sign_demo_pv(&app).await;
    let html = app.get_html("/certificateur/sessions/2/statistiques").await;
    let text = text_of(&html);
    // Six enrolled: Manon and Sarah (by the jury) certified, Camille and Julien blocs
    // only, Chloé postponed (justified absence), Antoine's fraud: five present, 2 / 5.
    assert!(
        text.contains("40 % des présents ont obtenu la certification complète (2 sur 5)"),
        "{text}"
    );
    for (label, n) in [
        ("Inscrits", 6),
        ("Présents", 5),
        ("Certifications complètes", 2),
        ("Validations partielles (blocs)", 2),
        ("Ajournés (rattrapage)", 1),
        ("Fraudes", 1),
    ] {
        assert!(
            text.contains(&format!("{label} {n}")),
            "{label} {n} in {text}"
        );
    }
    // The case study, by hand: Camille 9 (45 % of BC03), Manon 15, Julien 14, Antoine
    // 12, Sarah 9,9; Chloé absent. Mean 59,9 / 5 = 11,98, median 12.
    assert!(
        text.contains("5 note(s), moyenne 11,98, médiane 12 (/ 20)"),
        "{text}"
    );
    // M1.1: the same and Chloé's 12: mean 74,9 / 6 = 12,48, median 12; 9,9 in 8 à 10,
    // three 12 in 12 à 14, 14 and 15 in 14 à 16.
    assert!(
        text.contains("6 note(s), moyenne 12,48, médiane 12 (/ 20)"),
        "{text}"
    );
    assert!(text.contains("6 12,48 12 0 0 0 0 1 0 3 2 0 0"), "{text}");
    // Bloc rates as the decisions hold them.
    let november = crate::deliberation::november(&app).await;
    let decisions: Vec<_> = Decision::find()
        .all(&app.db)
        .await
        .expect("decisions")
        .into_iter()
        .filter(|d| november.contains(&d.enrolment_id))
        .collect();
    let present: Vec<i32> = decisions
        .iter()
        .filter(|d| d.final_outcome != entities::enums::Outcome::Postponed)
        .map(|d| d.id)
        .collect();
    let results = BlocResult::find().all(&app.db).await.expect("blocs");
    let validated = results
        .iter()
        .filter(|r| {
            r.bloc_code == "RNCP36390BC01" && r.validated && present.contains(&r.decision_id)
        })
        .count();
    assert!(text.contains(&format!("à l'optimisation du fonctionnement interne de l'unité/service sur les plans administratif et organisationnel 5 {validated}")), "{text}");
    // Every chart is an image with its title, followed by its table.
    let charts = html.matches("<svg role=\"img\"").count();
    assert!(charts >= 3, "{charts} charts");
    assert_eq!(html.matches("<figure class=\"chart\">").count(), charts);
    assert!(html.matches("<table").count() >= charts + 1);
    assert!(
        html.contains(
            "<title id=\"blocs-titre\">Part des présents ayant validé chaque bloc</title>"
        )
    );

    // The same figures to download.
    let csv = app.get("/certificateur/sessions/2/statistiques.csv").await;
    assert_eq!(csv.status(), 200);
    let bytes = csv.bytes().await.expect("csv");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
    let csv = String::from_utf8(bytes.to_vec()).expect("utf-8");
    assert!(
        csv.contains("Taux de certification des présents (%);40"),
        "{csv}"
    );
    assert!(csv.contains("Inscrits;6"));
    assert!(csv.contains("6;12,48;12;0;0;0;0;1;0;3;2;0;0"), "{csv}");
    let xlsx = app.get("/certificateur/sessions/2/statistiques.xlsx").await;
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.expect("xlsx");
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx is a zip");
    let mut strings = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .expect("strings")
        .read_to_string(&mut strings)
        .expect("read");
    assert!(strings.contains("Effectifs et résultats"));
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("sheet")
        .read_to_string(&mut sheet)
        .expect("read");
    assert!(sheet.contains("<v>12.48</v>"), "numbers stay numbers");

    // The certification over years, with France compétences' figures.
    let cert = entities::prelude::Certification::find()
        .all(&app.db)
        .await
        .expect("certs")
        .into_iter()
        .find(|c| c.code == "RNCP36390")
        .expect("RNCP36390");
    let page = text_of(
        &app.get_html(&format!(
            "/certificateur/certifications/{}/statistiques",
            cert.id
        ))
        .await,
    );
    // 2026: May (Élodie in continuing education, Yanis in apprenticeship, Marie-Ange in
    // professionalisation contract, Aurélie in continuing education certified; Kévin,
    // VAE, blocs only) and November (2 of 5): 6 certified of 10 present. The March 2027
    // session is not deliberated: no one certified, no one present yet.
    assert!(page.contains("Année Candidature individuelle Contrat d'apprentissage Contrat de professionnalisation Formation continue Validation des acquis de l'expérience (VAE) Total certifiés Présents Taux (%) 2026 0 1 1 4 0 6 10 60 2027 0 0 0 0 0 0 0 —"), "{page}");
    let csv = app
        .get(&format!(
            "/certificateur/certifications/{}/statistiques.csv",
            cert.id
        ))
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("2026;0;1;1;4;0;6;10"), "{csv}");

    // Another organisation's statistics are not found; a juror has none.
    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    assert_eq!(
        juror
            .get("/certificateur/sessions/2/statistiques.csv")
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get("/certificateur/sessions/999/statistiques.csv")
            .await
            .status(),
        404
    );
}
