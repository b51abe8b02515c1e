//! Finding a table's header row by the names of its columns, for every table parscore reads
//! (the self-assessment sheet, an annex): headers are matched after folding, so case, Unicode
//! composition, spacing, spaces around `/` and a trailing `:` do not matter.

use std::collections::BTreeMap;

use parscore_core::fold_label;

use crate::cells;
use crate::grid::{Grid, Row};

/// How many rows (that `counts` counts) are searched for the header.
const HEADER_WITHIN: usize = 40;
/// Headers are short; a longer text cannot be one and is not worth folding.
const LONGEST_HEADER: usize = 200;

/// Folds a header for matching: NFC, lower case, single spaces, no spaces around `/`, no
/// trailing `:`.
///
/// ```
/// assert_eq!(parscore_read::fold_header("Lĩnh vực / Tiêu chí :"), "lĩnh vực/tiêu chí");
/// ```
pub fn fold_header(s: &str) -> String {
    let folded = fold_label(&cells::nfc(s));
    if !folded.contains('/') && !folded.ends_with(':') {
        return folded;
    }
    folded.replace(" /", "/").replace("/ ", "/").trim_end_matches(':').trim_end().to_string()
}

/// Every header and alias of `columns`, folded, each with its column: what [`find_header`]
/// compares cells with. Build it once (e.g. in a `OnceLock`): folding the names again for each
/// cell was a sixth of `parscore rank`'s time.
pub fn header_names<C: Copy>(
    columns: impl IntoIterator<Item = (C, Vec<&'static str>)>,
) -> Vec<(String, C)> {
    let mut names = Vec::new();
    for (col, headers) in columns {
        names.extend(headers.into_iter().map(|h| (fold_header(h), col)));
    }
    names
}

/// The header row of a table: the first row whose cells name columns (`names`, from
/// [`header_names`]) such that `complete` holds, among the first 40 rows that `counts` counts
/// (so that rows above the table which are not part of the search, such as a set's details, do
/// not use up the window). Returns the row and each named column's position; the first cell
/// naming a column wins.
pub fn find_header<C: Copy + Ord>(
    grid: &Grid,
    names: &[(String, C)],
    complete: impl Fn(&BTreeMap<C, u32>) -> bool,
    counts: impl Fn(Row<'_>) -> bool,
) -> Option<(u32, BTreeMap<C, u32>)> {
    let mut scanned = 0;
    for (row, row_cells) in grid.rows() {
        let mut cols = BTreeMap::new();
        for (c, cell) in row_cells.cells() {
            let Some(text) = cells::text(Some(cell)).filter(|t| t.len() <= LONGEST_HEADER) else {
                continue;
            };
            let h = fold_header(&text);
            for (name, col) in names {
                if *name == h {
                    cols.entry(*col).or_insert(c);
                }
            }
        }
        if complete(&cols) {
            return Some((row, cols));
        }
        if counts(row_cells) {
            scanned += 1;
            if scanned >= HEADER_WITHIN {
                break;
            }
        }
    }
    None
}
