//! The login page. The form posts to `/connexion`, handled by the server without
//! JavaScript; errors come back as `?erreur=…`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::ui::components::csrf::CsrfField;

/// The message for an error code of the login handler.
pub fn login_error_message(code: &str) -> &'static str {
    match code {
        "identifiants" => "Adresse électronique ou mot de passe incorrect.",
        "tentatives" => "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes.",
        "jeton" => "Le formulaire a expiré. Rechargez la page puis réessayez.",
        _ => "La connexion a échoué. Réessayez.",
    }
}

/// Connexion.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query
            .read()
            .get("erreur")
            .map(|code| login_error_message(&code))
    };
    let next = move || query.read().get("suite").unwrap_or_default();
    view! {
        <Title text="Connexion"/>
        <section class="narrow">
            <h1>"Connexion"</h1>
            {move || error().map(|message| view! {
                <div class="notice notice-error" role="alert" id="erreur-connexion"><p>{message}</p></div>
            })}
            <form method="post" action="/connexion" class="form">
                <CsrfField/>
                <input type="hidden" name="suite" value=next/>
                <div class="field">
                    <label for="email">"Adresse électronique"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required
                        aria-describedby="erreur-connexion"/>
                </div>
                <div class="field">
                    <label for="password">"Mot de passe"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button">"Se connecter"</button>
            </form>
        </section>
    }
}
