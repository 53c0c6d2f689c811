//! A session's accommodation requests (`/certificateur/sessions/:id/amenagements`):
//! health data, read and decided only by the administrators designated as referents;
//! each reading is recorded in the session's audit chain.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::accommodations::{
    AccommodationsPage, DecideAccommodation, load_session_accommodations,
};
use crate::api::sessions::SessionAccommodation;
use crate::domain::status::{AccommodationKind, AccommodationStatus};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

const TITLE: &str = "Demandes d'aménagement";

/// The page.
#[component]
pub fn CertifierAccommodations() -> impl IntoView {
    let params = use_params_map();
    let data = page_data(
        move || {
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i32>().ok())
                .unwrap_or_default()
        },
        load_session_accommodations,
    );
    view! {
        <Title text=TITLE/>
        {Suspend::new(async move {
            match data.await {
                Ok(page) => view! { <Requests page/> }.into_any(),
                Err(error) => view! { <h1>{TITLE}</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

#[component]
fn Requests(page: AccommodationsPage) -> impl IntoView {
    let decide = ServerAction::<DecideAccommodation>::new();
    view! {
        <p><a href=format!("/certificateur/sessions/{}", page.session_id)>"← Session"</a></p>
        <h1>{TITLE}</h1>
        <p class="lead">{page.session_label}</p>
        <p class="hint">"Données de santé : ne les recopiez pas ailleurs. Les membres du jury ne voient que l'aménagement accordé (temps majoré, pauses), jamais la demande ni son motif. Les précisions, la référence du justificatif et le motif de la décision sont effacés à l'échéance fixée dans « Données personnelles »."</p>
        <Accommodations requests=page.requests decide/>
    }
}

/// The session's accommodation requests, pending ones with their decision form.
#[component]
fn Accommodations(
    requests: Vec<SessionAccommodation>,
    decide: ServerAction<DecideAccommodation>,
) -> impl IntoView {
    let pending = requests
        .iter()
        .filter(|r| r.status == AccommodationStatus::Requested)
        .count();
    view! {
        <section aria-labelledby="titre-amenagements">
            <h2 id="titre-amenagements">{format!("Aménagements d'épreuve ({pending} en attente)")}</h2>
            {move || decide.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {if requests.is_empty() {
                view! { <p>"Aucune demande d'aménagement."</p> }.into_any()
            } else {
                requests.into_iter().map(|r| {
                    let reason_id = format!("motif-{}", r.id);
                    let decision_id = format!("decision-{}", r.id);
                    let minutes_id = format!("minutes-{}", r.id);
                    let pauses = r.kind == AccommodationKind::Pauses;
                    view! {
                        <article class="card">
                            <h3>{format!("{} — {}", r.candidate_number, r.candidate_name)}</h3>
                            <p><strong>{r.kind.label()}</strong>" — "{r.status.label()}</p>
                            {if r.erased {
                                view! { <p class="hint">"Précisions effacées (durée de conservation écoulée)."</p> }.into_any()
                            } else {
                                view! {
                                    {(!r.note.is_empty()).then(|| view! { <p class="hint">{format!("Précisions du candidat : {}", r.note)}</p> })}
                                    {r.supporting_reference.clone().map(|reference| view! { <p>{format!("Justificatif : {reference}")}</p> })}
                                }.into_any()
                            }}
                            {r.decision_reason.clone().map(|reason| view! { <p>{format!("Motif : {reason}")}</p> })}
                            {r.minutes.map(|m| view! { <p>{format!("Pauses compensées : {m} min par épreuve, ajoutées à l'heure de fin.")}</p> })}
                            {(r.status == AccommodationStatus::Requested).then(|| view! {
                                <ActionForm action=decide attr:class="form">
                                    <CsrfField/>
                                    <input type="hidden" name="accommodation_id" value=r.id/>
                                    <div class="field">
                                        <label for=decision_id.clone()>"Décision"</label>
                                        <select id=decision_id name="decision">
                                            <option value="accorder">"Accorder"</option>
                                            <option value="refuser">"Refuser"</option>
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for=reason_id.clone()>"Motif communiqué au candidat"</label>
                                        <textarea id=reason_id name="reason" rows="2" required></textarea>
                                    </div>
                                    {pauses.then(|| view! {
                                        <div class="field">
                                            <label for=minutes_id.clone()>"Minutes de pause compensée par épreuve"</label>
                                            <input id=minutes_id.clone() name="minutes" type="number" min="1" max="120" inputmode="numeric"/>
                                            <p class="hint">"Obligatoire pour accorder : ce temps s'ajoute à l'heure de fin de chaque épreuve."</p>
                                        </div>
                                    })}
                                    <button type="submit" class="button">"Enregistrer la décision"</button>
                                </ActionForm>
                            })}
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}
