//! The site's static files (`target/site/pkg`): the browser bundle and the stylesheet
//! under content-hashed names (`jury-<16 hex>…`) written by `scripts/lib.sh`
//! (`build_site`) with their brotli and gzip variants, served by negotiation. A hashed
//! file never changes, so browsers keep it a year without asking again; any other file
//! is revalidated (`Last-Modified`) on each use.

use std::path::Path;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::CACHE_CONTROL;
use leptos::config::LeptosOptions;
use tower_http::services::ServeDir;

/// The file, in the package folder, naming the current bundle (`jury-<hash>`).
pub const BUNDLE_FILE: &str = "bundle-name";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The bundle's name without extension: the hashed one the site was built with, or
/// `default` (a site built without hashing, as in a bare checkout).
pub fn bundle_name(site_root: &Path, default: &str) -> String {
    std::fs::read_to_string(site_root.join("pkg").join(BUNDLE_FILE))
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| is_hashed(name))
        .unwrap_or_else(|| default.to_owned())
}

/// Whether a file name carries a content hash: `jury-0123456789abcdef`, `….js`,
/// `…_bg.wasm`, `….css.br`.
pub fn is_hashed(file: &str) -> bool {
    file.split_once('-')
        .and_then(|(_, rest)| rest.get(..16))
        .is_some_and(|hash| hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The package folder, its precompressed variants chosen by `Accept-Encoding`.
pub fn files(options: &LeptosOptions) -> ServeDir {
    ServeDir::new(Path::new(&*options.site_root).join(&*options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip()
}

/// The middleware: a year for hashed files, revalidation for the others.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let policy = request.uri().path().strip_prefix("/pkg/").map(|file| {
        if is_hashed(file) {
            IMMUTABLE
        } else {
            REVALIDATE
        }
    });
    let mut response = next.run(request).await;
    if let Some(policy) = policy
        && response.status().is_success()
    {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_hashed_names_are_kept_for_a_year() {
        assert!(is_hashed("jury-0123456789abcdef.js"));
        assert!(is_hashed("jury-0123456789abcdef_bg.wasm.br"));
        assert!(!is_hashed("jury.css"));
        assert!(!is_hashed("jury-feuille.css"));
        assert!(!is_hashed("jury-é123456789abcdef.js"));
    }

    #[test]
    fn the_bundle_name_comes_from_the_built_site_or_stays_the_default() {
        let site = tempfile::tempdir().expect("dir");
        assert_eq!(bundle_name(site.path(), "jury"), "jury");
        std::fs::create_dir(site.path().join("pkg")).expect("pkg");
        std::fs::write(
            site.path().join("pkg").join(BUNDLE_FILE),
            "jury-0123456789abcdef\n",
        )
        .expect("write");
        assert_eq!(bundle_name(site.path(), "jury"), "jury-0123456789abcdef");
        std::fs::write(site.path().join("pkg").join(BUNDLE_FILE), "../autre").expect("write");
        assert_eq!(bundle_name(site.path(), "jury"), "jury");
    }
}
