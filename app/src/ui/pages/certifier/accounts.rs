//! The organisation's accounts (`/certificateur/comptes`): who can log in, who still has
//! to choose a password (send the link again), deactivate a juror who leaves, invite a
//! co-administrator. Searched, filtered and paginated through the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{
    AccountRow, AccountsPage, InviteAdministrator, SendAccountLink, SetAccommodationReferent,
    SetAccountActive, load_accounts, parse_role, role_code,
};
use crate::domain::account::AccountState;
use crate::domain::role::Role;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::Pagination;

fn done_message(code: &str) -> Option<&'static str> {
    match code {
        "invite" => {
            Some("Invitation envoyée : la personne choisit son mot de passe par le lien reçu.")
        }
        "lien" => Some("Lien envoyé : il est valable 14 jours et remplace le précédent."),
        "desactive" => {
            Some("Compte désactivé : ses sessions ouvertes sont fermées ; son historique reste.")
        }
        "reactive" => Some("Compte réactivé."),
        "referent" => Some(
            "Référent handicap désigné : il lit et instruit les demandes d'aménagement ; chaque consultation est journalisée.",
        ),
        "non_referent" => Some("Rôle de référent handicap retiré."),
        _ => None,
    }
}

fn role_plural(role: Role) -> &'static str {
    match role {
        Role::CertifierAdmin => "Administrateurs",
        Role::JuryMember => "Membres du jury",
        Role::Candidate => "Candidats",
    }
}

/// The accounts page.
#[component]
pub fn CertifierAccounts() -> impl IntoView {
    let query = use_query_map();
    let invite = ServerAction::<InviteAdministrator>::new();
    let send = ServerAction::<SendAccountLink>::new();
    let activate = ServerAction::<SetAccountActive>::new();
    let referent = ServerAction::<SetAccommodationReferent>::new();
    let search = move || query.read().get("recherche").unwrap_or_default();
    let role = move || query.read().get("role").unwrap_or_default();
    let page = move || crate::ui::components::pagination::page_in(&query.read());
    let data = page_data(
        move || (search(), role(), page()),
        |(search, role, page)| load_accounts(search, role, page - 1),
    );
    let done = move || query.read().get("fait").and_then(|c| done_message(&c));
    let error = move || {
        [
            send.value().get(),
            activate.value().get(),
            referent.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    };
    view! {
        <Title text="Comptes"/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>"Comptes"</h1>
        <p>"Chaque membre du vivier et chaque candidat inscrit a un compte. Son premier courriel (invitation au jury, convocation, ou lien envoyé d'ici) porte un lien personnel pour choisir son mot de passe, valable 14 jours et à usage unique."</p>
        {move || done().map(|message| view! { <div class="notice notice-success" role="status"><p>{message}</p></div> })}
        {move || error().map(|error| view! { <FormErrors error/> })}
        <form method="get" action="/certificateur/comptes" class="form inline" role="search">
            <div class="field">
                <label for="recherche-comptes">"Nom ou adresse"</label>
                <input id="recherche-comptes" name="recherche" type="search" value=search/>
            </div>
            <div class="field">
                <label for="role-comptes">"Rôle"</label>
                <select id="role-comptes" name="role">
                    <option value="" selected=move || parse_role(&role()).is_none()>"Tous"</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=role_code(r) selected=move || parse_role(&role()) == Some(r)>{role_plural(r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary">"Rechercher"</button>
        </form>
            {Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <AccountsTable list search=search() role=role() send activate referent/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        <section aria-labelledby="titre-inviter">
            <h2 id="titre-inviter">"Inviter un administrateur"</h2>
            <p>"Un administrateur gère les certifications, les sessions, les jurys et les comptes de l'organisation."</p>
            {move || invite.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=invite attr:class="form narrow">
                <CsrfField/>
                <div class="field"><label for="admin-nom">"Nom"</label><input id="admin-nom" name="name" required autocomplete="off"/></div>
                <div class="field"><label for="admin-courriel">"Adresse électronique"</label><input id="admin-courriel" name="email" type="email" required autocomplete="off"/></div>
                <button type="submit" class="button">"Envoyer l'invitation"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AccountsTable(
    list: AccountsPage,
    search: String,
    role: String,
    send: ServerAction<SendAccountLink>,
    activate: ServerAction<SetAccountActive>,
    referent: ServerAction<SetAccommodationReferent>,
) -> AnyView {
    if list.rows.is_empty() {
        return view! { <p>"Aucun compte ne correspond."</p> }.into_any();
    }
    let link = move |page: u64| {
        let query = crate::domain::html::query_string(&[
            ("recherche", search.as_str()),
            ("role", role.as_str()),
            ("page", &page.to_string()),
        ]);
        format!("/certificateur/comptes?{query}")
    };
    let current = list.page + 1;
    view! {
        <p role="status">{format!("{} compte(s) — page {} sur {}", list.total, current, list.pages)}</p>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Comptes de l'organisation"</caption>
                <thead><tr>
                    <th scope="col">"Nom"</th><th scope="col">"Adresse électronique"</th>
                    <th scope="col">"Rôle"</th><th scope="col">"État"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {list.rows.into_iter().map(|row| view! { <AccountLine row send activate referent designates=list.referent/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination
            previous=(current > 1).then(|| link(current - 1))
            next=(current < list.pages).then(|| link(current + 1))/>
    }
    .into_any()
}

#[component]
fn AccountLine(
    row: AccountRow,
    send: ServerAction<SendAccountLink>,
    activate: ServerAction<SetAccountActive>,
    referent: ServerAction<SetAccommodationReferent>,
    /// The certifier looking may designate referents.
    designates: bool,
) -> impl IntoView {
    let id = row.id.to_string();
    let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id);
    let administrator = row.role == Role::CertifierAdmin;
    let is_referent = row.referent;
    let can_send = row.state.can_send_link();
    let deactivated = row.state == AccountState::Deactivated;
    let name = row.name.clone();
    view! {
        <tr>
            <th scope="row">{row.name.clone()}</th>
            <td>{row.email.clone()}</td>
            <td>{row.role.label()}{(administrator && is_referent).then(|| view! { <br/><span class="badge">"Référent handicap"</span> })}</td>
            <td>{row.state.label()}</td>
            <td class="actions">
                {(administrator && designates && !(is_referent && row.own)).then(|| view! {
                    <ActionForm action=referent attr:class="form inline">
                        <CsrfField/>
                        <input type="hidden" name="user_id" value=id4.clone()/>
                        <input type="hidden" name="referent" value=if is_referent { "non" } else { "oui" }/>
                        <button type="submit" class="button small secondary">{if is_referent { "Retirer le rôle de référent handicap" } else { "Désigner référent handicap" }}</button>
                    </ActionForm>
                })}
                {can_send.then(|| view! {
                    <ActionForm action=send attr:class="form inline">
                        <CsrfField/>
                        <input type="hidden" name="user_id" value=id1.clone()/>
                        <button type="submit" class="button small secondary">"Envoyer le lien"</button>
                    </ActionForm>
                })}
                {(deactivated).then(|| view! {
                    <ActionForm action=activate attr:class="form inline">
                        <CsrfField/>
                        <input type="hidden" name="user_id" value=id2.clone()/>
                        <input type="hidden" name="active" value="true"/>
                        <button type="submit" class="button small secondary">"Réactiver"</button>
                    </ActionForm>
                })}
                {(!deactivated && !row.own).then(|| view! {
                    <details class="confirm">
                        <summary>"Désactiver…"</summary>
                        <p>{format!("{name} ne pourra plus se connecter et ses sessions ouvertes seront fermées ; son historique (notes, signatures) reste.")}</p>
                        <ActionForm action=activate attr:class="form inline">
                            <CsrfField/>
                            <input type="hidden" name="user_id" value=id3.clone()/>
                            <input type="hidden" name="active" value="false"/>
                            <button type="submit" class="button small danger">"Confirmer la désactivation"</button>
                        </ActionForm>
                    </details>
                })}
            </td>
        </tr>
    }
}
