//! Grading one allocated candidate × épreuve with the grid: points with their maximum,
//! or each criterion met or not, a comment per item; the bloc preview is recomputed by
//! the scoring engine in the browser as marks are typed (on save without JavaScript).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::grading::{AutosaveGrading, GradingSheet, SaveGrading, SheetStatus, load_grading};
use crate::domain::grading::{Entry, GENERAL, ItemKind, Preview, check, preview};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, Loading};

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
    let save = ServerAction::<SaveGrading>::new();
    let data = Resource::new(
        move || (ids(), save.version().get()),
        |((session, enrolment, epreuve), _)| load_grading(session, enrolment, epreuve),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(sheet) => view! { <Sheet sheet save/> }.into_any(),
                    Err(error) => view! { <h1>"Fiche de correction"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
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

#[component]
fn Sheet(sheet: GradingSheet, save: ServerAction<SaveGrading>) -> AnyView {
    let back = format!(
        "/jury/sessions/{}/candidats/{}",
        sheet.session_id, sheet.enrolment_id
    );
    let values: RwSignal<HashMap<String, String>> = RwSignal::new(
        sheet
            .entries
            .iter()
            .map(|e| (e.item.clone(), e.value.clone()))
            .collect(),
    );
    let (grid, form, others, today) = (
        sheet.grid.clone(),
        sheet.form.clone(),
        sheet.others.clone(),
        sheet.today,
    );
    let initial = sheet.preview.clone();
    let live = Memo::new(move |_| {
        let entries: Vec<Entry> = values.with(|v| {
            v.iter()
                .map(|(item, value)| Entry {
                    item: item.clone(),
                    value: value.clone(),
                    comment: String::new(),
                })
                .collect()
        });
        check(&form, &entries, false)
            .ok()
            .and_then(|graded| preview(&grid, &form, &graded, &others, today))
    });
    let editable = matches!(sheet.status, SheetStatus::ToGrade | SheetStatus::Draft);
    let comments: HashMap<String, String> = sheet
        .entries
        .iter()
        .map(|e| (e.item.clone(), e.comment.clone()))
        .collect();
    let typed_comments: RwSignal<HashMap<String, String>> = RwSignal::new(comments.clone());
    // Draft saved a moment after the grader stops typing (in the browser only: effects
    // do not run on the server); the version follows so that the next save is accepted.
    let version = RwSignal::new(sheet.version);
    let autosave = ServerAction::<AutosaveGrading>::new();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = autosave.value().get() {
            version.set(saved);
        }
    });
    let (session_id, enrolment_id, epreuve_id) =
        (sheet.session_id, sheet.enrolment_id, sheet.epreuve_id);
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        values.track();
        typed_comments.track();
        if !started.get_value() {
            started.set_value(true);
            return;
        }
        if !editable {
            return;
        }
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                // The sheet may have gone meanwhile (a definitive submission re-renders
                // the page): nothing left to save then.
                let (Some(comments), Some(typed), Some(current)) = (
                    typed_comments.try_get_untracked(),
                    values.try_get_untracked(),
                    version.try_get_untracked(),
                ) else {
                    return;
                };
                let mut items: Vec<String> = typed.keys().chain(comments.keys()).cloned().collect();
                items.sort();
                items.dedup();
                let entries = items
                    .into_iter()
                    .map(|item| Entry {
                        value: typed.get(&item).cloned().unwrap_or_default(),
                        comment: comments.get(&item).cloned().unwrap_or_default(),
                        item,
                    })
                    .collect();
                autosave.dispatch(AutosaveGrading {
                    session_id,
                    enrolment_id,
                    epreuve_id,
                    version: current,
                    entries,
                });
            },
            std::time::Duration::from_millis(1500),
        )
        .ok();
        timer.set_value(handle);
    });
    // A pending draft save dies with the sheet (the definitive submission replaces it).
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });
    let items = sheet.form.items.clone();
    let general_index = items.len();
    // Criteria sheets: progress, what another épreuve already validated, and a whole
    // competence ticked at once.
    let criteria_codes: Vec<String> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Criterion)
        .map(|i| i.code.clone())
        .collect();
    let criteria_total = criteria_codes.len();
    let progress = move || {
        let done = values.with(|v| {
            criteria_codes
                .iter()
                .filter(|c| v.get(*c).is_some_and(|x| !x.is_empty()))
                .count()
        });
        format!("{done} critère(s) renseigné(s) sur {criteria_total}")
    };
    let elsewhere: std::collections::HashMap<String, String> =
        crate::domain::grading::met_elsewhere(&sheet.form, &sheet.others)
            .into_iter()
            .collect();
    let mut competences: Vec<(String, Vec<String>)> = Vec::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Criterion) {
        if let Some(c) = &item.competence {
            match competences.iter_mut().find(|(k, _)| k == c) {
                Some((_, codes)) => codes.push(item.code.clone()),
                None => competences.push((c.clone(), vec![item.code.clone()])),
            }
        }
    }
    let general = comments.get(GENERAL).cloned().unwrap_or_default();
    view! {
        <Title text=format!("Correction — {}", sheet.candidate)/>
        <p><a href=back>"← Candidat"</a></p>
        <h1>{sheet.epreuve.clone()}</h1>
        <p class="lead">{sheet.candidate.clone()}</p>
        <p class="tag">{sheet.status.label()}</p>
        <section aria-labelledby="titre-apercu" class="card">
            <h2 id="titre-apercu">"Aperçu du bloc"</h2>
            <div role="status" aria-live="polite" id="apercu">
                {move || {
                    let shown = if values.with(|v| v.is_empty()) { initial.clone() } else { live.get().or_else(|| initial.clone()) };
                    view! { <PreviewBox preview=shown/> }
                }}
            </div>
        </section>
        {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
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
        {if editable {
            view! {
                <ActionForm action=save attr:class="form">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=sheet.session_id/>
                    <input type="hidden" name="enrolment_id" value=sheet.enrolment_id/>
                    <input type="hidden" name="epreuve_id" value=sheet.epreuve_id/>
                    <input type="hidden" name="version" value=move || version.get()/>
                    {items.into_iter().enumerate().map(|(i, item)| {
                        let code = item.code.clone();
                        let current = values.with_untracked(|v| v.get(&code).cloned().unwrap_or_default());
                        let comment = comments.get(&code).cloned().unwrap_or_default();
                        let field = format!("note-{i}");
                        let comment_id = format!("commentaire-{i}");
                        let input = match item.kind {
                            ItemKind::Points { max } => {
                                let code = code.clone();
                                view! {
                                    <div class="field">
                                        <label for=field.clone()>{format!("{} — maximum {} points", item.label, crate::domain::format::decimal_fr(max))}</label>
                                        <input id=field name=format!("entries[{i}][value]") inputmode="decimal" value=current
                                            on:input=move |ev| { let v = event_target_value(&ev); values.update(|m| { m.insert(code.clone(), v); }); }/>
                                    </div>
                                }.into_any()
                            }
                            ItemKind::Criterion => {
                                let (yes, no) = (code.clone(), code.clone());
                                let (is_yes, is_no) = (code.clone(), code.clone());
                                let already = elsewhere.get(&code).map(|at| format!("Déjà satisfait à l'épreuve {at}."));
                                view! {
                                    <fieldset class="field">
                                        <legend>{crate::domain::format::code_title(&item.code, &item.label)}</legend>
                                        {already.map(|text| view! { <p class="hint">{text}</p> })}
                                        <label><input type="radio" name=format!("entries[{i}][value]") value="oui" checked=current == "oui"
                                            prop:checked=move || values.with(|v| v.get(&is_yes).map(String::as_str) == Some("oui"))
                                            on:change=move |_| values.update(|m| { m.insert(yes.clone(), "oui".to_owned()); })/>" Satisfait"</label>" "
                                        <label><input type="radio" name=format!("entries[{i}][value]") value="non" checked=current == "non"
                                            prop:checked=move || values.with(|v| v.get(&is_no).map(String::as_str) == Some("non"))
                                            on:change=move |_| values.update(|m| { m.insert(no.clone(), "non".to_owned()); })/>" Non satisfait"</label>
                                    </fieldset>
                                }.into_any()
                            }
                        };
                        view! {
                            <input type="hidden" name=format!("entries[{i}][item]") value=code.clone()/>
                            {input}
                            <div class="field">
                                <label for=comment_id.clone()>{format!("Commentaire ({})", code)}</label>
                                <textarea id=comment_id name=format!("entries[{i}][comment]") rows="2"
                                    on:input={
                                        let code = code.clone();
                                        move |ev| { let v = event_target_value(&ev); typed_comments.update(|m| { m.insert(code.clone(), v); }); }
                                    }>{crate::domain::html::textarea_text(&comment, cfg!(feature = "ssr"))}</textarea>
                            </div>
                        }
                    }).collect_view()}
                    {(!competences.is_empty()).then(|| view! {
                        <fieldset class="field">
                            <legend>"Compétences entières"</legend>
                            <p class="hint">"Cochez une compétence dont tous les critères sont satisfaits : ils le sont à l'enregistrement."</p>
                            {competences.iter().enumerate().map(|(j, (competence, codes))| {
                                let codes = codes.clone();
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
                            on:input=move |ev| { let v = event_target_value(&ev); typed_comments.update(|m| { m.insert(GENERAL.to_owned(), v); }); }
                        >{crate::domain::html::textarea_text(&general, cfg!(feature = "ssr"))}</textarea>
                    </div>
                    <fieldset class="field">
                        <legend>"Enregistrement"</legend>
                        <label><input type="radio" name="action" value="brouillon" checked=true/>" Brouillon (modifiable)"</label>" "
                        <label><input type="radio" name="action" value="soumettre"/>" Soumettre définitivement"</label>
                    </fieldset>
                    <button type="submit" class="button">"Enregistrer"</button>
                </ActionForm>
            }.into_any()
        } else {
            view! {
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
