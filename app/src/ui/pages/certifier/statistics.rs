//! Statistics of a session, and of a certification over years with the figures France
//! compétences asks for at renewal; charts drawn on the server with their tables, and
//! the same figures as CSV and XLSX.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::statistics::{
    CertificationStatistics, SessionStatistics, load_certification_statistics,
    load_session_statistics,
};
use crate::domain::format::decimal_fr;
use crate::domain::statistics::{Figures, tables};
use crate::ui::components::charts::{FiguresTable, Histogram, RateChart};
use crate::ui::components::loading::{ErrorNotice, page_data};

fn id_param(key: &'static str) -> impl Fn() -> i32 + Copy {
    let params = use_params_map();
    move || {
        params
            .read()
            .get(key)
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    }
}

/// Every figure: counts, rates per bloc, access route and category, each épreuve's marks.
#[component]
fn FiguresView(figures: Figures) -> impl IntoView {
    let mut all = tables(&figures).into_iter();
    let summary = all.next();
    let blocs = all.next();
    let routes = all.next();
    let categories = if figures.by_category.is_empty() {
        None
    } else {
        all.next()
    };
    let epreuves: Vec<_> = figures.epreuves.iter().cloned().zip(all).collect();
    view! {
        <section aria-labelledby="titre-effectifs">
            <h2 id="titre-effectifs">"Effectifs et résultats"</h2>
            <p class="lead">{match figures.pass.percent() {
                Some(p) => format!("{} % des présents ont obtenu la certification complète ({} sur {}).", decimal_fr(p), figures.full, figures.present),
                None => "Aucun résultat délibéré pour le moment.".to_owned(),
            }}</p>
            {summary.map(|table| view! { <FiguresTable table/> })}
        </section>
        <section aria-labelledby="titre-blocs">
            <h2 id="titre-blocs">"Validation par bloc"</h2>
            {blocs.map(|table| view! { <RateChart id="blocs" title="Part des présents ayant validé chaque bloc".to_owned() rates=figures.by_bloc.clone() table/> })}
        </section>
        <section aria-labelledby="titre-voies">
            <h2 id="titre-voies">"Par voie d'accès"</h2>
            {routes.map(|table| view! { <RateChart id="voies" title="Taux de certification par voie d'accès".to_owned() rates=figures.by_route.clone() table/> })}
        </section>
        {categories.map(|table| view! {
            <section aria-labelledby="titre-categories">
                <h2 id="titre-categories">"Par catégorie de candidat"</h2>
                <RateChart id="categories" title="Taux de certification par catégorie de candidat".to_owned() rates=figures.by_category.clone() table/>
            </section>
        })}
        <section aria-labelledby="titre-notes">
            <h2 id="titre-notes">"Répartition des notes par épreuve"</h2>
            {epreuves.into_iter().enumerate().map(|(i, (distribution, table))| view! {
                <Histogram id=format!("epreuve-{i}") distribution table/>
            }).collect_view()}
        </section>
    }
    .into_any()
}

/// A session's statistics page.
#[component]
pub fn CertifierSessionStatistics() -> impl IntoView {
    let id = id_param("id");
    let data = page_data(id, load_session_statistics);
    view! {
        {Suspend::new(async move {
            match data.await {
                Ok(page) => view! { <SessionPage page/> }.into_any(),
                Err(error) => view! { <h1>"Statistiques"</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
    .into_any()
}

#[component]
fn SessionPage(page: SessionStatistics) -> impl IntoView {
    let id = page.session_id;
    view! {
        <Title text=format!("Statistiques — {}", page.label)/>
        <p><a href=format!("/certificateur/sessions/{id}")>{format!("← {}", page.label)}</a></p>
        <h1>"Statistiques de la session"</h1>
        <p class="lead">{page.label.clone()}</p>
        <p>
            <a class="button secondary" href=format!("/certificateur/sessions/{id}/statistiques.csv") download>"Télécharger (CSV)"</a>" "
            <a class="button secondary" href=format!("/certificateur/sessions/{id}/statistiques.xlsx") download>"Télécharger (XLSX)"</a>
        </p>
        {(!page.decided).then(|| view! { <p class="notice">"La session n'est pas encore délibérée : seuls les inscrits et les notes saisies sont comptés."</p> })}
        <FiguresView figures=page.figures/>
    }
    .into_any()
}

/// A certification's statistics page.
#[component]
pub fn CertifierCertificationStatistics() -> impl IntoView {
    let id = id_param("id");
    let data = page_data(id, load_certification_statistics);
    view! {
        {Suspend::new(async move {
            match data.await {
                Ok(page) => view! { <CertificationPage page/> }.into_any(),
                Err(error) => view! { <h1>"Statistiques"</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
    .into_any()
}

#[component]
fn CertificationPage(page: CertificationStatistics) -> impl IntoView {
    let id = page.certification_id;
    let routes: Vec<String> = page
        .renewal
        .first()
        .map(|(_, per_route, _, _)| per_route.iter().map(|(r, _)| r.clone()).collect())
        .unwrap_or_default();
    view! {
        <Title text=format!("Statistiques — {}", page.code)/>
        <p><a href=format!("/certificateur/certifications/{id}")>{format!("← {}", page.title)}</a></p>
        <h1>"Statistiques de la certification"</h1>
        <p class="lead">{format!("{} — {}", page.code, page.title)}</p>
        <p>
            <a class="button secondary" href=format!("/certificateur/certifications/{id}/statistiques.csv") download>"Télécharger (CSV)"</a>" "
            <a class="button secondary" href=format!("/certificateur/certifications/{id}/statistiques.xlsx") download>"Télécharger (XLSX)"</a>
        </p>
        <section aria-labelledby="titre-renouvellement">
            <h2 id="titre-renouvellement">"Pour le renouvellement (France compétences)"</h2>
            <p>"Certifiés (certification complète) par année de session et par voie d'accès."</p>
            <div class="table-wrap">
                <table>
                    <caption>"Certifiés par année et par voie d'accès"</caption>
                    <thead><tr>
                        <th scope="col">"Année"</th>
                        {routes.iter().map(|r| view! { <th scope="col" class="num">{r.clone()}</th> }).collect_view()}
                        <th scope="col" class="num">"Total certifiés"</th>
                        <th scope="col" class="num">"Présents"</th>
                        <th scope="col" class="num">"Taux (%)"</th>
                    </tr></thead>
                    <tbody>
                        {page.renewal.iter().map(|(year, per_route, certified, present)| view! {
                            <tr>
                                <th scope="row">{*year}</th>
                                {per_route.iter().map(|(_, n)| view! { <td class="num">{*n}</td> }).collect_view()}
                                <td class="num">{*certified}</td>
                                <td class="num">{*present}</td>
                                <td class="num">{CertificationStatistics::renewal_rate(*certified, *present).map_or_else(|| "—".to_owned(), decimal_fr)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="titre-sessions-stat">
            <h2 id="titre-sessions-stat">"Par session"</h2>
            <div class="table-wrap">
                <table>
                    <caption>"Résultats de chaque session"</caption>
                    <thead><tr>
                        <th scope="col">"Session"</th><th scope="col" class="num">"Inscrits"</th><th scope="col" class="num">"Présents"</th>
                        <th scope="col" class="num">"Certifiés"</th><th scope="col" class="num">"Partiels"</th><th scope="col" class="num">"Taux (%)"</th>
                    </tr></thead>
                    <tbody>
                        {page.sessions.iter().map(|s| view! {
                            <tr>
                                <th scope="row"><a href=format!("/certificateur/sessions/{}/statistiques", s.id)>{s.label.clone()}</a></th>
                                <td class="num">{s.enrolled}</td><td class="num">{s.present}</td>
                                <td class="num">{s.full}</td><td class="num">{s.partial}</td>
                                <td class="num">{s.rate.map_or_else(|| "—".to_owned(), decimal_fr)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <FiguresView figures=page.figures/>
    }
    .into_any()
}
