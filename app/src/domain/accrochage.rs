//! The holders' declaration to the Caisse des Dépôts ("accrochage", so that an award
//! appears in the holder's Mon Compte Formation): the identity the CDC matches holders
//! on, checked as typed; what a passage declares; what is missing before a flux can be
//! produced. The XML itself (`xml`) and the CDC's receipt (`receipt`) are read and
//! written on the server only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::candidate::AccessRoute;

#[cfg(feature = "ssr")]
pub mod receipt;
#[cfg(feature = "ssr")]
pub mod xml;

/// Longest name, first name, commune or country the CDC accepts.
pub const CDC_NAME: usize = 60;

/// Sex as the CDC records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    M,
    F,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sex::M => "Masculin",
            Sex::F => "Féminin",
        }
    }

    /// `M`, `F`, `H`, `homme`, `femme`, `masculin`, `féminin`…
    pub fn parse(text: &str) -> Option<Sex> {
        match super::table::normalise(text).as_str() {
            "m" | "h" | "homme" | "masculin" => Some(Sex::M),
            "f" | "femme" | "feminin" => Some(Sex::F),
            _ => None,
        }
    }
}

/// The CDC's `modaliteAcces` of an access route.
pub fn modalite_acces(route: AccessRoute) -> &'static str {
    match route {
        AccessRoute::FormationInitiale => "FORMATION_INITIALE_HORS_APPRENTISSAGE",
        AccessRoute::Apprentissage => "FORMATION_INITIALE_APPRENTISSAGE",
        AccessRoute::FormationContinue => "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
        AccessRoute::ContratPro => "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
        AccessRoute::CandidatureIndividuelle => "CANDIDAT_LIBRE",
        AccessRoute::Vae => "VAE",
    }
}

/// The identity fields as stored (each optional until the certifier fills it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CivilIdentity {
    /// Nom de naissance, when it differs from the name in use.
    pub birth_name: Option<String>,
    /// Second and third first names.
    pub other_first_names: Vec<String>,
    pub sex: Option<Sex>,
    pub birth_insee_code: Option<String>,
    pub birth_postal_code: Option<String>,
    pub birth_commune: Option<String>,
    /// Born abroad: the country's INSEE code without its `99` (e.g. `350`, Maroc).
    pub birth_country_code: Option<String>,
    pub birth_country: Option<String>,
}

/// The identity fields as typed in the form or the CSV file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityInput {
    pub birth_name: String,
    pub other_first_names: String,
    pub sex: String,
    pub birth_insee_code: String,
    pub birth_postal_code: String,
    pub birth_commune: String,
    pub birth_country_code: String,
    pub birth_country: String,
}

/// A problem with one field, in French.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field,
        message: message.into(),
    }
}

fn cleaned(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The problem with a commune's INSEE code, if any: 5 characters, the department first
/// (`01`–`95`, `2A`/`2B` for Corsica since 1976, `971`–`976` overseas).
pub fn insee_code_problem(code: &str) -> Option<String> {
    let c = code.to_uppercase();
    let well_formed = c.len() == 5
        && c.is_ascii()
        && (c[..2].chars().all(|x| x.is_ascii_digit())
            || c.starts_with("2A")
            || c.starts_with("2B"))
        && c[2..].chars().all(|x| x.is_ascii_digit());
    if !well_formed {
        return Some(format!(
            "code INSEE de la commune de naissance « {code} » invalide : 5 caractères, le département d'abord (ex. 69123, 2A004)"
        ));
    }
    let department = &c[..2];
    if department == "20" {
        return Some(format!(
            "code INSEE « {code} » : la Corse est codée 2A (Corse-du-Sud) ou 2B (Haute-Corse)"
        ));
    }
    if department == "99" {
        return Some(format!(
            "code INSEE « {code} » : un code 99… désigne un pays ; pour une naissance à l'étranger, indiquez le pays"
        ));
    }
    if department == "00" || department == "96" || department == "98" {
        return Some(format!("code INSEE « {code} » : département inconnu"));
    }
    if department == "97" && !('1'..='6').contains(&c.chars().nth(2).unwrap_or('0')) {
        return Some(format!(
            "code INSEE « {code} » : les départements d'outre-mer vont de 971 à 976"
        ));
    }
    None
}

/// Reads and checks the identity fields: every problem at once, or the cleaned values.
pub fn parse_identity(input: &IdentityInput) -> Result<CivilIdentity, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let long = |field: &'static str,
                label: &str,
                value: &Option<String>,
                problems: &mut Vec<FieldProblem>| {
        if let Some(v) = value {
            let n = v.chars().count();
            if n > CDC_NAME {
                problems.push(problem(
                    field,
                    format!("{label} trop long : {n} caractères, {CDC_NAME} au plus"),
                ));
            }
        }
    };
    let birth_name = cleaned(&input.birth_name);
    long("birth_name", "Nom de naissance", &birth_name, &mut problems);
    let other_first_names: Vec<String> = input
        .other_first_names
        .split(',')
        .filter_map(cleaned)
        .collect();
    if other_first_names.len() > 2 {
        problems.push(problem(
            "other_first_names",
            format!(
                "{} autres prénoms : la Caisse des Dépôts en reçoit deux au plus (séparés par une virgule)",
                other_first_names.len()
            ),
        ));
    }
    for name in &other_first_names {
        long(
            "other_first_names",
            "Prénom",
            &Some(name.clone()),
            &mut problems,
        );
    }
    let sex = match cleaned(&input.sex) {
        None => None,
        Some(text) => {
            let parsed = Sex::parse(&text);
            if parsed.is_none() {
                problems.push(problem("sex", format!("sexe « {text} » inconnu (M ou F)")));
            }
            parsed
        }
    };
    let birth_insee_code = cleaned(&input.birth_insee_code).map(|c| c.to_uppercase());
    if let Some(message) = birth_insee_code.as_deref().and_then(insee_code_problem) {
        problems.push(problem("birth_insee_code", message));
    }
    let birth_postal_code = cleaned(&input.birth_postal_code);
    if let Some(code) = &birth_postal_code {
        if code.len() != 5 || !code.chars().all(|c| c.is_ascii_digit()) {
            problems.push(problem(
                "birth_postal_code",
                format!("code postal de naissance « {code} » invalide : 5 chiffres"),
            ));
        }
    }
    let birth_commune = cleaned(&input.birth_commune);
    long(
        "birth_commune",
        "Commune de naissance",
        &birth_commune,
        &mut problems,
    );
    let birth_country_code = cleaned(&input.birth_country_code).map(|c| {
        // The INSEE writes countries 99xxx; the CDC wants the three last digits.
        if c.len() == 5 && c.starts_with("99") {
            c[2..].to_owned()
        } else {
            c
        }
    });
    if let Some(code) = &birth_country_code {
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
            problems.push(problem(
                "birth_country_code",
                format!(
                    "code pays « {code} » invalide : le code INSEE du pays, 3 chiffres (ex. 350 pour le Maroc, ou 99350)"
                ),
            ));
        } else if code == "100" {
            problems.push(problem(
                "birth_country_code",
                "code pays 100 : c'est la France ; indiquez la commune de naissance",
            ));
        }
    }
    let birth_country = cleaned(&input.birth_country);
    long(
        "birth_country",
        "Pays de naissance",
        &birth_country,
        &mut problems,
    );
    let in_france = birth_insee_code.is_some() || birth_postal_code.is_some();
    if in_france && birth_country_code.is_some() {
        problems.push(problem(
            "birth_country_code",
            "Une commune française et un pays étranger sont indiqués : gardez l'un ou l'autre",
        ));
    }
    if birth_country_code.is_some() != birth_country.is_some() {
        problems.push(problem(
            "birth_country",
            "Pour une naissance à l'étranger, indiquez le code du pays et son nom",
        ));
    }
    if birth_postal_code.is_some() && birth_insee_code.is_none() && birth_commune.is_none() {
        problems.push(problem(
            "birth_commune",
            "Avec un code postal, indiquez le nom de la commune (plusieurs communes partagent un code postal)",
        ));
    }
    if problems.is_empty() {
        Ok(CivilIdentity {
            birth_name,
            other_first_names,
            sex,
            birth_insee_code,
            birth_postal_code,
            birth_commune,
            birth_country_code,
            birth_country,
        })
    } else {
        Err(problems)
    }
}

impl CivilIdentity {
    /// The form's values again.
    pub fn input(&self) -> IdentityInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        IdentityInput {
            birth_name: text(&self.birth_name),
            other_first_names: self.other_first_names.join(", "),
            sex: self.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
            birth_insee_code: text(&self.birth_insee_code),
            birth_postal_code: text(&self.birth_postal_code),
            birth_commune: text(&self.birth_commune),
            birth_country_code: text(&self.birth_country_code),
            birth_country: text(&self.birth_country),
        }
    }

    /// Stored as one comma-separated column.
    pub fn other_first_names_column(&self) -> Option<String> {
        (!self.other_first_names.is_empty()).then(|| self.other_first_names.join(", "))
    }

    pub fn from_columns(
        birth_name: Option<String>,
        other_first_names: Option<String>,
        sex: Option<String>,
        place: [Option<String>; 5],
    ) -> CivilIdentity {
        let [
            birth_insee_code,
            birth_postal_code,
            birth_commune,
            birth_country_code,
            birth_country,
        ] = place;
        CivilIdentity {
            birth_name,
            other_first_names: other_first_names
                .map(|names| names.split(',').filter_map(cleaned).collect())
                .unwrap_or_default(),
            sex: sex.as_deref().and_then(Sex::parse),
            birth_insee_code,
            birth_postal_code,
            birth_commune,
            birth_country_code,
            birth_country,
        }
    }

    /// "Lyon (69123)", "Casablanca, Maroc", or nothing yet.
    pub fn birth_place_label(&self) -> Option<String> {
        if let Some(country) = &self.birth_country {
            return Some(match &self.birth_commune {
                Some(city) => format!("{city}, {country}"),
                None => country.clone(),
            });
        }
        let code = self
            .birth_insee_code
            .as_ref()
            .or(self.birth_postal_code.as_ref());
        match (&self.birth_commune, code) {
            (Some(commune), Some(code)) => Some(format!("{commune} ({code})")),
            (None, Some(code)) => Some(code.clone()),
            (Some(commune), None) => Some(commune.clone()),
            (None, None) => None,
        }
    }
}

/// Where a holder was born, as the flux says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BirthPlace {
    Insee {
        code: String,
        commune: Option<String>,
    },
    Postal {
        code: String,
        commune: String,
    },
    Abroad {
        country_code: String,
        country: String,
        city: Option<String>,
    },
}

/// The holder block of a passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub birth_name: String,
    pub usage_name: Option<String>,
    /// One to three.
    pub first_names: Vec<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub place: BirthPlace,
}

/// What the certifier keeps of a candidate, for the declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub identity: CivilIdentity,
}

/// The holder, or every thing the CDC needs that is missing (in French).
pub fn holder(person: &Person) -> Result<Holder, Vec<String>> {
    let mut missing = Vec::new();
    let id = &person.identity;
    let last_name = person.last_name.trim().to_owned();
    let birth_name = id.birth_name.clone().unwrap_or_else(|| last_name.clone());
    let usage_name =
        (id.birth_name.is_some() && birth_name != last_name).then(|| last_name.clone());
    for (label, value) in [
        ("nom de naissance", &birth_name),
        ("prénom", &person.first_name),
        ("nom d'usage", usage_name.as_ref().unwrap_or(&String::new())),
    ] {
        let n = value.trim().chars().count();
        if n > CDC_NAME {
            missing.push(format!(
                "{label} trop long ({n} caractères, {CDC_NAME} au plus)"
            ));
        }
    }
    if birth_name.is_empty() {
        missing.push("nom de naissance".to_owned());
    }
    if person.first_name.trim().is_empty() {
        missing.push("prénom".to_owned());
    }
    if id.sex.is_none() {
        missing.push("sexe".to_owned());
    }
    use chrono::Datelike;
    if !(1900..=2099).contains(&person.birth_date.year()) {
        missing.push("date de naissance plausible".to_owned());
    }
    let place = match (
        &id.birth_insee_code,
        &id.birth_postal_code,
        &id.birth_country_code,
        &id.birth_country,
    ) {
        (Some(code), _, None, _) => Some(BirthPlace::Insee {
            code: code.clone(),
            commune: id.birth_commune.clone(),
        }),
        (None, Some(code), None, _) => match &id.birth_commune {
            Some(commune) => Some(BirthPlace::Postal {
                code: code.clone(),
                commune: commune.clone(),
            }),
            None => {
                missing.push("commune de naissance (avec le code postal)".to_owned());
                None
            }
        },
        (None, None, Some(code), Some(country)) => Some(BirthPlace::Abroad {
            country_code: code.clone(),
            country: country.clone(),
            city: id.birth_commune.clone(),
        }),
        _ => {
            missing.push(
                "lieu de naissance (code INSEE ou code postal de la commune, ou pays)".to_owned(),
            );
            None
        }
    };
    match (id.sex, place) {
        (Some(sex), Some(place)) if missing.is_empty() => {
            let mut first_names = vec![person.first_name.trim().to_owned()];
            first_names.extend(id.other_first_names.iter().take(2).cloned());
            Ok(Holder {
                birth_name,
                usage_name,
                first_names,
                birth_date: person.birth_date,
                sex,
                place,
            })
        }
        _ => Err(missing),
    }
}

/// The organisation's CDC identifiers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declarant {
    /// The emitter's `idClient` (8 characters).
    pub emitter: String,
    /// The certifier's `idClient` (8 characters).
    pub certifier: String,
    /// The certifier's `idContrat`.
    pub contract: String,
}

/// What is wrong with the organisation's CDC identifiers, in French (empty: fine).
pub fn declarant_problems(
    emitter: Option<&str>,
    certifier: Option<&str>,
    contract: Option<&str>,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    for (field, label, value) in [
        (
            "cdc_emitter_id",
            "Identifiant client de l'émetteur",
            emitter,
        ),
        (
            "cdc_certifier_id",
            "Identifiant client du certificateur",
            certifier,
        ),
    ] {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => problems.push(problem(
                field,
                format!("{label} manquant (8 caractères, fourni par la Caisse des Dépôts)"),
            )),
            Some(v) if v.chars().count() != 8 || !v.chars().all(|c| c.is_ascii_alphanumeric()) => {
                problems.push(problem(
                    field,
                    format!("{label} « {v} » invalide : 8 lettres ou chiffres"),
                ))
            }
            Some(_) => {}
        }
    }
    match contract.map(str::trim).filter(|v| !v.is_empty()) {
        None => problems.push(problem(
            "cdc_contract_id",
            "Numéro de contrat manquant (fourni par la Caisse des Dépôts)",
        )),
        Some(v) if v.chars().count() > 20 || !v.is_ascii() => problems.push(problem(
            "cdc_contract_id",
            format!("Numéro de contrat « {v} » invalide : 20 caractères au plus, sans accent"),
        )),
        Some(_) => {}
    }
    problems
}

/// How a certification is declared: `RNCP` or `RS`, and its code there.
pub fn certification_problems(kind: Option<&str>, code: Option<&str>) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let kind = kind.map(str::trim).filter(|v| !v.is_empty());
    match kind {
        Some("RNCP") | Some("RS") => {}
        Some(other) => problems.push(problem(
            "cdc_type",
            format!("type « {other} » inconnu de la Caisse des Dépôts (RNCP ou RS)"),
        )),
        None => problems.push(problem(
            "cdc_type",
            "Type d'enregistrement manquant (RNCP ou RS) : seules les certifications enregistrées se déclarent",
        )),
    }
    match code.map(str::trim).filter(|v| !v.is_empty()) {
        None => problems.push(problem(
            "cdc_code",
            "Code de la fiche manquant (ex. RNCP36390)",
        )),
        Some(c) => {
            let digits = kind.and_then(|k| c.strip_prefix(k));
            if !digits.is_some_and(|d| !d.is_empty() && d.chars().all(|x| x.is_ascii_digit())) {
                problems.push(problem(
                    "cdc_code",
                    format!(
                        "code « {c} » invalide : {} suivi de chiffres (ex. {}36390)",
                        kind.unwrap_or("RNCP ou RS"),
                        kind.unwrap_or("RNCP")
                    ),
                ));
            }
        }
    }
    problems
}

/// The registration a certification's own code says (`RNCP36390`, `RS5432`): how it is
/// declared until the certifier says otherwise.
pub fn registration_of(code: &str) -> Option<(&'static str, String)> {
    let code = code.trim().to_uppercase();
    ["RNCP", "RS"].into_iter().find_map(|kind| {
        let digits = code.strip_prefix(kind)?;
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| (kind, code.clone()))
    })
}

/// One award declared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub id_technique: String,
    /// The public verification page of the award's document.
    pub proof_url: Option<String>,
    pub exam: (NaiveDate, NaiveDate),
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub access: Option<AccessRoute>,
    pub enrolled_on: Option<NaiveDate>,
    pub holder: Holder,
}

/// The passages of one certification (or one bloc, under the bloc's code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    /// `RNCP` or `RS`.
    pub kind: String,
    pub code: String,
    pub passages: Vec<Passage>,
}

/// A whole flux.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flux {
    pub id: String,
    /// When it was produced, in French local time.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub declarant: Declarant,
    pub certifications: Vec<Declared>,
}

/// The stable `idTechnique` of an award: exporting again gives the same id, and the CDC
/// answers "existe déjà" to a passage it already has.
pub fn id_technique(organisation: i32, enrolment: i32, code: &str) -> String {
    format!("JURY-{organisation}-{enrolment}-{code}")
}

/// Years after the decision an award stays valid (none: for life).
pub fn valid_until(from: NaiveDate, years: Option<i32>) -> Option<NaiveDate> {
    years
        .filter(|y| *y > 0)
        .and_then(|y| from.checked_add_months(chrono::Months::new(12 * y as u32)))
        .map(|d| d - chrono::Duration::days(1))
}

/// The legal deadline: three months after the award.
pub fn deadline(awarded: NaiveDate) -> NaiveDate {
    awarded
        .checked_add_months(chrono::Months::new(3))
        .unwrap_or(awarded)
}

/// A UTC instant as the flux's `horodatage` wants it: French local time with its offset,
/// whole seconds (`2026-11-29T14:05:00+01:00`).
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    let local = super::format::paris(at);
    let offset = (local - at.naive_utc()).num_seconds() as i32;
    let zone = chrono::FixedOffset::east_opt(offset)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC"));
    at.with_timezone(&zone)
}

/// Where one award stands with the Caisse des Dépôts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeclarationState {
    /// Never sent.
    ToDeclare,
    /// In flux N, no receipt yet.
    Sent { flux: i32 },
    /// The CDC has it (or already had it).
    Accepted { flux: i32 },
    /// The CDC found no match; `corrected` once the identity changed after the receipt.
    Rejected {
        flux: i32,
        message: String,
        corrected: bool,
    },
    /// The whole flux N was refused.
    Refused { flux: i32 },
}

impl DeclarationState {
    /// The next flux carries it.
    pub fn to_send(&self) -> bool {
        matches!(
            self,
            DeclarationState::ToDeclare
                | DeclarationState::Refused { .. }
                | DeclarationState::Rejected {
                    corrected: true,
                    ..
                }
        )
    }

    /// In French, as the declarations page says it.
    pub fn label(&self) -> String {
        match self {
            DeclarationState::ToDeclare => "À déclarer".to_owned(),
            DeclarationState::Sent { flux } => format!("Envoyé dans le flux {flux}"),
            DeclarationState::Accepted { flux } => format!("Accepté (flux {flux})"),
            DeclarationState::Rejected {
                flux,
                message,
                corrected,
            } => {
                if *corrected {
                    format!("Rejeté (flux {flux}) : {message} — identité corrigée, à renvoyer")
                } else {
                    format!("Rejeté (flux {flux}) : {message}")
                }
            }
            DeclarationState::Refused { flux } => {
                format!("Flux {flux} refusé en entier : à renvoyer")
            }
        }
    }
}

/// One award to declare: a full certification, or a bloc.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationRow {
    pub enrolment_id: i32,
    pub session_id: i32,
    pub session: String,
    pub candidate_id: i32,
    pub candidate: String,
    pub number: String,
    /// The certification's code, or the bloc's.
    pub code: String,
    pub bloc: bool,
    pub awarded_on: NaiveDate,
    pub deadline: NaiveDate,
    pub state: DeclarationState,
    /// What the CDC needs that the candidate's identity lacks.
    pub missing: Vec<String>,
}

impl DeclarationRow {
    /// Past the three months and not yet accepted.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        today > self.deadline && !matches!(self.state, DeclarationState::Accepted { .. })
    }
}

/// Overdue first, then the nearest deadline, then by candidate.
pub fn sort_rows(rows: &mut [DeclarationRow], today: NaiveDate) {
    rows.sort_by(|a, b| {
        b.overdue(today)
            .cmp(&a.overdue(today))
            .then(a.deadline.cmp(&b.deadline))
            .then(a.candidate.cmp(&b.candidate))
            .then(a.bloc.cmp(&b.bloc))
            .then(a.code.cmp(&b.code))
    });
}

/// One flux sent, as the declarations page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FluxRow {
    pub id: i32,
    pub number: i32,
    pub id_flux: String,
    pub scope: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub passages: i32,
    /// `Envoyé, sans accusé`, `Traité : 3 acceptés, 1 rejeté`, `Refusé : …`.
    pub status: String,
    pub awaiting_receipt: bool,
}

/// A candidate who lacks something the CDC needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lacking {
    pub candidate_id: i32,
    pub candidate: String,
    pub missing: Vec<String>,
}

/// Why no flux was produced, in French, with every candidate concerned.
pub fn lacking_message(lacking: &[Lacking]) -> Vec<String> {
    lacking
        .iter()
        .map(|l| format!("{} : {}", l.candidate, l.missing.join(", ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(insee: &str, postal: &str, commune: &str, country: (&str, &str)) -> IdentityInput {
        IdentityInput {
            birth_name: String::new(),
            other_first_names: "Julien, Philippe".to_owned(),
            sex: "f".to_owned(),
            birth_insee_code: insee.to_owned(),
            birth_postal_code: postal.to_owned(),
            birth_commune: commune.to_owned(),
            birth_country_code: country.0.to_owned(),
            birth_country: country.1.to_owned(),
        }
    }

    #[test]
    fn insee_codes_follow_the_departments() {
        for good in ["69123", "2A004", "2b033", "97411", "01001", "95018"] {
            assert_eq!(insee_code_problem(good), None, "{good}");
        }
        for bad in [
            "6912", "691234", "20004", "99350", "97811", "00100", "2C004", "A9123", "69 12",
        ] {
            assert!(insee_code_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn an_identity_is_cleaned_and_every_problem_told_at_once() {
        let ok = parse_identity(&input("2a004", "", " Ajaccio ", ("", ""))).expect("valid");
        assert_eq!(ok.birth_insee_code.as_deref(), Some("2A004"));
        assert_eq!(ok.birth_commune.as_deref(), Some("Ajaccio"));
        assert_eq!(ok.sex, Some(Sex::F));
        assert_eq!(ok.other_first_names, vec!["Julien", "Philippe"]);
        let abroad =
            parse_identity(&input("", "", "Casablanca", ("99350", "Maroc"))).expect("valid");
        assert_eq!(abroad.birth_country_code.as_deref(), Some("350"));
        let mut bad = input("20004", "6900", "", ("350", ""));
        bad.sex = "X".to_owned();
        bad.other_first_names = "A, B, C".to_owned();
        let problems = parse_identity(&bad).expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        for field in [
            "birth_insee_code",
            "birth_postal_code",
            "sex",
            "other_first_names",
            "birth_country_code",
            "birth_country",
        ] {
            assert!(fields.contains(&field), "{field} in {problems:?}");
        }
    }

    #[test]
    fn a_postal_code_needs_its_commune() {
        let problems = parse_identity(&input("", "69002", "", ("", ""))).expect_err("no commune");
        assert_eq!(problems[0].field, "birth_commune");
    }

    fn person(identity: CivilIdentity) -> Person {
        Person {
            first_name: "Camille".to_owned(),
            last_name: "Martin".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(1998, 4, 12).expect("date"),
            identity,
        }
    }

    #[test]
    fn the_holder_lists_what_the_cdc_lacks() {
        let missing = holder(&person(CivilIdentity::default())).expect_err("incomplete");
        assert_eq!(
            missing,
            vec![
                "sexe".to_owned(),
                "lieu de naissance (code INSEE ou code postal de la commune, ou pays)".to_owned()
            ]
        );
        let full = holder(&person(CivilIdentity {
            birth_name: Some("Durand".to_owned()),
            sex: Some(Sex::F),
            birth_insee_code: Some("69123".to_owned()),
            ..CivilIdentity::default()
        }))
        .expect("complete");
        assert_eq!(full.birth_name, "Durand");
        assert_eq!(full.usage_name.as_deref(), Some("Martin"));
        assert_eq!(full.first_names, vec!["Camille"]);
    }

    #[test]
    fn identifiers_and_codes_are_checked() {
        assert!(
            declarant_problems(Some("AB123CDE"), Some("E564ACB0"), Some("2560080000127J"))
                .is_empty()
        );
        assert_eq!(declarant_problems(Some("AB12"), None, Some("")).len(), 3);
        assert!(certification_problems(Some("RNCP"), Some("RNCP36390")).is_empty());
        assert!(certification_problems(Some("RS"), Some("RS5432")).is_empty());
        assert_eq!(
            certification_problems(Some("RS"), Some("RNCP36390")).len(),
            1
        );
        assert_eq!(
            certification_problems(Some("CQP"), Some("CQP-ADF")).len(),
            2
        );
        assert_eq!(
            registration_of("rncp36390"),
            Some(("RNCP", "RNCP36390".to_owned()))
        );
        assert_eq!(registration_of("RS5432"), Some(("RS", "RS5432".to_owned())));
        assert_eq!(registration_of("CQP-ADF"), None);
        assert_eq!(registration_of("RNCP"), None);
    }

    #[test]
    fn horodatage_is_paris_time_with_its_offset() {
        use chrono::TimeZone;
        let winter = chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 13, 5, 7)
            .single()
            .expect("t");
        assert_eq!(
            local_time(winter)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            "2026-11-29T14:05:07+01:00"
        );
        let summer = chrono::Utc
            .with_ymd_and_hms(2026, 7, 1, 22, 30, 0)
            .single()
            .expect("t");
        assert_eq!(
            local_time(summer)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            "2026-07-02T00:30:00+02:00"
        );
    }

    #[test]
    fn overdue_declarations_come_first_and_only_what_is_not_accepted_goes_again() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("d");
        let row = |name: &str, awarded: NaiveDate, state| DeclarationRow {
            enrolment_id: 1,
            session_id: 1,
            session: String::new(),
            candidate_id: 1,
            candidate: name.to_owned(),
            number: String::new(),
            code: "RNCP36390".to_owned(),
            bloc: false,
            awarded_on: awarded,
            deadline: deadline(awarded),
            state,
            missing: Vec::new(),
        };
        let mut rows = vec![
            row("A", d(9, 1), DeclarationState::Accepted { flux: 1 }),
            row("B", d(11, 1), DeclarationState::ToDeclare),
            row("C", d(7, 1), DeclarationState::Sent { flux: 2 }),
        ];
        sort_rows(&mut rows, d(11, 29));
        let order: Vec<&str> = rows.iter().map(|r| r.candidate.as_str()).collect();
        assert_eq!(order, ["C", "A", "B"]);
        assert!(rows[0].overdue(d(11, 29)));
        assert!(!rows[1].overdue(d(11, 29)), "accepted is never overdue");
        let rejected = |corrected| DeclarationState::Rejected {
            flux: 1,
            message: "x".to_owned(),
            corrected,
        };
        assert!(!rejected(false).to_send());
        assert!(rejected(true).to_send());
        assert!(DeclarationState::Refused { flux: 1 }.to_send());
        assert!(!DeclarationState::Sent { flux: 1 }.to_send());
        assert!(!DeclarationState::Accepted { flux: 1 }.to_send());
    }

    #[test]
    fn validity_and_deadline_count_from_the_decision() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 30).expect("d");
        assert_eq!(valid_until(on, None), None);
        assert_eq!(
            valid_until(on, Some(3)),
            NaiveDate::from_ymd_opt(2029, 11, 29)
        );
        assert_eq!(
            deadline(on),
            NaiveDate::from_ymd_opt(2027, 2, 28).expect("d")
        );
    }
}
