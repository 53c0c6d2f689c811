//! `GET /sante`: the load balancer's probe. 200 when the database answers.

use app::ssr::state::AppState;
use axum::extract::State;
use http::StatusCode;

/// Health check.
pub async fn health(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "base de données indisponible",
            )
        }
    }
}
