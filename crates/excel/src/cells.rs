//! Reading one cell as what a rule needs: numbers written as numbers or text, with a decimal
//! comma or point, percentages as 85, "85%" or 0.85, yes/no in the words users write.

use calamine::{Data, ExcelDateTime};
use parscore_core::{fold_label, Decimal};
use rust_decimal::prelude::ToPrimitive;
use unicode_normalization::UnicodeNormalization;

/// Text of a cell, NFC-normalised and trimmed; `None` for an empty cell.
pub fn text(cell: Option<&Data>) -> Option<String> {
    let s = match cell? {
        Data::Empty => return None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            s.nfc().collect::<String>()
        }
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => date(d),
        Data::Error(e) => e.to_string(),
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// Text folded for matching words: NFC, lower case, single spaces.
pub fn folded(cell: Option<&Data>) -> Option<String> {
    text(cell).map(|s| fold_label(&s))
}

/// Why a cell could not be read as a number.
pub fn describe(cell: &Data) -> String {
    match cell {
        Data::DateTime(d) if d.is_duration() => format!("a duration ({})", d.as_f64()),
        Data::DateTime(d) => format!("a date ({})", date(d)),
        Data::DateTimeIso(s) => format!("a date ({s})"),
        Data::Error(e) => format!("a formula error ({e})"),
        Data::Bool(b) => format!("a logical value ({})", if *b { "TRUE" } else { "FALSE" }),
        Data::String(s) => format!("the text \"{}\"", clip(s)),
        other => format!("{other}"),
    }
}

/// A date as Vietnamese write it, "10/12/2024", with the time when there is one.
fn date(d: &ExcelDateTime) -> String {
    let (y, m, day, h, min, _, _) = d.to_ymd_hms_milli();
    if h == 0 && min == 0 {
        format!("{day:02}/{m:02}/{y}")
    } else {
        format!("{day:02}/{m:02}/{y} {h:02}:{min:02}")
    }
}

/// At most 40 characters of `s`, for quoting a cell in a message.
pub fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A decimal from a number cell or from text like "0,5", "1.5", " 2 ". A percent sign is
/// not allowed here (see [`percent`]).
pub fn decimal(cell: &Data) -> Result<Decimal, String> {
    match cell {
        // A double's shortest round-trip text is what the user typed (0.1 stays "0.1").
        Data::Float(f) if f.is_finite() => {
            f.to_string().parse::<Decimal>().map_err(|_| format!("{f:e} is out of range"))
        }
        Data::Int(i) => Ok(Decimal::from(*i)),
        Data::String(s) => parse_text_number(s).ok_or_else(|| describe(cell)),
        _ => Err(describe(cell)),
    }
}

/// Parses "0,5", "1.234,5", "1,234.5", "85" — the last of `.`/`,` is the decimal mark when both
/// appear; a single mark is always decimal (Vietnamese "0,5" and English "0.5" both mean ½).
pub fn parse_text_number(s: &str) -> Option<Decimal> {
    let s: String = s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if s.is_empty() {
        return None;
    }
    let normalised = match (s.rfind('.'), s.rfind(',')) {
        (Some(p), Some(c)) if c > p => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (None, Some(_)) => s.replace(',', "."),
        _ => s,
    };
    if !normalised.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') {
        return None;
    }
    normalised.parse().ok()
}

/// A percentage 0–100 from 85, "85%", "85,5 %" or a share 0.85: a number up to 1 without a
/// percent sign is read as a share of 1, since Excel stores a cell formatted "85%" as 0.85.
pub fn percent(cell: &Data) -> Result<Decimal, String> {
    if let Data::String(s) = cell {
        let t = s.trim();
        if let Some(body) = t.strip_suffix('%') {
            return parse_text_number(body).ok_or_else(|| describe(cell));
        }
    }
    let v = decimal(cell)?;
    Ok(if v >= Decimal::ZERO && v <= Decimal::ONE { v * Decimal::ONE_HUNDRED } else { v })
}

/// A whole number ≥ 0, for counts.
pub fn count(cell: &Data) -> Result<u32, String> {
    let v = decimal(cell)?;
    if !v.fract().is_zero() || v < Decimal::ZERO {
        return Err(format!("{} is not a whole number of items", v.normalize()));
    }
    v.to_u32().ok_or_else(|| format!("{} is too large a count", v.normalize()))
}

/// Yes or no, in the words users write: Có/Không, x, yes/no, 1/0, Đạt/Không đạt, TRUE/FALSE,
/// and the rule's own labels.
pub fn yes_no(
    cell: &Data,
    yes_label: Option<&str>,
    no_label: Option<&str>,
) -> Result<bool, String> {
    match cell {
        Data::Bool(b) => return Ok(*b),
        Data::Int(1) => return Ok(true),
        Data::Int(0) => return Ok(false),
        Data::Float(f) if *f == 1.0 => return Ok(true),
        Data::Float(f) if *f == 0.0 => return Ok(false),
        _ => {}
    }
    let word = folded(Some(cell)).unwrap_or_default();
    let is = |label: Option<&str>| {
        label.is_some_and(|l| fold_label(&l.nfc().collect::<String>()) == word)
    };
    const YES: &[&str] = &["có", "x", "yes", "y", "1", "đạt", "đạt yêu cầu", "true", "đúng"];
    const NO: &[&str] =
        &["không", "no", "n", "0", "không đạt", "không đạt yêu cầu", "false", "sai"];
    if is(yes_label) || YES.contains(&word.as_str()) {
        Ok(true)
    } else if is(no_label) || NO.contains(&word.as_str()) {
        Ok(false)
    } else {
        Err(format!("{}; expected Có or Không", describe(cell)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_with_a_decimal_comma_or_point() {
        assert_eq!(decimal(&Data::String("0,5".into())), Ok(d("0.5")));
        assert_eq!(decimal(&Data::String(" 1.25 ".into())), Ok(d("1.25")));
        assert_eq!(decimal(&Data::String("1.234,5".into())), Ok(d("1234.5")));
        assert_eq!(decimal(&Data::String("1,234.5".into())), Ok(d("1234.5")));
        // 0.1 as a double prints back as "0.1": no binary noise reaches the score.
        assert_eq!(decimal(&Data::Float(0.1)), Ok(d("0.1")));
        assert_eq!(decimal(&Data::Int(3)), Ok(d("3")));
        assert_eq!(decimal(&Data::String("abc".into())), Err("the text \"abc\"".into()));
        // 45636 is 10 December 2024 in Excel's 1900 calendar.
        let day = Data::DateTime(ExcelDateTime::new(
            45636.0,
            calamine::ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(decimal(&day), Err("a date (10/12/2024)".into()));
        let err = Data::Error(calamine::CellErrorType::Div0);
        assert_eq!(decimal(&err), Err("a formula error (#DIV/0!)".into()));
        assert_eq!(text(Some(&err)).as_deref(), Some("#DIV/0!"));
    }

    #[test]
    fn numbers_beyond_a_decimal_are_refused_briefly() {
        assert_eq!(decimal(&Data::Float(1e300)), Err("1e300 is out of range".into()));
        assert_eq!(decimal(&Data::Float(-1e29)), Err("-1e29 is out of range".into()));
        assert_eq!(decimal(&Data::Float(1e-300)), Ok(Decimal::ZERO));
        assert_eq!(decimal(&Data::Float(f64::NAN)), Err("NaN".into()));
        assert_eq!(decimal(&Data::Float(1e27)), Ok(d("1000000000000000000000000000")));
    }

    #[test]
    fn percentages_in_every_form() {
        assert_eq!(percent(&Data::Float(85.0)), Ok(d("85")));
        assert_eq!(percent(&Data::Float(0.85)), Ok(d("85")));
        assert_eq!(percent(&Data::String("85%".into())), Ok(d("85")));
        assert_eq!(percent(&Data::String("85,5 %".into())), Ok(d("85.5")));
        assert_eq!(percent(&Data::String("0,5%".into())), Ok(d("0.5")));
    }

    #[test]
    fn counts_are_whole() {
        assert_eq!(count(&Data::Float(3.0)), Ok(3));
        assert_eq!(count(&Data::String("2".into())), Ok(2));
        assert_eq!(count(&Data::Float(2.5)), Err("2.5 is not a whole number of items".into()));
    }

    #[test]
    fn yes_and_no_in_users_words() {
        for y in ["Có", "có", "x", "X", "yes", "1", "Đạt yêu cầu"] {
            assert_eq!(yes_no(&Data::String(y.into()), None, None), Ok(true), "{y}");
        }
        for n in ["Không", "no", "0", "không đạt"] {
            assert_eq!(yes_no(&Data::String(n.into()), None, None), Ok(false), "{n}");
        }
        // NFD input (decomposed diacritics) reads the same.
        let nfd: String = "Có".nfd().collect();
        assert_eq!(yes_no(&Data::String(nfd), None, None), Ok(true));
        assert_eq!(yes_no(&Data::Bool(true), None, None), Ok(true));
        assert!(yes_no(&Data::String("có lẽ".into()), None, None).is_err());
    }
}
