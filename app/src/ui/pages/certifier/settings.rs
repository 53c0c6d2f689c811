//! The organisation's settings: its identifiers at the Caisse des Dépôts, needed to
//! declare holders.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::accrochage::{OrganisationSettings, SaveCdcIdentifiers, load_settings};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// Settings page.
#[component]
pub fn CertifierSettings() -> impl IntoView {
    let data = page_data(|| (), |_| load_settings());
    view! {
        {Suspend::new(async move {
            match data.await {
                Ok(settings) => view! { <Settings settings/> }.into_any(),
                Err(error) => view! { <h1>"Paramètres de l'organisme"</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

#[component]
fn Settings(settings: OrganisationSettings) -> impl IntoView {
    let save = ServerAction::<SaveCdcIdentifiers>::new();
    let saved = use_query_map().read_untracked().get("enregistre").is_some();
    let d = settings.declarant;
    view! {
        <Title text="Paramètres de l'organisme"/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>"Paramètres de l'organisme"</h1>
        <p class="lead">{settings.name}</p>
        <section aria-labelledby="titre-cdc" class="card">
            <h2 id="titre-cdc">"Caisse des Dépôts (déclaration des titulaires)"</h2>
            <p>"Ces identifiants figurent dans la convention signée avec la Caisse des Dépôts et sur son espace certificateur. Ils sont écrits dans chaque flux de déclaration."</p>
            {saved.then(|| view! { <p class="notice" role="status">"Identifiants enregistrés."</p> })}
            {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=save attr:class="form narrow">
                <CsrfField/>
                <div class="field">
                    <label for="cdc_emitter_id">"Identifiant client de l'émetteur (8 caractères)"</label>
                    <input id="cdc_emitter_id" name="cdc_emitter_id" maxlength="8" autocomplete="off" value=d.emitter/>
                </div>
                <div class="field">
                    <label for="cdc_certifier_id">"Identifiant client du certificateur (8 caractères)"</label>
                    <input id="cdc_certifier_id" name="cdc_certifier_id" maxlength="8" autocomplete="off" value=d.certifier/>
                </div>
                <div class="field">
                    <label for="cdc_contract_id">"Numéro de contrat du certificateur"</label>
                    <input id="cdc_contract_id" name="cdc_contract_id" maxlength="20" autocomplete="off" value=d.contract/>
                </div>
                <button type="submit" class="button">"Enregistrer"</button>
            </ActionForm>
        </section>
    }
}
