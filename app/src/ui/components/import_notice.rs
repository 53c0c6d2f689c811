//! The outcome of a file import: the problems of a refused file, or the number imported
//! (`?importes=N`). A refused upload answers with a redirect to its page (nothing of the
//! form stays in the address) and the problems in a short-lived cookie, which the server
//! turns into a `<meta>` the page and the browser bundle both read, so that the page
//! hydrates exactly as it was rendered.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::domain::table::RowProblem;

/// The cookie carrying a refused import's problems to the page.
pub const IMPORT_COOKIE: &str = "jury_import";
/// The `<meta>` carrying them to the browser bundle.
pub const IMPORT_META: &str = "jury-import";
/// Bytes of problems kept (a cookie holds about 4 KB once in base 64); the count says
/// how many more there were.
const BUDGET: usize = 2_700;
/// Longest message kept, in characters.
const MESSAGE: usize = 400;

/// The problems of a refused import, as the page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRefused {
    /// How many problems the file had.
    pub total: usize,
    /// The first of them, as `ligne N : …`.
    pub shown: Vec<String>,
}

impl ImportRefused {
    /// The first problems of a refused file, short enough for a cookie.
    pub fn of(problems: &[RowProblem]) -> ImportRefused {
        let mut shown = Vec::new();
        let mut bytes = 0;
        for problem in problems {
            let text = problem.to_string();
            let text = if text.chars().count() > MESSAGE {
                format!("{}…", text.chars().take(MESSAGE).collect::<String>())
            } else {
                text
            };
            bytes += text.len() + 4;
            if bytes > BUDGET {
                break;
            }
            shown.push(text);
        }
        ImportRefused {
            total: problems.len(),
            shown,
        }
    }

    /// As a cookie value (JSON in URL-safe base 64).
    #[cfg(feature = "ssr")]
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Read back; `None` for anything else.
    #[cfg(feature = "ssr")]
    pub fn decode(text: &str) -> Option<ImportRefused> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// The refused import brought back for this page: from the request on the server, from
/// the page's `<meta>` (JSON) in the browser.
pub fn brought_back() -> Option<ImportRefused> {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::auth::current_import_flash().and_then(|f| ImportRefused::decode(&f))
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!("meta[name=\"{IMPORT_META}\"]"))
                        .ok()
                        .flatten()
                })
                .and_then(|m| m.get_attribute("content"))
                .and_then(|c| serde_json::from_str(&c).ok())
        }
        #[cfg(not(feature = "hydrate"))]
        {
            None
        }
    }
}

/// `refused`: what did not happen (`aucun candidat n'a été ajouté`); `done`: what the
/// number counts (`candidat(s) importé(s)`).
#[component]
pub fn ImportNotice(refused: &'static str, done: &'static str) -> impl IntoView {
    let problems = brought_back();
    let query = use_query_map();
    let imported = move || {
        query
            .read()
            .get("importes")
            .and_then(|n| n.parse::<usize>().ok())
    };
    view! {
        {problems.map(|ImportRefused { total, shown }| {
            let more = total.saturating_sub(shown.len());
            view! {
                <div class="notice notice-error" role="alert" id="erreurs-import">
                    <p><strong>{format!("Import refusé : {total} ligne(s) en erreur, {refused}.")}</strong></p>
                    <ul>
                        {shown.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                    {(more > 0).then(|| view! { <p>{format!("… et {more} autre(s) problème(s) : corrigez ceux-ci, puis importez à nouveau.")}</p> })}
                </div>
            }
        })}
        {move || imported().map(|n| view! {
            <div class="notice" role="status"><p>{format!("{n} {done}.")}</p></div>
        })}
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_refused_import_fits_a_cookie_and_reads_back() {
        let problems: Vec<RowProblem> = (2..500)
            .map(|line| RowProblem {
                line,
                message: "courriel « quelqu'un@exemple » invalide ; ".repeat(10),
            })
            .collect();
        let flash = ImportRefused::of(&problems);
        assert_eq!(flash.total, 498);
        assert!(!flash.shown.is_empty() && flash.shown.len() < 20);
        let encoded = flash.encode();
        assert!(encoded.len() < 3800, "{}", encoded.len());
        assert_eq!(ImportRefused::decode(&encoded), Some(flash));
        assert_eq!(ImportRefused::decode("n'importe quoi"), None);
    }
}
