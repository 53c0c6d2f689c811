//! The declarations of a certification to the Caisse des Dépôts: how it is declared,
//! producing a flux (one published session, or a period), the fluxes sent with their
//! receipts, and every holder's declaration status, those past the three-month deadline
//! first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::accrochage::{DeclarationsPage, ProduceFlux, SaveRegistration, load_declarations};
use crate::domain::format::{date_fr, datetime_fr};
use crate::ui::components::csrf::{CsrfField, csrf_token};
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// Declarations page.
#[component]
pub fn CertifierDeclarations() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let query = use_query_map();
    let data = page_data(
        move || {
            let q = query.read();
            (
                id(),
                q.get("recherche").unwrap_or_default(),
                q.get("filtre").unwrap_or_default(),
                crate::ui::components::pagination::page_in(&q),
            )
        },
        |(id, search, filter, page)| load_declarations(id, search, filter, page),
    );
    view! {
        {Suspend::new(async move {
            match data.await {
                Ok(page) => view! { <Declarations page/> }.into_any(),
                Err(error) => view! { <h1>"Déclarations à la Caisse des Dépôts"</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

/// The outcome of a receipt upload, brought back in the address (`?accuse=…`) or, when
/// refused, in the one-time cookie of file uploads.
#[component]
fn ReceiptNotice() -> impl IntoView {
    let refused = crate::ui::components::import_notice::brought_back();
    let query = use_query_map();
    let done = query.read_untracked().get("accuse");
    view! {
        {refused.map(|r| view! {
            <div class="notice notice-error" role="alert" id="erreurs-import">
                <p><strong>"Accusé de traitement refusé ; rien n'a été modifié."</strong></p>
                <ul>{r.shown.into_iter().map(|p| view! { <li>{p.trim_start_matches("ligne 0 : ").to_owned()}</li> }).collect_view()}</ul>
            </div>
        })}
        {done.map(|text| view! { <div class="notice" role="status"><p>{text}</p></div> })}
    }
}

#[component]
fn Declarations(page: DeclarationsPage) -> impl IntoView {
    let id = page.certification_id;
    let produce = ServerAction::<ProduceFlux>::new();
    let register = ServerAction::<SaveRegistration>::new();
    let query = use_query_map();
    let produced = query
        .read_untracked()
        .get("produit")
        .and_then(|v| v.parse::<i32>().ok())
        .and_then(|fid| page.fluxes.iter().find(|f| f.id == fid).cloned());
    let preselected = query
        .read_untracked()
        .get("session")
        .and_then(|v| v.parse::<i32>().ok());
    let today = page.today;
    let (all, accepted, to_send, overdue) = page.counts;
    let search = query.read_untracked().get("recherche").unwrap_or_default();
    let filter = query.read_untracked().get("filtre").unwrap_or_default();
    let paging = page.paging;
    let link = {
        let (search, filter) = (search.clone(), filter.clone());
        move |n: u64| {
            crate::ui::components::pagination::page_href(
                &[("recherche", search.as_str()), ("filtre", filter.as_str())],
                n,
            )
        }
    };
    let filter_code: &'static str = crate::api::accrochage::FILTERS
        .iter()
        .find(|(code, _)| *code == filter)
        .map_or("", |(code, _)| code);
    let title = format!("Déclarations — {}", page.code);
    view! {
        <Title text=title/>
        <p><a href=format!("/certificateur/certifications/{id}")>{format!("← {}", page.title)}</a></p>
        <h1>"Déclarations à la Caisse des Dépôts"</h1>
        <p class="lead">{format!("{} — {}", page.code, page.title)}</p>
        <p>"Les titulaires d'une certification enregistrée au RNCP ou au RS, et de ses blocs, sont déclarés à la Caisse des Dépôts dans les trois mois (« accrochage ») : la certification apparaît alors dans leur espace Mon Compte Formation."</p>
        <ReceiptNotice/>
        {produced.map(|f| view! {
            <div class="notice" role="status">
                <p>{format!("Flux {} produit : {} passage(s). ", f.number, f.passages)}
                <a href=format!("/certificateur/flux/{}", f.id) download>{format!("Télécharger le flux {} (XML)", f.number)}</a></p>
                <p>"Déposez-le sur l'espace certificateur de la Caisse des Dépôts, puis importez ici son accusé de traitement."</p>
            </div>
        })}
        {(!page.settings_problems.is_empty()).then(|| view! {
            <div class="notice notice-error" role="alert">
                <p><strong>"Aucun flux ne peut être produit tant que ces paramètres manquent :"</strong></p>
                <ul>{page.settings_problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                <p><a href="/certificateur/parametres">"Identifiants Caisse des Dépôts de l'organisme"</a></p>
            </div>
        })}
        <section aria-labelledby="titre-etat">
            <h2 id="titre-etat">"Titulaires"</h2>
            <p>{format!("{all} déclaration(s) : {accepted} acceptée(s), {to_send} à envoyer, {overdue} en retard sur le délai de trois mois.")}</p>
            <nav aria-label="Filtrer les déclarations" class="filters">
                <ul class="inline-list">
                    {crate::api::accrochage::FILTERS.iter().map(|(code, label)| {
                        let href = crate::ui::components::pagination::page_href(&[("recherche", search.as_str()), ("filtre", code)], 1);
                        let current = *code == filter_code;
                        view! { <li><a href=href aria-current=current.then_some("page")>{*label}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
            <crate::ui::components::pagination::SearchForm label="Nom, numéro ou code" search=search.clone() filter=filter_code/>
            <p>{format!("{} trouvée(s) — page {} sur {}", paging.total, paging.page, paging.pages)}</p>
            {if page.rows.is_empty() {
                view! { <p>{if all == 0 { "Aucun titulaire pour le moment : les titulaires apparaissent ici une fois les résultats d'une session publiés." } else { "Aucune déclaration ne correspond." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Déclaration de chaque titulaire, les retards d'abord"</caption>
                            <thead><tr>
                                <th scope="col">"Candidat"</th>
                                <th scope="col">"Session"</th>
                                <th scope="col">"Déclaré"</th>
                                <th scope="col">"Décision"</th>
                                <th scope="col">"À déclarer avant le"</th>
                                <th scope="col">"État"</th>
                                <th scope="col">"Identité"</th>
                            </tr></thead>
                            <tbody>
                                {page.rows.iter().map(|r| {
                                    let late = r.overdue(today);
                                    let edit = format!("/certificateur/sessions/{}/candidats/{}#identite", r.session_id, r.enrolment_id);
                                    view! {
                                        <tr class=if late { "late" } else { "" }>
                                            <th scope="row">{format!("{} (n° {})", r.candidate, r.number)}</th>
                                            <td>{r.session.clone()}</td>
                                            <td>{if r.bloc { format!("Bloc {}", r.code) } else { format!("Certification {}", r.code) }}</td>
                                            <td>{date_fr(r.awarded_on)}</td>
                                            <td>{date_fr(r.deadline)}{late.then(|| view! { <strong>" — en retard"</strong> })}</td>
                                            <td>{r.state.label()}</td>
                                            <td>{if r.missing.is_empty() {
                                                view! { <a href=edit>"Complète"</a> }.into_any()
                                            } else {
                                                view! { <a href=edit>{format!("Manque : {}", r.missing.join(", "))}</a> }.into_any()
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <crate::ui::components::pagination::Pagination
                previous=(paging.page > 1).then(|| link(paging.page - 1))
                next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
        </section>
        <section aria-labelledby="titre-produire" class="card">
            <h2 id="titre-produire">"Produire un flux"</h2>
            <p>"Le flux porte ce qui n'est pas encore accepté : les nouveaux titulaires, les rejets dont l'identité a été corrigée depuis l'accusé, et les flux refusés en entier. S'il manque quoi que ce soit à un titulaire, aucun flux n'est produit et chaque candidat est listé avec ce qui lui manque."</p>
            {move || produce.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=produce attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="certification_id" value=id/>
                <div class="field">
                    <label for="flux-session">"Session publiée"</label>
                    <select id="flux-session" name="session_id">
                        <option value="0">"— toutes les sessions de la période ci-dessous —"</option>
                        {page.sessions.iter().map(|(sid, label)| view! {
                            <option value=*sid selected=preselected == Some(*sid)>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="flux-from">"Décisions du (JJ/MM/AAAA)"</label><input id="flux-from" name="from" inputmode="numeric"/></div>
                <div class="field"><label for="flux-to">"au (JJ/MM/AAAA)"</label><input id="flux-to" name="to" inputmode="numeric"/></div>
                <button type="submit" class="button">"Produire le flux"</button>
            </ActionForm>
        </section>
        <section aria-labelledby="titre-flux">
            <h2 id="titre-flux">"Flux envoyés"</h2>
            {if page.fluxes.is_empty() {
                view! { <p>"Aucun flux pour le moment."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Flux produits et leurs accusés de traitement"</caption>
                            <thead><tr>
                                <th scope="col">"Flux"</th>
                                <th scope="col">"Produit le"</th>
                                <th scope="col">"Portée"</th>
                                <th scope="col" class="num">"Passages"</th>
                                <th scope="col">"Accusé de traitement"</th>
                            </tr></thead>
                            <tbody>
                                {page.fluxes.iter().map(|f| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/certificateur/flux/{}", f.id) download>{format!("Flux {}", f.number)}</a><br/><small class="code">{f.id_flux.clone()}</small></th>
                                        <td>{datetime_fr(f.created_at)}</td>
                                        <td>{f.scope.clone()}</td>
                                        <td class="num">{f.passages}</td>
                                        <td>
                                            <p>{f.status.clone()}</p>
                                            {f.awaiting_receipt.then(|| view! {
                                                <form method="post" enctype="multipart/form-data" class="form inline"
                                                    action=format!("/certificateur/certifications/{id}/declarations?flux={}&csrf_token={}", f.id, csrf_token())>
                                                    <label for=format!("accuse-{}", f.id)>{format!("Accusé du flux {} (XML)", f.number)}</label>
                                                    <input type="file" id=format!("accuse-{}", f.id) name="fichier" accept=".xml,application/xml,text/xml" required/>
                                                    <button type="submit" class="button secondary">"Importer l'accusé"</button>
                                                </form>
                                            })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="titre-enregistrement" class="card">
            <h2 id="titre-enregistrement">"Enregistrement de la certification"</h2>
            {move || register.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=register attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="certification_id" value=id/>
                <div class="field">
                    <label for="cdc_type">"Répertoire"</label>
                    <select id="cdc_type" name="cdc_type">
                        <option value="" selected=page.cdc_type.is_empty()>"— non enregistrée —"</option>
                        <option value="RNCP" selected=page.cdc_type == "RNCP">"RNCP (répertoire national)"</option>
                        <option value="RS" selected=page.cdc_type == "RS">"RS (répertoire spécifique)"</option>
                    </select>
                </div>
                <div class="field"><label for="cdc_code">"Code de la fiche (ex. RNCP36390)"</label><input id="cdc_code" name="cdc_code" value=page.cdc_code.clone()/></div>
                <div class="field">
                    <label><input type="checkbox" name="declare_blocs" value="oui" checked=page.declare_blocs/>" Déclarer aussi les blocs validés des candidats qui n'ont pas la certification complète"</label>
                </div>
                <div class="field">
                    <label for="validity_years">"Durée de validité de la certification, en années (vide : sans limite)"</label>
                    <input id="validity_years" name="validity_years" inputmode="numeric" value=page.validity_years.map(|y| y.to_string()).unwrap_or_default()/>
                </div>
                <button type="submit" class="button">"Enregistrer"</button>
            </ActionForm>
        </section>
    }
}

/// The flux of one published session, from the session's page.
#[component]
pub fn ProduceForSession(certification_id: i32, session_id: i32) -> impl IntoView {
    let produce = ServerAction::<ProduceFlux>::new();
    view! {
        {move || produce.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        <ActionForm action=produce attr:class="form inline">
            <CsrfField/>
            <input type="hidden" name="certification_id" value=certification_id/>
            <input type="hidden" name="session_id" value=session_id/>
            <button type="submit" class="button">"Produire le flux de cette session (XML)"</button>
            " "<a href=format!("/certificateur/certifications/{certification_id}/declarations?session={session_id}")>"Suivi des déclarations et accusés de traitement"</a>
        </ActionForm>
    }
}
