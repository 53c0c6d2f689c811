//! The candidate's personal data page (`/candidat/mes-donnees`): download everything
//! held about them, ask for a correction of their identity or the erasure of an
//! enrolment, and follow the answers.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::rights::{MyData, RequestErasure, RequestRectification, load_my_data};
use crate::domain::format::{date_fr, datetime_fr};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

const TITLE: &str = "Mes données personnelles";

/// The page.
#[component]
pub fn CandidateMyData() -> impl IntoView {
    let data = page_data(|| (), |_| load_my_data());
    view! {
        <Title text=TITLE/>
        <p><a href="/candidat">"← Mon espace"</a></p>
        <h1>{TITLE}</h1>
        {Suspend::new(async move {
            match data.await {
                Ok(data) => view! { <MyDataView data/> }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

fn done_message(code: &str) -> Option<&'static str> {
    match code {
        "rectification" => Some(
            "Demande de rectification envoyée : l'organisme vérifie et vous répond ici (en un mois au plus).",
        ),
        "effacement" => {
            Some("Demande d'effacement envoyée : l'organisme vous répond ici (en un mois au plus).")
        }
        "effacement-refuse" => {
            Some("Demande d'effacement refusée : le motif est indiqué ci-dessous.")
        }
        _ => None,
    }
}

#[component]
fn MyDataView(data: MyData) -> impl IntoView {
    let rectify = ServerAction::<RequestRectification>::new();
    let erase = ServerAction::<RequestErasure>::new();
    let done = use_query_map()
        .read_untracked()
        .get("demande")
        .and_then(|c| done_message(&c));
    let id = data.identity;
    view! {
        {done.map(|message| view! { <p class="notice" role="status">{message}</p> })}
        <section class="card" aria-labelledby="titre-telecharger">
            <h2 id="titre-telecharger">"Télécharger mes données"</h2>
            <p>"Tout ce que l'organisme certificateur détient à votre sujet : identité, inscriptions, aménagements, présence aux épreuves, résultats publiés, documents délivrés et courriels envoyés."</p>
            <p>
                <a class="button secondary" href="/candidat/mes-donnees.pdf" download="mes-donnees.pdf">"Télécharger (PDF lisible)"</a>" "
                <a class="button secondary" href="/candidat/mes-donnees.json" download="mes-donnees.json">"Télécharger (JSON réutilisable)"</a>
            </p>
            <p>"Comment vos données sont traitées et combien de temps elles sont gardées : "<a href="/confidentialite">"notice d'information"</a>"."</p>
        </section>

        <section class="card" aria-labelledby="titre-rectifier">
            <h2 id="titre-rectifier">"Corriger mon identité"</h2>
            <p>"Telle qu'elle figurera sur vos certificats et dans la déclaration à la Caisse des Dépôts. Modifiez ce qui est inexact ; l'organisme peut vous demander une pièce d'identité."</p>
            {move || rectify.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=rectify attr:class="form narrow">
                <CsrfField/>
                <div class="field"><label for="r-nom">"Nom"</label><input id="r-nom" name="last_name" required maxlength="100" value=id.last_name/></div>
                <div class="field"><label for="r-prenom">"Prénom"</label><input id="r-prenom" name="first_name" required maxlength="100" value=id.first_name/></div>
                <div class="field"><label for="r-naissance">"Date de naissance (JJ/MM/AAAA)"</label><input id="r-naissance" name="birth_date" required inputmode="numeric" value=id.birth_date.map(date_fr).unwrap_or_default()/></div>
                <div class="field"><label for="r-nom-naissance">"Nom de naissance (s'il diffère)"</label><input id="r-nom-naissance" name="birth_name" maxlength="100" value=id.birth_name/></div>
                <div class="field"><label for="r-autres">"Autres prénoms"</label><input id="r-autres" name="other_first_names" maxlength="100" value=id.other_first_names/></div>
                <div class="field"><label for="r-note">"Message à l'organisme (facultatif)"</label><textarea id="r-note" name="note" rows="2" maxlength="1000"></textarea></div>
                <button type="submit" class="button">"Demander la correction"</button>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="titre-effacer">
            <h2 id="titre-effacer">"Demander l'effacement d'une inscription"</h2>
            <p>"Possible tant qu'aucune épreuve n'a été évaluée : une fois que le jury a statué, l'organisme doit conserver sa décision (obligation légale), et la demande est refusée avec son motif."</p>
            {move || erase.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {if data.enrolments.is_empty() {
                view! { <p>"Aucune inscription."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=erase attr:class="form narrow">
                        <CsrfField/>
                        <div class="field">
                            <label for="e-inscription">"Inscription"</label>
                            <select id="e-inscription" name="enrolment_id">
                                {data.enrolments.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field"><label for="e-note">"Message à l'organisme (facultatif)"</label><textarea id="e-note" name="note" rows="2" maxlength="1000"></textarea></div>
                        <button type="submit" class="button secondary">"Demander l'effacement"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="titre-demandes">
            <h2 id="titre-demandes">"Mes demandes"</h2>
            {if data.requests.is_empty() {
                view! { <p>"Aucune demande."</p> }.into_any()
            } else {
                view! {
                    <ul>{data.requests.into_iter().map(|r| view! {
                        <li>
                            <strong>{r.kind_label()}</strong>{format!(" — {} — envoyée le {}", r.status_label(), datetime_fr(r.created_at))}
                            {r.enrolment.clone().map(|e| view! { <br/>{format!("Inscription : {e}")} })}
                            {(!r.changes.is_empty()).then(|| view! {
                                <br/>{r.changes.iter().map(|(field, now, asked)| format!("{field} : {now} → {asked}")).collect::<Vec<_>>().join(" ; ")}
                            })}
                            {r.reason.clone().map(|reason| view! { <br/>{format!("Réponse : {reason}")} })}
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}
