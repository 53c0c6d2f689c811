//! The logged-in user as the views see it: from the request on the server, from the
//! page's `<meta name="jury-user">` in the browser. Known before anything renders, so
//! the navigation needs no resource and no `<Suspense>`.

use crate::domain::role::CurrentUser;

/// Name of the meta element carrying the user to the browser.
pub const USER_META: &str = "jury-user";

/// The user of this page, if logged in.
pub fn current_user() -> Option<CurrentUser> {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::auth::current_user()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("meta[name={USER_META}]"))
                    .ok()
                    .flatten()
            })
            .and_then(|meta| meta.get_attribute("content"))
            .and_then(|json| serde_json::from_str(&json).ok())
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        None
    }
}

/// What the server writes into the page for the browser.
pub fn current_user_json() -> String {
    current_user()
        .and_then(|user| serde_json::to_string(&user).ok())
        .unwrap_or_default()
}
