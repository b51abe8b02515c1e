//! The look shared by the template and the reports (and the annex export): fonts, fills,
//! formats per row kind, column widths and row heights that show wrapped Vietnamese text whole.
//! Nothing here writes cells.

use parscore_core::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use parscore_sheet::layout::Col;

/// Pale yellow: cells the unit fills in.
pub(crate) const INPUT_FILL: u32 = 0xFFF2CC;
const DOMAIN_FILL: u32 = 0xD9E1F2;
const CRITERION_FILL: u32 = 0xEDF2F9;
pub(crate) const HEADER_FILL: u32 = 0xBDD7EE;
const TOTAL_FILL: u32 = 0xFCE4D6;
/// The font of every cell: the one Vietnamese administrative documents use.
pub const FONT: &str = "Times New Roman";
/// A4 in Excel's paper codes.
pub const A4: u8 = 9;

/// The style of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// A domain (lĩnh vực): bold on a blue fill.
    Domain,
    /// A criterion with sub-criteria: bold on a lighter fill.
    Subtotal,
    /// A scored leaf.
    Leaf,
    /// A heading row such as "Điểm thưởng" or the totals.
    Total,
}

impl RowKind {
    pub(crate) fn of(depth: usize, leaf: bool) -> RowKind {
        match (depth, leaf) {
            (_, true) => RowKind::Leaf,
            (1, false) => RowKind::Domain,
            _ => RowKind::Subtotal,
        }
    }
}

/// The base format: the document font, thin borders, text at the top of the cell.
pub fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
}

/// The format of a table's header row: bold, wrapped, centred, on the header fill.
pub fn header_format() -> Format {
    base()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(HEADER_FILL))
}

/// The base format with the bold face and fill of a row of `kind`.
pub(crate) fn row_format(kind: RowKind) -> Format {
    let fill = match kind {
        RowKind::Domain => DOMAIN_FILL,
        RowKind::Subtotal => CRITERION_FILL,
        RowKind::Total => TOTAL_FILL,
        RowKind::Leaf => return base(),
    };
    base().set_bold().set_background_color(Color::RGB(fill))
}

/// The format of a cell of `col` on a row of `kind`, shaded and unlocked when `input`.
pub(crate) fn cell_format(kind: RowKind, col: Col, input: bool, depth: usize) -> Format {
    let f = if input {
        row_format(kind).set_background_color(Color::RGB(INPUT_FILL)).set_unlocked()
    } else {
        row_format(kind)
    };
    match col {
        Col::Code => f.set_num_format("@"),
        Col::Name => {
            let indent = u8::try_from(depth.saturating_sub(1)).unwrap_or(u8::MAX);
            f.set_text_wrap().set_indent(indent)
        }
        Col::Max | Col::Numerator | Col::Denominator | Col::SelfScore | Col::Appraised => {
            f.set_align(FormatAlign::Center)
        }
        Col::Value => f.set_text_wrap().set_align(FormatAlign::Center),
        Col::Rule | Col::Evidence | Col::Explanation | Col::Owner => f.set_text_wrap(),
    }
}

/// A decimal as the double Excel stores (the only place a float appears).
pub fn num(d: Decimal) -> f64 {
    d.normalize().to_string().parse::<f64>().unwrap_or(0.0)
}

/// The width of a template column, in Excel's units (the width of a digit of the default
/// font).
pub(crate) fn width(col: Col) -> f64 {
    match col {
        Col::Code => 8.0,
        Col::Name => 42.0,
        Col::Max => 8.0,
        Col::Rule => 38.0,
        Col::Value => 18.0,
        Col::Numerator | Col::Denominator => 8.0,
        Col::SelfScore => 9.0,
        Col::Evidence | Col::Explanation => 24.0,
        Col::Appraised => 10.0,
        Col::Owner => 14.0,
    }
}

/// The height of one line of 11-point text, in points.
const LINE_PT: f64 = 14.5;

/// A row height, in points, that shows whole every wrapped text in `cells` — each given with
/// its column width, indent level and whether it is bold; `None` when one line is enough.
///
/// Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay out
/// itself, so parscore estimates the lines by wrapping the words at the column's width.
pub fn fit_height(cells: &[(&str, f64, usize, bool)]) -> Option<f64> {
    let lines = cells.iter().map(|(t, w, indent, bold)| lines(t, *w, *indent, *bold)).max()?;
    (lines > 1).then(|| f64::from(lines) * LINE_PT + 2.0)
}

/// How many lines `text` takes in a column `width` wide when wrapped at spaces.
fn lines(text: &str, width: f64, indent: usize, bold: bool) -> u32 {
    // A width unit is 7 pixels in Excel; 11-point Times New Roman averages about 6.2 pixels
    // a character in Vietnamese text (6.7 bold), so a line holds about 1.15 (1.05) characters
    // per unit. LibreOffice draws columns wider, so its rows come out a little roomy. An indent
    // level takes about 1.5 units.
    let usable = width - 1.5 * indent as f64 - 1.0;
    let cap = (usable * if bold { 1.05 } else { 1.15 }).max(1.0) as usize;
    let mut total = 0u32;
    for paragraph in text.split('\n') {
        let (mut count, mut used) = (1u32, 0usize);
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            if used == 0 {
                used = len;
            } else if used + 1 + len <= cap {
                used += 1 + len;
            } else {
                count += 1;
                used = len;
            }
            // A word longer than the line breaks across lines.
            while used > cap {
                count += 1;
                used -= cap;
            }
        }
        total += count;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_grow_with_the_words_that_wrap() {
        // Width 10 fits 10 characters a line (9 × 1.15): "một hai ba" fits, a fourth word
        // wraps, and a newline starts a line of its own.
        assert_eq!(lines("một hai ba", 10.0, 0, false), 1);
        assert_eq!(lines("một hai ba bốn", 10.0, 0, false), 2);
        assert_eq!(lines("một\nhai", 10.0, 0, false), 2);
        // 25 letters without a space take three lines of 10.
        assert_eq!(lines(&"x".repeat(25), 10.0, 0, false), 3);
        assert_eq!(fit_height(&[("một", 10.0, 0, false)]), None);
        assert_eq!(
            fit_height(&[("một hai ba bốn", 10.0, 0, false), ("", 5.0, 0, true)]),
            Some(31.0)
        );
    }
}
