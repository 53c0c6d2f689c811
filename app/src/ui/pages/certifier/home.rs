//! The certifier's dashboard: certifications and sessions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::certifications::CreateCertification;
use crate::api::dashboard::{CertifierDashboard, load_certifier_dashboard};
use crate::domain::templates;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::session_summary::session_dates;

/// Tableau de bord du certificateur.
#[component]
pub fn CertifierHome() -> impl IntoView {
    let data = page_data(|| (), |_| load_certifier_dashboard());
    view! {
        <Title text="Tableau de bord"/>
        <h1>"Tableau de bord"</h1>
            {Suspend::new(async move {
                match data.await {
                    Ok(dashboard) => view! { <Dashboard dashboard/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn Dashboard(dashboard: CertifierDashboard) -> impl IntoView {
    let certification_count = dashboard.certifications.len();
    let session_count = dashboard.sessions.len();
    view! {
        <p class="lead">{dashboard.organisation.clone()}</p>
        <section aria-labelledby="titre-sessions">
            <h2 id="titre-sessions">{format!("Sessions ({session_count})")}</h2>
            <p>
                <a class="button" href="/certificateur/sessions/nouvelle">"Nouvelle session"</a>" "
                <a class="button secondary" href="/certificateur/jures">"Vivier des membres de jury"</a>
                <a class="button secondary" href="/certificateur/comptes">"Comptes"</a>" "
                <a class="button secondary" href="/certificateur/parametres">"Paramètres de l'organisme"</a>" "
                <a class="button secondary" href="/certificateur/donnees-personnelles">"Données personnelles"</a>
            </p>
            {if dashboard.sessions.is_empty() {
                view! { <p>"Aucune session pour le moment."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Sessions d'examen"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Session"</th>
                                    <th scope="col">"Certification"</th>
                                    <th scope="col">"Dates"</th>
                                    <th scope="col">"Lieu"</th>
                                    <th scope="col">"État"</th>
                                    <th scope="col" class="num">"Inscrits"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {dashboard.sessions.iter().map(|s| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/certificateur/sessions/{}", s.id)>{s.label.clone()}</a></th>
                                        <td>{s.certification_code.clone()}</td>
                                        <td>{session_dates(s)}</td>
                                        <td>{s.place.clone()}</td>
                                        <td>{s.status.label()}</td>
                                        <td class="num">{s.enrolled}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="titre-certifications">
            <h2 id="titre-certifications">{format!("Certifications ({certification_count})")}</h2>
            <NewCertification/>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Certifications du certificateur"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Code"</th>
                            <th scope="col">"Intitulé"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Niveau"</th>
                            <th scope="col" class="num">"Version"</th>
                            <th scope="col" class="num">"Blocs"</th>
                            <th scope="col">"Caisse des Dépôts"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {dashboard.certifications.iter().map(|c| view! {
                            <tr>
                                <td>{c.code.clone()}</td>
                                <th scope="row">
                                    <a href=format!("/certificateur/certifications/{}", c.id)>{c.title.clone()}</a>
                                    {c.template_key.clone().map(|key| view! {
                                        <span class="tag">{format!("modèle {key}")}</span>
                                    })}
                                </th>
                                <td>{c.kind.label()}</td>
                                <td>{c.level.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                <td class="num">{c.version}</td>
                                <td class="num">{c.bloc_count}</td>
                                <td><a href=format!("/certificateur/certifications/{}/declarations", c.id)>"Déclarations CDC"</a></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Creating a certification from one of the five built-in templates, or from scratch.
#[component]
fn NewCertification() -> impl IntoView {
    let create = ServerAction::<CreateCertification>::new();
    view! {
        <details class="request">
            <summary>"Créer une certification"</summary>
            {move || create.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=create attr:class="form narrow">
                <CsrfField/>
                <div class="field">
                    <label for="template">"Modèle"</label>
                    <select id="template" name="template">
                        {templates::all().into_iter().map(|t| view! {
                            <option value=t.key>{format!("{} — {} ({})", t.key, t.title, t.code)}</option>
                        }).collect_view()}
                        <option value=templates::BLANK>"Sans modèle — référentiel vierge à compléter"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="kind">"Type (référentiel vierge)"</label>
                    <select id="kind" name="kind">
                        {templates::CertificationKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code()>{k.label()}</option>
                        }).collect_view()}
                    </select>
                    <p class="hint">"Un référentiel vierge commence par un bloc et une épreuve notée sur 20, à modifier ensuite."</p>
                </div>
                <div class="field">
                    <label for="code">"Code (RNCP, RS ou interne)"</label>
                    <input id="code" name="code" type="text" required/>
                </div>
                <div class="field">
                    <label><input type="checkbox" name="shared" value="oui"/>" Co-certification : ce code est aussi celui d'une certification d'un autre organisme (votre confirmation est consignée au journal)"</label>
                </div>
                <div class="field">
                    <label for="title">"Intitulé"</label>
                    <input id="title" name="title" type="text" required/>
                </div>
                <button type="submit" class="button">"Créer la certification"</button>
            </ActionForm>
        </details>
    }
}
