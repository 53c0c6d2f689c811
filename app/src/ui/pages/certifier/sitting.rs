//! One sitting on exam day: attendance of each candidate (with their accommodations and
//! end time), identity check, incidents, fraud reports, and the attendance sheet.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::exam_day::{RecordAttendance, RecordFraud, SlotCandidate, SlotPage, load_slot};
use crate::domain::exam_day::AttendanceKind;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, Loading};

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
    let data = Resource::new(
        move || {
            (
                number("id"),
                number("slot"),
                attendance.version().get(),
                fraud.version().get(),
            )
        },
        |(session, slot, _, _)| load_slot(session, slot),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Sitting page attendance fraud/> }.into_any(),
                    Err(error) => view! { <h1>"Épreuve"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sitting(
    page: SlotPage,
    attendance: ServerAction<RecordAttendance>,
    fraud: ServerAction<RecordFraud>,
) -> AnyView {
    let (session, slot) = (page.session_id, page.slot_id);
    view! {
        <Title text=format!("Émargement — {}", page.epreuve)/>
        <p><a href=format!("/certificateur/sessions/{session}")>{format!("← {}", page.session_label)}</a></p>
        <h1>{page.epreuve.clone()}</h1>
        <p class="lead">{format!("{} — {}", page.starts, page.place)}</p>
        <p><a class="button secondary" href=format!("/certificateur/sessions/{session}/emargement/{slot}")>"Feuille d'émargement (PDF)"</a></p>
        {move || attendance.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {move || fraud.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {page.rows.into_iter().map(|row| view! { <CandidateCard row session slot_id=slot attendance fraud/> }).collect_view()}
    }
    .into_any()
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
