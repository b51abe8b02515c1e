//! What the unit signs is what parscore scores: the values a workbook holds in `Điểm tự chấm`
//! (its formulas' cached results, which Excel and LibreOffice save and print) compared with
//! parscore's scores of the same inputs.
//!
//! Each disagreement is a problem at the cell that shows it, with both values and the likely
//! cause: a score typed over the formula, a formula that read the input otherwise, a subtotal
//! or total whose own formula was changed. A subtotal is compared with what its rows show (so
//! one wrong leaf is reported once, at the leaf, not again at every sum above it); the total
//! and percentage rows only when every row above them agrees.

use parscore_core::{
    fmt_decimal, round_half_away, Decimal, Lang, Method, NodeScore, Scorecard, Text,
};
use parscore_sheet::{cell_name, CellProblem, Col};

use crate::cells;
use crate::reading::Reading;
use crate::Data;

/// The decimals a score has (the core rounds computed scores to 4); a value the sheet computes
/// in binary floating point is compared at that precision.
const DP: u32 = 4;

/// A number the sheet shows, at the precision scores have; `None` for an empty cell, a formula
/// without a computed value, or text (which a sum skips: the text itself is checked as input).
fn shown(cell: &Data) -> Option<Decimal> {
    match cell {
        Data::Float(_) | Data::Int(_) => cells::decimal(cell).ok().map(|d| round_half_away(d, DP)),
        _ => None,
    }
}

impl Reading {
    /// Where the sheet's own `Điểm tự chấm` disagrees with `card` (parscore's scores of the
    /// inputs read), as problems placed on the cells; empty when they agree or the sheet
    /// computes nothing (a workbook whose formulas were never computed).
    pub fn cross_check(&self, card: &Scorecard) -> Vec<CellProblem> {
        // Another set's workbook answers other criteria: nothing of it compares.
        if self.for_another_set {
            return Vec::new();
        }
        let Some(col) = self.cols.get(&Col::SelfScore).copied() else { return Vec::new() };
        let manual = |code: &str| {
            card.set
                .find(code)
                .is_some_and(|n| matches!(n.rule, Some(parscore_core::Rule::Manual { .. })))
        };
        let has_formula = |row: u32| self.formulas.as_ref().map(|f| f.cells.contains(&(row, col)));
        let sheet: Sheet<'_> = self
            .sheet_scores
            .iter()
            .map(|(code, row, cell)| {
                let text = matches!(cell, Some(Data::String(_)));
                (code.as_str(), Shown { row: *row, value: cell.as_ref().and_then(shown), text })
            })
            .collect();
        let mut out = Vec::new();
        for (node, _) in card.rows() {
            let Some(&Shown { row, value: Some(shown), .. }) = sheet.get(node.code.as_str()) else {
                continue;
            };
            // A manual leaf's score is its input: what the sheet shows is what was read. A leaf
            // whose input is missing or bad is reported as such, not as a disagreement.
            let unscored = node.status == parscore_core::NodeStatus::Invalid;
            if node.leaf && (manual(&node.code) || unscored) {
                continue;
            }
            let (expected, text_child) = if node.leaf {
                (node.score, None)
            } else {
                children_shown(node, card, &sheet).unwrap_or((node.score, None))
            };
            if shown == expected {
                continue;
            }
            let message = match text_child {
                Some(cell) => text_score(shown, expected, &cell_name(cell, col)),
                None => mismatch(node, shown, expected, has_formula(row)),
            };
            out.push(self.placed(row, col, Some(&node.code), message));
        }
        // Only a sheet that agrees row by row and whose inputs all scored can have a wrong total.
        if out.is_empty() && card.problems.is_empty() && self.bad.is_empty() {
            let totals = [
                (&self.totals.total, card.total, false),
                (&self.totals.percent, card.percent, true),
            ];
            for (cell, expected, percent) in totals {
                let Some((row, value)) = cell else { continue };
                let Some(shown) = shown(value) else { continue };
                let expected = if percent { round_half_away(expected, 2) } else { expected };
                if shown != expected {
                    out.push(self.placed(
                        *row,
                        col,
                        None,
                        total_mismatch(shown, expected, percent),
                    ));
                }
            }
        }
        out
    }

    fn placed(&self, row: u32, col: u32, code: Option<&str>, message: Text) -> CellProblem {
        CellProblem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: Some(cell_name(row, col)),
            code: code.map(str::to_string),
            message,
        }
    }
}

/// What the sheet shows for one code.
#[derive(Debug, Clone, Copy)]
struct Shown {
    row: u32,
    value: Option<Decimal>,
    /// The cell holds text (a sum skips it; parscore reads a number typed as text).
    text: bool,
}

type Sheet<'a> = std::collections::BTreeMap<&'a str, Shown>;

/// What `node`'s children add up to in the sheet — a child holding text counted as parscore
/// reads it, since parscore's sums count it — and the row of the first such child; `None` when a
/// child has no row.
fn children_shown(
    node: &NodeScore,
    card: &Scorecard,
    sheet: &Sheet<'_>,
) -> Option<(Decimal, Option<u32>)> {
    let set_node = card.set.find(&node.code)?;
    let mut sum = Decimal::ZERO;
    let mut text_child = None;
    for child in &set_node.children {
        let shown = sheet.get(child.code.as_str())?;
        sum += match (shown.value, shown.text) {
            (Some(v), _) => v,
            (None, true) => {
                text_child.get_or_insert(shown.row);
                card.node(&child.code).map_or(Decimal::ZERO, |n| n.score)
            }
            (None, false) => Decimal::ZERO,
        };
    }
    Some((sum, text_child))
}

/// The problem of a subtotal that left out a score typed as text in `cell`.
fn text_score(shown: Decimal, expected: Decimal, cell: &str) -> Text {
    let (s, e) = (both(shown), both(expected));
    Text::new(
        format!(
            "Điểm tự chấm trên bảng là {}, parscore cộng được {}: điểm ở ô {cell} là văn bản, phép \
             cộng của bảng bỏ qua; hãy nhập điểm dạng số",
            s.0, e.0
        ),
        format!(
            "the sheet shows {} in Điểm tự chấm, parscore adds up {}: the score in {cell} is text, \
             which the sheet's sum skips; type it as a number",
            s.1, e.1
        ),
    )
}

fn both(d: Decimal) -> (String, String) {
    (fmt_decimal(d, Lang::Vi), fmt_decimal(d, Lang::En))
}

/// The problem of a row whose `Điểm tự chấm` shows `shown` where `expected` was due; whether
/// the cell holds a formula (`None`: not known) tells the likely cause.
fn mismatch(node: &NodeScore, shown: Decimal, expected: Decimal, formula: Option<bool>) -> Text {
    let (s, e) = (both(shown), both(expected));
    let survey = node.method == Method::Survey;
    let (cause_vi, cause_en) = match (node.leaf, formula) {
        (true, Some(false)) => (
            "điểm đã bị gõ đè lên công thức; hãy nhập lại số liệu và để công thức tự tính"
                .to_string(),
            "a score was typed over the formula; enter the input and let the formula compute it"
                .to_string(),
        ),
        (true, _) if survey => (
            "kết quả khảo sát trên bảng khác với kết quả đã nhập".to_string(),
            "the sheet's survey result differs from the one entered".to_string(),
        ),
        (true, Some(true)) => (
            "công thức của bảng đọc số liệu khác với parscore (số liệu nhập dạng văn bản hoặc ký \
             tự lạ?); hãy nhập lại số liệu bằng danh sách chọn hoặc dạng số"
                .to_string(),
            "the sheet's formula read the input otherwise than parscore (text, or unusual \
             characters?); enter it again from the drop-down or as a number"
                .to_string(),
        ),
        (true, None) => (
            "điểm bị gõ đè lên công thức, hoặc công thức đọc số liệu khác với parscore".to_string(),
            "a score typed over the formula, or a formula that read the input otherwise"
                .to_string(),
        ),
        (false, Some(false)) => (
            "ô tổng hợp đã bị gõ đè lên công thức cộng".to_string(),
            "the subtotal was typed over its sum".to_string(),
        ),
        (false, _) => (
            "công thức cộng của ô tổng hợp đã bị sửa".to_string(),
            "the subtotal's sum was changed".to_string(),
        ),
    };
    let what = if node.leaf {
        (
            format!("parscore chấm {} từ số liệu đã nhập", e.0),
            format!("parscore scores {} from the inputs", e.1),
        )
    } else {
        (format!("các dòng bên dưới cộng lại {}", e.0), format!("its rows add up to {}", e.1))
    };
    Text::new(
        format!("Điểm tự chấm trên bảng là {}, {}: {cause_vi}", s.0, what.0),
        format!("the sheet shows {} in Điểm tự chấm, {}: {cause_en}", s.1, what.1),
    )
}

/// The problem of the sheet's own total or percentage row.
fn total_mismatch(shown: Decimal, expected: Decimal, percent: bool) -> Text {
    let (s, e) = (both(shown), both(expected));
    if percent {
        Text::new(
            format!(
                "tỷ lệ đạt trên bảng là {}%, parscore tính {}%: công thức tỷ lệ đã bị sửa",
                s.0, e.0
            ),
            format!(
                "the sheet's percentage is {}%, parscore's {}%: its formula was changed",
                s.1, e.1
            ),
        )
    } else {
        Text::new(
            format!(
                "tổng điểm trên bảng là {}, parscore tính {}: công thức tổng đã bị sửa",
                s.0, e.0
            ),
            format!("the sheet's total is {}, parscore's {}: its formula was changed", s.1, e.1),
        )
    }
}
