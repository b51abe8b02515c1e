//! Reading a filled self-assessment workbook (xlsx, xls, ods) into the core's inputs.
//!
//! The reader trusts nothing it did not compute: columns are found by header text, codes by
//! value, and the `Điểm tự chấm` formulas of computed rules are ignored. Every problem is
//! collected with its file, sheet, cell and criterion code; reading never stops at the first.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use calamine::Data;
use parscore_core::{
    fmt_decimal, CriteriaSet, Decimal, Entry, Expected, Input, Inputs, Lang, RatioInput, Rule, Text,
};
use parscore_sheet::layout::{meta, META_SHEET, NOT_APPLICABLE, SHEET};
use parscore_sheet::{cell_name, input_cols, CellProblem, Col};

use crate::cells;
use crate::error::ReadError;
use crate::grid::{Grid, Row};
use crate::header::{self, fold_header};
use crate::heading::{self, Heading};
use crate::limits::Limits;
use crate::open::{read_file, Book};
use crate::reading::{Reading, Totals};
use crate::xlsx_scan::Formulas;

/// What the hidden `parscore` sheet records (all optional: other tools' workbooks lack it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The criteria set's id.
    pub set_id: Option<String>,
    /// The set's content hash when the template was written.
    pub set_hash: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The assessment year.
    pub year: Option<String>,
    /// The parscore version that wrote it.
    pub version: Option<String>,
}

/// A workbook opened and its self-assessment sheet found, not yet matched to a set.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The file, as given.
    pub file: String,
    /// What the hidden sheet records.
    pub meta: Meta,
    /// The sheet read.
    pub sheet: String,
    /// What the sheet shows above its table (the unit's name, the set's id).
    pub heading: Heading,
    header_row: u32,
    cols: BTreeMap<Col, u32>,
    grid: Grid,
    /// The sheet's formula cells, where the format tells them (xlsx).
    formulas: Option<Formulas>,
}

/// Every column's header and aliases, folded once per process.
fn header_names() -> &'static [(String, Col)] {
    static NAMES: OnceLock<Vec<(String, Col)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        header::header_names(
            Col::ALL.map(|c| {
                (c, std::iter::once(c.header()).chain(c.aliases().iter().copied()).collect())
            }),
        )
    })
}

/// Finds the header row among the first 40 rows of a sheet: the first row naming the code
/// column and an input column.
fn find_header(grid: &Grid) -> Option<(u32, BTreeMap<Col, u32>)> {
    let complete = |cols: &BTreeMap<Col, u32>| {
        cols.contains_key(&Col::Code)
            && (cols.contains_key(&Col::Value) || cols.contains_key(&Col::SelfScore))
    };
    header::find_header(grid, header_names(), complete, |_| true)
}

impl Workbook {
    /// Opens `path` (xlsx, xls or ods) with the default [`Limits`] and finds its
    /// self-assessment sheet: the sheet named `Tự đánh giá`, else the first sheet with a
    /// recognisable header row.
    ///
    /// ```
    /// use parscore_read::Workbook;
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/so-xay-dung-2024.xlsx");
    /// let book = Workbook::open(std::path::Path::new(path)).unwrap();
    /// assert_eq!(book.sheet, "Tự đánh giá");
    /// assert_eq!(book.meta.set_id.as_deref(), Some("lai-chau/so/2024"));
    /// ```
    pub fn open(path: &Path) -> Result<Workbook, ReadError> {
        Workbook::open_with(path, &Limits::default())
    }

    /// [`Workbook::open`] with other [`Limits`]. The file's size is checked before it is read,
    /// and its content (not its extension) decides how it is parsed; see
    /// [`Workbook::from_bytes`] for every refusal.
    pub fn open_with(path: &Path, limits: &Limits) -> Result<Workbook, ReadError> {
        let bytes = read_file(path, limits)?;
        Workbook::from_bytes(&path.display().to_string(), &bytes, limits)
    }

    /// Reads a workbook from its bytes; `file` names it in messages. It is opened by
    /// [`Book::open`], which says what it refuses.
    ///
    /// ```
    /// use parscore_read::{Limits, ReadError, Workbook};
    /// let err = Workbook::from_bytes("notes.xlsx", b"just text", &Limits::default()).unwrap_err();
    /// assert!(matches!(err, ReadError::NotWorkbook { .. }));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "notes.xlsx: is not an xlsx, xls or ods workbook: it is a text file (it starts with \"just text\")"
    /// );
    /// ```
    pub fn from_bytes(file: &str, bytes: &[u8], limits: &Limits) -> Result<Workbook, ReadError> {
        let file = file.to_string();
        let mut book = Book::open(&file, bytes, limits)?;
        let names = book.sheet_names();
        let meta = match names.iter().find(|n| n.as_str() == META_SHEET) {
            Some(n) => book.sheet(n)?.map(|g| read_meta(&g)).unwrap_or_default(),
            None => Meta::default(),
        };
        // The sheet named `Tự đánh giá` (however its letters are composed or cased) first,
        // then the others in the workbook's order; never the hidden sheet.
        let wanted = fold_header(SHEET);
        let (mut order, others): (Vec<&String>, Vec<&String>) = names
            .iter()
            .filter(|n| n.as_str() != META_SHEET)
            .partition(|n| fold_header(n) == wanted);
        order.extend(others);
        let mut first_error = None;
        for name in order {
            let grid = match book.sheet(name) {
                Ok(Some(grid)) => grid,
                Ok(None) => continue,
                Err(e @ ReadError::TooLarge { .. }) => return Err(e),
                // A broken sheet is reported only if no other sheet holds the table.
                Err(e) => {
                    first_error.get_or_insert(e);
                    continue;
                }
            };
            if let Some((header_row, cols)) = find_header(&grid) {
                let formulas = book.formulas(name);
                let sheet = name.clone();
                let heading = heading::read(&grid, header_row);
                return Ok(Workbook {
                    file,
                    meta,
                    sheet,
                    heading,
                    header_row,
                    cols,
                    grid,
                    formulas,
                });
            }
        }
        Err(first_error.unwrap_or(ReadError::NoSheet { file, sheets: names.join(", ") }))
    }

    /// The unit's name: the one the sheet shows (`Đơn vị: …`), which is what the unit prints
    /// and signs; the one recorded in the hidden sheet only where the sheet shows none.
    ///
    /// ```
    /// use parscore_read::Workbook;
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/so-xay-dung-2025.xlsx");
    /// let book = Workbook::open(std::path::Path::new(path)).unwrap();
    /// assert_eq!(book.unit().as_deref(), Some("Sở Xây dựng"));
    /// ```
    pub fn unit(&self) -> Option<String> {
        heading::unit(&self.heading, self.meta.unit.as_deref())
    }

    /// A note at the sheet's unit cell when it names another unit than the one the template
    /// was made for (the shown name is used: see [`Workbook::unit`]).
    pub fn unit_note(&self) -> Option<CellProblem> {
        heading::unit_note(&self.heading, self.meta.unit.as_deref(), &self.file, &self.sheet)
    }

    /// The criteria set the workbook names: the hidden sheet's record, else the id its heading
    /// shows (`Mã bộ tiêu chí: …`, left when a table is pasted into a new workbook). Not
    /// checked: a caller resolves it among the sets it knows.
    pub fn set_id(&self) -> Option<&str> {
        self.meta.set_id.as_deref().or(self.heading.set_id.as_deref())
    }

    /// Reads the inputs the rules of `set` need, reporting every problem found.
    pub fn inputs(&self, set: &CriteriaSet) -> Reading {
        let mut r = Reading {
            inputs: Inputs::default(),
            problems: Vec::new(),
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            rows: BTreeMap::new(),
            cols: self.cols.clone(),
            bad: Vec::new(),
            missing_cols: Vec::new(),
            for_another_set: false,
            formulas: self.formulas.clone(),
            sheet_scores: Vec::new(),
            totals: Totals::default(),
        };
        self.check_meta(set, &mut r);
        self.check_columns(set, &mut r);
        let code_col = self.cols.get(&Col::Code).copied().unwrap_or(0);
        for (row, row_cells) in self.grid.rows_from(self.header_row.saturating_add(1)) {
            let at = |col: Col| self.cols.get(&col).and_then(|c| row_cells.get(*c));
            let Some(code_cell) = row_cells.get(code_col) else { continue };
            let code = match code_cell {
                Data::Empty => continue,
                Data::String(s) => cells::nfc(s).trim().trim_end_matches('.').to_string(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e6 => format!("{f}"),
                other => {
                    let what = cells::describe(other);
                    r.problem(row, code_col, None, Text::new(
                        format!(
                            "mã là {}, nhập dạng số: không phân biệt được 1.1 với 1.10; hãy nhập mã \
                             dạng văn bản",
                            what.vi
                        ),
                        format!(
                            "the code is {}, written as a number: 1.1 cannot be told from 1.10; \
                             write codes as text",
                            what.en
                        ),
                    ));
                    continue;
                }
            };
            if code.is_empty() {
                continue;
            }
            let Some(node) = set.find(&code) else {
                // Rows without inputs (titles, notes, the total) may carry any label.
                let has_input = [Col::Value, Col::Numerator, Col::Denominator, Col::SelfScore]
                    .iter()
                    .any(|c| at(*c).is_some_and(|d| !matches!(d, Data::Empty)));
                if has_input {
                    r.problem(
                        row,
                        code_col,
                        Some(&code),
                        Text::new(
                            format!("mã tiêu chí không có trong bộ tiêu chí {}", set.id),
                            format!("unknown criterion code (not in {})", set.id),
                        ),
                    );
                }
                continue;
            };
            if let Some(first) = r.rows.get(&code) {
                let (line, cell) = (u64::from(*first) + 1, cell_name(*first, code_col));
                let message = Text::new(
                    format!("mã bị trùng: đã có ở dòng {line} ({cell}); chỉ tính dòng đầu tiên"),
                    format!("duplicate code: already on row {line} ({cell}); the first row counts"),
                );
                r.problem(row, code_col, Some(&code), message);
                continue;
            }
            r.rows.insert(code.clone(), row);
            r.sheet_scores.push((code.clone(), row, at(Col::SelfScore).cloned()));
            let mut entry = Entry {
                evidence: cells::text(at(Col::Evidence)),
                explanation: cells::text(at(Col::Explanation)),
                owner: cells::text(at(Col::Owner)),
                ..Entry::default()
            };
            if let Some(cell) = at(Col::Appraised).filter(|d| !matches!(d, Data::Empty)) {
                match cells::decimal(cell) {
                    Ok(v) if v < Decimal::ZERO || v > node.max => r.problem_at(
                        row,
                        Col::Appraised,
                        &code,
                        Text::new(
                            format!(
                                "điểm thẩm định {} nằm ngoài khoảng 0..{} (điểm tối đa)",
                                fmt_decimal(v, Lang::Vi),
                                fmt_decimal(node.max, Lang::Vi)
                            ),
                            format!(
                                "appraised score {} is outside 0..{} (the maximum)",
                                v.normalize(),
                                node.max.normalize()
                            ),
                        ),
                    ),
                    Ok(v) => entry.appraised = Some(v),
                    Err(e) => r.problem_at(
                        row,
                        Col::Appraised,
                        &code,
                        Text::new(
                            format!("điểm thẩm định là {}; cần nhập một số", e.vi),
                            format!("appraised score is {}; expected a number", e.en),
                        ),
                    ),
                }
            }
            if let Some(rule) = &node.rule {
                match self.value(row_cells, rule, node.na.is_some()) {
                    Ok(v) => entry.value = v,
                    Err((col, msg)) => {
                        r.bad.push(code.clone());
                        r.problem_at(row, col, &code, msg);
                    }
                }
            }
            r.inputs.entries.insert(code, entry);
        }
        r.totals = self.totals();
        // The tree's leaves need a row; the bonus and penalty items (and any tree node sharing
        // a code with one) may be left out.
        for node in set.nodes() {
            let missing = node.is_leaf() && !r.rows.contains_key(&node.code);
            if missing && !set.pool_items().any(|p| p.code == node.code) {
                r.problems.push(CellProblem {
                    file: r.file.clone(),
                    sheet: r.sheet.clone(),
                    cell: None,
                    code: Some(node.code.clone()),
                    message: Text::new(
                        format!("không có dòng cho tiêu chí {} ({})", node.code, node.name),
                        format!("no row for criterion {} ({})", node.code, node.name),
                    ),
                });
            }
        }
        r
    }

    /// The input of one leaf row; `Err` names the column and what was expected.
    fn value(
        &self,
        row_cells: Row<'_>,
        rule: &Rule,
        na_allowed: bool,
    ) -> Result<Option<Input>, (Col, Text)> {
        let get = |col: Col| {
            let cell = self.cols.get(&col).and_then(|c| row_cells.get(*c));
            cell.filter(|d| !matches!(d, Data::Empty))
        };
        let value = get(Col::Value);
        // Only text can be a "not applicable" word: a number, logical value, date or formula
        // error never reads as one (see the test `only_text_is_a_not_applicable_word`), so
        // the numbers most rows hold are not written out and folded for nothing.
        let text = value.filter(|d| matches!(d, Data::String(_)));
        if let Some(word) = cells::folded(text) {
            if NOT_APPLICABLE.contains(&word.as_str()) {
                return if na_allowed {
                    Ok(Some(Input::NotApplicable))
                } else {
                    Err((
                        Col::Value,
                        Text::new(
                            "ghi là không áp dụng, nhưng bộ tiêu chí không cho phép",
                            "declared not applicable, but the criteria set does not allow it",
                        ),
                    ))
                };
            }
        }
        let v = |res: Result<Input, Text>, col: Col, what: Expected| {
            res.map(Some).map_err(|e| (col, expected(&e, what)))
        };
        match rule {
            Rule::Manual { .. } => match get(Col::SelfScore) {
                None => Ok(None),
                Some(c) => v(cells::decimal(c).map(Input::Score), Col::SelfScore, Expected::Score),
            },
            Rule::Boolean { yes, no } => match value {
                None => Ok(None),
                Some(c) => cells::yes_no(c, yes.as_deref(), no.as_deref())
                    .map(|b| Some(Input::Yes(b)))
                    .map_err(|e| (Col::Value, e)),
            },
            Rule::Choice { .. } => match value {
                None => Ok(None),
                // No outcome is this long, and quoting it whole would flood the terminal.
                Some(c @ Data::String(s)) if s.chars().count() > 1000 => {
                    let what = cells::describe(c);
                    let n = s.chars().count();
                    let long = Text::new(
                        format!("{}, dài {n} ký tự", what.vi),
                        format!("{}, {n} characters long", what.en),
                    );
                    Err((Col::Value, expected(&long, Expected::Choice)))
                }
                Some(c @ Data::Error(_)) => {
                    Err((Col::Value, expected(&cells::describe(c), Expected::Choice)))
                }
                Some(c) => Ok(cells::text(Some(c)).map(Input::Choice)),
            },
            Rule::Bands { input: RatioInput::Fraction, .. }
            | Rule::Proportional { input: RatioInput::Fraction } => {
                match (get(Col::Numerator), get(Col::Denominator)) {
                    (None, None) => Ok(None),
                    (Some(n), Some(d)) => {
                        let numerator = cells::decimal(n)
                            .map_err(|e| (Col::Numerator, expected(&e, Expected::Number)))?;
                        let denominator = cells::decimal(d)
                            .map_err(|e| (Col::Denominator, expected(&e, Expected::Number)))?;
                        Ok(Some(Input::Fraction { numerator, denominator }))
                    }
                    (Some(_), None) => Err((
                        Col::Denominator,
                        Text::new(
                            "thiếu mẫu số (cột Mẫu số)",
                            "the denominator (Mẫu số) is missing",
                        ),
                    )),
                    (None, Some(_)) => Err((
                        Col::Numerator,
                        Text::new("thiếu tử số (cột Tử số)", "the numerator (Tử số) is missing"),
                    )),
                }
            }
            Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => match value {
                None => Ok(None),
                Some(c) => v(cells::percent(c).map(Input::Percent), Col::Value, Expected::Percent),
            },
            Rule::Deduction { .. } | Rule::Count { .. } => match value {
                None => Ok(None),
                Some(c) => v(cells::count(c).map(Input::Count), Col::Value, Expected::WholeNumber),
            },
        }
    }

    fn check_meta(&self, set: &CriteriaSet, r: &mut Reading) {
        let m = &self.meta;
        let before = r.problems.len();
        if let Some(id) = &m.set_id {
            if id != &set.id {
                r.sheet_problem(Text::new(
                    format!("bảng tính này được lập theo bộ tiêu chí {id}, không phải {}", set.id),
                    format!("this workbook was made for criteria set {id}, not {}", set.id),
                ));
            } else if m.set_hash.as_deref().is_some_and(|h| h != set.content_hash()) {
                r.sheet_problem(Text::new(
                    format!(
                        "bảng tính này được lập từ một phiên bản khác của bộ tiêu chí {id} (mã kiểm \
                         tra nội dung khác): hãy tạo biểu mẫu mới bằng `parscore template`"
                    ),
                    format!(
                        "this workbook was made from another version of {id} (its fingerprint \
                         differs): make a new template with `parscore template`"
                    ),
                ));
            }
        }
        if let Some(year) = &m.year {
            if year != &set.year.to_string() {
                r.sheet_problem(Text::new(
                    format!(
                        "bảng tính này dùng cho năm {year}, nhưng bộ tiêu chí {} là của năm {}",
                        set.id, set.year
                    ),
                    format!(
                        "this workbook is for the year {year}, but the set {} is for {}",
                        set.id, set.year
                    ),
                ));
            }
        }
        r.for_another_set = r.problems.len() > before;
    }

    /// The sheet's own total and percentage rows below the criteria, found by their labels in
    /// the name column (`Tổng cộng`, `Tỷ lệ đạt (%)`) on rows without a code.
    fn totals(&self) -> Totals {
        let mut t = Totals::default();
        let (Some(name), Some(score)) = (self.cols.get(&Col::Name), self.cols.get(&Col::SelfScore))
        else {
            return t;
        };
        let code = self.cols.get(&Col::Code).copied();
        for (row, cells) in self.grid.rows_from(self.header_row.saturating_add(1)) {
            if code.and_then(|c| cells.get(c)).is_some() {
                continue;
            }
            let (Some(label), Some(value)) = (cells::folded(cells.get(*name)), cells.get(*score))
            else {
                continue;
            };
            match label.as_str() {
                "tổng cộng" => t.total = Some((row, value.clone())),
                "tỷ lệ đạt (%)" => t.percent = Some((row, value.clone())),
                _ => {}
            }
        }
        t
    }

    /// Reports input columns that the set's rules need but the header lacks.
    fn check_columns(&self, set: &CriteriaSet, r: &mut Reading) {
        let mut needed = BTreeMap::new();
        for node in set.all_nodes() {
            let cols = node.rule.as_ref().map_or(&[][..], input_cols);
            for col in cols {
                needed.entry(*col).or_insert_with(|| node.code.clone());
            }
        }
        // Only a workbook missing a column needs the unrecognised headers listed.
        let mut unknown = None;
        for (col, code) in needed {
            if !self.cols.contains_key(&col) {
                let unknown = unknown.get_or_insert_with(|| self.unknown_headers());
                r.missing_cols.push(col);
                let (header, line) = (col.header(), u64::from(self.header_row) + 1);
                r.sheet_problem(Text::new(
                    format!(
                        "dòng tiêu đề {line} không có cột '{header}' (cần cho {code} và các tiêu \
                         chí khác); hãy kiểm tra chính tả{}",
                        unknown.vi
                    ),
                    format!(
                        "no column '{header}' in the header row {line} (needed by {code} and \
                         others); check its spelling{}",
                        unknown.en
                    ),
                ));
            }
        }
    }

    /// "; headers not recognised: 'Số liêu' (E3)", or nothing when every header is known.
    fn unknown_headers(&self) -> Text {
        let known: Vec<u32> = self.cols.values().copied().collect();
        let Some((_, header)) = self.grid.rows_from(self.header_row).next() else {
            return Text::new("", "");
        };
        let unknown: Vec<String> = header
            .cells()
            .filter(|(c, _)| !known.contains(c))
            .filter_map(|(c, d)| {
                let text = cells::text(Some(d))?;
                Some(format!("'{}' ({})", cells::clip(&text), cell_name(self.header_row, c)))
            })
            .take(5)
            .collect();
        if unknown.is_empty() {
            Text::new("", "")
        } else {
            let unknown = unknown.join(", ");
            Text::new(
                format!("; tiêu đề không nhận ra: {unknown}"),
                format!("; headers not recognised: {unknown}"),
            )
        }
    }
}

/// "WHAT; expected EXPECTED" in both languages; `expected` is one of the English phrases
/// [`expected_vi`] knows.
fn expected(what: &Text, expected: Expected) -> Text {
    let e = expected.text();
    Text::new(format!("{}; cần nhập {}", what.vi, e.vi), format!("{}; expected {}", what.en, e.en))
}

fn read_meta(grid: &Grid) -> Meta {
    let mut m = Meta::default();
    for (_, row_cells) in grid.rows() {
        let key = cells::text(row_cells.get(0));
        let value = cells::text(row_cells.get(1));
        match key.as_deref() {
            Some(meta::SET_ID) => m.set_id = value,
            Some(meta::SET_HASH) => m.set_hash = value,
            Some(meta::UNIT) => m.unit = value,
            Some(meta::YEAR) => m.year = value,
            Some(meta::VERSION) => m.version = value,
            _ => {}
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_is_a_not_applicable_word() {
        // `Workbook::value` folds only text cells: what any other cell reads as (a number,
        // NaN and the infinities included, TRUE or FALSE, a date "10/12/2024", a formula error
        // "#N/A") must never be one of the words.
        for word in NOT_APPLICABLE {
            assert!(word.parse::<f64>().is_err(), "{word}");
            assert!(!["true", "false"].contains(word), "{word}");
            assert!(!word.starts_with(|c: char| c == '#' || c.is_ascii_digit()), "{word}");
        }
    }

    #[test]
    fn headers_are_folded_once_with_their_columns() {
        let names = header_names();
        assert!(names.contains(&("mã".to_string(), Col::Code)));
        assert!(names.contains(&("điểm tự chấm".to_string(), Col::SelfScore)));
        // Every column's own header is there, folded.
        for col in Col::ALL {
            assert!(names.iter().any(|(n, c)| *c == col && *n == fold_header(col.header())));
        }
    }
}
