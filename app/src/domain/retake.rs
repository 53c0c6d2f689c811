//! Enrolling a candidate again (retake): refused once they hold the certification, and,
//! where the certification limits retakes (seed 004: "chaque bloc non validé peut être
//! repassé une fois, dans un délai de 5 ans"), when a bloc they still need has already
//! been attempted as many times as the rule allows within its window.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::format::date_fr;

/// How often a non-validated bloc may be taken again, and within how many years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetakePolicy {
    /// Retakes allowed per bloc after the first attempt.
    pub per_bloc: u8,
    pub years: u8,
}

/// A published earlier enrolment in the same certification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub session: String,
    pub on: NaiveDate,
    /// The full certification was obtained.
    pub full: bool,
    /// Postponed for a make-up: not an attempt yet.
    pub counts: bool,
    /// Blocs assessed and not validated in that session.
    pub failed: Vec<String>,
}

/// Checks a new enrolment starting `starts_on`: `needed` are the certification's blocs
/// not capitalised (still valid) for the candidate.
pub fn check(
    policy: Option<RetakePolicy>,
    attempts: &[Attempt],
    needed: &[String],
    starts_on: NaiveDate,
) -> Result<(), String> {
    if let Some(full) = attempts.iter().find(|a| a.full) {
        return Err(format!(
            "Ce candidat est déjà titulaire de la certification (session « {} », {}) : une nouvelle inscription n'a pas d'objet.",
            full.session,
            date_fr(full.on)
        ));
    }
    let Some(policy) = policy else {
        return Ok(());
    };
    let window_start = starts_on
        .checked_sub_months(chrono::Months::new(12 * u32::from(policy.years)))
        .unwrap_or(starts_on);
    let allowed = usize::from(policy.per_bloc) + 1;
    let exhausted: Vec<String> = needed
        .iter()
        .filter(|bloc| {
            attempts
                .iter()
                .filter(|a| a.counts && a.on >= window_start && a.on <= starts_on)
                .filter(|a| a.failed.contains(bloc))
                .count()
                >= allowed
        })
        .cloned()
        .collect();
    if exhausted.is_empty() {
        return Ok(());
    }
    Err(format!(
        "Le règlement de la certification permet de repasser un bloc non validé {} fois dans les {} ans : {} {} déjà été présenté{} {allowed} fois depuis le {}. L'inscription est refusée.",
        policy.per_bloc,
        policy.years,
        exhausted.join(", "),
        if exhausted.len() > 1 { "ont" } else { "a" },
        if exhausted.len() > 1 { "s" } else { "" },
        date_fr(window_start)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn attempt(on: NaiveDate, failed: &[&str]) -> Attempt {
        Attempt {
            session: format!("Session du {}", date_fr(on)),
            on,
            full: false,
            counts: true,
            failed: failed.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    const OFFICE_MANAGER: Option<RetakePolicy> = Some(RetakePolicy {
        per_bloc: 1,
        years: 5,
    });

    #[test]
    fn a_bloc_is_retaken_once_within_five_years() {
        let needed = vec!["BC03".to_owned()];
        let first = [attempt(d(2026, 11, 2), &["BC03"])];
        assert_eq!(
            check(OFFICE_MANAGER, &first, &needed, d(2027, 3, 15)),
            Ok(())
        );
        let twice = [
            attempt(d(2026, 11, 2), &["BC03"]),
            attempt(d(2027, 3, 15), &["BC03"]),
        ];
        let refused = check(OFFICE_MANAGER, &twice, &needed, d(2027, 11, 8)).expect_err("third");
        assert!(
            refused.contains("BC03 a déjà été présenté 2 fois depuis le 08/11/2022"),
            "{refused}"
        );
        // Five years later the window has moved on.
        assert_eq!(
            check(OFFICE_MANAGER, &twice, &needed, d(2032, 6, 1)),
            Ok(())
        );
        // A bloc capitalised since is not needed any more.
        assert_eq!(check(OFFICE_MANAGER, &twice, &[], d(2027, 11, 8)), Ok(()));
    }

    #[test]
    fn a_make_up_is_not_an_attempt_and_a_holder_cannot_enrol_again() {
        let needed = vec!["BC03".to_owned()];
        let mut postponed = attempt(d(2026, 11, 2), &["BC03"]);
        postponed.counts = false;
        let attempts = [postponed, attempt(d(2027, 3, 15), &["BC03"])];
        assert_eq!(
            check(OFFICE_MANAGER, &attempts, &needed, d(2027, 11, 8)),
            Ok(())
        );
        let mut full = attempt(d(2026, 11, 2), &[]);
        full.full = true;
        assert!(
            check(None, &[full], &needed, d(2027, 3, 15))
                .expect_err("holder")
                .contains("déjà titulaire")
        );
        // Without a rule, retakes are not limited.
        let many: Vec<Attempt> = (0..4)
            .map(|i| attempt(d(2026, 1 + i, 1), &["BC03"]))
            .collect();
        assert_eq!(check(None, &many, &needed, d(2027, 3, 15)), Ok(()));
    }
}
