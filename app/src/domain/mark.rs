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
pub fn parse_points(text: &str, max: Decimal) -> Result<Decimal, MarkError> {
    let cleaned = text.trim().replace(',', ".");
    let value: Decimal = cleaned
        .parse()
        .map_err(|_| MarkError::NotANumber(text.trim().to_owned()))?;
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
