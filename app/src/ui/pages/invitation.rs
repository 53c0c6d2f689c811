//! The page behind a jury member's personal invitation link: accept or decline, and
//! declare links with candidates or training groups. No account needed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::juries::{AnswerInvitation, DeclareLink, InvitationPage, load_invitation};
use crate::domain::jury::ConflictKind;
use crate::domain::status::InvitationStatus;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// Invitation page.
#[component]
pub fn InvitationView() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let answer = ServerAction::<AnswerInvitation>::new();
    let declare = ServerAction::<DeclareLink>::new();
    let data = page_data(token, load_invitation);
    view! {
        <Title text="Invitation au jury"/>
        <h1>"Invitation au jury"</h1>
            {Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Invitation page token=token() answer declare/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn Invitation(
    page: InvitationPage,
    token: String,
    answer: ServerAction<AnswerInvitation>,
    declare: ServerAction<DeclareLink>,
) -> AnyView {
    let status = match (page.invitation, page.responded.clone()) {
        (InvitationStatus::Pending, _) => "Vous n'avez pas encore répondu.".to_owned(),
        (InvitationStatus::Accepted, Some(at)) => format!(
            "Vous avez accepté cette invitation le {at}. Ce lien a servi à répondre : pour changer votre réponse, adressez-vous à l'organisme certificateur."
        ),
        (InvitationStatus::Declined, Some(at)) => format!(
            "Vous avez décliné cette invitation le {at}. Ce lien a servi à répondre : pour changer votre réponse, adressez-vous à l'organisme certificateur."
        ),
        (InvitationStatus::Accepted, None) => "Vous avez accepté cette invitation.".to_owned(),
        (InvitationStatus::Declined, None) => "Vous avez décliné cette invitation.".to_owned(),
    };
    let pending = page.invitation == InvitationStatus::Pending;
    let (t1, t2, t3) = (token.clone(), token.clone(), token);
    view! {
        <p class="lead">{format!("{}, vous êtes invité(e) comme {} : {}, {}, {}.", page.member_name, page.role.label().to_lowercase(), page.session, page.dates, page.place)}</p>
        <section aria-labelledby="titre-reponse">
            <h2 id="titre-reponse">"Votre réponse"</h2>
            <p role="status">{status}</p>
            {move || answer.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {pending.then(|| view! {
                <ActionForm action=answer attr:class="form inline">
                    <CsrfField/>
                    <input type="hidden" name="token" value=t1.clone()/>
                    <input type="hidden" name="reponse" value="accepter"/>
                    <button type="submit" class="button">"J'accepte de siéger"</button>
                </ActionForm>
                <ActionForm action=answer attr:class="form inline">
                    <CsrfField/>
                    <input type="hidden" name="token" value=t2.clone()/>
                    <input type="hidden" name="reponse" value="decliner"/>
                    <button type="submit" class="button secondary">"Je décline"</button>
                </ActionForm>
            })}
        </section>
        <section aria-labelledby="titre-liens">
            <h2 id="titre-liens">"Liens avec des candidats"</h2>
            <p>"Déclarez tout candidat ou groupe que vous avez formé, ou avec qui vous avez un lien professionnel ou personnel : vous ne l'évaluerez pas."</p>
            {if page.declared.is_empty() {
                view! { <p>"Aucun lien déclaré."</p> }.into_any()
            } else {
                view! { <ul>{page.declared.iter().map(|(about, kind)| view! { <li>{format!("{about} : {}", kind.label())}</li> }).collect_view()}</ul> }.into_any()
            }}
            {move || declare.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=declare attr:class="form narrow">
                <CsrfField/>
                <input type="hidden" name="token" value=t3/>
                <div class="field">
                    <label for="lien-candidat">"Candidat"</label>
                    <select id="lien-candidat" name="enrolment_id">
                        <option value="">"— (un groupe de formation)"</option>
                        {page.candidates.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="lien-groupe">"ou groupe de formation"</label><input id="lien-groupe" name="training_group"/></div>
                <div class="field">
                    <label for="lien-nature">"Nature du lien"</label>
                    <select id="lien-nature" name="kind">
                        {ConflictKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="lien-note">"Précision (facultatif)"</label><textarea id="lien-note" name="note" rows="2"></textarea></div>
                <button type="submit" class="button">"Déclarer ce lien"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
