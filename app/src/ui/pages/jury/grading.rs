//! Grading one allocated candidate × épreuve with the grid: points with their maximum,
//! or each criterion met or not, a comment per item; the bloc preview is recomputed as
//! marks are typed (on save without JavaScript).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use serde::{Deserialize, Serialize};

use crate::api::grading::{
    AutosaveGrading, GradingSheet, PreviewGrading, SaveGrading, SheetStatus, load_grading,
};
use crate::domain::grading::{Entry, GENERAL, ItemKind, Preview};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// The grading page.
#[component]
pub fn JuryGrading() -> impl IntoView {
    let params = use_params_map();
    let number = move |key: &str| {
        params
            .read()
            .get(key)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let ids = move || (number("id"), number("enrolment"), number("epreuve"));
    let data = page_data(ids, |(session, enrolment, epreuve)| {
        load_grading(session, enrolment, epreuve)
    });
    view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(sheet) => view! { <Sheet sheet/> }.into_any(),
                    Err(error) => view! { <h1>"Fiche de correction"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn PreviewBox(preview: Option<Preview>) -> AnyView {
    match preview {
        None => view! { <p>"Aperçu indisponible."</p> }.into_any(),
        Some(p) => view! {
            <p><strong>{p.unit.clone()}</strong></p>
            <p>{format!("Résultat du bloc : {} ; {}.", p.result, p.threshold)}</p>
            <p>{if !p.missing.is_empty() {
                "Résultat provisoire : des notes manquent encore."
            } else if p.eliminatory {
                "Note éliminatoire."
            } else if p.validated {
                "Le bloc serait validé."
            } else {
                "Le bloc ne serait pas validé."
            }}</p>
            {(!p.missing.is_empty()).then(|| view! {
                <p>"Encore sans note :"</p>
                <ul>{p.missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            })}
        }
        .into_any(),
    }
}

/// The sheet: its heading, then the form and live preview (an island, the only part
/// of the page that runs in the browser) or, once submitted, what was entered.
#[component]
fn Sheet(sheet: GradingSheet) -> AnyView {
    let back = format!(
        "/jury/sessions/{}/candidats/{}",
        sheet.session_id, sheet.enrolment_id
    );
    let editable = matches!(sheet.status, SheetStatus::ToGrade | SheetStatus::Draft);
    // A refused save comes back with the page (the form is posted).
    let save = ServerAction::<SaveGrading>::new();
    view! {
        <Title text=format!("Correction — {}", sheet.candidate)/>
        <p><a href=back>"← Candidat"</a></p>
        <h1>{sheet.epreuve.clone()}</h1>
        <p class="lead">{sheet.candidate.clone()}</p>
        <p class="tag">{sheet.status.label()}</p>
        {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        {if editable {
            view! { <GradingForm sheet=SheetForm::of(&sheet)/> }.into_any()
        } else {
            view! {
                <section aria-labelledby="titre-apercu" class="card">
                    <h2 id="titre-apercu">"Aperçu du bloc"</h2>
                    <div role="status" id="apercu"><PreviewBox preview=sheet.preview.clone()/></div>
                </section>
                <ul>{sheet.entries.iter().map(|e| view! {
                    <li>{if e.item == GENERAL {
                        format!("Commentaire général : {}", e.comment)
                    } else {
                        format!("{} : {}{}", e.item, e.value, if e.comment.is_empty() { String::new() } else { format!(" — {}", e.comment) })
                    }}</li>
                }).collect_view()}</ul>
                <p>"Cette fiche est soumise ; seul le président du jury ou le certificateur peut la rouvrir."</p>
            }.into_any()
        }}
    }
    .into_any()
}

/// One field of the sheet as the island shows it (labels and maximums already written
/// in French by the server: the browser needs no grid, no scoring engine).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Field {
    code: String,
    /// `Étude de cas — maximum 105 points`, or the criterion's code and title.
    label: String,
    /// A criterion (met or not) rather than points.
    criterion: bool,
    value: String,
    comment: String,
    /// `Déjà satisfait à l'épreuve E1.` for a criterion another épreuve validated.
    already: Option<String>,
}

/// What the island needs: the sheet's identity and version, its fields, the whole
/// competences that can be ticked at once, and the preview of what is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct SheetForm {
    session_id: i32,
    enrolment_id: i32,
    epreuve_id: i32,
    version: i32,
    fields: Vec<Field>,
    competences: Vec<(String, Vec<String>)>,
    general: String,
    preview: Option<Preview>,
}

impl SheetForm {
    fn of(sheet: &GradingSheet) -> Self {
        let stored = |code: &str| sheet.entries.iter().find(|e| e.item == code);
        let elsewhere: HashMap<String, String> =
            crate::domain::grading::met_elsewhere(&sheet.form, &sheet.others)
                .into_iter()
                .collect();
        let mut competences: Vec<(String, Vec<String>)> = Vec::new();
        for item in sheet
            .form
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Criterion)
        {
            if let Some(c) = &item.competence {
                match competences.iter_mut().find(|(k, _)| k == c) {
                    Some((_, codes)) => codes.push(item.code.clone()),
                    None => competences.push((c.clone(), vec![item.code.clone()])),
                }
            }
        }
        Self {
            session_id: sheet.session_id,
            enrolment_id: sheet.enrolment_id,
            epreuve_id: sheet.epreuve_id,
            version: sheet.version,
            fields: sheet
                .form
                .items
                .iter()
                .map(|item| Field {
                    code: item.code.clone(),
                    label: match item.kind {
                        ItemKind::Points { max } => format!(
                            "{} — maximum {} points",
                            item.label,
                            crate::domain::format::decimal_fr(max)
                        ),
                        ItemKind::Criterion => {
                            crate::domain::format::code_title(&item.code, &item.label)
                        }
                    },
                    criterion: item.kind == ItemKind::Criterion,
                    value: stored(&item.code)
                        .map(|e| e.value.clone())
                        .unwrap_or_default(),
                    comment: stored(&item.code)
                        .map(|e| e.comment.clone())
                        .unwrap_or_default(),
                    already: elsewhere
                        .get(&item.code)
                        .map(|at| format!("Déjà satisfait à l'épreuve {at}.")),
                })
                .collect(),
            competences,
            general: stored(GENERAL)
                .map(|e| e.comment.clone())
                .unwrap_or_default(),
            preview: sheet.preview.clone(),
        }
    }
}

/// The form, the only part of the page that runs in the browser: the bloc preview is
/// recomputed by the server's scoring engine a moment after each mark typed (the grid
/// stays on the server, the bundle small), the draft saved a moment after typing stops.
/// Saving posts the form: the page comes back with the sheet's new state, or its
/// refusal. Without JavaScript it is the same form, with the preview shown on save.
#[island]
fn GradingForm(sheet: SheetForm) -> impl IntoView {
    let SheetForm {
        session_id,
        enrolment_id,
        epreuve_id,
        version: loaded,
        fields,
        competences,
        general,
        preview: initial,
    } = sheet;
    let values: RwSignal<HashMap<String, String>> = RwSignal::new(
        fields
            .iter()
            .map(|f| (f.code.clone(), f.value.clone()))
            .collect(),
    );
    let comments: RwSignal<HashMap<String, String>> = RwSignal::new(
        fields
            .iter()
            .map(|f| (f.code.clone(), f.comment.clone()))
            .chain(std::iter::once((GENERAL.to_owned(), general.clone())))
            .collect(),
    );
    let entries = move || {
        let (typed, said) = (values.get_untracked(), comments.get_untracked());
        let mut items: Vec<String> = typed.keys().chain(said.keys()).cloned().collect();
        items.sort();
        items.dedup();
        items
            .into_iter()
            .map(|item| Entry {
                value: typed.get(&item).cloned().unwrap_or_default(),
                comment: said.get(&item).cloned().unwrap_or_default(),
                item,
            })
            .collect::<Vec<_>>()
    };
    // The version follows the drafts saved, so that the next save is accepted.
    let version = RwSignal::new(loaded);
    let autosave = ServerAction::<AutosaveGrading>::new();
    let recompute = ServerAction::<PreviewGrading>::new();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = autosave.value().get() {
            version.set(saved);
        }
    });
    // Effects run in the browser only; the first run just subscribes.
    let preview_timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let save_timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let later = move |timer: StoredValue<Option<TimeoutHandle>>,
                      wait: u64,
                      run: Box<dyn Fn() + Send + Sync>| {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(run, std::time::Duration::from_millis(wait)).ok());
    };
    Effect::new(move |first: Option<()>| {
        values.track();
        if first.is_some() {
            later(
                preview_timer,
                300,
                Box::new(move || {
                    recompute.dispatch(PreviewGrading {
                        session_id,
                        enrolment_id,
                        epreuve_id,
                        entries: entries(),
                    });
                }),
            );
        }
    });
    Effect::new(move |first: Option<()>| {
        values.track();
        comments.track();
        if first.is_some() {
            later(
                save_timer,
                1500,
                Box::new(move || {
                    if let Some(current) = version.try_get_untracked() {
                        autosave.dispatch(AutosaveGrading {
                            session_id,
                            enrolment_id,
                            epreuve_id,
                            version: current,
                            entries: entries(),
                        });
                    }
                }),
            );
        }
    });
    on_cleanup(move || {
        for timer in [preview_timer, save_timer] {
            if let Some(Some(handle)) = timer.try_get_value() {
                handle.clear();
            }
        }
    });
    let criteria: Vec<String> = fields
        .iter()
        .filter(|f| f.criterion)
        .map(|f| f.code.clone())
        .collect();
    let criteria_total = criteria.len();
    let progress = move || {
        let done = values.with(|v| {
            criteria
                .iter()
                .filter(|c| v.get(*c).is_some_and(|x| !x.is_empty()))
                .count()
        });
        format!("{done} critère(s) renseigné(s) sur {criteria_total}")
    };
    let general_index = fields.len();
    view! {
        <section aria-labelledby="titre-apercu" class="card">
            <h2 id="titre-apercu">"Aperçu du bloc"</h2>
            <div role="status" aria-live="polite" id="apercu">
                {move || match recompute.value().get() {
                    None => view! { <PreviewBox preview=initial.clone()/> }.into_any(),
                    Some(Ok(preview)) => view! { <PreviewBox preview/> }.into_any(),
                    Some(Err(error)) => view! {
                        <p>{format!("Aperçu non recalculé : {error}")}</p>
                    }.into_any(),
                }}
            </div>
        </section>
        <p role="status" aria-live="polite" id="brouillon-auto" class="hint">
            {move || match autosave.value().get() {
                Some(Ok(_)) => "Brouillon enregistré automatiquement.".to_owned(),
                Some(Err(error)) => format!("Brouillon non enregistré : {error}"),
                None => String::new(),
            }}
        </p>
        {(criteria_total > 0).then(|| view! {
            <p role="status" aria-live="polite" id="progression" class="tag">{progress}</p>
        })}
        <form method="post" action=SaveGrading::url() class="form">
            <CsrfField/>
            <input type="hidden" name="session_id" value=session_id/>
            <input type="hidden" name="enrolment_id" value=enrolment_id/>
            <input type="hidden" name="epreuve_id" value=epreuve_id/>
            <input type="hidden" name="version" value=loaded prop:value=move || version.get().to_string()/>
            {fields.into_iter().enumerate().map(|(i, field)| {
                let code = field.code.clone();
                let comment_id = format!("commentaire-{i}");
                let input = if field.criterion {
                    let (yes, no, is_yes, is_no) = (code.clone(), code.clone(), code.clone(), code.clone());
                    view! {
                        <fieldset class="field">
                            <legend>{field.label}</legend>
                            {field.already.map(|text| view! { <p class="hint">{text}</p> })}
                            <label><input type="radio" name=format!("entries[{i}][value]") value="oui" checked=field.value == "oui"
                                prop:checked=move || values.with(|v| v.get(&is_yes).map(String::as_str) == Some("oui"))
                                on:change=move |_| values.update(|m| { m.insert(yes.clone(), "oui".to_owned()); })/>" Satisfait"</label>" "
                            <label><input type="radio" name=format!("entries[{i}][value]") value="non" checked=field.value == "non"
                                prop:checked=move || values.with(|v| v.get(&is_no).map(String::as_str) == Some("non"))
                                on:change=move |_| values.update(|m| { m.insert(no.clone(), "non".to_owned()); })/>" Non satisfait"</label>
                        </fieldset>
                    }.into_any()
                } else {
                    let id = format!("note-{i}");
                    let typed = code.clone();
                    view! {
                        <div class="field">
                            <label for=id.clone()>{field.label}</label>
                            <input id=id name=format!("entries[{i}][value]") inputmode="decimal" value=field.value
                                on:input=move |ev| { let v = event_target_value(&ev); values.update(|m| { m.insert(typed.clone(), v); }); }/>
                        </div>
                    }.into_any()
                };
                view! {
                    <input type="hidden" name=format!("entries[{i}][item]") value=code.clone()/>
                    {input}
                    <div class="field">
                        <label for=comment_id.clone()>{format!("Commentaire ({code})")}</label>
                        <textarea id=comment_id name=format!("entries[{i}][comment]") rows="2"
                            on:input=move |ev| { let v = event_target_value(&ev); comments.update(|m| { m.insert(code.clone(), v); }); }
                        >{crate::domain::html::textarea_text(&field.comment, cfg!(feature = "ssr"))}</textarea>
                    </div>
                }
            }).collect_view()}
            {(!competences.is_empty()).then(|| view! {
                <fieldset class="field">
                    <legend>"Compétences entières"</legend>
                    <p class="hint">"Cochez une compétence dont tous les critères sont satisfaits : ils le sont à l'enregistrement."</p>
                    {competences.into_iter().enumerate().map(|(j, (competence, codes))| {
                        let count = codes.len();
                        let id = format!("competence-{j}");
                        view! {
                            <p>
                                <input type="checkbox" id=id.clone() name=format!("competences[{j}]") value=competence.clone()
                                    on:change=move |ev| {
                                        if event_target_checked(&ev) {
                                            values.update(|m| { for c in &codes { m.insert(c.clone(), "oui".to_owned()); } });
                                        }
                                    }/>
                                <label for=id>{format!("Toute la compétence {competence} est satisfaite ({count} critère(s))")}</label>
                            </p>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <input type="hidden" name=format!("entries[{general_index}][item]") value=GENERAL/>
            <div class="field">
                <label for="commentaire-general">"Commentaire général (appréciation d'ensemble)"</label>
                <textarea id="commentaire-general" name=format!("entries[{general_index}][comment]") rows="3"
                    on:input=move |ev| { let v = event_target_value(&ev); comments.update(|m| { m.insert(GENERAL.to_owned(), v); }); }
                >{crate::domain::html::textarea_text(&general, cfg!(feature = "ssr"))}</textarea>
            </div>
            <fieldset class="field">
                <legend>"Enregistrement"</legend>
                <label><input type="radio" name="action" value="brouillon" checked=true/>" Brouillon (modifiable)"</label>" "
                <label><input type="radio" name="action" value="soumettre"/>" Soumettre définitivement"</label>
            </fieldset>
            <button type="submit" class="button">"Enregistrer"</button>
        </form>
    }
}
