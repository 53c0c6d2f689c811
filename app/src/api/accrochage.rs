//! The holders' declaration to the Caisse des Dépôts: the organisation's CDC
//! identifiers, how a certification is declared, candidates' identities, the flux
//! (produced here, downloaded from `GET /certificateur/flux/{id}`), and the declarations
//! page. Receipts are uploaded as a plain form post
//! (`server/src/routes/declarations.rs`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::accrochage::{Declarant, DeclarationRow, FluxRow};
use crate::error::AppError;

/// The declarations page of a certification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationsPage {
    pub certification_id: i32,
    pub code: String,
    pub title: String,
    pub cdc_type: String,
    pub cdc_code: String,
    pub declare_blocs: bool,
    pub validity_years: Option<i32>,
    /// What the organisation's identifiers or the registration lack.
    pub settings_problems: Vec<String>,
    pub sessions: Vec<(i32, String)>,
    /// One page of the awards found (search and filter applied), overdue first.
    pub rows: Vec<DeclarationRow>,
    pub paging: crate::domain::paging::Paging,
    /// Every award of the certification: (all, accepted, to send, overdue).
    pub counts: (usize, usize, usize, usize),
    pub fluxes: Vec<FluxRow>,
    pub today: chrono::NaiveDate,
}

/// The filters of the declarations list (`?filtre=`).
pub const FILTERS: [(&str, &str); 5] = [
    ("", "Toutes"),
    ("a-envoyer", "À envoyer"),
    ("en-retard", "En retard"),
    ("rejetees", "Rejetées"),
    ("acceptees", "Acceptées"),
];

/// Whether a row passes a filter of `FILTERS`.
pub fn passes(row: &DeclarationRow, filter: &str, today: chrono::NaiveDate) -> bool {
    use crate::domain::accrochage::DeclarationState;
    match filter {
        "a-envoyer" => row.state.to_send(),
        "en-retard" => row.overdue(today),
        "rejetees" => matches!(row.state, DeclarationState::Rejected { .. }),
        "acceptees" => matches!(row.state, DeclarationState::Accepted { .. }),
        _ => true,
    }
}

/// A flux produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FluxMade {
    pub id: i32,
    pub number: i32,
    pub passages: usize,
}

#[cfg(feature = "ssr")]
pub(crate) fn certifier() -> Result<
    (
        crate::ssr::state::AppState,
        crate::domain::role::CurrentUser,
        crate::domain::ids::OrganisationId,
    ),
    AppError,
> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    Ok((state, user, organisation))
}

#[cfg(feature = "ssr")]
fn problems_error(problems: Vec<crate::domain::accrochage::FieldProblem>) -> AppError {
    crate::ssr::auth::with_status(AppError::Validation(
        problems
            .into_iter()
            .map(|p| crate::error::FieldError {
                field: p.field.to_owned(),
                message: p.message,
            })
            .collect(),
    ))
}

/// The declarations of one of the certifier's certifications.
#[server(prefix = "/api/certificateur", endpoint = "declarations", input = GetUrl)]
pub async fn load_declarations(
    certification_id: i32,
    #[server(default)] search: String,
    #[server(default)] filter: String,
    #[server(default)] page: u64,
) -> Result<DeclarationsPage, AppError> {
    use crate::domain::accrochage::{certification_problems, declarant_problems};
    use crate::domain::ids::CertificationId;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accrochage as repo;
    let (state, _, organisation) = certifier()?;
    let today = crate::ssr::repo::schedule::paris_today(state.clock.now());
    let (cert, rows, fluxes) = repo::declarations(
        &state.db,
        organisation,
        CertificationId(certification_id),
        today,
    )
    .await
    .map_err(|e| internal("declarations", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let (_, declarant) = repo::declarant(&state.db, organisation)
        .await
        .map_err(|e| internal("organisation", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let mut settings_problems: Vec<String> = declarant_problems(
        Some(&declarant.emitter),
        Some(&declarant.certifier),
        Some(&declarant.contract),
    )
    .into_iter()
    .map(|p| p.message)
    .collect();
    settings_problems.extend(
        certification_problems(cert.cdc_type.as_deref(), cert.cdc_code.as_deref())
            .into_iter()
            .map(|p| p.message),
    );
    let sessions = repo::published_sessions(&state.db, organisation, CertificationId(cert.id))
        .await
        .map_err(|e| internal("sessions", e))?;
    let counts = (
        rows.len(),
        rows.iter()
            .filter(|r| passes(r, "acceptees", today))
            .count(),
        rows.iter().filter(|r| r.state.to_send()).count(),
        rows.iter().filter(|r| r.overdue(today)).count(),
    );
    let found: Vec<DeclarationRow> = rows
        .into_iter()
        .filter(|r| passes(r, &filter, today))
        .filter(|r| {
            crate::domain::paging::matches(&search, &[&r.candidate, &r.number, &r.code, &r.session])
        })
        .collect();
    let (rows, paging) = crate::domain::paging::page_of(found, page);
    Ok(DeclarationsPage {
        certification_id: cert.id,
        code: cert.code,
        title: cert.title,
        cdc_type: cert.cdc_type.unwrap_or_default(),
        cdc_code: cert.cdc_code.unwrap_or_default(),
        declare_blocs: cert.declare_blocs,
        validity_years: cert.validity_years,
        settings_problems,
        sessions,
        rows,
        paging,
        counts,
        fluxes,
        today,
    })
}

/// Saves how a certification is declared: type (RNCP or RS) and code, whether validated
/// blocs are declared, and how long an award stays valid.
#[server(prefix = "/api/certificateur", endpoint = "enregistrement_cdc")]
pub async fn save_registration(
    certification_id: i32,
    cdc_type: String,
    cdc_code: String,
    #[server(default)] declare_blocs: Option<String>,
    #[server(default)] validity_years: String,
) -> Result<(), AppError> {
    use crate::domain::accrochage::certification_problems;
    use crate::domain::ids::CertificationId;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accrochage::{Registration, save_registration as save};
    let (state, user, organisation) = certifier()?;
    let kind = cdc_type.trim().to_uppercase();
    let code = cdc_code.trim().to_uppercase();
    let mut problems = certification_problems(Some(&kind), Some(&code));
    let validity = validity_years.trim();
    let years = if validity.is_empty() {
        None
    } else {
        match validity.parse::<i32>() {
            Ok(y) if (1..=50).contains(&y) => Some(y),
            _ => {
                problems.push(crate::domain::accrochage::FieldProblem {
                    field: "validity_years",
                    message: format!(
                        "Durée de validité « {validity} » invalide : un nombre d'années de 1 à 50, ou vide pour une certification sans limite"
                    ),
                });
                None
            }
        }
    };
    if !problems.is_empty() {
        return Err(problems_error(problems));
    }
    let registration = Registration {
        kind: Some(kind),
        code: Some(code),
        declare_blocs: declare_blocs.is_some(),
        validity_years: years,
    };
    let saved = save(
        &state.db,
        (organisation, CertificationId(certification_id)),
        &registration,
        (Some(user.id.0), state.clock.now()),
    )
    .await
    .map_err(|e| internal("registration", e))?;
    if !saved {
        return Err(with_status(AppError::NotFound));
    }
    leptos_axum::redirect(&format!(
        "/certificateur/certifications/{certification_id}/declarations"
    ));
    Ok(())
}

/// Produces the flux of what is not yet accepted: for one published session
/// (`session_id`), or every published session whose jury decided between `from` and
/// `to` (JJ/MM/AAAA). Refused with every candidate's missing identity, nothing recorded.
#[server(prefix = "/api/certificateur", endpoint = "produire_flux")]
pub async fn produce_flux(
    certification_id: i32,
    #[server(default)] session_id: Option<i32>,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<FluxMade, AppError> {
    use crate::domain::candidate::parse_date_fr;
    use crate::domain::ids::{CertificationId, SessionId};
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accrochage::{NoFlux, Scope, produce};
    let (state, user, organisation) = certifier()?;
    let scope = match session_id.filter(|id| *id > 0) {
        Some(id) => Scope::Session(SessionId(id)),
        None => {
            let (from, to) = (parse_date_fr(&from), parse_date_fr(&to));
            match (from, to) {
                (Some(from), Some(to)) if from <= to => Scope::Range { from, to },
                (Some(_), Some(_)) => {
                    return Err(with_status(AppError::invalid(
                        "to",
                        "La date de fin précède la date de début.",
                    )));
                }
                _ => {
                    return Err(with_status(AppError::invalid(
                        "from",
                        "Choisissez une session publiée, ou une période (du JJ/MM/AAAA au JJ/MM/AAAA).",
                    )));
                }
            }
        }
    };
    let made = produce(
        &state.db,
        (organisation, CertificationId(certification_id)),
        scope,
        (
            Some(user.id.0),
            state.clock.now(),
            &state.settings.public_url,
        ),
    )
    .await
    .map_err(|e| internal("flux", e))?;
    match made {
        Ok(made) => {
            leptos_axum::redirect(&format!(
                "/certificateur/certifications/{certification_id}/declarations?produit={}",
                made.id
            ));
            Ok(FluxMade {
                id: made.id,
                number: made.number,
                passages: made.passages,
            })
        }
        Err(NoFlux::NotFound) => Err(with_status(AppError::NotFound)),
        Err(NoFlux::NothingToSend) => Err(with_status(AppError::Conflict(
            "Aucun titulaire à déclarer : chaque certification et chaque bloc de cette sélection est déjà accepté ou attend son accusé de traitement.".to_owned(),
        ))),
        Err(NoFlux::Settings(problems)) => Err(with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|message| FieldError {
                    field: "parametres".to_owned(),
                    message,
                })
                .collect(),
        ))),
        Err(NoFlux::Lacking(lacking)) => {
            let mut errors = vec![FieldError {
                field: "flux".to_owned(),
                message: format!(
                    "Aucun flux produit : {} candidat(s) n'ont pas l'identité complète que la Caisse des Dépôts exige.",
                    lacking.len()
                ),
            }];
            errors.extend(
                crate::domain::accrochage::lacking_message(&lacking)
                    .into_iter()
                    .map(|message| FieldError {
                        field: "candidats".to_owned(),
                        message,
                    }),
            );
            Err(with_status(AppError::Validation(errors)))
        }
    }
}

/// The organisation's settings page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSettings {
    pub name: String,
    pub declarant: Declarant,
    pub identity: crate::domain::organisation::Identity,
    /// Size in pixels of the logo and of the scanned signature, when uploaded.
    pub logo: Option<(i32, i32)>,
    pub signature: Option<(i32, i32)>,
    /// The signing key of credentials: (number, created at, retired keys still
    /// published), and the address of the DID document publishing them.
    pub signing_key: Option<(i32, chrono::DateTime<chrono::Utc>, usize)>,
    pub did_document: String,
}

/// The certifier's organisation settings.
#[server(prefix = "/api/certificateur", endpoint = "parametres", input = GetUrl)]
pub async fn load_settings() -> Result<OrganisationSettings, AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, _, organisation) = certifier()?;
    let (name, declarant) = crate::ssr::repo::accrochage::declarant(&state.db, organisation)
        .await
        .map_err(|e| internal("organisation", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let identity = crate::ssr::repo::organisation::identity(&state.db, organisation)
        .await
        .map_err(|e| internal("organisation", e))?
        .unwrap_or_default();
    let (logo, signature) = crate::ssr::repo::organisation::images(&state.db, organisation)
        .await
        .map_err(|e| internal("images", e))?;
    let signing_key = crate::ssr::repo::credentials::key_summary(&state.db, organisation)
        .await
        .map_err(|e| internal("signing key", e))?;
    Ok(OrganisationSettings {
        name,
        declarant,
        identity,
        logo,
        signature,
        signing_key,
        did_document: format!("/organisations/{}/did.json", organisation.0),
    })
}

/// Saves the organisation's identity as its documents state it: name, SIRET, address,
/// and who signs awards in what quality. Every problem at once; nothing saved while one
/// remains.
#[server(prefix = "/api/certificateur", endpoint = "identite_organisme")]
pub async fn save_organisation_identity(
    name: String,
    siret: String,
    address: String,
    signatory_name: String,
    signatory_quality: String,
) -> Result<(), AppError> {
    use crate::domain::organisation::{Identity, parse};
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::organisation::{NotSaved, save_identity};
    let (state, user, organisation) = certifier()?;
    let identity = parse(&Identity {
        name,
        siret,
        address,
        signatory_name,
        signatory_quality,
    })
    .map_err(problems_error)?;
    match save_identity(
        &state.db,
        organisation,
        &identity,
        (Some(user.id.0), state.clock.now()),
    )
    .await
    {
        Ok(()) => {}
        Err(NotSaved::SiretTaken) => {
            return Err(with_status(AppError::invalid(
                "siret",
                format!(
                    "Le SIRET {} est déjà celui d'un autre organisme.",
                    identity.siret
                ),
            )));
        }
        Err(NotSaved::NameTaken) => {
            return Err(with_status(AppError::invalid(
                "name",
                format!(
                    "Un autre organisme porte déjà le nom « {} » (ou un nom qui ne s'en distingue que par les majuscules, les accents ou les espaces) : choisissez votre raison sociale exacte.",
                    identity.name
                ),
            )));
        }
        Err(NotSaved::Db(e)) => return Err(internal("organisation identity", e)),
    }
    leptos_axum::redirect("/certificateur/parametres?enregistre=1");
    Ok(())
}

/// Saves the organisation's Caisse des Dépôts identifiers.
#[server(prefix = "/api/certificateur", endpoint = "identifiants_cdc")]
pub async fn save_cdc_identifiers(
    cdc_emitter_id: String,
    cdc_certifier_id: String,
    cdc_contract_id: String,
) -> Result<(), AppError> {
    use crate::domain::accrochage::declarant_problems;
    use crate::ssr::auth::internal;
    let (state, user, organisation) = certifier()?;
    let declarant = Declarant {
        emitter: cdc_emitter_id.trim().to_uppercase(),
        certifier: cdc_certifier_id.trim().to_uppercase(),
        contract: cdc_contract_id.trim().to_owned(),
    };
    let problems = declarant_problems(
        Some(&declarant.emitter),
        Some(&declarant.certifier),
        Some(&declarant.contract),
    );
    if !problems.is_empty() {
        return Err(problems_error(problems));
    }
    crate::ssr::repo::accrochage::save_declarant(
        &state.db,
        organisation,
        &declarant,
        (Some(user.id.0), state.clock.now()),
    )
    .await
    .map_err(|e| internal("cdc identifiers", e))?;
    leptos_axum::redirect("/certificateur/parametres?enregistre=1");
    Ok(())
}

/// Records an enrolled candidate's identity for the declaration (also after
/// publication: it is not what the jury signed). Every problem at once; nothing saved
/// while one remains.
#[server(prefix = "/api/certificateur", endpoint = "identite_candidat")]
#[allow(clippy::too_many_arguments)]
pub async fn save_identity(
    session_id: i32,
    enrolment_id: i32,
    #[server(default)] birth_name: String,
    #[server(default)] other_first_names: String,
    #[server(default)] sex: String,
    #[server(default)] birth_insee_code: String,
    #[server(default)] birth_postal_code: String,
    #[server(default)] birth_commune: String,
    #[server(default)] birth_country_code: String,
    #[server(default)] birth_country: String,
) -> Result<(), AppError> {
    use crate::domain::accrochage::{IdentityInput, parse_identity};
    use crate::domain::ids::{EnrolmentId, SessionId};
    use crate::ssr::auth::{internal, with_status};
    let (state, user, organisation) = certifier()?;
    let identity = parse_identity(&IdentityInput {
        birth_name,
        other_first_names,
        sex,
        birth_insee_code,
        birth_postal_code,
        birth_commune,
        birth_country_code,
        birth_country,
    })
    .map_err(problems_error)?;
    let saved = crate::ssr::repo::accrochage::save_identity(
        &state.db,
        (
            organisation,
            SessionId(session_id),
            EnrolmentId(enrolment_id),
        ),
        &identity,
        (Some(user.id.0), state.clock.now()),
    )
    .await
    .map_err(|e| internal("identity", e))?;
    if !saved {
        return Err(with_status(AppError::NotFound));
    }
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/candidats/{enrolment_id}?identite=1"
    ));
    Ok(())
}
