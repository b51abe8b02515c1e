//! Where a problem in a workbook is: [`CellProblem`] (file, sheet, cell, code) and the name of
//! a cell (`E14`). The reader makes them; every report and page shows them.

use std::fmt;

use parscore_core::{Lang, Text};

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

    /// The problem with its place, in Vietnamese and English (the English is the `Display`
    /// text).
    pub fn text(&self) -> Text {
        let place = self.place();
        Text::new(format!("{place}: {}", self.message.vi), format!("{place}: {}", self.message.en))
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

/// `E14` from 0-based row and column.
///
/// ```
/// assert_eq!(parscore_sheet::cell_name(13, 4), "E14");
/// assert_eq!(parscore_sheet::cell_name(1_048_575, 16_383), "XFD1048576");
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
