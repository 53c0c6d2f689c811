//! Training attendance and unjustified absence rates of a session's candidates, entered
//! in one table, a page of 50 at a time (`/certificateur/sessions/:id/assiduite`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::rates::{RatesPage, SaveRates, load_rates};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::Pagination;

/// The table page.
#[component]
pub fn CertifierRates() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let search = move || query.read().get("recherche").unwrap_or_default();
    let page = move || crate::ui::components::pagination::page_in(&query.read());
    let saved = move || query.read().get("enregistres");
    let save = ServerAction::<SaveRates>::new();
    let data = page_data(
        move || (id(), search(), page()),
        |(id, search, page)| load_rates(id, search, page - 1),
    );
    view! {
        <Title text="Assiduité des candidats"/>
        <p><a href=move || format!("/certificateur/sessions/{}", id())>"← Session"</a></p>
        <h1>"Assiduité des candidats"</h1>
        {move || saved().map(|n| view! {
            <div class="notice notice-success" role="status"><p>{format!("Enregistré : {n} candidat(s) modifié(s).")}</p></div>
        })}
        {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        <form method="get" class="form inline" role="search">
            <div class="field">
                <label for="recherche-assiduite">"Nom ou numéro"</label>
                <input id="recherche-assiduite" name="recherche" type="search" value=search/>
            </div>
            <button type="submit" class="button secondary">"Rechercher"</button>
        </form>
            {Suspend::new(async move {
                match data.await {
                    Ok(rates) => view! { <RatesTable rates id=id() search=search() save/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn RatesTable(rates: RatesPage, id: i32, search: String, save: ServerAction<SaveRates>) -> AnyView {
    let rule = match (&rates.min_attendance, rates.penalised) {
        (Some(min), true) => format!("Cette certification exige une assiduité d'au moins {min} et pénalise les absences injustifiées : les deux taux sont nécessaires pour décider."),
        (Some(min), false) => format!("Cette certification exige une assiduité d'au moins {min} des heures de formation : sans ce taux, le résultat du candidat reste en attente (« assiduité non renseignée »)."),
        (None, true) => "Cette certification pénalise les absences injustifiées par tranches : sans ce taux (0 s'il n'y en a pas), le résultat reste en attente.".to_owned(),
        (None, false) => "Cette certification n'exige pas d'assiduité minimale et ne pénalise pas les absences : ces taux sont facultatifs.".to_owned(),
    };
    let current = rates.page + 1;
    let link = {
        let search = search.clone();
        move |page: u64| {
            format!(
                "/certificateur/sessions/{id}/assiduite?{}",
                crate::domain::html::query_string(&[
                    ("recherche", search.as_str()),
                    ("page", &page.to_string())
                ])
            )
        }
    };
    let disabled = rates.frozen;
    view! {
        <p>{rule}</p>
        {disabled.then(|| view! { <p class="notice notice-warning">"La délibération est close : les taux ne peuvent plus changer."</p> })}
        <p role="status">{format!("{} candidat(s) — page {} sur {}", rates.total, current, rates.pages)}</p>
        <ActionForm action=save attr:class="form">
            <CsrfField/>
            <input type="hidden" name="session_id" value=id/>
            <input type="hidden" name="search" value=search.clone()/>
            <input type="hidden" name="page" value=rates.page/>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Assiduité et absences injustifiées"</caption>
                    <thead><tr>
                        <th scope="col">"Candidat"</th><th scope="col">"Groupe"</th>
                        <th scope="col">"Assiduité (%)"</th><th scope="col">"Absences injustifiées (%)"</th>
                    </tr></thead>
                    <tbody>
                        {rates.rows.into_iter().enumerate().map(|(i, r)| {
                            let label = format!("{} — {}", r.number, r.name);
                            view! {
                                <tr>
                                    <th scope="row">{label.clone()}<input type="hidden" name=format!("rows[{i}][enrolment_id]") value=r.enrolment_id/></th>
                                    <td>{r.group.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                    <td><input name=format!("rows[{i}][attendance]") value=r.attendance.clone() inputmode="decimal" size="6" disabled=disabled aria-label=format!("Assiduité de {label}")/></td>
                                    <td><input name=format!("rows[{i}][absence]") value=r.absence.clone() inputmode="decimal" size="6" disabled=disabled aria-label=format!("Absences injustifiées de {label}")/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!disabled).then(|| view! { <button type="submit" class="button">"Enregistrer cette page"</button> })}
        </ActionForm>
        <Pagination
            previous=(current > 1).then(|| link(current - 1))
            next=(current < rates.pages).then(|| link(current + 1))/>
    }
    .into_any()
}
