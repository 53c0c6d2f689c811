//! Marks: a number of points within `[0, max]` with at most two decimals. Every mark
//! entering the system — typed by a grader, imported, or read by `evaluate` — goes
//! through `check_points`.

use rust_decimal::Decimal;

use super::format::decimal_fr as fr;

/// Why a mark is refused, in French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    #[error("« {0} » n'est pas un nombre (exemples : 12, 12,5 ou 12.5)")]
    NotANumber(String),
    #[error("la note ne peut pas être négative ({})", fr(*.0))]
    Negative(Decimal),
    #[error("la note {} dépasse le maximum de {} points", fr(*.value), fr(*.max))]
    AboveMax { value: Decimal, max: Decimal },
    #[error("la note {} a plus de deux décimales", fr(*.0))]
    TooManyDecimals(Decimal),
}

/// Checks a number of points against its maximum.
pub fn check_points(value: Decimal, max: Decimal) -> Result<Decimal, MarkError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(MarkError::Negative(value));
    }
    if value.normalize().scale() > 2 {
        return Err(MarkError::TooManyDecimals(value));
    }
    if value > max {
        return Err(MarkError::AboveMax { value, max });
    }
    Ok(value)
}

/// Reads a mark typed the French way (`12,5`) or the English way (`12.5`), then checks it.
/// Only digits with at most one `,` or `.` followed by digits (and a leading `-`, to be
/// refused as negative): no exponent, no digit separator, no sign `+`.
pub fn parse_points(text: &str, max: Decimal) -> Result<Decimal, MarkError> {
    let trimmed = text.trim();
    let not_a_number = || MarkError::NotANumber(trimmed.chars().take(40).collect());
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let (whole, fraction) = match unsigned.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| {
        !part.is_empty() && part.len() <= 12 && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err(not_a_number());
    }
    let value: Decimal = trimmed
        .replace(',', ".")
        .parse()
        .map_err(|_| not_a_number())?;
    check_points(value, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn marks_within_range_with_two_decimals_are_accepted() {
        assert_eq!(parse_points("12,5", dec!(20)), Ok(dec!(12.5)));
        assert_eq!(parse_points(" 12.25 ", dec!(20)), Ok(dec!(12.25)));
        assert_eq!(parse_points("20", dec!(20)), Ok(dec!(20)));
        assert_eq!(parse_points("0", dec!(20)), Ok(dec!(0)));
        assert_eq!(parse_points("12,50", dec!(20)), Ok(dec!(12.50)));
    }

    #[test]
    fn only_plain_decimals_are_read() {
        for text in [
            "1_5", "1e1", "1E1", "+5", "0x10", "1,2,3", "1.", ",5", "", "- 5", "NaN", "１２",
        ] {
            assert!(
                matches!(parse_points(text, dec!(20)), Err(MarkError::NotANumber(_))),
                "{text:?} accepted"
            );
        }
    }

    #[test]
    fn bad_marks_are_refused_with_their_reason() {
        assert_eq!(
            parse_points("-1", dec!(20)),
            Err(MarkError::Negative(dec!(-1)))
        );
        assert_eq!(
            parse_points("20,01", dec!(20)),
            Err(MarkError::AboveMax {
                value: dec!(20.01),
                max: dec!(20)
            })
        );
        assert_eq!(
            parse_points("12,345", dec!(20)),
            Err(MarkError::TooManyDecimals(dec!(12.345)))
        );
        assert_eq!(
            parse_points("douze", dec!(20)),
            Err(MarkError::NotANumber("douze".to_owned()))
        );
        assert_eq!(
            parse_points("", dec!(20)),
            Err(MarkError::NotANumber(String::new()))
        );
    }
}
