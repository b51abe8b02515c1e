//! A problem in a workbook as reports give it: where (file, sheet, cell, criterion) and what,
//! in both languages.

use parscore_core::Text;
use parscore_sheet::CellProblem;
use serde::Serialize;

/// A located problem: `{"file", "sheet", "cell", "code", "message": {"vi", "en"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemReport {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The cell (`E14`); `null` for a problem of the whole sheet.
    pub cell: Option<String>,
    /// The criterion code; `null` when the problem is not about one.
    pub code: Option<String>,
    /// What is wrong and what was expected.
    pub message: Text,
}

impl ProblemReport {
    /// The report of `p`.
    pub fn new(p: &CellProblem) -> ProblemReport {
        ProblemReport {
            file: p.file.clone(),
            sheet: p.sheet.clone(),
            cell: p.cell.clone(),
            code: p.code.clone(),
            message: p.message.clone(),
        }
    }

    /// The problem with its place ("t.xlsx: 'Tự đánh giá'!E8 (1.1.1): …"), in both languages.
    pub fn text(&self) -> Text {
        CellProblem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: self.cell.clone(),
            code: self.code.clone(),
            message: self.message.clone(),
        }
        .text()
    }

    /// The reports of `problems`, in order.
    pub fn all(problems: &[CellProblem]) -> Vec<ProblemReport> {
        problems.iter().map(ProblemReport::new).collect()
    }
}
