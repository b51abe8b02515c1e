//! Sizing an xls before calamine reads it.
//!
//! calamine reads every sheet of an xls when it opens it: for each sheet the workbook lists, it
//! reserves what the sheet's DIMENSIONS record claims, then keeps every cell of the rectangle
//! between the first and the last value (and the same for formulas). A 5.6 kB file with values
//! in A1 and IV65536 took 1 GB and 5 seconds; an inverted DIMENSIONS record makes calamine's
//! row count wrap round to four billion. This scan walks the BIFF records of the `Workbook`
//! stream the way calamine will, adds up what it would hold, and refuses before it does.

use crate::error::{rows_message, spread_message, ReadError};
use crate::limits::{Limit, Limits};
use parscore_core::Text;

/// What calamine holds per cell: a reserved `Cell<Data>`, then a value and a formula text in
/// the dense ranges.
const RESERVED_CELL: u64 = 40;
const DENSE_CELL: u64 = 56;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
/// Records that put one value in the cell named by their first four bytes (row, column).
const CELLS: [u16; 8] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0207];

/// One BIFF record: its type and data.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = self.stream.get(4 + len..)?;
        Some((typ, data))
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2)?.try_into().ok().map(u16::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)?.try_into().ok().map(u32::from_le_bytes)
}

/// Refuses an xls whose sheets would break `limits` once calamine reads them.
pub(crate) fn check(file: &str, stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    // The globals substream lists the sheets: where each starts, and its name.
    let mut sheets = Vec::new();
    for (typ, data) in (Records { stream }) {
        match typ {
            BOUNDSHEET => {
                let Some(pos) = u32_at(data, 0).and_then(|p| usize::try_from(p).ok()) else {
                    continue;
                };
                sheets.push((
                    pos,
                    sheet_name(data).unwrap_or_else(|| format!("#{}", sheets.len() + 1)),
                ));
            }
            EOF => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    for (pos, name) in sheets {
        let Some(records) = stream.get(pos..) else { continue };
        let sheet = Sheet::scan(records);
        if sheet.inverted {
            return Err(ReadError::Damaged {
                file: file.into(),
                reason: Text::new(
                    format!("trang tính '{name}' khai báo vùng dữ liệu kết thúc trước khi bắt đầu"),
                    format!("sheet '{name}' declares dimensions that end before they start"),
                ),
            });
        }
        if let Some((_, last)) = sheet.rows {
            if last >= limits.max_rows {
                return Err(ReadError::TooLarge {
                    file: file.into(),
                    limit: Limit::Rows,
                    message: rows_message(&name, u64::from(last) + 1, limits.max_rows),
                });
            }
        }
        total = total.saturating_add(sheet.bytes());
        if total > limits.max_unpacked_size {
            return Err(ReadError::TooLarge {
                file: file.into(),
                limit: Limit::UnpackedSize,
                message: spread_message(
                    &name,
                    total,
                    limits,
                    (
                        "các giá trị nằm rất xa nhau, hoặc vùng dữ liệu khai báo như vậy",
                        "its values lie far apart, or its dimensions claim so",
                    ),
                ),
            });
        }
    }
    Ok(())
}

/// A BOUNDSHEET's name: a length, a flag (UTF-16 or one byte per character), the characters.
fn sheet_name(data: &[u8]) -> Option<String> {
    let len = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let chars = data.get(8..)?;
    Some(if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .filter_map(|c| c.try_into().ok().map(u16::from_le_bytes))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|b| char::from(*b)).collect()
    })
}

/// What one sheet's records make calamine hold.
#[derive(Default)]
struct Sheet {
    reserved: u64,
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    inverted: bool,
}

impl Sheet {
    /// Walks a sheet's records as calamine does: to its EOF, skipping nested substreams
    /// (embedded charts).
    fn scan(records: &[u8]) -> Sheet {
        let mut sheet = Sheet::default();
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (typ, data) in (Records { stream: records }) {
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS => sheet.dimensions(data),
                MULRK => {
                    let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                    if let (Some(row), Some(first), Some(last)) =
                        (u16_at(data, 0), u16_at(data, 2), last)
                    {
                        sheet.cell(row, first);
                        sheet.cell(row, last);
                    }
                }
                t if CELLS.contains(&t) => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        sheet.cell(row, col);
                    }
                }
                _ => {}
            }
        }
        sheet
    }

    /// calamine's reading of DIMENSIONS (last row and column are exclusive; a first column
    /// past 255 or after the last is taken as 0), and the cells it reserves for it.
    fn dimensions(&mut self, r: &[u8]) {
        let (rf, rl, cf, cl) = match r.len() {
            10 => (
                u16_at(r, 0).map(u32::from),
                u16_at(r, 2).map(u32::from),
                u16_at(r, 4).map(u32::from),
                u16_at(r, 6).map(u32::from),
            ),
            14 | 16 => (
                u32_at(r, 0),
                u32_at(r, 4),
                u16_at(r, 8).map(u32::from),
                u16_at(r, 10).map(u32::from),
            ),
            _ => return,
        };
        let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = (rf, rl, cf, cl) else { return };
        if cf > 0xFF || cl < cf {
            cf = 0;
        }
        let (end_row, end_col) = if rl >= 1 && cl >= 1 { (rl - 1, cl - 1) } else { (rf, cf) };
        if end_row < rf || end_col < cf {
            self.inverted = true;
            return;
        }
        let rows = u64::from(end_row - rf) + 1;
        let cols = u64::from(end_col - cf) + 1;
        self.reserved = self.reserved.saturating_add(rows.saturating_mul(cols));
    }

    fn cell(&mut self, row: u16, col: u16) {
        let (row, col) = (u32::from(row), u32::from(col));
        let grow =
            |r: Option<(u32, u32)>, v: u32| Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        self.rows = grow(self.rows, row);
        self.cols = grow(self.cols, col);
    }

    fn bytes(&self) -> u64 {
        let span = |r: Option<(u32, u32)>| r.map_or(0, |(a, b)| u64::from(b - a) + 1);
        let dense = span(self.rows).saturating_mul(span(self.cols));
        self.reserved.saturating_mul(RESERVED_CELL).saturating_add(dense.saturating_mul(DENSE_CELL))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A stream: globals listing one sheet at `pos`, then the sheet's records.
    fn book(sheet: &[Vec<u8>]) -> Vec<u8> {
        // BOF (4 + 4 bytes), BOUNDSHEET (4 + 10), EOF (4): the sheet starts at byte 26.
        let mut name = 26u32.to_le_bytes().to_vec();
        name.extend([0, 0, 2, 0]);
        name.extend(b"S1");
        let mut s = record(BOF, &[0; 4]);
        s.extend(record(BOUNDSHEET, &name));
        s.extend(record(EOF, &[]));
        assert_eq!(s.len(), 26);
        s.extend(record(BOF, &[0; 4]));
        for r in sheet {
            s.extend(r);
        }
        s.extend(record(EOF, &[]));
        s
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn far_apart_values_and_inverted_dimensions_are_refused() {
        let limits = Limits::default();
        let near = book(&[number(0, 0), number(150, 11)]);
        assert!(check("near.xls", &near, &limits).is_ok());
        // A1 and IV65536: 65,536 × 256 cells of 56 bytes, 939 MB.
        let far = book(&[number(0, 0), number(65_535, 255)]);
        let err = check("far.xls", &far, &limits).unwrap_err().to_string();
        assert_eq!(
            err,
            "far.xls: sheet 'S1' would take 939 MB once read (its values lie far apart, or its \
             dimensions claim so), over the 250 MB limit on unpacked size"
        );
        // Rows 10 to 5: calamine's `end - start + 1` would wrap round.
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend([0, 0, 1, 0, 0, 0]);
        let inverted = book(&[record(DIMENSIONS, &dims)]);
        let err = check("inv.xls", &inverted, &limits).unwrap_err().to_string();
        assert!(err.contains("declares dimensions that end before they start"), "{err}");
    }
}
