//! Individual passages at an oral, interview or practical sitting: candidates pass one
//! after the other, each for the épreuve's phases (seed 002: 15 min preparation + 15 min
//! simulation + 15 min interview), lengthened by their own accommodations (tiers-temps,
//! compensated pauses), with a short changeover between candidates and a break for the
//! examiners every few passages. Times are French local times.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::epreuve::PhaseSetting;
use super::schedule::Allowance;
use super::templates::EpreuveKind;

/// Whether candidates of this kind of épreuve pass one by one.
pub fn individual(kind: EpreuveKind) -> bool {
    matches!(
        kind,
        EpreuveKind::Oral
            | EpreuveKind::Interview
            | EpreuveKind::FileAndInterview
            | EpreuveKind::Simulation
            | EpreuveKind::Practical
    )
}

/// One passage's length: the sum of the phases, or the épreuve's duration.
pub fn passage_minutes(phases: &[PhaseSetting], duration: Option<u32>) -> u32 {
    let sum: u32 = phases.iter().map(|p| p.minutes).sum();
    if sum > 0 { sum } else { duration.unwrap_or(0) }
}

/// `Préparation 15 min + Mise en situation 15 min + Entretien 15 min (45 min)`, or the
/// duration alone.
pub fn phases_text(phases: &[PhaseSetting], duration: Option<u32>) -> String {
    let total = passage_minutes(phases, duration);
    if phases.is_empty() {
        format!("{total} min")
    } else {
        format!(
            "{} ({total} min)",
            phases
                .iter()
                .map(|p| format!("{} {} min", p.label, p.minutes))
                .collect::<Vec<_>>()
                .join(" + ")
        )
    }
}

/// Reads phases typed one per line as `libellé ; minutes` (or `libellé : 15 min`);
/// every problem in French with its line.
pub fn parse_phases(text: &str) -> Result<Vec<PhaseSetting>, Vec<String>> {
    let mut phases = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parsed = line.rsplit_once([';', ':']).and_then(|(label, minutes)| {
            let minutes = minutes.trim().trim_end_matches("min").trim();
            let label = label.trim();
            match minutes.parse::<u32>() {
                Ok(m) if (1..=super::epreuve::MAX_DURATION).contains(&m) && !label.is_empty() => {
                    Some(PhaseSetting {
                        label: label.chars().take(80).collect(),
                        minutes: m,
                    })
                }
                _ => None,
            }
        });
        match parsed {
            Some(phase) => phases.push(phase),
            None => problems.push(format!(
                "Phase, ligne {} : écrivez « libellé ; minutes » (par exemple « Préparation ; 15 »).",
                i + 1
            )),
        }
    }
    if problems.is_empty() {
        Ok(phases)
    } else {
        Err(problems)
    }
}

/// Phases as the form shows them, one `libellé ; minutes` per line.
pub fn phases_lines(phases: &[PhaseSetting]) -> String {
    phases
        .iter()
        .map(|p| format!("{} ; {}", p.label, p.minutes))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How passages follow each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    /// Minutes between two candidates (changeover, deliberation of the examiners).
    pub gap: u32,
    /// A break after this many passages (0: none).
    pub break_every: u32,
    pub break_minutes: u32,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            gap: 5,
            break_every: 4,
            break_minutes: 15,
        }
    }
}

/// A planned passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    pub enrolment: i32,
    /// From 1.
    pub position: u32,
    pub start: NaiveDateTime,
    /// The candidate's own length.
    pub minutes: u32,
}

/// Plans the passages of `candidates` (in order, with their allowance) from `start`.
pub fn plan(
    start: NaiveDateTime,
    minutes: u32,
    candidates: &[(i32, Allowance)],
    pace: Pace,
) -> Vec<Planned> {
    let mut at = start;
    let mut out = Vec::with_capacity(candidates.len());
    for (i, (enrolment, allowance)) in candidates.iter().enumerate() {
        let own = minutes + allowance.extra_minutes(minutes);
        out.push(Planned {
            enrolment: *enrolment,
            position: u32::try_from(i + 1).unwrap_or(u32::MAX),
            start: at,
            minutes: own,
        });
        at += Duration::minutes(i64::from(own + pace.gap));
        let done = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if pace.break_every > 0 && done % pace.break_every == 0 && i + 1 < candidates.len() {
            at += Duration::minutes(i64::from(pace.break_minutes));
        }
    }
    out
}

/// Checks the pace typed in a form; every problem in French.
pub fn check_pace(gap: &str, every: &str, pause: &str) -> Result<Pace, Vec<String>> {
    let mut problems = Vec::new();
    let mut read = |text: &str, what: &str, max: u32| -> u32 {
        match text.trim().parse::<u32>() {
            Ok(n) if n <= max => n,
            _ => {
                problems.push(format!(
                    "{what} « {} » invalide (un nombre entier de 0 à {max}).",
                    text.chars().take(10).collect::<String>()
                ));
                0
            }
        }
    };
    let pace = Pace {
        gap: read(gap, "Battement entre deux candidats", 120),
        break_every: read(every, "Pause tous les", 50),
        break_minutes: read(pause, "Durée de la pause", 120),
    };
    if problems.is_empty() {
        Ok(pace)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, 16)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .expect("time")
    }

    fn seed_002_phases() -> Vec<PhaseSetting> {
        [
            ("Préparation", 15),
            ("Mise en situation", 15),
            ("Entretien", 15),
        ]
        .into_iter()
        .map(|(label, minutes)| PhaseSetting {
            label: label.to_owned(),
            minutes,
        })
        .collect()
    }

    #[test]
    fn eight_candidates_pass_one_after_the_other_with_a_break() {
        let minutes = passage_minutes(&seed_002_phases(), Some(45));
        assert_eq!(minutes, 45);
        let candidates: Vec<(i32, Allowance)> =
            (1..=8).map(|e| (e, Allowance::default())).collect();
        let planned = plan(at(9, 0), minutes, &candidates, Pace::default());
        let starts: Vec<String> = planned
            .iter()
            .map(|p| p.start.format("%Hh%M").to_string())
            .collect();
        // 45 min + 5 min changeover; a 15-minute break after the fourth.
        assert_eq!(
            starts,
            [
                "09h00", "09h50", "10h40", "11h30", "12h35", "13h25", "14h15", "15h05"
            ]
        );
        assert_eq!(planned[7].position, 8);
    }

    #[test]
    fn a_tiers_temps_lengthens_only_that_candidates_passage() {
        let tiers = Allowance {
            tiers_temps: true,
            pause_minutes: 0,
        };
        let planned = plan(
            at(9, 0),
            45,
            &[
                (1, Allowance::default()),
                (2, tiers),
                (3, Allowance::default()),
            ],
            Pace {
                gap: 0,
                break_every: 0,
                break_minutes: 0,
            },
        );
        assert_eq!(planned[1].minutes, 60);
        assert_eq!(planned[0].minutes, 45);
        assert_eq!(planned[2].start, at(10, 45));
    }

    #[test]
    fn phases_are_described_with_their_total_and_the_pace_is_checked() {
        assert_eq!(
            phases_text(&seed_002_phases(), Some(45)),
            "Préparation 15 min + Mise en situation 15 min + Entretien 15 min (45 min)"
        );
        assert_eq!(phases_text(&[], Some(30)), "30 min");
        assert!(individual(EpreuveKind::Interview));
        assert!(!individual(EpreuveKind::WrittenExam));
        assert_eq!(
            check_pace("5", "4", "15"),
            Ok(Pace {
                gap: 5,
                break_every: 4,
                break_minutes: 15
            })
        );
        let problems = check_pace("cinq", "4", "500").expect_err("refused");
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn phases_are_typed_one_per_line() {
        let phases = parse_phases("Préparation ; 15\nMise en situation : 15 min\n\nEntretien;15")
            .expect("valid");
        assert_eq!(phases, seed_002_phases());
        assert_eq!(parse_phases(&phases_lines(&phases)), Ok(phases));
        let problems = parse_phases("Préparation\n; 10\nOral ; 0").expect_err("refused");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("ligne 1"));
    }
}
