//! What may happen when: an épreuve with a sitting is graded, and its attendance
//! recorded, once the sitting has started (a continuous-assessment module without a
//! sitting is graded any time before the deliberation); the deliberation closes once
//! the last sitting is over. Times are French local times, given by the caller.

use chrono::NaiveDateTime;

fn at_fr(at: NaiveDateTime) -> String {
    at.format("%d/%m/%Y à %Hh%M").to_string()
}

/// Whether the sheet of an épreuve can be saved at `now`: `sitting` is the start of the
/// candidate's sitting (their own passage when they have one), `None` for an épreuve
/// without a sitting.
pub fn grading_open(
    epreuve: &str,
    sitting: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), String> {
    match sitting {
        Some(starts) if now < starts => Err(format!(
            "L'épreuve « {epreuve} » a lieu le {} : sa notation ouvre à son début, pas avant.",
            at_fr(starts)
        )),
        _ => Ok(()),
    }
}

/// Whether attendance at a sitting can be recorded at `now`.
pub fn attendance_open(starts: NaiveDateTime, now: NaiveDateTime) -> Result<(), String> {
    if now < starts {
        Err(format!(
            "Cette épreuve commence le {} : les présences se relèvent à partir de son début.",
            at_fr(starts)
        ))
    } else {
        Ok(())
    }
}

/// Whether the deliberation can close at `now`: `last_end` is the end of the session's
/// last sitting, if any is planned.
pub fn closing_open(last_end: Option<NaiveDateTime>, now: NaiveDateTime) -> Result<(), String> {
    match last_end {
        Some(end) if now < end => Err(format!(
            "La dernière épreuve de la session se termine le {} : le jury ne délibère qu'une fois toutes les épreuves passées.",
            at_fr(end)
        )),
        _ => Ok(()),
    }
}

/// Whether a candidate may still ask for an accommodation at `now`: before the last
/// sitting starts (`last_start`), or, without a timetable yet, until the session's last
/// day (`ends_on`).
pub fn accommodation_requests_open(
    last_start: Option<NaiveDateTime>,
    ends_on: chrono::NaiveDate,
    now: NaiveDateTime,
) -> bool {
    match last_start {
        Some(start) => now < start,
        None => now.date() <= ends_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn accommodations_are_asked_for_until_the_last_sitting_starts() {
        let ends = NaiveDate::from_ymd_opt(2027, 3, 19).expect("date");
        assert!(accommodation_requests_open(
            Some(at(16, 9, 0)),
            ends,
            at(16, 8, 59)
        ));
        assert!(!accommodation_requests_open(
            Some(at(16, 9, 0)),
            ends,
            at(16, 9, 0)
        ));
        assert!(accommodation_requests_open(None, ends, at(19, 23, 0)));
        assert!(!accommodation_requests_open(None, ends, at(20, 0, 0)));
    }

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .expect("date")
    }

    #[test]
    fn an_epreuve_is_graded_from_the_start_of_its_sitting() {
        let refused = grading_open("B3.E1", Some(at(16, 9, 0)), at(16, 8, 59)).unwrap_err();
        assert_eq!(
            refused,
            "L'épreuve « B3.E1 » a lieu le 16/03/2027 à 09h00 : sa notation ouvre à son début, pas avant."
        );
        assert_eq!(
            grading_open("B3.E1", Some(at(16, 9, 0)), at(16, 9, 0)),
            Ok(())
        );
        // A continuous-assessment module without a sitting: any time.
        assert_eq!(grading_open("M1.1", None, at(1, 0, 0)), Ok(()));
    }

    #[test]
    fn attendance_from_the_start_and_closing_after_the_last_sitting() {
        assert!(attendance_open(at(16, 9, 0), at(15, 18, 0)).is_err());
        assert_eq!(attendance_open(at(16, 9, 0), at(16, 9, 0)), Ok(()));
        let refused = closing_open(Some(at(19, 12, 30)), at(19, 12, 0)).unwrap_err();
        assert!(refused.contains("19/03/2027 à 12h30"), "{refused}");
        assert_eq!(closing_open(Some(at(19, 12, 30)), at(19, 12, 30)), Ok(()));
        assert_eq!(closing_open(None, at(1, 0, 0)), Ok(()));
    }
}
