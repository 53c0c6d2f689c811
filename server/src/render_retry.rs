//! A guard against a rare stall of leptos's server rendering: about one page render in
//! a few hundred never completes (a lost wake-up between `<Suspense>` and its resource,
//! still seen with leptos 0.8.23 after the fixes of leptos issues #4851 and #4853). A
//! page (GET, not a server function or a static file) that has not rendered within
//! `PAGE_RENDER_TIMEOUT` is rendered again, up to `ATTEMPTS` times; the stalled render
//! is dropped. Page renders are reads, so rendering again is safe.

use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode};

/// How long a page may take to render before it is rendered again.
pub const PAGE_RENDER_TIMEOUT: Duration = Duration::from_secs(8);
/// Renders tried before giving up with 503.
pub const ATTEMPTS: usize = 3;

fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/sante"
}

/// The middleware.
pub async fn retry_stalled_renders(request: Request, next: Next) -> Response {
    if !is_page(&request) {
        return next.run(request).await;
    }
    let (parts, _) = request.into_parts();
    for attempt in 1..=ATTEMPTS {
        let request = Request::from_parts(parts.clone(), axum::body::Body::empty());
        match tokio::time::timeout(PAGE_RENDER_TIMEOUT, next.clone().run(request)).await {
            Ok(response) => return response,
            Err(_) => {
                tracing::warn!(path = %parts.uri.path(), attempt, "page render stalled; rendering it again")
            }
        }
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "La page n'a pas pu être affichée ; rechargez-la.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// A page whose first `stalls` renders never finish.
    fn app(stalls: usize) -> (Router, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let router = Router::new()
            .route(
                "/page",
                get(move || {
                    let counter = counter.clone();
                    async move {
                        if counter.fetch_add(1, Ordering::SeqCst) < stalls {
                            std::future::pending::<()>().await;
                        }
                        "rendu"
                    }
                }),
            )
            .layer(axum::middleware::from_fn(retry_stalled_renders));
        (router, calls)
    }

    async fn get_page(router: Router) -> StatusCode {
        let request = Request::builder()
            .uri("/page")
            .body(Body::empty())
            .expect("request");
        router.oneshot(request).await.expect("response").status()
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_render_is_rendered_again() {
        let (router, calls) = app(1);
        assert_eq!(get_page(router).await, StatusCode::OK);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_that_never_renders_ends_in_503() {
        let (router, calls) = app(usize::MAX);
        assert_eq!(get_page(router).await, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(calls.load(Ordering::SeqCst), ATTEMPTS);
    }
}
