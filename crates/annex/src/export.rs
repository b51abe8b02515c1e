//! Writing a criteria set as an annex table that [`import_annex`](super::import_annex) reads
//! back into the same set. Writes bytes; never touches the file system.
//!
//! What makes the round trip exact: the set's details sit in key rows above the table;
//! `Cách chấm` holds [`describe`]'s text, which the importer parses back into the same rule and
//! `na`; the decision's own wording goes word for word into `Hướng dẫn chấm điểm`; evidence is
//! one document per line; codes and previous codes are text; `Phương pháp` is written for every
//! leaf; bonus and penalty items follow `Điểm thưởng` / `Điểm trừ` headings carrying the cap.

use parscore_core::{describe, CriteriaSet, Decimal, Lang, Level, Method, Node, ProvenanceStatus};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use parscore_write::style::{self, base, header_format};

use crate::{keys, words, AnnexError, Col, SHEET};

/// Writes `set` as an annex table (xlsx) and returns the bytes.
///
/// Fails only when rust_xlsxwriter refuses a cell (an xlsx limit, such as a text over 32,767
/// characters), naming the row.
///
/// ```
/// use parscore_core::catalog;
/// use parscore_annex::export_annex;
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let bytes = export_annex(&set)?;
/// assert!(bytes.starts_with(b"PK")); // an xlsx file is a zip archive
/// # Ok::<(), parscore_annex::AnnexError>(())
/// ```
pub fn export_annex(set: &CriteriaSet) -> Result<Vec<u8>, AnnexError> {
    let mut w = Writer { sheet: Worksheet::new(), row: 0 };
    w.at(0, "the sheet name", |s| s.set_name(SHEET).map(|_| ()))?;
    w.details(set)?;
    w.row += 1; // a blank row between the details and the table
    w.header()?;
    for node in set.nodes() {
        w.node(node)?;
    }
    for (heading, pool) in [(words::BONUS, &set.bonus), (words::PENALTY, &set.penalty)] {
        let Some(pool) = pool else { continue };
        w.pool_heading(heading, pool.cap)?;
        for item in &pool.items {
            w.node(item)?;
        }
    }
    let mut book = Workbook::new();
    book.push_worksheet(w.sheet);
    book.save_to_buffer().map_err(|source| AnnexError::Write {
        sheet: SHEET.into(),
        row: 1,
        what: "the workbook".into(),
        source,
    })
}

/// The level as Vietnamese documents name it, for the `Cấp đánh giá` row. The importer takes
/// the level from its options, so the name is for people only.
pub(crate) fn level_name(level: Level) -> &'static str {
    match level {
        Level::So => "Sở, ban, ngành",
        Level::Huyen => "Huyện (UBND cấp huyện)",
        Level::Xa => "Xã (UBND cấp xã)",
        Level::Tinh => "Tỉnh",
    }
}

/// Column widths, in Excel's units.
fn width(col: Col) -> f64 {
    match col {
        Col::Code => 16.0,
        Col::Name => 50.0,
        Col::Max => 9.0,
        Col::Rule => 45.0,
        Col::Guidance => 55.0,
        Col::Evidence => 40.0,
        Col::Owner => 22.0,
        Col::Method => 16.0,
        Col::PreviousCode => 10.0,
    }
}

/// `A`, `B`, … for the columns parscore writes (fewer than 26).
fn column_letter(col: u16) -> char {
    u8::try_from(col).ok().filter(|c| *c < 26).map_or('?', |c| char::from(b'A' + c))
}

fn index(col: Col) -> u16 {
    // ALL lists every column once.
    Col::ALL.iter().position(|c| *c == col).map_or(0, |i| i as u16)
}

struct Writer {
    sheet: Worksheet,
    /// The next row to write, 0-based.
    row: u32,
}

impl Writer {
    /// Runs one rust_xlsxwriter call, naming the current row and `what` when it fails.
    fn at<T>(
        &mut self,
        col: u16,
        what: &str,
        f: impl FnOnce(&mut Worksheet) -> Result<T, XlsxError>,
    ) -> Result<T, AnnexError> {
        let row = self.row;
        f(&mut self.sheet).map_err(|source| AnnexError::Write {
            sheet: SHEET.into(),
            row: row + 1,
            what: format!("{what} (column {})", column_letter(col)),
            source,
        })
    }

    fn text(
        &mut self,
        col: u16,
        text: &str,
        format: &Format,
        what: &str,
    ) -> Result<(), AnnexError> {
        let row = self.row;
        self.at(col, what, |s| s.write_string_with_format(row, col, text, format).map(|_| ()))
    }

    fn number(
        &mut self,
        col: u16,
        value: Decimal,
        format: &Format,
        what: &str,
    ) -> Result<(), AnnexError> {
        let row = self.row;
        // The one place a decimal becomes a float: xlsx stores numbers as doubles, and the
        // reader turns a double back into its shortest decimal text ("0.25").
        let v = style::num(value);
        self.at(col, what, |s| s.write_number_with_format(row, col, v, format).map(|_| ()))
    }

    /// The set's details: one key per row, its value in the next cells.
    fn details(&mut self, set: &CriteriaSet) -> Result<(), AnnexError> {
        let key = base().set_bold().set_text_wrap();
        let value = base().set_text_wrap().set_align(FormatAlign::Left);
        let status = match set.provenance.status {
            ProvenanceStatus::Official => words::OFFICIAL,
            ProvenanceStatus::Reconstruction => words::RECONSTRUCTION,
        };
        let year = set.year.to_string();
        // `None` marks the total, written as a number; every other value is text.
        let mut rows: Vec<(&str, Option<&str>)> = vec![
            (keys::ID, Some(&set.id)),
            (keys::TITLE, Some(&set.title)),
            (keys::YEAR, Some(&year)),
            (keys::LEVEL, Some(level_name(set.level))),
            (keys::TOTAL, None),
        ];
        if let Some(previous) = &set.previous {
            rows.push((keys::PREVIOUS, Some(previous)));
        }
        rows.extend([
            (keys::STATUS, Some(status)),
            (keys::SOURCE, Some(set.provenance.source.as_str())),
            (keys::NOTES, Some(set.provenance.notes.as_str())),
        ]);
        if let Some(en) = &set.provenance.notes_en {
            rows.push((keys::NOTES_EN, Some(en)));
        }
        for (k, v) in rows {
            self.text(0, k, &key, k)?;
            match v {
                None => self.number(1, set.total, &value, k)?,
                Some(v) if !v.is_empty() => {
                    // Long texts span the table's width so they stay readable.
                    let (row, last) = (self.row, index(Col::PreviousCode));
                    self.at(1, k, |s| s.merge_range(row, 1, row, last, v, &value).map(|_| ()))?;
                    let wide: f64 = Col::ALL.iter().skip(1).map(|c| width(*c)).sum();
                    if let Some(h) = style::fit_height(&[(v, wide, 0, false)]) {
                        self.at(1, k, |s| s.set_row_height(row, h).map(|_| ()))?;
                    }
                }
                // The key row alone says the value is empty (notes may be).
                Some(_) => {}
            }
            self.row += 1;
        }
        // A caption over the grades' columns, its first cell blank so it reads as no key.
        if !set.grades.is_empty() {
            let caption = base().set_italic();
            let heads = ["Tên xếp loại", "Từ (%)", "Tên tiếng Anh"];
            for (col, text) in (1u16..).zip(heads) {
                self.text(col, text, &caption, "the grades' caption")?;
            }
            self.row += 1;
        }
        for g in &set.grades {
            self.text(0, keys::GRADE, &key, keys::GRADE)?;
            self.text(1, &g.label, &value, "a grade's label")?;
            self.number(2, g.min, &value, "a grade's minimum")?;
            if let Some(en) = &g.label_en {
                self.text(3, en, &value, "a grade's English label")?;
            }
            self.row += 1;
        }
        Ok(())
    }

    fn header(&mut self) -> Result<(), AnnexError> {
        let f = header_format();
        for col in Col::ALL {
            let i = index(col);
            self.text(i, col.header(), &f, "the header")?;
            self.at(i, "a column width", |s| s.set_column_width(i, width(col)).map(|_| ()))?;
        }
        let row = self.row;
        self.at(0, "the frozen header", |s| s.set_freeze_panes(row + 1, 0).map(|_| ()))?;
        // Printed as decisions print annexes: A4 landscape, the full width, the header on
        // every page.
        self.sheet.set_landscape().set_paper_size(style::A4).set_print_fit_to_pages(1, 0);
        self.at(0, "the repeated header", |s| s.set_repeat_rows(row, row).map(|_| ()))?;
        self.row += 1;
        Ok(())
    }

    fn pool_heading(&mut self, heading: &str, cap: Decimal) -> Result<(), AnnexError> {
        let f = base().set_bold();
        self.text(index(Col::Code), "", &f, heading)?;
        self.text(index(Col::Name), heading, &f, heading)?;
        self.number(index(Col::Max), cap, &f.clone().set_align(FormatAlign::Center), heading)?;
        self.row += 1;
        Ok(())
    }

    fn node(&mut self, node: &Node) -> Result<(), AnnexError> {
        let leaf = node.is_leaf();
        let f = if leaf { base() } else { base().set_bold() };
        let wrap = f.clone().set_text_wrap();
        let code = &node.code;
        let rule = describe(node, Lang::Vi);
        let evidence = node.evidence.join("\n");
        let method = match (node.method, leaf) {
            (Method::Survey, _) => words::SURVEY,
            (Method::SelfAssessed, true) => words::SELF,
            // A parent's method is the default; a blank cell reads back as it.
            (Method::SelfAssessed, false) => "",
        };
        let cells: [(Col, &str); 8] = [
            (Col::Code, code),
            (Col::Name, &node.name),
            (Col::Rule, &rule),
            (Col::Guidance, node.guidance.as_deref().unwrap_or("")),
            (Col::Evidence, &evidence),
            (Col::Owner, node.owner.as_deref().unwrap_or("")),
            (Col::Method, method),
            (Col::PreviousCode, node.previous_code.as_deref().unwrap_or("")),
        ];
        let mut lines = Vec::new();
        for (col, text) in cells {
            // Codes stay text ("1.10" is not 1.1); empty cells are left blank so they read as absent.
            let format =
                if col == Col::Code { f.clone().set_num_format("@") } else { wrap.clone() };
            if !text.is_empty() || col == Col::Code {
                self.text(index(col), text, &format, code)?;
            }
            lines.push((text, width(col), 0, !leaf));
        }
        self.number(index(Col::Max), node.max, &f.clone().set_align(FormatAlign::Center), code)?;
        if let Some(h) = style::fit_height(&lines) {
            let row = self.row;
            self.at(0, code, |s| s.set_row_height(row, h).map(|_| ()))?;
        }
        self.row += 1;
        Ok(())
    }
}
