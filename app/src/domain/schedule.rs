//! Times of épreuves: durations lengthened by accommodations (seed 004: tiers-temps is
//! one third more time), start and end as the convocation shows them.

use chrono::{Duration, NaiveDateTime};

/// Minutes added by a tiers-temps: one third of the duration, rounded up to the minute.
pub fn tiers_temps_minutes(duration_minutes: u32) -> u32 {
    duration_minutes.div_ceil(3)
}

/// Extra time a candidate has at each sitting, from their granted accommodations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Allowance {
    /// One third more time (seed 004).
    pub tiers_temps: bool,
    /// Compensated pause minutes per sitting: the pause does not eat into working time.
    pub pause_minutes: u32,
}

impl Allowance {
    /// Whether the candidate has any extra time.
    pub fn is_none(self) -> bool {
        !self.tiers_temps && self.pause_minutes == 0
    }

    /// Minutes added to a sitting of `duration_minutes`.
    pub fn extra_minutes(self, duration_minutes: u32) -> u32 {
        let third = if self.tiers_temps {
            tiers_temps_minutes(duration_minutes)
        } else {
            0
        };
        third + self.pause_minutes
    }

    /// The end of a sitting that starts at `start` (local time).
    pub fn end(self, start: NaiveDateTime, duration_minutes: u32) -> NaiveDateTime {
        start
            + Duration::minutes(i64::from(
                duration_minutes + self.extra_minutes(duration_minutes),
            ))
    }

    /// `tiers-temps : 70 min de plus ; pauses compensées : 15 min`, or `None`.
    pub fn describe(self, duration_minutes: u32) -> Option<String> {
        let mut parts = Vec::new();
        if self.tiers_temps {
            parts.push(format!(
                "tiers-temps : {} min de plus",
                tiers_temps_minutes(duration_minutes)
            ));
        }
        if self.pause_minutes > 0 {
            parts.push(format!("pauses compensées : {} min", self.pause_minutes));
        }
        (!parts.is_empty()).then(|| parts.join(" ; "))
    }
}

/// The end of a sitting that starts at `start` (local time) and lasts `duration`
/// minutes, lengthened when the candidate has a tiers-temps.
pub fn end_time(start: NaiveDateTime, duration_minutes: u32, tiers_temps: bool) -> NaiveDateTime {
    Allowance {
        tiers_temps,
        pause_minutes: 0,
    }
    .end(start, duration_minutes)
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

    #[test]
    fn compensated_pauses_add_to_the_tiers_temps() {
        let both = Allowance {
            tiers_temps: true,
            pause_minutes: 15,
        };
        assert_eq!(both.extra_minutes(210), 85);
        assert_eq!(both.end(at(9, 0), 210), at(13, 55));
        assert_eq!(
            both.describe(210).as_deref(),
            Some("tiers-temps : 70 min de plus ; pauses compensées : 15 min")
        );
        let pauses = Allowance {
            tiers_temps: false,
            pause_minutes: 10,
        };
        assert_eq!(pauses.end(at(14, 0), 120), at(16, 10));
        assert_eq!(
            pauses.describe(120).as_deref(),
            Some("pauses compensées : 10 min")
        );
        assert!(Allowance::default().is_none());
        assert_eq!(Allowance::default().describe(120), None);
    }
}
