//! French formatting of dates and numbers: `22/11/2026`, `12,5`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

/// A date as `JJ/MM/AAAA`.
pub fn date_fr(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The last Sunday of a month, at 01:00 UTC: when European summer time starts (March)
/// and ends (October).
fn last_sunday_1am_utc(year: i32, month: u32) -> Option<DateTime<Utc>> {
    use chrono::{Datelike, TimeZone};
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    let sunday = last - chrono::Duration::days(i64::from(back));
    Utc.from_local_datetime(&sunday.and_hms_opt(1, 0, 0)?)
        .single()
}

/// A UTC instant in French local time (Europe/Paris: UTC+1, UTC+2 in summer time, from
/// the last Sunday of March to the last Sunday of October at 01:00 UTC). The same rule
/// as the time-zone database since 1996, without shipping it to the browser.
pub fn paris(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    use chrono::Datelike;
    let year = at.year();
    let summer = match (last_sunday_1am_utc(year, 3), last_sunday_1am_utc(year, 10)) {
        (Some(start), Some(end)) => at >= start && at < end,
        _ => false,
    };
    (at + chrono::Duration::hours(if summer { 2 } else { 1 })).naive_utc()
}

/// A UTC instant as `JJ/MM/AAAA à HHhMM`, in French local time.
pub fn datetime_fr(at: DateTime<Utc>) -> String {
    paris(at).format("%d/%m/%Y à %Hh%M").to_string()
}

/// A person as issued documents name them: first name, then the surname in capitals
/// (`Camille DURAND`).
pub fn holder_name(first_name: &str, last_name: &str) -> String {
    format!("{first_name} {}", last_name.to_uppercase())
}

/// `CODE — Title`, without repeating a code the title already starts with (the modules
/// of seed 004 are titled `M1.1 — Maîtriser…`).
pub fn code_title(code: &str, title: &str) -> String {
    if code.is_empty() || title.trim_start().starts_with(code) {
        title.to_owned()
    } else {
        format!("{code} — {title}")
    }
}

/// A title with its length, unless the title already says it (`Entretien (15 min)`).
pub fn with_minutes(title: &str, minutes: Option<u32>) -> String {
    match minutes {
        Some(m) if !title.contains(&format!("{m} min")) => format!("{title} ({m} min)"),
        _ => title.to_owned(),
    }
}

/// A decimal with a comma and no trailing zeros: `12,5`, `8`, `0,25`.
pub fn decimal_fr(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// A SIRET as it is read aloud: "123 456 789 00012" (SIREN, then the establishment's
/// five digits); anything else as it is.
pub fn siret(siret: &str) -> String {
    if siret.len() == 14 && siret.chars().all(|c| c.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &siret[..3],
            &siret[3..6],
            &siret[6..9],
            &siret[9..]
        )
    } else {
        siret.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_siret_reads_in_groups() {
        assert_eq!(siret("12345678900012"), "123 456 789 00012");
        assert_eq!(siret("1234"), "1234");
    }
    use rust_decimal_macros::dec;

    #[test]
    fn dates_are_day_month_year() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(date_fr(date), "02/11/2026");
    }

    #[test]
    fn decimals_use_a_comma_without_trailing_zeros() {
        assert_eq!(decimal_fr(dec!(12.50)), "12,5");
        assert_eq!(decimal_fr(dec!(8.00)), "8");
        assert_eq!(decimal_fr(dec!(0.25)), "0,25");
    }

    #[test]
    fn instants_are_shown_in_paris_time_winter_and_summer() {
        use chrono::TimeZone;
        let winter = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        assert_eq!(datetime_fr(winter), "22/11/2026 à 10h00");
        let summer = Utc.with_ymd_and_hms(2027, 6, 1, 12, 30, 0).unwrap();
        assert_eq!(datetime_fr(summer), "01/06/2027 à 14h30");
        // 28/03/2027: summer time from 01:00 UTC (02:00 → 03:00 in Paris).
        let before = Utc.with_ymd_and_hms(2027, 3, 28, 0, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2027, 3, 28, 1, 0, 0).unwrap();
        assert_eq!(datetime_fr(before), "28/03/2027 à 01h59");
        assert_eq!(datetime_fr(after), "28/03/2027 à 03h00");
        // 31/10/2027: back to winter time at 01:00 UTC.
        let last = Utc.with_ymd_and_hms(2027, 10, 31, 0, 59, 0).unwrap();
        let back = Utc.with_ymd_and_hms(2027, 10, 31, 1, 0, 0).unwrap();
        assert_eq!(datetime_fr(last), "31/10/2027 à 02h59");
        assert_eq!(datetime_fr(back), "31/10/2027 à 02h00");
    }

    #[test]
    fn codes_and_durations_are_not_repeated() {
        assert_eq!(
            code_title("M1.1", "M1.1 — Maîtriser les écrits"),
            "M1.1 — Maîtriser les écrits"
        );
        assert_eq!(code_title("B3.E1", "Étude de cas"), "B3.E1 — Étude de cas");
        assert_eq!(
            with_minutes("Entretien (15 min)", Some(15)),
            "Entretien (15 min)"
        );
        assert_eq!(
            with_minutes("Étude de cas", Some(210)),
            "Étude de cas (210 min)"
        );
        assert_eq!(with_minutes("Rapport", None), "Rapport");
    }
}
