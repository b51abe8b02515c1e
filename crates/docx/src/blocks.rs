//! The building blocks of a state document, in the sizes of Nghị định 30/2020/NĐ-CP, Phụ lục
//! I, Phần I: the page (I.1–3: A4 portrait; margins top and bottom 20–25 mm, left 30–35 mm,
//! right 15–20 mm), the font (I.4: Times New Roman, Unicode, black), body paragraphs (II.6:
//! 13–14 pt, justified, the first line indented 1–1.27 cm, at least 6 pt between paragraphs,
//! line spacing from single to 1.5 lines), tables and the short rules under headings.
//!
//! Lengths are in twips (1/20 point; 1 mm = 56.7 twips), as WordprocessingML counts them.

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType,
    TableRow, VAlignType, WidthType,
};

/// The font of every run (Phụ lục I, I.4).
pub(crate) const FONT: &str = "Times New Roman";
/// A4, 210 × 297 mm.
pub(crate) const PAGE_WIDTH: u32 = 11906;
/// A4's height.
pub(crate) const PAGE_HEIGHT: u32 = 16838;
/// 20 mm, the least the decree allows top and bottom: more text a page.
pub(crate) const MARGIN_TOP: u32 = 1134;
/// 20 mm.
pub(crate) const MARGIN_BOTTOM: u32 = 1134;
/// 30 mm.
pub(crate) const MARGIN_LEFT: u32 = 1701;
/// 15 mm (851 twips is 15.01 mm: within the decree's 15–20).
pub(crate) const MARGIN_RIGHT: u32 = 851;
/// The page number's distance from the top edge, 10 mm: inside the top margin, where the
/// decree puts it (I.7).
pub(crate) const HEADER_DISTANCE: u32 = 567;
/// The width of the text, 165 mm.
pub(crate) const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// The body's size in points (13–14).
pub(crate) const BODY_PT: u32 = 14;
/// Tables' text, a size below the body so that six columns fit a portrait page.
pub(crate) const TABLE_PT: u32 = 12;
/// Space inside a table cell, left and right: 1.5 mm.
pub(crate) const CELL_PAD: u32 = 85;
/// The first line's indent, 1 cm.
const FIRST_LINE: i32 = 567;
/// 6 pt before a paragraph (the least the decree allows).
const BEFORE: u32 = 120;
/// Line spacing 1.15 (276 of 240), between the decree's single and 1.5 lines.
const LINE: i32 = 276;

/// Times New Roman for every script, so no run falls back to another font.
pub(crate) fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

/// How a run looks: its size in points, bold, italic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    pub(crate) pt: u32,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
}

impl Look {
    /// Upright, regular, of `pt` points.
    pub(crate) const fn plain(pt: u32) -> Look {
        Look { pt, bold: false, italic: false }
    }
    /// Upright, bold.
    pub(crate) const fn bold(pt: u32) -> Look {
        Look { pt, bold: true, italic: false }
    }
    /// Italic, regular.
    pub(crate) const fn italic(pt: u32) -> Look {
        Look { pt, bold: false, italic: true }
    }
}

/// A run of `text` in `look`, black.
pub(crate) fn run(text: &str, look: Look) -> Run {
    let mut r = Run::new().add_text(text).fonts(fonts()).size(half_points(look.pt)).color("000000");
    if look.bold {
        r = r.bold();
    }
    if look.italic {
        r = r.italic();
    }
    r
}

fn half_points(pt: u32) -> usize {
    usize::try_from(pt * 2).unwrap_or(28)
}

fn spacing(before: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(0).line(LINE).line_rule(LineSpacingType::Auto)
}

/// A paragraph of runs aligned `align`, with no space around it (for the blocks at the top
/// and the bottom, and table cells).
pub(crate) fn line(runs: Vec<Run>, align: AlignmentType, pt: u32) -> Paragraph {
    let p = Paragraph::new()
        .align(align)
        .line_spacing(
            LineSpacing::new().before(0).after(0).line(240).line_rule(LineSpacingType::Auto),
        )
        .size(half_points(pt))
        .fonts(fonts());
    runs.into_iter().fold(p, Paragraph::add_run)
}

/// One centred line of `text`.
pub(crate) fn centred(text: &str, look: Look) -> Paragraph {
    line(vec![run(text, look)], AlignmentType::Center, look.pt)
}

/// A body paragraph: justified, first line indented, 6 pt before.
pub(crate) fn body(runs: Vec<Run>) -> Paragraph {
    let p = Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(spacing(BEFORE))
        .size(half_points(BODY_PT))
        .fonts(fonts());
    runs.into_iter().fold(p, Paragraph::add_run)
}

/// A body paragraph of plain text.
pub(crate) fn text(s: &str) -> Paragraph {
    body(vec![run(s, Look::plain(BODY_PT))])
}

/// A heading of the content ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"): bold, kept with what
/// follows it.
pub(crate) fn heading(s: &str) -> Paragraph {
    body(vec![run(s, Look::bold(BODY_PT))]).keep_next(true)
}

/// An empty paragraph drawing a rule `width` twips long, centred in `column` twips: the short
/// line under the issuing body, the motto and the title (Phụ lục I, II.1–2, II.5).
pub(crate) fn rule(width: u32, column: u32) -> Paragraph {
    let width = width.min(column);
    let side = i32::try_from((column - width) / 2).unwrap_or(0);
    // 3 pt high, so the rule sits just under the line above without touching it.
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new().before(0).after(0).line(60).line_rule(LineSpacingType::Exact),
        )
        .size(2);
    // Only the bottom border: docx-rs's default borders would draw a box.
    let bottom =
        ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(6);
    p.property = p.property.set_borders(ParagraphBorders::with_empty().set(bottom));
    p
}

/// A table cell `width` twips wide holding `paragraphs`, centred vertically.
pub(crate) fn cell(paragraphs: Vec<Paragraph>, width: u32) -> TableCell {
    let c = TableCell::new()
        .width(usize::try_from(width).unwrap_or(0), WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    paragraphs.into_iter().fold(c, TableCell::add_paragraph)
}

/// A cell of table text, one paragraph a line of `text`, aligned `align`.
pub(crate) fn text_cell(text: &str, look: Look, align: AlignmentType, width: u32) -> TableCell {
    let lines: Vec<Paragraph> =
        text.split('\n').map(|l| line(vec![run(l, look)], align, look.pt)).collect();
    cell(lines, width)
}

/// A table of `rows` in columns `widths` (twips), fixed so Word and LibreOffice keep them;
/// with thin black borders when `ruled`, none for the blocks at the top and the bottom.
pub(crate) fn table(rows: Vec<TableRow>, widths: &[u32], ruled: bool) -> Table {
    let grid: Vec<usize> = widths.iter().map(|w| usize::try_from(*w).unwrap_or(0)).collect();
    let total = grid.iter().sum();
    let pad = usize::try_from(CELL_PAD).unwrap_or(0);
    // A table without borders is moved left by its cell padding, so its text starts at the
    // margin ("Nơi nhận" flush left, Phụ lục I, II.9).
    let t = if ruled {
        Table::new(rows).set_borders(borders())
    } else {
        Table::without_borders(rows).indent(-i32::try_from(CELL_PAD).unwrap_or(0))
    };
    t.set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, pad, 0, pad))
}

/// Half-point black lines all round and inside.
fn borders() -> TableBorders {
    use TableBorderPosition::{Bottom, InsideH, InsideV, Left, Right, Top};
    [Top, Left, Bottom, Right, InsideH, InsideV]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, position| {
            b.set(TableBorder::new(position).size(4).color("000000"))
        })
}

/// A header row of `labels` in bold, centred, in columns `widths`; it is not split across
/// pages.
pub(crate) fn header_row(labels: &[&str], widths: &[u32]) -> TableRow {
    let cells = labels
        .iter()
        .zip(widths)
        .map(|(l, w)| text_cell(l, Look::bold(TABLE_PT), AlignmentType::Center, *w))
        .collect();
    TableRow::new(cells).cant_split()
}
