//! The référentiel edited through forms: one server function per kind of change (bloc,
//! competence, épreuve, criterion, removal, running settings), each checked by the
//! scoring engine with the whole grid before the version is saved.

use leptos::prelude::*;

use crate::error::AppError;

/// Applies one change to the grid in force and saves it (see `save_version`): every
/// problem of the change or of the resulting grid is reported, nothing is saved.
#[cfg(feature = "ssr")]
async fn save_edit(
    certification_id: i32,
    edits: Vec<crate::domain::scoring::edit::Edit>,
    settings: Option<crate::domain::epreuve::EpreuveSettings>,
    mut errors: Vec<crate::error::FieldError>,
    field: &str,
) -> Result<(), AppError> {
    use crate::domain::ids::CertificationId;
    use crate::domain::role::Role;
    use crate::domain::scoring::Grid;
    use crate::domain::scoring::edit::apply;
    use crate::domain::scoring::grid::Scoring;
    use crate::error::FieldError;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::certifications::{current_version, save_version};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (_, version) = current_version(&state.db, organisation, CertificationId(certification_id))
        .await
        .map_err(|e| internal("certification", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let grid: Grid =
        serde_json::from_str(&version.grid_json).map_err(|e| internal("stored grid", e))?;
    let mut edited = Some(grid.clone());
    if errors.is_empty() {
        for edit in edits {
            let Some(current) = edited.take() else { break };
            match apply(&current, edit) {
                Ok(next) => edited = Some(next),
                Err(problems) => {
                    errors.extend(problems.into_iter().map(|p| FieldError {
                        field: field.to_owned(),
                        message: format!("Modification refusée : {p}."),
                    }));
                }
            }
        }
    }
    if let Some(settings) = &settings {
        match grid.components.iter().find(|c| c.code == settings.code) {
            None => errors.push(FieldError {
                field: field.to_owned(),
                message: format!("L'épreuve « {} » n'existe pas.", settings.code),
            }),
            Some(component) => {
                let max = match component.scoring {
                    Scoring::Points { max } => max,
                    Scoring::Criteria => rust_decimal::Decimal::ZERO,
                };
                errors.extend(
                    settings
                        .problems(max)
                        .into_iter()
                        .map(|(f, message)| FieldError {
                            field: f.to_owned(),
                            message,
                        }),
                );
            }
        }
    }
    let Some(edited) = edited.filter(|_| errors.is_empty()) else {
        return Err(with_status(AppError::Validation(errors)));
    };
    save_version(
        &state.db,
        organisation,
        CertificationId(certification_id),
        &edited,
        settings.as_ref(),
        state.clock.now(),
    )
    .await
    .map_err(|e| internal("save version", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    leptos_axum::redirect(&format!("/certificateur/certifications/{certification_id}"));
    Ok(())
}

/// A number typed the French way (`12,5`), at most two decimals, in `[0, max]`.
#[cfg(feature = "ssr")]
fn number(
    field: &str,
    label: &str,
    text: &str,
    max: rust_decimal::Decimal,
    errors: &mut Vec<crate::error::FieldError>,
) -> Option<rust_decimal::Decimal> {
    if text.trim().is_empty() {
        return None;
    }
    match crate::domain::mark::parse_points(text, max) {
        Ok(value) => Some(value),
        Err(problem) => {
            errors.push(crate::error::FieldError {
                field: field.to_owned(),
                message: format!("{label} : {problem}."),
            });
            None
        }
    }
}

#[cfg(feature = "ssr")]
fn required(
    field: &str,
    label: &str,
    text: &str,
    errors: &mut Vec<crate::error::FieldError>,
) -> String {
    let text = text.trim();
    if text.is_empty() {
        errors.push(crate::error::FieldError {
            field: field.to_owned(),
            message: format!("{label} est obligatoire."),
        });
    }
    text.to_owned()
}

/// Adds a bloc, or changes the one with this code: title, kind, how its marks add up,
/// validation threshold, eliminatory mark, coefficient.
#[server(prefix = "/api/certificateur", endpoint = "referentiel_bloc")]
#[allow(clippy::too_many_arguments)]
pub async fn save_bloc(
    certification_id: i32,
    code: String,
    title: String,
    kind: String,
    aggregation: String,
    #[server(default)] threshold: String,
    #[server(default)] threshold_op: String,
    #[server(default)] eliminatory: String,
    #[server(default)] coefficient: String,
    #[server(default)] first_code: String,
    #[server(default)] first_title: String,
    #[server(default)] first_max: String,
    #[server(default)] criterion_code: String,
    #[server(default)] criterion_label: String,
) -> Result<(), AppError> {
    use crate::domain::scoring::edit::Edit;
    use crate::domain::scoring::grid::{
        AbsenceRule, Aggregation, Comparison, Component, ComponentRole, Criterion, Threshold, Unit,
        UnitKind,
    };
    use rust_decimal::Decimal;
    let mut errors = Vec::new();
    let code = required("code", "Le code du bloc", &code, &mut errors);
    let title = required("title", "L'intitulé du bloc", &title, &mut errors);
    let kind = match kind.as_str() {
        "bloc" => UnitKind::Bloc,
        "optional" => UnitKind::Optional,
        "group" => UnitKind::Group,
        _ => {
            errors.push(crate::error::FieldError {
                field: "kind".to_owned(),
                message: "Choisissez : bloc de compétences, unité facultative ou regroupement."
                    .to_owned(),
            });
            UnitKind::Bloc
        }
    };
    let aggregation = match aggregation.as_str() {
        "weighted_average" => Aggregation::WeightedAverage,
        "sum" => Aggregation::Sum,
        "criteria_ratio" => Aggregation::CriteriaRatio,
        _ => {
            errors.push(crate::error::FieldError {
                field: "aggregation".to_owned(),
                message: "Choisissez comment les notes du bloc se combinent.".to_owned(),
            });
            Aggregation::WeightedAverage
        }
    };
    let op = if threshold_op == "more_than" {
        Comparison::MoreThan
    } else {
        Comparison::AtLeast
    };
    let thousand = Decimal::from(10_000);
    let validation = number(
        "threshold",
        "Seuil de validation",
        &threshold,
        thousand,
        &mut errors,
    )
    .map(|value| Threshold { op, value });
    let eliminatory = number(
        "eliminatory",
        "Note éliminatoire",
        &eliminatory,
        thousand,
        &mut errors,
    );
    let coefficient = number(
        "coefficient",
        "Coefficient",
        &coefficient,
        thousand,
        &mut errors,
    )
    .unwrap_or(Decimal::ONE);
    let mut unit = Unit::new(&code, &title, kind, aggregation);
    unit.validation = validation;
    unit.eliminatory_below = eliminatory;
    unit.coefficient = coefficient;
    // A new bloc comes with its first épreuve (and criterion): a bloc is never empty.
    let edit = if first_code.trim().is_empty() && first_title.trim().is_empty() {
        Edit::SetUnit(unit)
    } else {
        let first_code = required(
            "first_code",
            "Le code de la première épreuve",
            &first_code,
            &mut errors,
        );
        let first_title = required(
            "first_title",
            "L'intitulé de la première épreuve",
            &first_title,
            &mut errors,
        );
        let criteria = aggregation == Aggregation::CriteriaRatio;
        let component = if criteria {
            Component::criteria(
                &first_code,
                &first_title,
                &code,
                ComponentRole::Exam,
                AbsenceRule::UnitNotValidated,
            )
        } else {
            let max = number(
                "first_max",
                "Maximum de points de la première épreuve",
                &first_max,
                thousand,
                &mut errors,
            )
            .unwrap_or(Decimal::from(20));
            Component::points(
                &first_code,
                &first_title,
                &code,
                ComponentRole::Exam,
                max,
                AbsenceRule::UnitNotValidated,
            )
        };
        let criterion = criteria.then(|| {
            let criterion_code = required(
                "criterion_code",
                "Le code du premier critère",
                &criterion_code,
                &mut errors,
            );
            let criterion_label = required(
                "criterion_label",
                "Le libellé du premier critère",
                &criterion_label,
                &mut errors,
            );
            Criterion::new(
                &criterion_code,
                &criterion_label,
                &code,
                &[first_code.as_str()],
            )
        });
        Edit::AddUnit(unit, component, criterion)
    };
    save_edit(certification_id, vec![edit], None, errors, "bloc").await
}

/// Adds a competence to a bloc, or changes the one with this code.
#[server(prefix = "/api/certificateur", endpoint = "referentiel_competence")]
pub async fn save_competence(
    certification_id: i32,
    code: String,
    title: String,
    unit: String,
) -> Result<(), AppError> {
    use crate::domain::scoring::edit::Edit;
    use crate::domain::scoring::grid::Competence;
    let mut errors = Vec::new();
    let competence = Competence {
        code: required("code", "Le code de la compétence", &code, &mut errors),
        title: required("title", "L'intitulé de la compétence", &title, &mut errors),
        unit: required("unit", "Le bloc", &unit, &mut errors),
    };
    save_edit(
        certification_id,
        vec![Edit::SetCompetence(competence)],
        None,
        errors,
        "competence",
    )
    .await
}

/// Adds an épreuve (or continuous-assessment module) to a bloc, or changes the one with
/// this code: marked in points out of a maximum, or by criteria.
#[server(prefix = "/api/certificateur", endpoint = "referentiel_epreuve")]
#[allow(clippy::too_many_arguments)]
pub async fn save_component(
    certification_id: i32,
    code: String,
    title: String,
    unit: String,
    role: String,
    scoring: String,
    #[server(default)] max: String,
    #[server(default)] coefficient: String,
    absence: String,
) -> Result<(), AppError> {
    use crate::domain::scoring::edit::Edit;
    use crate::domain::scoring::grid::{AbsenceRule, Component, ComponentRole, Scoring};
    use rust_decimal::Decimal;
    let mut errors = Vec::new();
    let code = required("code", "Le code de l'épreuve", &code, &mut errors);
    let title = required("title", "L'intitulé de l'épreuve", &title, &mut errors);
    let unit = required("unit", "Le bloc", &unit, &mut errors);
    let role = match role.as_str() {
        "exam" => ComponentRole::Exam,
        "professional" => ComponentRole::Professional,
        "continuous_assessment" => ComponentRole::ContinuousAssessment,
        _ => {
            errors.push(crate::error::FieldError {
                field: "role".to_owned(),
                message: "Choisissez la nature : épreuve, évaluation professionnelle ou contrôle continu.".to_owned(),
            });
            ComponentRole::Exam
        }
    };
    let limit = Decimal::from(10_000);
    let scoring = match scoring.as_str() {
        "criteria" => Scoring::Criteria,
        "points" => match number("max", "Maximum de points", &max, limit, &mut errors) {
            Some(max) => Scoring::Points { max },
            None => {
                if max.trim().is_empty() {
                    errors.push(crate::error::FieldError {
                        field: "max".to_owned(),
                        message: "Indiquez le maximum de points de l'épreuve.".to_owned(),
                    });
                }
                Scoring::Points { max: Decimal::ZERO }
            }
        },
        _ => {
            errors.push(crate::error::FieldError {
                field: "scoring".to_owned(),
                message: "Choisissez : notée en points ou évaluée par critères.".to_owned(),
            });
            Scoring::Criteria
        }
    };
    let absence = match absence.as_str() {
        "zero" => AbsenceRule::Zero,
        "unit_not_validated" => AbsenceRule::UnitNotValidated,
        "no_full_certification" => AbsenceRule::NoFullCertification,
        _ => {
            errors.push(crate::error::FieldError {
                field: "absence".to_owned(),
                message: "Choisissez l'effet d'une absence non justifiée.".to_owned(),
            });
            AbsenceRule::Zero
        }
    };
    let coefficient = number(
        "coefficient",
        "Coefficient",
        &coefficient,
        limit,
        &mut errors,
    )
    .unwrap_or(Decimal::ONE);
    let component = Component {
        code,
        title,
        unit,
        role,
        scoring,
        coefficient,
        on_unjustified_absence: absence,
    };
    save_edit(
        certification_id,
        vec![Edit::SetComponent(component)],
        None,
        errors,
        "epreuve",
    )
    .await
}

/// Adds an evaluation criterion, or changes the one with this code: its bloc, its
/// competence, and the épreuves (codes separated by commas) that assess it.
#[server(prefix = "/api/certificateur", endpoint = "referentiel_critere")]
pub async fn save_criterion(
    certification_id: i32,
    code: String,
    label: String,
    unit: String,
    #[server(default)] competence: String,
    components: String,
) -> Result<(), AppError> {
    use crate::domain::scoring::edit::Edit;
    use crate::domain::scoring::grid::Criterion;
    let mut errors = Vec::new();
    let assessed: Vec<String> = components
        .split([',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if assessed.is_empty() {
        errors.push(crate::error::FieldError {
            field: "components".to_owned(),
            message: "Indiquez au moins une épreuve qui évalue ce critère.".to_owned(),
        });
    }
    let competence = competence.trim();
    let criterion = Criterion {
        code: required("code", "Le code du critère", &code, &mut errors),
        label: required("label", "Le libellé du critère", &label, &mut errors),
        unit: required("unit", "Le bloc", &unit, &mut errors),
        competence: (!competence.is_empty()).then(|| competence.to_owned()),
        components: assessed,
    };
    save_edit(
        certification_id,
        vec![Edit::SetCriterion(criterion)],
        None,
        errors,
        "critere",
    )
    .await
}

/// Adds or changes a bloc's criteria at once, pasted from a spreadsheet or a CSV file
/// (`code ; libellé ; compétence ; épreuves`, one per line): all or nothing.
#[server(
    prefix = "/api/certificateur",
    endpoint = "referentiel_criteres_coller"
)]
pub async fn paste_criteria(
    certification_id: i32,
    unit: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    use crate::domain::ids::CertificationId;
    use crate::domain::role::Role;
    use crate::domain::scoring::edit::{Edit, parse_criteria};
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (_, version) = crate::ssr::repo::certifications::current_version(
        &state.db,
        organisation,
        CertificationId(certification_id),
    )
    .await
    .map_err(|e| internal("certification", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let grid: crate::domain::scoring::Grid =
        serde_json::from_str(&version.grid_json).map_err(|e| internal("stored grid", e))?;
    let unit = unit.trim().to_owned();
    let own: Vec<String> = grid
        .components
        .iter()
        .filter(|c| c.unit == unit)
        .map(|c| c.code.clone())
        .collect();
    let (edits, errors) = match parse_criteria(&text, &unit, &own) {
        Ok(criteria) => (
            criteria.into_iter().map(Edit::SetCriterion).collect(),
            Vec::new(),
        ),
        Err(problems) => (
            Vec::new(),
            problems
                .into_iter()
                .map(|message| crate::error::FieldError {
                    field: "criteres".to_owned(),
                    message,
                })
                .collect(),
        ),
    };
    save_edit(certification_id, edits, None, errors, "criteres").await
}

/// Removes a bloc (with everything in it), a competence, an épreuve or a criterion.
#[server(prefix = "/api/certificateur", endpoint = "referentiel_supprimer")]
pub async fn remove_item(
    certification_id: i32,
    what: String,
    code: String,
) -> Result<(), AppError> {
    use crate::domain::scoring::edit::Edit;
    let code = code.trim().to_owned();
    let edit = match what.as_str() {
        "bloc" => Edit::RemoveUnit(code),
        "competence" => Edit::RemoveCompetence(code),
        "epreuve" => Edit::RemoveComponent(code),
        "critere" => Edit::RemoveCriterion(code),
        _ => {
            return Err(crate::ssr::auth::with_status(AppError::invalid(
                "what",
                "Élément à supprimer inconnu.",
            )));
        }
    };
    save_edit(certification_id, vec![edit], None, Vec::new(), "supprimer").await
}

/// How an épreuve is run: kind, duration, remote, double marking with its discrepancy
/// threshold, and the modality per candidate category (`catégorie = modalité` per line).
#[server(prefix = "/api/certificateur", endpoint = "referentiel_deroulement")]
#[allow(clippy::too_many_arguments)]
pub async fn save_epreuve_settings(
    certification_id: i32,
    code: String,
    kind: String,
    #[server(default)] duration: String,
    #[server(default)] remote_allowed: Option<String>,
    #[server(default)] double_marking: Option<String>,
    #[server(default)] discrepancy: String,
    #[server(default)] modalities: String,
    #[server(default)] phases: String,
) -> Result<(), AppError> {
    use crate::domain::epreuve::EpreuveSettings;
    use crate::domain::templates::{EpreuveKind, Modality};
    use crate::error::FieldError;
    use crate::ssr::auth::with_status;
    let mut errors = Vec::new();
    let Some(kind) = EpreuveKind::parse(&kind) else {
        return Err(with_status(AppError::invalid(
            "kind",
            "Choisissez le type d'épreuve.",
        )));
    };
    let duration_minutes = match duration.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(minutes) => Some(minutes),
            Err(_) => {
                errors.push(FieldError {
                    field: "duration".to_owned(),
                    message: format!("La durée « {text} » n'est pas un nombre entier de minutes."),
                });
                None
            }
        },
    };
    let discrepancy = number(
        "discrepancy",
        "Écart maximal",
        &discrepancy,
        rust_decimal::Decimal::from(10_000),
        &mut errors,
    );
    let mut parsed = Vec::new();
    for (i, line) in modalities
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let Some((category, modality)) = line.split_once('=') else {
            errors.push(FieldError {
                field: "modalities".to_owned(),
                message: format!("Ligne {} : écrivez « catégorie = modalité ».", i + 1),
            });
            continue;
        };
        let modality = modality.trim();
        match Modality::ALL
            .into_iter()
            .find(|m| m.code() == modality || m.label().eq_ignore_ascii_case(modality))
        {
            Some(found) => parsed.push((category.trim().to_owned(), found)),
            None => errors.push(FieldError {
                field: "modalities".to_owned(),
                message: format!(
                    "Ligne {} : modalité « {modality} » inconnue ({}).",
                    i + 1,
                    Modality::ALL.map(Modality::code).join(", ")
                ),
            }),
        }
    }
    let phases = crate::domain::passage::parse_phases(&phases).unwrap_or_else(|problems| {
        errors.extend(problems.into_iter().map(|message| FieldError {
            field: "phases".to_owned(),
            message,
        }));
        Vec::new()
    });
    // Phases make the duration: both typed must agree.
    let total: u32 = phases.iter().map(|p| p.minutes).sum();
    let duration_minutes = match duration_minutes {
        Some(minutes) if total > 0 && minutes != total => {
            errors.push(FieldError {
                field: "duration".to_owned(),
                message: format!(
                    "La durée ({minutes} min) diffère de la somme des phases ({total} min) : corrigez l'une ou l'autre, ou laissez la durée vide."
                ),
            });
            Some(minutes)
        }
        None if total > 0 => Some(total),
        other => other,
    };
    let settings = EpreuveSettings {
        code: code.trim().to_owned(),
        kind,
        duration_minutes,
        remote_allowed: remote_allowed.is_some(),
        double_marking: double_marking.is_some(),
        discrepancy,
        modalities: parsed,
        // Empty: the épreuve keeps its own phases (`save_version`).
        phases,
    };
    save_edit(
        certification_id,
        Vec::new(),
        Some(settings),
        errors,
        "deroulement",
    )
    .await
}
