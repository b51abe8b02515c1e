//! Reading a filled self-assessment workbook (xlsx, xls, ods) into the core's inputs.
//!
//! The reader trusts nothing it did not compute: columns are found by header text, codes by
//! value, and the `Điểm tự chấm` formulas of computed rules are ignored. Every problem is
//! collected with its file, sheet, cell and criterion code; reading never stops at the first.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use parscore_core::{
    fold_label, CriteriaSet, Decimal, Entry, Input, Inputs, ProblemKind, RatioInput, Rule,
    ScoreProblem,
};
use unicode_normalization::UnicodeNormalization;

use crate::cells;
use crate::layout::{meta, Col, META_SHEET, NOT_APPLICABLE, SHEET};

/// Why a workbook could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file is not a workbook calamine can open (corrupt, encrypted, not a spreadsheet).
    #[error("{file}: cannot open as a workbook (xlsx, xls or ods): {reason}")]
    Open {
        /// The file.
        file: String,
        /// What calamine said.
        reason: String,
    },
    /// No sheet has the self-assessment header.
    #[error(
        "{file}: no sheet '{SHEET}' and no sheet with a header row holding the columns 'Mã' and \
         'Số liệu' or 'Điểm tự chấm' (sheets: {sheets})"
    )]
    NoSheet {
        /// The file.
        file: String,
        /// The sheets it has.
        sheets: String,
    },
}

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
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: '{}'", self.file, self.sheet)?;
        if let Some(cell) = &self.cell {
            write!(f, "!{cell}")?;
        }
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        write!(f, ": {}", self.message)
    }
}

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
    header_row: u32,
    cols: BTreeMap<Col, u32>,
    range: Range<Data>,
}

/// A workbook's inputs for one criteria set, and every problem found reading them.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The inputs, by code.
    pub inputs: Inputs,
    /// Problems found in the cells (bad values, unknown or duplicate codes, missing rows).
    pub problems: Vec<CellProblem>,
    file: String,
    sheet: String,
    rows: BTreeMap<String, u32>,
    cols: BTreeMap<Col, u32>,
    /// Codes whose input cell was bad: the reader already reported them.
    bad: Vec<String>,
}

/// `E14` from 0-based row and column.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

fn fold_header(s: &str) -> String {
    fold_label(&s.nfc().collect::<String>())
}

/// Finds the header row among the first rows of a sheet: the first row naming the code column
/// and an input column.
fn find_header(range: &Range<Data>) -> Option<(u32, BTreeMap<Col, u32>)> {
    let (r0, c0) = range.start()?;
    for (i, row) in range.rows().take(40).enumerate() {
        let mut cols = BTreeMap::new();
        for (j, cell) in row.iter().enumerate() {
            let Some(text) = cells::text(Some(cell)) else { continue };
            let h = fold_header(&text);
            for col in Col::ALL {
                let names = std::iter::once(col.header()).chain(col.aliases().iter().copied());
                if names.map(fold_header).any(|n| n == h) {
                    cols.entry(col).or_insert(c0 + j as u32);
                }
            }
        }
        let has_input = cols.contains_key(&Col::Value) || cols.contains_key(&Col::SelfScore);
        if cols.contains_key(&Col::Code) && has_input {
            return Some((r0 + i as u32, cols));
        }
    }
    None
}

impl Workbook {
    /// Opens `path` (xlsx, xls or ods) and finds its self-assessment sheet: the sheet named
    /// `Tự đánh giá`, else the first sheet with a recognisable header row.
    pub fn open(path: &Path) -> Result<Workbook, ReadError> {
        let file = path.display().to_string();
        let mut book = open_workbook_auto(path)
            .map_err(|e| ReadError::Open { file: file.clone(), reason: e.to_string() })?;
        let names = book.sheet_names();
        let meta = names
            .iter()
            .find(|n| n.as_str() == META_SHEET)
            .and_then(|n| book.worksheet_range(n).ok())
            .map(|r| read_meta(&r))
            .unwrap_or_default();
        let mut order: Vec<&String> =
            names.iter().filter(|n| fold_header(n) == fold_header(SHEET)).collect();
        order.extend(
            names
                .iter()
                .filter(|n| fold_header(n) != fold_header(SHEET) && n.as_str() != META_SHEET),
        );
        for name in order {
            let Ok(range) = book.worksheet_range(name) else { continue };
            if let Some((header_row, cols)) = find_header(&range) {
                return Ok(Workbook { file, meta, sheet: name.clone(), header_row, cols, range });
            }
        }
        Err(ReadError::NoSheet { file, sheets: names.join(", ") })
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
        };
        self.check_meta(set, &mut r);
        self.check_columns(set, &mut r);
        let code_col = self.cols.get(&Col::Code).copied().unwrap_or(0);
        let (_, end_col) = self.range.end().unwrap_or((0, 0));
        let last_row = self.range.end().map_or(0, |(row, _)| row);
        for row in self.header_row + 1..=last_row {
            let at = |col: Col| self.cols.get(&col).and_then(|c| self.range.get_value((row, *c)));
            let Some(code_cell) = self.range.get_value((row, code_col)) else { continue };
            let code = match code_cell {
                Data::Empty => continue,
                Data::String(s) => {
                    s.nfc().collect::<String>().trim().trim_end_matches('.').to_string()
                }
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e6 => format!("{f}"),
                other => {
                    r.problem(row, code_col, None, format!(
                        "the code is {}, written as a number: 1.1 cannot be told from 1.10; write codes as text",
                        cells::describe(other)
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
                        format!("unknown criterion code (not in {})", set.id),
                    );
                }
                continue;
            };
            if let Some(first) = r.rows.get(&code) {
                let first = cell_name(*first, code_col);
                r.problem(
                    row,
                    code_col,
                    Some(&code),
                    format!("duplicate code: already on row {first}"),
                );
                continue;
            }
            r.rows.insert(code.clone(), row);
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
                        format!(
                            "appraised score {} is outside 0..{} (the maximum)",
                            v.normalize(),
                            node.max.normalize()
                        ),
                    ),
                    Ok(v) => entry.appraised = Some(v),
                    Err(e) => r.problem_at(
                        row,
                        Col::Appraised,
                        &code,
                        format!("appraised score is {e}; expected a number"),
                    ),
                }
            }
            if let Some(rule) = &node.rule {
                match self.value(row, rule, node.na.is_some()) {
                    Ok(v) => entry.value = v,
                    Err((col, msg)) => {
                        r.bad.push(code.clone());
                        r.problem_at(row, col, &code, msg);
                    }
                }
            }
            r.inputs.entries.insert(code, entry);
        }
        let _ = end_col;
        for node in set.all_nodes() {
            let pooled = set.pool_items().any(|p| p.code == node.code);
            if node.is_leaf() && !pooled && !r.rows.contains_key(&node.code) {
                r.problems.push(CellProblem {
                    file: r.file.clone(),
                    sheet: r.sheet.clone(),
                    cell: None,
                    code: Some(node.code.clone()),
                    message: format!("no row for criterion {} ({})", node.code, node.name),
                });
            }
        }
        r
    }

    /// The input of one leaf row; `Err` names the column and what was expected.
    fn value(
        &self,
        row: u32,
        rule: &Rule,
        na_allowed: bool,
    ) -> Result<Option<Input>, (Col, String)> {
        let get = |col: Col| {
            self.cols
                .get(&col)
                .and_then(|c| self.range.get_value((row, *c)))
                .filter(|d| !matches!(d, Data::Empty))
        };
        let value = get(Col::Value);
        if let Some(word) = cells::folded(value) {
            if NOT_APPLICABLE.contains(&word.as_str()) {
                return if na_allowed {
                    Ok(Some(Input::NotApplicable))
                } else {
                    Err((
                        Col::Value,
                        "declared not applicable, but the criteria set does not allow it".into(),
                    ))
                };
            }
        }
        let v = |res: Result<Input, String>, col: Col, what: &str| {
            res.map(Some).map_err(|e| (col, format!("{e}; expected {what}")))
        };
        match rule {
            Rule::Manual { .. } => match get(Col::SelfScore) {
                None => Ok(None),
                Some(c) => v(cells::decimal(c).map(Input::Score), Col::SelfScore, "a score"),
            },
            Rule::Boolean { yes, no } => match value {
                None => Ok(None),
                Some(c) => cells::yes_no(c, yes.as_deref(), no.as_deref())
                    .map(|b| Some(Input::Yes(b)))
                    .map_err(|e| (Col::Value, e)),
            },
            Rule::Choice { .. } => Ok(cells::text(value).map(Input::Choice)),
            Rule::Bands { input: RatioInput::Fraction, .. }
            | Rule::Proportional { input: RatioInput::Fraction } => {
                match (get(Col::Numerator), get(Col::Denominator)) {
                    (None, None) => Ok(None),
                    (Some(n), Some(d)) => {
                        let numerator = cells::decimal(n)
                            .map_err(|e| (Col::Numerator, format!("{e}; expected a number")))?;
                        let denominator = cells::decimal(d)
                            .map_err(|e| (Col::Denominator, format!("{e}; expected a number")))?;
                        Ok(Some(Input::Fraction { numerator, denominator }))
                    }
                    (Some(_), None) => {
                        Err((Col::Denominator, "the denominator (Mẫu số) is missing".into()))
                    }
                    (None, Some(_)) => {
                        Err((Col::Numerator, "the numerator (Tử số) is missing".into()))
                    }
                }
            }
            Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => match value {
                None => Ok(None),
                Some(c) => v(cells::percent(c).map(Input::Percent), Col::Value, "a percentage"),
            },
            Rule::Deduction { .. } | Rule::Count { .. } => match value {
                None => Ok(None),
                Some(c) => v(cells::count(c).map(Input::Count), Col::Value, "a whole number"),
            },
        }
    }

    fn check_meta(&self, set: &CriteriaSet, r: &mut Reading) {
        let m = &self.meta;
        if let Some(id) = &m.set_id {
            if id != &set.id {
                r.sheet_problem(format!(
                    "this workbook was made for criteria set {id}, not {}",
                    set.id
                ));
            } else if m.set_hash.as_deref().is_some_and(|h| h != set.content_hash()) {
                r.sheet_problem(format!(
                    "this workbook was made from another version of {id} (its fingerprint differs): \
                     make a new template with `parscore template`"
                ));
            }
        }
        if let Some(year) = &m.year {
            if year != &set.year.to_string() {
                r.sheet_problem(format!(
                    "this workbook is for the year {year}, but the set {} is for {}",
                    set.id, set.year
                ));
            }
        }
    }

    /// Reports input columns that the set's rules need but the header lacks.
    fn check_columns(&self, set: &CriteriaSet, r: &mut Reading) {
        let mut needed = BTreeMap::new();
        for node in set.all_nodes() {
            let cols: &[Col] = match &node.rule {
                None => &[],
                Some(Rule::Manual { .. }) => &[Col::SelfScore],
                Some(Rule::Bands { input: RatioInput::Fraction, .. })
                | Some(Rule::Proportional { input: RatioInput::Fraction }) => {
                    &[Col::Numerator, Col::Denominator]
                }
                Some(_) => &[Col::Value],
            };
            for col in cols {
                needed.entry(*col).or_insert_with(|| node.code.clone());
            }
        }
        for (col, code) in needed {
            if !self.cols.contains_key(&col) {
                r.sheet_problem(format!(
                    "no column '{}' in the header row {} (needed by {code} and others); check its spelling",
                    col.header(),
                    self.header_row + 1
                ));
            }
        }
    }
}

impl Reading {
    fn problem(&mut self, row: u32, col: u32, code: Option<&str>, message: String) {
        self.problems.push(CellProblem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell: Some(cell_name(row, col)),
            code: code.map(str::to_string),
            message,
        });
    }

    fn problem_at(&mut self, row: u32, col: Col, code: &str, message: String) {
        let c = self.cols.get(&col).copied().unwrap_or(0);
        self.problem(row, c, Some(code), message);
    }

    fn sheet_problem(&mut self, message: String) {
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
                        message: p.kind_message(),
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
            let c = self.cols.get(&col).or_else(|| self.cols.get(&Col::Code)).copied().unwrap_or(0);
            out.push(CellProblem {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                cell: Some(cell_name(*row, c)),
                code: Some(p.code.clone()),
                message: p.kind_message(),
            });
        }
        out
    }

    /// The row (0-based) of each code read.
    pub fn rows(&self) -> &BTreeMap<String, u32> {
        &self.rows
    }
}

fn read_meta(range: &Range<Data>) -> Meta {
    let mut m = Meta::default();
    for row in range.rows() {
        let key = cells::text(row.first());
        let value = cells::text(row.get(1));
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
