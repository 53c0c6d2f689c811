//! Jury composition rules as data, attached to a certification version, and the one
//! engine that checks a jury against them: every violated rule with its reason, hard
//! (the jury cannot be saved) or soft (a warning). Also the quorum at deliberation.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Gender, JuryRole, Seat, Side, Teacher};

/// Which jurors a rule counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Who {
    /// Internal to the certifier.
    Internal,
    /// External to the certifier.
    External,
    /// Of one of these professional categories.
    Category { codes: Vec<String> },
    /// Teachers of one of these kinds.
    Teacher { kinds: Vec<Teacher> },
    /// Members of the profession: employers or employees (seed 003).
    Profession,
    /// Of this side of the profession.
    Side { side: Side },
}

impl Who {
    fn matches(&self, seat: &Seat) -> bool {
        let juror = &seat.juror;
        match self {
            Who::Internal => juror.internal,
            Who::External => !juror.internal,
            Who::Category { codes } => codes.iter().any(|c| *c == juror.category),
            Who::Teacher { kinds } => kinds.contains(&juror.teacher),
            Who::Profession => juror.side != Side::None,
            Who::Side { side } => juror.side == *side,
        }
    }
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Rule {
    /// Number of voting members (president included).
    Size { min: u32, max: u32 },
    /// Number of voting members who are `who`.
    Count {
        who: Who,
        min: Option<u32>,
        max: Option<u32>,
    },
    /// At least `numerator / denominator` of the voting members are `who` (seed 003:
    /// one third professionals).
    Share {
        who: Who,
        numerator: u32,
        denominator: u32,
    },
    /// As many `a` as `b` (seed 003: employers and employees in equal numbers).
    Balanced { a: Who, b: Who },
    /// Every voting member who is `among` is also `must` (seed 000: the external
    /// members' allowed profiles).
    AllOf { among: Who, must: Who },
    /// Every voting member has at least this many years of experience.
    MinExperience { years: u32 },
    /// No voting member has been inactive for more than this many years.
    MaxInactivity { years: u32 },
    /// A president is required, optionally of this profile.
    President { who: Option<Who> },
    /// Observers without a vote: at most this many.
    MaxObservers { max: u32 },
    /// Women and men in numbers differing by at most one.
    GenderParity,
}

/// Blocks saving, or only warns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Hard,
    Soft,
}

/// A rule with its severity and the words of the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEntry {
    pub rule: Rule,
    pub severity: Severity,
    /// What the rule means, in French, for messages (`2 membres internes au certificateur`).
    pub label: String,
}

/// What happens at deliberation when voting members are absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quorum {
    /// Every voting member present, or the deliberation is postponed (seed 000).
    AllMembers,
    /// The jury may deliberate validly despite absences (seed 003).
    ValidDespiteAbsence,
}

/// The jury rules of a certification version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JuryRules {
    pub rules: Vec<RuleEntry>,
    pub quorum: Quorum,
    /// Where the source is silent or ambiguous: the choice made.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Default for JuryRules {
    /// No rule but a president; every voting member required at deliberation.
    fn default() -> Self {
        JuryRules {
            rules: vec![hard(Rule::President { who: None }, "un(e) président(e)")],
            quorum: Quorum::AllMembers,
            notes: Vec::new(),
        }
    }
}

/// A rule that is not met, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub severity: Severity,
    pub message: String,
}

fn hard(rule: Rule, label: &str) -> RuleEntry {
    RuleEntry {
        rule,
        severity: Severity::Hard,
        label: label.to_owned(),
    }
}

fn soft(rule: Rule, label: &str) -> RuleEntry {
    RuleEntry {
        rule,
        severity: Severity::Soft,
        label: label.to_owned(),
    }
}

fn category(codes: &[&str]) -> Who {
    Who::Category {
        codes: codes.iter().map(|c| (*c).to_owned()).collect(),
    }
}

fn names(seats: &[&Seat]) -> String {
    seats
        .iter()
        .map(|s| s.juror.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a jury (voting members and observers) against the rules on `today`: every
/// violated rule, hard ones first.
pub fn check(rules: &JuryRules, seats: &[Seat], today: NaiveDate) -> Vec<Violation> {
    let voting: Vec<&Seat> = seats.iter().filter(|s| s.role.votes()).collect();
    let n = u32::try_from(voting.len()).unwrap_or(u32::MAX);
    let count = |who: &Who| {
        u32::try_from(voting.iter().filter(|s| who.matches(s)).count()).unwrap_or(u32::MAX)
    };
    let mut found = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for seat in seats {
        if !seen.insert(seat.juror.id) {
            found.push(Violation {
                severity: Severity::Hard,
                message: format!("{} occupe deux sièges du jury.", seat.juror.name),
            });
        }
    }
    for entry in &rules.rules {
        let problem = match &entry.rule {
            Rule::Size { min, max } => (n < *min || n > *max).then(|| {
                if min == max {
                    format!(
                        "Le jury doit compter exactement {min} membres votants ; il en compte {n}."
                    )
                } else {
                    format!(
                        "Le jury doit compter de {min} à {max} membres votants ; il en compte {n}."
                    )
                }
            }),
            Rule::Count { who, min, max } => {
                let k = count(who);
                if min.is_some_and(|m| k < m) || max.is_some_and(|m| k > m) {
                    Some(format!("Il faut {} ; le jury en compte {k}.", entry.label))
                } else {
                    None
                }
            }
            Rule::Share {
                who,
                numerator,
                denominator,
            } => {
                let k = count(who);
                // k / n ≥ numerator / denominator, in integers.
                (n > 0 && k * denominator < numerator * n).then(|| {
                    format!(
                        "Il faut {} : {k} sur {n} membres votants, il en faudrait au moins {}.",
                        entry.label,
                        (numerator * n).div_ceil(*denominator)
                    )
                })
            }
            Rule::Balanced { a, b } => {
                let (x, y) = (count(a), count(b));
                (x != y).then(|| format!("Il faut {} : {x} contre {y}.", entry.label))
            }
            Rule::AllOf { among, must } => {
                let outside: Vec<&Seat> = voting
                    .iter()
                    .copied()
                    .filter(|s| among.matches(s) && !must.matches(s))
                    .collect();
                (!outside.is_empty()).then(|| {
                    format!(
                        "Il faut {} : ce n'est pas le cas de {}.",
                        entry.label,
                        names(&outside)
                    )
                })
            }
            Rule::MinExperience { years } => {
                let short: Vec<&Seat> = voting
                    .iter()
                    .copied()
                    .filter(|s| s.juror.years_experience < *years)
                    .collect();
                (!short.is_empty()).then(|| {
                    format!(
                        "Chaque membre doit avoir au moins {years} an(s) d'expérience : ce n'est pas le cas de {}.",
                        names(&short)
                    )
                })
            }
            Rule::MaxInactivity { years } => {
                let limit = today
                    .checked_sub_months(Months::new(years * 12))
                    .unwrap_or(NaiveDate::MIN);
                let inactive: Vec<&Seat> = voting
                    .iter()
                    .copied()
                    .filter(|s| s.juror.last_activity.is_none_or(|d| d < limit))
                    .collect();
                (!inactive.is_empty()).then(|| {
                    format!(
                        "Aucun membre ne doit être inactif depuis plus de {years} ans (ou sans date d'activité connue) : {}.",
                        names(&inactive)
                    )
                })
            }
            Rule::President { who } => {
                let presidents: Vec<&Seat> = seats
                    .iter()
                    .filter(|s| s.role == JuryRole::President)
                    .collect();
                match presidents.as_slice() {
                    [] => Some("Le jury doit avoir un(e) président(e).".to_owned()),
                    [one] => who.as_ref().and_then(|w| {
                        (!w.matches(one)).then(|| {
                            format!(
                                "La présidence revient à {} ; {} ne l'est pas.",
                                entry.label, one.juror.name
                            )
                        })
                    }),
                    _ => Some("Le jury ne peut avoir qu'un(e) président(e).".to_owned()),
                }
            }
            Rule::MaxObservers { max } => {
                let observers = seats
                    .iter()
                    .filter(|s| s.role == JuryRole::Observer)
                    .count();
                (observers > *max as usize).then(|| {
                    format!("Au plus {max} observateur(s) sans voix délibérative ; il y en a {observers}.")
                })
            }
            Rule::GenderParity => {
                let women = voting
                    .iter()
                    .filter(|s| s.juror.gender == Gender::Female)
                    .count();
                let men = voting
                    .iter()
                    .filter(|s| s.juror.gender == Gender::Male)
                    .count();
                (women.abs_diff(men) > 1).then(|| {
                    format!(
                        "La parité femmes-hommes est recherchée : {women} femme(s), {men} homme(s)."
                    )
                })
            }
        };
        if let Some(message) = problem {
            found.push(Violation {
                severity: entry.severity,
                message,
            });
        }
    }
    if !rules
        .rules
        .iter()
        .any(|e| matches!(e.rule, Rule::MaxObservers { .. }))
        && seats.iter().any(|s| s.role == JuryRole::Observer)
    {
        found.push(Violation {
            severity: Severity::Hard,
            message: "Les règles de cette certification ne prévoient pas d'observateur.".to_owned(),
        });
    }
    found.sort_by_key(|v| v.severity == Severity::Soft);
    found
}

/// Whether the deliberation may go ahead with the voting members present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuorumDecision {
    Deliberate,
    /// Valid despite absences (seed 003), with who is missing.
    DeliberateDespiteAbsence(String),
    /// Postponed, with why (seed 000: "en cas de carence d'un membre du jury").
    Postpone(String),
}

/// Quorum at deliberation: `present` lists the juror ids in the room.
pub fn quorum(rules: &JuryRules, seats: &[Seat], present: &[i32]) -> QuorumDecision {
    let absent: Vec<&Seat> = seats
        .iter()
        .filter(|s| s.role.votes() && !present.contains(&s.juror.id))
        .collect();
    let president_there = seats
        .iter()
        .any(|s| s.role == JuryRole::President && present.contains(&s.juror.id));
    if absent.is_empty() {
        return QuorumDecision::Deliberate;
    }
    if !president_there && seats.iter().any(|s| s.role == JuryRole::President) {
        return QuorumDecision::Postpone(format!(
            "La présidence est absente ({}) : la délibération est reportée.",
            names(&absent)
        ));
    }
    if absent.len() == seats.iter().filter(|s| s.role.votes()).count() {
        return QuorumDecision::Postpone("Aucun membre votant n'est présent.".to_owned());
    }
    match rules.quorum {
        Quorum::AllMembers => QuorumDecision::Postpone(format!(
            "Tous les membres votants doivent être présents ; absent(s) : {}. La délibération est reportée et une nouvelle date est fixée sans délai.",
            names(&absent)
        )),
        Quorum::ValidDespiteAbsence => QuorumDecision::DeliberateDespiteAbsence(format!(
            "Absent(s) : {} ; le jury délibère néanmoins valablement.",
            names(&absent)
        )),
    }
}

/// Seed 000 (FORMITES): 5 members with ≥ 3 years in training, 2 internal and 3
/// external of the allowed profiles, parity sought, postponed if one is missing.
pub fn formites() -> JuryRules {
    JuryRules {
        rules: vec![
            hard(Rule::Size { min: 5, max: 5 }, "5 membres"),
            hard(Rule::President { who: None }, "un(e) président(e)"),
            hard(
                Rule::Count { who: Who::Internal, min: Some(2), max: Some(2) },
                "exactement 2 membres internes au certificateur",
            ),
            hard(
                Rule::Count { who: Who::External, min: Some(3), max: Some(3) },
                "exactement 3 professionnels externes au certificateur",
            ),
            hard(
                Rule::AllOf {
                    among: Who::External,
                    must: category(&[
                        "responsable_of",
                        "assistant_formation",
                        "professionnel_formation",
                        "professionnel_administratif",
                    ]),
                },
                "des membres externes responsables d'organisme de formation, assistants de formation, professionnels de la formation ou des métiers administratifs du secteur",
            ),
            hard(Rule::MinExperience { years: 3 }, "3 ans d'expérience dans la formation"),
            soft(Rule::GenderParity, "la parité femmes-hommes"),
        ],
        quorum: Quorum::AllMembers,
        notes: vec![
            "Le référentiel énumère les profils externes de façon ambiguë (« soit 2 …, soit 2 … et 1 … et 1 … » pour 3 places) : chaque membre externe doit avoir l'un des quatre profils cités.".to_owned(),
            "Aucun observateur n'est prévu.".to_owned(),
        ],
    }
}

/// Seed 003 (Bac pro AGORA): public teachers and, unless impossible, one from a
/// private school under contract or a CFA; at least one third professionals, employers
/// and employees in equal numbers; valid despite absences.
pub fn bac_pro() -> JuryRules {
    JuryRules {
        rules: vec![
            hard(Rule::President { who: None }, "un(e) président(e)"),
            hard(
                Rule::Count {
                    who: Who::Teacher { kinds: vec![Teacher::Public] },
                    min: Some(1),
                    max: None,
                },
                "au moins un professeur de l'enseignement public",
            ),
            soft(
                Rule::Count {
                    who: Who::Teacher { kinds: vec![Teacher::PrivateContract, Teacher::Cfa] },
                    min: Some(1),
                    max: None,
                },
                "sauf impossibilité, au moins un professeur du privé sous contrat ou d'un CFA",
            ),
            hard(
                Rule::Share { who: Who::Profession, numerator: 1, denominator: 3 },
                "au moins un tiers de membres de la profession",
            ),
            hard(
                Rule::Balanced {
                    a: Who::Side { side: Side::Employer },
                    b: Who::Side { side: Side::Employee },
                },
                "autant d'employeurs que de salariés",
            ),
        ],
        quorum: Quorum::ValidDespiteAbsence,
        notes: vec![
            "Le référentiel ne fixe pas la taille du jury ; une présidence est exigée pour signer le procès-verbal.".to_owned(),
        ],
    }
}

/// Seed 004 (Office Manager junior): 4 members — a president who is a qualified person
/// of the economic world, 2 qualified professionals of the sector, 1 representative of
/// the CCI or establishment — with ≥ 1 year in the target jobs and not inactive for
/// more than 3 years; an optional observer without a vote.
pub fn office_manager() -> JuryRules {
    JuryRules {
        rules: vec![
            hard(Rule::Size { min: 4, max: 4 }, "4 membres"),
            hard(
                Rule::President { who: Some(category(&["personnalite_qualifiee"])) },
                "une personnalité qualifiée du monde économique",
            ),
            hard(
                Rule::Count {
                    who: category(&["professionnel_secteur"]),
                    min: Some(2),
                    max: Some(2),
                },
                "2 professionnels qualifiés du secteur",
            ),
            hard(
                Rule::Count {
                    who: category(&["representant_cci"]),
                    min: Some(1),
                    max: Some(1),
                },
                "1 représentant de la CCI ou de l'établissement",
            ),
            hard(Rule::MinExperience { years: 1 }, "1 an dans les métiers cibles"),
            hard(Rule::MaxInactivity { years: 3 }, "moins de 3 ans d'inactivité"),
            hard(Rule::MaxObservers { max: 1 }, "un observateur"),
        ],
        quorum: Quorum::AllMembers,
        notes: vec![
            "Le référentiel ne dit rien de l'absence d'un membre à la délibération : tous les membres votants sont requis, sinon la délibération est reportée.".to_owned(),
            "« N'ayant pas formé les apprenants » : déclaré comme conflit d'intérêts (groupe formé) pour les candidats concernés.".to_owned(),
        ],
    }
}

/// The rules of a built-in template (A, D, E follow their seeds; the others ask only
/// for a president).
pub fn for_template(key: Option<&str>) -> JuryRules {
    match key {
        Some("A") => formites(),
        Some("D") => bac_pro(),
        Some("E") => office_manager(),
        _ => JuryRules::default(),
    }
}

/// The profession categories the rules name, with their labels, for forms.
pub const CATEGORIES: [(&str, &str); 9] = [
    (
        "personnalite_qualifiee",
        "Personnalité qualifiée du monde économique",
    ),
    ("professionnel_secteur", "Professionnel qualifié du secteur"),
    (
        "representant_cci",
        "Représentant de la CCI ou de l'établissement",
    ),
    (
        "observateur_etablissement",
        "Représentant de l'établissement parrain",
    ),
    ("responsable_of", "Responsable d'organisme de formation"),
    ("assistant_formation", "Assistant(e) de formation"),
    ("professionnel_formation", "Professionnel de la formation"),
    (
        "professionnel_administratif",
        "Professionnel des métiers administratifs",
    ),
    ("enseignant", "Enseignant"),
];

/// The label of a category code (the code itself if unknown).
pub fn category_label(code: &str) -> &str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jury::Juror;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 19).expect("date")
    }

    fn juror(id: i32, gender: Gender, internal: bool, category: &str) -> Juror {
        Juror {
            id,
            name: format!("Juré {id}"),
            gender,
            internal,
            category: category.to_owned(),
            side: Side::None,
            teacher: Teacher::None,
            years_experience: 10,
            last_activity: NaiveDate::from_ymd_opt(2026, 6, 30),
        }
    }

    fn seat(juror: Juror, role: JuryRole) -> Seat {
        Seat { juror, role }
    }

    fn hard_messages(rules: &JuryRules, seats: &[Seat]) -> Vec<String> {
        check(rules, seats, today())
            .into_iter()
            .filter(|v| v.severity == Severity::Hard)
            .map(|v| v.message)
            .collect()
    }

    // --- Seed 004, template E ---

    fn office_manager_jury() -> Vec<Seat> {
        vec![
            seat(
                juror(1, Gender::Female, false, "personnalite_qualifiee"),
                JuryRole::President,
            ),
            seat(
                juror(2, Gender::Male, false, "professionnel_secteur"),
                JuryRole::Member,
            ),
            seat(
                juror(3, Gender::Female, false, "professionnel_secteur"),
                JuryRole::Member,
            ),
            seat(
                juror(4, Gender::Male, true, "representant_cci"),
                JuryRole::Member,
            ),
            seat(
                juror(5, Gender::Female, true, "observateur_etablissement"),
                JuryRole::Observer,
            ),
        ]
    }

    #[test]
    fn a_valid_office_manager_jury_has_no_violation() {
        assert_eq!(
            check(&office_manager(), &office_manager_jury(), today()),
            vec![]
        );
    }

    #[test]
    fn office_manager_violations_one_at_a_time() {
        let rules = office_manager();
        // No president.
        let mut jury = office_manager_jury();
        jury[0].role = JuryRole::Member;
        assert_eq!(
            hard_messages(&rules, &jury),
            vec!["Le jury doit avoir un(e) président(e)."]
        );
        // A president who is not a qualified person of the economic world.
        let mut jury = office_manager_jury();
        jury[0].role = JuryRole::Member;
        jury[1].role = JuryRole::President;
        assert_eq!(
            hard_messages(&rules, &jury),
            vec![
                "La présidence revient à une personnalité qualifiée du monde économique ; Juré 2 ne l'est pas."
            ]
        );
        // Three members only.
        let mut jury = office_manager_jury();
        jury.remove(3);
        assert_eq!(
            hard_messages(&rules, &jury),
            vec![
                "Le jury doit compter exactement 4 membres votants ; il en compte 3.",
                "Il faut 1 représentant de la CCI ou de l'établissement ; le jury en compte 0."
            ]
        );
        // A member with under one year in the target jobs.
        let mut jury = office_manager_jury();
        jury[2].juror.years_experience = 0;
        assert_eq!(
            hard_messages(&rules, &jury),
            vec![
                "Chaque membre doit avoir au moins 1 an(s) d'expérience : ce n'est pas le cas de Juré 3."
            ]
        );
        // Inactive for more than 3 years (exactly 3 years is allowed).
        let mut jury = office_manager_jury();
        jury[1].juror.last_activity = NaiveDate::from_ymd_opt(2024, 3, 19);
        assert!(hard_messages(&rules, &jury).is_empty());
        jury[1].juror.last_activity = NaiveDate::from_ymd_opt(2024, 3, 18);
        assert_eq!(hard_messages(&rules, &jury).len(), 1);
        assert!(hard_messages(&rules, &jury)[0].contains("inactif depuis plus de 3 ans"));
        // Two observers.
        let mut jury = office_manager_jury();
        jury.push(seat(
            juror(6, Gender::Male, true, "observateur_etablissement"),
            JuryRole::Observer,
        ));
        assert_eq!(
            hard_messages(&rules, &jury),
            vec!["Au plus 1 observateur(s) sans voix délibérative ; il y en a 2."]
        );
        // The same person twice.
        let mut jury = office_manager_jury();
        jury[3] = seat(
            juror(2, Gender::Male, false, "professionnel_secteur"),
            JuryRole::Member,
        );
        assert!(
            hard_messages(&rules, &jury).contains(&"Juré 2 occupe deux sièges du jury.".to_owned())
        );
    }

    // --- Seed 000, template A ---

    fn formites_jury() -> Vec<Seat> {
        vec![
            seat(
                juror(1, Gender::Female, true, "responsable_of"),
                JuryRole::President,
            ),
            seat(
                juror(2, Gender::Male, true, "assistant_formation"),
                JuryRole::Member,
            ),
            seat(
                juror(3, Gender::Female, false, "responsable_of"),
                JuryRole::Member,
            ),
            seat(
                juror(4, Gender::Male, false, "professionnel_formation"),
                JuryRole::Member,
            ),
            seat(
                juror(5, Gender::Female, false, "professionnel_administratif"),
                JuryRole::Member,
            ),
        ]
    }

    #[test]
    fn a_valid_formites_jury_has_no_violation() {
        assert_eq!(check(&formites(), &formites_jury(), today()), vec![]);
    }

    #[test]
    fn formites_violations_one_at_a_time() {
        let rules = formites();
        // Three internal members, two external.
        let mut jury = formites_jury();
        jury[2].juror.internal = true;
        assert_eq!(
            hard_messages(&rules, &jury),
            vec![
                "Il faut exactement 2 membres internes au certificateur ; le jury en compte 3.",
                "Il faut exactement 3 professionnels externes au certificateur ; le jury en compte 2."
            ]
        );
        // An external member outside the allowed profiles.
        let mut jury = formites_jury();
        jury[4].juror.category = "professionnel_secteur".to_owned();
        assert_eq!(hard_messages(&rules, &jury).len(), 1);
        assert!(hard_messages(&rules, &jury)[0].ends_with("ce n'est pas le cas de Juré 5."));
        // Two years of experience only.
        let mut jury = formites_jury();
        jury[3].juror.years_experience = 2;
        assert!(hard_messages(&rules, &jury)[0].contains("au moins 3 an(s)"));
        // Parity: a warning only.
        let mut jury = formites_jury();
        for s in &mut jury {
            s.juror.gender = Gender::Female;
        }
        let found = check(&rules, &jury, today());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Soft);
        assert_eq!(
            found[0].message,
            "La parité femmes-hommes est recherchée : 5 femme(s), 0 homme(s)."
        );
        // An observer is not foreseen.
        let mut jury = formites_jury();
        jury.push(seat(
            juror(9, Gender::Male, false, "responsable_of"),
            JuryRole::Observer,
        ));
        assert_eq!(
            hard_messages(&rules, &jury),
            vec!["Les règles de cette certification ne prévoient pas d'observateur."]
        );
    }

    #[test]
    fn formites_postpones_when_a_member_is_missing() {
        let jury = formites_jury();
        assert_eq!(
            quorum(&formites(), &jury, &[1, 2, 3, 4, 5]),
            QuorumDecision::Deliberate
        );
        match quorum(&formites(), &jury, &[1, 2, 3, 4]) {
            QuorumDecision::Postpone(why) => assert!(why.contains("absent(s) : Juré 5"), "{why}"),
            other => panic!("expected a postponement, got {other:?}"),
        }
    }

    // --- Seed 003, template D ---

    fn bac_pro_jury() -> Vec<Seat> {
        let mut teacher = juror(1, Gender::Female, false, "enseignant");
        teacher.teacher = Teacher::Public;
        let mut private = juror(2, Gender::Male, false, "enseignant");
        private.teacher = Teacher::PrivateContract;
        let mut employer = juror(3, Gender::Male, false, "professionnel_secteur");
        employer.side = Side::Employer;
        let mut employee = juror(4, Gender::Female, false, "professionnel_secteur");
        employee.side = Side::Employee;
        vec![
            seat(teacher, JuryRole::President),
            seat(private, JuryRole::Member),
            seat(employer, JuryRole::Member),
            seat(employee, JuryRole::Member),
        ]
    }

    #[test]
    fn a_valid_bac_pro_jury_has_no_violation() {
        assert_eq!(check(&bac_pro(), &bac_pro_jury(), today()), vec![]);
    }

    #[test]
    fn bac_pro_violations_one_at_a_time() {
        let rules = bac_pro();
        // An employer without an employee: unbalanced (2/4 professionals would pass
        // the third, 1/4 does not).
        let mut jury = bac_pro_jury();
        jury.remove(3);
        jury.push({
            let mut t = juror(5, Gender::Female, false, "enseignant");
            t.teacher = Teacher::Public;
            seat(t, JuryRole::Member)
        });
        assert_eq!(
            hard_messages(&rules, &jury),
            vec![
                "Il faut au moins un tiers de membres de la profession : 1 sur 4 membres votants, il en faudrait au moins 2.",
                "Il faut autant d'employeurs que de salariés : 1 contre 0."
            ]
        );
        // No public teacher.
        let mut jury = bac_pro_jury();
        jury[0].juror.teacher = Teacher::Cfa;
        assert_eq!(
            hard_messages(&rules, &jury),
            vec!["Il faut au moins un professeur de l'enseignement public ; le jury en compte 0."]
        );
        // No private or CFA teacher: a warning ("sauf impossibilité").
        let mut jury = bac_pro_jury();
        jury[1].juror.teacher = Teacher::Public;
        let found = check(&rules, &jury, today());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Soft);
    }

    #[test]
    fn bac_pro_deliberates_despite_absences_but_not_without_its_president() {
        let jury = bac_pro_jury();
        match quorum(&bac_pro(), &jury, &[1, 2]) {
            QuorumDecision::DeliberateDespiteAbsence(who) => {
                assert!(who.contains("Juré 3, Juré 4"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            quorum(&bac_pro(), &jury, &[2, 3, 4]),
            QuorumDecision::Postpone(_)
        ));
    }

    #[test]
    fn rules_round_trip_through_json() {
        for rules in [
            formites(),
            bac_pro(),
            office_manager(),
            JuryRules::default(),
        ] {
            let json = serde_json::to_string(&rules).expect("json");
            assert_eq!(
                serde_json::from_str::<JuryRules>(&json).expect("back"),
                rules
            );
        }
    }
}
