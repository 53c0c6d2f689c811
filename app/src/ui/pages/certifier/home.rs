//! The certifier's dashboard: certifications and sessions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::{CertifierDashboard, load_certifier_dashboard};
use crate::ui::components::loading::{ErrorNotice, Loading};
use crate::ui::components::session_summary::session_dates;

/// Tableau de bord du certificateur.
#[component]
pub fn CertifierHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_certifier_dashboard());
    view! {
        <Title text="Tableau de bord"/>
        <h1>"Tableau de bord"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dashboard) => view! { <Dashboard dashboard/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
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
            <p><a class="button" href="/certificateur/sessions/nouvelle">"Nouvelle session"</a></p>
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
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
