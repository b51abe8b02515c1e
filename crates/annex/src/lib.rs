//! A province's criteria annex as a table: import it into a criteria set, export any set back.
//!
//! Decisions issue their PAR criteria as an annex table (*phụ lục*). [`import_annex`] reads such
//! a table from xlsx, xls or ods; [`export_annex`] writes a set in the same layout, so that
//! `import(export(set)) == set` for every shipped set. Neither touches the file system beyond
//! reading the annex; neither prints.
//!
//! # The table
//! Columns are found by their header text (case, Unicode form and spacing ignored), in a header
//! row within the sheet's first 40 rows; their order is free and other columns are ignored.
//!
//! | column | also read as | holds |
//! |---|---|---|
//! | `Mã` | `STT`, `TT`, `Mã số`, `Mã tiêu chí` | the code: `1`, `1.1`, `1.1.1`; `I`, `II` for domains |
//! | `Nội dung` | `Lĩnh vực/Tiêu chí/Tiêu chí thành phần`, `Tiêu chí` | the name |
//! | `Điểm tối đa` | `Điểm chuẩn`, `Thang điểm` | the maximum |
//! | `Cách chấm` | `Cách tính điểm` | the scoring text the rule is read from |
//! | `Hướng dẫn chấm điểm` | `Hướng dẫn` | the decision's wording, kept as `guidance` |
//! | `Tài liệu kiểm chứng` | `Tài liệu` | evidence, one document per line |
//! | `Đơn vị chủ trì` | `Đơn vị thực hiện`, `Phòng chủ trì` | the owner |
//! | `Phương pháp` | `Phương pháp đánh giá` | `Tự đánh giá` or `Điều tra xã hội học` |
//! | `Mã năm trước` | `Mã cũ` | `previous_code` |
//!
//! With only one of `Cách chấm` / `Hướng dẫn chấm điểm`, the rule is read from it and it is kept
//! as the guidance too. With both (as parscore exports), the rule is read from `Cách chấm` (the
//! text `describe` writes) and `Hướng dẫn chấm điểm` is the guidance, word for word.
//!
//! Rows without a code under a criterion are its scoring options: a label in the name column
//! with points in the points column, or a line of scoring text ("Đạt yêu cầu: 1 | Không đạt
//! yêu cầu: 0"). A row named `Điểm thưởng` / `Điểm trừ` (with the pool's cap as its maximum)
//! starts the bonus / penalty items; `Tổng cộng` gives the set's total.
//!
//! Above the header, rows whose first cell is one of the [`keys`] (`Mã bộ tiêu chí`,
//! `Tên bộ tiêu chí`, `Xếp loại` …) give the set's details; parscore writes them on export so
//! that nothing of the set is lost. A province's own annex lacks them: the importer then takes
//! the id, year and level from [`ImportOptions`], and defaults the rest (see [`import_annex`]).

#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod assemble;
mod details;
mod export;
mod import;
mod imported;
mod rows;
pub mod rule_text;

use parscore_core::{Decimal, Grade, Text};
use parscore_read::ReadError;
use rust_xlsxwriter::XlsxError;

pub use export::export_annex;
pub use import::{import_annex, import_annex_bytes};
pub use imported::{ImportOptions, Imported};
pub use rows::AnnexProblem;
pub use rule_text::{parse_na, parse_rule};

/// The sheet parscore writes the annex on.
pub const SHEET: &str = "Phụ lục";

/// Why an annex could not be imported or exported.
#[derive(Debug, thiserror::Error)]
pub enum AnnexError {
    /// The file could not be read as a workbook: the reader's refusal (not a workbook, damaged,
    /// over a limit, …), said in its words.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// No sheet has a header row naming the code, name and maximum columns.
    #[error(
        "{file}: no sheet has an annex header row with the columns 'Mã' (or 'STT'), 'Nội dung' \
         (or 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần') and 'Điểm tối đa' in its first 40 rows \
         (sheets: {sheets})"
    )]
    NoTable {
        /// The file.
        file: String,
        /// The sheets it has.
        sheets: String,
    },
    /// The header row was found but no criterion row follows it.
    #[error("{file}: '{sheet}': no criterion row (with a code such as 1, 1.1 or I) below the header on row {row}")]
    Empty {
        /// The file.
        file: String,
        /// The sheet.
        sheet: String,
        /// The header's row, 1-based.
        row: u32,
    },
    /// rust_xlsxwriter refused part of the exported annex.
    #[error("cannot write {what} on row {row} of the annex sheet '{sheet}'")]
    Write {
        /// The sheet.
        sheet: String,
        /// The row, 1-based.
        row: u32,
        /// What was being written, e.g. "1.1.1".
        what: String,
        /// What rust_xlsxwriter said.
        #[source]
        source: XlsxError,
    },
}

impl AnnexError {
    /// The message in Vietnamese and English (the English is the `Display` text).
    pub fn text(&self) -> Text {
        let vi = match self {
            AnnexError::Read(e) => return e.text(),
            AnnexError::NoTable { file, sheets } => format!(
                "{file}: không trang tính nào có dòng tiêu đề của bảng phụ lục gồm các cột 'Mã' \
                 (hoặc 'STT'), 'Nội dung' (hoặc 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần') và 'Điểm \
                 tối đa' trong 40 dòng đầu (các trang tính: {sheets})"
            ),
            AnnexError::Empty { file, sheet, row } => format!(
                "{file}: '{sheet}': không có dòng tiêu chí nào (có mã như 1, 1.1 hoặc I) dưới dòng \
                 tiêu đề {row}"
            ),
            AnnexError::Write { sheet, row, what, source } => {
                format!("không ghi được {what} ở dòng {row} của trang phụ lục '{sheet}' ({source})")
            }
        };
        Text::new(vi, self.to_string())
    }
}

/// A column of the annex table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Col {
    Code,
    Name,
    Max,
    Rule,
    Guidance,
    Evidence,
    Owner,
    Method,
    PreviousCode,
}

impl Col {
    /// Every column, in the order parscore writes them.
    pub(crate) const ALL: [Col; 9] = [
        Col::Code,
        Col::Name,
        Col::Max,
        Col::Rule,
        Col::Guidance,
        Col::Evidence,
        Col::Owner,
        Col::Method,
        Col::PreviousCode,
    ];

    /// The header parscore writes.
    pub(crate) fn header(self) -> &'static str {
        match self {
            Col::Code => "Mã",
            Col::Name => "Nội dung",
            Col::Max => "Điểm tối đa",
            Col::Rule => "Cách chấm",
            Col::Guidance => "Hướng dẫn chấm điểm",
            Col::Evidence => "Tài liệu kiểm chứng",
            Col::Owner => "Đơn vị chủ trì",
            Col::Method => "Phương pháp",
            Col::PreviousCode => "Mã năm trước",
        }
    }

    /// Other headers annexes use for the column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Code => &["STT", "TT", "Số TT", "Mã số", "Mã tiêu chí"],
            Col::Name => &[
                "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
                "Lĩnh vực, tiêu chí, tiêu chí thành phần",
                "Lĩnh vực/Tiêu chí",
                "Tiêu chí",
                "Nội dung tiêu chí",
                "Tên tiêu chí",
                "Nội dung đánh giá",
            ],
            Col::Max => &["Điểm tối đa (điểm)", "Điểm chuẩn", "Thang điểm"],
            Col::Rule => &["Cách chấm điểm", "Cách tính điểm", "Cách tính"],
            Col::Guidance => &["Hướng dẫn chấm", "Hướng dẫn", "Hướng dẫn đánh giá"],
            Col::Evidence => {
                &["Tài liệu kiểm chứng (số, ngày, trang)", "Hồ sơ, tài liệu kiểm chứng", "Tài liệu"]
            }
            Col::Owner => &["Đơn vị thực hiện", "Phòng chủ trì", "Bộ phận chủ trì"],
            Col::Method => &["Phương pháp đánh giá", "Hình thức đánh giá"],
            Col::PreviousCode => &["Mã cũ"],
        }
    }

    /// Every column's header and aliases, folded once per process, for the reader's header
    /// matcher.
    pub(crate) fn header_names() -> &'static [(String, Col)] {
        static NAMES: std::sync::OnceLock<Vec<(String, Col)>> = std::sync::OnceLock::new();
        NAMES.get_or_init(|| {
            parscore_read::header_names(Col::ALL.map(|c| {
                (c, std::iter::once(c.header()).chain(c.aliases().iter().copied()).collect())
            }))
        })
    }
}

/// The labels of the set's details above the table (first cell of a row; the value follows).
pub mod keys {
    /// The set's id.
    pub const ID: &str = "Mã bộ tiêu chí";
    /// The set's title.
    pub const TITLE: &str = "Tên bộ tiêu chí";
    /// The assessment year.
    pub const YEAR: &str = "Năm đánh giá";
    /// The unit level, by its Vietnamese name (`Sở, ban, ngành`, `Huyện (UBND cấp huyện)`,
    /// `Xã (UBND cấp xã)`, `Tỉnh`); the importer takes the level from its options.
    pub const LEVEL: &str = "Cấp đánh giá";
    /// The total of the domains' maxima.
    pub const TOTAL: &str = "Tổng điểm";
    /// The previous year's set id.
    pub const PREVIOUS: &str = "Bộ tiêu chí năm trước";
    /// `chính thức` (official) or `tái dựng` (reconstruction).
    pub const STATUS: &str = "Tình trạng";
    /// The decision the set follows.
    pub const SOURCE: &str = "Căn cứ";
    /// Notes on what is sourced and what was chosen.
    pub const NOTES: &str = "Ghi chú về nguồn";
    /// The same notes in English, when the set has them.
    pub const NOTES_EN: &str = "Ghi chú về nguồn (tiếng Anh)";
    /// One grade per row: label, lowest percentage, English label.
    pub const GRADE: &str = "Xếp loại";
}

/// Words of the `Phương pháp` column and the pool headings.
pub(crate) mod words {
    pub(crate) const SELF: &str = "Tự đánh giá";
    pub(crate) const SURVEY: &str = "Điều tra xã hội học";
    pub(crate) const OFFICIAL: &str = "chính thức";
    pub(crate) const RECONSTRUCTION: &str = "tái dựng";
    pub(crate) const BONUS: &str = "Điểm thưởng";
    pub(crate) const PENALTY: &str = "Điểm trừ";
}

/// The grades an annex gets when it states none: those of the shipped sets (Xuất sắc ≥ 90,
/// Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu), a common provincial scale, not a national rule.
pub(crate) fn default_grades() -> Vec<Grade> {
    [
        (90, "Xuất sắc", "Excellent"),
        (80, "Tốt", "Good"),
        (70, "Khá", "Fair"),
        (50, "Trung bình", "Average"),
        (0, "Yếu", "Weak"),
    ]
    .into_iter()
    .map(|(min, label, en)| Grade {
        min: Decimal::from(min),
        label: label.into(),
        label_en: Some(en.into()),
    })
    .collect()
}

#[cfg(test)]
mod tests;
