//! Decimal helpers shared by scoring and reports: Excel-style rounding and Vietnamese formatting.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::text::Lang;

/// The decimal places a computed leaf score is rounded to (half away from zero): the score of a
/// `proportional` or `survey` rule, a share of the maximum, may not end (2/3 × 1 = 0.666…).
/// Rounding it makes every score a finite decimal, so what a report shows is the score itself
/// and parents and totals are exact sums of what is shown. The template's formulas round the
/// same way (`ROUND(…; 4)`). Other rules give points written in the set, or counts times
/// them, which end already.
pub(crate) const SCORE_DP: u32 = 4;

/// Rounds to `dp` decimal places, halves away from zero, as Excel's `ROUND` does.
///
/// `rust_decimal`'s plain `round_dp` rounds halves to even, which would turn 78.305 into 78.30
/// where Excel (and every appraisal council) writes 78.31.
///
/// ```
/// use parscore_core::{round_half_away, Decimal};
/// let d: Decimal = "78.305".parse().unwrap();
/// assert_eq!(round_half_away(d, 2).to_string(), "78.31");
/// ```
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `score / max × 100`, rounded to two decimals; `None` when `max` is zero (or the share is
/// beyond what a `Decimal` holds).
///
/// The result always carries exactly two decimal places, so it prints as `"78.30"`.
pub fn percent_of(score: Decimal, max: Decimal) -> Option<Decimal> {
    if max.is_zero() {
        return None;
    }
    // Multiplying first keeps the most digits; dividing first cannot overflow when it does.
    let ratio = score
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|m| m.checked_div(max))
        .or_else(|| score.checked_div(max)?.checked_mul(Decimal::ONE_HUNDRED))?;
    let mut p = round_half_away(ratio, 2);
    p.rescale(2);
    Some(p)
}

/// A total's percentage of `max` as reports give it: two decimals, kept within 0–100 (a
/// penalty cannot take it below 0, a bonus above 100), 0 when nothing applies.
pub(crate) fn percent_within(total: Decimal, max: Decimal) -> Decimal {
    let mut p =
        percent_of(total, max).unwrap_or(Decimal::ZERO).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    p.rescale(2);
    p
}

/// Writes a decimal without trailing zeros, with a decimal comma in Vietnamese ("0,5") and a
/// point in English ("0.5").
pub fn fmt_decimal(value: Decimal, lang: Lang) -> String {
    let s = value.normalize().to_string();
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Writes a percentage with exactly two decimals, as reports show it: "78,30" / "78.30".
pub fn fmt_percent(value: Decimal, lang: Lang) -> String {
    let mut v = round_half_away(value, 2);
    v.rescale(2);
    let s = v.to_string();
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_halves_away_from_zero_unlike_round_dp() {
        // 0.125 → 0.13 (Excel), where banker's rounding gives 0.12.
        assert_eq!(round_half_away(dec("0.125"), 2), dec("0.13"));
        assert_eq!(dec("0.125").round_dp(2), dec("0.12"));
        assert_eq!(round_half_away(dec("-0.125"), 2), dec("-0.13"));
    }

    #[test]
    fn percent_has_two_places() {
        // 78.3 / 100 → "78.30"; 2 / 3 → 66.666… → "66.67"; 1 / 8 = 12.5 → "12.50".
        assert_eq!(percent_of(dec("78.3"), dec("100")).unwrap().to_string(), "78.30");
        assert_eq!(percent_of(dec("2"), dec("3")).unwrap().to_string(), "66.67");
        assert_eq!(percent_of(dec("1"), dec("8")).unwrap().to_string(), "12.50");
        assert_eq!(percent_of(dec("1"), Decimal::ZERO), None);
    }

    #[test]
    fn formats_with_the_languages_decimal_mark() {
        assert_eq!(fmt_decimal(dec("0.50"), Lang::Vi), "0,5");
        assert_eq!(fmt_decimal(dec("0.50"), Lang::En), "0.5");
        assert_eq!(fmt_decimal(dec("2.00"), Lang::Vi), "2");
        assert_eq!(fmt_percent(dec("78.3"), Lang::Vi), "78,30");
        assert_eq!(fmt_percent(dec("100"), Lang::En), "100.00");
    }
}
