//! The login page. The form posts to `/connexion`, handled by the server without
//! JavaScript; errors come back as `?erreur=…`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::ui::components::csrf::CsrfField;

/// The message for an error code of the login handler (and, for too many attempts,
/// the seconds to wait — a number, the only thing read from the address).
pub fn login_error_message(code: &str, wait_seconds: Option<i64>) -> String {
    match code {
        "identifiants" => "Adresse électronique ou mot de passe incorrect.".to_owned(),
        "tentatives" => match wait_seconds.filter(|s| (1..=86_400).contains(s)) {
            Some(seconds) => format!(
                "Trop de tentatives de connexion échouées. Réessayez dans {}.",
                crate::domain::throttle::wait_fr(chrono::Duration::seconds(seconds))
            ),
            None => "Trop de tentatives de connexion échouées. Réessayez dans quelques minutes."
                .to_owned(),
        },
        "jeton" => "Le formulaire a expiré. Rechargez la page puis réessayez.".to_owned(),
        _ => "La connexion a échoué. Réessayez.".to_owned(),
    }
}

/// Connexion.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        let query = query.read();
        let wait = query.get("attente").and_then(|s| s.parse::<i64>().ok());
        query
            .get("erreur")
            .map(|code| login_error_message(&code, wait))
    };
    let next = move || query.read().get("suite").unwrap_or_default();
    let info = move || {
        (query.read().get("info").as_deref() == Some("mot-de-passe"))
            .then_some("Votre mot de passe est enregistré : connectez-vous avec votre adresse électronique et ce mot de passe.")
    };
    let email = move || query.read().get("email").unwrap_or_default();
    view! {
        <Title text="Connexion"/>
        <section class="narrow">
            <h1>"Connexion"</h1>
            {move || error().map(|message| view! {
                <div class="notice notice-error" role="alert" id="erreur-connexion"><p>{message}</p></div>
            })}
            {move || info().map(|message| view! {
                <div class="notice notice-success" role="status"><p>{message}</p></div>
            })}
            <form method="post" action="/connexion" class="form">
                <CsrfField/>
                <input type="hidden" name="suite" value=next/>
                <div class="field">
                    <label for="email">"Adresse électronique"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required value=email
                        aria-describedby="erreur-connexion"/>
                </div>
                <div class="field">
                    <label for="password">"Mot de passe"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button">"Se connecter"</button>
            </form>
            <p><a href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></p>
        </section>
    }
}
