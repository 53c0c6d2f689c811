//! What a jury member grades in a session: only the candidates and épreuves allocated
//! to them.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::grading::SheetStatus;
use crate::api::grading::{Moderate, ReopenAsPresident, load_presided_moderations};
use crate::api::juries::{
    AllocationRow, MyGradings, load_my_candidate, load_my_gradings, load_presidency, status_code,
};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::moderation::ModerationList;
use crate::ui::components::pagination::{Pagination, SearchForm, page_href, page_in};

fn param(key: &'static str) -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get(key)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    }
}

/// My gradings in a session.
#[component]
pub fn JurySession() -> impl IntoView {
    let id = param("id");
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        (
            q.get("statut").unwrap_or_default(),
            q.get("recherche").unwrap_or_default(),
            page_in(&q),
        )
    };
    let mine = page_data(
        move || (id(), filter()),
        |(id, (status, search, page))| load_my_gradings(id, status, search, page),
    );
    let presidency = page_data(id, load_presidency);
    let moderations = page_data(id, load_presided_moderations);
    // The page's three loads awaited in one `Suspend`: sibling `Suspend`s stalled the
    // server's rendering of this page under concurrent loads (leptos #4851, #4578).
    let data = async move { (mine.await, presidency.await, moderations.await) };
    let reopen = ServerAction::<ReopenAsPresident>::new();
    let moderate = ServerAction::<Moderate>::new();
    view! {
            {Suspend::new(async move {
                let (mine, presidency, moderations) = data.await;
                let session = id();
                let gradings = match mine {
                    Ok(mine) => {
                        let (status, search, _) = filter();
                        let label = mine.label.clone();
                        view! {
                            <Title text=format!("Mes corrections — {label}")/>
                            <p><a href="/jury">"← Mes jurys"</a></p>
                            <h1>"Mes corrections"</h1>
                            <p class="lead">{label}</p>
                            <p><a class="button secondary" href=format!("/jury/sessions/{session}/deliberation")>"Délibération et procès-verbal"</a></p>
                            <MyList mine session status search/>
                        }.into_any()
                    }
                    Err(error) => view! { <h1>"Mes corrections"</h1><ErrorNotice error/> }.into_any(),
                };
                let presided = match presidency {
                    Ok(rows) if !rows.is_empty() => view! { <Presidency rows session reopen/> }.into_any(),
                    _ => ().into_any(),
                };
                let moderated = match moderations {
                    Ok(items) => view! { <ModerationList session_id=session items action=moderate/> }.into_any(),
                    Err(_) => ().into_any(),
                };
                view! { {gradings} {presided} {moderated} }
            })}
    }
}

/// The member's sheets: counts by status (each a filter), search, one page.
#[component]
fn MyList(mine: MyGradings, session: i32, status: String, search: String) -> AnyView {
    let progress = mine.progress;
    let all = progress.to_grade + progress.draft + progress.submitted + progress.locked;
    if all == 0 {
        return view! { <p>"Aucune correction ne vous est encore attribuée."</p> }.into_any();
    }
    let paging = mine.paging;
    let link = {
        let (status, search) = (status.clone(), search.clone());
        move |n: u64| {
            page_href(
                &[("statut", status.as_str()), ("recherche", search.as_str())],
                n,
            )
        }
    };
    let filters = [
        (None, "Toutes", all),
        (Some(SheetStatus::ToGrade), "À corriger", progress.to_grade),
        (Some(SheetStatus::Draft), "Brouillons", progress.draft),
        (Some(SheetStatus::Submitted), "Soumises", progress.submitted),
        (Some(SheetStatus::Locked), "Verrouillées", progress.locked),
    ];
    view! {
        <nav aria-label="Filtrer par état" class="filters">
            <ul class="inline-list">
                {filters.into_iter().map(|(s, name, n)| {
                    let code = s.map(status_code).unwrap_or_default();
                    let href = page_href(&[("statut", code), ("recherche", search.as_str())], 1);
                    let current = (code == status).then_some("page");
                    view! { <li><a href=href aria-current=current>{format!("{name} ({n})")}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
        <SearchForm label="Nom ou numéro du candidat" search=search.clone()/>
        <p role="status">{format!(
            "{} fiche(s) trouvée(s) — page {} sur {}",
            paging.total, paging.page, paging.pages
        )}</p>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Candidats et épreuves à corriger"</caption>
                <thead><tr><th scope="col">"Candidat"</th><th scope="col">"Épreuve"</th><th scope="col">"Correction"</th><th scope="col">"État"</th></tr></thead>
                <tbody>
                    {mine.rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row"><a href=format!("/jury/sessions/{session}/candidats/{}", r.enrolment_id)>{r.candidate.clone()}</a></th>
                            <td>{r.epreuve.clone()}</td>
                            <td>{if r.rank > 1 { "Deuxième correcteur" } else { "Correcteur" }}</td>
                            <td><a href=format!("/jury/sessions/{session}/candidats/{}/epreuves/{}", r.enrolment_id, r.epreuve_id)>{r.status.label()}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination
            previous=(paging.page > 1).then(|| link(paging.page - 1))
            next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
    }
    .into_any()
}

/// One allocated candidate.
#[component]
pub fn JuryCandidate() -> impl IntoView {
    let id = param("id");
    let enrolment = param("enrolment");
    let data = page_data(
        move || (id(), enrolment()),
        |(session, enrolment)| load_my_candidate(session, enrolment),
    );
    view! {
            {Suspend::new(async move {
                match data.await {
                    Ok((label, rows)) => {
                        let candidate = rows.first().map(|r| r.candidate.clone()).unwrap_or_default();
                        view! {
                            <Title text=candidate.clone()/>
                            <p><a href=format!("/jury/sessions/{}", id())>{format!("← {label}")}</a></p>
                            <h1>{candidate}</h1>
                            <h2>"Épreuves à corriger"</h2>
                            <ul>{rows.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/jury/sessions/{}/candidats/{}/epreuves/{}", id(), r.enrolment_id, r.epreuve_id)>{r.epreuve.clone()}</a>
                                    {if r.rank > 1 { " — deuxième correcteur" } else { "" }}
                                </li>
                            }).collect_view()}</ul>
                        }.into_any()
                    }
                    Err(error) => view! { <h1>"Candidat"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

/// The president's submitted sheets of the session, each with a reopen form.
#[component]
fn Presidency(
    rows: Vec<AllocationRow>,
    session: i32,
    reopen: ServerAction<ReopenAsPresident>,
) -> AnyView {
    view! {
        <section aria-labelledby="titre-presidence" class="card">
            <h2 id="titre-presidence">"Présidence : fiches soumises"</h2>
            <p>"Une fiche rouverte redevient un brouillon pour son correcteur ; le motif est conservé."</p>
            {move || reopen.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ul>
                {rows.into_iter().map(|r| {
                    let reason_id = format!("motif-presidence-{}", r.id);
                    view! {
                        <li>
                            {format!("{} — {} ({})", r.candidate, r.epreuve, r.grader)}
                            <ActionForm action=reopen attr:class="inline">
                                <CsrfField/>
                                <input type="hidden" name="session_id" value=session/>
                                <input type="hidden" name="allocation_id" value=r.id/>
                                <label for=reason_id.clone() class="visually-hidden">"Motif de réouverture"</label>
                                <input id=reason_id name="reason" placeholder="Motif de réouverture" required/>
                                <button type="submit" class="button secondary">"Rouvrir"</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
