//! The organisation's personal data page (`/certificateur/donnees-personnelles`): who
//! the privacy notice names as controller and contact, the retention policy, what the
//! daily job would remove today (a dry run on each visit) and the run on demand.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::privacy::{
    ApplyRetentionNow, PrivacySettings, SavePrivacyContacts, SaveRetentionPolicy,
    load_privacy_settings,
};
use crate::domain::format::datetime_fr;
use crate::domain::retention::{Kind, Report};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

const TITLE: &str = "Données personnelles et conservation";

/// The page.
#[component]
pub fn CertifierPrivacy() -> impl IntoView {
    let data = page_data(|| (), |_| load_privacy_settings());
    view! {
        <Title text=TITLE/>
        {Suspend::new(async move {
            match data.await {
                Ok(settings) => view! { <Privacy settings/> }.into_any(),
                Err(error) => view! { <h1>{TITLE}</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

fn done_message(query: &leptos_router::params::ParamsMap) -> Option<String> {
    match query.get("demande").as_deref() {
        Some("accepted") => return Some("Demande acceptée : la réponse est visible dans l'espace du candidat et inscrite au journal d'audit.".to_owned()),
        Some("refused") => return Some("Demande refusée : le motif est visible dans l'espace du candidat et inscrit au journal d'audit.".to_owned()),
        _ => {}
    }
    if let Some(count) = query.get("applique") {
        return Some(format!(
            "Conservation appliquée : {count} élément(s) effacé(s), supprimé(s) ou anonymisé(s). L'opération est inscrite au journal d'audit."
        ));
    }
    match query.get("enregistre").as_deref() {
        Some("contacts") => Some("Responsable du traitement et contact enregistrés : la notice d'information les affiche.".to_owned()),
        Some("politique") => Some("Durées de conservation enregistrées : le traitement quotidien les applique dès sa prochaine exécution.".to_owned()),
        _ => None,
    }
}

/// What the job does, kind by kind, as a table.
#[component]
fn ReportTable(report: Report) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="visually-hidden">"Éléments concernés par catégorie"</caption>
            <thead><tr><th scope="col">"Catégorie"</th><th scope="col" class="num">"Éléments"</th><th scope="col">"Traitement"</th></tr></thead>
            <tbody>
                {Kind::ALL.into_iter().map(|kind| view! {
                    <tr>
                        <th scope="row">{kind.label()}</th>
                        <td class="num">{report.count(kind)}</td>
                        <td>{kind.effect()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Privacy(settings: PrivacySettings) -> impl IntoView {
    let contacts = ServerAction::<SavePrivacyContacts>::new();
    let policy = ServerAction::<SaveRetentionPolicy>::new();
    let apply = ServerAction::<ApplyRetentionNow>::new();
    let answer = ServerAction::<crate::api::rights::DecideIdentityRequest>::new();
    let done = done_message(&use_query_map().read_untracked());
    let nothing_today = settings.today.is_empty();
    let today = settings.today.clone();
    view! {
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>{TITLE}</h1>
        <p class="lead">{settings.name}</p>
        {done.map(|message| view! { <p class="notice" role="status">{message}</p> })}
        <p>"Ce que vous indiquez ici figure dans la "<a href="/confidentialite">"notice d'information sur les données personnelles"</a>
           ", accessible depuis chaque page et depuis le premier courriel que chaque personne reçoit."</p>

        <section aria-labelledby="titre-demandes" class="card" id="demandes">
            <h2 id="titre-demandes">{format!("Demandes des candidats ({} en attente)", settings.requests.len())}</h2>
            <p>"Rectification de l'identité (vérifiez-la sur une pièce justificative) et effacement d'une inscription jamais évaluée. Répondez dans le mois (RGPD, article 12)."</p>
            {move || answer.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {settings.requests.into_iter().map(|r| {
                let reason_id = format!("reponse-{}", r.id);
                let decision_id = format!("choix-{}", r.id);
                view! {
                    <article class="card">
                        <h3>{format!("{} — {}", r.kind_label(), r.candidate)}</h3>
                        <p class="hint">{format!("Reçue le {}", datetime_fr(r.created_at))}</p>
                        {r.enrolment.clone().map(|e| view! { <p>{format!("Inscription : {e}")}</p> })}
                        {(!r.changes.is_empty()).then(|| view! {
                            <table class="table">
                                <thead><tr><th scope="col">"Champ"</th><th scope="col">"Enregistré"</th><th scope="col">"Demandé"</th></tr></thead>
                                <tbody>{r.changes.iter().map(|(field, now, asked)| view! {
                                    <tr><th scope="row">{field.clone()}</th><td>{now.clone()}</td><td>{asked.clone()}</td></tr>
                                }).collect_view()}</tbody>
                            </table>
                        })}
                        {r.note.clone().map(|n| view! { <p>{format!("Message du candidat : {n}")}</p> })}
                        <ActionForm action=answer attr:class="form">
                            <CsrfField/>
                            <input type="hidden" name="request_id" value=r.id/>
                            <div class="field">
                                <label for=decision_id.clone()>"Réponse"</label>
                                <select id=decision_id name="decision">
                                    <option value="accepter">"Accepter"</option>
                                    <option value="refuser">"Refuser"</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for=reason_id.clone()>"Motif communiqué au candidat"</label>
                                <textarea id=reason_id name="reason" rows="2" required></textarea>
                            </div>
                            <button type="submit" class="button">"Enregistrer la réponse"</button>
                        </ActionForm>
                    </article>
                }
            }).collect_view()}
        </section>

        <section aria-labelledby="titre-responsable" class="card">
            <h2 id="titre-responsable">"Responsable du traitement et contact"</h2>
            {move || contacts.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=contacts attr:class="form narrow">
                <CsrfField/>
                <div class="field">
                    <label for="controller">"Responsable du traitement"</label>
                    <p class="hint" id="aide-controller">"Raison sociale, adresse et représentant légal de l'organisme certificateur."</p>
                    <textarea id="controller" name="controller" rows="3" required aria-describedby="aide-controller">{crate::domain::html::textarea_text(&settings.controller, cfg!(feature = "ssr"))}</textarea>
                </div>
                <div class="field">
                    <label for="contact">"Délégué à la protection des données ou contact RGPD"</label>
                    <p class="hint" id="aide-contact">"Nom, adresse électronique et postale où les candidats exercent leurs droits."</p>
                    <textarea id="contact" name="contact" rows="3" required aria-describedby="aide-contact">{crate::domain::html::textarea_text(&settings.contact, cfg!(feature = "ssr"))}</textarea>
                </div>
                <button type="submit" class="button">"Enregistrer"</button>
            </ActionForm>
        </section>

        <section aria-labelledby="titre-conservation" class="card">
            <h2 id="titre-conservation">"Durées de conservation"</h2>
            <p>"Le procès-verbal, les décisions, les résultats, les certificats délivrés et le journal d'audit qui les prouve sont conservés sans limite : l'organisme doit pouvoir attester une certification toute la vie de son titulaire. Les autres données sont traitées chaque nuit selon les durées ci-dessous, qui ne peuvent descendre sous le minimum indiqué."</p>
            {move || policy.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=policy attr:class="form">
                <CsrfField/>
                {Kind::ALL.into_iter().map(|kind| {
                    let limits = kind.limits();
                    let id = format!("duree-{}", kind.code());
                    let help = format!("aide-{}", kind.code());
                    view! {
                        <div class="field">
                            <label for=id.clone()>{format!("{} (mois {})", kind.label(), kind.counted_from())}</label>
                            <p class="hint" id=help.clone()>{format!(
                                "{} Minimum {} mois, par défaut {}. À l'échéance : {}.",
                                kind.basis(), limits.minimum, limits.default, kind.effect()
                            )}</p>
                            <input id=id name=kind.code() inputmode="numeric" required class="months"
                                value=settings.policy.months(kind).to_string() aria-describedby=help/>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="button">"Enregistrer les durées"</button>
            </ActionForm>
        </section>

        <section aria-labelledby="titre-simulation" class="card">
            <h2 id="titre-simulation">"Simulation : ce que la conservation traiterait aujourd'hui"</h2>
            <p>"Calculé à l'ouverture de cette page, sans rien modifier."</p>
            <ReportTable report=today/>
            {match settings.last_run {
                Some((_, finished, report)) => view! {
                    <p>{format!(
                        "Dernier traitement quotidien : le {} ({} élément(s) pour l'ensemble des organismes, {} connexion(s), lien(s) et compteur(s) de tentatives expirés supprimés).",
                        datetime_fr(finished),
                        Kind::ALL.iter().map(|k| report.count(*k)).sum::<u64>(),
                        report.expired_logins
                    )}</p>
                }.into_any(),
                None => view! { <p>"Le traitement quotidien ne s'est pas encore exécuté."</p> }.into_any(),
            }}
            {move || apply.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {(!nothing_today).then(|| view! {
                <ActionForm action=apply attr:class="form">
                    <CsrfField/>
                    <p><label><input type="checkbox" name="confirm" value="oui"/>" J'ai lu la simulation : effacer définitivement ces données maintenant."</label></p>
                    <button type="submit" class="button secondary">"Appliquer maintenant"</button>
                </ActionForm>
            })}
        </section>
    }
}
