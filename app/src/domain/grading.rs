//! Grading one candidate at one épreuve with the certification's grid: the sheet the
//! grader fills (one item per criterion the épreuve assesses, or its points), the check
//! of what was typed (French numbers, within `[0, max]`, two decimals at most), and the
//! bloc result preview computed by the scoring engine.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::format::decimal_fr;
use super::mark::parse_points;
use super::scoring::grid::{Aggregation, Grid, Scoring};
use super::scoring::input::{Attendance, CandidateInput, ComponentInput};
use super::scoring::round_mark;
use super::scoring::validate::validate;
use super::scoring::{Sheet, evaluate};

/// What an item asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    /// Points out of a maximum.
    Points { max: Decimal },
    /// Criterion met or not.
    Criterion,
}

/// One line of the grading sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub label: String,
    pub kind: ItemKind,
    /// The competence a criterion belongs to, if the grid says.
    #[serde(default)]
    pub competence: Option<String>,
}

/// The grading sheet of an épreuve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    pub component: String,
    pub title: String,
    pub unit: String,
    pub items: Vec<Item>,
}

/// The sheet of an épreuve (component) of the grid.
pub fn form_for(grid: &Grid, component: &str) -> Option<Form> {
    let c = grid.components.iter().find(|c| c.code == component)?;
    let items = match c.scoring {
        Scoring::Points { max } => vec![Item {
            code: c.code.clone(),
            label: format!("Note de l'épreuve (sur {})", decimal_fr(max)),
            kind: ItemKind::Points { max },
            competence: None,
        }],
        Scoring::Criteria => grid
            .criteria
            .iter()
            .filter(|k| k.components.iter().any(|x| *x == c.code))
            .map(|k| Item {
                code: k.code.clone(),
                label: k.label.clone(),
                kind: ItemKind::Criterion,
                competence: k.competence.clone(),
            })
            .collect(),
    };
    Some(Form {
        component: c.code.clone(),
        title: c.title.clone(),
        unit: c.unit.clone(),
        items,
    })
}

/// Marks every criterion of the ticked competences as met (the grader ticked "the
/// whole competence is satisfied"); other entries are kept as typed.
pub fn tick_competences(form: &Form, entries: &mut Vec<Entry>, competences: &[String]) {
    for item in &form.items {
        let ticked = item
            .competence
            .as_ref()
            .is_some_and(|c| competences.contains(c));
        if !ticked || item.kind != ItemKind::Criterion {
            continue;
        }
        match entries.iter_mut().find(|e| e.item == item.code) {
            Some(entry) => entry.value = "oui".to_owned(),
            None => entries.push(Entry {
                item: item.code.clone(),
                value: "oui".to_owned(),
                comment: String::new(),
            }),
        }
    }
}

/// Criteria of a sheet already met at another épreuve (seed 000: at the interview, what
/// the report validated), from the other results of the candidate.
pub fn met_elsewhere(
    form: &Form,
    others: &[super::scoring::input::ComponentInput],
) -> Vec<(String, String)> {
    form.items
        .iter()
        .filter_map(|item| {
            others
                .iter()
                .find(|o| o.component != form.component && o.criteria_met.contains(&item.code))
                .map(|o| (item.code.clone(), o.component.clone()))
        })
        .collect()
}

/// What the grader typed for an item: points (`12,5`), or `oui` / `non` for a
/// criterion; empty when not yet graded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    pub item: String,
    pub value: String,
    pub comment: String,
}

/// A checked item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graded {
    pub item: String,
    pub points: Option<Decimal>,
    pub met: Option<bool>,
    pub comment: String,
}

/// Longest comment accepted.
pub const MAX_COMMENT: usize = 4000;

/// The item of the sheet's general comment (no mark, a comment only).
pub const GENERAL: &str = "commentaire_general";

/// Checks what was typed: every problem as `(item, message)`. Submitting requires
/// every item; a draft may leave some empty.
pub fn check(
    form: &Form,
    entries: &[Entry],
    submitting: bool,
) -> Result<Vec<Graded>, Vec<(String, String)>> {
    let mut graded = Vec::new();
    let mut problems = Vec::new();
    for item in &form.items {
        let entry = entries.iter().find(|e| e.item == item.code);
        let value = entry.map_or("", |e| e.value.trim());
        let comment = entry.map_or("", |e| e.comment.trim()).to_owned();
        if comment.chars().count() > MAX_COMMENT {
            problems.push((
                item.code.clone(),
                format!(
                    "{} : le commentaire dépasse {MAX_COMMENT} caractères.",
                    item.code
                ),
            ));
        }
        let (points, met) = match item.kind {
            ItemKind::Points { max } if !value.is_empty() => match parse_points(value, max) {
                Ok(points) => (Some(points), None),
                Err(problem) => {
                    problems.push((item.code.clone(), format!("{} : {problem}.", item.label)));
                    (None, None)
                }
            },
            ItemKind::Criterion if !value.is_empty() => match value {
                "oui" | "met" => (None, Some(true)),
                "non" | "not_met" => (None, Some(false)),
                other => {
                    problems.push((
                        item.code.clone(),
                        format!("{} : « {other} » n'est ni « oui » ni « non ».", item.code),
                    ));
                    (None, None)
                }
            },
            _ => (None, None),
        };
        if submitting && value.is_empty() {
            problems.push((
                item.code.clone(),
                format!("{} : à renseigner avant de soumettre.", item.label),
            ));
        }
        graded.push(Graded {
            item: item.code.clone(),
            points,
            met,
            comment,
        });
    }
    if let Some(general) = entries.iter().find(|e| e.item == GENERAL) {
        let comment = general.comment.trim().to_owned();
        if comment.chars().count() > MAX_COMMENT {
            problems.push((
                GENERAL.to_owned(),
                format!("Commentaire général : plus de {MAX_COMMENT} caractères."),
            ));
        }
        graded.push(Graded {
            item: GENERAL.to_owned(),
            points: None,
            met: None,
            comment,
        });
    }
    if problems.is_empty() {
        Ok(graded)
    } else {
        Err(problems)
    }
}

/// The result of this épreuve as the engine reads it.
pub fn component_input(form: &Form, graded: &[Graded]) -> ComponentInput {
    let points = graded
        .iter()
        .find(|g| g.item == form.component)
        .and_then(|g| g.points);
    ComponentInput {
        component: form.component.clone(),
        attendance: Attendance::Present,
        points,
        criteria_met: graded
            .iter()
            .filter(|g| g.met == Some(true))
            .map(|g| g.item.clone())
            .collect(),
    }
}

/// The bloc result as the grader sees it while grading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub unit: String,
    /// `12,5 / 20` or `5 critères sur 6 (83,33 %)`.
    pub result: String,
    /// `validé si ≥ 10` or `aucun seuil`.
    pub threshold: String,
    pub validated: bool,
    pub eliminatory: bool,
    /// Épreuves of the bloc without a mark yet, and items of this sheet still empty.
    pub missing: Vec<String>,
}

/// The preview of the bloc of `form` with this sheet and the candidate's other results.
pub fn preview(
    grid: &Grid,
    form: &Form,
    graded: &[Graded],
    others: &[ComponentInput],
    on: NaiveDate,
) -> Option<Preview> {
    let compiled = validate(grid.clone()).ok()?;
    let mut results: Vec<ComponentInput> = others
        .iter()
        .filter(|o| o.component != form.component)
        .cloned()
        .collect();
    let this = component_input(form, graded);
    let graded_any = this.points.is_some() || graded.iter().any(|g| g.met.is_some());
    if graded_any {
        results.push(this);
    }
    let input = CandidateInput {
        candidate: String::new(),
        results: results.clone(),
        attendance_percent: None,
        unjustified_absence_percent: None,
        fraud: false,
        capitalised: Vec::new(),
    };
    let sheet = Sheet::build(&compiled, &input).ok()?;
    let outcome = evaluate(&compiled, &sheet, on);
    let index = compiled.unit(&form.unit)?;
    let unit = &grid.units[index];
    let result = outcome.units.iter().find(|u| u.unit == index)?;
    let text = match (unit.aggregation, result.ratio) {
        (Aggregation::CriteriaRatio, Some(ratio)) => format!(
            "{} critère(s) satisfait(s) sur {} ({} %)",
            decimal_fr(result.points),
            decimal_fr(result.max),
            decimal_fr(round_mark(ratio))
        ),
        _ => format!(
            "{} / {} (soit {} sur {})",
            decimal_fr(round_mark(result.points)),
            decimal_fr(result.max),
            decimal_fr(round_mark(result.mark)),
            decimal_fr(grid.scale)
        ),
    };
    let threshold = match unit.validation {
        Some(t) if unit.aggregation == Aggregation::CriteriaRatio => {
            format!("validé si {} {} %", t.op.symbol(), decimal_fr(t.value))
        }
        Some(t) => format!(
            "validé si {} {} sur {}",
            t.op.symbol(),
            decimal_fr(t.value),
            decimal_fr(grid.scale)
        ),
        None => "aucun seuil propre au bloc".to_owned(),
    };
    let mut missing: Vec<String> = grid
        .components
        .iter()
        .filter(|c| c.unit == form.unit && c.code != form.component)
        .filter(|c| !results.iter().any(|r| r.component == c.code))
        .map(|c| {
            if c.title.starts_with(&c.code) {
                c.title.clone()
            } else {
                super::format::code_title(&c.code, &c.title)
            }
        })
        .collect();
    missing.extend(
        form.items
            .iter()
            .filter(|i| {
                graded
                    .iter()
                    .find(|g| g.item == i.code)
                    .is_none_or(|g| g.points.is_none() && g.met.is_none())
            })
            .map(|i| format!("{} (cette épreuve)", i.code)),
    );
    Some(Preview {
        unit: super::format::code_title(&unit.code, &unit.title),
        result: text,
        threshold,
        validated: result.validated,
        eliminatory: result.eliminatory,
        missing,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_general_comment_goes_with_the_sheet_and_counts_for_nothing() {
        use crate::domain::templates;
        let grid = templates::all()
            .into_iter()
            .find(|t| t.key == "E")
            .expect("E")
            .grid;
        let form = form_for(&grid, "B3.E1").expect("form");
        let entries = vec![
            Entry {
                item: "B3.E1".to_owned(),
                value: "80".to_owned(),
                comment: String::new(),
            },
            Entry {
                item: GENERAL.to_owned(),
                value: "ignoré".to_owned(),
                comment: " Copie soignée, analyse solide. ".to_owned(),
            },
        ];
        let graded = check(&form, &entries, true).expect("valid");
        assert_eq!(graded.len(), 2);
        assert_eq!(graded[1].comment, "Copie soignée, analyse solide.");
        assert_eq!(graded[1].points, None);
        let input = component_input(&form, &graded);
        assert_eq!(input.points, Some(rust_decimal::Decimal::from(80)));
        let long = vec![Entry {
            item: GENERAL.to_owned(),
            value: String::new(),
            comment: "x".repeat(MAX_COMMENT + 1),
        }];
        let problems = check(&form, &long, false).expect_err("too long");
        assert!(problems.iter().any(|(field, _)| field == GENERAL));
    }

    use super::*;
    use crate::domain::templates;

    fn on() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 19).expect("date")
    }

    #[test]
    fn a_points_epreuve_of_template_e_is_graded_and_previewed() {
        let grid = templates::find("E").expect("E").grid;
        let form = form_for(&grid, "B3.E1").expect("case study");
        assert_eq!(form.items.len(), 1);
        let entries = vec![Entry {
            item: "B3.E1".to_owned(),
            value: "60,5".to_owned(),
            comment: "Bonne analyse".to_owned(),
        }];
        let graded = check(&form, &entries, true).expect("valid");
        assert_eq!(graded[0].points, Some(Decimal::new(605, 1)));
        let preview = preview(&grid, &form, &graded, &[], on()).expect("preview");
        assert!(preview.unit.starts_with("RNCP36390BC03 — "), "{preview:?}");
        assert!(preview.result.starts_with("60,5 / 175"), "{preview:?}");
        // The continuous-assessment modules of bloc 3 are still missing.
        assert!(
            preview.missing.iter().any(|m| m.starts_with("M3.1")),
            "{preview:?}"
        );
    }

    #[test]
    fn bad_marks_are_refused_with_their_message() {
        let grid = templates::find("E").expect("E").grid;
        let form = form_for(&grid, "B3.E1").expect("case study");
        for (typed, message) in [
            ("106", "dépasse le maximum de 105 points"),
            ("-1", "ne peut pas être négative"),
            ("12,555", "plus de deux décimales"),
            ("douze", "n'est pas un nombre"),
        ] {
            let entries = vec![Entry {
                item: "B3.E1".to_owned(),
                value: typed.to_owned(),
                comment: String::new(),
            }];
            let problems = check(&form, &entries, false).expect_err(typed);
            assert!(problems[0].1.contains(message), "{typed}: {problems:?}");
        }
        // "12.5" and "12,5" are the same mark.
        for typed in ["12.5", "12,5"] {
            let entries = vec![Entry {
                item: "B3.E1".to_owned(),
                value: typed.to_owned(),
                comment: String::new(),
            }];
            assert_eq!(
                check(&form, &entries, false).expect("ok")[0].points,
                Some(Decimal::new(125, 1))
            );
        }
        // Submitting needs every item.
        let problems = check(&form, &[], true).expect_err("empty");
        assert!(problems[0].1.contains("à renseigner avant de soumettre"));
        assert!(check(&form, &[], false).is_ok());
    }

    #[test]
    fn a_criteria_epreuve_of_template_a_previews_the_ratio() {
        let grid = templates::find("A").expect("A").grid;
        let component = grid
            .components
            .iter()
            .find(|c| c.scoring == Scoring::Criteria)
            .expect("criteria component")
            .code
            .clone();
        let form = form_for(&grid, &component).expect("form");
        assert_eq!(form.items.len(), 6);
        let entries: Vec<Entry> = form
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| Entry {
                item: item.code.clone(),
                value: if i < 5 { "oui" } else { "non" }.to_owned(),
                comment: String::new(),
            })
            .collect();
        let graded = check(&form, &entries, true).expect("valid");
        let preview = preview(&grid, &form, &graded, &[], on()).expect("preview");
        assert!(
            preview
                .result
                .starts_with("5 critère(s) satisfait(s) sur 6 (83,33 %)"),
            "{preview:?}"
        );
        // The interview, which may still validate the sixth criterion, is to come.
        assert_eq!(
            preview.missing,
            vec!["ENTRETIEN — Entretien technique avec le jury (15 min)"]
        );
        // Seed 000's 85 % is a rule of the whole certification, not of the unit.
        assert_eq!(preview.threshold, "aucun seuil propre au bloc");
        let bad = vec![Entry {
            item: form.items[0].code.clone(),
            value: "peut-être".to_owned(),
            comment: String::new(),
        }];
        assert!(check(&form, &bad, false).is_err());
    }
}

/// What two independent gradings of a double-marked épreuve lead to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Agreement {
    /// The agreed result: the mean of the points (to the hundredth, half away from
    /// zero) when the gap is within the threshold; the common answer on each criterion.
    Agreed(Vec<Graded>),
    /// Moderation needed, with why.
    Moderation(String),
}

/// Compares two submitted sheets of the same épreuve.
pub fn agree(
    form: &Form,
    first: &[Graded],
    second: &[Graded],
    threshold: Option<Decimal>,
) -> Agreement {
    let find = |sheet: &[Graded], item: &str| sheet.iter().find(|g| g.item == item).cloned();
    let mut agreed = Vec::new();
    for item in &form.items {
        let (Some(a), Some(b)) = (find(first, &item.code), find(second, &item.code)) else {
            return Agreement::Moderation(format!(
                "{} : une des deux fiches est incomplète",
                item.code
            ));
        };
        match item.kind {
            ItemKind::Points { .. } => {
                let (Some(x), Some(y)) = (a.points, b.points) else {
                    return Agreement::Moderation(format!(
                        "{} : une des deux notes manque",
                        item.code
                    ));
                };
                let gap = (x - y).abs();
                if threshold.is_some_and(|t| gap > t) {
                    return Agreement::Moderation(format!(
                        "{} : écart de {} points entre les correcteurs ({} et {}), au-delà du seuil de {}",
                        item.code,
                        decimal_fr(gap),
                        decimal_fr(x),
                        decimal_fr(y),
                        decimal_fr(threshold.unwrap_or_default())
                    ));
                }
                let mean = ((x + y) / Decimal::TWO).round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                agreed.push(Graded {
                    item: item.code.clone(),
                    points: Some(mean),
                    met: None,
                    comment: "Moyenne des deux correcteurs".to_owned(),
                });
            }
            ItemKind::Criterion => {
                if a.met != b.met || a.met.is_none() {
                    return Agreement::Moderation(format!(
                        "{} : les deux correcteurs ne sont pas d'accord",
                        item.code
                    ));
                }
                agreed.push(Graded {
                    item: item.code.clone(),
                    points: None,
                    met: a.met,
                    comment: "Accord des deux correcteurs".to_owned(),
                });
            }
        }
    }
    Agreement::Agreed(agreed)
}

#[cfg(test)]
mod agreement_tests {
    use super::*;
    use crate::domain::templates;

    fn points(value: &str) -> Vec<Graded> {
        vec![Graded {
            item: "B3.E1".to_owned(),
            points: Some(value.parse().expect("decimal")),
            met: None,
            comment: String::new(),
        }]
    }

    #[test]
    fn close_marks_are_averaged_and_distant_ones_moderated() {
        let grid = templates::find("E").expect("E").grid;
        let form = form_for(&grid, "B3.E1").expect("form");
        let three = Some(Decimal::from(3));
        match agree(&form, &points("60.25"), &points("60.5"), three) {
            Agreement::Agreed(marks) => {
                assert_eq!(marks[0].points, Some("60.38".parse().expect("d")))
            }
            other => panic!("{other:?}"),
        }
        // On the threshold: agreed; just above: moderation.
        assert!(matches!(
            agree(&form, &points("60"), &points("63"), three),
            Agreement::Agreed(_)
        ));
        match agree(&form, &points("60"), &points("63.01"), three) {
            Agreement::Moderation(why) => assert_eq!(
                why,
                "B3.E1 : écart de 3,01 points entre les correcteurs (60 et 63,01), au-delà du seuil de 3"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn criteria_must_match_one_by_one() {
        let grid = templates::find("A").expect("A").grid;
        let component = grid
            .components
            .iter()
            .find(|c| c.scoring == Scoring::Criteria)
            .expect("criteria")
            .code
            .clone();
        let form = form_for(&grid, &component).expect("form");
        let sheet = |met: bool| -> Vec<Graded> {
            form.items
                .iter()
                .map(|i| Graded {
                    item: i.code.clone(),
                    points: None,
                    met: Some(met),
                    comment: String::new(),
                })
                .collect()
        };
        assert!(matches!(
            agree(&form, &sheet(true), &sheet(true), None),
            Agreement::Agreed(_)
        ));
        assert!(matches!(
            agree(&form, &sheet(true), &sheet(false), None),
            Agreement::Moderation(_)
        ));
    }

    #[test]
    fn a_whole_competence_is_ticked_at_once() {
        let form = Form {
            component: "ENTRETIEN".to_owned(),
            title: "Entretien".to_owned(),
            unit: "U".to_owned(),
            items: ["C1", "C2", "C3"]
                .iter()
                .enumerate()
                .map(|(i, code)| Item {
                    code: (*code).to_owned(),
                    label: (*code).to_owned(),
                    kind: ItemKind::Criterion,
                    competence: Some(if i < 2 { "CP1" } else { "CP2" }.to_owned()),
                })
                .collect(),
        };
        let mut entries = vec![Entry {
            item: "C1".to_owned(),
            value: "non".to_owned(),
            comment: "à revoir".to_owned(),
        }];
        tick_competences(&form, &mut entries, &["CP1".to_owned()]);
        assert_eq!(entries.len(), 2);
        assert!(entries.iter().all(|e| e.value == "oui"));
        assert_eq!(entries[0].comment, "à revoir");
        let others = vec![super::super::scoring::input::ComponentInput {
            component: "RAPPORT".to_owned(),
            attendance: Default::default(),
            points: None,
            criteria_met: vec!["C2".to_owned()],
        }];
        assert_eq!(
            met_elsewhere(&form, &others),
            vec![("C2".to_owned(), "RAPPORT".to_owned())]
        );
    }
}
