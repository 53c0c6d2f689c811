//! The deliberation page, for the certifier (`/certificateur/sessions/:id/deliberation`)
//! and the jury (`/jury/sessions/:id/deliberation`): each candidate's computed result
//! with its explanation, filters, the jury's own decisions with their reason, the
//! president's closing with who is present, the signatures and the PV downloads.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::deliberation::{
    CandidateRow, CloseDeliberation, Decide, DeliberationView, GenerateDocuments, MemberRow,
    PostponeDeliberation, ReopenDeliberation, SchedulePublication, SignPv, load_deliberation,
};
use crate::domain::deliberation::Filter;
use crate::domain::format::date_fr;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::{Pagination, SearchForm};

/// Whose area the page is shown in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Certifier,
    Jury,
}

impl Area {
    fn base(self, session: i32) -> String {
        match self {
            Area::Certifier => format!("/certificateur/sessions/{session}"),
            Area::Jury => format!("/jury/sessions/{session}"),
        }
    }
}

/// The certifier's view.
#[component]
pub fn CertifierDeliberation() -> impl IntoView {
    view! { <DeliberationPage area=Area::Certifier/> }
}

/// The jury's view.
#[component]
pub fn JuryDeliberation() -> impl IntoView {
    view! { <DeliberationPage area=Area::Jury/> }
}

#[component]
fn DeliberationPage(area: Area) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let filter = move || Filter::parse(&query.read().get("filtre").unwrap_or_default());
    let search = move || query.read().get("recherche").unwrap_or_default();
    let page = move || crate::ui::components::pagination::page_in(&query.read());
    let decide = ServerAction::<Decide>::new();
    let close = ServerAction::<CloseDeliberation>::new();
    let sign = ServerAction::<SignPv>::new();
    let publish = ServerAction::<SchedulePublication>::new();
    let reopen = ServerAction::<ReopenDeliberation>::new();
    let postpone = ServerAction::<PostponeDeliberation>::new();
    let data = page_data(
        move || (id(), filter(), search(), page()),
        |(id, filter, search, page)| load_deliberation(id, filter.code().to_owned(), search, page),
    );
    view! {
        <Title text="Délibération"/>
            {Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Deliberation view area filter=filter() search=search() decide close sign publish reopen postpone/> }.into_any(),
                    Err(error) => view! { <h1>"Délibération"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn Deliberation(
    view: DeliberationView,
    area: Area,
    filter: Filter,
    search: String,
    decide: ServerAction<Decide>,
    close: ServerAction<CloseDeliberation>,
    sign: ServerAction<SignPv>,
    publish: ServerAction<SchedulePublication>,
    reopen: ServerAction<ReopenDeliberation>,
    postpone: ServerAction<PostponeDeliberation>,
) -> AnyView {
    let base = area.base(view.session_id);
    let session = view.session_id;
    let shown: Vec<CandidateRow> = view.candidates.clone();
    let paging = view.paging;
    let link = {
        let search = search.clone();
        move |filter: Filter, page: u64| {
            let page = page.to_string();
            let query = crate::domain::html::query_string(&[
                (
                    "filtre",
                    if filter == Filter::All {
                        ""
                    } else {
                        filter.code()
                    },
                ),
                ("recherche", search.as_str()),
                ("page", if page == "1" { "" } else { page.as_str() }),
            ]);
            if query.is_empty() {
                "?".to_owned()
            } else {
                format!("?{query}")
            }
        }
    };
    let blocs = view.blocs.clone();
    let can_decide = view.can_decide;
    let here = link(filter, paging.page);
    view! {
        <p><a href=base.clone()>"← Session"</a></p>
        <h1>"Délibération"</h1>
        <p class="lead">{format!("{} — {}", view.session, view.certification)}</p>
        <p>"État : "<strong>{view.status.clone()}</strong></p>
        // One place for the outcome of every form of the page.
        {move || decide.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || close.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || sign.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || publish.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || reopen.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || postpone.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {(!view.postponements.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="titre-reports">
                <h2 id="titre-reports">"Reports"</h2>
                <ul>{view.postponements.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        <Members members=view.members.clone()/>
        {view.pv_hash.clone().map(|hash| view! {
            <section class="card" aria-labelledby="titre-pv">
                <h2 id="titre-pv">"Procès-verbal"</h2>
                <p>"Empreinte du procès-verbal signé (SHA-256) : "<code>{hash}</code></p>
                <ul class="inline-list">
                    <li><a href=format!("{base}/pv/pv.pdf")>"PV (PDF)"</a></li>
                    <li><a href=format!("{base}/pv/pv-anonyme.pdf")>"PV anonymisé (PDF)"</a></li>
                    <li><a href=format!("{base}/pv/pv.csv")>"Décisions (CSV)"</a></li>
                    <li><a href=format!("{base}/pv/pv.xlsx")>"Décisions (XLSX)"</a></li>
                </ul>
            </section>
        })}
        {view.can_sign.then(|| view! { <SignForm session sign/> })}
        {view.can_reopen.then(|| view! { <ReopenForm session reopen/> })}
        {(area == Area::Certifier).then(|| view! { <Publication view=view.clone() publish/> })}
        {view.can_close.then(|| view! { <CloseForm session members=view.members.clone() close/> })}
        {view.can_close.then(|| view! { <PostponeForm session members=view.members.clone() postpone/> })}
        <nav aria-label="Filtres" class="filters">
            <ul class="inline-list">
                {Filter::ALL.into_iter().zip(view.counts.iter().copied()).map(|(f, count)| {
                    let href = link(f, 1);
                    view! {
                        <li><a href=href aria-current=(f == filter).then_some("page")>{format!("{} ({count})", f.label())}</a></li>
                    }
                }).collect_view()}
            </ul>
        </nav>
        <SearchForm label="Nom ou numéro" search=search.clone() filter=if filter == Filter::All { "" } else { filter.code() }/>
        <h2>{format!(
            "Candidats : {} trouvé(s) sur {} — page {} sur {}",
            paging.total, view.all, paging.page, paging.pages
        )}</h2>
        {shown.is_empty().then(|| view! { <p>"Aucun candidat ne correspond."</p> })}
        {shown.into_iter().map(|c| view! {
            <CandidateCard candidate=c blocs=blocs.clone() session can_decide decide place=here.clone()/>
        }).collect_view()}
        <Pagination
            previous=(paging.page > 1).then(|| link(filter, paging.page - 1))
            next=(paging.page < paging.pages).then(|| link(filter, paging.page + 1))/>
    }
    .into_any()
}

#[component]
fn Members(members: Vec<MemberRow>) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-membres">
            <h2 id="titre-membres">"Jury"</h2>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">"Membre"</th><th scope="col">"Qualité"</th><th scope="col">"Présence"</th><th scope="col">"Signature"</th></tr></thead>
                    <tbody>
                        {members.into_iter().map(|m| view! {
                            <tr>
                                <th scope="row">{m.name.clone()}</th>
                                <td>{m.role.clone()}</td>
                                <td>{match m.present { Some(true) => "Présent(e)", Some(false) => "Absent(e)", None => "—" }}</td>
                                <td>{m.signed_at.clone().map_or_else(
                                    || if m.votes { "Non signé".to_owned() } else { "Sans voix délibérative".to_owned() },
                                    |at| format!("Signé le {at}"),
                                )}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn CandidateCard(
    candidate: CandidateRow,
    blocs: Vec<(String, String)>,
    session: i32,
    can_decide: bool,
    decide: ServerAction<Decide>,
    /// Where the page stands (`?filtre=…&page=…`): a decision sent without JavaScript
    /// comes back there.
    place: String,
) -> AnyView {
    let c = candidate;
    let id = c.enrolment_id;
    let overridden = c.jury.is_some();
    view! {
        <article class="card" id=format!("candidat-{id}")>
            <h3>{format!("{} — {}", c.number, c.name)}</h3>
            {(!c.computed.is_empty()).then(|| view! { <p>"Résultat calculé : "{c.computed.clone()}</p> })}
            {c.facts.filter(|f| f.incomplete).map(|_| view! { <p class="notice notice-warning">"Résultat provisoire : des notes manquent, ou l'assiduité n'est pas renseignée (voir l'explication)."</p> })}
            {c.facts.filter(|f| f.borderline).map(|_| view! { <p class="notice">"À 0,5 point d'un seuil."</p> })}
            <p>"Décision : "<strong>{c.final_label.clone()}</strong></p>
            {c.jury.clone().map(|reason| view! { <p>"Décision du jury, motif : "{reason}</p> })}
            {(!c.explanation.is_empty()).then(|| view! {
                <details>
                    <summary>"Explication, bloc par bloc"</summary>
                    <ul>{c.explanation.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
            {can_decide.then(|| view! {
                <details class="override">
                    <summary>"Le jury décide autrement"</summary>
                    <ActionForm action=decide>
                        <CsrfField/>
                        <input type="hidden" name="session_id" value=session/>
                        <input type="hidden" name="enrolment_id" value=id/>
                        <input type="hidden" name="retour" value=place.clone()/>
                        <label for=format!("decision-{id}")>"Décision du jury"</label>
                        <select id=format!("decision-{id}") name="decision" required>
                            <option value="complete">"Certification complète"</option>
                            <option value="blocs">"Validation partielle (blocs cochés)"</option>
                            <option value="non_certifie">"Non certifié"</option>
                            <option value="absent">"Absent"</option>
                            <option value="ajourne">"Ajourné — rattrapage"</option>
                            <option value="fraude">"Fraude — session invalidée"</option>
                        </select>
                        <fieldset>
                            <legend>"Blocs validés par le jury"</legend>
                            {blocs.iter().enumerate().map(|(i, (code, title))| {
                                let field = format!("bloc-{id}-{code}");
                                view! {
                                    <p>
                                        <input type="checkbox" id=field.clone() name=format!("blocs[{i}]") value=code.clone()/>
                                        <label for=field>{format!("{code} — {title}")}</label>
                                    </p>
                                }
                            }).collect_view()}
                        </fieldset>
                        <label for=format!("motif-{id}")>"Motif (reporté au procès-verbal)"</label>
                        <textarea id=format!("motif-{id}") name="reason" required minlength="10"></textarea>
                        <button type="submit" class="button">"Enregistrer la décision du jury"</button>
                    </ActionForm>
                </details>
            })}
            {(can_decide && overridden).then(|| view! {
                <ActionForm action=decide attr:class="inline">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=session/>
                    <input type="hidden" name="enrolment_id" value=id/>
                    <button type="submit" class="button secondary">"Revenir au résultat calculé"</button>
                </ActionForm>
            })}
        </article>
    }
    .into_any()
}

#[component]
fn CloseForm(
    session: i32,
    members: Vec<MemberRow>,
    close: ServerAction<CloseDeliberation>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="titre-cloture">
            <h2 id="titre-cloture">"Clore la délibération"</h2>
            <p>"Cochez les membres présents. Le quorum est vérifié selon les règles de la certification ; une fois close, les décisions sont reportées au procès-verbal que chaque membre votant présent signe."</p>
            <ActionForm action=close>
                <CsrfField/>
                <input type="hidden" name="session_id" value=session/>
                <PresentMembers members prefix="present"/>
                <crate::ui::components::confirm::ConfirmSubmit
                    summary="Clore la délibération…".to_owned()
                    warning="Les décisions sont fixées au procès-verbal que chaque membre votant présent signe ; plus rien ne change ensuite, sauf réouverture motivée par le (la) président(e) avant la dernière signature.".to_owned()
                    confirm="Confirmer la clôture".to_owned()/>
            </ActionForm>
        </section>
    }
}

#[component]
fn SignForm(session: i32, sign: ServerAction<SignPv>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="titre-signature">
            <h2 id="titre-signature">"Signer le procès-verbal"</h2>
            <p>"Votre signature enregistre votre nom, l'heure et l'empreinte du procès-verbal. Saisissez votre mot de passe pour signer."</p>
            <ActionForm action=sign>
                <CsrfField/>
                <input type="hidden" name="session_id" value=session/>
                <label for="mot-de-passe-signature">"Mot de passe"</label>
                <input id="mot-de-passe-signature" type="password" name="password" required autocomplete="current-password"/>
                <button type="submit" class="button">"Signer le procès-verbal"</button>
            </ActionForm>
        </section>
    }
}

/// The members to tick as present, in the closing and the postponement forms.
#[component]
fn PresentMembers(members: Vec<MemberRow>, prefix: &'static str) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Membres présents"</legend>
            {members.into_iter().enumerate().map(|(i, m)| {
                let field = format!("{prefix}-{}", m.id);
                view! {
                    <p>
                        <input type="checkbox" id=field.clone() name=format!("present[{i}]") value=m.id checked/>
                        <label for=field>{format!("{} — {}", m.name, m.role)}</label>
                    </p>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Postponing for a missing member (the rules of some certifications need everyone).
#[component]
fn PostponeForm(
    session: i32,
    members: Vec<MemberRow>,
    postpone: ServerAction<PostponeDeliberation>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="titre-report">
            <h2 id="titre-report">"Reporter la délibération"</h2>
            <p>"Quand un membre dont la présence est requise est absent, la délibération est reportée : fixez la nouvelle réunion ; chaque membre du jury en est averti par courriel."</p>
            <ActionForm action=postpone>
                <CsrfField/>
                <input type="hidden" name="session_id" value=session/>
                <PresentMembers members prefix="report-present"/>
                <div class="field"><label for="report-date">"Date de la nouvelle réunion (JJ/MM/AAAA)"</label><input id="report-date" name="date" required/></div>
                <div class="field"><label for="report-heure">"Heure (HH:MM)"</label><input id="report-heure" name="time" required/></div>
                <div class="field"><label for="report-motif">"Motif"</label><textarea id="report-motif" name="reason" rows="2" required></textarea></div>
                <button type="submit" class="button secondary">"Reporter la délibération"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ReopenForm(session: i32, reopen: ServerAction<ReopenDeliberation>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="titre-reouverture">
            <h2 id="titre-reouverture">"Rouvrir la délibération"</h2>
            <p>"Tant que le procès-verbal n'est pas signé par tous, vous pouvez rouvrir la délibération pour corriger une note, une présence ou une décision. Les signatures déjà recueillies sont annulées et le motif est conservé au journal d'audit."</p>
            <ActionForm action=reopen>
                <CsrfField/>
                <input type="hidden" name="session_id" value=session/>
                <label for="motif-reouverture">"Motif de la réouverture"</label>
                <textarea id="motif-reouverture" name="reason" required minlength="10" maxlength="5000"></textarea>
                <button type="submit" class="button">"Rouvrir la délibération"</button>
            </ActionForm>
        </section>
    }
}

/// The certifier's publication: the date (6 weeks at most after the last épreuve, or
/// confirmed), refused until every signature is in.
#[component]
fn Publication(view: DeliberationView, publish: ServerAction<SchedulePublication>) -> AnyView {
    let session = view.session_id;
    if view.published {
        return view! {
            <section class="card" aria-labelledby="titre-publication">
                <h2 id="titre-publication">"Publication"</h2>
                <p>{format!(
                    "Résultats publiés{} : chaque candidat a reçu un courriel ; décisions, résultats par bloc et documents sont dans son espace.",
                    view.publication_on.map(|d| format!(" le {}", date_fr(d))).unwrap_or_default()
                )}</p>
                <BulkDocuments session files=view.files/>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card" aria-labelledby="titre-publication">
            <h2 id="titre-publication">"Publication des résultats"</h2>
            {if view.signed {
                view! { <p>"Le procès-verbal est signé. Choisissez la date de publication : à cette date, les candidats reçoivent un courriel et voient leurs résultats et leurs documents."</p> }.into_any()
            } else {
                view! { <p>"La publication n'est possible qu'une fois le procès-verbal signé par tous les membres votants présents."</p> }.into_any()
            }}
            {view.publication_on.map(|d| view! { <p>{format!("Publication prévue le {}.", date_fr(d))}</p> })}
            <ActionForm action=publish>
                <CsrfField/>
                <input type="hidden" name="session_id" value=session/>
                <label for="date-publication">"Date de publication"</label>
                <input id="date-publication" type="date" name="date" required/>
                <p>
                    <input id="confirmer-publication" type="checkbox" name="confirm" value="oui"/>
                    <label for="confirmer-publication">"Je confirme une date au-delà de 6 semaines après la dernière épreuve"</label>
                </p>
                <crate::ui::components::confirm::ConfirmSubmit
                    summary="Fixer la date de publication…".to_owned()
                    warning="À cette date, chaque candidat reçoit un courriel et voit sa décision et ses documents ; une publication ne se retire pas.".to_owned()
                    confirm="Confirmer la publication à cette date".to_owned()/>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Generating every document of the session with its progress: each request renders a
/// batch; with JavaScript this island asks for the next one until all are done, without
/// it each click renders one batch. The archive is offered all along.
#[island]
fn BulkDocuments(session: i32, files: crate::api::deliberation::BulkProgress) -> impl IntoView {
    let generate = ServerAction::<GenerateDocuments>::new();
    let progress = move || generate.value().get().and_then(Result::ok).unwrap_or(files);
    Effect::new(move |_| {
        if let Some(Ok(p)) = generate.value().get()
            && p.done < p.total
        {
            generate.dispatch(GenerateDocuments {
                session_id: session,
            });
        }
    });
    view! {
        <h3>"Documents de la session"</h3>
        {move || generate.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        <p role="status" aria-live="polite">
            {move || {
                let p = progress();
                format!(
                    "{} document(s) délivré(s) aux candidats, consultables dans leur espace dès la publication. PDF archivés sur le serveur : {} sur {}.",
                    p.total, p.done, p.total
                )
            }}
        </p>
        <progress max=move || progress().total value=move || progress().done></progress>
        {move || (progress().done < progress().total).then(|| view! {
            // Posted as a plain form without JavaScript; with it, sent in the background.
            <form method="post" action=GenerateDocuments::url()
                on:submit=move |ev| {
                    ev.prevent_default();
                    generate.dispatch(GenerateDocuments { session_id: session });
                }>
                <CsrfField/>
                <input type="hidden" name="session_id" value=session/>
                <button type="submit" class="button" disabled=move || generate.pending().get()>
                    {move || if generate.pending().get() { "Archivage en cours…" } else { "Archiver les PDF" }}
                </button>
            </form>
        })}
        <p><a class="button secondary" href=format!("/certificateur/sessions/{session}/documents.zip")>"Télécharger tous les documents (ZIP)"</a></p>
    }
}
