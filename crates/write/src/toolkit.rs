//! The small toolkit every report writer shares: the wording in the report's language, the
//! kinds of cell value and their number formats, writing a cell (or a merged span) with the
//! place named in any error, and the header format.

use parscore_core::{Decimal, Flag, Lang};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{Format, Worksheet};

use crate::error::{Context, WriteError};
pub(crate) use crate::style::header_format;
use crate::style::num;

/// Picks the Vietnamese or English wording of a report.
#[derive(Clone, Copy)]
pub(crate) struct Words {
    pub(crate) lang: Lang,
}

impl Words {
    pub(crate) fn t(self, vi: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub(crate) fn n(self, d: Decimal) -> String {
        parscore_core::fmt_decimal(d, self.lang)
    }

    /// "Năm 2024" / "2024".
    pub(crate) fn year(self, y: u16) -> String {
        match self.lang {
            Lang::Vi => format!("Năm {y}"),
            Lang::En => y.to_string(),
        }
    }

    /// The number format of a change of percentage standing alone: "+1,50 điểm %", "+1.50 pp".
    pub(crate) fn signed_pp(self) -> &'static str {
        self.t(SIGNED_PP_VI, SIGNED_PP_EN)
    }

    /// The footnote of a score on an appraised basis where the self-assessed one stands in.
    pub(crate) fn fallback(self, year: u16) -> String {
        match self.lang {
            Lang::Vi => format!("năm {year}: chưa có điểm thẩm định, dùng điểm tự đánh giá"),
            Lang::En => format!("{year}: not appraised, self-assessed score used"),
        }
    }

    pub(crate) fn flags(self, flags: &[Flag]) -> String {
        let labels: Vec<String> =
            flags.iter().map(|f| f.kind.label().get(self.lang).to_string()).collect();
        labels.join("; ")
    }
}

/// A cell value.
pub(crate) enum V {
    T(String),
    /// A score or a number of points, shown as [`SCORE`].
    N(Decimal),
    /// A whole number: a count or a row number.
    I(usize),
    /// A number shown with one of the formats below.
    F(Decimal, &'static str),
    Blank,
}

/// Scores: two decimals at least, up to the four a computed score can have ("0.50", "0.6667",
/// "78.30"), so a rounded share is visible whole.
pub(crate) const SCORE: &str = "0.00##";
/// Percentages: two decimals.
pub(crate) const PERCENT: &str = "0.00";
/// A change of percentage, in percentage points (the header says so).
pub(crate) const SIGNED_PERCENT: &str = "+0.00;-0.00;0.00";
/// A change of points, signed, with the decimals of [`SCORE`].
pub(crate) const SIGNED: &str = "+0.00##;-0.00##;0.00";
/// A change of a whole number (places in a ranking), signed.
pub(crate) const SIGNED_WHOLE: &str = "+0;-0;0";
/// A number as Excel shows it by default.
pub(crate) const GENERAL: &str = "General";
/// A change of percentage on a row of its own, where no header names the unit: "−11,00 điểm %".
const SIGNED_PP_VI: &str = r#"+0.00" điểm %";-0.00" điểm %";0.00" điểm %""#;
const SIGNED_PP_EN: &str = r#"+0.00" pp";-0.00" pp";0.00" pp""#;

pub(crate) fn put(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: V,
    f: &Format,
) -> Result<(), WriteError> {
    let name = sheet.name();
    let written = match value {
        V::T(s) => sheet.write_string_with_format(row, col, s, f),
        V::N(d) => {
            sheet.write_number_with_format(row, col, num(d), &f.clone().set_num_format(SCORE))
        }
        V::I(n) => {
            let n = u32::try_from(n).map_or(f64::MAX, f64::from);
            sheet.write_number_with_format(row, col, n, &f.clone().set_num_format("0"))
        }
        V::F(d, pattern) => {
            sheet.write_number_with_format(row, col, num(d), &f.clone().set_num_format(pattern))
        }
        V::Blank => sheet.write_blank(row, col, f),
    };
    written.map(|_| ()).writing(|| format!("'{name}'!{}", row_col_to_cell(row, col)))
}

/// Writes `value` across columns `first..=last` of `row`, merged when they are more than one.
pub(crate) fn span(
    sheet: &mut Worksheet,
    row: u32,
    (first, last): (u16, u16),
    value: V,
    f: &Format,
) -> Result<(), WriteError> {
    if last > first {
        let name = sheet.name();
        sheet
            .merge_range(row, first, row, last, "", f)
            .writing(|| format!("'{name}'!{}", row_col_to_cell(row, first)))?;
    }
    put(sheet, row, first, value, f)
}
