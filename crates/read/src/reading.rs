//! A workbook's inputs for one criteria set ([`Reading`]): the problems found in its cells, and
//! the place of the core's scoring problems on the sheet.

use std::collections::BTreeMap;

use parscore_core::{InputError, Inputs, ProblemKind, Scorecard, Text};

use crate::xlsx_scan::Formulas;
use crate::Data;

use parscore_sheet::{cell_name, input_cols, CellProblem, Col};

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
    /// The sheet's formula cells, where known (xlsx): an input missing on a formula without a
    /// computed value says why, and the cross-check tells a score typed over a formula.
    pub(crate) formulas: Option<Formulas>,
    /// What the sheet shows in `Điểm tự chấm` for each code read: (code, row, cell).
    pub(crate) sheet_scores: Vec<(String, u32, Option<Data>)>,
    /// The sheet's own total and percentage rows.
    pub(crate) totals: Totals,
}

/// The total and percentage the sheet computes below its criteria (`Tổng cộng`, `Tỷ lệ đạt
/// (%)`): row and `Điểm tự chấm` cell.
#[derive(Debug, Clone, Default)]
pub(crate) struct Totals {
    pub(crate) total: Option<(u32, Data)>,
    pub(crate) percent: Option<(u32, Data)>,
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

    /// Every problem of the workbook scored as `card`: first where the sheet's own scores
    /// disagree with parscore's (see [`Reading::cross_check`]), then the reader's, then the
    /// core's scoring problems placed on the cells they come from (less those the reader already
    /// reported: a bad cell, a missing row).
    pub fn all_problems(&self, card: &Scorecard) -> Vec<CellProblem> {
        let set = &card.set;
        let mut out = self.cross_check(card);
        out.extend(self.problems.iter().cloned());
        for p in &card.problems {
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
            // A problem sits on the rule's first input cell (Tử số for a ratio).
            let rule = set.find(&p.code).and_then(|n| n.rule.as_ref());
            let col = rule.map_or(&[][..], input_cols).first().copied().unwrap_or(Col::Value);
            if matches!(p.kind, ProblemKind::Missing { .. }) && self.missing_cols.contains(&col) {
                continue;
            }
            let c = self.cols.get(&col).or_else(|| self.cols.get(&Col::Code)).copied().unwrap_or(0);
            let mut message = p.kind_text();
            let uncomputed =
                self.formulas.as_ref().is_some_and(|f| f.uncomputed.contains(&(*row, c)));
            if matches!(p.kind, ProblemKind::Missing { .. }) && uncomputed {
                message = Text::new(
                    "ô có công thức nhưng không có giá trị đã tính: bảng tính được lưu bởi một \
                     chương trình không tính công thức (như openpyxl); hãy mở và lưu lại tệp một lần \
                     bằng Excel hoặc LibreOffice",
                    "the cell holds a formula but no computed value: the workbook was saved by a \
                     program that does not compute formulas (such as openpyxl); open it and save it \
                     once in Excel or LibreOffice",
                );
            }
            // 0 of 0 usually means nothing happened this year (no dossier, no complaint): where
            // the set allows it, that is "not applicable", which the unit may not know to pick.
            let nothing_happened = matches!(
                &p.kind,
                ProblemKind::Invalid(InputError::BadFraction { numerator, denominator })
                    if numerator.is_zero() && denominator.is_zero()
            );
            if let Some(na) = set.find(&p.code).and_then(|n| n.na).filter(|_| nothing_happened) {
                let label = parscore_sheet::na_label(na);
                message.vi.push_str(&format!(
                    "; nếu trong năm không phát sinh, hãy chọn \"{label}\" ở cột Số liệu"
                ));
                message.en.push_str(&format!(
                    "; if nothing arose this year, choose \"{label}\" in the Số liệu column"
                ));
            }
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
