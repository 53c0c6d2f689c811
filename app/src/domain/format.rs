//! French formatting of dates and numbers: `22/11/2026`, `12,5`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

/// A date as `JJ/MM/AAAA`.
pub fn date_fr(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A UTC instant as `JJ/MM/AAAA à HHhMM` (UTC; the interface states the zone where it matters).
pub fn datetime_fr(at: DateTime<Utc>) -> String {
    at.format("%d/%m/%Y à %Hh%M").to_string()
}

/// A decimal with a comma and no trailing zeros: `12,5`, `8`, `0,25`.
pub fn decimal_fr(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
