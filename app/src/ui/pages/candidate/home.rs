//! The candidate's space: enrolments, accommodations, and where results will appear.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accommodations::RequestAccommodation;
use crate::api::dashboard::{EnrolmentRow, load_candidate_dashboard};
use crate::domain::schedule::{datetime_fr, time_fr};
use crate::domain::status::AccommodationKind;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::session_summary::SessionSummary;

/// Mon espace candidat.
#[component]
pub fn CandidateHome() -> impl IntoView {
    let request = ServerAction::<RequestAccommodation>::new();
    let data = page_data(
        move || request.version().get(),
        |_| load_candidate_dashboard(),
    );
    view! {
        <Title text="Mon espace"/>
        <h1>"Mon espace candidat"</h1>
            {Suspend::new(async move {
                match data.await {
                    Ok(dashboard) if dashboard.enrolments.is_empty() => view! {
                        <p>"Vous n'êtes inscrit(e) à aucune session."</p>
                    }.into_any(),
                    Ok(dashboard) => dashboard.enrolments.into_iter()
                        .map(|enrolment| view! { <Enrolment enrolment request/> })
                        .collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        <section class="card" aria-labelledby="titre-mes-donnees">
            <h2 id="titre-mes-donnees">"Mes données personnelles"</h2>
            <p>"Téléchargez tout ce que l'organisme détient à votre sujet, demandez la correction de votre identité ou l'effacement d'une inscription."</p>
            <p>
                <a class="button secondary" href="/candidat/mes-donnees">"Mes données personnelles"</a>" "
                <a class="button secondary" href="/candidat/mes-donnees.pdf" download="mes-donnees.pdf">"Télécharger (PDF lisible)"</a>" "
                <a class="button secondary" href="/candidat/mes-donnees.json" download="mes-donnees.json">"Télécharger (JSON réutilisable)"</a>
            </p>
        </section>
    }
}

#[component]
fn Enrolment(
    enrolment: EnrolmentRow,
    request: ServerAction<RequestAccommodation>,
) -> impl IntoView {
    let enrolment_id = enrolment.enrolment_id.0;
    let note_id = format!("note-{enrolment_id}");
    let reference_id = format!("justificatif-{enrolment_id}");
    let kind_id = format!("type-{enrolment_id}");
    view! {
        <article class="card">
            <h2>{enrolment.session.label.clone()}</h2>
            <p>{format!("Numéro de candidat : {}", enrolment.candidate_number)}</p>
            <SessionSummary session=enrolment.session/>
            <h3>"Mes épreuves"</h3>
            {if enrolment.schedule.is_empty() {
                view! { <p>"Le calendrier des épreuves n'est pas encore publié."</p> }.into_any()
            } else {
                view! {
                    <ul class="schedule">
                        {enrolment.schedule.iter().map(|sitting| view! {
                            <li>
                                <strong>{sitting.title.clone()}</strong>
                                {format!(" — {}, fin à {}", datetime_fr(sitting.start), time_fr(sitting.end))}
                                {sitting.extra.clone().map(|extra| format!(" ({extra})"))}
                                {format!(" — {}", sitting.place)}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {enrolment.convocation_sent.then(|| view! {
                <p><a class="button" href=format!("/candidat/convocations/{enrolment_id}")>"Télécharger ma convocation (PDF)"</a></p>
            })}
            <h3>"Aménagements d'épreuve"</h3>
            {if enrolment.accommodations.is_empty() {
                view! { <p>"Aucun aménagement demandé."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {enrolment.accommodations.into_iter().map(|a| view! {
                            <li>
                                <strong>{a.kind.label()}</strong>" — "{a.status.label()}
                                {a.decision_reason.map(|reason| view! { <span>{format!(" ({reason})")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {if enrolment.can_request {
                view! {
                    <details class="request">
                        <summary>"Demander un aménagement d'épreuve"</summary>
                        {move || request.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
                        <ActionForm action=request attr:class="form">
                            <CsrfField/>
                            <input type="hidden" name="enrolment_id" value=enrolment_id/>
                            <div class="field">
                                <label for=kind_id.clone()>"Aménagement"</label>
                                <select id=kind_id name="kind" required>
                                    {AccommodationKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                                </select>
                            </div>
                            <p class="notice" id=format!("avertissement-{enrolment_id}")>
                                <strong>"N'indiquez aucun diagnostic ni détail médical."</strong>
                                " Le type d'aménagement et la référence de votre justificatif suffisent ; l'organisme vous demandera le document s'il en a besoin."
                            </p>
                            <div class="field">
                                <label for=reference_id.clone()>"Référence du justificatif (facultatif)"</label>
                                <input id=reference_id.clone() name="supporting_reference" maxlength="200"
                                    placeholder="Avis du médecin désigné par la CDAPH du 12/03/2026"
                                    aria-describedby=format!("avertissement-{enrolment_id}")/>
                            </div>
                            <div class="field">
                                <label for=note_id.clone()>"Précisions utiles à l'organisation (facultatif)"</label>
                                <textarea id=note_id name="note" rows="2" maxlength="2000"
                                    aria-describedby=format!("avertissement-{enrolment_id}")></textarea>
                            </div>
                            <button type="submit" class="button">"Envoyer la demande"</button>
                        </ActionForm>
                    </details>
                }.into_any()
            } else {
                view! { <p>"Les épreuves ont eu lieu : pour un aménagement, adressez-vous à l'organisme certificateur."</p> }.into_any()
            }}
            <h3>"Résultats"</h3>
            {match enrolment.results {
                None => view! { <p>"Vos résultats seront visibles ici après leur publication officielle par le certificateur."</p> }.into_any(),
                Some(results) => view! { <Results results/> }.into_any(),
            }}
        </article>
    }
}

/// The published result: the decision, each bloc, the explanation and the documents.
#[component]
fn Results(results: crate::api::dashboard::ResultsRow) -> impl IntoView {
    view! {
        <p class="decision">"Décision du jury : "<strong>{results.decision.clone()}</strong></p>
        {results.departure.clone().map(|text| view! { <p>{text}</p> })}
        <div class="table-wrap">
            <table>
                <caption>"Résultats par bloc"</caption>
                <thead><tr><th scope="col">"Bloc"</th><th scope="col">"Résultat"</th><th scope="col">"Statut"</th></tr></thead>
                <tbody>
                    {results.units.iter().map(|u| view! {
                        <tr>
                            <th scope="row">{crate::domain::format::code_title(&u.code, &u.title)}</th>
                            <td>{u.result.clone()}</td>
                            <td>{u.status.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!results.explanation.is_empty()).then(|| view! {
            <details>
                <summary>"Résultat calculé par la grille (proposition soumise au jury)"</summary>
                <ul>{results.explanation.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
            </details>
        })}
        <h4>"Mes documents"</h4>
        {if results.documents.is_empty() {
            view! { <p>"Aucun document n'est délivré pour cette décision."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {results.documents.iter().map(|d| view! {
                        <li>
                            <a href=format!("/candidat/documents/{}", d.code)>{format!("{} (PDF)", d.title)}</a>
                            {format!(" — code de vérification {}", d.code)}
                            {d.credential.then(|| view! {
                                " — "
                                <a href=format!("/verification/{}/credential.json", d.code) download=format!("{}.json", d.code)>"attestation numérique (Open Badges, JSON)"</a>
                            })}
                            {d.revoked.then(|| view! { <strong class="revoked">" — révoqué"</strong> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
