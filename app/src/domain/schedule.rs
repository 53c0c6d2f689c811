//! Times of épreuves: durations lengthened by accommodations (seed 004: tiers-temps is
//! one third more time), start and end as the convocation shows them.

use chrono::{Duration, NaiveDateTime};

/// Minutes added by a tiers-temps: one third of the duration, rounded up to the minute.
pub fn tiers_temps_minutes(duration_minutes: u32) -> u32 {
    duration_minutes.div_ceil(3)
}

/// The end of a sitting that starts at `start` (local time) and lasts `duration`
/// minutes, lengthened when the candidate has a tiers-temps.
pub fn end_time(start: NaiveDateTime, duration_minutes: u32, tiers_temps: bool) -> NaiveDateTime {
    let extra = if tiers_temps {
        tiers_temps_minutes(duration_minutes)
    } else {
        0
    };
    start + Duration::minutes(i64::from(duration_minutes + extra))
}

/// `15/03/2027 à 09h00`.
pub fn datetime_fr(at: NaiveDateTime) -> String {
    at.format("%d/%m/%Y à %Hh%M").to_string()
}

/// `09h00`.
pub fn time_fr(at: NaiveDateTime) -> String {
    at.format("%Hh%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, 15)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .expect("time")
    }

    #[test]
    fn a_tiers_temps_adds_a_third_rounded_up() {
        assert_eq!(tiers_temps_minutes(180), 60);
        assert_eq!(tiers_temps_minutes(210), 70);
        assert_eq!(tiers_temps_minutes(45), 15);
        assert_eq!(tiers_temps_minutes(20), 7);
        assert_eq!(end_time(at(9, 0), 210, false), at(12, 30));
        assert_eq!(end_time(at(9, 0), 210, true), at(13, 40));
        assert_eq!(time_fr(end_time(at(14, 0), 150, true)), "17h20");
    }
}
