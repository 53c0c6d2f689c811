//! The certifier's pool of jury members: one set of checks for the form and for each
//! line of an imported file (all or nothing, every bad line reported with its number).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::CATEGORIES;
use super::{Gender, Side, Teacher};
use crate::domain::candidate::{email_is_valid, parse_date_fr};
use crate::domain::table::{RowProblem, normalise, read};

/// A jury member as typed (form) or read (file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JurorFields {
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub gender: String,
    pub internal: String,
    pub category: String,
    pub side: String,
    pub teacher: String,
    pub years_experience: String,
    pub last_activity: String,
    pub availability: String,
}

/// A checked jury member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewJuror {
    pub last_name: String,
    pub first_name: String,
    /// Lower case.
    pub email: String,
    pub gender: Gender,
    pub internal: bool,
    /// A code of `rules::CATEGORIES`.
    pub category: String,
    pub side: Side,
    pub teacher: Teacher,
    pub years_experience: u32,
    pub last_activity: Option<NaiveDate>,
    pub availability: String,
}

fn category_code(text: &str) -> Option<&'static str> {
    let wanted = normalise(text);
    CATEGORIES
        .iter()
        .find(|(code, label)| normalise(code) == wanted || normalise(label) == wanted)
        .map(|(code, _)| *code)
}

fn internal(text: &str) -> Option<bool> {
    match normalise(text).as_str() {
        "oui" | "interne" | "on" | "true" | "1" => Some(true),
        "non" | "externe" | "" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Checks one jury member; `taken` are the emails (lower case) of the other members.
pub fn check(fields: &JurorFields, taken: &HashSet<String>) -> Result<NewJuror, Vec<String>> {
    let mut problems = Vec::new();
    let (last_name, first_name) = (fields.last_name.trim(), fields.first_name.trim());
    if last_name.is_empty() {
        problems.push("nom manquant".to_owned());
    }
    if first_name.is_empty() {
        problems.push("prénom manquant".to_owned());
    }
    let email = fields.email.trim().to_lowercase();
    if email.is_empty() {
        problems.push("courriel manquant".to_owned());
    } else if !email_is_valid(&email) {
        problems.push(format!("courriel « {email} » invalide"));
    } else if taken.contains(&email) {
        problems.push(format!(
            "un membre ou un compte avec le courriel « {email} » existe déjà"
        ));
    }
    let gender = Gender::parse(&fields.gender);
    if gender.is_none() {
        problems.push(format!(
            "genre « {} » inconnu (F, H ou vide)",
            fields.gender.trim()
        ));
    }
    let is_internal = internal(&fields.internal);
    if is_internal.is_none() {
        problems.push(format!(
            "« interne » attend oui ou non (reçu « {} »)",
            fields.internal.trim()
        ));
    }
    let category = category_code(&fields.category);
    if category.is_none() {
        problems.push(format!(
            "catégorie « {} » inconnue ({})",
            fields.category.trim(),
            CATEGORIES.map(|(code, _)| code).join(", ")
        ));
    }
    let side = Side::parse(&fields.side);
    if side.is_none() {
        problems.push(format!(
            "« {} » : employeur, salarié ou vide",
            fields.side.trim()
        ));
    }
    let teacher = Teacher::parse(&fields.teacher);
    if teacher.is_none() {
        problems.push(format!(
            "enseignant « {} » inconnu (public, privé sous contrat, cfa ou vide)",
            fields.teacher.trim()
        ));
    }
    let years = fields
        .years_experience
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|y| *y <= 60);
    if years.is_none() {
        problems.push(format!(
            "années d'expérience « {} » : un nombre entier de 0 à 60",
            fields.years_experience.trim()
        ));
    }
    let last_activity = match fields.last_activity.trim() {
        "" => None,
        text => {
            let date = parse_date_fr(text);
            if date.is_none() {
                problems.push(format!(
                    "date de dernière activité « {text} » invalide (JJ/MM/AAAA)"
                ));
            }
            date
        }
    };
    if fields.availability.chars().count() > 500 {
        problems.push("disponibilités : 500 caractères au plus".to_owned());
    }
    for (label, text) in [("nom", &fields.last_name), ("prénom", &fields.first_name)] {
        if let Some(message) = crate::domain::limits::name_refusal(&format!("le {label}"), text) {
            problems.push(message);
        }
    }
    for (label, text, max) in [
        ("nom", &fields.last_name, crate::domain::limits::NAME),
        ("prénom", &fields.first_name, crate::domain::limits::NAME),
        ("courriel", &fields.email, crate::domain::limits::EMAIL),
    ] {
        let length = text.chars().count();
        if length > max {
            problems.push(format!("{label} : {length} caractères, {max} au plus"));
        }
    }
    match (gender, is_internal, category, side, teacher, years) {
        (Some(gender), Some(internal), Some(category), Some(side), Some(teacher), Some(years))
            if problems.is_empty() =>
        {
            Ok(NewJuror {
                last_name: last_name.to_owned(),
                first_name: first_name.to_owned(),
                email,
                gender,
                internal,
                category: category.to_owned(),
                side,
                teacher,
                years_experience: years,
                last_activity,
                availability: fields.availability.trim().to_owned(),
            })
        }
        _ => Err(problems),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    LastName,
    FirstName,
    Email,
    Gender,
    Internal,
    Category,
    Side,
    Teacher,
    Years,
    LastActivity,
    Availability,
}

impl Column {
    fn from_header(normalised: &str) -> Option<Column> {
        Some(match normalised {
            "nom" | "nom de famille" => Column::LastName,
            "prenom" => Column::FirstName,
            "courriel" | "email" | "e mail" | "mail" => Column::Email,
            "genre" | "sexe" => Column::Gender,
            "interne" | "interne au certificateur" => Column::Internal,
            "categorie" | "profil" | "categorie professionnelle" => Column::Category,
            "employeur ou salarie" | "cote" | "college" => Column::Side,
            "enseignant" => Column::Teacher,
            "annees d'experience" | "experience" | "annees d experience" => Column::Years,
            "derniere activite" | "date de derniere activite" => Column::LastActivity,
            "disponibilites" | "disponibilite" => Column::Availability,
            _ => return None,
        })
    }
}

const REQUIRED: [(Column, &str); 5] = [
    (Column::LastName, "nom"),
    (Column::FirstName, "prénom"),
    (Column::Email, "courriel"),
    (Column::Category, "catégorie"),
    (Column::Years, "années d'expérience"),
];

/// Reads a whole pool file: every member, or every problem; `existing` are the emails
/// (lower case) already in the pool.
pub fn parse_jurors_csv(
    bytes: &[u8],
    existing: &HashSet<String>,
) -> Result<Vec<NewJuror>, Vec<RowProblem>> {
    let (table, mut problems) = read(bytes)?;
    let columns = table.columns(Column::from_header);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|(c, _)| !columns.contains_key(c))
        .map(|(_, label)| *label)
        .collect();
    if !missing.is_empty() {
        return Err(vec![RowProblem {
            line: 1,
            message: format!("colonne(s) manquante(s) : {}", missing.join(", ")),
        }]);
    }
    let mut taken = existing.clone();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut jurors = Vec::new();
    for (line, record) in &table.rows {
        let cell = |c: Column| {
            columns
                .get(&c)
                .and_then(|&i| record.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let fields = JurorFields {
            last_name: cell(Column::LastName),
            first_name: cell(Column::FirstName),
            email: cell(Column::Email),
            gender: cell(Column::Gender),
            internal: cell(Column::Internal),
            category: cell(Column::Category),
            side: cell(Column::Side),
            teacher: cell(Column::Teacher),
            years_experience: cell(Column::Years),
            last_activity: cell(Column::LastActivity),
            availability: cell(Column::Availability),
        };
        let email = fields.email.trim().to_lowercase();
        match check(&fields, &taken) {
            Ok(juror) => {
                taken.insert(juror.email.clone());
                first_line.insert(juror.email.clone(), *line);
                jurors.push(juror);
            }
            Err(mut found) => {
                if let Some(first) = first_line.get(&email) {
                    for p in &mut found {
                        if p.starts_with("un membre ou un compte avec le courriel") {
                            *p = format!("courriel « {email} » déjà présent ligne {first}");
                        }
                    }
                }
                problems.push(RowProblem {
                    line: *line,
                    message: found.join(" ; "),
                });
            }
        }
    }
    if jurors.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            line: 2,
            message: "le fichier ne contient aucun membre".to_owned(),
        });
    }
    if problems.is_empty() {
        Ok(jurors)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\u{feff}Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n\
        Roux;Nadia;Nadia.Roux@exemple.fr;F;non;professionnel_secteur;salarié;;7;30/09/2026;du 15/03/2027 au 19/03/2027\n\
        Blanc;Hugo;hugo.blanc@exemple.fr;H;oui;Représentant de la CCI ou de l'établissement;;;4;;\n";

    #[test]
    fn a_pool_file_is_read() {
        let jurors = parse_jurors_csv(GOOD.as_bytes(), &HashSet::new()).expect("valid");
        assert_eq!(jurors.len(), 2);
        assert_eq!(jurors[0].email, "nadia.roux@exemple.fr");
        assert_eq!(jurors[0].side, Side::Employee);
        assert_eq!(
            jurors[0].last_activity,
            NaiveDate::from_ymd_opt(2026, 9, 30)
        );
        assert_eq!(jurors[1].category, "representant_cci");
        assert!(jurors[1].internal);
    }

    #[test]
    fn overlong_names_are_refused() {
        let long = "a".repeat(101);
        let file = format!(
            "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n{long};Nadia;nadia.roux@exemple.fr;F;non;professionnel_secteur;salarié;;7;;\n"
        );
        let problems = parse_jurors_csv(file.as_bytes(), &HashSet::new()).expect_err("refused");
        assert!(
            problems[0]
                .message
                .contains("nom : 101 caractères, 100 au plus"),
            "{problems:?}"
        );
    }

    #[test]
    fn every_bad_line_is_reported_and_nothing_is_kept() {
        let file = "Nom,Prénom,Courriel,Catégorie,Années d'expérience,Genre\n\
            Roux,Nadia,nadia.roux@exemple.fr,professionnel_secteur,7,F\n\
            ,Hugo,hugo@exemple,pilote,beaucoup,X\n\
            Vidal,Léa,nadia.roux@exemple.fr,enseignant,3,F\n\
            Martin,Claire,jury@demo.jury.fr,enseignant,3,F\n";
        let existing: HashSet<String> = ["jury@demo.jury.fr".to_owned()].into();
        let problems = parse_jurors_csv(file.as_bytes(), &existing).expect_err("refused");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(problems[0].message.contains("nom manquant"));
        assert!(
            problems[0]
                .message
                .contains("courriel « hugo@exemple » invalide")
        );
        assert!(
            problems[0]
                .message
                .contains("catégorie « pilote » inconnue")
        );
        assert!(
            problems[0]
                .message
                .contains("années d'expérience « beaucoup »")
        );
        assert!(problems[0].message.contains("genre « X » inconnu"));
        assert_eq!(
            problems[1].message,
            "courriel « nadia.roux@exemple.fr » déjà présent ligne 2"
        );
        assert_eq!(
            problems[2].message,
            "un membre ou un compte avec le courriel « jury@demo.jury.fr » existe déjà"
        );
        let missing =
            parse_jurors_csv("Nom;Prénom\nA;B\n".as_bytes(), &HashSet::new()).expect_err("columns");
        assert_eq!(
            missing[0].message,
            "colonne(s) manquante(s) : courriel, catégorie, années d'expérience"
        );
    }
}
