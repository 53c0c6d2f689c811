//! Who is logged in, for the navigation.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::role::CurrentUser;
use crate::error::AppError;

/// The logged-in user, or `None` for a visitor.
#[server(prefix = "/api/session", endpoint = "utilisateur", input = GetUrl)]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::ssr::auth::current_user())
}
