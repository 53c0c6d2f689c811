//! Candidates: access routes and the all-or-nothing CSV import a French office exports
//! from Excel (`;` or `,`, UTF-8 with or without BOM, dates `JJ/MM/AAAA`). Any bad row
//! refuses the whole file, every problem reported with its line number.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::table::RowProblem;
use super::table::normalise;

/// Voie d'accès to the certification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccessRoute {
    FormationInitiale,
    Apprentissage,
    FormationContinue,
    ContratPro,
    CandidatureIndividuelle,
    Vae,
}

impl AccessRoute {
    /// Every route, in the order forms list them.
    pub const ALL: [AccessRoute; 6] = [
        AccessRoute::FormationInitiale,
        AccessRoute::Apprentissage,
        AccessRoute::FormationContinue,
        AccessRoute::ContratPro,
        AccessRoute::CandidatureIndividuelle,
        AccessRoute::Vae,
    ];

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            AccessRoute::FormationInitiale => "Formation initiale (élève ou étudiant)",
            AccessRoute::Apprentissage => "Contrat d'apprentissage",
            AccessRoute::FormationContinue => "Formation continue",
            AccessRoute::ContratPro => "Contrat de professionnalisation",
            AccessRoute::CandidatureIndividuelle => "Candidature individuelle",
            AccessRoute::Vae => "Validation des acquis de l'expérience (VAE)",
        }
    }

    /// The value forms send (read back by `parse`).
    pub fn code(self) -> &'static str {
        match self {
            AccessRoute::FormationInitiale => "formation initiale",
            AccessRoute::Apprentissage => "apprentissage",
            AccessRoute::FormationContinue => "formation continue",
            AccessRoute::ContratPro => "contrat de professionnalisation",
            AccessRoute::CandidatureIndividuelle => "candidature individuelle",
            AccessRoute::Vae => "vae",
        }
    }

    /// Reads a route as offices write it: `apprentissage`, `Contrat pro`, `VAE`…
    pub fn parse(text: &str) -> Option<AccessRoute> {
        let key = normalise(text);
        let route = match key.as_str() {
            "formation initiale" | "initiale" | "eleve" | "etudiant" | "scolaire" => {
                AccessRoute::FormationInitiale
            }
            "apprentissage"
            | "apprenti"
            | "contrat d'apprentissage"
            | "contrat d apprentissage" => AccessRoute::Apprentissage,
            "formation continue" | "continue" => AccessRoute::FormationContinue,
            "contrat de professionnalisation" | "contrat pro" | "professionnalisation" => {
                AccessRoute::ContratPro
            }
            "candidature individuelle" | "candidat libre" | "individuelle" => {
                AccessRoute::CandidatureIndividuelle
            }
            "vae"
            | "validation des acquis de l'experience"
            | "validation des acquis de l experience" => AccessRoute::Vae,
            _ => return None,
        };
        Some(route)
    }
}

/// A candidate read from the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedCandidate {
    /// Line of the file (1 is the header).
    pub line: usize,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub email: String,
    pub access_route: AccessRoute,
    pub category: Option<String>,
    pub training_group: Option<String>,
    /// Share of training hours attended, in percent (seed 000: 80 % at least).
    pub attendance_percent: Option<rust_decimal::Decimal>,
    /// Unjustified absences, in percent of training time (seed 004's penalty bands).
    pub absence_percent: Option<rust_decimal::Decimal>,
    /// The optional units chosen (seed 003), as typed until resolved to codes.
    pub options: Vec<String>,
    /// What the Caisse des Dépôts matches holders on (optional columns).
    pub identity: super::accrochage::CivilIdentity,
}

/// Reads each candidate's chosen optional units against the certification's (code,
/// the code's last part such as `FAC1`, or the title): codes in place, or every unknown
/// one with its line.
pub fn resolve_options(
    candidates: &mut [ImportedCandidate],
    allowed: &[(String, String)],
) -> Result<(), Vec<RowProblem>> {
    let mut problems = Vec::new();
    for c in candidates.iter_mut() {
        let mut codes = Vec::new();
        for typed in &c.options {
            let t = super::table::normalise(typed);
            let found = allowed.iter().find(|(code, title)| {
                let short = code.rsplit('-').next().unwrap_or(code);
                super::table::normalise(code) == t
                    || super::table::normalise(short) == t
                    || super::table::normalise(title) == t
            });
            match found {
                Some((code, _)) if !codes.contains(code) => codes.push(code.clone()),
                Some(_) => {}
                None => problems.push(RowProblem {
                    line: c.line,
                    message: if allowed.is_empty() {
                        format!("unité facultative « {typed} » : cette certification n'en a pas")
                    } else {
                        format!(
                            "unité facultative « {typed} » inconnue (attendu : {})",
                            allowed
                                .iter()
                                .map(|(code, title)| format!("{code} — {title}"))
                                .collect::<Vec<_>>()
                                .join(" ; ")
                        )
                    },
                }),
            }
        }
        c.options = codes;
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Reads each candidate's category against the certification's (code or French label):
/// codes in place, or every unknown one with its line.
pub fn resolve_categories(
    candidates: &mut [ImportedCandidate],
    allowed: &[(String, String)],
) -> Result<(), Vec<RowProblem>> {
    let mut problems = Vec::new();
    for c in candidates.iter_mut() {
        match super::templates::resolve_category(c.category.as_deref().unwrap_or(""), allowed) {
            Ok(code) => c.category = code,
            Err(message) => problems.push(RowProblem {
                line: c.line,
                message,
            }),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A percentage typed in French (`85`, `85,5`, `85 %`), from 0 to 100 with two
/// decimals at most; empty is `None`. `what` names the value in the refusal.
pub fn parse_percent(text: &str, what: &str) -> Result<Option<rust_decimal::Decimal>, String> {
    let trimmed = text.trim().trim_end_matches('%').trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let refused = || {
        format!(
            "{what} « {} » invalide (un pourcentage de 0 à 100, par exemple 85 ou 92,5)",
            text.chars().take(20).collect::<String>()
        )
    };
    let normalised = trimmed.replace(',', ".");
    if !normalised.chars().all(|c| c.is_ascii_digit() || c == '.')
        || normalised.matches('.').count() > 1
    {
        return Err(refused());
    }
    let value: rust_decimal::Decimal = normalised.parse().map_err(|_| refused())?;
    if value < rust_decimal::Decimal::ZERO
        || value > rust_decimal::Decimal::ONE_HUNDRED
        || value.scale() > 2
    {
        return Err(refused());
    }
    Ok(Some(value.normalize()))
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    LastName,
    FirstName,
    BirthDate,
    Email,
    Route,
    Category,
    Group,
    Attendance,
    Absence,
    Options,
    BirthName,
    OtherFirstNames,
    Sex,
    BirthInsee,
    BirthPostal,
    BirthCommune,
    BirthCountryCode,
    BirthCountry,
}

impl Column {
    fn from_header(normalised: &str) -> Option<Column> {
        let column = match normalised {
            "nom" | "nom de famille" | "nom d'usage" => Column::LastName,
            "prenom" | "prenoms" => Column::FirstName,
            "date de naissance" | "naissance" | "ne le" | "nee le" | "ne(e) le" => {
                Column::BirthDate
            }
            "courriel" | "email" | "e mail" | "mail" | "adresse electronique" | "adresse mail" => {
                Column::Email
            }
            "voie d'acces" | "voie d acces" | "voie" | "acces" => Column::Route,
            "categorie" | "categorie de candidat" => Column::Category,
            "groupe" | "groupe de formation" | "promotion" => Column::Group,
            "assiduite" | "assiduite (%)" | "assiduite %" | "taux d'assiduite" | "presence" => {
                Column::Attendance
            }
            "absences injustifiees"
            | "absences injustifiees (%)"
            | "absences injustifiees %"
            | "taux d'absence injustifiee"
            | "absence injustifiee" => Column::Absence,
            "options" | "unites facultatives" | "unite facultative" | "options choisies" => {
                Column::Options
            }
            "nom de naissance" | "nom de jeune fille" => Column::BirthName,
            "autres prenoms" | "prenoms 2 et 3" | "deuxieme prenom" => Column::OtherFirstNames,
            "sexe" | "genre" => Column::Sex,
            "code insee de naissance" | "code insee naissance" | "code insee" | "insee" => {
                Column::BirthInsee
            }
            "code postal de naissance" | "code postal naissance" => Column::BirthPostal,
            "commune de naissance" | "ville de naissance" | "lieu de naissance" => {
                Column::BirthCommune
            }
            "code pays de naissance" | "code pays naissance" | "code pays" => {
                Column::BirthCountryCode
            }
            "pays de naissance" | "pays naissance" => Column::BirthCountry,
            _ => return None,
        };
        Some(column)
    }

    fn label(self) -> &'static str {
        match self {
            Column::LastName => "nom",
            Column::FirstName => "prénom",
            Column::BirthDate => "date de naissance",
            Column::Email => "courriel",
            Column::Route => "voie d'accès",
            Column::Category => "catégorie",
            Column::Group => "groupe",
            Column::Attendance => "assiduité",
            Column::Absence => "absences injustifiées",
            Column::Options => "unités facultatives",
            Column::BirthName => "nom de naissance",
            Column::OtherFirstNames => "autres prénoms",
            Column::Sex => "sexe",
            Column::BirthInsee => "code INSEE de naissance",
            Column::BirthPostal => "code postal de naissance",
            Column::BirthCommune => "commune de naissance",
            Column::BirthCountryCode => "code pays de naissance",
            Column::BirthCountry => "pays de naissance",
        }
    }
}

const REQUIRED: [Column; 5] = [
    Column::LastName,
    Column::FirstName,
    Column::BirthDate,
    Column::Email,
    Column::Route,
];

/// A plausible email address: one `@`, something before, a dotted domain after, no space.
pub fn email_is_valid(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// Reads a date written `JJ/MM/AAAA` (also `JJ-MM-AAAA`, `JJ.MM.AAAA` or `AAAA-MM-JJ`).
pub fn parse_date_fr(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
}

/// A birth date is plausible for a candidate between 14 and 100 years old on `today`.
pub fn birth_date_problem(date: NaiveDate, today: NaiveDate) -> Option<String> {
    let age = today.years_since(date).map(i64::from).unwrap_or(-1);
    (!(14..=100).contains(&age)).then(|| {
        format!(
            "date de naissance « {} » invraisemblable (le candidat aurait {} ; de 14 à 100 ans attendus)",
            date.format("%d/%m/%Y"),
            if age < 0 { "moins de 0 an".to_owned() } else { format!("{age} ans") }
        )
    })
}

/// Reads the whole file; returns every candidate, or every problem. `existing_emails`
/// (lower case) are candidates already known: a duplicate is refused. `today` bounds
/// plausible birth dates.
pub fn parse_candidates_csv(
    bytes: &[u8],
    existing_emails: &HashSet<String>,
    today: NaiveDate,
) -> Result<Vec<ImportedCandidate>, Vec<RowProblem>> {
    let (table, mut problems) = super::table::read(bytes)?;
    let columns = table.columns(Column::from_header);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|c| !columns.contains_key(c))
        .map(|c| c.label())
        .collect();
    if !missing.is_empty() {
        return Err(vec![RowProblem {
            line: 1,
            message: format!(
                "colonne(s) manquante(s) : {} (attendu : nom ; prénom ; date de naissance ; courriel ; voie d'accès)",
                missing.join(", ")
            ),
        }]);
    }
    let mut candidates = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, record) in &table.rows {
        let line = *line;
        let field = |column: Column| {
            columns
                .get(&column)
                .and_then(|&i| record.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let mut row_problems = Vec::new();
        for column in REQUIRED {
            if field(column).is_empty() {
                row_problems.push(format!("{} manquant(e)", column.label()));
            }
        }
        let birth = field(Column::BirthDate);
        let birth_date = if birth.is_empty() {
            None
        } else {
            let parsed = parse_date_fr(&birth);
            match parsed {
                None => row_problems.push(format!(
                    "date de naissance « {} » invalide (attendu JJ/MM/AAAA)",
                    birth.chars().take(40).collect::<String>()
                )),
                Some(date) => row_problems.extend(birth_date_problem(date, today)),
            }
            parsed.filter(|d| birth_date_problem(*d, today).is_none())
        };
        for (column, max) in [
            (Column::LastName, super::limits::NAME),
            (Column::FirstName, super::limits::NAME),
            (Column::Email, super::limits::EMAIL),
            (Column::Category, super::limits::LABEL),
            (Column::Group, super::limits::LABEL),
        ] {
            let length = field(column).chars().count();
            if length > max {
                row_problems.push(format!(
                    "{} trop long(ue) : {length} caractères, {max} au plus",
                    column.label()
                ));
            }
        }
        for column in [
            Column::LastName,
            Column::FirstName,
            Column::BirthName,
            Column::OtherFirstNames,
            Column::BirthCommune,
            Column::BirthCountry,
        ] {
            if let Some(message) = super::limits::name_refusal(
                &format!("la colonne « {} »", column.label()),
                &field(column),
            ) {
                row_problems.push(message);
            }
        }
        let attendance_percent = parse_percent(&field(Column::Attendance), "assiduité")
            .map_err(|m| row_problems.push(m))
            .ok()
            .flatten();
        let absence_percent =
            parse_percent(&field(Column::Absence), "taux d'absences injustifiées")
                .map_err(|m| row_problems.push(m))
                .ok()
                .flatten();
        let identity = super::accrochage::parse_identity(&super::accrochage::IdentityInput {
            birth_name: field(Column::BirthName),
            other_first_names: field(Column::OtherFirstNames),
            sex: field(Column::Sex),
            birth_insee_code: field(Column::BirthInsee),
            birth_postal_code: field(Column::BirthPostal),
            birth_commune: field(Column::BirthCommune),
            birth_country_code: field(Column::BirthCountryCode),
            birth_country: field(Column::BirthCountry),
        })
        .map_err(|problems| row_problems.extend(problems.into_iter().map(|p| p.message)))
        .unwrap_or_default();
        let email = field(Column::Email).to_lowercase();
        if !email.is_empty() && !email_is_valid(&email) {
            row_problems.push(format!("courriel « {email} » invalide"));
        }
        let route_text = field(Column::Route);
        let access_route = if route_text.is_empty() {
            None
        } else {
            let parsed = AccessRoute::parse(&route_text);
            if parsed.is_none() {
                row_problems.push(format!(
                    "voie d'accès « {route_text} » inconnue (formation initiale, apprentissage, formation continue, contrat de professionnalisation, candidature individuelle, VAE)"
                ));
            }
            parsed
        };
        if !email.is_empty() {
            if let Some(first) = seen.get(&email) {
                row_problems.push(format!("courriel « {email} » déjà présent ligne {first}"));
            } else if existing_emails.contains(&email) {
                row_problems.push(format!(
                    "un candidat ou un compte avec le courriel « {email} » existe déjà"
                ));
            } else {
                seen.insert(email.clone(), line);
            }
        }
        if !row_problems.is_empty() {
            problems.push(RowProblem {
                line,
                message: row_problems.join(" ; "),
            });
            continue;
        }
        let (Some(birth_date), Some(access_route)) = (birth_date, access_route) else {
            continue;
        };
        let optional = |column| Some(field(column)).filter(|v| !v.is_empty());
        candidates.push(ImportedCandidate {
            line,
            last_name: field(Column::LastName),
            first_name: field(Column::FirstName),
            birth_date,
            email,
            access_route,
            category: optional(Column::Category),
            training_group: optional(Column::Group),
            attendance_percent,
            absence_percent,
            options: field(Column::Options)
                .split([',', '/'])
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            identity,
        });
    }
    if candidates.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            line: 2,
            message: "le fichier ne contient aucun candidat".to_owned(),
        });
    }
    if problems.is_empty() {
        Ok(candidates)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\u{feff}Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe\n\
        Durand;Camille;12/04/1998;camille.durand@exemple.fr;Formation continue;OMJ-A\n\
        Petit;Lucas;03/09/2001;Lucas.Petit@exemple.fr;apprentissage;\n";

    #[test]
    fn an_excel_export_with_bom_and_semicolons_is_read() {
        let candidates = parse_candidates_csv(GOOD.as_bytes(), &HashSet::new(), test_today())
            .expect("valid file");
        assert_eq!(candidates.len(), 2);
        assert_eq!(
            candidates[0].birth_date,
            NaiveDate::from_ymd_opt(1998, 4, 12).expect("date")
        );
        assert_eq!(candidates[0].training_group.as_deref(), Some("OMJ-A"));
        assert_eq!(candidates[1].email, "lucas.petit@exemple.fr");
        assert_eq!(candidates[1].access_route, AccessRoute::Apprentissage);
        assert_eq!(candidates[1].training_group, None);
    }

    #[test]
    fn every_route_code_reads_back() {
        for route in AccessRoute::ALL {
            assert_eq!(AccessRoute::parse(route.code()), Some(route));
        }
    }

    #[test]
    fn commas_work_too() {
        let file = "nom,prenom,naissance,email,voie\nRoux,Emma,27/01/1995,emma@exemple.fr,VAE\n";
        let candidates = parse_candidates_csv(file.as_bytes(), &HashSet::new(), test_today())
            .expect("valid file");
        assert_eq!(candidates[0].access_route, AccessRoute::Vae);
    }

    #[test]
    fn five_different_bad_rows_are_all_reported_by_line() {
        let file = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès\n\
            Durand;Camille;12/04/1998;camille@exemple.fr;Formation continue\n\
            ;Lucas;03/09/2001;lucas@exemple.fr;Apprentissage\n\
            Roux;Emma;31/02/1995;emma@exemple.fr;VAE\n\
            Fournier;Hugo;08/11/1989;hugo-at-exemple.fr;VAE\n\
            Girard;Léa;19/06/2000;lea@exemple.fr;Alternance\n\
            Bonnet;Nathan;14/02/1997;camille@exemple.fr;Formation continue\n";
        let problems = parse_candidates_csv(file.as_bytes(), &HashSet::new(), test_today())
            .expect_err("refused");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert_eq!(problems[0].to_string(), "ligne 3 : nom manquant(e)");
        assert!(
            problems[1]
                .message
                .contains("date de naissance « 31/02/1995 » invalide")
        );
        assert!(
            problems[2]
                .message
                .contains("courriel « hugo-at-exemple.fr » invalide")
        );
        assert!(
            problems[3]
                .message
                .contains("voie d'accès « Alternance » inconnue")
        );
        assert!(problems[4].message.contains("déjà présent ligne 2"));
    }

    #[test]
    fn names_with_hidden_characters_are_refused_by_line_and_column() {
        let file = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès\n\
            Durand;Camille;12/04/1998;camille@exemple.fr;Formation continue\n\
            \u{202E}DNARUD;Lucas;03/09/2001;lucas@exemple.fr;Apprentissage\n\
            Roux;Em\u{7}ma;27/01/1995;emma@exemple.fr;VAE\n";
        let problems = parse_candidates_csv(file.as_bytes(), &HashSet::new(), test_today())
            .expect_err("refused");
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "ligne 3 : la colonne « nom » contient un caractère de changement de sens d'écriture (U+202E) : un nom n'en accepte pas.",
                "ligne 4 : la colonne « prénom » contient un caractère de contrôle (U+0007) : un nom n'en accepte pas.",
            ]
        );
    }

    #[test]
    fn an_existing_candidate_and_a_missing_column_are_refused() {
        let existing: HashSet<String> = ["camille.durand@exemple.fr".to_owned()].into();
        let problems =
            parse_candidates_csv(GOOD.as_bytes(), &existing, test_today()).expect_err("refused");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        let problems = parse_candidates_csv(
            "Nom;Prénom;Courriel\nA;B;c@d.fr\n".as_bytes(),
            &HashSet::new(),
            test_today(),
        )
        .expect_err("refused");
        assert!(
            problems[0]
                .message
                .contains("date de naissance, voie d'accès"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_or_is_empty_is_refused() {
        let latin1 = b"Nom;Pr\xe9nom\n";
        assert!(
            parse_candidates_csv(latin1, &HashSet::new(), test_today()).expect_err("refused")[0]
                .message
                .contains("UTF-8")
        );
        let empty = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès\n";
        assert!(parse_candidates_csv(empty.as_bytes(), &HashSet::new(), test_today()).is_err());
    }

    fn test_today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")
    }

    #[test]
    fn implausible_birth_dates_are_refused() {
        let today = test_today();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(birth_date_problem(date(2099, 1, 1), today).is_some());
        assert!(birth_date_problem(date(1800, 1, 1), today).is_some());
        assert!(birth_date_problem(date(2015, 1, 1), today).is_some());
        assert!(birth_date_problem(date(2006, 5, 14), today).is_none());
        assert!(birth_date_problem(date(1930, 1, 1), today).is_none());
    }

    #[test]
    fn attendance_and_absence_rates_are_optional_percentages() {
        let file = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Assiduité (%);Absences injustifiées\n\
            Durand;Camille;12/04/1998;camille@exemple.fr;Formation continue;92,5;0\n\
            Petit;Lucas;03/09/2001;lucas@exemple.fr;Apprentissage;;\n";
        let candidates = parse_candidates_csv(file.as_bytes(), &HashSet::new(), test_today())
            .expect("valid file");
        assert_eq!(
            candidates[0].attendance_percent,
            Some(rust_decimal_macros::dec!(92.5))
        );
        assert_eq!(
            candidates[0].absence_percent,
            Some(rust_decimal::Decimal::ZERO)
        );
        assert_eq!(candidates[1].attendance_percent, None);
        let bad = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Assiduité;Absences injustifiées\n\
            Durand;Camille;12/04/1998;camille@exemple.fr;Formation continue;120;-3\n";
        let problems = parse_candidates_csv(bad.as_bytes(), &HashSet::new(), test_today())
            .expect_err("refused");
        assert!(
            problems[0].message.contains("assiduité « 120 » invalide"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[0]
                .message
                .contains("taux d'absences injustifiées « -3 » invalide")
        );
        assert_eq!(
            parse_percent("85 %", "x"),
            Ok(Some(rust_decimal_macros::dec!(85)))
        );
        assert!(parse_percent("85,555", "x").is_err());
        assert!(parse_percent("8a", "x").is_err());
    }

    #[test]
    fn optional_units_are_read_by_code_short_code_or_title() {
        let file = "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Unités facultatives\n\
            Durand;Camille;12/04/1998;camille@exemple.fr;Formation continue;FAC1, Unité facultative : mobilité\n\
            Petit;Lucas;03/09/2001;lucas@exemple.fr;Apprentissage;\n";
        let mut candidates = parse_candidates_csv(file.as_bytes(), &HashSet::new(), test_today())
            .expect("valid file");
        let allowed = vec![
            (
                "RNCP40705-FAC1".to_owned(),
                "Unité facultative : langue vivante".to_owned(),
            ),
            (
                "RNCP40705-FAC2".to_owned(),
                "Unité facultative : mobilité".to_owned(),
            ),
        ];
        resolve_options(&mut candidates, &allowed).expect("known");
        assert_eq!(
            candidates[0].options,
            vec!["RNCP40705-FAC1", "RNCP40705-FAC2"]
        );
        assert!(candidates[1].options.is_empty());
        candidates[1].options = vec!["FAC9".to_owned()];
        let problems = resolve_options(&mut candidates, &allowed).expect_err("unknown");
        assert!(problems[0].message.contains("« FAC9 » inconnue"));
    }
}
