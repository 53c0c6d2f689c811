//! The documents as a reader sees them: each PDF of the demo's published May session
//! (certificate, block certificate, transcript, PV, convocation, attendance sheet)
//! rendered to PNG by poppler, its text read back by `pdftotext`, and the organisation's
//! logo found as ink in the letterhead. `JURY_LAYOUT_DIR=dir` keeps the PNGs to look at.

use app::domain::role::Role;
use std::io::Read;
use tests::{TestApp, pdf_text, spawn_app};

const MAY: i32 = 3;

async fn upload(app: &TestApp, kind: &str) {
    let page = "/certificateur/parametres";
    let token = tests::csrf_from_page(&app.get_html(page).await).expect("token");
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/logo.png")).expect("fixture");
    let file = reqwest::multipart::Part::bytes(bytes).file_name("logo.png");
    let response = app
        .client
        .post(app.url(&format!("{page}?image={kind}&csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST");
    assert!(response.status().is_redirection(), "{kind} uploaded");
}

/// The first page as a grey PGM at 40 dpi: (width, height, pixels).
fn first_page(pdf: &[u8], name: &str) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("d.pdf"), pdf).expect("write");
    let run = |args: &[&str], out: &str| {
        let status = std::process::Command::new("pdftoppm")
            .args(args)
            .args(["-f", "1", "-l", "1", "-singlefile"])
            .arg(dir.path().join("d.pdf"))
            .arg(dir.path().join(out))
            .status()
            .expect("pdftoppm (poppler-utils)");
        assert!(status.success());
    };
    if let Ok(keep) = std::env::var("JURY_LAYOUT_DIR") {
        run(&["-png", "-r", "80"], "page");
        std::fs::copy(
            dir.path().join("page.png"),
            std::path::Path::new(&keep).join(format!("{name}.png")),
        )
        .expect("keep the PNG");
    }
    run(&["-gray", "-r", "40"], "grey");
    let pgm = std::fs::read(dir.path().join("grey.pgm")).expect("page");
    let header: Vec<&[u8]> = pgm.splitn(4, |b| *b == b'\n').collect();
    let size = String::from_utf8_lossy(header[1]).to_string();
    let mut dims = size
        .split_whitespace()
        .map(|n| n.parse::<usize>().expect("size"));
    let (width, height) = (dims.next().expect("w"), dims.next().expect("h"));
    let pixels = header[3].to_vec();
    (width, height, pixels)
}

/// Share of dark pixels in a rectangle given in millimetres from the top-left corner.
fn ink(page: &(usize, usize, Vec<u8>), (x, y, w, h): (f32, f32, f32, f32)) -> f64 {
    let (width, height, pixels) = page;
    let px = |mm: f32, total: usize, page_mm: f32| ((mm / page_mm) * total as f32) as usize;
    let (x0, y0) = (px(x, *width, 210.0), px(y, *height, 297.0));
    let (x1, y1) = (px(x + w, *width, 210.0), px(y + h, *height, 297.0));
    let mut dark = 0usize;
    let mut all = 0usize;
    for row in y0..y1.min(*height) {
        for col in x0..x1.min(*width) {
            all += 1;
            dark += usize::from(pixels[row * width + col] < 160);
        }
    }
    dark as f64 / all.max(1) as f64
}

fn entry(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, starts: &str) -> Vec<u8> {
    let name = archive
        .file_names()
        .find(|n| n.starts_with(starts) || n.contains(starts))
        .unwrap_or_else(|| panic!("{starts} in the archive"))
        .to_owned();
    let mut bytes = Vec::new();
    archive
        .by_name(&name)
        .expect("entry")
        .read_to_end(&mut bytes)
        .expect("read");
    bytes
}

#[tokio::test]
async fn every_document_carries_the_letterhead_signatures_and_what_it_must_say() {
    // An issued document never changes: the same certificate from a deployment whose
    // organisation has no logo yet, and from one that uploaded it before the
    // certificate was first rendered.
    let bare_app = spawn_app().await;
    bare_app.login_as(Role::CertifierAdmin).await;
    let archive = bare_app
        .get(&format!("/certificateur/sessions/{MAY}/archive.zip"))
        .await;
    assert_eq!(archive.status(), 200);
    let bare = archive.bytes().await.expect("zip").to_vec();
    let mut bare = zip::ZipArchive::new(std::io::Cursor::new(bare)).expect("zip");
    let bare_certificate = entry(&mut bare, "Certificat-de-certification");
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    upload(&app, "logo").await;
    upload(&app, "signature").await;
    let bytes = app
        .get(&format!("/certificateur/sessions/{MAY}/archive.zip"))
        .await
        .bytes()
        .await
        .expect("zip")
        .to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    // Uploaded afterwards, the images change nothing already issued.
    upload(&bare_app, "logo").await;
    let again = bare_app
        .get(&format!("/certificateur/sessions/{MAY}/archive.zip"))
        .await
        .bytes()
        .await
        .expect("zip")
        .to_vec();
    let mut again = zip::ZipArchive::new(std::io::Cursor::new(again)).expect("zip");
    assert_eq!(
        entry(&mut again, "Certificat-de-certification"),
        bare_certificate,
        "an issued certificate is served as first kept"
    );

    let certificate = entry(&mut archive, "Certificat-de-certification");
    let text = pdf_text(&certificate);
    for expected in [
        "Certif'Démo",
        "12 rue de la République",
        "SIRET 12345678900015",
        "CERTIFICAT DE CERTIFICATION",
        "Élodie MARCHAND",
        "a obtenu la certification professionnelle",
        "RNCP36390 — niveau",
        "Le président du jury",
        "Pour l'organisme certificateur",
        "Hélène Vidal",
        "Directrice de la certification",
        "Code de vérification",
        "/verification/",
        "page 1/1",
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » on the certificate: {text}"
        );
    }
    let page = first_page(&certificate, "certificat");
    let bare_page = first_page(&bare_certificate, "certificat-sans-logo");
    // The logo (20 mm tall, top left inside the frame) is ink where the bare one has none.
    let logo_area = (20.0, 18.0, 45.0, 18.0);
    assert!(
        ink(&page, logo_area) > ink(&bare_page, logo_area) + 0.05,
        "logo ink {} vs {}",
        ink(&page, logo_area),
        ink(&bare_page, logo_area)
    );
    // The frame of an award: ink along the left edge.
    assert!(ink(&page, (8.5, 50.0, 4.0, 150.0)) > 0.1, "the frame");

    let bloc = entry(&mut archive, "Certificat-de-bloc");
    let text = pdf_text(&bloc);
    for expected in [
        "a validé le bloc de compétences",
        "RNCP36390BC",
        "Hélène Vidal",
        "page 1/1",
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » on the block certificate: {text}"
        );
    }
    first_page(&bloc, "certificat-de-bloc");

    let transcript = entry(&mut archive, "Relev");
    let text = pdf_text(&transcript);
    for expected in [
        "Relevé de notes",
        "Décision du jury",
        "Résultat",
        "Hélène Vidal",
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » on the transcript: {text}"
        );
    }
    first_page(&transcript, "releve");

    let pv = entry(&mut archive, "pv/pv.pdf");
    let text = pdf_text(&pv);
    for expected in [
        "Procès-verbal de délibération",
        "Résultats par unité",
        "Score",
        "Journal d'audit de la session à la clôture",
        "Signature électronique",
        "SIRET 12345678900015",
    ] {
        assert!(text.contains(expected), "« {expected} » on the PV: {text}");
    }
    first_page(&pv, "pv");

    // The May session's candidates were never sent a convocation: the archive says so
    // and holds none (the convocation's layout is checked where it is sent).
    let sent = String::from_utf8(entry(&mut archive, "convocations/ENVOIS.txt")).expect("text");
    assert!(
        sent.contains("Aucune convocation n'a été envoyée pour cette session."),
        "{sent}"
    );
    assert!(
        !archive
            .file_names()
            .any(|n| n.starts_with("convocations/convocation-")),
        "no unsent convocation in the archive"
    );

    let sheet = entry(&mut archive, "emargement/");
    let text = pdf_text(&sheet);
    assert!(
        text.contains("Signature") && text.contains("Aménagements"),
        "{text}"
    );
    first_page(&sheet, "emargement");
}
