//! A session: summary, enrolled candidates and the import of a candidates file.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::convocations::{ConvocationStatus, SendConvocations, load_convocations};
use crate::api::sessions::{
    AddCandidate, EnrolAgain, ScheduleEpreuve, SessionDetail, SlotRow, load_session,
};
use crate::domain::candidate::AccessRoute;
use crate::domain::convocation::Deadline;
use crate::domain::format::{date_fr, datetime_fr as instant_fr};
use crate::domain::schedule::{datetime_fr, end_time, time_fr};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::csrf::csrf_token;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::import_notice::ImportNotice;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::{Pagination, SearchForm, page_href, page_in};
use crate::ui::components::session_summary::SessionSummary;

/// Session page: `?recherche=` and `?page=` choose the candidates shown, `?envois=`
/// the page of the email log.
#[component]
pub fn CertifierSession() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let search = move || query.read().get("recherche").unwrap_or_default();
    let page = move || page_in(&query.read());
    let sent_page = move || {
        query
            .read()
            .get("envois")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let schedule = ServerAction::<ScheduleEpreuve>::new();
    let add = ServerAction::<AddCandidate>::new();
    let again = ServerAction::<EnrolAgain>::new();
    let data = page_data(
        move || (id(), search(), page()),
        |(id, search, page)| load_session(id, search, page),
    );
    view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! {
                        <SessionPage detail search=search() sent_page=sent_page() schedule add again/>
                    }.into_any(),
                    Err(error) => view! { <h1>"Session"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn SessionPage(
    detail: SessionDetail,
    search: String,
    sent_page: u64,
    schedule: ServerAction<ScheduleEpreuve>,
    add: ServerAction<AddCandidate>,
    again: ServerAction<EnrolAgain>,
) -> impl IntoView {
    let id = detail.session.id;
    let paging = detail.paging;
    let link = {
        let search = search.clone();
        move |page: u64| page_href(&[("recherche", search.as_str())], page)
    };
    let has_categories = !detail.categories.is_empty();
    let has_options = !detail.optional_units.is_empty();
    view! {
        <Title text=detail.session.label.clone()/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>{detail.session.label.clone()}</h1>
        <SessionSummary session=detail.session.clone()/>
        <p>
            <a class="button secondary" href=format!("/certificateur/sessions/{}/jury", id.0)>"Jury et répartition des corrections"</a>" "
            <a class="button secondary" href=format!("/certificateur/sessions/{}/assiduite", id.0)>"Assiduité"</a>" "
            <a class="button secondary" href=format!("/certificateur/sessions/{}/resultats", id.0)>"Résultats calculés"</a>
            <a class="button secondary" href=format!("/certificateur/sessions/{}/deliberation", id.0)>"Délibération et PV"</a>" "
            <a class="button secondary" href=format!("/certificateur/sessions/{}/statistiques", id.0)>"Statistiques"</a>
            {matches!(detail.session.status, crate::domain::status::SessionStatus::Signed | crate::domain::status::SessionStatus::Published | crate::domain::status::SessionStatus::Archived).then(|| view! {
                " "<a class="button secondary" href=format!("/certificateur/sessions/{}/archive.zip", id.0) download>"Archive de la session (ZIP)"</a>
            })}
        </p>
        {matches!(detail.session.status, crate::domain::status::SessionStatus::Published | crate::domain::status::SessionStatus::Archived).then(|| {
            let cert = detail.session.certification_id;
            view! {
                <section aria-labelledby="titre-accrochage" class="card">
                    <h2 id="titre-accrochage">"Déclaration des titulaires à la Caisse des Dépôts"</h2>
                    <p>"Les résultats sont publiés : les titulaires sont à déclarer dans les trois mois pour qu'ils apparaissent dans Mon Compte Formation."</p>
                    <crate::ui::pages::certifier::declarations::ProduceForSession certification_id=cert session_id=id.0/>
                </section>
            }
        })}
        <ImportNotice refused="aucun candidat n'a été ajouté" done="candidat(s) importé(s) et inscrit(s) à la session"/>
        {(!detail.optional_units.is_empty()).then(|| view! {
            <p class="hint">{format!("Unités facultatives de cette certification (colonne « Unités facultatives » du fichier, séparées par des virgules : code ou libellé) : {}.", detail.optional_units.iter().map(|(code, title)| format!("{code} — {title}")).collect::<Vec<_>>().join(" ; "))}</p>
        })}
        {(!detail.categories.is_empty()).then(|| view! {
            <p class="hint">{format!("Catégories de candidats de cette certification (colonne « Catégorie » du fichier : code ou libellé) : {}.", detail.categories.iter().map(|(code, label)| format!("{code} — {label}")).collect::<Vec<_>>().join(" ; "))}</p>
        })}
        <section aria-labelledby="titre-candidats">
            <h2 id="titre-candidats">{format!("Candidats inscrits ({})", detail.enrolled)}</h2>
            {(detail.enrolled > 0).then(|| view! {
                <SearchForm label="Nom, numéro ou courriel" search=search.clone()/>
                <p role="status">{format!(
                    "{} candidat(s) trouvé(s) sur {} — page {} sur {}",
                    paging.total, detail.enrolled, paging.page, paging.pages
                )}</p>
            })}
            {if detail.candidates.is_empty() {
                view! { <p>{if detail.enrolled == 0 { "Aucun candidat inscrit." } else { "Aucun candidat ne correspond." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Candidats inscrits à la session"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"N°"</th>
                                    <th scope="col">"Nom"</th>
                                    <th scope="col">"Date de naissance"</th>
                                    <th scope="col">"Courriel"</th>
                                    <th scope="col">"Voie d'accès"</th>
                                    {has_categories.then(|| view! { <th scope="col">"Catégorie"</th> })}
                                    {has_options.then(|| view! { <th scope="col">"Unités facultatives"</th> })}
                                    <th scope="col">"Blocs acquis"</th>
                                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {detail.candidates.iter().map(|c| view! {
                                    <tr>
                                        <td>{c.number.clone()}</td>
                                        <th scope="row">{format!("{} {}", c.last_name.to_uppercase(), c.first_name)}</th>
                                        <td>{date_fr(c.birth_date)}</td>
                                        <td>{c.email.clone()}</td>
                                        <td>{c.access_route.label()}</td>
                                        {has_categories.then(|| view! { <td>{c.category.as_deref().map_or_else(|| "à préciser".to_owned(), crate::domain::templates::category_label)}</td> })}
                                        {has_options.then(|| view! { <td>{if c.options.is_empty() { "aucune".to_owned() } else { c.options.join(", ") }}</td> })}
                                        <td>{if c.capitalised.is_empty() { "—".to_owned() } else { c.capitalised.join(" ; ") }}</td>
                                        <td>
                                            <a href=format!("/certificateur/sessions/{}/candidats/{}", id.0, c.enrolment_id.0) aria-label=format!("Modifier {} {}", c.first_name, c.last_name)>"Modifier"</a>" · "
                                            <a href=format!("/certificateur/sessions/{}/candidats/{}/historique", id.0, c.enrolment_id.0) aria-label=format!("Historique de {} {}", c.first_name, c.last_name)>"Historique"</a>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <Pagination
                previous=(paging.page > 1).then(|| link(paging.page - 1))
                next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
        </section>
        <Timetable detail=detail.clone() schedule/>
        <Convocations session_id=id.0 search=search.clone() page=paging.page sent_page/>
        <AccommodationSummary session_id=id.0 counts=detail.accommodations/>
        <AddCandidateForm session_id=id.0 categories=detail.categories.clone() optional_units=detail.optional_units.clone() add/>
        <EnrolAgainForm session_id=id.0 again/>
        <section aria-labelledby="titre-import" class="card">
            <h2 id="titre-import">"Importer des candidats (CSV)"</h2>
            <p>
                "Fichier exporté d'Excel (« CSV UTF-8 »), séparateur point-virgule ou virgule, une ligne d'en-tête : "
                <code>"Nom;Prénom;Date de naissance;Courriel;Voie d'accès"</code>
                " (colonnes facultatives : Catégorie, Groupe, Assiduité, Absences injustifiées — en %). Dates au format JJ/MM/AAAA. "
                "Si une ligne est incorrecte, rien n'est importé et chaque erreur est indiquée avec son numéro de ligne."
            </p>
            <form method="post" enctype="multipart/form-data" class="form"
                action=format!("/certificateur/sessions/{id}?csrf_token={}", csrf_token())>
                <div class="field">
                    <label for="fichier">"Fichier CSV"</label>
                    <input id="fichier" name="fichier" type="file" accept=".csv,text/csv" required/>
                </div>
                <button type="submit" class="button">"Importer"</button>
            </form>
        </section>
    }
}

/// How many accommodation requests wait, and the way to the page where referents read
/// and decide them (health data: not shown here).
#[component]
fn AccommodationSummary(
    session_id: i32,
    counts: crate::api::sessions::AccommodationCounts,
) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-amenagements">
            <h2 id="titre-amenagements">{format!("Aménagements d'épreuve ({} en attente)", counts.pending)}</h2>
            <p>{format!("{} accordé(s), {} refusé(s).", counts.granted, counts.refused)}</p>
            <p><a class="button secondary" href=format!("/certificateur/sessions/{session_id}/amenagements")>"Instruire les demandes d'aménagement"</a></p>
            <p class="hint">"Réservé aux référents handicap désignés sur la page Comptes : chaque consultation est inscrite au journal d'audit."</p>
        </section>
    }
}

/// The session's timetable and the form to schedule an épreuve.
#[component]
fn Timetable(detail: SessionDetail, schedule: ServerAction<ScheduleEpreuve>) -> impl IntoView {
    let session_id = detail.session.id.0;
    view! {
        <section aria-labelledby="titre-calendrier">
            <h2 id="titre-calendrier">"Calendrier des épreuves"</h2>
            {if detail.slots.is_empty() {
                view! { <p>"Aucune épreuve planifiée."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Épreuves planifiées (heure de Paris)"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Épreuve"</th>
                                    <th scope="col">"Début"</th>
                                    <th scope="col">"Fin"</th>
                                    <th scope="col">"Fin avec tiers-temps"</th>
                                    <th scope="col">"Lieu"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {detail.slots.iter().map(|slot: &SlotRow| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/certificateur/sessions/{session_id}/epreuves/{}", slot.id)>{slot.epreuve_title.clone()}</a></th>
                                        <td>{datetime_fr(slot.starts_local)}</td>
                                        <td>{time_fr(end_time(slot.starts_local, slot.duration_minutes, false))}</td>
                                        <td>{time_fr(end_time(slot.starts_local, slot.duration_minutes, true))}</td>
                                        <td>{slot.room.clone().or_else(|| slot.remote_link.clone().map(|l| format!("À distance : {l}"))).unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <details class="request">
                <summary>"Planifier une épreuve"</summary>
                {move || schedule.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
                <ActionForm action=schedule attr:class="form">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=session_id/>
                    <div class="field">
                        <label for="epreuve_id">"Épreuve"</label>
                        <select id="epreuve_id" name="epreuve_id" required>
                            {detail.epreuves.iter().map(|e| view! {
                                <option value=e.id>{crate::domain::format::with_minutes(&e.title, e.duration_minutes)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="date">"Date (JJ/MM/AAAA)"</label>
                        <input id="date" name="date" type="date" required/>
                    </div>
                    <div class="field">
                        <label for="start">"Heure de début (heure de Paris)"</label>
                        <input id="start" name="start" type="time" required/>
                    </div>
                    <div class="field">
                        <label for="duration">"Durée (minutes)"</label>
                        <input id="duration" name="duration" type="number" min="1" max="600" required/>
                    </div>
                    <div class="field">
                        <label for="room">"Salle"</label>
                        <input id="room" name="room" type="text"/>
                    </div>
                    <div class="field">
                        <label for="remote_link">"Lien de visioconférence (épreuve à distance)"</label>
                        <input id="remote_link" name="remote_link" type="url"/>
                    </div>
                    <button type="submit" class="button">"Planifier"</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Sending the convocations, the one-month rule and a page of the email log.
#[component]
fn Convocations(session_id: i32, search: String, page: u64, sent_page: u64) -> impl IntoView {
    let send = ServerAction::<SendConvocations>::new();
    let data = load_convocations(session_id, sent_page);
    // The email log's pages keep the candidates' search and page.
    let link = move |sent: u64| {
        let sent = sent.to_string();
        let page = page.to_string();
        let query = crate::domain::html::query_string(&[
            ("recherche", search.as_str()),
            ("page", if page == "1" { "" } else { page.as_str() }),
            ("envois", if sent == "1" { "" } else { sent.as_str() }),
        ]);
        format!("?{query}#titre-convocations")
    };
    view! {
        <section aria-labelledby="titre-convocations">
            <h2 id="titre-convocations">"Convocations"</h2>
            {move || send.value().get().map(|result| match result {
                Ok(count) => view! { <div class="notice" role="status"><p>{format!("{count} convocation(s) envoyée(s).")}</p></div> }.into_any(),
                Err(error) => view! { <FormErrors error/> }.into_any(),
            })}
                {Suspend::new(async move {
                    match data.await {
                        Ok(status) => {
                            let paging = status.paging;
                            view! {
                                <ConvocationPanel session_id status send/>
                                <Pagination
                                    previous=(paging.page > 1).then(|| link(paging.page - 1))
                                    next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
        </section>
    }
}

#[component]
fn ConvocationPanel(
    session_id: i32,
    status: ConvocationStatus,
    send: ServerAction<SendConvocations>,
) -> impl IntoView {
    let (notice, late) = match status.deadline {
        None => (
            "Planifiez les épreuves avant d'envoyer les convocations.".to_owned(),
            false,
        ),
        Some(Deadline::InTime { deadline }) => (
            format!(
                "À envoyer au plus tard le {} (un mois avant la première épreuve).",
                date_fr(deadline)
            ),
            false,
        ),
        Some(Deadline::Soon {
            deadline,
            days_left,
        }) => (
            format!(
                "Attention : les convocations doivent partir au plus tard le {} (dans {days_left} jour(s)).",
                date_fr(deadline)
            ),
            false,
        ),
        Some(Deadline::Late { deadline }) => (
            format!(
                "Le délai d'un mois est dépassé depuis le {} : l'envoi exige le motif du retard.",
                date_fr(deadline)
            ),
            true,
        ),
    };
    view! {
        <p class=if late { "notice notice-error" } else { "notice" }>{notice}</p>
        <ActionForm action=send attr:class="form">
            <CsrfField/>
            <input type="hidden" name="session_id" value=session_id/>
            <div class="field">
                <label for="reason">{if late { "Motif de l'envoi tardif (obligatoire)" } else { "Motif de l'envoi tardif (seulement après le délai)" }}</label>
                <textarea id="reason" name="reason" rows="2" required=late></textarea>
            </div>
            <button type="submit" class="button">"Envoyer les convocations par courriel"</button>
        </ActionForm>
        {if status.emails.is_empty() {
            view! { <p>"Aucune convocation envoyée."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <caption>"Journal des envois"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Candidat"</th>
                                <th scope="col">"Destinataire"</th>
                                <th scope="col">"Date"</th>
                                <th scope="col">"État"</th>
                                <th scope="col">"Renvoyer"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {status.emails.into_iter().map(|m| view! {
                                <tr>
                                    <th scope="row">{m.candidate.clone()}</th>
                                    <td>{m.recipient.clone()}</td>
                                    <td>{instant_fr(m.at)}</td>
                                    <td>
                                        {if m.sent { "Envoyé".to_owned() } else { format!("Échec : {}", m.error.clone().unwrap_or_default()) }}
                                        {m.note.clone().map(|note| format!(" — envoi tardif : {note}"))}
                                    </td>
                                    <td>
                                        <ActionForm action=send attr:class="inline-form">
                                            <CsrfField/>
                                            <input type="hidden" name="session_id" value=session_id/>
                                            <input type="hidden" name="enrolment_id" value=m.enrolment_id/>
                                            <input type="hidden" name="reason" value=m.note.clone().unwrap_or_default()/>
                                            <button type="submit" class="button-secondary">"Renvoyer"</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// Enrolling one candidate by hand.
#[component]
fn AddCandidateForm(
    session_id: i32,
    categories: Vec<(String, String)>,
    optional_units: Vec<(String, String)>,
    add: ServerAction<AddCandidate>,
) -> impl IntoView {
    view! {
        <details class="request">
            <summary>"Inscrire un candidat"</summary>
            {move || add.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=add attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="session_id" value=session_id/>
                <div class="field"><label for="last_name">"Nom"</label><input id="last_name" name="last_name" required/></div>
                <div class="field"><label for="first_name">"Prénom"</label><input id="first_name" name="first_name" required/></div>
                <div class="field"><label for="birth_date">"Date de naissance (JJ/MM/AAAA)"</label><input id="birth_date" name="birth_date" required/></div>
                <div class="field"><label for="email">"Courriel"</label><input id="email" name="email" type="email" required/></div>
                <div class="field">
                    <label for="access_route">"Voie d'accès"</label>
                    <select id="access_route" name="access_route">
                        {AccessRoute::ALL.iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
                    </select>
                </div>
                <crate::ui::components::category::CategorySelect categories current=None id="nouvelle-categorie"/>
                <crate::ui::components::category::OptionsChoice optional_units chosen=Vec::new()/>
                <button type="submit" class="button">"Inscrire"</button>
            </ActionForm>
        </details>
    }
}

/// Enrolling again a candidate the organisation knows (a retake).
#[component]
fn EnrolAgainForm(session_id: i32, again: ServerAction<EnrolAgain>) -> impl IntoView {
    view! {
        <details class="request">
            <summary>"Réinscrire un candidat déjà connu (rattrapage, nouvelle tentative)"</summary>
            <p>"Ses blocs acquis et encore valables sont repris (dispensés) ; la règle de la certification sur les nouvelles tentatives est vérifiée."</p>
            {move || again.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=again attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="session_id" value=session_id/>
                <div class="field"><label for="again-email">"Courriel du candidat"</label><input id="again-email" name="email" type="email" required/></div>
                <button type="submit" class="button">"Réinscrire"</button>
            </ActionForm>
        </details>
    }
}
