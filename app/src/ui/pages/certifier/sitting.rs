//! One sitting on exam day: attendance of each candidate (with their accommodations and
//! end time), identity check, incidents, fraud reports, and the attendance sheet.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::exam_day::{
    GeneratePassages, RecordAttendance, RecordFraud, SlotCandidate, SlotPage, UpdatePassage,
    load_slot,
};
use crate::domain::exam_day::{AttendanceKind, SittingFilter};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::{Pagination, SearchForm, page_href, page_in};

/// The sitting page.
#[component]
pub fn CertifierSitting() -> impl IntoView {
    let params = use_params_map();
    let number = move |key: &str| {
        params
            .read()
            .get(key)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let attendance = ServerAction::<RecordAttendance>::new();
    let fraud = ServerAction::<RecordFraud>::new();
    let generate = ServerAction::<GeneratePassages>::new();
    let update = ServerAction::<UpdatePassage>::new();
    let query = use_query_map();
    let filter = move || SittingFilter::parse(&query.read().get("filtre").unwrap_or_default());
    let search = move || query.read().get("recherche").unwrap_or_default();
    let page = move || page_in(&query.read());
    let data = page_data(
        move || (number("id"), number("slot"), filter(), search(), page()),
        |(session, slot, filter, search, page)| {
            load_slot(session, slot, filter.code().to_owned(), search, page)
        },
    );
    view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Sitting page filter=filter() search=search() attendance fraud generate update/> }.into_any(),
                    Err(error) => view! { <h1>"Épreuve"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn Sitting(
    page: SlotPage,
    filter: SittingFilter,
    search: String,
    attendance: ServerAction<RecordAttendance>,
    fraud: ServerAction<RecordFraud>,
    generate: ServerAction<GeneratePassages>,
    update: ServerAction<UpdatePassage>,
) -> AnyView {
    let (session, slot) = (page.session_id, page.slot_id);
    let paging = page.paging;
    let link = {
        let search = search.clone();
        move |n: u64| {
            format!(
                "{}#titre-candidats",
                page_href(
                    &[("filtre", filter.code()), ("recherche", search.as_str())],
                    n
                )
            )
        }
    };
    let passages = page.individual.then(|| {
        view! { <Passages rows=page.rows.clone() phases=page.phases.clone() session slot_id=slot generate update/> }.into_any()
    });
    view! {
        <Title text=format!("Émargement — {}", page.epreuve)/>
        <p><a href=format!("/certificateur/sessions/{session}")>{format!("← {}", page.session_label)}</a></p>
        <h1>{page.epreuve.clone()}</h1>
        <p class="lead">{format!("{} — {}", page.starts, page.place)}</p>
        <p><a class="button secondary" href=format!("/certificateur/sessions/{session}/emargement/{slot}")>"Feuille d'émargement (PDF)"</a></p>
        {move || attendance.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || fraud.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        <h2 id="titre-candidats">{format!("Candidats ({})", page.seated)}</h2>
        <nav aria-label="Filtres" class="filters">
            <ul class="inline-list">
                {SittingFilter::ALL.into_iter().zip(page.counts.iter().copied()).map(|(f, n)| {
                    let href = format!("{}#titre-candidats", page_href(&[("filtre", f.code()), ("recherche", search.as_str())], 1));
                    view! { <li><a href=href aria-current=(f == filter).then_some("page")>{format!("{} ({n})", f.label())}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
        <SearchForm label="Nom ou numéro" search=search.clone() filter=filter.code()/>
        <p role="status">{format!("{} candidat(s) — page {} sur {}", paging.total, paging.page, paging.pages)}</p>
        {passages}
        {page.rows.is_empty().then(|| view! { <p>"Aucun candidat ne correspond."</p> })}
        {page.rows.into_iter().map(|row| view! { <CandidateCard row session slot_id=slot attendance fraud/> }).collect_view()}
        <Pagination
            previous=(paging.page > 1).then(|| link(paging.page - 1))
            next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
    }
    .into_any()
}

/// The order and times of individual passages, generated then corrected one by one.
#[component]
fn Passages(
    rows: Vec<SlotCandidate>,
    phases: String,
    session: i32,
    slot_id: i32,
    generate: ServerAction<GeneratePassages>,
    update: ServerAction<UpdatePassage>,
) -> impl IntoView {
    let planned = rows.iter().any(|r| r.passage.is_some());
    let slot = slot_id;
    view! {
        <section class="card" aria-labelledby="titre-passages">
            <h2 id="titre-passages">"Passages individuels"</h2>
            <p>{format!("Chaque candidat passe seul : {phases}. Un tiers-temps ou des pauses compensées allongent son propre passage ; sa convocation indique son heure.")}</p>
            {move || generate.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {move || update.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {planned.then(|| view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Ordre et heures de passage"</caption>
                        <thead><tr>
                            <th scope="col" class="num">"N°"</th><th scope="col">"Candidat"</th><th scope="col">"Horaire"</th>
                            <th scope="col">"Salle"</th><th scope="col">"Examinateurs"</th><th scope="col">"Modifier"</th>
                        </tr></thead>
                        <tbody>
                            {rows.iter().filter_map(|r| r.passage.clone().map(|p| (r.clone(), p))).map(|(r, p)| {
                                let label = format!("{} — {}", r.number, r.name);
                                view! {
                                    <tr>
                                        <td class="num">{p.position}</td>
                                        <th scope="row">{label.clone()}</th>
                                        <td>{p.span.clone()}</td>
                                        <td>{if p.room.is_empty() { "—".to_owned() } else { p.room.clone() }}</td>
                                        <td>{if p.examiners.is_empty() { "—".to_owned() } else { p.examiners.clone() }}</td>
                                        <td>
                                            <ActionForm action=update attr:class="form inline">
                                                <CsrfField/>
                                                <input type="hidden" name="session_id" value=session/>
                                                <input type="hidden" name="slot_id" value=slot/>
                                                <input type="hidden" name="passage_id" value=p.id/>
                                                <input name="start" value=p.start.clone() size="5" aria-label=format!("Heure de passage de {label} (HH:MM)")/>
                                                <input name="room" value=p.room.clone() size="10" aria-label=format!("Salle de {label}")/>
                                                <button type="submit" class="button small secondary">"Enregistrer"</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <details class="request" open=!planned>
                <summary>{if planned { "Générer à nouveau les passages" } else { "Générer les passages" }}</summary>
                {planned.then(|| view! { <p class="notice notice-warning">"Générer à nouveau remplace les heures et salles modifiées à la main."</p> })}
                <ActionForm action=generate attr:class="form">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=session/>
                    <input type="hidden" name="slot_id" value=slot/>
                    <div class="field"><label for="passages-battement">"Battement entre deux candidats (min)"</label><input id="passages-battement" name="gap" value="5" inputmode="numeric"/></div>
                    <div class="field"><label for="passages-tous">"Pause des examinateurs tous les (candidats)"</label><input id="passages-tous" name="every" value="4" inputmode="numeric"/></div>
                    <div class="field"><label for="passages-pause">"Durée de la pause (min)"</label><input id="passages-pause" name="pause" value="15" inputmode="numeric"/></div>
                    <button type="submit" class="button">{if planned { "Générer à nouveau" } else { "Générer les passages" }}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn CandidateCard(
    row: SlotCandidate,
    session: i32,
    slot_id: i32,
    attendance: ServerAction<RecordAttendance>,
    fraud: ServerAction<RecordFraud>,
) -> AnyView {
    let id = row.enrolment_id;
    let slot = slot_id;
    let f = move |name: &str| format!("{name}-{id}");
    let status = row.attendance.as_ref().map_or_else(
        || "Présence non encore relevée".to_owned(),
        |a| {
            let mut text = a.kind.label().to_owned();
            if a.identity_checked {
                text.push_str(", identité contrôlée");
            }
            if let Some(reason) = &a.reason {
                text.push_str(&format!(" — {reason}"));
            }
            if let Some(document) = &a.document_ref {
                text.push_str(&format!(" (justificatif {document})"));
            }
            if let Some(incident) = &a.incident {
                text.push_str(&format!(" — incident : {incident}"));
            }
            text
        },
    );
    view! {
        <article class="card">
            <h2>{format!("{} — {}", row.number, row.name)}</h2>
            {(!row.accommodations.is_empty()).then(|| view! { <p>{format!("Aménagements : {} ; fin à {}", row.accommodations, row.end)}</p> })}
            <p role="status">{status}</p>
            {(!row.frauds.is_empty()).then(|| view! {
                <ul>{row.frauds.iter().map(|r| view! {
                    <li>{format!("Fraude : {}{}", r.facts, r.refusal_mention.as_ref().map(|m| format!(" — refus de contresigner : {m}")).unwrap_or_else(|| " — contresigné".to_owned()))}</li>
                }).collect_view()}</ul>
            })}
            <details class="request">
                <summary>"Relever la présence"</summary>
                <ActionForm action=attendance attr:class="form narrow">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=session/>
                    <input type="hidden" name="slot_id" value=slot/>
                    <input type="hidden" name="enrolment_id" value=id/>
                    <div class="field">
                        <label for=f("presence")>"Présence"</label>
                        <select id=f("presence") name="kind">
                            {AttendanceKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id=f("identite") name="identity_checked" value="on"/>
                        <label for=f("identite")>"Identité contrôlée"</label>
                    </div>
                    <div class="field"><label for=f("motif")>"Motif de l'absence (justifiée)"</label><input id=f("motif") name="reason"/></div>
                    <div class="field"><label for=f("justificatif")>"Référence du justificatif"</label><input id=f("justificatif") name="document_ref"/></div>
                    <div class="field"><label for=f("incident")>"Incident"</label><textarea id=f("incident") name="incident" rows="2"></textarea></div>
                    <button type="submit" class="button">"Enregistrer"</button>
                </ActionForm>
            </details>
            <details class="request">
                <summary>"Rapport de fraude"</summary>
                <ActionForm action=fraud attr:class="form narrow">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=session/>
                    <input type="hidden" name="slot_id" value=slot/>
                    <input type="hidden" name="enrolment_id" value=id/>
                    <div class="field"><label for=f("faits")>"Faits constatés"</label><textarea id=f("faits") name="facts" rows="3" required></textarea></div>
                    <div class="field checkbox">
                        <input type="checkbox" id=f("contreseing") name="countersigned" value="on"/>
                        <label for=f("contreseing")>"Contresigné par le candidat"</label>
                    </div>
                    <div class="field"><label for=f("refus")>"Sinon, mention du refus de contresigner"</label><input id=f("refus") name="refusal_mention"/></div>
                    <button type="submit" class="button">"Enregistrer le rapport"</button>
                </ActionForm>
            </details>
        </article>
    }
    .into_any()
}
