//! Correcting an enrolled candidate: identity, email, access route, category, group.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::sessions::{
    EnrolledPage, RecordCapitalisedBloc, UpdateCandidate, load_enrolled_candidate,
};
use crate::domain::candidate::AccessRoute;
use crate::domain::format::date_fr;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// Candidate edit page.
#[component]
pub fn CertifierCandidate() -> impl IntoView {
    let params = use_params_map();
    let number = move |key: &str| {
        params
            .read()
            .get(key)
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let ids = move || (number("id"), number("enrolment"));
    let update = ServerAction::<UpdateCandidate>::new();
    let data = page_data(ids, |(session, enrolment)| {
        load_enrolled_candidate(session, enrolment)
    });
    view! {
            {Suspend::new(async move {
                let (session_id, _) = ids();
                match data.await {
                    Ok(page) => view! { <EditForm session_id page update/> }.into_any(),
                    Err(error) => view! { <h1>"Candidat"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn EditForm(
    session_id: i32,
    page: EnrolledPage,
    update: ServerAction<UpdateCandidate>,
) -> impl IntoView {
    let EnrolledPage {
        session: label,
        candidate,
        categories,
        optional_units,
        blocs,
        identity,
        frozen,
        documents,
    } = page;
    let enrolment_id = candidate.enrolment_id.0;
    let acquired = candidate.capitalised.clone();
    let name = format!(
        "{} {}",
        candidate.last_name.to_uppercase(),
        candidate.first_name
    );
    let route = candidate.access_route;
    view! {
        <Title text=format!("Modifier {name}")/>
        <p><a href=format!("/certificateur/sessions/{session_id}")>{format!("← {label}")}</a></p>
        <h1>{format!("Modifier le candidat {}", candidate.number)}</h1>
        <p class="lead">{name}</p>
        <p>"Les mêmes contrôles que pour l'import s'appliquent. Le numéro de candidat ne change pas ; si le candidat a un compte, il se connectera avec le nouveau courriel."</p>
        {move || update.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
        <ActionForm action=update attr:class="form narrow">
            <CsrfField/>
            <input type="hidden" name="session_id" value=session_id/>
            <input type="hidden" name="enrolment_id" value=candidate.enrolment_id.0/>
            <div class="field"><label for="last_name">"Nom"</label><input id="last_name" name="last_name" required value=candidate.last_name.clone()/></div>
            <div class="field"><label for="first_name">"Prénom"</label><input id="first_name" name="first_name" required value=candidate.first_name.clone()/></div>
            <div class="field"><label for="birth_date">"Date de naissance (JJ/MM/AAAA)"</label><input id="birth_date" name="birth_date" required value=date_fr(candidate.birth_date)/></div>
            <div class="field"><label for="email">"Courriel"</label><input id="email" name="email" type="email" required value=candidate.email.clone()/></div>
            <div class="field">
                <label for="access_route">"Voie d'accès"</label>
                <select id="access_route" name="access_route">
                    {AccessRoute::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == route>{r.label()}</option> }).collect_view()}
                </select>
            </div>
            {if categories.is_empty() {
                view! { <input type="hidden" name="category" value=candidate.category.clone().unwrap_or_default()/> }.into_any()
            } else {
                view! { <crate::ui::components::category::CategorySelect categories current=candidate.category.clone() id="category"/> }.into_any()
            }}
            <div class="field"><label for="training_group">"Groupe de formation (facultatif)"</label><input id="training_group" name="training_group" value=candidate.training_group.clone().unwrap_or_default()/></div>
            <crate::ui::components::category::OptionsChoice optional_units chosen=candidate.options.clone()/>
            <div class="field">
                <label for="attendance">"Assiduité en formation (%)"</label>
                <input id="attendance" name="attendance" inputmode="decimal" value=candidate.attendance.clone() aria-describedby="aide-assiduite"/>
                <p class="hint" id="aide-assiduite">"Part des heures de formation suivies, par exemple 92,5. Exigée quand la certification fixe une assiduité minimale : sans elle, le résultat reste en attente."</p>
            </div>
            <div class="field">
                <label for="absence">"Absences injustifiées (% du temps de formation)"</label>
                <input id="absence" name="absence" inputmode="decimal" value=candidate.absence.clone()/>
            </div>
            <button type="submit" class="button">"Enregistrer les modifications"</button>
        </ActionForm>
        <CapitalisedForm session_id enrolment_id blocs acquired/>
        <IdentityForm session_id enrolment_id identity frozen/>
        <IssuedDocuments session_id enrolment_id documents/>
        <section aria-labelledby="titre-donnees" class="card">
            <h2 id="titre-donnees">"Données personnelles (droit d'accès)"</h2>
            <p>"Pour répondre à une demande reçue par courrier : tout ce qui est détenu sur ce candidat, comme il le télécharge lui-même depuis son espace. Chaque export est inscrit au journal d'audit."</p>
            <p>
                <a class="button secondary" href=format!("/certificateur/sessions/{session_id}/candidats/{enrolment_id}/donnees.pdf")>"Exporter (PDF)"</a>" "
                <a class="button secondary" href=format!("/certificateur/sessions/{session_id}/candidats/{enrolment_id}/donnees.json")>"Exporter (JSON)"</a>
            </p>
        </section>
    }
    .into_any()
}

/// The candidate's issued documents, each with its verification page and, until it is
/// revoked, a form to revoke it with a reason.
#[component]
fn IssuedDocuments(
    session_id: i32,
    enrolment_id: i32,
    documents: Vec<crate::api::credentials::IssuedDocument>,
) -> impl IntoView {
    use crate::domain::format::datetime_fr;
    let revoke = ServerAction::<crate::api::credentials::RevokeDocument>::new();
    let revoked = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("revoque");
    if documents.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="titre-documents" class="card" id="documents">
            <h2 id="titre-documents">"Documents délivrés"</h2>
            <p>"Une révocation (fraude découverte après coup, erreur) est définitive : la page de vérification publique et la liste de statuts des attestations numériques l'indiquent aussitôt, avec son motif."</p>
            {revoked.map(|code| view! { <p class="notice" role="status">{format!("Document {code} révoqué.")}</p> })}
            {move || revoke.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ul class="documents">
                {documents.into_iter().map(|d| {
                    let form = match d.revoked.clone() {
                        Some((at, reason)) => view! {
                            <p class="revoked">{format!("Révoqué le {} — motif : {reason}", datetime_fr(at))}</p>
                        }.into_any(),
                        None => {
                            let id = format!("motif-{}", d.code);
                            let code = d.code.clone();
                            view! {
                                <ActionForm action=revoke attr:class="form inline">
                                    <CsrfField/>
                                    <input type="hidden" name="session_id" value=session_id/>
                                    <input type="hidden" name="enrolment_id" value=enrolment_id/>
                                    <input type="hidden" name="code" value=code/>
                                    <label for=id.clone()>"Motif de révocation"</label>
                                    <input id=id name="reason" maxlength="500" required/>
                                    <button type="submit" class="button danger">"Révoquer"</button>
                                </ActionForm>
                            }.into_any()
                        }
                    };
                    view! {
                        <li>
                            <a href=format!("/verification/{}", d.code)>{d.title.clone()}</a>
                            {format!(" — code {} — délivré le {}", d.code, datetime_fr(d.issued_at))}
                            {form}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// The identity the Caisse des Dépôts matches holders on, for the declaration of the
/// awards (also after publication).
#[component]
fn IdentityForm(
    session_id: i32,
    enrolment_id: i32,
    identity: crate::domain::accrochage::CivilIdentity,
    frozen: bool,
) -> impl IntoView {
    let save = ServerAction::<crate::api::accrochage::SaveIdentity>::new();
    let saved = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("identite")
        .is_some();
    let input = identity.input();
    let sex = input.sex.clone();
    view! {
        <section aria-labelledby="titre-identite" class="card" id="identite">
            <h2 id="titre-identite">"Identité pour la déclaration à la Caisse des Dépôts"</h2>
            <p>"La Caisse des Dépôts rattache le titulaire au répertoire national par le nom de naissance, le prénom, le sexe, la date puis le lieu de naissance. "
               {if frozen { "La session est close : seule cette identité peut encore être complétée ou corrigée (l'historique garde chaque modification)." } else { "" }}</p>
            {saved.then(|| view! { <p class="notice" role="status">"Identité enregistrée."</p> })}
            {move || save.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=save attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="session_id" value=session_id/>
                <input type="hidden" name="enrolment_id" value=enrolment_id/>
                <div class="field">
                    <label for="birth_name">"Nom de naissance (si différent du nom)"</label>
                    <input id="birth_name" name="birth_name" maxlength="60" autocomplete="off" value=input.birth_name/>
                </div>
                <div class="field">
                    <label for="other_first_names">"Autres prénoms (deux au plus, séparés par une virgule)"</label>
                    <input id="other_first_names" name="other_first_names" autocomplete="off" value=input.other_first_names/>
                </div>
                <fieldset class="field">
                    <legend>"Sexe (à l'état civil)"</legend>
                    <label><input type="radio" name="sex" value="F" checked=sex == "F"/>" Féminin"</label>
                    <label><input type="radio" name="sex" value="M" checked=sex == "M"/>" Masculin"</label>
                </fieldset>
                <p class="hint">"Né en France : le code INSEE de la commune (5 caractères, 2A/2B pour la Corse) ou, à défaut, son code postal avec le nom de la commune. Né à l'étranger : le code INSEE du pays (ex. 99350 ou 350 pour le Maroc) et son nom."</p>
                <div class="field">
                    <label for="birth_insee_code">"Code INSEE de la commune de naissance"</label>
                    <input id="birth_insee_code" name="birth_insee_code" maxlength="5" autocomplete="off" value=input.birth_insee_code/>
                </div>
                <div class="field">
                    <label for="birth_postal_code">"Code postal de la commune de naissance"</label>
                    <input id="birth_postal_code" name="birth_postal_code" maxlength="5" inputmode="numeric" autocomplete="off" value=input.birth_postal_code/>
                </div>
                <div class="field">
                    <label for="birth_commune">"Commune (ou ville à l'étranger) de naissance"</label>
                    <input id="birth_commune" name="birth_commune" maxlength="60" autocomplete="off" value=input.birth_commune/>
                </div>
                <div class="field">
                    <label for="birth_country_code">"Code INSEE du pays de naissance (à l'étranger)"</label>
                    <input id="birth_country_code" name="birth_country_code" maxlength="5" inputmode="numeric" autocomplete="off" value=input.birth_country_code/>
                </div>
                <div class="field">
                    <label for="birth_country">"Pays de naissance (à l'étranger)"</label>
                    <input id="birth_country" name="birth_country" maxlength="60" autocomplete="off" value=input.birth_country/>
                </div>
                <button type="submit" class="button">"Enregistrer l'identité"</button>
            </ActionForm>
        </section>
    }
}

/// Recording a bloc the candidate validated in an earlier session.
#[component]
fn CapitalisedForm(
    session_id: i32,
    enrolment_id: i32,
    blocs: Vec<(String, String)>,
    acquired: Vec<String>,
) -> impl IntoView {
    let capitalise = ServerAction::<RecordCapitalisedBloc>::new();
    view! {
        <section aria-labelledby="titre-acquis" class="card">
            <h2 id="titre-acquis">"Blocs acquis lors d'une session antérieure"</h2>
            <p>{if acquired.is_empty() { "Aucun pour le moment.".to_owned() } else { acquired.join(" ; ") }}</p>
            {move || capitalise.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=capitalise attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="session_id" value=session_id/>
                <input type="hidden" name="enrolment_id" value=enrolment_id/>
                <div class="field">
                    <label for="cap-bloc">"Bloc"</label>
                    <select id="cap-bloc" name="bloc_code">
                        {blocs.iter().map(|(code, title)| view! { <option value=code.clone()>{format!("{code} — {title}")}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="cap-date">"Validé le (JJ/MM/AAAA)"</label><input id="cap-date" name="validated_on" required/></div>
                <div class="field">
                    <label for="cap-fin">"Valable jusqu'au (vide : durée de capitalisation de la certification)"</label>
                    <input id="cap-fin" name="valid_until"/>
                </div>
                <div class="field"><label for="cap-source">"Source (session, organisme, VAE…)"</label><input id="cap-source" name="source" required/></div>
                <button type="submit" class="button">"Enregistrer le bloc acquis"</button>
            </ActionForm>
        </section>
    }
}
