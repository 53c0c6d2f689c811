//! The public verification page: anyone holding a document (an employer, a school)
//! types or scans its code and sees whether it was issued, to whom, for what.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::verification::{Verified, verify_document};
use crate::domain::format::{date_fr, datetime_fr};
use crate::ui::components::loading::{ErrorNotice, page_data};

/// What a lookup found. Not an `Option<Option<_>>`: serialised for hydration, `Some(None)`
/// would come back as `None` and the browser would render another page than the server
/// (a hydration panic).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Lookup {
    NoCode,
    Unknown,
    Found(Verified),
}

/// `/verification` (a form) and `/verification/:code`.
#[component]
pub fn VerificationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params
            .read()
            .get("code")
            .or_else(|| query.read().get("code"))
            .unwrap_or_default()
    };
    let data = page_data(code, |code| async move {
        if code.trim().is_empty() {
            Ok(Lookup::NoCode)
        } else {
            verify_document(code)
                .await
                .map(|found| found.map_or(Lookup::Unknown, Lookup::Found))
        }
    });
    view! {
        <Title text="Vérifier un document"/>
        <section class="narrow">
            <h1>"Vérifier un document"</h1>
            <p>"Saisissez le code de vérification imprimé sur le certificat, le certificat de bloc, le relevé de notes ou l'attestation."</p>
            <form method="get" action="/verification" class="form">
                <label for="code-verification">"Code de vérification"</label>
                <input id="code-verification" name="code" placeholder="XXXX-XXXX-XXXX" value=code required/>
                <button type="submit" class="button">"Vérifier"</button>
            </form>
                {Suspend::new(async move {
                    match data.await {
                        Ok(Lookup::NoCode) => ().into_any(),
                        Ok(Lookup::Unknown) => view! {
                            <div class="notice notice-error" role="alert">
                                <p><strong>"Aucun document ne correspond à ce code."</strong></p>
                                <p>"Ce document n'a pas été délivré par ce service, ou le code est mal recopié."</p>
                            </div>
                        }.into_any(),
                        Ok(Lookup::Found(v)) => found(v),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
        </section>
    }
}

/// A document this service issued: revoked (said first, with its reason), or authentic;
/// then what it certifies and its digital credential's check.
fn found(v: Verified) -> AnyView {
    let (class, role, verdict) = match &v.revoked {
        Some(_) => ("notice notice-error", "alert", "Document révoqué."),
        None => ("notice notice-success", "status", "Document authentique."),
    };
    let revoked = v.revoked.clone().map(|(at, reason)| {
        view! {
            <p class="revoked">
                {format!("Révoqué le {} par l'organisme certificateur. Motif : {reason}", datetime_fr(at))}
            </p>
        }
    });
    let credential = v.credential.clone().map(|c| {
        let (state, text) = match &c.signed_by {
            Ok(key) => ("ok", format!("signature électronique vérifiée (clé {key}).")),
            Err(why) => ("ko", format!("signature non vérifiée : {why}.")),
        };
        view! {
            <p class=format!("credential credential-{state}")>
                "Attestation numérique Open Badges 3.0 : " {text} " "
                <a href=c.url.clone() download=format!("{}.json", v.code)>"Télécharger l'attestation (JSON)"</a>
            </p>
        }
    });
    view! {
        <div class=class role=role>
            <p><strong>{verdict}</strong></p>
            {revoked}
            <dl>
                <dt>"Document"</dt><dd>{v.kind}</dd>
                <dt>"Délivré à"</dt><dd>{v.holder}</dd>
                <dt>"Certification"</dt><dd>{v.certification}</dd>
                {v.bloc.map(|bloc| view! { <dt>"Bloc de compétences"</dt><dd>{bloc}</dd> })}
                <dt>"Date de la décision du jury"</dt><dd>{date_fr(v.decided_on)}</dd>
                {(!v.decision.is_empty()).then(|| view! { <dt>"Décision du jury"</dt><dd>{v.decision.clone()}</dd> })}
                {v.departure.clone().map(|text| view! { <dt>"Décision motivée"</dt><dd>{text}</dd> })}
                <dt>"Délivré par"</dt>
                <dd class="issuer">
                    <strong>{v.issuer.name.clone()}</strong>
                    <br/>{format!("SIRET {}", crate::domain::format::siret(&v.issuer.siret))}
                    {(!v.issuer.address.is_empty()).then(|| view! {
                        <br/><span class="address">{v.issuer.address.replace('\n', ", ")}</span>
                    })}
                    {v.issuer.printed_as.clone().map(|name| view! {
                        <br/><span class="hint">{format!("Nom imprimé sur le document : {name}")}</span>
                    })}
                </dd>
                <dt>"Code"</dt><dd>{v.code.clone()}</dd>
            </dl>
            {credential}
        </div>
    }
    .into_any()
}
