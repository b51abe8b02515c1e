//! Reading one cell as what a rule needs: numbers written as numbers or text, with a decimal
//! comma or point, percentages as 85, "85%" or 0.85, yes/no in the words users write.

use std::borrow::Cow;

use calamine::{Data, ExcelDateTime};
use parscore_core::{fmt_decimal, fold_label, Decimal, Input, Lang, Text};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `s` in NFC. Nearly all text in workbooks is NFC already (Excel and LibreOffice write it so);
/// the quick check lets such text through as it is, without decomposing, recomposing and
/// copying every cell (this was a tenth of `parscore rank`'s time). Only text the check cannot
/// vouch for (`No` or `Maybe`) is normalised.
pub fn nfc(s: &str) -> Cow<'_, str> {
    if s.chars().all(always_nfc) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Whether `c` is NFC wherever it stands: a starter (combining class 0) that NFC keeps as it
/// is. True of everything below the combining diacritics (U+0300: ASCII, Latin-1, Latin
/// Extended-A and B, so đ, ơ, ư) and of Latin Extended Additional (U+1E00–U+1EFF: ạ, ế, ữ …),
/// so Vietnamese text in NFC passes with a comparison a character, without the quick check's
/// table lookups. A test checks the claim against unicode-normalization's tables.
fn always_nfc(c: char) -> bool {
    c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// The text of a non-empty cell, NFC-normalised but not trimmed; `None` for an empty cell.
fn raw_text(cell: &Data) -> Option<Cow<'_, str>> {
    Some(match cell {
        Data::Empty => return None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => nfc(s),
        Data::Float(f) => Cow::Owned(f.to_string()),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => Cow::Owned(date(d)),
        Data::Error(e) => Cow::Owned(e.to_string()),
    })
}

/// Text of a cell, NFC-normalised and trimmed; `None` for an empty cell.
pub fn text(cell: Option<&Data>) -> Option<String> {
    let s = raw_text(cell?)?;
    let trimmed = s.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == s.len() {
        // Nothing to trim: one copy of a borrowed cell, none of a string made above.
        Some(s.into_owned())
    } else {
        Some(trimmed.to_string())
    }
}

/// Text folded for matching words: NFC, lower case, single spaces.
pub fn folded(cell: Option<&Data>) -> Option<String> {
    // `fold_label` trims and collapses white space itself, so the trimmed copy `text` would
    // make first is not needed; only blank text must still be `None`.
    let s = raw_text(cell?)?;
    (!s.trim().is_empty()).then(|| fold_label(&s))
}

/// Why a cell could not be read as a number, in Vietnamese and English.
pub fn describe(cell: &Data) -> Text {
    let (vi, en) = match cell {
        Data::DateTime(d) if d.is_duration() => {
            (format!("khoảng thời gian ({})", d.as_f64()), format!("a duration ({})", d.as_f64()))
        }
        Data::DateTime(d) => (format!("ngày tháng ({})", date(d)), format!("a date ({})", date(d))),
        Data::DateTimeIso(s) => (format!("ngày tháng ({s})"), format!("a date ({s})")),
        Data::Error(e) => (format!("lỗi công thức ({e})"), format!("a formula error ({e})")),
        Data::Bool(b) => {
            let b = if *b { "TRUE" } else { "FALSE" };
            (format!("giá trị logic ({b})"), format!("a logical value ({b})"))
        }
        Data::String(s) => {
            (format!("nội dung \"{}\"", clip(s)), format!("the text \"{}\"", clip(s)))
        }
        other => (format!("{other}"), format!("{other}")),
    };
    Text::new(vi, en)
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
pub fn decimal(cell: &Data) -> Result<Decimal, Text> {
    match cell {
        // A double's shortest round-trip text is what the user typed (0.1 stays "0.1").
        Data::Float(f) if f.is_finite() => f.to_string().parse::<Decimal>().map_err(|_| {
            Text::new(format!("{f:e} vượt quá phạm vi cho phép"), format!("{f:e} is out of range"))
        }),
        Data::Int(i) => Ok(Decimal::from(*i)),
        Data::String(s) => match thousands_or_decimal(s) {
            Some((small, large)) => Err(Text::new(
                format!(
                    "\"{}\" có thể là {} hoặc {}: hãy ghi số không có dấu phân cách hàng nghìn",
                    s.trim(),
                    fmt_decimal(small, Lang::Vi),
                    fmt_decimal(large, Lang::Vi)
                ),
                format!(
                    "\"{}\" may be {} or {}: write the number without a thousands separator",
                    s.trim(),
                    small.normalize(),
                    large.normalize()
                ),
            )),
            None => parse_text_number(s).ok_or_else(|| describe(cell)),
        },
        _ => Err(describe(cell)),
    }
}

/// Text such as "1.000" or "2,500": one mark followed by exactly three digits, after 1–3
/// digits that are not all zero. Vietnamese writes thousands with a dot ("1.000" = 1000) and
/// decimals with a comma, English the other way round, and users type both; guessing would
/// give a score a thousand times off, so such text is refused with both readings (the
/// decimal one first). "0,500", "1,5" and "1.000,5" are not ambiguous.
fn thousands_or_decimal(s: &str) -> Option<(Decimal, Decimal)> {
    let t = s.trim();
    let (int, frac) = t.split_once(['.', ','])?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !(digits(int) && int.len() <= 3 && digits(frac) && frac.len() == 3) {
        return None;
    }
    if int.bytes().all(|b| b == b'0') {
        return None;
    }
    let small = format!("{int}.{frac}").parse().ok()?;
    let large = format!("{int}{frac}").parse().ok()?;
    Some((small, large))
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
pub fn percent(cell: &Data) -> Result<Decimal, Text> {
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
pub fn count(cell: &Data) -> Result<u32, Text> {
    let v = decimal(cell)?;
    // The core says what is wrong (negative, not whole, too large) in both languages.
    match Input::count(v) {
        Ok(Input::Count(n)) => Ok(n),
        Ok(_) => Err(Text::new(
            format!("{} không phải số lượng", fmt_decimal(v, Lang::Vi)),
            format!("{} is not a count", v.normalize()),
        )),
        Err(e) => Err(e.text()),
    }
}

/// Yes or no, in the words users write: Có/Không, x, yes/no, 1/0, Đạt/Không đạt, TRUE/FALSE,
/// and the rule's own labels.
pub fn yes_no(cell: &Data, yes_label: Option<&str>, no_label: Option<&str>) -> Result<bool, Text> {
    match cell {
        Data::Bool(b) => return Ok(*b),
        Data::Int(1) => return Ok(true),
        Data::Int(0) => return Ok(false),
        Data::Float(f) if *f == 1.0 => return Ok(true),
        Data::Float(f) if *f == 0.0 => return Ok(false),
        _ => {}
    }
    let word = folded(Some(cell)).unwrap_or_default();
    let is = |label: Option<&str>| label.is_some_and(|l| fold_label(&nfc(l)) == word);
    const YES: &[&str] = &["có", "x", "yes", "y", "1", "đạt", "đạt yêu cầu", "true", "đúng"];
    const NO: &[&str] =
        &["không", "no", "n", "0", "không đạt", "không đạt yêu cầu", "false", "sai"];
    // The fixed words are tried before the rule's label, which has to be folded first.
    if YES.contains(&word.as_str()) || is(yes_label) {
        Ok(true)
    } else if is(no_label) || NO.contains(&word.as_str()) {
        Ok(false)
    } else {
        let what = describe(cell);
        Err(Text::new(
            format!("{}; cần nhập Có hoặc Không", what.vi),
            format!("{}; expected Có or Không", what.en),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The English of a reading's error, as `Display`-minded tests compare it.
    fn en<T>(r: Result<T, Text>) -> Result<T, String> {
        r.map_err(|e| e.en)
    }

    #[test]
    fn errors_say_what_the_cell_holds_in_vietnamese_too() {
        let vi = |r: Result<Decimal, Text>| r.unwrap_err().vi;
        assert_eq!(vi(decimal(&Data::String("abc".into()))), "nội dung \"abc\"");
        assert_eq!(
            vi(decimal(&Data::Error(calamine::CellErrorType::Div0))),
            "lỗi công thức (#DIV/0!)"
        );
        assert_eq!(vi(decimal(&Data::Bool(true))), "giá trị logic (TRUE)");
        assert_eq!(
            count(&Data::Float(2.5)).unwrap_err().vi,
            "2,5 không phải số nguyên: số lượng phải là số nguyên ≥ 0"
        );
        assert_eq!(
            yes_no(&Data::String("có lẽ".into()), None, None).unwrap_err().vi,
            "nội dung \"có lẽ\"; cần nhập Có hoặc Không"
        );
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
        assert_eq!(en(decimal(&Data::String("abc".into()))), Err("the text \"abc\"".into()));
        // 45636 is 10 December 2024 in Excel's 1900 calendar.
        let day = Data::DateTime(ExcelDateTime::new(
            45636.0,
            calamine::ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(en(decimal(&day)), Err("a date (10/12/2024)".into()));
        let err = Data::Error(calamine::CellErrorType::Div0);
        assert_eq!(en(decimal(&err)), Err("a formula error (#DIV/0!)".into()));
        assert_eq!(text(Some(&err)).as_deref(), Some("#DIV/0!"));
    }

    #[test]
    fn a_thousands_separator_or_a_decimal_mark_is_not_guessed() {
        // "1.000" is a thousand to a Vietnamese clerk and one to an English one.
        assert_eq!(
            en(decimal(&Data::String("1.000".into()))),
            Err("\"1.000\" may be 1 or 1000: write the number without a thousands separator".into())
        );
        assert_eq!(
            decimal(&Data::String("2,500".into())).map_err(|t| t.vi),
            Err("\"2,500\" có thể là 2,5 hoặc 2500: hãy ghi số không có dấu phân cách hàng nghìn"
                .into())
        );
        // Not ambiguous: a zero integer part, other than three decimals, or both marks.
        assert_eq!(decimal(&Data::String("0,500".into())), Ok(d("0.5")));
        assert_eq!(decimal(&Data::String("1,25".into())), Ok(d("1.25")));
        assert_eq!(decimal(&Data::String("1.2345".into())), Ok(d("1.2345")));
        assert_eq!(decimal(&Data::String("1.000,5".into())), Ok(d("1000.5")));
        // A number cell is a number: Excel's 1000 is never in doubt.
        assert_eq!(decimal(&Data::Float(1000.0)), Ok(d("1000")));
    }

    #[test]
    fn numbers_beyond_a_decimal_are_refused_briefly() {
        assert_eq!(en(decimal(&Data::Float(1e300))), Err("1e300 is out of range".into()));
        assert_eq!(en(decimal(&Data::Float(-1e29))), Err("-1e29 is out of range".into()));
        assert_eq!(decimal(&Data::Float(1e-300)), Ok(Decimal::ZERO));
        assert_eq!(en(decimal(&Data::Float(f64::NAN))), Err("NaN".into()));
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
        assert_eq!(
            en(count(&Data::Float(2.5))),
            Err("2.5 is not a whole number: a count must be a whole number ≥ 0".into())
        );
        assert_eq!(
            en(count(&Data::Float(-1.0))),
            Err("-1 is negative: a count must be a whole number ≥ 0".into())
        );
    }

    #[test]
    fn text_already_in_nfc_is_borrowed_and_other_text_is_composed() {
        let vi = "Đã ban hành kịp thời: 1 điểm";
        assert!(matches!(nfc(vi), Cow::Borrowed(s) if s == vi));
        let decomposed: String = vi.nfd().collect();
        assert_ne!(decomposed, vi);
        assert!(matches!(nfc(&decomposed), Cow::Owned(s) if s == vi));
        // Text outside the fast path still goes through the quick check: Greek, CJK.
        assert!(matches!(nfc("Σ 中文"), Cow::Borrowed(_)));
        // A cell's text is composed and trimmed, whatever form it came in.
        let cell = Data::String(format!("  {decomposed} "));
        assert_eq!(text(Some(&cell)).as_deref(), Some(vi));
        assert_eq!(folded(Some(&cell)).as_deref(), Some("đã ban hành kịp thời: 1 điểm"));
        assert_eq!(text(Some(&Data::String(" \t ".into()))), None);
        assert_eq!(folded(Some(&Data::String(" \t ".into()))), None);
    }

    #[test]
    fn the_fast_path_lets_through_only_what_nfc_keeps() {
        use unicode_normalization::char::canonical_combining_class;
        let fast = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| always_nfc(*c));
        for c in fast {
            let s = c.to_string();
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "U+{:04X}", u32::from(c));
        }
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
