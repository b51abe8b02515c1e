//! Where a problem in a workbook is: [`CellProblem`] (file, sheet, cell, code), the
//! [`Reading`] that collects them, and the place of the core's scoring problems on the sheet.

use std::collections::BTreeMap;
use std::fmt;

use parscore_core::{
    CriteriaSet, InputError, Inputs, Lang, ProblemKind, RatioInput, Rule, ScoreProblem, Text,
};

use crate::layout::Col;

/// A problem in a workbook, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The cell, e.g. `E14`; `None` for a problem of the whole sheet (a missing row).
    pub cell: Option<String>,
    /// The criterion code concerned.
    pub code: Option<String>,
    /// What is wrong and what was expected, in Vietnamese and English.
    pub message: Text,
}

impl CellProblem {
    /// "file: 'sheet'!cell (code)", the place every message starts with, in any language.
    fn place(&self) -> String {
        let mut out = format!("{}: '{}'", self.file, self.sheet);
        if let Some(cell) = &self.cell {
            out.push('!');
            out.push_str(cell);
        }
        if let Some(code) = &self.code {
            out.push_str(&format!(" ({code})"));
        }
        out
    }

    /// The problem in `lang`, placed as `Display` places it (which is the English):
    /// `t.xlsx: 'Tự đánh giá'!E8 (1.1.1): thiếu dữ liệu (một trong các mức đã liệt kê)`.
    pub fn display(&self, lang: Lang) -> String {
        format!("{}: {}", self.place(), self.message_in(lang))
    }
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message_in(Lang::En))
    }
}

impl CellProblem {
    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// A workbook's inputs for one criteria set, and every problem found reading them.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The inputs, by code.
    pub inputs: Inputs,
    /// Problems found in the cells (bad values, unknown or duplicate codes, missing rows).
    pub problems: Vec<CellProblem>,
    pub(crate) file: String,
    pub(crate) sheet: String,
    pub(crate) rows: BTreeMap<String, u32>,
    pub(crate) cols: BTreeMap<Col, u32>,
    /// Codes whose input cell was bad: the reader already reported them.
    pub(crate) bad: Vec<String>,
    /// Input columns the header lacks: reported once, not as a missing input per row.
    pub(crate) missing_cols: Vec<Col>,
    /// The workbook records another set, another version of it, or another year.
    pub(crate) for_another_set: bool,
}

/// `E14` from 0-based row and column.
///
/// ```
/// assert_eq!(parscore_excel::cell_name(13, 4), "E14");
/// assert_eq!(parscore_excel::cell_name(1_048_575, 16_383), "XFD1048576");
/// ```
pub fn cell_name(row: u32, col: u32) -> String {
    // u64: a file may claim column or row u32::MAX, and `+ 1` must not overflow.
    let mut letters = Vec::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A'.saturating_add(u8::try_from(rem).unwrap_or(0))));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

impl Reading {
    /// Whether the workbook was made for another criteria set, another version of it or
    /// another year. Its cells then answer other criteria: no score of it is worth printing,
    /// not even a lenient one.
    pub fn is_for_another_set(&self) -> bool {
        self.for_another_set
    }

    pub(crate) fn problem(&mut self, row: u32, col: u32, code: Option<&str>, message: Text) {
        self.problems.push(CellProblem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: Some(cell_name(row, col)),
            code: code.map(str::to_string),
            message,
        });
    }

    pub(crate) fn problem_at(&mut self, row: u32, col: Col, code: &str, message: Text) {
        let c = self.cols.get(&col).copied().unwrap_or(0);
        self.problem(row, c, Some(code), message);
    }

    pub(crate) fn sheet_problem(&mut self, message: Text) {
        self.problems.push(CellProblem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: None,
            code: None,
            message,
        });
    }

    /// Places the core's scoring problems on the cells they come from, dropping those the
    /// reader already reported (a bad cell, a missing row), and returns every problem.
    pub fn all_problems(&self, set: &CriteriaSet, scored: &[ScoreProblem]) -> Vec<CellProblem> {
        let mut out = self.problems.clone();
        for p in scored {
            if self.bad.contains(&p.code) {
                continue;
            }
            let Some(row) = self.rows.get(&p.code) else {
                // No row: already reported as a missing row, or an input the reader never made.
                if !matches!(p.kind, ProblemKind::Missing { .. }) {
                    out.push(CellProblem {
                        file: self.file.clone(),
                        sheet: self.sheet.clone(),
                        cell: None,
                        code: Some(p.code.clone()),
                        message: p.kind_text(),
                    });
                }
                continue;
            };
            let col = match set.find(&p.code).and_then(|n| n.rule.as_ref()) {
                Some(Rule::Manual { .. }) => Col::SelfScore,
                Some(Rule::Bands { input: RatioInput::Fraction, .. })
                | Some(Rule::Proportional { input: RatioInput::Fraction }) => Col::Numerator,
                _ => Col::Value,
            };
            if matches!(p.kind, ProblemKind::Missing { .. }) && self.missing_cols.contains(&col) {
                continue;
            }
            let mut message = p.kind_text();
            // 0 of 0 usually means nothing happened this year (no dossier, no complaint): where
            // the set allows it, that is "not applicable", which the unit may not know to pick.
            let nothing_happened = matches!(
                &p.kind,
                ProblemKind::Invalid(InputError::BadFraction { numerator, denominator })
                    if numerator.is_zero() && denominator.is_zero()
            );
            if let Some(na) = set.find(&p.code).and_then(|n| n.na).filter(|_| nothing_happened) {
                let label = crate::layout::na_label(na);
                message.vi.push_str(&format!(
                    "; nếu trong năm không phát sinh, hãy chọn \"{label}\" ở cột Số liệu"
                ));
                message.en.push_str(&format!(
                    "; if nothing arose this year, choose \"{label}\" in the Số liệu column"
                ));
            }
            let c = self.cols.get(&col).or_else(|| self.cols.get(&Col::Code)).copied().unwrap_or(0);
            out.push(CellProblem {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                cell: Some(cell_name(*row, c)),
                code: Some(p.code.clone()),
                message,
            });
        }
        out
    }

    /// The row (0-based) of each code read.
    pub fn rows(&self) -> &BTreeMap<String, u32> {
        &self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_keeps_its_place_in_both_languages() {
        let p = CellProblem {
            file: "t.xlsx".into(),
            sheet: "Tự đánh giá".into(),
            cell: Some("E8".into()),
            code: Some("1.1.1".into()),
            message: Text::new(
                "thiếu dữ liệu (một trong các mức đã liệt kê)",
                "missing input (one of the listed outcomes)",
            ),
        };
        assert_eq!(
            p.to_string(),
            "t.xlsx: 'Tự đánh giá'!E8 (1.1.1): missing input (one of the listed outcomes)"
        );
        assert_eq!(p.display(Lang::En), p.to_string());
        assert_eq!(
            p.display(Lang::Vi),
            "t.xlsx: 'Tự đánh giá'!E8 (1.1.1): thiếu dữ liệu (một trong các mức đã liệt kê)"
        );
        let sheet = CellProblem { cell: None, code: None, ..p };
        assert_eq!(
            sheet.display(Lang::Vi),
            "t.xlsx: 'Tự đánh giá': thiếu dữ liệu (một trong các mức đã liệt kê)"
        );
    }
}
