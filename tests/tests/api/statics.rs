//! The browser bundle and the stylesheet: content-hashed names kept a year by
//! browsers, brotli or gzip chosen by `Accept-Encoding`; pages compressed on the fly and
//! never cached. Needs the site built by `scripts/test` (`build_site`).

use app::domain::role::Role;
use tests::{site_root, spawn_app};

async fn fetch(app: &tests::TestApp, path: &str, encoding: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("accept-encoding", encoding)
        .send()
        .await
        .expect("GET")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_bundle_is_served_compressed_under_hashed_names_kept_a_year() {
    let name = std::fs::read_to_string(site_root().join("pkg/bundle-name"))
        .expect("the site built by scripts/test (build_site)")
        .trim()
        .to_owned();
    let app = spawn_app().await;
    // The page names the hashed files: the stylesheet and, in its script, the bundle.
    let page = app.get_html("/connexion").await;
    assert!(page.contains(&format!("/pkg/{name}.css")), "{page}");
    assert!(page.contains(&name), "the hydration script loads {name}");

    let wasm = fetch(&app, &format!("/pkg/{name}_bg.wasm"), "br, gzip").await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(header(&wasm, "content-encoding"), "br");
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(
        header(&wasm, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let compressed = wasm.bytes().await.expect("body").len() as u64;
    let plain = std::fs::metadata(site_root().join(format!("pkg/{name}_bg.wasm")))
        .expect("wasm")
        .len();
    assert!(compressed * 2 < plain, "{compressed} bytes of {plain}");

    let css = fetch(&app, &format!("/pkg/{name}.css"), "gzip").await;
    assert_eq!(header(&css, "content-encoding"), "gzip");
    assert_eq!(
        header(&css, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    // Without Accept-Encoding, the file as it is.
    let identity = fetch(&app, &format!("/pkg/{name}.js"), "identity").await;
    assert_eq!(header(&identity, "content-encoding"), "");
    assert!(identity.text().await.expect("js").contains("WebAssembly"));
    // A name without a hash is revalidated at each use.
    let unhashed = fetch(&app, "/pkg/jury.css", "gzip").await;
    assert_eq!(unhashed.status(), 200);
    assert_eq!(header(&unhashed, "cache-control"), "no-cache");

    // Pages: compressed on the fly; a logged-in user's never stored.
    app.login_as(Role::CertifierAdmin).await;
    let page = fetch(&app, "/certificateur", "gzip").await;
    assert_eq!(page.status(), 200);
    assert_eq!(header(&page, "content-encoding"), "gzip");
    assert_eq!(header(&page, "cache-control"), "no-store");
}
