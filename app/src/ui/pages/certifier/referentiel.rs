//! The référentiel of a certification, edited through forms: blocs, competences,
//! épreuves (scoring and how they are run), criteria. Each change is checked by the
//! scoring engine with the whole grid; nothing is saved while a problem remains.

use leptos::prelude::*;

use crate::api::certifications::CertificationDetail;
use crate::api::referentiel::{
    PasteCriteria, RemoveItem, SaveBloc, SaveCompetence, SaveComponent, SaveCriterion,
    SaveEpreuveSettings,
};
use crate::domain::epreuve::EpreuveSettings;
use crate::domain::format::decimal_fr;
use crate::domain::scoring::grid::{
    AbsenceRule, Aggregation, Comparison, Component, ComponentRole, Scoring, Unit, UnitKind,
};
use crate::domain::templates::EpreuveKind;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;

/// The actions of the référentiel forms.
#[derive(Clone, Copy)]
pub struct ReferentielActions {
    pub bloc: ServerAction<SaveBloc>,
    pub competence: ServerAction<SaveCompetence>,
    pub component: ServerAction<SaveComponent>,
    pub criterion: ServerAction<SaveCriterion>,
    pub remove: ServerAction<RemoveItem>,
    pub settings: ServerAction<SaveEpreuveSettings>,
    pub paste: ServerAction<PasteCriteria>,
}

impl ReferentielActions {
    pub fn new() -> Self {
        ReferentielActions {
            bloc: ServerAction::new(),
            competence: ServerAction::new(),
            component: ServerAction::new(),
            criterion: ServerAction::new(),
            remove: ServerAction::new(),
            settings: ServerAction::new(),
            paste: ServerAction::new(),
        }
    }

    /// Changes whenever one of the forms has been submitted.
    pub fn versions(&self) -> [usize; 7] {
        [
            self.paste.version().get(),
            self.bloc.version().get(),
            self.competence.version().get(),
            self.component.version().get(),
            self.criterion.version().get(),
            self.remove.version().get(),
            self.settings.version().get(),
        ]
    }

    fn error(&self) -> Option<crate::error::AppError> {
        [
            self.bloc.value().get(),
            self.competence.value().get(),
            self.component.value().get(),
            self.criterion.value().get(),
            self.remove.value().get(),
            self.settings.value().get(),
            self.paste.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    }
}

impl Default for ReferentielActions {
    fn default() -> Self {
        Self::new()
    }
}

fn unit_kind_label(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Bloc => "Bloc de compétences",
        UnitKind::Optional => "Unité facultative",
        UnitKind::Group => "Regroupement (non certifiant seul)",
    }
}

fn aggregation_label(aggregation: Aggregation) -> &'static str {
    match aggregation {
        Aggregation::WeightedAverage => "moyenne pondérée des épreuves, sur 20",
        Aggregation::Sum => "somme des points",
        Aggregation::CriteriaRatio => "part des critères satisfaits, en %",
    }
}

fn role_label(role: ComponentRole) -> &'static str {
    match role {
        ComponentRole::Exam => "Épreuve",
        ComponentRole::Professional => "Évaluation professionnelle",
        ComponentRole::ContinuousAssessment => "Contrôle continu",
    }
}

fn absence_label(rule: AbsenceRule) -> &'static str {
    match rule {
        AbsenceRule::Zero => "compte 0",
        AbsenceRule::UnitNotValidated => "bloc non validé",
        AbsenceRule::NoFullCertification => "pas de certification complète",
    }
}

fn unit_rule(unit: &Unit) -> String {
    let mut parts = vec![aggregation_label(unit.aggregation).to_owned()];
    if let Some(t) = unit.validation {
        let unit_sign = if unit.aggregation == Aggregation::CriteriaRatio {
            " %"
        } else {
            ""
        };
        parts.push(format!(
            "validé si {} {}{unit_sign}",
            t.op.symbol(),
            decimal_fr(t.value)
        ));
    }
    if let Some(e) = unit.eliminatory_below {
        parts.push(format!("éliminatoire sous {}", decimal_fr(e)));
    }
    if unit.coefficient != rust_decimal::Decimal::ONE {
        parts.push(format!("coefficient {}", decimal_fr(unit.coefficient)));
    }
    parts.join(" ; ")
}

fn scoring_text(component: &Component) -> String {
    match component.scoring {
        Scoring::Points { max } => format!("sur {} points", decimal_fr(max)),
        Scoring::Criteria => "par critères".to_owned(),
    }
}

fn settings_text(settings: Option<&EpreuveSettings>) -> String {
    let Some(s) = settings else {
        return "non planifiable (contrôle continu)".to_owned();
    };
    let mut parts = vec![s.kind.label().to_owned()];
    if s.duration_minutes.is_some() || !s.phases.is_empty() {
        parts.push(crate::domain::passage::phases_text(
            &s.phases,
            s.duration_minutes,
        ));
    }
    if s.remote_allowed {
        parts.push("à distance possible".to_owned());
    }
    if s.double_marking {
        parts.push(match s.discrepancy {
            Some(gap) => format!("double correction (écart max. {} pt)", decimal_fr(gap)),
            None => "double correction".to_owned(),
        });
    }
    for (category, modality) in &s.modalities {
        parts.push(format!("{category} : {}", modality.label()));
    }
    parts.join(" ; ")
}

/// The référentiel section of the certification page.
#[component]
pub fn Referentiel(detail: CertificationDetail, actions: ReferentielActions) -> AnyView {
    let id = detail.id;
    let grid = detail.grid.clone();
    let note = if detail.bound_sessions == 0 {
        "Aucune session n'utilise encore cette version : chaque modification la corrige directement.".to_owned()
    } else {
        format!(
            "{} session(s) utilisent cette version : chaque modification crée une nouvelle version, les sessions existantes gardent la leur.",
            detail.bound_sessions
        )
    };
    let units = grid.units.clone();
    let (units_a, units_b, units_c) = (units.clone(), units.clone(), units.clone());
    let epreuves = detail.epreuves.clone();
    view! {
        <section aria-labelledby="titre-referentiel">
            <h2 id="titre-referentiel">"Référentiel"</h2>
            <p>{note}</p>
            {move || actions.error().map(|error| view! { <FormErrors error/> })}
            {units.into_iter().map(|unit| view! { <UnitCard id unit grid=grid.clone() epreuves=epreuves.clone() actions/> }).collect_view()}
            <h3>"Ajouter"</h3>
            <details class="request">
                <summary>"Ajouter un bloc"</summary>
                <BlocForm id unit=None actions/>
            </details>
            <details class="request">
                <summary>"Ajouter une compétence"</summary>
                <ActionForm action=actions.competence attr:class="form narrow">
                    <CsrfField/>
                    <input type="hidden" name="certification_id" value=id/>
                    <div class="field"><label for="competence-code">"Code"</label><input id="competence-code" name="code" required/></div>
                    <div class="field"><label for="competence-title">"Intitulé"</label><input id="competence-title" name="title" required/></div>
                    <UnitSelect id_attr="competence-unit" units=units_a selected=None/>
                    <button type="submit" class="button">"Ajouter la compétence"</button>
                </ActionForm>
            </details>
            <details class="request">
                <summary>"Ajouter une épreuve"</summary>
                <ComponentForm id component=None units=units_b actions/>
            </details>
            <details class="request">
                <summary>"Ajouter ou modifier un critère"</summary>
                <p class="hint">"Un code déjà utilisé remplace le critère existant."</p>
                <ActionForm action=actions.criterion attr:class="form narrow">
                    <CsrfField/>
                    <input type="hidden" name="certification_id" value=id/>
                    <div class="field"><label for="criterion-code">"Code"</label><input id="criterion-code" name="code" required/></div>
                    <div class="field"><label for="criterion-label">"Libellé"</label><textarea id="criterion-label" name="label" rows="2" required></textarea></div>
                    <UnitSelect id_attr="criterion-unit" units=units_c selected=None/>
                    <div class="field"><label for="criterion-competence">"Compétence (code, facultatif)"</label><input id="criterion-competence" name="competence"/></div>
                    <div class="field">
                        <label for="criterion-components">"Évalué par les épreuves (codes séparés par des virgules)"</label>
                        <input id="criterion-components" name="components" required/>
                    </div>
                    <button type="submit" class="button">"Enregistrer le critère"</button>
                </ActionForm>
            </details>
        </section>
    }
    .into_any()
}

#[component]
fn UnitSelect(id_attr: &'static str, units: Vec<Unit>, selected: Option<String>) -> AnyView {
    view! {
        <div class="field">
            <label for=id_attr>"Bloc"</label>
            <select id=id_attr name="unit">
                {units.into_iter().map(|u| {
                    let chosen = selected.as_deref() == Some(u.code.as_str());
                    view! { <option value=u.code.clone() selected=chosen>{crate::domain::format::code_title(&u.code, &u.title)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

#[component]
fn RemoveButton(
    id: i32,
    what: &'static str,
    code: String,
    label: String,
    actions: ReferentielActions,
) -> AnyView {
    view! {
        <ActionForm action=actions.remove attr:class="inline">
            <CsrfField/>
            <input type="hidden" name="certification_id" value=id/>
            <input type="hidden" name="what" value=what/>
            <input type="hidden" name="code" value=code.clone()/>
            <crate::ui::components::confirm::ConfirmSubmit
                summary=format!("{label}…")
                warning=match what {
                    "bloc" => format!("Le bloc {code}, ses épreuves, compétences et critères seront supprimés de la grille (une nouvelle version est créée si une session utilise celle-ci)."),
                    "epreuve" => format!("L'épreuve {code} sera supprimée de la grille."),
                    "competence" => format!("La compétence {code} et ses critères seront supprimés."),
                    _ => format!("Le critère {code} sera supprimé."),
                }
                confirm="Confirmer la suppression".to_owned()/>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn UnitCard(
    id: i32,
    unit: Unit,
    grid: crate::domain::scoring::Grid,
    epreuves: Vec<EpreuveSettings>,
    actions: ReferentielActions,
) -> AnyView {
    let competences: Vec<_> = grid
        .competences
        .iter()
        .filter(|c| c.unit == unit.code)
        .cloned()
        .collect();
    let components: Vec<_> = grid
        .components
        .iter()
        .filter(|c| c.unit == unit.code)
        .cloned()
        .collect();
    let criteria: Vec<_> = grid
        .criteria
        .iter()
        .filter(|c| c.unit == unit.code)
        .cloned()
        .collect();
    let units = grid.units.clone();
    view! {
        <article class="card">
            <h3>{crate::domain::format::code_title(&unit.code, &unit.title)}</h3>
            <p>{format!("{} : {}", unit_kind_label(unit.kind), unit_rule(&unit))}</p>
            <details class="request">
                <summary>{format!("Modifier le bloc {}", unit.code)}</summary>
                <BlocForm id unit=Some(unit.clone()) actions/>
                <p class="hint">"Supprimer le bloc supprime aussi ses épreuves, compétences et critères."</p>
                <RemoveButton id what="bloc" code=unit.code.clone() label=format!("Supprimer le bloc {}", unit.code) actions/>
            </details>
            {(!competences.is_empty()).then(|| view! {
                <h4>"Compétences"</h4>
                <ul>
                    {competences.into_iter().map(|c| view! {
                        <li>
                            <strong>{c.code.clone()}</strong>" — "{c.title.clone()}" "
                            <RemoveButton id what="competence" code=c.code.clone() label=format!("Supprimer {}", c.code) actions/>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <h4>"Épreuves"</h4>
            <ul>
                {components.into_iter().map(|c| {
                    let settings = epreuves.iter().find(|s| s.code == c.code).cloned();
                    view! {
                        <li>
                            <strong>{c.code.clone()}</strong>" — "{c.title.clone()}
                            {format!(" ({}, {} ; coefficient {} ; absence non justifiée : {})", role_label(c.role), scoring_text(&c), decimal_fr(c.coefficient), absence_label(c.on_unjustified_absence))}
                            <br/><span class="hint">{settings_text(settings.as_ref())}</span>
                            <details class="request">
                                <summary>{format!("Modifier l'épreuve {}", c.code)}</summary>
                                <ComponentForm id component=Some(c.clone()) units=units.clone() actions/>
                                <SettingsForm id code=c.code.clone() settings actions/>
                                <RemoveButton id what="epreuve" code=c.code.clone() label=format!("Supprimer l'épreuve {}", c.code) actions/>
                            </details>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(unit.aggregation == Aggregation::CriteriaRatio).then(|| view! {
                <details class="request">
                    <summary>"Coller ou importer des critères"</summary>
                    <p class="hint">"Une ligne par critère, copiée d'un tableur (colonnes séparées par des tabulations) ou d'un fichier CSV (« ; ») : code ; libellé ; compétence (facultatif) ; épreuves qui l'évaluent, séparées par des virgules (facultatif : toutes celles du bloc). Un critère existant (même code) est mis à jour. Tout ou rien."</p>
                    <ActionForm action=actions.paste attr:class="form">
                        <CsrfField/>
                        <input type="hidden" name="certification_id" value=id/>
                        <input type="hidden" name="unit" value=unit.code.clone()/>
                        <div class="field">
                            <label for=format!("coller-{}", unit.code)>{format!("Critères du bloc {}", unit.code)}</label>
                            <textarea id=format!("coller-{}", unit.code) name="text" rows="8" class="code"></textarea>
                        </div>
                        <button type="submit" class="button">"Enregistrer ces critères"</button>
                    </ActionForm>
                </details>
            })}
            {(!criteria.is_empty()).then(|| view! {
                <details>
                    <summary>{format!("Critères d'évaluation ({})", criteria.len())}</summary>
                    <ul>
                        {criteria.into_iter().map(|c| view! {
                            <li>
                                <strong>{c.code.clone()}</strong>" — "{c.label.clone()}
                                <span class="hint">{format!(" (évalué par {}{})", c.components.join(", "), c.competence.as_ref().map(|k| format!(" ; compétence {k}")).unwrap_or_default())}</span>" "
                                <RemoveButton id what="critere" code=c.code.clone() label=format!("Supprimer {}", c.code) actions/>
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </article>
    }
    .into_any()
}

#[component]
fn BlocForm(id: i32, unit: Option<Unit>, actions: ReferentielActions) -> AnyView {
    let key = unit
        .as_ref()
        .map_or_else(|| "nouveau".to_owned(), |u| u.code.clone());
    let field = move |name: &str| format!("bloc-{key}-{name}");
    let existing = unit.is_some();
    let kind = unit.as_ref().map_or(UnitKind::Bloc, |u| u.kind);
    let aggregation = unit
        .as_ref()
        .map_or(Aggregation::WeightedAverage, |u| u.aggregation);
    let threshold = unit.as_ref().and_then(|u| u.validation);
    let more_than = threshold.is_some_and(|t| t.op == Comparison::MoreThan);
    view! {
        <ActionForm action=actions.bloc attr:class="form narrow">
            <CsrfField/>
            <input type="hidden" name="certification_id" value=id/>
            {if existing {
                view! { <input type="hidden" name="code" value=unit.as_ref().map(|u| u.code.clone())/> }.into_any()
            } else {
                view! { <div class="field"><label for=field("code")>"Code (ex. BC04, RNCP… du bloc)"</label><input id=field("code") name="code" required/></div> }.into_any()
            }}
            <div class="field"><label for=field("title")>"Intitulé"</label><input id=field("title") name="title" required value=unit.as_ref().map(|u| u.title.clone())/></div>
            <div class="field">
                <label for=field("kind")>"Nature"</label>
                <select id=field("kind") name="kind">
                    <option value="bloc" selected=kind == UnitKind::Bloc>{unit_kind_label(UnitKind::Bloc)}</option>
                    <option value="optional" selected=kind == UnitKind::Optional>{unit_kind_label(UnitKind::Optional)}</option>
                    <option value="group" selected=kind == UnitKind::Group>{unit_kind_label(UnitKind::Group)}</option>
                </select>
            </div>
            <div class="field">
                <label for=field("aggregation")>"Calcul"</label>
                <select id=field("aggregation") name="aggregation">
                    <option value="weighted_average" selected=aggregation == Aggregation::WeightedAverage>{aggregation_label(Aggregation::WeightedAverage)}</option>
                    <option value="sum" selected=aggregation == Aggregation::Sum>{aggregation_label(Aggregation::Sum)}</option>
                    <option value="criteria_ratio" selected=aggregation == Aggregation::CriteriaRatio>{aggregation_label(Aggregation::CriteriaRatio)}</option>
                </select>
            </div>
            <div class="field">
                <label for=field("op")>"Validation"</label>
                <select id=field("op") name="threshold_op">
                    <option value="at_least" selected=!more_than>"supérieur ou égal à"</option>
                    <option value="more_than" selected=more_than>"strictement supérieur à"</option>
                </select>
            </div>
            <div class="field">
                <label for=field("threshold")>"Seuil de validation (note sur 20 ou %, vide : aucun)"</label>
                <input id=field("threshold") name="threshold" inputmode="decimal" value=threshold.map(|t| decimal_fr(t.value))/>
            </div>
            <div class="field">
                <label for=field("eliminatory")>"Note éliminatoire : strictement en dessous de (vide : aucune)"</label>
                <input id=field("eliminatory") name="eliminatory" inputmode="decimal" value=unit.as_ref().and_then(|u| u.eliminatory_below).map(decimal_fr)/>
            </div>
            <div class="field">
                <label for=field("coefficient")>"Coefficient dans la moyenne générale"</label>
                <input id=field("coefficient") name="coefficient" inputmode="decimal" value=decimal_fr(unit.as_ref().map_or(rust_decimal::Decimal::ONE, |u| u.coefficient))/>
            </div>
            {(!existing).then(|| view! {
                <fieldset>
                    <legend>"Première épreuve du bloc"</legend>
                    <div class="field"><label for=field("first-code")>"Code (ex. BC04.E1)"</label><input id=field("first-code") name="first_code" required/></div>
                    <div class="field"><label for=field("first-title")>"Intitulé"</label><input id=field("first-title") name="first_title" required/></div>
                    <div class="field"><label for=field("first-max")>"Maximum de points (vide : 20 ; sans objet pour un bloc par critères)"</label><input id=field("first-max") name="first_max" inputmode="decimal"/></div>
                    <div class="field"><label for=field("criterion-code")>"Premier critère : code (bloc par critères)"</label><input id=field("criterion-code") name="criterion_code"/></div>
                    <div class="field"><label for=field("criterion-label")>"Premier critère : libellé (bloc par critères)"</label><input id=field("criterion-label") name="criterion_label"/></div>
                </fieldset>
            })}
            <button type="submit" class="button">{if existing { "Enregistrer le bloc" } else { "Ajouter le bloc" }}</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn ComponentForm(
    id: i32,
    component: Option<Component>,
    units: Vec<Unit>,
    actions: ReferentielActions,
) -> AnyView {
    let key = component
        .as_ref()
        .map_or_else(|| "nouvelle".to_owned(), |c| c.code.clone());
    let field = move |name: &str| format!("epreuve-{key}-{name}");
    let existing = component.is_some();
    let role = component.as_ref().map_or(ComponentRole::Exam, |c| c.role);
    let max = component.as_ref().and_then(|c| match c.scoring {
        Scoring::Points { max } => Some(max),
        Scoring::Criteria => None,
    });
    let criteria = component
        .as_ref()
        .is_some_and(|c| c.scoring == Scoring::Criteria);
    let absence = component
        .as_ref()
        .map_or(AbsenceRule::UnitNotValidated, |c| c.on_unjustified_absence);
    let unit_id: &'static str = if existing {
        "epreuve-bloc"
    } else {
        "epreuve-nouvelle-bloc"
    };
    view! {
        <ActionForm action=actions.component attr:class="form narrow">
            <CsrfField/>
            <input type="hidden" name="certification_id" value=id/>
            {if existing {
                view! { <input type="hidden" name="code" value=component.as_ref().map(|c| c.code.clone())/> }.into_any()
            } else {
                view! { <div class="field"><label for=field("code")>"Code (ex. BC01.E2)"</label><input id=field("code") name="code" required/></div> }.into_any()
            }}
            <div class="field"><label for=field("title")>"Intitulé"</label><input id=field("title") name="title" required value=component.as_ref().map(|c| c.title.clone())/></div>
            {if existing {
                view! { <input type="hidden" name="unit" value=component.as_ref().map(|c| c.unit.clone())/> }.into_any()
            } else {
                view! { <UnitSelect id_attr=unit_id units selected=None/> }.into_any()
            }}
            <div class="field">
                <label for=field("role")>"Nature"</label>
                <select id=field("role") name="role">
                    <option value="exam" selected=role == ComponentRole::Exam>{role_label(ComponentRole::Exam)}</option>
                    <option value="professional" selected=role == ComponentRole::Professional>{role_label(ComponentRole::Professional)}</option>
                    <option value="continuous_assessment" selected=role == ComponentRole::ContinuousAssessment>{role_label(ComponentRole::ContinuousAssessment)}</option>
                </select>
            </div>
            <div class="field">
                <label for=field("scoring")>"Notation"</label>
                <select id=field("scoring") name="scoring">
                    <option value="points" selected=!criteria>"En points"</option>
                    <option value="criteria" selected=criteria>"Par critères (satisfait / non satisfait)"</option>
                </select>
            </div>
            <div class="field">
                <label for=field("max")>"Maximum de points (notation en points)"</label>
                <input id=field("max") name="max" inputmode="decimal" value=max.map(decimal_fr)/>
            </div>
            <div class="field">
                <label for=field("coefficient")>"Coefficient dans le bloc"</label>
                <input id=field("coefficient") name="coefficient" inputmode="decimal" value=decimal_fr(component.as_ref().map_or(rust_decimal::Decimal::ONE, |c| c.coefficient))/>
            </div>
            <div class="field">
                <label for=field("absence")>"Absence non justifiée"</label>
                <select id=field("absence") name="absence">
                    <option value="zero" selected=absence == AbsenceRule::Zero>"L'épreuve compte 0"</option>
                    <option value="unit_not_validated" selected=absence == AbsenceRule::UnitNotValidated>"Le bloc n'est pas validé"</option>
                    <option value="no_full_certification" selected=absence == AbsenceRule::NoFullCertification>"Pas de certification complète (blocs acquis conservés)"</option>
                </select>
            </div>
            <button type="submit" class="button">{if existing { "Enregistrer la notation" } else { "Ajouter l'épreuve" }}</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn SettingsForm(
    id: i32,
    code: String,
    settings: Option<EpreuveSettings>,
    actions: ReferentielActions,
) -> AnyView {
    let field = {
        let code = code.clone();
        move |name: &str| format!("deroulement-{code}-{name}")
    };
    let kind = settings
        .as_ref()
        .map_or(EpreuveKind::WrittenExam, |s| s.kind);
    let modalities = settings
        .as_ref()
        .map(|s| {
            s.modalities
                .iter()
                .map(|(category, modality)| format!("{category} = {}", modality.code()))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    view! {
        <h5>"Déroulement"</h5>
        <ActionForm action=actions.settings attr:class="form narrow">
            <CsrfField/>
            <input type="hidden" name="certification_id" value=id/>
            <input type="hidden" name="code" value=code.clone()/>
            <div class="field">
                <label for=field("kind")>"Type d'épreuve"</label>
                <select id=field("kind") name="kind">
                    {EpreuveKind::ALL.into_iter().map(|k| view! { <option value=k.code() selected=k == kind>{k.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=field("duration")>"Durée en minutes (vide : non minutée)"</label>
                <input id=field("duration") name="duration" inputmode="numeric" value=settings.as_ref().and_then(|s| s.duration_minutes)/>
            </div>
            <div class="field">
                <label for=field("phases")>"Phases, une par ligne « libellé ; minutes » (facultatif ; leur somme fait la durée d'un passage)"</label>
                <textarea id=field("phases") name="phases" rows="3">{crate::domain::html::textarea_text(&settings.as_ref().map(|s| crate::domain::passage::phases_lines(&s.phases)).unwrap_or_default(), cfg!(feature = "ssr"))}</textarea>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id=field("remote") name="remote_allowed" value="on" checked=settings.as_ref().is_some_and(|s| s.remote_allowed)/>
                <label for=field("remote")>"Peut se dérouler à distance"</label>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id=field("double") name="double_marking" value="on" checked=settings.as_ref().is_some_and(|s| s.double_marking)/>
                <label for=field("double")>"Double correction"</label>
            </div>
            <div class="field">
                <label for=field("gap")>"Écart maximal entre les deux correcteurs, en points"</label>
                <input id=field("gap") name="discrepancy" inputmode="decimal" value=settings.as_ref().and_then(|s| s.discrepancy).map(decimal_fr)/>
            </div>
            <div class="field">
                <label for=field("modalities")>"Modalité par catégorie de candidats (une ligne « catégorie = modalité » ; ccf, ponctuel_ecrit, ponctuel_oral, ponctuel_pratique)"</label>
                <textarea id=field("modalities") name="modalities" rows="3">{crate::domain::html::textarea_text(&modalities, cfg!(feature = "ssr"))}</textarea>
            </div>
            <button type="submit" class="button">"Enregistrer le déroulement"</button>
        </ActionForm>
    }
    .into_any()
}
