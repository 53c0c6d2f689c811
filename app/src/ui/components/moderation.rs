//! Double markings waiting for moderation: both graders' sheets side by side and the
//! form that records the agreed result with its reason. Shown to the certifier (jury
//! page) and to the jury's president (their session page).

use leptos::prelude::*;

use crate::api::grading::{Moderate, Moderation};
use crate::domain::grading::ItemKind;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;

/// The moderations to do, each with its form.
#[component]
pub fn ModerationList(
    session_id: i32,
    items: Vec<Moderation>,
    action: ServerAction<Moderate>,
) -> AnyView {
    let id = session_id;
    if items.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="titre-harmonisation">
            <h2 id="titre-harmonisation">{format!("Harmonisations à faire ({})", items.len())}</h2>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {items.into_iter().map(|m| {
                let [(first, a), (second, b)] = m.graders.clone();
                let shown = |sheet: &[crate::domain::grading::Graded], item: &str| {
                    sheet.iter().find(|g| g.item == item).map(|g| match (g.points, g.met) {
                        (Some(p), _) => crate::domain::format::decimal_fr(p),
                        (None, Some(true)) => "satisfait".to_owned(),
                        (None, Some(false)) => "non satisfait".to_owned(),
                        _ => "—".to_owned(),
                    }).unwrap_or_default()
                };
                let key = format!("{}-{}", m.enrolment_id, m.epreuve_id);
                view! {
                    <article class="card">
                        <h3>{format!("{} — {}", m.candidate, m.epreuve)}</h3>
                        <p>{m.why.clone()}</p>
                        <ActionForm action=action attr:class="form narrow">
                            <CsrfField/>
                            <input type="hidden" name="session_id" value=id/>
                            <input type="hidden" name="enrolment_id" value=m.enrolment_id/>
                            <input type="hidden" name="epreuve_id" value=m.epreuve_id/>
                            {m.form.items.iter().enumerate().map(|(i, item)| {
                                let field = format!("harmonisation-{key}-{i}");
                                let compared = format!("{first} : {} ; {second} : {}", shown(&a, &item.code), shown(&b, &item.code));
                                view! {
                                    <input type="hidden" name=format!("entries[{i}][item]") value=item.code.clone()/>
                                    <div class="field">
                                        <label for=field.clone()>{match item.kind {
                                            ItemKind::Points { .. } => format!("{} — note retenue", item.label),
                                            ItemKind::Criterion => format!("{} — oui ou non", item.code),
                                        }}</label>
                                        <input id=field name=format!("entries[{i}][value]") required/>
                                        <p class="hint">{compared}</p>
                                    </div>
                                }
                            }).collect_view()}
                            <div class="field">
                                <label for=format!("harmonisation-{key}-motif")>"Motif (communiqué aux correcteurs)"</label>
                                <textarea id=format!("harmonisation-{key}-motif") name="reason" rows="2" required></textarea>
                            </div>
                            <button type="submit" class="button">"Retenir cette note"</button>
                        </ActionForm>
                    </article>
                }
            }).collect_view()}
        </section>
    }
    .into_any()
}
