//! The organisation's settings: its identity as documents state it (name, SIRET,
//! address, signatory), and its identifiers at the Caisse des Dépôts, needed to declare
//! holders.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::accrochage::{
    OrganisationSettings, SaveCdcIdentifiers, SaveOrganisationIdentity, load_settings,
};
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
    let save_identity = ServerAction::<SaveOrganisationIdentity>::new();
    let query = use_query_map();
    let saved = query.read_untracked().get("enregistre").is_some()
        || query.read_untracked().get("image").is_some();
    let d = settings.declarant;
    let id = settings.identity;
    view! {
        <Title text="Paramètres de l'organisme"/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>"Paramètres de l'organisme"</h1>
        <p class="lead">{settings.name}</p>
        {saved.then(|| view! { <p class="notice" role="status">"Paramètres enregistrés."</p> })}
        <p>"Responsable du traitement, contact RGPD et durées de conservation : "<a href="/certificateur/donnees-personnelles">"Données personnelles et conservation"</a>"."</p>
        <section aria-labelledby="titre-identite-organisme" class="card">
            <h2 id="titre-identite-organisme">"Identité de l'organisme"</h2>
            <p>"Telle que les certificats, relevés et procès-verbaux l'indiquent."</p>
            {move || save_identity.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=save_identity attr:class="form narrow">
                <CsrfField/>
                <div class="field"><label for="org-name">"Raison sociale"</label><input id="org-name" name="name" required value=id.name/></div>
                <div class="field"><label for="org-siret">"SIRET (14 chiffres)"</label><input id="org-siret" name="siret" required inputmode="numeric" value=id.siret/></div>
                <div class="field"><label for="org-address">"Adresse postale"</label><textarea id="org-address" name="address" rows="3" required>{crate::domain::html::textarea_text(&id.address, cfg!(feature = "ssr"))}</textarea></div>
                <div class="field"><label for="org-signatory">"Signataire des certificats (prénom et nom)"</label><input id="org-signatory" name="signatory_name" required value=id.signatory_name/></div>
                <div class="field"><label for="org-quality">"Qualité du signataire"</label><input id="org-quality" name="signatory_quality" required value=id.signatory_quality/></div>
                <button type="submit" class="button">"Enregistrer l'identité"</button>
            </ActionForm>
        </section>
        <section aria-labelledby="titre-images" class="card">
            <h2 id="titre-images">"Logo et signature"</h2>
            <p>"Imprimés sur les certificats : PNG ou JPEG, 512 Ko au plus, de 32 à 4 000 pixels de côté."</p>
            {crate::ui::components::import_notice::brought_back().map(|r| view! {
                <div class="notice notice-error" role="alert" id="erreurs-import">
                    <p><strong>"Image refusée ; rien n'a été modifié."</strong></p>
                    <ul>{r.shown.into_iter().map(|p| view! { <li>{p.trim_start_matches("ligne 0 : ").to_owned()}</li> }).collect_view()}</ul>
                </div>
            })}
            {[("logo", "Logo", settings.logo), ("signature", "Signature numérisée du signataire", settings.signature)].into_iter().map(|(kind, label, size)| view! {
                <div class="field">
                    <h3>{label}</h3>
                    {match size {
                        Some((w, h)) => view! {
                            <p><img src=format!("/certificateur/parametres/{kind}") alt=format!("{label} actuel") class="preview"/>{format!(" {w} × {h} pixels")}</p>
                        }.into_any(),
                        None => view! { <p>"Aucun pour le moment."</p> }.into_any(),
                    }}
                    <form method="post" enctype="multipart/form-data" class="form inline"
                        action=format!("/certificateur/parametres?image={kind}&csrf_token={}", crate::ui::components::csrf::csrf_token())>
                        <label for=format!("fichier-{kind}")>{format!("{label} (PNG ou JPEG)")}</label>
                        <input type="file" id=format!("fichier-{kind}") name="fichier" accept="image/png,image/jpeg" required/>
                        <button type="submit" class="button secondary">"Envoyer"</button>
                    </form>
                </div>
            }).collect_view()}
        </section>
        <section aria-labelledby="titre-cdc" class="card">
            <h2 id="titre-cdc">"Caisse des Dépôts (déclaration des titulaires)"</h2>
            <p>"Ces identifiants figurent dans la convention signée avec la Caisse des Dépôts et sur son espace certificateur. Ils sont écrits dans chaque flux de déclaration."</p>
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
        <SigningKey key=settings.signing_key did=settings.did_document/>
    }
    .into_any()
}

/// The key signing the organisation's digital credentials, and its renewal.
#[component]
fn SigningKey(
    key: Option<(i32, chrono::DateTime<chrono::Utc>, usize)>,
    did: String,
) -> impl IntoView {
    use crate::domain::format::datetime_fr;
    let rotate = ServerAction::<crate::api::credentials::RotateSigningKey>::new();
    let compromised = ServerAction::<crate::api::credentials::DeclareKeyCompromised>::new();
    let query = use_query_map().read_untracked();
    let renewed = query.get("cle");
    let replaced = query.get("compromise").map(|old| {
        format!(
            "Clé n° {old} retirée du document DID : plus rien ne se vérifie avec elle. Nouvelle clé n° {} en service ; {} attestation(s) qu'elle avait signée(s) seront signées à nouveau avec la nouvelle clé.",
            query.get("nouvelle").unwrap_or_default(),
            query.get("resignees").unwrap_or_default()
        )
    });
    let state = match key {
        Some((number, created, retired)) => format!(
            "Clé n° {number} (Ed25519), créée le {}{}.",
            datetime_fr(created),
            match retired {
                0 => String::new(),
                n => format!(
                    " ; {n} ancienne(s) clé(s) toujours publiée(s) pour vérifier ce qu'elles ont signé"
                ),
            }
        ),
        None => "Aucune clé pour le moment : elle est créée à la première attestation.".to_owned(),
    };
    view! {
        <section aria-labelledby="titre-cle" class="card" id="cle">
            <h2 id="titre-cle">"Signature des attestations numériques"</h2>
            <p>"Chaque certificat et certificat de bloc est aussi délivré en attestation numérique Open Badges 3.0, signée avec la clé de l'organisme : un employeur la vérifie sans nous interroger. La clé privée est chiffrée sur le serveur ; la clé publique est publiée dans le "
               <a href=did.clone()>"document DID de l'organisme"</a>"."</p>
            {renewed.map(|n| view! { <p class="notice" role="status">{format!("Nouvelle clé n° {n} en service.")}</p> })}
            <p>{state}</p>
            {move || rotate.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=rotate attr:class="form">
                <CsrfField/>
                <p class="hint">"Renouvelez la clé selon votre politique de sécurité : les attestations suivantes seront signées avec la nouvelle ; les précédentes restent vérifiables avec l'ancienne, qui reste publiée. Si elle a pu être lue par un tiers, déclarez-la plutôt compromise (ci-dessous)."</p>
                <button type="submit" class="button secondary">"Renouveler la clé de signature"</button>
            </ActionForm>
            {replaced.map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <details class="request">
                <summary>"Clé compromise"</summary>
                <p class="hint">"Si la clé privée a pu être lue par un tiers, déclarez-la compromise : elle est retirée du document DID (toute attestation signée avec elle, même contrefaite, cesse d'être vérifiable), une nouvelle clé signe désormais, et les attestations qu'elle avait signées sont signées à nouveau avec la nouvelle clé. La déclaration est consignée au journal d'audit."</p>
                {move || compromised.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
                <ActionForm action=compromised attr:class="form narrow">
                    <CsrfField/>
                    <div class="field">
                        <label for="depuis">"Compromise depuis le (JJ/MM/AAAA)"</label>
                        <input id="depuis" name="depuis" type="text" inputmode="numeric" placeholder="JJ/MM/AAAA" required/>
                    </div>
                    <div class="field">
                        <label><input type="checkbox" name="confirmation" value="oui"/>" Je confirme que la clé est compromise : elle cesse aussitôt de vérifier quoi que ce soit"</label>
                    </div>
                    <button type="submit" class="button danger">"Déclarer la clé compromise"</button>
                </ActionForm>
            </details>
        </section>
    }
}
