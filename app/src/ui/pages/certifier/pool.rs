//! The certifier's pool of jury members: list, add, correct, import from a file.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::juries::{PoolMember, PoolPage, SavePoolMember, load_pool, load_pool_page};
use crate::domain::format::date_fr;
use crate::domain::jury::rules::{CATEGORIES, category_label};
use crate::domain::jury::{Gender, Side, Teacher};
use crate::ui::components::csrf::{CsrfField, csrf_token};
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::import_notice::ImportNotice;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::{Pagination, SearchForm, page_href, page_in};

/// The pool page.
#[component]
pub fn CertifierPool() -> impl IntoView {
    let save = ServerAction::<SavePoolMember>::new();
    let query = use_query_map();
    let search = move || query.read().get("recherche").unwrap_or_default();
    let data = page_data(
        move || (search(), page_in(&query.read())),
        |(search, page)| load_pool_page(search, page),
    );
    view! {
        <Title text="Vivier des membres de jury"/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>"Vivier des membres de jury"</h1>
        <ImportNotice refused="aucun membre n'a été ajouté" done="membre(s) ajouté(s) au vivier"/>
            {Suspend::new(async move {
                match data.await {
                    Ok(pool) => view! { <PoolTable pool search=search()/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        <details class="request">
            <summary>"Ajouter un membre"</summary>
            {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <JurorForm id=0 member=None save/>
        </details>
        <details class="request">
            <summary>"Importer un fichier (CSV)"</summary>
            <p>"Colonnes : nom ; prénom ; courriel ; genre (F/H) ; interne (oui/non) ; catégorie ; employeur ou salarié ; enseignant ; années d'expérience ; dernière activité (JJ/MM/AAAA) ; disponibilités. Le fichier est refusé en entier à la moindre ligne en erreur, chaque ligne étant signalée."</p>
            <form method="post" enctype="multipart/form-data" class="form" action=move || format!("/certificateur/jures?csrf_token={}", csrf_token())>
                <div class="field">
                    <label for="fichier-jures">"Fichier CSV (UTF-8, « ; » ou « , »)"</label>
                    <input id="fichier-jures" name="fichier" type="file" accept=".csv,text/csv" required/>
                </div>
                <button type="submit" class="button">"Importer"</button>
            </form>
        </details>
    }
}

#[component]
fn PoolTable(pool: PoolPage, search: String) -> AnyView {
    if pool.all == 0 {
        return view! { <p>"Le vivier est vide."</p> }.into_any();
    }
    let paging = pool.paging;
    let link = {
        let search = search.clone();
        move |n: u64| page_href(&[("recherche", search.as_str())], n)
    };
    view! {
        <SearchForm label="Nom, courriel ou profil" search=search.clone()/>
        <p role="status">{format!(
            "{} membre(s) trouvé(s) sur {} — page {} sur {}",
            paging.total, pool.all, paging.page, paging.pages
        )}</p>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Membres du vivier"</caption>
                <thead><tr>
                    <th scope="col">"Nom"</th><th scope="col">"Courriel"</th><th scope="col">"Profil"</th>
                    <th scope="col" class="num">"Expérience"</th><th scope="col">"Dernière activité"</th>
                    <th scope="col">"Disponibilités"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {pool.members.into_iter().map(|m| {
                        let j = m.juror.clone();
                        let mut profile = vec![category_label(&j.category).to_owned(), if j.internal { "interne".to_owned() } else { "externe".to_owned() }];
                        if j.side != Side::None { profile.push(j.side.label().to_lowercase()); }
                        if j.teacher != Teacher::None { profile.push(j.teacher.label().to_lowercase()); }
                        view! {
                            <tr>
                                <th scope="row">{j.name.clone()}</th>
                                <td>{m.email.clone()}</td>
                                <td>{profile.join(", ")}</td>
                                <td class="num">{format!("{} an(s)", j.years_experience)}</td>
                                <td>{j.last_activity.map(date_fr).unwrap_or_else(|| "—".to_owned())}</td>
                                <td>{m.availability.clone()}</td>
                                <td><a href=format!("/certificateur/jures/{}", j.id) aria-label=format!("Modifier {}", j.name)>"Modifier"</a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination
            previous=(paging.page > 1).then(|| link(paging.page - 1))
            next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
    }
    .into_any()
}

/// Add or correct form.
#[component]
fn JurorForm(id: i32, member: Option<PoolMember>, save: ServerAction<SavePoolMember>) -> AnyView {
    let j = member.as_ref().map(|m| m.juror.clone());
    let field = move |name: &str| format!("jure-{id}-{name}");
    let gender = j.as_ref().map_or(Gender::Unspecified, |j| j.gender);
    let side = j.as_ref().map_or(Side::None, |j| j.side);
    let teacher = j.as_ref().map_or(Teacher::None, |j| j.teacher);
    let category = j.as_ref().map(|j| j.category.clone()).unwrap_or_default();
    let (last, first) = member
        .as_ref()
        .map(|m| (m.last_name.clone(), m.first_name.clone()))
        .unwrap_or_default();
    view! {
        <ActionForm action=save attr:class="form narrow">
            <CsrfField/>
            <input type="hidden" name="id" value=id/>
            <div class="field"><label for=field("nom")>"Nom"</label><input id=field("nom") name="fields[last_name]" required value=last/></div>
            <div class="field"><label for=field("prenom")>"Prénom"</label><input id=field("prenom") name="fields[first_name]" required value=first/></div>
            <div class="field"><label for=field("courriel")>"Courriel"</label><input id=field("courriel") name="fields[email]" type="email" required value=member.as_ref().map(|m| m.email.clone())/></div>
            <div class="field">
                <label for=field("genre")>"Genre (pour la parité)"</label>
                <select id=field("genre") name="fields[gender]">
                    {Gender::ALL.into_iter().map(|g| view! { <option value=g.code() selected=g == gender>{g.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=field("interne")>"Interne au certificateur"</label>
                <select id=field("interne") name="fields[internal]">
                    <option value="non" selected=!j.as_ref().is_some_and(|j| j.internal)>"Non (externe)"</option>
                    <option value="oui" selected=j.as_ref().is_some_and(|j| j.internal)>"Oui"</option>
                </select>
            </div>
            <div class="field">
                <label for=field("categorie")>"Catégorie professionnelle"</label>
                <select id=field("categorie") name="fields[category]">
                    {CATEGORIES.into_iter().map(|(code, label)| view! { <option value=code selected=code == category>{label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=field("cote")>"Membre de la profession"</label>
                <select id=field("cote") name="fields[side]">
                    {Side::ALL.into_iter().map(|s| view! { <option value=s.code() selected=s == side>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=field("enseignant")>"Enseignant"</label>
                <select id=field("enseignant") name="fields[teacher]">
                    {Teacher::ALL.into_iter().map(|t| view! { <option value=t.code() selected=t == teacher>{t.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field"><label for=field("experience")>"Années d'expérience dans le domaine"</label><input id=field("experience") name="fields[years_experience]" inputmode="numeric" required value=j.as_ref().map(|j| j.years_experience)/></div>
            <div class="field"><label for=field("activite")>"Dernière activité dans le métier (JJ/MM/AAAA)"</label><input id=field("activite") name="fields[last_activity]" value=j.as_ref().and_then(|j| j.last_activity).map(date_fr)/></div>
            <div class="field">
                <label for=field("dispo")>"Disponibilités (ex. « du 15/03/2027 au 19/03/2027 » ; vide : toujours disponible)"</label>
                <input id=field("dispo") name="fields[availability]" value=member.as_ref().map(|m| m.availability.clone())/>
            </div>
            <button type="submit" class="button">{if id == 0 { "Ajouter au vivier" } else { "Enregistrer" }}</button>
        </ActionForm>
    }
    .into_any()
}

/// Correcting one member of the pool.
#[component]
pub fn CertifierPoolMember() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let save = ServerAction::<SavePoolMember>::new();
    let data = load_pool();
    view! {
        <p><a href="/certificateur/jures">"← Vivier des membres de jury"</a></p>
            {Suspend::new(async move {
                let wanted = id();
                match data.await.map(|pool| pool.into_iter().find(|m| m.juror.id == wanted)) {
                    Ok(Some(member)) => view! {
                        <Title text=format!("Modifier {}", member.juror.name)/>
                        <h1>{format!("Modifier {}", member.juror.name)}</h1>
                        {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
                        <JurorForm id=wanted member=Some(member) save/>
                    }.into_any(),
                    Ok(None) => view! { <h1>"Membre introuvable"</h1><ErrorNotice error=crate::error::AppError::NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}
