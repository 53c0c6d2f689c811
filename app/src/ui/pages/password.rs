//! The public pages of passwords: the page behind a single-use link (choose a first
//! password, or a new one), and "Mot de passe oublié ?". Both work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::accounts::{
    ChoosePassword, PasswordLinkPage, RequestPasswordReset, load_password_link,
};
use crate::domain::account::MIN_PASSWORD;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// `/mot-de-passe/:token`.
#[component]
pub fn PasswordLinkView() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let choose = ServerAction::<ChoosePassword>::new();
    let data = page_data(token, load_password_link);
    view! {
        <Title text="Choisir votre mot de passe"/>
        <section class="narrow">
            <h1>"Choisir votre mot de passe"</h1>
                {Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <PasswordForm page token=token() choose/> }.into_any(),
                        Err(error) => view! {
                            <ErrorNotice error/>
                            <p><a href="/mot-de-passe-oublie">"Demander un nouveau lien"</a>" · "<a href="/connexion">"Se connecter"</a></p>
                        }.into_any(),
                    }
                })}
        </section>
    }
}

#[component]
fn PasswordForm(
    page: PasswordLinkPage,
    token: String,
    choose: ServerAction<ChoosePassword>,
) -> AnyView {
    let lead = if page.first {
        format!(
            "Bienvenue, {}. Choisissez le mot de passe de votre compte ({}) : vous vous connecterez ensuite avec votre adresse électronique et ce mot de passe.",
            page.name, page.email
        )
    } else {
        format!(
            "{}, choisissez un nouveau mot de passe pour votre compte ({}). Toutes vos sessions ouvertes seront fermées.",
            page.name, page.email
        )
    };
    view! {
        <p class="lead">{lead}</p>
        {move || choose.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        <ActionForm action=choose attr:class="form">
            <CsrfField/>
            <input type="hidden" name="token" value=token/>
            <input type="text" name="username" autocomplete="username" value=page.email.clone() hidden/>
            <div class="field">
                <label for="mot-de-passe">"Nouveau mot de passe"</label>
                <input id="mot-de-passe" name="password" type="password" autocomplete="new-password"
                    required minlength=MIN_PASSWORD aria-describedby="aide-mot-de-passe"/>
                <p class="hint" id="aide-mot-de-passe">{format!("Au moins {MIN_PASSWORD} caractères ; une phrase de plusieurs mots est facile à retenir et difficile à deviner.")}</p>
            </div>
            <div class="field">
                <label for="confirmation">"Le même mot de passe, à nouveau"</label>
                <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required minlength=MIN_PASSWORD/>
            </div>
            <button type="submit" class="button">"Enregistrer mon mot de passe"</button>
        </ActionForm>
    }
    .into_any()
}

/// `/mot-de-passe-oublie`.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let request = ServerAction::<RequestPasswordReset>::new();
    let sent = move || query.read().get("envoye").is_some();
    view! {
        <Title text="Mot de passe oublié"/>
        <section class="narrow">
            <h1>"Mot de passe oublié"</h1>
            {move || sent().then(|| view! {
                <div class="notice notice-success" role="status">
                    <p>"Si un compte existe pour cette adresse, un lien pour choisir un nouveau mot de passe vient de lui être envoyé. Il est valable une heure et ne sert qu'une fois. Pensez à regarder dans les courriers indésirables."</p>
                </div>
            })}
            <p>"Indiquez l'adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe."</p>
            {move || request.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=request attr:class="form">
                <CsrfField/>
                <div class="field">
                    <label for="email">"Adresse électronique"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required/>
                </div>
                <button type="submit" class="button">"Recevoir un lien"</button>
            </ActionForm>
            <p><a href="/connexion">"← Retour à la connexion"</a></p>
        </section>
    }
}
