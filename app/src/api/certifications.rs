//! A certification: its versions and its scoring grid. Saving a grid checks it with the
//! engine (every problem listed) and creates a new version; sessions stay bound to the
//! version they were created with.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One version of the certification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub number: i32,
    pub in_force: bool,
    pub created_at: DateTime<Utc>,
    /// Sessions bound to this version.
    pub sessions: usize,
}

/// The certification page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationDetail {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub version: i32,
    pub versions: Vec<VersionRow>,
    /// The grid in force, as JSON (the format of docs/evaluate.md).
    pub grid_json: String,
    pub notes: Vec<String>,
    pub blocs: Vec<(String, String)>,
    /// The grid in force, for the référentiel forms.
    pub grid: crate::domain::scoring::Grid,
    /// How each épreuve of the version in force is run.
    pub epreuves: Vec<crate::domain::epreuve::EpreuveSettings>,
    /// Sessions bound to the version in force: a change then makes a new version.
    pub bound_sessions: usize,
    /// Jury composition rules of the version in force.
    pub jury_rules: crate::domain::jury::rules::JuryRules,
}

/// One of the certifier's certifications.
#[server(prefix = "/api/certificateur", endpoint = "certification", input = GetUrl)]
pub async fn load_certification(id: i32) -> Result<CertificationDetail, AppError> {
    use crate::domain::ids::CertificationId;
    use crate::domain::role::Role;
    use crate::domain::scoring::Grid;
    use crate::domain::scoring::grid::UnitKind;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::certifications::{current_version, epreuve_settings, versions};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (cert, version) = current_version(&state.db, organisation, CertificationId(id))
        .await
        .map_err(|e| internal("certification", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let grid: Grid =
        serde_json::from_str(&version.grid_json).map_err(|e| internal("stored grid", e))?;
    let jury_rules = crate::ssr::repo::juries::rules_of(&cert, &version);
    let history = versions(&state.db, CertificationId(id))
        .await
        .map_err(|e| internal("versions", e))?;
    let epreuves = epreuve_settings(&state.db, crate::domain::ids::VersionId(version.id))
        .await
        .map_err(|e| internal("épreuves", e))?;
    let bound_sessions = history
        .iter()
        .find(|v| v.number == version.number)
        .map_or(0, |v| v.sessions);
    Ok(CertificationDetail {
        id,
        code: cert.code,
        title: cert.title,
        version: version.number,
        versions: history,
        grid_json: serde_json::to_string_pretty(&grid).map_err(|e| internal("grid json", e))?,
        notes: grid.notes.clone(),
        blocs: grid
            .units
            .iter()
            .filter(|u| u.kind != UnitKind::Group)
            .map(|u| (u.code.clone(), u.title.clone()))
            .collect(),
        grid,
        epreuves,
        bound_sessions,
        jury_rules,
    })
}

/// Checks a grid and saves it as a new version of the certification.
#[server(prefix = "/api/certificateur", endpoint = "enregistrer_grille")]
pub async fn save_grid(certification_id: i32, grid_json: String) -> Result<(), AppError> {
    use crate::domain::ids::CertificationId;
    use crate::domain::role::Role;
    use crate::domain::scoring::Grid;
    use crate::domain::scoring::validate::validate;
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::certifications::save_version;
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    // Whose certification it is, before the grid is read (its size is bounded by the
    // field limits, its depth by the JSON parser's).
    if crate::ssr::repo::certifications::current_version(
        &state.db,
        organisation,
        CertificationId(certification_id),
    )
    .await
    .map_err(|e| internal("grid", e))?
    .is_none()
    {
        return Err(with_status(AppError::NotFound));
    }
    let grid: Grid = serde_json::from_str(&grid_json).map_err(|e| {
        with_status(AppError::invalid(
            "grid_json",
            format!("La grille n'est pas un JSON valide : {e}"),
        ))
    })?;
    if let Err(problems) = validate(grid.clone()) {
        let errors = problems
            .iter()
            .map(|p| FieldError {
                field: "grid_json".to_owned(),
                message: format!("La grille ne peut pas fonctionner : {p}."),
            })
            .collect();
        return Err(with_status(AppError::Validation(errors)));
    }
    save_version(
        &state.db,
        organisation,
        CertificationId(certification_id),
        &grid,
        None,
        state.clock.now(),
    )
    .await
    .map_err(|e| internal("new version", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    leptos_axum::redirect(&format!("/certificateur/certifications/{certification_id}"));
    Ok(())
}

/// Creates a certification from a built-in template (A to E) under the certifier's own
/// code and title, then opens it.
#[server(prefix = "/api/certificateur", endpoint = "creer_certification")]
pub async fn create_certification(
    template: String,
    code: String,
    title: String,
    #[server(default)] kind: String,
    #[server(default)] shared: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::domain::templates;
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::certifications::{code_holders, create_certification};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (code, title) = (code.trim(), title.trim());
    let mut errors = Vec::new();
    let template = if template == templates::BLANK {
        let kind = templates::CertificationKind::parse(&kind);
        if kind.is_none() {
            errors.push(FieldError {
                field: "kind".to_owned(),
                message: "Choisissez le type de certification (titre RNCP, CQP ou diplôme)."
                    .to_owned(),
            });
        }
        kind.map(templates::blank)
    } else {
        templates::find(&template)
    };
    if template.is_none() && errors.is_empty() {
        errors.push(FieldError {
            field: "template".to_owned(),
            message: "Choisissez un des modèles A à E, ou un référentiel vierge.".to_owned(),
        });
    }
    let (taken, co_certification) = if code.is_empty() {
        (false, false)
    } else {
        code_holders(&state.db, organisation, code)
            .await
            .map_err(|e| internal("code", e))?
    };
    if code.is_empty() {
        errors.push(FieldError {
            field: "code".to_owned(),
            message: "Le code (RNCP, RS ou interne) est obligatoire.".to_owned(),
        });
    } else if taken {
        errors.push(FieldError {
            field: "code".to_owned(),
            message: format!("Une certification porte déjà le code « {code} »."),
        });
    }
    // A code another organisation already certifies under: co-certification exists
    // (several certifiers of one RNCP title), but never silently.
    if co_certification && shared.is_none() && errors.is_empty() {
        errors.push(FieldError {
            field: "code".to_owned(),
            message: format!(
                "Le code « {code} » est déjà celui d'une certification d'un autre organisme. S'il s'agit d'une co-certification enregistrée au RNCP, cochez « Co-certification » : votre confirmation sera consignée au journal d'audit."
            ),
        });
    }
    if title.is_empty() {
        errors.push(FieldError {
            field: "title".to_owned(),
            message: "L'intitulé est obligatoire.".to_owned(),
        });
    }
    let Some(template) = template.filter(|_| errors.is_empty()) else {
        return Err(with_status(AppError::Validation(errors)));
    };
    let (id, _) = create_certification(
        &state.db,
        organisation,
        &template,
        (code, title),
        (Some(user.id.0), state.clock.now()),
        co_certification,
    )
    .await
    .map_err(|e| internal("create certification", e))?;
    leptos_axum::redirect(&format!("/certificateur/certifications/{id}"));
    Ok(())
}
