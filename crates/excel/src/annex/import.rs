//! Reading an annex table into a criteria set: rows into nodes, scoring text into rules, and
//! every problem with its row. Reading goes on past bad rows; `Err` is only for a file that
//! cannot be read as an annex at all.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use parscore_core::{fold_label, CriteriaSet, Decimal, Level, LoadError, SetDef};
use unicode_normalization::UnicodeNormalization;

use super::assemble::{assemble, Layout};
use super::details::Details;
use super::{AnnexError, Col};
use crate::cells;

/// What an import needs that a province's annex table does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The set's id, `province/level/year`, e.g. `tinh-x/so/2026`.
    pub id: String,
    /// The assessment year.
    pub year: u16,
    /// The unit level the set scores.
    pub level: Level,
    /// The title; by default the annex's `Tên bộ tiêu chí`, else one naming the file.
    pub title: Option<String>,
    /// The decision it follows; by default the annex's `Căn cứ`, else the file's name.
    pub source: Option<String>,
    /// The previous year's set id; by default the annex's `Bộ tiêu chí năm trước`, else none.
    pub previous: Option<String>,
}

/// An imported set, whether or not it validates, with what a person must finish or fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The set as read.
    pub def: SetDef,
    /// The leaves whose scoring text could not be read: (code, the text, empty if none). Each
    /// became a `manual` rule that keeps the text as its guidance.
    pub manual_nodes: Vec<(String, String)>,
    /// The id recorded in an annex that parscore exported from another set (the one being
    /// imported has a new id). That set's title, previous set and provenance describe it, not
    /// the new one, so they were not carried over; the caller should say so.
    pub exported_from: Option<String>,
    /// Rows that could not be read and the set's validation problems, each with its row:
    /// `row 14 (1.2.3): …`. Empty when the set is valid and every row was read.
    pub problems: Vec<String>,
}

impl Imported {
    /// The validated set, or the problems that keep it from validating.
    pub fn into_set(self) -> Result<CriteriaSet, LoadError> {
        CriteriaSet::from_def(self.def)
    }
}

/// Reads the annex table in `path` (xlsx, xls or ods) into a criteria set.
///
/// The table is laid out as the [module](super) says. The set's id, year and level come from
/// `opts`; title, total, provenance and grades from the rows above the table when parscore wrote
/// them. Otherwise: the title and source from `opts` or the file's name, the total from a
/// `Tổng cộng` row or 100 (the PAR INDEX scale), the status `official`, and the grades of the
/// shipped sets (Xuất sắc ≥ 90 … Yếu), which the provenance notes then say to check.
///
/// Fails only when the file cannot be opened or holds no annex table; a table with bad rows or
/// an invalid set is returned with its [`problems`](Imported::problems).
///
/// ```
/// use parscore_core::{Level, Rule};
/// use parscore_excel::annex::{import_annex, ImportOptions};
///
/// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
///     .join("../../fixtures/annex-ca-mau-linh-vuc-1.ods");
/// let opts = ImportOptions {
///     id: "ca-mau/so/2013".into(),
///     year: 2013,
///     level: Level::So,
///     title: None,
///     source: Some("Quyết định 1880/QĐ-UBND".into()),
///     previous: None,
/// };
/// let imported = import_annex(&path, &opts)?;
/// let rule_113 = imported.def.criteria[0].children[0].children[2].rule.as_ref();
/// assert!(matches!(rule_113, Some(Rule::Boolean { .. })));
/// // Only domain 1's first rows are known, so its 20 points are not filled: listed by row.
/// assert!(imported.problems.iter().any(|p| p.starts_with("row 6 (1): ")));
/// # Ok::<(), parscore_excel::annex::AnnexError>(())
/// ```
pub fn import_annex(path: &Path, opts: &ImportOptions) -> Result<Imported, AnnexError> {
    let file = path.display().to_string();
    let mut book = open_workbook_auto(path)
        .map_err(|e| AnnexError::Open { file: file.clone(), reason: e.to_string() })?;
    let names = book.sheet_names();
    for name in &names {
        let Ok(range) = book.worksheet_range(name) else { continue };
        let Some((header_row, cols)) = find_header(&range) else { continue };
        let table = Table { range: &range, cols, header_row };
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let file_name = file_name.unwrap_or_else(|| file.clone());
        let empty =
            || AnnexError::Empty { file: file.clone(), sheet: name.clone(), row: header_row + 1 };
        return table.import(opts, &file_name, name).ok_or_else(empty);
    }
    Err(AnnexError::NoTable { file, sheets: names.join(", ") })
}

/// Finds the header row: the first row naming the code, name and maximum columns, within the
/// first 40 rows that are not the set's details.
fn find_header(range: &Range<Data>) -> Option<(u32, BTreeMap<Col, u32>)> {
    let (r0, c0) = range.start()?;
    let mut scanned = 0;
    for (i, row) in range.rows().enumerate() {
        let mut cols = BTreeMap::new();
        for (j, cell) in row.iter().enumerate() {
            if let Some(col) = cells::text(Some(cell)).as_deref().and_then(Col::of_header) {
                cols.entry(col).or_insert(c0 + j as u32);
            }
        }
        if [Col::Code, Col::Name, Col::Max].iter().all(|c| cols.contains_key(c)) {
            return Some((r0 + i as u32, cols));
        }
        if !Details::is_key_row(row) {
            scanned += 1;
            if scanned >= 40 {
                break;
            }
        }
    }
    None
}

/// A problem on a row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowProblem {
    /// The row, 0-based.
    pub(super) row: u32,
    /// The criterion it concerns.
    pub(super) code: Option<String>,
    pub(super) message: String,
}

impl RowProblem {
    pub(super) fn new(row: u32, code: Option<&str>, message: String) -> RowProblem {
        RowProblem { row, code: code.map(str::to_string), message }
    }
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.row + 1)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A pool of bonus or penalty items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PoolKind {
    Bonus,
    Penalty,
}

/// One coded row and the uncoded rows under it.
#[derive(Debug, Default)]
pub(super) struct Entry {
    pub(super) row: u32,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) max: Decimal,
    pub(super) rule_text: Option<String>,
    pub(super) guide_text: Option<String>,
    /// Lines of scoring text from uncoded rows.
    pub(super) lines: Vec<String>,
    /// Options from uncoded rows: label and points.
    pub(super) options: Vec<(String, Decimal)>,
    pub(super) evidence: Vec<String>,
    pub(super) owner: Option<String>,
    pub(super) method: Option<String>,
    pub(super) previous_code: Option<String>,
    pub(super) pool: Option<PoolKind>,
}

/// What the code cell of a row holds.
enum CodeCell {
    /// Nothing, or an option's bullet ("-", "a)").
    None,
    /// `1`, `1.2`, `1.2.3`.
    Arabic(String),
    /// A domain in roman numerals.
    Roman(u32),
    /// Anything else: a pool item's code ("T.1"), or an error.
    Other(String),
}

struct Table<'a> {
    range: &'a Range<Data>,
    cols: BTreeMap<Col, u32>,
    header_row: u32,
}

/// The state of reading the rows below the header.
#[derive(Default)]
pub(super) struct Rows {
    pub(super) entries: Vec<Entry>,
    pub(super) problems: Vec<RowProblem>,
    first_row: BTreeMap<String, u32>,
    /// The entry uncoded rows belong to.
    current: Option<usize>,
    /// Inside a roman-numbered domain: its number, and whether codes under it are relative
    /// ("1", "1.1" meaning 2.1, 2.1.1 under II), decided by the first code after it.
    roman: Option<(u32, Option<bool>)>,
    pool: Option<PoolKind>,
    /// The bonus and penalty headings: row and cap.
    pub(super) bonus: Option<(u32, Decimal)>,
    pub(super) penalty: Option<(u32, Decimal)>,
    /// A `Tổng cộng` row: row and total.
    pub(super) total: Option<(u32, Decimal)>,
}

impl Table<'_> {
    fn cell(&self, row: u32, col: Col) -> Option<&Data> {
        let c = self.cols.get(&col)?;
        self.range.get_value((row, *c)).filter(|d| !matches!(d, Data::Empty))
    }

    fn text(&self, row: u32, col: Col) -> Option<String> {
        cells::text(self.cell(row, col))
    }

    fn import(&self, opts: &ImportOptions, file_name: &str, sheet: &str) -> Option<Imported> {
        let details = Details::read(self.range, self.header_row);
        let mut r = Rows { problems: details.problems.clone(), ..Rows::default() };
        let last = self.range.end().map_or(0, |(row, _)| row);
        for row in self.header_row + 1..=last {
            self.row(row, &mut r);
        }
        if r.entries.is_empty() {
            return None;
        }
        let layout = Layout {
            rule: self.cols.contains_key(&Col::Rule),
            guidance: self.cols.contains_key(&Col::Guidance),
        };
        Some(assemble(layout, r, details, opts, file_name, sheet))
    }

    fn row(&self, row: u32, r: &mut Rows) {
        let name = self.text(row, Col::Name);
        let has_letter = name.as_deref().is_some_and(|n| n.chars().any(char::is_alphabetic));
        if !has_letter && r.entries.is_empty() {
            // Sub-headers and a row of column numbers ("(1) | (2) | (3)"), as many annexes have.
            return;
        }
        let folded = name.as_deref().map(fold).unwrap_or_default();
        let code_text = cells::folded(self.cell(row, Col::Code)).unwrap_or_default();
        let code = self.code(row, r);
        let heading = pool_heading(&folded).or_else(|| pool_heading(&code_text));
        if let Some(kind) = heading.filter(|_| !matches!(code, CodeCell::Arabic(_))) {
            let cap = Some((row, self.max(row, None, r)));
            match kind {
                PoolKind::Bonus => r.bonus = cap,
                PoolKind::Penalty => r.penalty = cap,
            }
            (r.pool, r.roman, r.current) = (Some(kind), None, None);
            return;
        }
        let is_total =
            |s: &str| ["tổng cộng", "tổng số điểm", "tổng điểm"].iter().any(|w| s.starts_with(w));
        if matches!(code, CodeCell::None | CodeCell::Other(_))
            && (is_total(&folded) || is_total(&code_text))
        {
            r.total = Some((row, self.max(row, None, r)));
            r.current = None;
            return;
        }
        let code = match code {
            CodeCell::None => return self.uncoded(row, name, r),
            CodeCell::Roman(n) => {
                (r.roman, r.pool) = (Some((n, None)), None);
                n.to_string()
            }
            CodeCell::Arabic(c) => match (r.pool, &mut r.roman) {
                // Annexes number pool items 1, 2 … again; those clash with the domains, so
                // they become T.1 / P.1. A code that clashes with nothing is kept as written.
                (Some(PoolKind::Bonus), _) if r.first_row.contains_key(&c) => format!("T.{c}"),
                (Some(PoolKind::Penalty), _) if r.first_row.contains_key(&c) => format!("P.{c}"),
                (Some(_), _) => c,
                (None, Some((domain, relative))) => {
                    if *relative.get_or_insert(!c.contains('.')) {
                        format!("{domain}.{c}")
                    } else {
                        c
                    }
                }
                (None, None) => c,
            },
            CodeCell::Other(c) if r.pool.is_some() => c,
            CodeCell::Other(c) => {
                let msg = format!(
                    "\"{c}\" in the code column is not a criterion code (1, 1.1, 1.1.1 or I, II …); row skipped"
                );
                r.problems.push(RowProblem::new(row, None, msg));
                r.current = None;
                return;
            }
        };
        if let Some(first) = r.first_row.get(&code) {
            let msg = format!("duplicate code: already on row {}; row skipped", first + 1);
            r.problems.push(RowProblem::new(row, Some(&code), msg));
            r.current = None;
            return;
        }
        let max = self.max(row, Some(&code), r);
        r.first_row.insert(code.clone(), row);
        r.entries.push(Entry {
            row,
            code,
            name: name.unwrap_or_default(),
            max,
            rule_text: self.text(row, Col::Rule),
            guide_text: self.text(row, Col::Guidance),
            evidence: evidence(self.text(row, Col::Evidence)),
            owner: self.text(row, Col::Owner),
            method: self.text(row, Col::Method),
            previous_code: self.text(row, Col::PreviousCode),
            pool: r.pool,
            ..Entry::default()
        });
        r.current = Some(r.entries.len() - 1);
    }

    /// A row without a code: an option (label and points), or more scoring text, of the
    /// criterion above it.
    fn uncoded(&self, row: u32, name: Option<String>, r: &mut Rows) {
        let Some(entry) = r.current.and_then(|i| r.entries.get_mut(i)) else { return };
        match (name, self.cell(row, Col::Max)) {
            (Some(label), Some(points)) => match cells::decimal(points).map_err(|e| e.en) {
                Ok(p) => entry.options.push((label, p)),
                Err(e) => {
                    let code = entry.code.clone();
                    let msg =
                        format!("the points of option \"{label}\" are {e}; expected a number");
                    r.problems.push(RowProblem::new(row, Some(&code), msg));
                }
            },
            (Some(line), None) => entry.lines.push(line),
            (None, _) => {}
        }
        let more = |old: &mut Option<String>, new: Option<String>| {
            if let Some(new) = new {
                *old = Some(match old.take() {
                    Some(o) => format!("{o}\n{new}"),
                    None => new,
                });
            }
        };
        more(&mut entry.rule_text, self.text(row, Col::Rule));
        more(&mut entry.guide_text, self.text(row, Col::Guidance));
        entry.evidence.extend(evidence(self.text(row, Col::Evidence)));
    }

    /// The maximum of a row (or a pool's cap, or the total); a problem and 0 when missing.
    fn max(&self, row: u32, code: Option<&str>, r: &mut Rows) -> Decimal {
        let message = match self.cell(row, Col::Max).map(|c| cells::decimal(c).map_err(|e| e.en)) {
            Some(Ok(v)) => return v,
            Some(Err(e)) => format!("the maximum is {e}; expected a number"),
            None => format!("no maximum in '{}'", Col::Max.header()),
        };
        r.problems.push(RowProblem::new(row, code, message));
        Decimal::ZERO
    }

    fn code(&self, row: u32, r: &mut Rows) -> CodeCell {
        let Some(cell) = self.cell(row, Col::Code) else { return CodeCell::None };
        let text = match cell {
            Data::Int(i) if *i > 0 => return CodeCell::Arabic(i.to_string()),
            Data::Float(f) if *f > 0.0 && *f < 1e6 => {
                if f.fract() != 0.0 {
                    let msg = format!(
                        "the code {f} is written as a number, so 1.10 cannot be told from 1.1; write codes as text"
                    );
                    r.problems.push(RowProblem::new(row, None, msg));
                }
                return CodeCell::Arabic(f.to_string());
            }
            Data::String(s) => s.nfc().collect::<String>(),
            other => {
                let what = cells::describe(other).en;
                let msg = format!("the code is {what}; write codes as text");
                r.problems.push(RowProblem::new(row, None, msg));
                return CodeCell::Other(what);
            }
        };
        let t = text.trim().trim_end_matches('.').trim();
        let is_arabic = !t.is_empty()
            && t.split('.').all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
        if t.is_empty() || is_bullet(t) {
            CodeCell::None
        } else if is_arabic {
            CodeCell::Arabic(t.to_string())
        } else if let Some(n) = roman(t) {
            CodeCell::Roman(n)
        } else {
            CodeCell::Other(t.to_string())
        }
    }
}

/// Whether the code cell only marks an option: "-", "+", "a)", "b".
fn is_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('-' | '+' | '*' | '•' | '–'), None, _) => true,
        (Some(c), None, _) | (Some(c), Some(')'), None) => c.is_lowercase(),
        _ => false,
    }
}

/// A roman numeral from I to XXXIX: a domain's number.
fn roman(t: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let digits: Option<Vec<u32>> = t.chars().map(value).collect();
    let digits = digits?;
    let mut total: i64 = 0;
    for (i, d) in digits.iter().enumerate() {
        let next = digits.get(i + 1).copied().unwrap_or(0);
        if *d < next {
            total -= i64::from(*d);
        } else {
            total += i64::from(*d);
        }
    }
    u32::try_from(total).ok().filter(|n| (1..40).contains(n))
}

/// "Điểm thưởng" / "Điểm trừ" headings (folded).
fn pool_heading(folded: &str) -> Option<PoolKind> {
    if ["điểm thưởng", "điểm cộng"].iter().any(|w| folded.starts_with(w)) {
        Some(PoolKind::Bonus)
    } else if ["điểm trừ", "điểm phạt"].iter().any(|w| folded.starts_with(w)) {
        Some(PoolKind::Penalty)
    } else {
        None
    }
}

/// Evidence documents: one per line, bullets removed.
fn evidence(text: Option<String>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    text.lines()
        .map(|l| {
            let l = l.trim();
            ["- ", "+ ", "• ", "* "].iter().find_map(|b| l.strip_prefix(b)).unwrap_or(l).trim()
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn fold(s: &str) -> String {
    fold_label(&s.nfc().collect::<String>())
}
