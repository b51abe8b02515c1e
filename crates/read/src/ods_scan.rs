//! Sizing an ods before calamine reads it.
//!
//! calamine reads every sheet of an ods when it opens it, into dense ranges: one value for each
//! cell between the first and the last non-empty one, and the repeats ods writes compactly
//! (`number-rows-repeated`, `number-columns-repeated`) expanded. An 8 kB file with values in A1
//! and CV1000000 took 6 GB and 40 seconds. This scan streams `content.xml` (already bounded by
//! the unpacked-size limit), counts what calamine would store, and refuses before it does.

use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use crate::error::{rows_message, spread_message, ReadError};
use crate::limits::{Limit, Limits};
use parscore_core::Text;

/// What calamine stores per cell of an ods: the value and the formula text beside it.
const CELL_BYTES: u64 = 56;
/// calamine's own caps on an ods sheet.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// One sheet as the scan sees it.
#[derive(Default)]
struct Table {
    name: String,
    /// The next row's index, repeats included.
    row: u64,
    /// Cells calamine keeps per row element before expanding: up to the last non-empty one.
    stored: u64,
    /// Non-empty rows and columns: first and last.
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Table {
    /// The cells calamine would hold for this sheet.
    fn cells(&self) -> u64 {
        let span = |r: Option<(u64, u64)>| r.map_or(0, |(a, b)| b.saturating_sub(a) + 1);
        self.stored.saturating_add(span(self.rows).saturating_mul(span(self.cols)))
    }
}

/// Refuses an ods whose sheets would break `limits` once calamine expands them.
pub(crate) fn check(file: &str, bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let damaged = |e: String| ReadError::Damaged {
        file: file.into(),
        reason: Text::new(format!("không đọc được tệp nén zip ({e})"), e),
    };
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let content = zip.by_name("content.xml").map_err(|e| damaged(format!("content.xml: {e}")))?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut table: Option<Table> = None;
    // Per row element: its repeats, the column reached, the end of its last non-empty cell.
    let mut row: Option<(u64, u64, u64)> = None;
    let mut total: u64 = 0;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            // calamine will report a malformed content.xml in its own words.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    table = Some(Table { name: attr(&e, "table:name"), ..Table::default() });
                }
                "table:table-row" => {
                    row = Some((number(&e, "table:number-rows-repeated"), 0, 0));
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let (Some(t), Some((_, col, end))) = (table.as_mut(), row.as_mut()) {
                        let repeats = number(&e, "table:number-columns-repeated");
                        let next = col.saturating_add(repeats).min(MAX_COLUMNS);
                        let filled = !attr(&e, "office:value-type").is_empty()
                            || !attr(&e, "table:formula").is_empty();
                        if filled {
                            *end = next;
                            let (lo, hi) = t.cols.unwrap_or((*col, *col));
                            t.cols = Some((lo.min(*col), hi.max(next.saturating_sub(1))));
                        }
                        *col = next;
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let (Some(t), Some((repeats, _, end))) = (table.as_mut(), row.take()) {
                    let repeats = repeats.min(MAX_ROWS.saturating_sub(t.row));
                    if end > 0 {
                        let last = t.row.saturating_add(repeats).saturating_sub(1);
                        t.rows = Some((t.rows.map_or(t.row, |r| r.0), last));
                        if last >= u64::from(limits.max_rows) {
                            return Err(ReadError::TooLarge {
                                file: file.into(),
                                limit: Limit::Rows,
                                message: rows_message(&t.name, last + 1, limits.max_rows),
                            });
                        }
                    }
                    t.stored = t.stored.saturating_add(end);
                    t.row = t.row.saturating_add(repeats);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if let Some(t) = table.take() {
                    total = total.saturating_add(t.cells().saturating_mul(CELL_BYTES));
                    if total > limits.max_unpacked_size {
                        return Err(ReadError::TooLarge {
                            file: file.into(),
                            limit: Limit::UnpackedSize,
                            message: spread_message(
                                &t.name,
                                total,
                                limits,
                                (
                                    "các giá trị nằm rất xa nhau hoặc lặp lại",
                                    "its values lie far apart or repeat",
                                ),
                            ),
                        });
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

/// An attribute's raw value, or "" when it is absent or malformed.
fn attr(e: &BytesStart<'_>, name: &str) -> String {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a.value.into_owned(),
        _ => String::new(),
    }
}

/// A repeat count: 1 when absent or unreadable, as calamine takes it.
fn number(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name).parse::<u64>().unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_ods_fixture_passes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/so-xay-dung-2024.ods");
        let bytes = std::fs::read(path).unwrap();
        assert!(check("so-xay-dung-2024.ods", &bytes, &Limits::default()).is_ok());
    }
}
