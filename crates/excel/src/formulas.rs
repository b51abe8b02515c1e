//! The Excel formulas of the self-assessment template: each computed rule re-stated over the
//! row's input cells, subtotals as sums of their children, and the totals.
//!
//! These formulas are for people, who see the score move as they type; parscore never reads
//! them back (the core scores the inputs). They must mirror the core's rules, including how the
//! reader takes a number up to 1 in `Số liệu` as a share of 1 (0,85 = 85%). Only strings are
//! built here; no workbook is touched.

use parscore_core::{Band, Decimal, Na, Node, RatioInput, Rule};
use rust_xlsxwriter::utility::row_col_to_cell;

use crate::layout::Col;

/// The word written in `Số liệu` to declare a leaf not applicable.
pub(crate) const NOT_APPLICABLE: &str = "Không áp dụng";
/// Yes and no, as the template's drop-downs offer them.
pub(crate) const YES: &str = "Có";
/// See [`YES`].
pub(crate) const NO: &str = "Không";

/// Excel's limit on the arguments of one function call.
const MAX_ARGS: usize = 255;

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

/// The formula of `Điểm tự chấm` for the leaf `node` on `row`; `None` for manual rules, whose
/// score is the input itself.
pub(crate) fn leaf(node: &Node, row: u32) -> Option<String> {
    let rule = node.rule.as_ref()?;
    let e = cell(row, Col::Value);
    let (f, g) = (cell(row, Col::Numerator), cell(row, Col::Denominator));
    let max = lit(node.max);
    // A number up to 1 is a share of 1, as the reader takes it.
    let pct = format!("IF({e}<=1,{e}*100,{e})");
    let frac_guard = format!("OR({f}=\"\",{g}=\"\",{g}<=0,{f}>{g})");
    let blank = |body: String| format!("IF({e}=\"\",0,{body})");
    let body = match rule {
        Rule::Manual { .. } => return None,
        Rule::Boolean { yes, .. } => {
            let mut tests = vec![format!("{e}={}", text(YES))];
            if let Some(label) = yes.as_deref().filter(|l| *l != YES) {
                tests.push(format!("{e}={}", text(label)));
            }
            let test = if tests.len() == 1 { tests.concat() } else { tests_or(&tests) };
            format!("IF({test},{max},0)")
        }
        Rule::Choice { options } => {
            let mut out = "0".to_string();
            for o in options.iter().rev() {
                out = format!("IF({e}={},{},{out})", text(&o.label), lit(o.points));
            }
            out
        }
        Rule::Bands { input: RatioInput::Percent, bands } => blank(band_ifs(bands, &pct)),
        Rule::Bands { input: RatioInput::Fraction, bands } => {
            format!("IF({frac_guard},0,{})", band_ifs(bands, &format!("{f}*100/{g}")))
        }
        Rule::Proportional { input: RatioInput::Percent } => {
            blank(format!("MIN({max},{pct}/100*{max})"))
        }
        Rule::Proportional { input: RatioInput::Fraction } => {
            format!("IF({frac_guard},0,MIN({max},{f}/{g}*{max}))")
        }
        Rule::Survey => blank(format!("{pct}/100*{max}")),
        Rule::Deduction { per } => blank(format!("MAX(0,{max}-{e}*{})", lit(*per))),
        Rule::Count { per } => blank(format!("MIN({max},{e}*{})", lit(*per))),
    };
    Some(match node.na {
        Some(na) => {
            let points = if na == Na::Full { max } else { "0".into() };
            format!("IF({e}={},{points},{body})", text(NOT_APPLICABLE))
        }
        None => body,
    })
}

fn tests_or(tests: &[String]) -> String {
    format!("OR({})", tests.join(","))
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

/// `SUM(H7,H9,H12)` over the given cells (not a range, which would count grandchildren
/// twice), split into nested SUMs past Excel's 255 arguments; `0` for none.
pub(crate) fn sum(cells: &[String]) -> String {
    match cells.len() {
        0 => "0".into(),
        n if n <= MAX_ARGS => format!("SUM({})", cells.join(",")),
        _ => {
            let parts: Vec<String> = cells.chunks(MAX_ARGS).map(sum).collect();
            sum(&parts)
        }
    }
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
        let e = cell(*row, Col::Value);
        out.push_str(&format!("-IF({e}={},{},0)", text(NOT_APPLICABLE), lit(*max)));
    }
    if !survey.is_empty() {
        let cells: Vec<String> = survey.iter().map(|(r, _)| cell(*r, Col::Value)).collect();
        let total: Decimal = survey.iter().map(|(_, m)| *m).sum();
        out.push_str(&format!("-IF(COUNTA({})=0,{},0)", cells.join(","), lit(total)));
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

/// The grade of the percentage in `pct`: the first band, highest first, whose minimum it
/// reaches.
pub(crate) fn grade(grades: &[parscore_core::Grade], pct: &str) -> String {
    let Some((last, rest)) = grades.split_last() else { return text("") };
    let mut out = text(&last.label);
    for g in rest.iter().rev() {
        out = format!("IF({pct}>={},{},{out})", lit(g.min), text(&g.label));
    }
    out
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

    #[test]
    fn each_rule_kind_reads_as_a_formula() {
        // Row 6 (0-based) is Excel row 7.
        assert_eq!(
            formula("1.1.1", 6).unwrap(),
            "IF(E7=\"Ban hành kịp thời\",1,IF(E7=\"Ban hành không kịp thời\",0.5,\
             IF(E7=\"Không ban hành\",0,0)))"
        );
        assert_eq!(formula("1.1.2", 6).unwrap(), "IF(OR(E7=\"Có\",E7=\"Đạt yêu cầu\"),1,0)");
        // Bands: > 90 → 2, ≥ 70 → 1, else 0 (the lowest band is the fallback).
        assert_eq!(
            formula("1.1.3", 6).unwrap(),
            "IF(E7=\"\",0,IF(IF(E7<=1,E7*100,E7)>90,2,IF(IF(E7<=1,E7*100,E7)>=70,1,0)))"
        );
        assert_eq!(formula("1.1.4", 6), None);
        assert_eq!(formula("1.2.1", 6).unwrap(), "IF(E7=\"\",0,MAX(0,1-E7*0.25))");
        assert_eq!(formula("1.2.2", 6).unwrap(), "IF(E7=\"\",0,MIN(2,E7*0.5))");
        assert_eq!(
            formula("1.2.3", 6).unwrap(),
            "IF(E7=\"Không áp dụng\",0,IF(OR(F7=\"\",G7=\"\",G7<=0,F7>G7),0,MIN(2,F7/G7*2)))"
        );
        assert_eq!(formula("2.1", 6).unwrap(), "IF(E7=\"Không áp dụng\",4,IF(E7=\"Có\",4,0))");
        assert_eq!(formula("2.2", 6).unwrap(), "IF(E7=\"\",0,IF(E7<=1,E7*100,E7)/100*6)");
    }

    #[test]
    fn sums_name_cells_and_split_past_255_arguments() {
        assert_eq!(sum(&[]), "0");
        assert_eq!(sum(&["H7".into(), "H9".into()]), "SUM(H7,H9)");
        let many: Vec<String> = (0..300).map(|i| format!("H{i}")).collect();
        let s = sum(&many);
        assert!(s.starts_with("SUM(SUM(H0,"), "{s}");
        assert_eq!(s.matches("SUM(").count(), 3);
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
            "SUM(C6)-IF(E13=\"Không áp dụng\",2,0)-IF(COUNTA(E18)=0,6,0)"
        );
        assert_eq!(
            grade(&mini().grades, "H30"),
            "IF(H30>=90,\"Xuất sắc\",IF(H30>=70,\"Khá\",\"Yếu\"))"
        );
        assert_eq!(text("a \"b\""), "\"a \"\"b\"\"\"");
    }
}
