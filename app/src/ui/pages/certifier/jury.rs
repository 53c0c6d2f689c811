//! The jury of a session: composition checked against the certification's rules (every
//! violation shown after each change, validation refused while one blocks), conflicts
//! of interest, and the allocation of grading.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::grading::SheetStatus;
use crate::api::juries::{
    AddJuror, AllocateGrading, AllocationFilter, JuryPage, ReassignGrading, RecordConflict,
    RemoveJuror, ValidateJury, load_jury, status_code,
};
use crate::domain::format::datetime_fr;
use crate::domain::jury::rules::{Severity, category_label};
use crate::domain::jury::{ConflictKind, JuryRole};
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::FormErrors;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::moderation::ModerationList;
use crate::ui::components::pagination::{Pagination, page_href, page_in};

#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddJuror>,
    remove: ServerAction<RemoveJuror>,
    validate: ServerAction<ValidateJury>,
    conflict: ServerAction<RecordConflict>,
    allocate: ServerAction<AllocateGrading>,
    reassign: ServerAction<ReassignGrading>,
    reopen: ServerAction<crate::api::grading::ReopenAsCertifier>,
    moderate: ServerAction<crate::api::grading::Moderate>,
    deadline: ServerAction<crate::api::juries::SetGradingDeadline>,
}

/// Jury page of a session.
#[component]
pub fn CertifierJury() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let actions = Actions {
        add: ServerAction::new(),
        remove: ServerAction::new(),
        validate: ServerAction::new(),
        conflict: ServerAction::new(),
        allocate: ServerAction::new(),
        reassign: ServerAction::new(),
        reopen: ServerAction::new(),
        moderate: ServerAction::new(),
        deadline: ServerAction::new(),
    };
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let number = |key: &str| q.get(key).and_then(|v| v.parse::<i32>().ok());
        AllocationFilter {
            correcteur: number("correcteur"),
            epreuve: number("epreuve"),
            statut: q.get("statut").unwrap_or_default(),
            recherche: q.get("recherche").unwrap_or_default(),
            page: page_in(&q),
        }
    };
    let data = page_data(
        move || (id(), filter()),
        |(id, filter)| load_jury(id, filter),
    );
    view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <JuryView page actions filter=filter()/> }.into_any(),
                    Err(error) => view! { <h1>"Jury"</h1><ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn JuryView(page: JuryPage, actions: Actions, filter: AllocationFilter) -> AnyView {
    let id = page.session_id;
    view! {
        <Title text=format!("Jury — {}", page.session_label)/>
        <p><a href=format!("/certificateur/sessions/{id}")>{format!("← {}", page.session_label)}</a></p>
        <h1>"Jury et répartition des corrections"</h1>
        <Rules page=page.clone()/>
        <Composition page=page.clone() actions/>
        <Conflicts page=page.clone() actions/>
        <Moderations page=page.clone() actions/>
        <Allocation page actions filter/>
    }
    .into_any()
}

#[component]
fn Moderations(page: JuryPage, actions: Actions) -> AnyView {
    view! { <ModerationList session_id=page.session_id items=page.moderations action=actions.moderate/> }
        .into_any()
}

#[component]
fn Rules(page: JuryPage) -> AnyView {
    view! {
        <section aria-labelledby="titre-regles">
            <h2 id="titre-regles">"Règles de composition de la certification"</h2>
            <ul>
                {page.rules.iter().map(|(label, hard)| view! {
                    <li>{label.clone()}{if *hard { " (obligatoire)" } else { " (recherchée, sans blocage)" }}</li>
                }).collect_view()}
            </ul>
            <p>{if page.all_required {
                "Délibération : tous les membres votants doivent être présents, sinon elle est reportée."
            } else {
                "Délibération : le jury délibère valablement malgré l'absence de membres."
            }}</p>
            {(!page.notes.is_empty()).then(|| view! {
                <ul class="hint">{page.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn Composition(page: JuryPage, actions: Actions) -> AnyView {
    let id = page.session_id;
    let hard = page
        .violations
        .iter()
        .filter(|v| v.severity == Severity::Hard)
        .count();
    let seated: Vec<i32> = page.seats.iter().map(|s| s.juror.id).collect();
    let free: Vec<_> = page
        .pool
        .iter()
        .filter(|m| !seated.contains(&m.juror.id))
        .cloned()
        .collect();
    let notice_class = if hard > 0 {
        "notice notice-error"
    } else {
        "notice"
    };
    let status = match (page.validated_at, hard) {
        (Some(at), _) => format!("Composition validée le {}.", datetime_fr(at)),
        (None, 0) => "Brouillon : aucune règle obligatoire n'est enfreinte, la composition peut être validée.".to_owned(),
        (None, n) => format!("Brouillon : {n} règle(s) obligatoire(s) enfreinte(s) ; la composition ne peut pas être validée."),
    };
    view! {
        <section aria-labelledby="titre-composition">
            <h2 id="titre-composition">"Composition"</h2>
            {move || actions.add.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {move || actions.remove.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {move || actions.validate.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {if page.seats.is_empty() {
                view! { <p>"Aucun membre pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Membres du jury"</caption>
                            <thead><tr>
                                <th scope="col">"Membre"</th><th scope="col">"Rôle"</th><th scope="col">"Profil"</th>
                                <th scope="col" class="num">"Expérience"</th><th scope="col">"Invitation"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr></thead>
                            <tbody>
                                {page.seats.clone().into_iter().map(|s| view! {
                                    <tr>
                                        <th scope="row">{s.juror.name.clone()}</th>
                                        <td>{s.role.label()}</td>
                                        <td>{format!("{} — {}", category_label(&s.juror.category), if s.juror.internal { "interne" } else { "externe" })}</td>
                                        <td class="num">{format!("{} an(s)", s.juror.years_experience)}</td>
                                        <td>{if s.invited { s.invitation.label() } else { "Invitation non envoyée (validez la composition)" }}</td>
                                        <td>
                                            <ActionForm action=actions.remove attr:class="inline">
                                                <CsrfField/>
                                                <input type="hidden" name="session_id" value=id/>
                                                <input type="hidden" name="seat_id" value=s.seat_id/>
                                                <crate::ui::components::confirm::ConfirmSubmit
                                                    summary=format!("Retirer {}…", s.juror.name)
                                                    warning="La composition repasse en brouillon : elle devra être validée à nouveau.".to_owned()
                                                    confirm=format!("Confirmer le retrait de {}", s.juror.name)/>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <div role="status" aria-live="polite" class=notice_class id="controle-jury">
                <p><strong>{status}</strong></p>
                {(!page.violations.is_empty()).then(|| view! {
                    <ul>{page.violations.iter().map(|v| view! {
                        <li>{if v.severity == Severity::Hard { "Bloquant : " } else { "À rechercher : " }}{v.message.clone()}</li>
                    }).collect_view()}</ul>
                })}
            </div>
            {(page.validated_at.is_none() && !page.seats.is_empty()).then(|| view! {
                <ActionForm action=actions.validate attr:class="form">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=id/>
                    <button type="submit" class="button">"Valider la composition"</button>
                </ActionForm>
            })}
            <details class="request">
                <summary>"Ajouter un membre du vivier"</summary>
                <ActionForm action=actions.add attr:class="form narrow">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=id/>
                    <div class="field">
                        <label for="jury-membre">"Membre"</label>
                        <select id="jury-membre" name="member_id">
                            {free.iter().map(|m| view! {
                                <option value=m.juror.id>{format!("{} — {}, {} an(s)", m.juror.name, category_label(&m.juror.category), m.juror.years_experience)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="jury-role">"Rôle"</label>
                        <select id="jury-role" name="role">
                            {JuryRole::ALL.into_iter().map(|r| view! { <option value=r.code() selected=r == JuryRole::Member>{r.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">"Ajouter au jury"</button>
                </ActionForm>
            </details>
        </section>
    }
    .into_any()
}

#[component]
fn Conflicts(page: JuryPage, actions: Actions) -> AnyView {
    let id = page.session_id;
    view! {
        <section aria-labelledby="titre-conflits">
            <h2 id="titre-conflits">"Conflits d'intérêts"</h2>
            <p>"Un membre en conflit avec un candidat ne le corrige jamais et ne voit pas ses notes."</p>
            {move || actions.conflict.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {if page.conflicts.is_empty() {
                view! { <p>"Aucun conflit déclaré."</p> }.into_any()
            } else {
                view! {
                    <ul>{page.conflicts.iter().map(|c| view! {
                        <li>
                            <strong>{c.member.clone()}</strong>{format!(" — {} : {}", c.about, c.kind.label())}
                            {(!c.note.is_empty()).then(|| format!(" ({})", c.note))}
                            {if c.declared_by_member { " — déclaré par le membre" } else { " — enregistré par le certificateur" }}
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
            <details class="request">
                <summary>"Enregistrer un conflit d'intérêts"</summary>
                <ActionForm action=actions.conflict attr:class="form narrow">
                    <CsrfField/>
                    <input type="hidden" name="session_id" value=id/>
                    <div class="field">
                        <label for="conflit-membre">"Membre"</label>
                        <select id="conflit-membre" name="member_id">
                            {page.pool.iter().map(|m| view! { <option value=m.juror.id>{m.juror.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="conflit-candidat">"N° du candidat (vide : un groupe de formation)"</label>
                        <input id="conflit-candidat" name="candidate_number" placeholder="E26-0042"/>
                    </div>
                    <div class="field"><label for="conflit-groupe">"ou groupe de formation"</label><input id="conflit-groupe" name="training_group"/></div>
                    <div class="field">
                        <label for="conflit-nature">"Nature du lien"</label>
                        <select id="conflit-nature" name="kind">
                            {ConflictKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field"><label for="conflit-note">"Note"</label><textarea id="conflit-note" name="note" rows="2"></textarea></div>
                    <button type="submit" class="button">"Enregistrer le conflit"</button>
                </ActionForm>
            </details>
        </section>
    }
    .into_any()
}

#[component]
fn Allocation(page: JuryPage, actions: Actions, filter: AllocationFilter) -> AnyView {
    let id = page.session_id;
    let due = page.grading_due_on;
    let graders: Vec<(i32, String)> = page
        .seats
        .iter()
        .filter(|s| s.role.votes())
        .map(|s| (s.juror.id, s.juror.name.clone()))
        .collect();
    let allocations = page.allocations.clone();
    let paging = page.paging;
    let button = if page.allocated == 0 {
        "Proposer une répartition"
    } else {
        "Proposer une nouvelle répartition (remplace l'actuelle)"
    };
    let (grader, epreuve) = (
        filter.correcteur.map(|g| g.to_string()).unwrap_or_default(),
        filter.epreuve.map(|e| e.to_string()).unwrap_or_default(),
    );
    let link = {
        let (grader, epreuve, filter) = (grader.clone(), epreuve.clone(), filter.clone());
        move |page: u64| {
            format!(
                "{}#titre-corrections",
                page_href(
                    &[
                        ("correcteur", grader.as_str()),
                        ("epreuve", epreuve.as_str()),
                        ("statut", filter.statut.as_str()),
                        ("recherche", filter.recherche.as_str()),
                    ],
                    page,
                )
            )
        }
    };
    let summary = (page.allocated > 0).then(|| view! {
        <h3 id="titre-charges">"Charge par correcteur"</h3>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Fiches de chaque correcteur, par état"</caption>
                <thead><tr>
                    <th scope="col">"Correcteur"</th>
                    <th scope="col" class="num">"À corriger"</th>
                    <th scope="col" class="num">"Brouillons"</th>
                    <th scope="col" class="num">"Soumises"</th>
                    <th scope="col" class="num">"Total"</th>
                </tr></thead>
                <tbody>{page.summary.iter().map(|g| view! {
                    <tr>
                        <th scope="row"><a href=format!("?correcteur={}#titre-corrections", g.id)>{g.name.clone()}</a></th>
                        <td class="num">{g.to_grade}</td>
                        <td class="num">{g.draft}</td>
                        <td class="num">{g.submitted}</td>
                        <td class="num">{g.total}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    });
    let choose = (page.allocated > 0).then(|| {
        let statut = filter.statut.clone();
        view! {
            <h3 id="titre-corrections">"Corrections attribuées"</h3>
            <form method="get" class="form inline" role="search">
                <label for="filtre-correcteur">"Correcteur"</label>
                <select id="filtre-correcteur" name="correcteur">
                    <option value="">"Tous"</option>
                    {page.summary.iter().map(|g| view! { <option value=g.id selected=filter.correcteur == Some(g.id)>{g.name.clone()}</option> }).collect_view()}
                </select>
                <label for="filtre-epreuve">"Épreuve"</label>
                <select id="filtre-epreuve" name="epreuve">
                    <option value="">"Toutes"</option>
                    {page.allocated_epreuves.iter().map(|(e, label)| view! { <option value=*e selected=filter.epreuve == Some(*e)>{label.clone()}</option> }).collect_view()}
                </select>
                <label for="filtre-statut">"Fiche"</label>
                <select id="filtre-statut" name="statut">
                    <option value="">"Toutes"</option>
                    {[SheetStatus::ToGrade, SheetStatus::Draft, SheetStatus::Submitted, SheetStatus::Locked].into_iter().map(|st| {
                        let code = status_code(st);
                        view! { <option value=code selected=statut == code>{st.label()}</option> }
                    }).collect_view()}
                </select>
                <label for="filtre-recherche">"Candidat (nom ou numéro)"</label>
                <input id="filtre-recherche" name="recherche" type="search" value=filter.recherche.clone()/>
                <button type="submit" class="button">"Afficher"</button>
            </form>
            <p role="status">{format!(
                "{} fiche(s) sur {} — page {} sur {}",
                paging.total, page.allocated, paging.page, paging.pages
            )}</p>
        }
    });
    let table = (!allocations.is_empty()).then(move || {
        let rows = allocations
            .into_iter()
            .map(|a| {
                let select_id = format!("correcteur-{}", a.id);
                let options = graders
                    .iter()
                    .map(|(g, name)| view! { <option value=*g selected=*g == a.grader_id>{name.clone()}</option> })
                    .collect_view();
                view! {
                    <tr>
                        <td>{a.epreuve.clone()}</td>
                        <th scope="row">{a.candidate.clone()}</th>
                        <td>{if a.rank > 1 { format!("{} (2ᵉ correcteur)", a.grader) } else { a.grader.clone() }}</td>
                        <td>
                            {a.status.label()}
                            {(a.status == SheetStatus::Submitted).then(|| {
                                let reason_id = format!("motif-reouverture-{}", a.id);
                                view! {
                                    <ActionForm action=actions.reopen attr:class="inline">
                                        <CsrfField/>
                                        <input type="hidden" name="session_id" value=id/>
                                        <input type="hidden" name="allocation_id" value=a.id/>
                                        <label for=reason_id.clone() class="visually-hidden">"Motif de réouverture"</label>
                                        <input id=reason_id name="reason" placeholder="Motif de réouverture" required/>
                                        <button type="submit" class="button secondary">"Rouvrir"</button>
                                    </ActionForm>
                                }
                            })}
                        </td>
                        <td>
                            <ActionForm action=actions.reassign attr:class="inline">
                                <CsrfField/>
                                <input type="hidden" name="session_id" value=id/>
                                <input type="hidden" name="allocation_id" value=a.id/>
                                <label for=select_id.clone() class="visually-hidden">{format!("Nouveau correcteur pour {} — {}", a.candidate, a.epreuve)}</label>
                                <select id=select_id name="grader_id">{options}</select>
                                <button type="submit" class="button secondary">"Changer"</button>
                            </ActionForm>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Corrections attribuées"</caption>
                    <thead><tr><th scope="col">"Épreuve"</th><th scope="col">"Candidat"</th><th scope="col">"Correcteur"</th><th scope="col">"Fiche"</th><th scope="col">"Changer"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pagination
                previous=(paging.page > 1).then(|| link(paging.page - 1))
                next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
        }
    });
    view! {
        <section aria-labelledby="titre-repartition">
            <h2 id="titre-repartition">"Répartition des corrections"</h2>
            <p>"Chaque épreuve de chaque candidat reçoit un correcteur (deux, distincts, en double correction), jamais un membre en conflit d'intérêts, seulement un membre disponible le jour de l'épreuve, avec des charges équilibrées."</p>
            {move || actions.allocate.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {move || actions.reassign.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {move || actions.reopen.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            {move || actions.deadline.value().get().and_then(Result::err).map(|error| view! { <FormErrors error/> })}
            <ActionForm action=actions.deadline attr:class="form inline">
                <CsrfField/>
                <input type="hidden" name="session_id" value=id/>
                <label for="date-limite">{match due {
                    Some(day) => format!("Date limite de correction (actuellement le {})", crate::domain::format::date_fr(day)),
                    None => "Date limite de correction (non fixée)".to_owned(),
                }}</label>
                <input id="date-limite" type="date" name="date" required/>
                <button type="submit" class="button secondary">"Fixer la date limite"</button>
            </ActionForm>
            <ActionForm action=actions.allocate attr:class="form">
                <CsrfField/>
                <input type="hidden" name="session_id" value=id/>
                <button type="submit" class="button">{button}</button>
            </ActionForm>
            {summary}
            {choose}
            {table}
        </section>
    }
    .into_any()
}
