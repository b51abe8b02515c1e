//! The Excel formulas of the self-assessment template: each computed rule re-stated over the
//! row's input cells, subtotals as sums of their children, and the totals.
//!
//! These formulas are for people, who see the score move as they type; parscore never reads
//! them back (the core scores the inputs). They must give the core's score for whatever the
//! reader (`parscore_read::cells`, `parscore_read::Workbook`) accepts, as far as Excel allows, in Excel 2007 or
//! later and in LibreOffice alike (no function newer than Excel 2007, no `LET`):
//!
//! - text is compared as `LOWER(TRIM(…))`, non-breaking spaces first made spaces, against
//!   labels folded the same way when the formula is written, so " có ", "CÓ" and "Có" are one
//!   answer, as [`parscore_core::fold_label`] makes them for the reader; each label is
//!   listed in its three Unicode spellings ([`spellings`]: composed, decomposed, and the
//!   tone marks alone decomposed, as Unikey's "Unicode tổ hợp" types them), since Excel
//!   compares code points where the reader normalises to NFC;
//! - yes is any of the reader's yes words ([`YES_WORDS`], the name `DS_CO`) or the rule's own
//!   yes label; "not applicable" is any of [`parscore_sheet::layout::NOT_APPLICABLE`] (`DS_KHONG_AP_DUNG`);
//! - a number may be typed, or pasted as text with a decimal comma or point and spaces or
//!   non-breaking spaces as thousands marks ("85,5", "85.5", "85%", "1 000"): `VALUE` reads it
//!   once the spaces are gone and both marks are the system's own (`DAU_THAP_PHAN`, the second
//!   character of ½ written as text), whatever the language of Windows; a number up to 1 is a
//!   share of 1 (0,85 = 85%), as the reader takes it;
//! - an input the reader refuses (unreadable text, a percentage outside 0–100, a count that is
//!   not whole, a fraction above 1) scores 0, as parscore scores it;
//! - a manual score typed as text ("0,5") counts in its subtotal as its number, where `SUM`
//!   would skip it ([`score_term`]);
//! - proportional and survey scores are rounded to 4 decimals with `ROUND`, which rounds
//!   halves away from zero, as the core does.
//!
//! What a formula cannot match, so that the drop-downs and number validations of
//! [`crate::input_cells`] are the normal path (they refuse typed input that would differ; only
//! pasted text goes around them) and the reader's cross-check
//! (`parscore_read::Reading::cross_check`) reports each cell where the sheet's result differs:
//!
//! - Other white space: the reader splits words at tabs and line breaks too; `TRIM` does not.
//! - Unusual numbers in text: the reader reads "1.234,5" (both marks) and refuses dates,
//!   times and "1e3"; `VALUE` does the opposite. A text "150%" is 150 to the reader (out of
//!   range: 0 points) but the share 1,5 to a formula (1,5%).
//! - A logical TRUE in a number cell: the reader refuses it; LibreOffice reads it as 1.
//! - A `manual` leaf with `na`: its score is typed, so the typed score shows even when
//!   `Số liệu` declares it not applicable (parscore then gives the maximum or leaves it out).
//!
//! Only strings are built here; no workbook is touched.

use parscore_core::{fold_label, Band, Decimal, Grade, Na, Node, RatioInput, Rule};
use rust_xlsxwriter::utility::row_col_to_cell;
use unicode_normalization::UnicodeNormalization;

use parscore_sheet::layout::{Col, NOT_APPLICABLE};

/// Yes and no, as the template's drop-downs offer them.
pub(crate) const YES: &str = "Có";
/// See [`YES`].
pub(crate) const NO: &str = "Không";

/// The words the reader takes for yes (folded), as `parscore_read::cells::yes_no` lists them; a test
/// keeps the two lists equal.
pub(crate) const YES_WORDS: &[&str] =
    &["có", "x", "yes", "y", "1", "đạt", "đạt yêu cầu", "true", "đúng"];

/// The workbook name holding [`YES_WORDS`].
pub(crate) const YES_LIST: &str = "DS_CO";
/// The workbook name holding [`NOT_APPLICABLE`].
pub(crate) const NA_LIST: &str = "DS_KHONG_AP_DUNG";
/// The workbook name holding the system's decimal mark.
pub(crate) const DECIMAL_MARK: &str = "DAU_THAP_PHAN";

/// Excel's limit on the arguments of one function call.
const MAX_ARGS: usize = 255;

/// The names the formulas use, each with what it refers to: to be defined in the workbook.
pub(crate) fn defined_names() -> [(&'static str, String); 3] {
    let spelled =
        |words: &[&str]| -> Vec<String> { words.iter().flat_map(|w| spellings(w)).collect() };
    [
        (YES_LIST, array(&spelled(YES_WORDS))),
        (NA_LIST, array(&spelled(NOT_APPLICABLE))),
        // ½ as text is "0.5" or "0,5", as the system writes numbers; VALUE reads the same way.
        (DECIMAL_MARK, "MID(1/2,2,1)".into()),
    ]
}

/// An array constant of texts: `{"a","b"}`.
fn array(words: &[String]) -> String {
    let items: Vec<String> = words.iter().map(|w| text(w)).collect();
    format!("{{{}}}", items.join(","))
}

/// Vietnamese tone marks: grave, acute, tilde, hook above, dot below.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The spellings of a folded label that a cell may hold and the reader takes for it: composed
/// (NFC, as typed by most input methods), decomposed (NFD, as some Mac and web sources paste
/// it) and with only the tone marks decomposed ("ê" + U+0301 for "ế", Unikey's "Unicode tổ
/// hợp"); the same text once when it has no diacritics.
fn spellings(label: &str) -> Vec<String> {
    let composed: String = label.nfc().collect();
    let decomposed: String = label.nfd().collect();
    let tones_apart: String = composed
        .chars()
        .flat_map(|c| {
            let parts: Vec<char> = c.to_string().nfd().collect();
            let (tones, base): (Vec<char>, Vec<char>) =
                parts.into_iter().partition(|m| TONE_MARKS.contains(m));
            let base: String = base.into_iter().collect::<String>().nfc().collect();
            base.chars().chain(tones).collect::<Vec<char>>()
        })
        .collect();
    let mut out = vec![composed];
    for s in [decomposed, tones_apart] {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Whether the folded text `t` is `label` in any of its [`spellings`].
fn is_label(t: &str, label: &str) -> String {
    match spellings(label).as_slice() {
        [one] => format!("{t}={}", text(one)),
        many => format!("OR({t}={})", array(many)),
    }
}

/// The A1 reference of `col` on 0-based `row`, e.g. `E7`.
pub(crate) fn cell(row: u32, col: Col) -> String {
    row_col_to_cell(row, col.index())
}

/// A decimal as a formula literal: a point, no trailing zeros (`0.5`, `100`).
pub(crate) fn lit(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A text as a formula string literal, quotes doubled.
pub(crate) fn text(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A label folded as the reader folds what it reads (NFC, lower case, single spaces), which
/// is what `LOWER(TRIM(…))` makes of the same label typed in a cell.
fn fold(label: &str) -> String {
    fold_label(&label.nfc().collect::<String>())
}

/// A non-breaking space, which the reader takes for a space (and `TRIM` does not).
const NBSP: &str = "\"\u{a0}\"";

/// The text of cell `c` as the formulas compare it.
fn folded(c: &str) -> String {
    format!("LOWER(TRIM(SUBSTITUTE({c},{NBSP},\" \")))")
}

/// Whether cell `c` declares the leaf not applicable.
pub(crate) fn is_na(c: &str) -> String {
    format!("OR({}={NA_LIST})", folded(c))
}

/// The number in cell `c`, typed or written as text with a decimal comma or point and spaces
/// anywhere ("1 000", as the reader reads it); -1 (which every rule refuses) when there is
/// none, the cell being blank or holding other text.
fn number(c: &str) -> String {
    let m = DECIMAL_MARK;
    let bare = format!("SUBSTITUTE(SUBSTITUTE({c},\" \",\"\"),{NBSP},\"\")");
    format!("IFERROR(VALUE(SUBSTITUTE(SUBSTITUTE({bare},\".\",{m}),\",\",{m})),-1)")
}

/// What the `Điểm tự chấm` cell of `node` on `row` adds to a sum: the cell; for a manual leaf,
/// whose score is typed and may be typed as text ("0,5", which `SUM` skips and the reader
/// reads), its number (0 while blank).
pub(crate) fn score_term(node: &Node, row: u32) -> String {
    let c = cell(row, Col::SelfScore);
    match node.rule {
        Some(Rule::Manual { .. }) if node.is_leaf() => format!("MAX(0,{})", number(&c)),
        _ => c,
    }
}

/// The percentage `n` stands for: a number up to 1 is a share of 1, as the reader takes it
/// (rounded to 10 decimals, so 0,57 is 57% exactly, as the core's decimals make it, and not
/// the 56,99999999999999 of binary arithmetic).
fn percent_of_input(n: &str) -> String {
    format!("IF({n}<=1,ROUND({n}*100,10),{n})")
}

/// The formula of `Điểm tự chấm` for the leaf `node` on `row`; `None` for manual rules, whose
/// score is the input itself.
pub(crate) fn leaf(node: &Node, row: u32) -> Option<String> {
    let rule = node.rule.as_ref()?;
    let e = cell(row, Col::Value);
    let (f, g) = (cell(row, Col::Numerator), cell(row, Col::Denominator));
    let max = lit(node.max);
    let t = folded(&e);
    let n = number(&e);
    let p = percent_of_input(&n);
    let (nf, ng) = (number(&f), number(&g));
    // A number the reader would refuse scores 0; so does a blank cell, whose number is -1.
    let percent = |body: String| format!("IF(OR({n}<0,{n}>100),0,{body})");
    let fraction = |body: String| format!("IF(OR({nf}<0,{ng}<=0,{nf}>{ng}),0,{body})");
    let count = |body: String| format!("IF(OR({n}<0,{n}<>INT({n})),0,{body})");
    let body = match rule {
        Rule::Manual { .. } => return None,
        Rule::Boolean { yes, .. } => {
            let own = yes.as_deref().map(fold).filter(|l| !YES_WORDS.contains(&l.as_str()));
            let test = match own {
                Some(label) => format!("OR({t}={YES_LIST},{})", is_label(&t, &label)),
                None => format!("OR({t}={YES_LIST})"),
            };
            format!("IF({test},{max},0)")
        }
        Rule::Choice { options } => {
            let mut out = "0".to_string();
            // The reader takes a "not applicable" word for that, never for an outcome.
            let outcomes =
                options.iter().filter(|o| !NOT_APPLICABLE.contains(&fold(&o.label).as_str()));
            for o in outcomes.rev() {
                out = format!("IF({},{},{out})", is_label(&t, &fold(&o.label)), lit(o.points));
            }
            out
        }
        Rule::Bands { input: RatioInput::Percent, bands } => percent(band_ifs(bands, &p)),
        Rule::Bands { input: RatioInput::Fraction, bands } => {
            fraction(band_ifs(bands, &format!("{nf}*100/{ng}")))
        }
        Rule::Proportional { input: RatioInput::Percent } | Rule::Survey => {
            percent(format!("ROUND({p}*{max}/100,4)"))
        }
        Rule::Proportional { input: RatioInput::Fraction } => {
            fraction(format!("ROUND({nf}/{ng}*{max},4)"))
        }
        Rule::Deduction { per } => count(format!("MAX(0,{max}-{n}*{})", lit(*per))),
        Rule::Count { per } => count(format!("MIN({max},{n}*{})", lit(*per))),
    };
    Some(match node.na {
        Some(na) => {
            let points = if na == Na::Full { max } else { "0".into() };
            format!("IF({},{points},{body})", is_na(&e))
        }
        None => body,
    })
}

/// Nested IFs over the bands, highest first; the lowest band is the fallback. Validation makes
/// the bands cover 0–100 without gaps, so testing lower bounds alone is enough.
fn band_ifs(bands: &[Band], pct: &str) -> String {
    let mut sorted: Vec<&Band> = bands.iter().collect();
    // Highest lower bound first; at equal bounds the exclusive one, "(70", lies above "[70".
    sorted.sort_by_key(|b| std::cmp::Reverse((b.from, !b.from_inclusive)));
    let Some((lowest, higher)) = sorted.split_last() else { return "0".into() };
    let mut out = lit(lowest.points);
    for b in higher.iter().rev() {
        let op = if b.from_inclusive { ">=" } else { ">" };
        out = format!("IF({pct}{op}{},{},{out})", lit(b.from), lit(b.points));
    }
    out
}

/// `F(a,b,…)` over the given cells or ranges, split past Excel's 255 arguments and the parts
/// added up; `0` for none.
fn call(function: &str, cells: &[String]) -> String {
    match cells.len() {
        0 => "0".into(),
        n if n <= MAX_ARGS => format!("{function}({})", cells.join(",")),
        _ => {
            let parts: Vec<String> = cells.chunks(MAX_ARGS).map(|c| call(function, c)).collect();
            sum(&parts)
        }
    }
}

/// `SUM(H7,H9,H12)` over the given cells (not a range, which would count grandchildren
/// twice), split into nested SUMs past Excel's 255 arguments; `0` for none.
pub(crate) fn sum(cells: &[String]) -> String {
    call("SUM", cells)
}

/// The applicable maximum: the domains' maxima less leaves declared not applicable with
/// `na: exclude`, less the survey part while no survey result is entered (as the core does).
pub(crate) fn applicable_max(
    domain_max: &[String],
    excluded: &[(u32, Decimal)],
    survey: &[(u32, Decimal)],
) -> String {
    let mut out = sum(domain_max);
    for (row, max) in excluded {
        out.push_str(&format!("-IF({},{},0)", is_na(&cell(*row, Col::Value)), lit(*max)));
    }
    if !survey.is_empty() {
        let cells: Vec<String> = survey.iter().map(|(r, _)| cell(*r, Col::Value)).collect();
        let total: Decimal = survey.iter().map(|(_, m)| *m).sum();
        out.push_str(&format!("-IF({}=0,{},0)", call("COUNTA", &cells), lit(total)));
    }
    out
}

/// The total: the domains plus the capped bonus less the capped penalty.
pub(crate) fn total(
    domains: &[String],
    bonus: Option<(Decimal, &[String])>,
    penalty: Option<(Decimal, &[String])>,
) -> String {
    let mut out = sum(domains);
    if let Some((cap, items)) = bonus {
        out.push_str(&format!("+MIN({},{})", lit(cap), sum(items)));
    }
    if let Some((cap, items)) = penalty {
        out.push_str(&format!("-MIN({},{})", lit(cap), sum(items)));
    }
    out
}

/// The percentage of `total` over `max`, two decimals, kept within 0–100.
pub(crate) fn percent(total: &str, max: &str) -> String {
    format!("IF({max}=0,0,ROUND(MAX(0,MIN(100,{total}/{max}*100)),2))")
}

/// What the grade cell shows before any input is entered.
pub(crate) const NOT_GRADED: &str = "Chưa xếp loại";

/// The grade of the percentage in `pct`: the first band, highest first, whose minimum it
/// reaches (none below the last), or [`NOT_GRADED`] while every cell in `inputs` (cells and
/// ranges) is empty — a blank workbook has not been scored, whatever its 0% would grade.
pub(crate) fn grade(grades: &[Grade], pct: &str, inputs: &[String]) -> String {
    let mut out = text("");
    for g in grades.iter().rev() {
        out = format!("IF({pct}>={},{},{out})", lit(g.min), text(&g.label));
    }
    format!("IF({}=0,{},{out})", call("COUNTA", inputs), text(NOT_GRADED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parscore_core::CriteriaSet;

    fn mini() -> CriteriaSet {
        CriteriaSet::from_json(include_str!("../../core/tests/data/mini.json")).unwrap()
    }

    fn formula(code: &str, row: u32) -> Option<String> {
        leaf(mini().find(code).unwrap(), row)
    }

    /// The number in E7, F7, G7 (typed, or text with a decimal comma or point and spaces; else
    /// -1).
    fn n(c: &str) -> String {
        format!(
            "IFERROR(VALUE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({c},\" \",\"\"),\
             \"\u{a0}\",\"\"),\".\",DAU_THAP_PHAN),\",\",DAU_THAP_PHAN)),-1)"
        )
    }

    /// E7's text as compared: non-breaking spaces made spaces, trimmed, lower case.
    const T_E7: &str = "LOWER(TRIM(SUBSTITUTE(E7,\"\u{a0}\",\" \")))";

    #[test]
    fn labels_are_listed_in_their_three_spellings() {
        // "có": ó is o + U+0301 decomposed; its one mark is a tone mark, so the third spelling
        // is the second.
        assert_eq!(spellings("có"), ["có", "co\u{301}"]);
        // ờ is o + horn U+031B + grave U+0300 decomposed, ơ (U+01A1) + grave with the tone
        // alone apart.
        assert_eq!(spellings("thời"), ["thời", "tho\u{31b}\u{300}i", "th\u{1a1}\u{300}i"]);
        // ệ: decomposed, the dot below (class 220) comes before the circumflex (230); with the
        // tone apart it is ê (U+00EA) + dot below.
        assert_eq!(spellings("hệ"), ["hệ", "he\u{323}\u{302}", "h\u{ea}\u{323}"]);
        // đ has no decomposition; text without marks is one spelling.
        assert_eq!(spellings("đạt"), ["đạt", "đa\u{323}t"]);
        assert_eq!(spellings("x"), ["x"]);
        assert_eq!(is_label("T", "x"), "T=\"x\"");
        assert_eq!(is_label("T", "có"), "OR(T={\"có\",\"co\u{301}\"})");
    }

    #[test]
    fn labels_are_compared_folded() {
        // Row 6 (0-based) is Excel row 7. Labels are written folded, in each spelling; the cell
        // is folded by LOWER(TRIM(…)), so " ban hành KỊP THỜI " scores 1 as in parscore.
        let kip_thoi = "\"ban hành kịp thời\",\"ban ha\u{300}nh ki\u{323}p tho\u{31b}\u{300}i\",\
                        \"ban ha\u{300}nh ki\u{323}p th\u{1a1}\u{300}i\"";
        let khong = "\"không ban hành\",\"kho\u{302}ng ban ha\u{300}nh\",\"không ban ha\u{300}nh\"";
        let f = formula("1.1.1", 6).unwrap();
        assert!(f.starts_with(&format!("IF(OR({T_E7}={{{kip_thoi}}}),1,")), "{f}");
        assert!(f.ends_with(&format!("IF(OR({T_E7}={{{khong}}}),0,0)))")), "{f}");
        // "Đạt yêu cầu" is one of the reader's yes words already.
        assert_eq!(formula("1.1.2", 6).unwrap(), format!("IF(OR({T_E7}=DS_CO),1,0)"));
        // A yes label of the rule's own is tested beside them.
        let mut node = mini().find("1.1.2").unwrap().clone();
        node.rule = Some(Rule::Boolean { yes: Some("Đã  Ban hành".into()), no: None });
        assert_eq!(
            leaf(&node, 6).unwrap(),
            format!(
                "IF(OR({T_E7}=DS_CO,OR({T_E7}={{\"đã ban hành\",\"đa\u{303} ban ha\u{300}nh\"}})),1,0)"
            )
        );
        // 2.1 (na: full): any "not applicable" word gives the maximum, 4.
        assert_eq!(
            formula("2.1", 6).unwrap(),
            format!("IF(OR({T_E7}=DS_KHONG_AP_DUNG),4,IF(OR({T_E7}=DS_CO),4,0))")
        );
    }

    #[test]
    fn numbers_are_read_as_the_reader_reads_them() {
        let (ne, nf, ng) = (n("E7"), n("F7"), n("G7"));
        let pct = format!("IF({ne}<=1,ROUND({ne}*100,10),{ne})");
        // A blank cell is no number (-1), so it scores 0 with the other refused inputs.
        let guard = |body: String| format!("IF(OR({ne}<0,{ne}>100),0,{body})");
        // Bands: > 90 → 2, ≥ 70 → 1, else 0 (the lowest band is the fallback).
        assert_eq!(
            formula("1.1.3", 6).unwrap(),
            guard(format!("IF({pct}>90,2,IF({pct}>=70,1,0))"))
        );
        assert_eq!(formula("1.1.4", 6), None);
        // Counts must be whole and not negative.
        let count = |body: String| format!("IF(OR({ne}<0,{ne}<>INT({ne})),0,{body})");
        assert_eq!(formula("1.2.1", 6).unwrap(), count(format!("MAX(0,1-{ne}*0.25)")));
        assert_eq!(formula("1.2.2", 6).unwrap(), count(format!("MIN(2,{ne}*0.5)")));
        // Proportional (fraction) and survey scores are rounded to 4 decimals, as the core's.
        assert_eq!(
            formula("1.2.3", 6).unwrap(),
            format!(
                "IF(OR({T_E7}=DS_KHONG_AP_DUNG),0,\
                 IF(OR({nf}<0,{ng}<=0,{nf}>{ng}),0,ROUND({nf}/{ng}*2,4)))"
            )
        );
        assert_eq!(formula("2.2", 6).unwrap(), guard(format!("ROUND({pct}*6/100,4)")));
    }

    #[test]
    fn a_manual_score_counts_in_its_sum_as_its_number() {
        let set = mini();
        // 1.1.4 is manual: "0,5" typed as text is 0.5 to the reader, so to its subtotal too;
        // a blank cell (-1) counts 0.
        assert_eq!(score_term(set.find("1.1.4").unwrap(), 9), format!("MAX(0,{})", n("H10")));
        // A computed leaf and a subtotal add their cell.
        assert_eq!(score_term(set.find("1.1.3").unwrap(), 8), "H9");
        assert_eq!(score_term(set.find("1.1").unwrap(), 5), "H6");
    }

    #[test]
    fn the_named_lists_are_the_readers() {
        let names = defined_names();
        // Each yes word in its spellings: ó = o + U+0301, ạ = a + U+0323, ê = e + U+0302,
        // ầ = a + U+0302 + U+0300 (or â + U+0300), ú = u + U+0301.
        assert_eq!(
            names[0],
            (
                "DS_CO",
                "{\"có\",\"co\u{301}\",\"x\",\"yes\",\"y\",\"1\",\"đạt\",\"đa\u{323}t\",\
                 \"đạt yêu cầu\",\"đa\u{323}t ye\u{302}u ca\u{302}\u{300}u\",\
                 \"đa\u{323}t yêu câ\u{300}u\",\"true\",\"đúng\",\"đu\u{301}ng\"}"
                    .into()
            )
        );
        assert_eq!(names[2], ("DAU_THAP_PHAN", "MID(1/2,2,1)".into()));
        // Every yes word reads as yes, and every word the reader takes for yes is listed.
        let yes = |w: &str| {
            parscore_read::cells::yes_no(&parscore_read::Data::String(w.into()), None, None)
        };
        for w in YES_WORDS {
            assert_eq!(yes(w), Ok(true), "{w}");
        }
        let candidates = [
            "có",
            "x",
            "yes",
            "y",
            "1",
            "đạt",
            "đạt yêu cầu",
            "true",
            "đúng",
            "không",
            "no",
            "n",
            "0",
            "không đạt",
            "không đạt yêu cầu",
            "false",
            "sai",
            "ok",
            "v",
            "rồi",
            "đã",
            "có ",
            "được",
            "hoàn thành",
            "t",
            "✓",
            "yes!",
        ];
        for w in candidates {
            if yes(w) == Ok(true) {
                assert!(
                    YES_WORDS.contains(&fold(w).as_str()),
                    "{w} reads as yes but is not listed"
                );
            }
        }
        // The "not applicable" list holds both labels the template offers.
        for label in [
            parscore_sheet::layout::NA_FULL_LABEL,
            parscore_sheet::layout::NA_EXCLUDE_LABEL,
            "Không áp dụng",
        ] {
            assert!(NOT_APPLICABLE.contains(&fold(label).as_str()), "{label}");
            assert!(names[1].1.contains(&text(&fold(label))), "{label}");
        }
    }

    #[test]
    fn an_outcome_named_like_not_applicable_is_never_scored() {
        // The reader takes "Không phát sinh" for "not applicable" before any outcome.
        let mut node = mini().find("1.1.1").unwrap().clone();
        if let Some(Rule::Choice { options }) = &mut node.rule {
            options[2].label = "Không phát sinh".into();
        }
        assert!(!leaf(&node, 6).unwrap().contains("không phát sinh"));
    }

    #[test]
    fn sums_name_cells_and_split_past_255_arguments() {
        assert_eq!(sum(&[]), "0");
        assert_eq!(sum(&["H7".into(), "H9".into()]), "SUM(H7,H9)");
        let many: Vec<String> = (0..300).map(|i| format!("H{i}")).collect();
        let s = sum(&many);
        assert!(s.starts_with("SUM(SUM(H0,"), "{s}");
        assert_eq!(s.matches("SUM(").count(), 3);
        let c = call("COUNTA", &many);
        assert!(c.starts_with("SUM(COUNTA(H0,"), "{c}");
        assert_eq!(c.matches("COUNTA(").count(), 2);
    }

    #[test]
    fn totals_grades_and_maxima() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let items = ["H20".to_string()];
        assert_eq!(
            total(&["H6".into(), "H15".into()], Some((d("1"), &items)), None),
            "SUM(H6,H15)+MIN(1,SUM(H20))"
        );
        assert_eq!(
            applicable_max(&["C6".into()], &[(12, d("2"))], &[(17, d("6"))]),
            format!("SUM(C6)-IF(OR({}=DS_KHONG_AP_DUNG),2,0)-IF(COUNTA(E18)=0,6,0)", folded("E13"))
        );
        // No grade while nothing is entered; below the last minimum, none either (as the core).
        assert_eq!(
            grade(&mini().grades, "H30", &["E6:G27".into(), "H10".into()]),
            "IF(COUNTA(E6:G27,H10)=0,\"Chưa xếp loại\",\
             IF(H30>=90,\"Xuất sắc\",IF(H30>=70,\"Khá\",IF(H30>=0,\"Yếu\",\"\"))))"
        );
        assert_eq!(text("a \"b\""), "\"a \"\"b\"\"\"");
    }
}
