//! The findings of the security review (issue 13), one test each, named after it: what
//! an attacker or a careless user tried, and what must happen instead.

use app::domain::role::Role;
use entities::prelude::{AuditEntry, Enrolment, Jury, JurySeat, Mark, PvSignature, ScheduleSlot};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{Spawn, TestApp, csrf_from_page, location, spawn_app, spawn_with};

use crate::deliberation::{PAGE as DELIBERATION, close, enrolment_of, member, sign_demo_pv};

/// Text a user may type, meant to run in another's browser.
const MARKER: &str = "Roux</title><script>alert(1)</script><img src=x onerror=alert(2)>";

/// Whether a page carries the marker's markup raw.
fn carries_markup(html: &str) -> bool {
    let html = html.to_lowercase();
    html.contains("<img src=x onerror")
        || html.contains("</title><script>")
        || html.contains("<script>alert")
}

async fn rename_candidate(app: &TestApp, session: i32, enrolment: &str, last_name: &str) -> String {
    let page = format!("/certificateur/sessions/{session}/candidats/{enrolment}");
    let saved = app
        .submit_form(
            &page,
            "/api/certificateur/modifier_candidat",
            &[
                ("session_id", &session.to_string()),
                ("enrolment_id", enrolment),
                ("last_name", last_name),
                ("first_name", "Camille"),
                ("birth_date", "04/07/1990"),
                ("email", &format!("c{enrolment}@exemple.fr")),
                ("access_route", "vae"),
                ("category", ""),
                ("training_group", ""),
            ],
        )
        .await;
    app.follow(&saved).await
}

#[tokio::test]
async fn f01_stored_xss_through_titles_and_names_never_runs() {
    // Arrange: the certifier names a candidate with markup, by form and by CSV import.
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (enrolment, _epreuve, sheet) = app.demo_grading_of_the_president().await;
    let page = rename_candidate(&app, 1, &enrolment.to_string(), MARKER).await;
    assert!(!carries_markup(&page), "{page}");
    let csv = format!(
        "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Catégorie;Groupe\n{MARKER};Léa;01/02/1990;lea.roux@exemple.fr;VAE;;{MARKER}\n"
    );
    let token = csrf_from_page(&app.get_html("/certificateur/sessions/1").await).expect("token");
    let file = reqwest::multipart::Part::bytes(csv.into_bytes())
        .file_name("c.csv")
        .mime_str("text/csv")
        .expect("mime");
    let imported = app
        .client
        .post(app.url(&format!("/certificateur/sessions/1?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST");
    assert_eq!(imported.status(), 303, "import");
    // Act / Assert: no page of the certifier or of the jury carries the markup raw; the
    // title shows it as text.
    for path in [
        "/certificateur/sessions/1".to_owned(),
        format!("/certificateur/sessions/1/candidats/{enrolment}"),
        "/certificateur/sessions/1/jury".to_owned(),
        "/certificateur/sessions/1/resultats".to_owned(),
    ] {
        let html = app.get_html(&path).await;
        assert!(!carries_markup(&html), "{path}: {html}");
        assert!(
            html.contains("Roux&lt;/title&gt;") || html.contains("ROUX&lt;/TITLE&gt;"),
            "{path}"
        );
    }
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    for path in [sheet, "/jury/sessions/1".to_owned()] {
        let html = claire.get_html(&path).await;
        assert!(!carries_markup(&html), "{path}: {html}");
    }
    let title = claire
        .get_html(&format!("/jury/sessions/1/candidats/{enrolment}"))
        .await;
    let start = title.find("<title>").expect("title");
    let end = title.find("</title>").expect("end of title");
    assert!(
        title[start..end].contains("&lt;/TITLE&gt;&lt;SCRIPT&gt;")
            || title[start..end].contains("&lt;/title&gt;"),
        "{}",
        &title[start..end]
    );
}

#[tokio::test]
async fn f02_a_conflict_recorded_after_allocation_takes_the_candidate_away() {
    // Arrange: Claire grades a candidate, then a link with them is recorded.
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (enrolment, epreuve, sheet) = app.demo_grading_of_the_president().await;
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    assert_eq!(claire.get(&sheet).await.status(), 200);
    let recorded = app
        .submit_form(
            "/certificateur/sessions/1/jury",
            "/api/certificateur/jury_conflit",
            &[
                ("session_id", "1"),
                ("member_id", "1"),
                ("enrolment_id", &enrolment.to_string()),
                ("training_group", ""),
                ("kind", "family"),
                ("note", "Déclaré après la répartition"),
            ],
        )
        .await;
    assert_eq!(location(&recorded), "/certificateur/sessions/1/jury");
    // Act
    let read = claire.get(&sheet).await;
    let saved = claire
        .client
        .post(claire.url("/api/jury/enregistrer_fiche"))
        .header("x-csrf-token", claire.csrf_token().await)
        .form(&[
            ("session_id", "1"),
            ("enrolment_id", &enrolment.to_string()),
            ("epreuve_id", &epreuve.to_string()),
            ("version", "0"),
            ("action", "brouillon"),
            ("entries[0][item]", "B3.E1"),
            ("entries[0][value]", "50"),
        ])
        .send()
        .await
        .expect("POST");
    // Assert: the candidate is gone from her pages and nothing is stored.
    assert_eq!(read.status(), 404);
    assert_eq!(saved.status(), 404);
    let list = claire.get_html("/jury/sessions/1").await;
    assert!(
        !list.contains(&format!("/candidats/{enrolment}/")),
        "{list}"
    );
    assert_eq!(
        Mark::find().count(&app.db).await.expect("count") as usize,
        marks_of_demo(&app).await
    );
}

async fn marks_of_demo(app: &TestApp) -> usize {
    // Every mark stored belongs to the demo's graded sessions (November, and May).
    let november: Vec<i32> = Enrolment::find()
        .all(&app.db)
        .await
        .expect("enrolments")
        .into_iter()
        .filter(|e| e.session_id == 2 || e.session_id == 3)
        .map(|e| e.id)
        .collect();
    Mark::find()
        .all(&app.db)
        .await
        .expect("marks")
        .into_iter()
        .filter(|m| november.contains(&m.enrolment_id))
        .count()
}

#[tokio::test]
async fn f03_after_signature_the_session_is_read_only() {
    // Arrange
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    sign_demo_pv(&certifier).await;
    let seats = JurySeat::find().count(&certifier.db).await.expect("seats");
    let enrolments = Enrolment::find()
        .count(&certifier.db)
        .await
        .expect("enrolments");
    let slots = ScheduleSlot::find()
        .count(&certifier.db)
        .await
        .expect("slots");
    let chloe = enrolment_of(&certifier, "E26-004").await;
    let jury_page = "/certificateur/sessions/2/jury";
    let session_page = "/certificateur/sessions/2";
    let candidate_page = format!("{session_page}/candidats/{chloe}");
    let attempts: Vec<(&str, &str, Vec<(&str, &str)>)> = vec![
        (
            jury_page,
            "jury_ajouter",
            vec![
                ("session_id", "2"),
                ("member_id", "5"),
                ("role", "observer"),
            ],
        ),
        (
            jury_page,
            "jury_retirer",
            vec![("session_id", "2"), ("seat_id", "1")],
        ),
        (jury_page, "jury_valider", vec![("session_id", "2")]),
        (jury_page, "jury_repartir", vec![("session_id", "2")]),
        (
            jury_page,
            "jury_conflit",
            vec![
                ("session_id", "2"),
                ("member_id", "2"),
                ("enrolment_id", &chloe),
                ("training_group", ""),
                ("kind", "family"),
                ("note", ""),
            ],
        ),
        (
            session_page,
            "ajouter_candidat",
            vec![
                ("session_id", "2"),
                ("last_name", "Nouveau"),
                ("first_name", "Nina"),
                ("birth_date", "01/01/1990"),
                ("email", "nina@exemple.fr"),
                ("access_route", "vae"),
            ],
        ),
        (
            session_page,
            "planifier_epreuve",
            vec![
                ("session_id", "2"),
                ("epreuve_id", "1"),
                ("date", "01/12/2026"),
                ("start", "09:00"),
                ("duration", "60"),
                ("room", "A"),
                ("remote_link", ""),
            ],
        ),
        (
            // Recorded from the candidate's page.
            &candidate_page,
            "bloc_capitalise",
            vec![
                ("session_id", "2"),
                ("enrolment_id", &chloe),
                ("bloc_code", "RNCP36390BC01"),
                ("validated_on", "01/01/2025"),
                ("valid_until", ""),
                ("source", "VAE"),
            ],
        ),
    ];
    for (page, endpoint, fields) in attempts {
        // Act
        let refused = certifier
            .submit_form(page, &format!("/api/certificateur/{endpoint}"), &fields)
            .await;
        // Assert
        let html = certifier.follow(&refused).await;
        assert!(
            html.contains("Le procès-verbal de la session est signé"),
            "{endpoint}: {html}"
        );
    }
    let renamed = rename_candidate(&certifier, 2, &chloe, "Autre").await;
    assert!(
        renamed.contains("Le procès-verbal de la session est signé"),
        "{renamed}"
    );
    assert_eq!(
        JurySeat::find().count(&certifier.db).await.expect("seats"),
        seats
    );
    assert_eq!(
        Enrolment::find()
            .count(&certifier.db)
            .await
            .expect("enrolments"),
        enrolments
    );
    assert_eq!(
        ScheduleSlot::find()
            .count(&certifier.db)
            .await
            .expect("slots"),
        slots
    );
    let jury = Jury::find()
        .all(&certifier.db)
        .await
        .expect("juries")
        .into_iter()
        .find(|j| j.session_id == 2)
        .expect("jury");
    assert!(jury.validated_at.is_some() && jury.pv_hash.is_some());
}

#[tokio::test]
async fn f04_between_closing_and_the_last_signature_results_are_frozen_until_reopened() {
    // Arrange: the president closes, one member signs.
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let claire = member(&certifier, "jury@demo.jury.fr").await;
    assert_eq!(
        location(&close(&claire, &["1", "2", "3", "4", "5"]).await),
        DELIBERATION
    );
    let signed = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/signer",
            &[("session_id", "2"), ("password", "demo-jury")],
        )
        .await;
    assert_eq!(location(&signed), DELIBERATION);
    let chloe = enrolment_of(&certifier, "E26-004").await;
    let slot = ScheduleSlot::find()
        .all(&certifier.db)
        .await
        .expect("slots")
        .into_iter()
        .find(|s| s.session_id == 2)
        .expect("a sitting")
        .id
        .to_string();
    let sitting = format!("/certificateur/sessions/2/epreuves/{slot}");
    let audit = AuditEntry::find()
        .count(&certifier.db)
        .await
        .expect("count");
    // Act: attendance and fraud are refused while signatures are collected.
    let attendance = certifier
        .submit_form(
            &sitting,
            "/api/certificateur/presence",
            &[
                ("session_id", "2"),
                ("slot_id", &slot),
                ("enrolment_id", &chloe),
                ("kind", "absent_injustifie"),
            ],
        )
        .await;
    let attendance = certifier.follow(&attendance).await;
    let fraud = certifier
        .submit_form(
            &sitting,
            "/api/certificateur/fraude",
            &[
                ("session_id", "2"),
                ("slot_id", &slot),
                ("enrolment_id", &chloe),
                ("facts", "Téléphone consulté pendant l'épreuve."),
                ("countersigned", "on"),
            ],
        )
        .await;
    let fraud = certifier.follow(&fraud).await;
    // Assert
    for html in [attendance, fraud] {
        assert!(html.contains("La délibération est close"), "{html}");
    }
    assert_eq!(
        AuditEntry::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        audit
    );
    // The president reopens with a reason: the signature is voided, attendance accepted.
    let short = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/rouvrir",
            &[("session_id", "2"), ("reason", "erreur")],
        )
        .await;
    assert!(
        claire
            .follow(&short)
            .await
            .contains("au moins 10 caractères")
    );
    let reopened = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/rouvrir",
            &[
                ("session_id", "2"),
                (
                    "reason",
                    "Une absence injustifiée a été signalée après la clôture.",
                ),
            ],
        )
        .await;
    assert_eq!(location(&reopened), DELIBERATION);
    assert_eq!(
        PvSignature::find()
            .filter(entities::pv_signature::Column::SessionId.eq(2))
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
    let accepted = certifier
        .submit_form(
            &sitting,
            "/api/certificateur/presence",
            &[
                ("session_id", "2"),
                ("slot_id", &slot),
                ("enrolment_id", &chloe),
                ("kind", "absent_injustifie"),
            ],
        )
        .await;
    assert_eq!(location(&accepted), sitting);
}

#[tokio::test]
async fn f05_the_return_address_after_login_stays_on_this_site() {
    let app = spawn_app().await;
    let account = app::ssr::demo::demo_account(Role::CertifierAdmin);
    for suite in [
        "/\t/evil.example",
        "/\\evil.example",
        "//evil.example",
        "https://evil.example",
        "/x\r\nSet-Cookie: a=b",
    ] {
        let browser = app.another_browser();
        let response = browser
            .post_form(
                "/connexion",
                &[
                    ("email", account.email),
                    ("password", account.password),
                    ("suite", suite),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "{suite:?}");
        assert_eq!(location(&response), "/certificateur", "{suite:?}");
    }
    let browser = app.another_browser();
    let response = browser
        .post_form(
            "/connexion",
            &[
                ("email", account.email),
                ("password", account.password),
                ("suite", "/certificateur/sessions/1"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/certificateur/sessions/1");
}

#[tokio::test]
async fn f06_parallel_guesses_are_counted_atomically_and_the_real_user_is_not_locked_out() {
    // Arrange: behind one proxy that appends the address it saw.
    let app = spawn_with(Spawn {
        client_ip_header: Some("x-forwarded-for".to_owned()),
        ..Spawn::default()
    })
    .await;
    let account = app::ssr::demo::demo_account(Role::CertifierAdmin);
    // Act: 20 wrong passwords at once from one address, each claiming another origin.
    let guesses = (0..20).map(|i| {
        let app = app.clone();
        async move {
            app.login_from(account.email, "essai", &format!("10.9.9.{i}, 203.0.113.9"))
                .await
        }
    });
    let answers = futures::future::join_all(guesses).await;
    // Assert: five were checked, the others must wait.
    let checked = answers
        .iter()
        .filter(|l| l.contains("erreur=identifiants"))
        .count();
    let slowed = answers
        .iter()
        .filter(|l| l.contains("erreur=tentatives"))
        .count();
    assert_eq!((checked, slowed), (5, 15), "{answers:?}");
    // The spoofed left-most address changes nothing.
    assert!(
        app.login_from(account.email, account.password, "198.51.100.1, 203.0.113.9")
            .await
            .contains("erreur=tentatives")
    );
    // The real user, from their own address, logs in at once.
    assert_eq!(
        app.login_from(account.email, account.password, "198.51.100.7")
            .await,
        "/certificateur"
    );
    // Other accounts behind the attacker's address are not locked.
    let candidate = app::ssr::demo::demo_account(Role::Candidate);
    assert_eq!(
        app.login_from(candidate.email, candidate.password, "203.0.113.9")
            .await,
        "/candidat"
    );
}

#[tokio::test]
async fn f07_the_pv_signature_is_no_password_oracle() {
    // Arrange
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let claire = member(&certifier, "jury@demo.jury.fr").await;
    // A PV one cannot sign (none closed yet): refused before any password check.
    let early = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/signer",
            &[("session_id", "2"), ("password", "devine")],
        )
        .await;
    let html = claire.follow(&early).await;
    assert!(
        html.contains("pas encore de procès-verbal") && !html.contains("Mot de passe incorrect"),
        "{html}"
    );
    assert_eq!(
        location(&close(&claire, &["1", "2", "3", "4", "5"]).await),
        DELIBERATION
    );
    // Act: wrong passwords.
    let mut seen = Vec::new();
    for _ in 0..7 {
        let response = claire
            .submit_form(
                DELIBERATION,
                "/api/deliberation/signer",
                &[("session_id", "2"), ("password", "devine")],
            )
            .await;
        seen.push(claire.follow(&response).await);
    }
    // Assert: five checked, then a wait; the right password too must wait.
    assert!(
        seen[..5]
            .iter()
            .all(|h| h.contains("Mot de passe incorrect"))
    );
    assert!(
        seen[5..]
            .iter()
            .all(|h| h.contains("Trop de mots de passe erronés"))
    );
    let right = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/signer",
            &[("session_id", "2"), ("password", "demo-jury")],
        )
        .await;
    assert!(
        claire
            .follow(&right)
            .await
            .contains("Trop de mots de passe erronés")
    );
    assert_eq!(
        PvSignature::find()
            .filter(entities::pv_signature::Column::SessionId.eq(2))
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
    certifier.clock.advance(chrono::Duration::minutes(2));
    let right = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/signer",
            &[("session_id", "2"), ("password", "demo-jury")],
        )
        .await;
    assert_eq!(location(&right), DELIBERATION);
    assert_eq!(
        PvSignature::find()
            .filter(entities::pv_signature::Column::SessionId.eq(2))
            .count(&certifier.db)
            .await
            .expect("count"),
        1
    );
}

#[tokio::test]
async fn f08_pv_exports_neutralise_formula_cells() {
    // Arrange: a jury reason that a spreadsheet would run.
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let claire = member(&certifier, "jury@demo.jury.fr").await;
    let sarah = enrolment_of(&certifier, "E26-006").await;
    let decided = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/decider",
            &[
                ("session_id", "2"),
                ("enrolment_id", &sarah),
                ("decision", "complete"),
                ("reason", "=HYPERLINK(\"http://evil.example\";\"Voir\")"),
            ],
        )
        .await;
    assert_eq!(location(&decided), DELIBERATION);
    assert_eq!(
        location(&close(&claire, &["1", "2", "3", "4", "5"]).await),
        DELIBERATION
    );
    // Act
    let csv = certifier
        .get("/certificateur/sessions/2/pv/pv.csv")
        .await
        .text()
        .await
        .expect("csv");
    let xlsx = certifier
        .get("/certificateur/sessions/2/pv/pv.xlsx")
        .await
        .bytes()
        .await
        .expect("xlsx");
    // Assert: the cell is text in both.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| {
            r.expect("row")
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| c == "'=HYPERLINK(\"http://evil.example\";\"Voir\")"),
        "{csv}"
    );
    assert!(
        cells.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])),
        "{csv}"
    );
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).expect("xlsx is a zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
        &mut sheet,
    )
    .expect("read");
    assert!(!sheet.contains("<f>"), "{sheet}");
}

#[tokio::test]
async fn f09_slow_clients_are_cut_off_and_the_health_probe_keeps_answering() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // Arrange: clients get one second to send their headers.
    let app = spawn_with(Spawn {
        limits: server::serve::Limits {
            header_read_timeout: std::time::Duration::from_secs(1),
            max_connections: 10_000,
        },
        ..Spawn::default()
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut slow = Vec::new();
    for _ in 0..300 {
        let mut stream = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connect");
        stream
            .write_all(b"GET /sante HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("write");
        slow.push(stream);
    }
    // Act / Assert: the probe answers while they hang.
    let probe = app.get("/sante").await;
    assert_eq!(probe.status(), 200);
    // Each slow client is cut off (end of stream or reset) within the deadline.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let mut cut = 0;
    for stream in &mut slow {
        let mut buffer = [0u8; 512];
        match tokio::time::timeout(std::time::Duration::from_secs(2), stream.read(&mut buffer))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => cut += 1,
            // hyper may answer 408 before closing.
            Ok(Ok(n)) if String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 408") => {
                cut += 1
            }
            _ => {}
        }
    }
    assert_eq!(cut, 300);
    assert_eq!(app.get("/sante").await.status(), 200);
}

#[tokio::test]
async fn f11_every_response_carries_the_security_headers() {
    let app = spawn_with(Spawn {
        public_url: Some("https://jury.exemple.fr".to_owned()),
        ..Spawn::default()
    })
    .await;
    let page = app.get("/connexion").await;
    let headers = page.headers().clone();
    let html = page.text().await.expect("body");
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .expect("CSP")
        .to_owned();
    for part in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "'wasm-unsafe-eval'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("nonce");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the nonce"
    );
    assert!(
        !html.contains("<script>") && !html.contains("<script type=\"module\">"),
        "no script without the nonce"
    );
    assert_eq!(
        headers.get("x-content-type-options").expect("nosniff"),
        "nosniff"
    );
    assert_eq!(
        headers.get("referrer-policy").expect("referrer"),
        "same-origin"
    );
    assert_eq!(headers.get("x-frame-options").expect("frames"), "DENY");
    assert!(
        headers.get("strict-transport-security").is_some(),
        "HSTS behind https"
    );
    // A second page gets another nonce.
    let again = app.get("/connexion").await;
    assert_ne!(
        again
            .headers()
            .get("content-security-policy")
            .expect("CSP")
            .to_str()
            .expect("text"),
        csp
    );
    // Authenticated pages are not kept by the browser.
    app.login_as(Role::CertifierAdmin).await;
    let private = app.get("/certificateur").await;
    assert_eq!(
        private
            .headers()
            .get("cache-control")
            .expect("cache-control"),
        "no-store"
    );
    // Without https, no HSTS.
    let plain = spawn_app().await;
    assert!(
        plain
            .get("/connexion")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

#[tokio::test]
async fn f12_a_stale_session_cookie_does_not_undo_a_new_login() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // The session ends on the server (expired, or cleaned), the cookie stays.
    entities::prelude::LoginSession::delete_many()
        .exec(&app.db)
        .await
        .expect("delete");
    // Act
    let account = app::ssr::demo::demo_account(Role::CertifierAdmin);
    let response = app.login(account.email, account.password).await;
    // Assert
    assert_eq!(location(&response), "/certificateur");
    let page = app.get("/certificateur").await;
    assert_eq!(page.status(), 200);
    assert!(
        !page
            .text()
            .await
            .expect("body")
            .contains("Connexion requise")
    );
}

#[tokio::test]
async fn f14_malformed_server_function_arguments_get_a_400_in_french() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url("/api/certificateur/ajouter_candidat"))
        .header("x-csrf-token", token)
        .form(&[("session_id", "pas-un-nombre"), ("last_name", "X")])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    let body = response.text().await.expect("body");
    assert!(body.contains("mal formées"), "{body}");
    assert!(!body.to_lowercase().contains("error"), "{body}");
}

#[tokio::test]
async fn f15_error_text_is_never_taken_from_the_address() {
    use base64::Engine;
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let forged = base64::engine::general_purpose::URL_SAFE
        .encode(r#"{"Conflict":"Votre compte est suspendu : appelez le 08 99 00 00 00."}"#);
    let html = app
        .get_html(&format!(
            "/certificateur/sessions/1?__path=/api/certificateur/ajouter_candidat&__err={forged}"
        ))
        .await;
    assert!(!html.contains("appelez le 08 99"), "{html}");
    // A real refusal still shows on the form's page, brought back by the server.
    let refused = app
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/ajouter_candidat",
            &[
                ("session_id", "1"),
                ("last_name", ""),
                ("first_name", "Nina"),
                ("birth_date", "01/01/1990"),
                ("email", "nina@exemple.fr"),
                ("access_route", "vae"),
            ],
        )
        .await;
    assert!(
        !location(&refused).contains("__err"),
        "{}",
        location(&refused)
    );
    let page = app.follow(&refused).await;
    assert!(
        page.contains("Le formulaire comporte des erreurs"),
        "{page}"
    );
    // Shown once.
    assert!(
        !app.get_html("/certificateur/sessions/1")
            .await
            .contains("Le formulaire comporte des erreurs")
    );
}

#[tokio::test]
async fn f16_overlong_text_loose_marks_and_implausible_dates_are_refused() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let before = entities::prelude::Candidate::find_by_id(1)
        .one(&app.db)
        .await
        .expect("query")
        .expect("candidate");
    let long = "a".repeat(100_000);
    let page = rename_candidate(&app, 1, "1", &long).await;
    assert!(
        page.contains("100 au plus sont acceptés"),
        "{}",
        &page[..page.len().min(3000)]
    );
    let after = entities::prelude::Candidate::find_by_id(1)
        .one(&app.db)
        .await
        .expect("query")
        .expect("candidate");
    assert_eq!(before, after);
    // A birth date in 2099 and a session in 2001.
    let born = app
        .submit_form(
            "/certificateur/sessions/1/candidats/1",
            "/api/certificateur/modifier_candidat",
            &[
                ("session_id", "1"),
                ("enrolment_id", "1"),
                ("last_name", "Durand"),
                ("first_name", "Camille"),
                ("birth_date", "01/01/2099"),
                ("email", "c1@exemple.fr"),
                ("access_route", "vae"),
                ("category", ""),
                ("training_group", ""),
            ],
        )
        .await;
    assert!(
        app.follow(&born).await.contains("date de naissance"),
        "birth date"
    );
    let after = entities::prelude::Candidate::find_by_id(1)
        .one(&app.db)
        .await
        .expect("query")
        .expect("candidate");
    assert_eq!(before, after);
    // A session in 2001.
    let old = app
        .submit_form(
            "/certificateur/sessions/nouvelle",
            "/api/certificateur/creer_session",
            &[
                ("certification_id", "1"),
                ("label", "Ancienne"),
                ("starts_on", "10/03/2001"),
                ("ends_on", "12/03/2001"),
                ("place", "Lyon"),
                ("capacity", ""),
            ],
        )
        .await;
    assert!(
        app.follow(&old)
            .await
            .contains("entre un an avant et cinq ans après")
    );
    // Marks written loosely.
    let (enrolment, epreuve, sheet) = app.demo_grading_of_the_president().await;
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    for loose in ["1_5", "1e1", "+5"] {
        let saved = claire
            .submit_form(
                &sheet,
                "/api/jury/enregistrer_fiche",
                &[
                    ("session_id", "1"),
                    ("enrolment_id", &enrolment.to_string()),
                    ("epreuve_id", &epreuve.to_string()),
                    ("version", "0"),
                    ("action", "brouillon"),
                    ("entries[0][item]", "B3.E1"),
                    ("entries[0][value]", loose),
                ],
            )
            .await;
        assert!(tests::refused(&saved), "{loose} refused");
    }
    assert_eq!(
        Mark::find().count(&app.db).await.expect("count") as usize,
        marks_of_demo(&app).await
    );
}

#[tokio::test]
async fn f17_a_juror_with_a_pending_invitation_cannot_grade() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (enrolment, epreuve, sheet) = app.demo_grading_of_the_president().await;
    // Claire's seat goes back to a pending invitation.
    for seat in JurySeat::find().all(&app.db).await.expect("seats") {
        if seat.jury_member_id == 1 {
            let mut active = seat.into_active_model();
            active.invitation = Set(entities::enums::InvitationStatus::Pending);
            active.update(&app.db).await.expect("update");
        }
    }
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    let saved = claire
        .submit_form(
            &sheet,
            "/api/jury/enregistrer_fiche",
            &[
                ("session_id", "1"),
                ("enrolment_id", &enrolment.to_string()),
                ("epreuve_id", &epreuve.to_string()),
                ("version", "0"),
                ("action", "brouillon"),
                ("entries[0][item]", "B3.E1"),
                ("entries[0][value]", "50"),
            ],
        )
        .await;
    assert!(
        claire
            .follow(&saved)
            .await
            .contains("Acceptez d'abord votre invitation")
    );
    assert_eq!(
        Mark::find().count(&app.db).await.expect("count") as usize,
        marks_of_demo(&app).await
    );
}

#[tokio::test]
async fn f10_a_50000_row_import_keeps_every_page_working() {
    // Arrange: a file of 50 000 candidates, within the documented import limit.
    let app = spawn_app().await.patient_browser();
    app.login_as(Role::CertifierAdmin).await;
    let mut csv =
        String::from("Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Catégorie;Groupe\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "Nom{i};Prénom;01/02/1990;candidat{i}@exemple.fr;VAE;;G{}\n",
            i % 40
        ));
    }
    let token = csrf_from_page(&app.get_html("/certificateur/sessions/1").await).expect("token");
    let file = reqwest::multipart::Part::bytes(csv.into_bytes())
        .file_name("c.csv")
        .mime_str("text/csv")
        .expect("mime");
    let imported = app
        .client
        .post(app.url(&format!("/certificateur/sessions/1?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST");
    assert_eq!(
        location(&imported),
        "/certificateur/sessions/1?importes=50000"
    );
    // Act / Assert: the pages and functions that read every candidate answer.
    for path in [
        "/api/certificateur/session?id=1",
        "/api/certificateur/jury?session_id=1",
        "/api/certificateur/resultats_calcules?session_id=1",
        "/certificateur",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
    }
    // With the jury seated, its members' pages and the deliberation read them too.
    app.compose_demo_jury().await;
    let claire = app.patient_browser();
    claire.login_as(Role::JuryMember).await;
    assert_eq!(
        claire
            .get("/api/jury/mes_corrections?session_id=1")
            .await
            .status(),
        200
    );
    assert_eq!(claire.get("/jury").await.status(), 200);
    assert_eq!(
        app.get("/api/deliberation/charger?session_id=1")
            .await
            .status(),
        200
    );
}

/// `server verify-audit` on the test application's database: its problems, or none.
async fn audit_problem(app: &TestApp) -> Option<String> {
    server::cli::verify_audit(&app.config)
        .await
        .err()
        .map(|e| e.to_string())
}

#[tokio::test]
async fn f18_tampering_with_results_or_the_log_is_detected() {
    use sea_orm::{ActiveModelTrait, ColumnTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
    // Arrange: the demo's seeded marks, attendance and fraud are audited; a deliberation
    // is closed and signed.
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    assert_eq!(audit_problem(&certifier).await, None);
    let seeded = AuditEntry::find()
        .filter(entities::audit_entry::Column::Action.eq("seed"))
        .count(&certifier.db)
        .await
        .expect("count");
    let seeded_marks = Mark::find().count(&certifier.db).await.expect("marks");
    assert!(seeded > 0 && seeded_marks > 0);
    sign_demo_pv(&certifier).await;
    assert_eq!(audit_problem(&certifier).await, None);

    // 1. A direct UPDATE of a mark.
    let mark = Mark::find()
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("a mark");
    let mut changed = mark.clone().into_active_model();
    changed.points_hundredths = Set(mark.points_hundredths.map(|p| p + 100));
    changed.update(&certifier.db).await.expect("update");
    let problem = audit_problem(&certifier).await.expect("detected");
    assert!(
        problem.contains("ne correspond plus à sa dernière valeur journalisée"),
        "{problem}"
    );
    mark.clone()
        .into_active_model()
        .reset_all()
        .update(&certifier.db)
        .await
        .expect("restore");
    assert_eq!(audit_problem(&certifier).await, None);

    // 2. A direct UPDATE of a decision.
    let decision = entities::prelude::Decision::find()
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("a decision");
    let mut changed = decision.clone().into_active_model();
    changed.final_outcome = Set(
        if decision.final_outcome == entities::enums::Outcome::Fraud {
            entities::enums::Outcome::FullCertification
        } else {
            entities::enums::Outcome::Fraud
        },
    );
    changed.update(&certifier.db).await.expect("update");
    let problem = audit_problem(&certifier).await.expect("detected");
    assert!(
        problem.contains("n'est plus celle du procès-verbal"),
        "{problem}"
    );
    decision
        .clone()
        .into_active_model()
        .reset_all()
        .update(&certifier.db)
        .await
        .expect("restore");

    // 3. The signed PV edited: refused when served, and detected.
    let jury = Jury::find()
        .all(&certifier.db)
        .await
        .expect("juries")
        .into_iter()
        .find(|j| j.session_id == 2)
        .expect("jury");
    let mut edited = jury.clone().into_active_model();
    edited.pv_json = Set(jury
        .pv_json
        .clone()
        .map(|j| j.replacen("E26-001", "E26-901", 1)));
    edited.update(&certifier.db).await.expect("edit");
    let served = certifier.get("/certificateur/sessions/2/pv/pv.pdf").await;
    assert_eq!(served.status(), 409);
    assert!(
        served
            .text()
            .await
            .expect("body")
            .contains("il a été modifié hors de l")
    );
    let problem = audit_problem(&certifier).await.expect("detected");
    assert!(
        problem.contains("ne correspond plus à son empreinte"),
        "{problem}"
    );
    jury.clone()
        .into_active_model()
        .reset_all()
        .update(&certifier.db)
        .await
        .expect("restore");
    assert_eq!(
        certifier
            .get("/certificateur/sessions/2/pv/pv.pdf")
            .await
            .status(),
        200
    );
    assert_eq!(audit_problem(&certifier).await, None);

    // 4. The last entries deleted.
    let entries = AuditEntry::find()
        .order_by_asc(entities::audit_entry::Column::Id)
        .all(&certifier.db)
        .await
        .expect("entries");
    let last = entries.last().expect("an entry").clone();
    entities::prelude::AuditEntry::delete_by_id(last.id)
        .exec(&certifier.db)
        .await
        .expect("delete");
    let problem = audit_problem(&certifier).await.expect("detected");
    assert!(
        problem.contains("des entrées ont été supprimées"),
        "{problem}"
    );
    last.clone()
        .into_active_model()
        .reset_all()
        .insert(&certifier.db)
        .await
        .expect("restore");
    assert_eq!(audit_problem(&certifier).await, None);

    // 5. Session 2's whole chain rewritten with recomputed hashes (a mark's history
    //    changed), and its head too — without the key, its seal cannot follow.
    let stored = app::ssr::repo::audit::all(&certifier.db)
        .await
        .expect("entries");
    let mut previous: std::collections::HashMap<Option<i32>, String> = Default::default();
    AuditEntry::delete_many()
        .exec(&certifier.db)
        .await
        .expect("delete");
    let mut rewritten = false;
    for entry in &stored {
        let mut record = entry.record.clone();
        if record.session == Some(2) && !rewritten {
            record.reason = Some("réécrit".to_owned());
            rewritten = true;
        }
        let link = previous
            .get(&record.session)
            .cloned()
            .unwrap_or_else(|| app::domain::audit::GENESIS.to_owned());
        let hash = app::domain::audit::hash(&link, &record);
        entities::audit_entry::ActiveModel {
            id: Set(entry.id),
            at: Set(record.at),
            actor_user_id: Set(record.actor),
            entity: Set(record.entity),
            entity_id: Set(record.entity_id),
            action: Set(record.action),
            before_json: Set(record.before),
            after_json: Set(record.after),
            reason: Set(record.reason),
            prev_hash: Set(link),
            hash: Set(hash.clone()),
            chain: Set(record.session.unwrap_or(0)),
        }
        .insert(&certifier.db)
        .await
        .expect("insert");
        previous.insert(record.session, hash);
    }
    assert!(rewritten, "session 2 has a chain");
    let head = entities::prelude::AuditHead::find_by_id(2)
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("head of session 2");
    let last = previous[&Some(2)].clone();
    let mut forged = head.into_active_model();
    forged.head_hash = Set(last.clone());
    forged.seal = Set(app::domain::audit::seal(
        b"une autre cle que celle du serveur",
        Some(2),
        stored
            .iter()
            .filter(|e| e.record.session == Some(2))
            .count() as i64,
        &last,
    ));
    forged.update(&certifier.db).await.expect("forge");
    let problem = audit_problem(&certifier).await.expect("detected");
    assert!(problem.contains("n'est pas scellée"), "{problem}");
    // Even with the head left alone, the signatures saw another chain.
    let problems =
        app::ssr::repo::integrity::check(&certifier.db, tests::TEST_AUDIT_KEY.as_bytes())
            .await
            .expect("check");
    assert!(
        problems.iter().any(|p| p.contains("réécrit depuis")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn f18_seats_conflicts_and_capitalised_blocs_are_audited() {
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    app.compose_demo_jury().await;
    let recorded = app
        .submit_form(
            "/certificateur/sessions/1/jury",
            "/api/certificateur/jury_conflit",
            &[
                ("session_id", "1"),
                ("member_id", "2"),
                ("enrolment_id", "1"),
                ("training_group", ""),
                ("kind", "family"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(location(&recorded), "/certificateur/sessions/1/jury");
    let count = |entity: &'static str| {
        let db = app.db.clone();
        async move {
            AuditEntry::find()
                .filter(entities::audit_entry::Column::Entity.eq(entity))
                .count(&db)
                .await
                .expect("count")
        }
    };
    assert_eq!(count("jury_seat").await, 4);
    assert_eq!(count("conflict").await, 1);
    assert_eq!(audit_problem(&app).await, None);
}

#[tokio::test]
async fn f13_a_double_marker_never_sees_the_other_graders_marks() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    // Arrange: Claire grades a case study; another case study of the same candidate is
    // double-marked and Karim has submitted his sheet, not yet agreed.
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (enrolment, epreuve, _sheet) = app.demo_grading_of_the_president().await;
    let case_study = entities::prelude::Epreuve::find_by_id(epreuve)
        .one(&app.db)
        .await
        .expect("q")
        .expect("épreuve");
    let other = entities::prelude::Epreuve::find()
        .all(&app.db)
        .await
        .expect("épreuves")
        .into_iter()
        .find(|e| e.version_id == case_study.version_id && e.code == "B2.E1")
        .expect("another case study (bloc 2)");
    let mut double = other.clone().into_active_model();
    double.double_marking = Set(true);
    double.update(&app.db).await.expect("double marking");
    let mark = |member: Option<i32>, points: i64| entities::mark::ActiveModel {
        enrolment_id: Set(enrolment),
        epreuve_id: Set(other.id),
        jury_member_id: Set(member),
        item_code: Set(other.code.clone()),
        points_hundredths: Set(Some(points)),
        met: Set(None),
        comment: Set("Appréciation de Karim".to_owned()),
        status: Set(entities::enums::MarkStatus::Submitted),
        version: Set(1),
        updated_at: Set(tests::test_now()),
        updated_by: Set(None),
        ..Default::default()
    };
    mark(Some(2), 1_234)
        .insert(&app.db)
        .await
        .expect("Karim's mark");
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    let path =
        format!("/api/jury/fiche?session_id=1&enrolment_id={enrolment}&epreuve_id={epreuve}");
    // Act
    let sheet = claire.get_html(&path).await;
    // Assert: nothing of Karim's sheet reaches Claire.
    assert!(
        !sheet.contains(&format!("\"component\":\"{}\"", other.code)),
        "{sheet}"
    );
    assert!(
        !sheet.contains("12.34") && !sheet.contains("Appréciation de Karim"),
        "{sheet}"
    );
    // Once agreed, the agreed result (and only it) counts in her preview.
    mark(None, 1_100)
        .insert(&app.db)
        .await
        .expect("agreed mark");
    let sheet = claire.get_html(&path).await;
    assert!(
        sheet.contains(&format!("\"component\":\"{}\"", other.code)),
        "{sheet}"
    );
    assert!(
        sheet.contains("\"points\":\"11\"") || sheet.contains("\"points\":\"11.00\""),
        "{sheet}"
    );
    assert!(
        !sheet.contains("12.34") && !sheet.contains("Appréciation de Karim"),
        "{sheet}"
    );
}

#[tokio::test]
async fn f17_accommodation_requests_are_single_and_in_time() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    let token = app.csrf_token().await;
    let request = |kind: &'static str| {
        let app = app.clone();
        let token = token.clone();
        async move {
            app.client
                .post(app.url("/api/candidat/demander_amenagement"))
                .header("x-csrf-token", token)
                .form(&[
                    ("enrolment_id", "1"),
                    ("kind", kind),
                    ("note", "Notification MDPH du 02/09/2026."),
                ])
                .send()
                .await
                .expect("POST")
                .status()
        }
    };
    let before = entities::prelude::Accommodation::find()
        .count(&app.db)
        .await
        .expect("count");
    // Act: the same request sent five times at once.
    let answers = futures::future::join_all((0..5).map(|_| request("secretary"))).await;
    // Assert: one stored, the others refused.
    assert_eq!(
        answers.iter().filter(|s| s.is_success()).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        entities::prelude::Accommodation::find()
            .count(&app.db)
            .await
            .expect("count"),
        before + 1
    );
    // After the épreuves, no new request.
    app.clock.advance(chrono::Duration::days(365));
    app.login_as(Role::Candidate).await;
    let late = app
        .client
        .post(app.url("/api/candidat/demander_amenagement"))
        .header("x-csrf-token", app.csrf_token().await)
        .form(&[
            ("enrolment_id", "1"),
            ("kind", "interpreter"),
            ("note", "Notification MDPH du 02/09/2026."),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(late.status(), 409);
    assert!(late.text().await.expect("body").contains("ont eu lieu"));
    assert_eq!(
        entities::prelude::Accommodation::find()
            .count(&app.db)
            .await
            .expect("count"),
        before + 1
    );
}

#[tokio::test]
async fn f01_markup_in_every_kind_of_text_stays_text_in_pages_emails_and_exports() {
    // Arrange: the marker in a session's label and place, a jury member's name, a jury
    // reason, an incident and the facts of a fraud report.
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let created = certifier
        .submit_form(
            "/certificateur/sessions/nouvelle",
            "/api/certificateur/creer_session",
            &[
                ("certification_id", "1"),
                ("label", MARKER),
                ("starts_on", "10/05/2027"),
                ("ends_on", "12/05/2027"),
                ("place", MARKER),
                ("capacity", ""),
            ],
        )
        .await;
    let session_page = location(&created);
    assert!(
        session_page.starts_with("/certificateur/sessions/"),
        "{session_page}"
    );
    let added = certifier
        .submit_form(
            "/certificateur/jures",
            "/api/certificateur/vivier_enregistrer",
            &[
                ("id", "0"),
                ("fields[last_name]", MARKER),
                ("fields[first_name]", "Nadia"),
                ("fields[email]", "nadia.roux@exemple.fr"),
                ("fields[gender]", "female"),
                ("fields[internal]", "non"),
                ("fields[category]", "professionnel_secteur"),
                ("fields[side]", "employee"),
                ("fields[teacher]", "none"),
                ("fields[years_experience]", "7"),
                ("fields[last_activity]", "30/09/2026"),
                ("fields[availability]", MARKER),
            ],
        )
        .await;
    assert_eq!(location(&added), "/certificateur/jures");
    let nadia = entities::prelude::JuryMember::find()
        .all(&certifier.db)
        .await
        .expect("pool")
        .into_iter()
        .find(|m| m.email == "nadia.roux@exemple.fr")
        .expect("added")
        .id;
    let claire = member(&certifier, "jury@demo.jury.fr").await;
    let sarah = enrolment_of(&certifier, "E26-006").await;
    let decided = claire
        .submit_form(
            DELIBERATION,
            "/api/deliberation/decider",
            &[
                ("session_id", "2"),
                ("enrolment_id", &sarah),
                ("decision", "complete"),
                ("reason", MARKER),
            ],
        )
        .await;
    assert_eq!(location(&decided), DELIBERATION);
    let (enrolment, _, _) = certifier.demo_grading_of_the_president().await;
    let slot = ScheduleSlot::find()
        .all(&certifier.db)
        .await
        .expect("slots")
        .into_iter()
        .find(|s| s.session_id == 2)
        .expect("a sitting")
        .id
        .to_string();
    let sitting = format!("/certificateur/sessions/2/epreuves/{slot}");
    let chloe = enrolment_of(&certifier, "E26-004").await;
    let incident = certifier
        .submit_form(
            &sitting,
            "/api/certificateur/presence",
            &[
                ("session_id", "2"),
                ("slot_id", &slot),
                ("enrolment_id", &chloe),
                ("kind", "present"),
                ("identity_checked", "on"),
                ("incident", MARKER),
            ],
        )
        .await;
    assert_eq!(location(&incident), sitting);
    let fraud = certifier
        .submit_form(
            &sitting,
            "/api/certificateur/fraude",
            &[
                ("session_id", "2"),
                ("slot_id", &slot),
                ("enrolment_id", &chloe),
                ("facts", MARKER),
                ("countersigned", "on"),
            ],
        )
        .await;
    assert_eq!(location(&fraud), sitting);
    let _ = enrolment;
    // Act / Assert: every page that shows them, of the certifier and of the jury.
    for (path, shows) in [
        (session_page.clone(), true),
        ("/certificateur".to_owned(), true),
        ("/certificateur/jures".to_owned(), true),
        (format!("/certificateur/jures/{nadia}"), true),
        (sitting.clone(), true),
        ("/certificateur/sessions/2/deliberation".to_owned(), true),
        ("/certificateur/sessions/2/resultats".to_owned(), false),
    ] {
        let html = certifier.get_html(&path).await;
        assert!(!carries_markup(&html), "{path}: {html}");
        if shows {
            assert!(
                html.contains("&lt;/title&gt;") || html.contains("&lt;/TITLE&gt;"),
                "{path} shows the text"
            );
        }
    }
    for path in [DELIBERATION.to_owned(), "/jury".to_owned()] {
        let html = claire.get_html(&path).await;
        assert!(!carries_markup(&html), "{path}: {html}");
    }
    // Emails sent meanwhile, the PV and its exports.
    for sent in certifier.mailer.sent() {
        assert!(!carries_markup(&sent.html), "{}", sent.html);
    }
    assert_eq!(
        location(&close(&claire, &["1", "2", "3", "4", "5"]).await),
        DELIBERATION
    );
    let csv = certifier
        .get("/certificateur/sessions/2/pv/pv.csv")
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains(MARKER), "the CSV keeps the text as text");
    let pdf = certifier
        .get("/certificateur/sessions/2/pv/pv.pdf")
        .await
        .bytes()
        .await
        .expect("pdf");
    assert!(
        tests::pdf_text(&pdf).contains("Roux</title>"),
        "the PDF prints the text as text"
    );
}

#[tokio::test]
async fn f01_markup_in_the_referentiel_and_in_grading_comments_stays_text() {
    // Arrange: a certification from scratch whose title, bloc, épreuve, criterion and
    // competence carry the marker; a grader's comment too.
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let created = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &[
                ("template", "vierge"),
                ("code", "CQP-XSS"),
                ("title", MARKER),
                ("kind", "cqp"),
            ],
        )
        .await;
    let page = location(&created);
    assert!(page.starts_with("/certificateur/certifications/"), "{page}");
    let id = page.rsplit('/').next().expect("id").to_owned();
    for (endpoint, fields) in [
        (
            "referentiel_bloc",
            vec![
                ("code", "BC02"),
                ("title", MARKER),
                ("kind", "bloc"),
                ("aggregation", "criteria_ratio"),
                ("threshold", "75"),
                ("threshold_op", "at_least"),
                ("first_code", "BC02.E1"),
                ("first_title", MARKER),
                ("criterion_code", "C2.a"),
                ("criterion_label", MARKER),
            ],
        ),
        (
            "referentiel_competence",
            vec![("code", "C2.1"), ("title", MARKER), ("unit", "BC02")],
        ),
    ] {
        let mut all = vec![("certification_id", id.as_str())];
        all.extend(fields);
        let saved = app
            .submit_form(&page, &format!("/api/certificateur/{endpoint}"), &all)
            .await;
        assert_eq!(location(&saved), page, "{endpoint}");
    }
    let (enrolment, epreuve, sheet) = app.demo_grading_of_the_president().await;
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    let saved = claire
        .submit_form(
            &sheet,
            "/api/jury/enregistrer_fiche",
            &[
                ("session_id", "1"),
                ("enrolment_id", &enrolment.to_string()),
                ("epreuve_id", &epreuve.to_string()),
                ("version", "0"),
                ("action", "brouillon"),
                ("entries[0][item]", "B3.E1"),
                ("entries[0][value]", "50"),
                ("entries[0][comment]", MARKER),
            ],
        )
        .await;
    assert_eq!(location(&saved), sheet);
    // Act / Assert
    for path in [
        page.clone(),
        "/certificateur".to_owned(),
        "/certificateur/sessions/nouvelle".to_owned(),
    ] {
        let html = app.get_html(&path).await;
        assert!(!carries_markup(&html), "{path}: {html}");
    }
    let html = app.get_html(&page).await;
    assert!(
        html.contains("<title>Roux&lt;/title&gt;"),
        "the certification's title as text"
    );
    let history = app
        .get_html(&format!(
            "/certificateur/sessions/1/candidats/{enrolment}/historique"
        ))
        .await;
    assert!(!carries_markup(&history), "{history}");
    let html = claire.get_html(&sheet).await;
    assert!(!carries_markup(&html), "{html}");
    assert!(html.contains("&lt;/title&gt;"), "the comment as text");
}
