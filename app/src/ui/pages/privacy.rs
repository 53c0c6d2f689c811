//! The privacy notice (`/confidentialite`): who processes candidates' and jurors'
//! personal data, for what, on which legal basis, for how long, who receives it and how
//! to exercise one's rights — with the organisation's own controller, contact and
//! retention policy.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::privacy::load_privacy_notice;
use crate::domain::organisation::PrivacyContacts;
use crate::domain::retention::Kind;
use crate::ui::components::loading::{ErrorNotice, page_data};

const TITLE: &str = "Données personnelles";

/// The page.
#[component]
pub fn PrivacyNoticePage() -> impl IntoView {
    let query = use_query_map();
    let data = page_data(
        move || {
            query
                .read()
                .get("organisme")
                .and_then(|o| o.parse::<i32>().ok())
        },
        load_privacy_notice,
    );
    view! {
        <Title text=TITLE/>
        {Suspend::new(async move {
            match data.await {
                Ok(notice) => match notice.organisation {
                    Some((_, contacts)) => view! { <Notice contacts/> }.into_any(),
                    None => view! {
                        <h1>"Données personnelles"</h1>
                        <p>"Chaque organisme certificateur est responsable des données de ses candidats et de ses jurys. Choisissez le vôtre :"</p>
                        <ul>{notice.choices.into_iter().map(|(id, name)| view! {
                            <li><a href=format!("/confidentialite?organisme={id}")>{name}</a></li>
                        }).collect_view()}</ul>
                    }.into_any(),
                },
                Err(error) => view! { <h1>{TITLE}</h1><ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

/// Lines of a multi-line text typed by the certifier.
fn lines(text: &str) -> impl IntoView + use<> {
    text.lines()
        .map(|line| view! { {line.to_owned()}<br/> })
        .collect_view()
}

#[component]
fn Notice(contacts: PrivacyContacts) -> impl IntoView {
    let controller = if contacts.controller.is_empty() {
        format!("{}\n{}", contacts.name, contacts.address)
    } else {
        contacts.controller.clone()
    };
    let contact = if contacts.contact.is_empty() {
        format!(
            "{}, {}",
            contacts.name,
            contacts.address.replace('\n', ", ")
        )
    } else {
        contacts.contact.clone()
    };
    let policy = contacts.policy;
    view! {
        <h1>"Données personnelles : notice d'information"</h1>
        <p class="lead">{format!("Examens et jurys de certification de {}", contacts.name)}</p>

        <section aria-labelledby="np-responsable">
            <h2 id="np-responsable">"Qui traite vos données"</h2>
            <p><strong>"Responsable du traitement : "</strong><br/>{lines(&controller)}</p>
            <p><strong>"Pour exercer vos droits ou poser une question : "</strong><br/>{lines(&contact)}</p>
            <p>"L'application Jury est l'outil de l'organisme ; son hébergeur et son service d'envoi de courriels agissent pour son compte (sous-traitants) et ne réutilisent pas vos données."</p>
        </section>

        <section aria-labelledby="np-finalites">
            <h2 id="np-finalites">"Pourquoi, et sur quelle base"</h2>
            <table class="table">
                <thead><tr><th scope="col">"Finalité"</th><th scope="col">"Données"</th><th scope="col">"Base légale"</th></tr></thead>
                <tbody>
                    <tr><th scope="row">"Organiser les examens : inscription, convocation, émargement"</th>
                        <td>"Identité, date et lieu de naissance, coordonnées, voie d'accès, présence"</td>
                        <td>"Obligation légale et mission du certificateur (code du travail, art. L. 6113-1 et suivants) ; règlement de la certification"</td></tr>
                    <tr><th scope="row">"Aménager les épreuves pour un handicap"</th>
                        <td>"Type d'aménagement, référence du justificatif (jamais de diagnostic)"</td>
                        <td>"Votre demande explicite (RGPD art. 9-2-a) ; obligation d'aménagement des épreuves"</td></tr>
                    <tr><th scope="row">"Évaluer, délibérer, délivrer les certificats"</th>
                        <td>"Notes, appréciations, décisions du jury, procès-verbal, certificats"</td>
                        <td>"Obligation légale"</td></tr>
                    <tr><th scope="row">"Déclarer les titulaires à la Caisse des Dépôts"</th>
                        <td>"Identité, certification obtenue, date"</td>
                        <td>"Obligation légale (code du travail, art. L. 6113-8)"</td></tr>
                    <tr><th scope="row">"Permettre la vérification d'un certificat"</th>
                        <td>"Nom, certification, date (à qui présente le code du document)"</td>
                        <td>"Intérêt légitime du titulaire et de l'organisme"</td></tr>
                    <tr><th scope="row">"Sécuriser l'application et prouver les résultats"</th>
                        <td>"Comptes, connexions, journal d'audit des modifications"</td>
                        <td>"Obligation légale de sécurité (RGPD art. 32) ; intérêt légitime"</td></tr>
                </tbody>
            </table>
        </section>

        <section aria-labelledby="np-destinataires">
            <h2 id="np-destinataires">"Qui les reçoit"</h2>
            <ul>
                <li>"Les administrateurs de l'organisme ; pour les demandes d'aménagement, seulement ceux qui les instruisent, et chaque consultation est journalisée."</li>
                <li>"Les membres du jury : ce qu'il faut pour évaluer et délibérer (nom, numéro, épreuves, notes). Ils voient le temps majoré ou les pauses accordés, jamais le motif d'une demande d'aménagement."</li>
                <li>"La Caisse des Dépôts (Passeport de compétences) : les titulaires, après publication des résultats."</li>
                <li>"Toute personne à qui vous donnez le code de vérification de votre certificat."</li>
            </ul>
        </section>

        <section aria-labelledby="np-durees">
            <h2 id="np-durees">"Combien de temps"</h2>
            <table class="table">
                <thead><tr><th scope="col">"Données"</th><th scope="col">"Durée"</th><th scope="col">"Ensuite"</th></tr></thead>
                <tbody>
                    <tr><th scope="row">"Procès-verbaux, décisions, résultats, certificats délivrés, journal d'audit"</th>
                        <td>"Sans limite"</td>
                        <td>"L'organisme doit pouvoir attester votre certification toute votre vie."</td></tr>
                    {Kind::ALL.into_iter().map(|kind| view! {
                        <tr><th scope="row">{kind.label()}</th>
                            <td>{format!("{} mois {}", policy.months(kind), kind.counted_from())}</td>
                            <td>{kind.effect()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>

        <section aria-labelledby="np-droits">
            <h2 id="np-droits">"Vos droits"</h2>
            <ul>
                <li><strong>"Accès et portabilité : "</strong>"depuis votre espace candidat, téléchargez toutes vos données (PDF lisible et fichier JSON). Sans compte, écrivez au contact ci-dessus."</li>
                <li><strong>"Rectification : "</strong>"depuis votre espace, demandez la correction de votre identité ; l'organisme l'accepte ou la refuse en motivant sa réponse."</li>
                <li><strong>"Effacement : "</strong>"possible pour une inscription dont aucune épreuve n'a été évaluée ; refusé, avec son motif, quand vous avez été évalué(e) ou qu'une décision du jury existe (obligation légale de conservation)."</li>
                <li><strong>"Limitation et opposition : "</strong>"écrivez au contact ci-dessus."</li>
                <li><strong>"Réclamation : "</strong>"auprès de la CNIL (www.cnil.fr, 3 place de Fontenoy, 75007 Paris)."</li>
            </ul>
            <p>"Cette application n'utilise que les cookies nécessaires à la connexion et aux formulaires ; aucun cookie de mesure d'audience ni de publicité."</p>
        </section>
    }
}
