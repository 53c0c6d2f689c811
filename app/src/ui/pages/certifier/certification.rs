//! A certification: versions, blocs, and the scoring grid, edited as JSON and checked
//! by the engine before a new version is saved.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::certifications::{CertificationDetail, SaveGrid, load_certification};
use crate::domain::format::datetime_fr;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::pages::certifier::referentiel::{Referentiel, ReferentielActions};

/// Certification page.
#[component]
pub fn CertifierCertification() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let save = ServerAction::<SaveGrid>::new();
    let actions = ReferentielActions::new();
    let data = page_data(
        move || (id(), save.version().get(), actions.versions()),
        |(id, _, _)| load_certification(id),
    );
    view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <CertificationPage detail save actions/> }.into_any(),
                    Err(error) => view! { <h1>"Certification"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn CertificationPage(
    detail: CertificationDetail,
    save: ServerAction<SaveGrid>,
    actions: ReferentielActions,
) -> impl IntoView {
    view! {
        <Title text=detail.title.clone()/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>{detail.title.clone()}</h1>
        <p class="lead">{format!("{} — version {} en vigueur", detail.code, detail.version)}</p>
        <p><a class="button secondary" href=format!("/certificateur/certifications/{}/declarations", detail.id)>"Déclarations à la Caisse des Dépôts"</a>" "
            <a class="button secondary" href=format!("/certificateur/certifications/{}/statistiques", detail.id)>"Statistiques"</a></p>
        <section aria-labelledby="titre-versions">
            <h2 id="titre-versions">"Versions"</h2>
            <p>"Une session reste liée à la version en vigueur lors de sa création : modifier la grille crée une nouvelle version et ne change aucune session existante."</p>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">"Version"</th><th scope="col">"Créée le"</th><th scope="col">"État"</th><th scope="col" class="num">"Sessions liées"</th></tr></thead>
                    <tbody>
                        {detail.versions.iter().map(|v| view! {
                            <tr>
                                <th scope="row">{v.number}</th>
                                <td>{datetime_fr(v.created_at)}</td>
                                <td>{if v.in_force { "En vigueur" } else { "Remplacée" }}</td>
                                <td class="num">{v.sessions}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {(!detail.notes.is_empty()).then(|| view! {
            <section aria-labelledby="titre-choix">
                <h2 id="titre-choix">"Choix faits là où le référentiel est muet"</h2>
                <ul>{detail.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        <Referentiel detail=detail.clone() actions/>
        <section aria-labelledby="titre-regles-jury">
            <h2 id="titre-regles-jury">"Règles de composition du jury"</h2>
            <ul>
                {detail.jury_rules.rules.iter().map(|r| view! {
                    <li>{r.label.clone()}{if r.severity == crate::domain::jury::rules::Severity::Hard { " (obligatoire)" } else { " (recherchée)" }}</li>
                }).collect_view()}
            </ul>
            <p>{if detail.jury_rules.quorum == crate::domain::jury::rules::Quorum::AllMembers {
                "Délibération : tous les membres votants présents, sinon report."
            } else {
                "Délibération : valable malgré l'absence de membres."
            }}</p>
            {(!detail.jury_rules.notes.is_empty()).then(|| view! {
                <ul class="hint">{detail.jury_rules.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
        <section aria-labelledby="titre-grille">
            <h2 id="titre-grille">"Grille d'évaluation (JSON)"</h2>
            <p>"Format décrit dans la documentation (docs/evaluate.md). La grille est vérifiée avant d'être enregistrée ; chaque problème est indiqué et rien n'est enregistré tant qu'il en reste."</p>
            {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=save attr:class="form">
                <CsrfField/>
                <input type="hidden" name="certification_id" value=detail.id/>
                <div class="field">
                    <label for="grid_json">"Grille (JSON)"</label>
                    <textarea id="grid_json" name="grid_json" rows="24" class="code" spellcheck="false">{crate::domain::html::textarea_text(&detail.grid_json, cfg!(feature = "ssr"))}</textarea>
                </div>
                <button type="submit" class="button">"Enregistrer une nouvelle version"</button>
            </ActionForm>
        </section>
    }
}
