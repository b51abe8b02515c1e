//! Reading an annex table into a criteria set: rows into nodes, scoring text into rules, and
//! every problem with its row. Reading goes on past bad rows; `Err` is only for a file that
//! cannot be read as an annex at all.

use std::collections::BTreeMap;
use std::path::Path;

use parscore_core::Decimal;
use parscore_read::{cells, find_header, read_file, Book, Data, Grid, Limits, ReadError};
use unicode_normalization::UnicodeNormalization;

use crate::assemble::{assemble, Layout};
use crate::details::Details;
use crate::imported::{ImportOptions, Imported};
use crate::rows::{fold, AnnexProblem, Entry, PoolKind, Rows};
use crate::{AnnexError, Col};

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
/// use parscore_annex::{import_annex, ImportOptions};
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
/// let imported = import_annex(&path, &opts, &parscore_read::Limits::default())?;
/// let rule_113 = imported.def.criteria[0].children[0].children[2].rule.as_ref();
/// assert!(matches!(rule_113, Some(Rule::Boolean { .. })));
/// // Only domain 1's first rows are known, so its 20 points are not filled: listed by row.
/// assert!(imported.problems.iter().any(|p| p.to_string().starts_with("row 6 (1): ")));
/// assert!(imported.problems.iter().any(|p| p.text().vi.starts_with("dòng 6 (1): ")));
/// # Ok::<(), parscore_annex::AnnexError>(())
/// ```
pub fn import_annex(
    path: &Path,
    opts: &ImportOptions,
    limits: &Limits,
) -> Result<Imported, AnnexError> {
    let bytes = read_file(path, limits)?;
    let file = path.display().to_string();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    import_annex_bytes(&file, file_name.as_deref().unwrap_or(&file), &bytes, opts, limits)
}

/// [`import_annex`] of a file already read: `file` names it in messages, `file_name` (its
/// name without folders) in the set's provenance. The bytes go through the reader's
/// [`Book::open`], like every workbook parscore reads.
pub fn import_annex_bytes(
    file: &str,
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    limits: &Limits,
) -> Result<Imported, AnnexError> {
    let mut book = Book::open(file, bytes, limits)?;
    let names = book.sheet_names();
    let mut first_error = None;
    for name in &names {
        let grid = match book.sheet(name) {
            Ok(Some(grid)) => grid,
            Ok(None) => continue,
            Err(e @ ReadError::TooLarge { .. }) => return Err(e.into()),
            // A broken sheet is reported only if no other sheet holds the table.
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let complete = |cols: &BTreeMap<Col, u32>| {
            [Col::Code, Col::Name, Col::Max].iter().all(|c| cols.contains_key(c))
        };
        // The set's details above the table do not use up the rows searched.
        let counts = |row: parscore_read::Row<'_>| !Details::is_key_row(row);
        let Some((header_row, cols)) = find_header(&grid, Col::header_names(), complete, counts)
        else {
            continue;
        };
        let table = Table { grid: &grid, cols, header_row };
        let empty = || AnnexError::Empty {
            file: file.to_string(),
            sheet: name.clone(),
            row: header_row.saturating_add(1),
        };
        return table.import(opts, file_name, name).ok_or_else(empty);
    }
    Err(match first_error {
        Some(e) => e.into(),
        None => AnnexError::NoTable { file: file.to_string(), sheets: names.join(", ") },
    })
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
    grid: &'a Grid,
    cols: BTreeMap<Col, u32>,
    header_row: u32,
}

impl Table<'_> {
    fn cell(&self, row: u32, col: Col) -> Option<&Data> {
        let c = self.cols.get(&col)?;
        self.grid.cell(row, *c)
    }

    fn text(&self, row: u32, col: Col) -> Option<String> {
        cells::text(self.cell(row, col))
    }

    fn import(&self, opts: &ImportOptions, file_name: &str, sheet: &str) -> Option<Imported> {
        let details = Details::read(self.grid, self.header_row);
        let mut r = Rows { problems: details.problems.clone(), ..Rows::default() };
        // Only the rows that hold something: an empty row says nothing, and a table whose
        // last cell is far below costs nothing for the rows between.
        for (row, _) in self.grid.rows_from(self.header_row.saturating_add(1)) {
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
                r.problems.push(AnnexProblem::new(
                    row,
                    None,
                    format!(
                        "\"{c}\" ở cột mã không phải mã tiêu chí (1, 1.1, 1.1.1 hoặc I, II …); bỏ qua dòng này"
                    ),
                    format!(
                        "\"{c}\" in the code column is not a criterion code (1, 1.1, 1.1.1 or I, II …); row skipped"
                    ),
                ));
                r.current = None;
                return;
            }
        };
        if let Some(first) = r.first_row.get(&code) {
            let first = u64::from(*first) + 1;
            r.problems.push(AnnexProblem::new(
                row,
                Some(&code),
                format!("mã bị trùng: đã có ở dòng {first}; bỏ qua dòng này"),
                format!("duplicate code: already on row {first}; row skipped"),
            ));
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
            (Some(label), Some(points)) => match cells::decimal(points) {
                Ok(p) => entry.options.push((label, p)),
                Err(e) => {
                    let code = entry.code.clone();
                    r.problems.push(AnnexProblem::new(
                        row,
                        Some(&code),
                        format!("điểm của mức \"{label}\" là {}; cần một số", e.vi),
                        format!("the points of option \"{label}\" are {}; expected a number", e.en),
                    ));
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
        let (vi, en) = match self.cell(row, Col::Max).map(cells::decimal) {
            Some(Ok(v)) => return v,
            Some(Err(e)) => (
                format!("điểm tối đa là {}; cần một số", e.vi),
                format!("the maximum is {}; expected a number", e.en),
            ),
            None => {
                let h = Col::Max.header();
                (format!("không có điểm ở cột '{h}'"), format!("no maximum in '{h}'"))
            }
        };
        r.problems.push(AnnexProblem::new(row, code, vi, en));
        Decimal::ZERO
    }

    fn code(&self, row: u32, r: &mut Rows) -> CodeCell {
        let Some(cell) = self.cell(row, Col::Code) else { return CodeCell::None };
        let text = match cell {
            Data::Int(i) if *i > 0 => return CodeCell::Arabic(i.to_string()),
            Data::Float(f) if *f > 0.0 && *f < 1e6 => {
                if f.fract() != 0.0 {
                    r.problems.push(AnnexProblem::new(
                        row,
                        None,
                        format!(
                            "mã {f} được nhập dạng số nên không phân biệt được 1.10 với 1.1; hãy nhập mã dạng văn bản"
                        ),
                        format!(
                            "the code {f} is written as a number, so 1.10 cannot be told from 1.1; write codes as text"
                        ),
                    ));
                }
                return CodeCell::Arabic(f.to_string());
            }
            Data::String(s) => s.nfc().collect::<String>(),
            other => {
                let what = cells::describe(other);
                r.problems.push(AnnexProblem::new(
                    row,
                    None,
                    format!("mã là {}; hãy nhập mã dạng văn bản", what.vi),
                    format!("the code is {}; write codes as text", what.en),
                ));
                return CodeCell::Other(what.en);
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
