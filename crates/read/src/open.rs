//! Opening a workbook's bytes safely: what the bytes are (whatever the file is called), whether
//! they keep the [`Limits`], and only then calamine, sheet by sheet, into sparse [`Grid`]s.
//!
//! Everything refused here is refused before calamine parses it: an empty file, text or a PDF
//! renamed `.xlsx`, a zip that is not a workbook, an encrypted workbook, a decompression bomb.

use std::io::Cursor;
use std::path::Path;

use calamine::{
    Data, Ods, OdsError, Reader, Sheets, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};
use parscore_core::Text;
use zip::ZipArchive;

use crate::error::{crashed, file_size_message, rows_message, ReadError};
use crate::grid::{Cells, Grid};
use crate::guard::guarded;
use crate::limits::{human_size, GatePass, Limit, Limits};
use crate::xlsx_scan::{self, Formulas, Package};
use crate::{ods_scan, ole, xls_scan};

/// A workbook opened through the reader's one door: its bytes recognised for what they are
/// (whatever the file is called), checked against the [`Limits`], and handed to calamine
/// inside the fence, so that its sheets can be read one at a time as sparse [`Grid`]s.
///
/// Every reader of a workbook from outside (a self-assessment, an annex) opens it here; nothing
/// else in parscore calls calamine.
///
/// ```
/// use parscore_read::{read_file, Book, Limits};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/annex-ca-mau-linh-vuc-1.ods");
/// let limits = Limits::default();
/// let bytes = read_file(std::path::Path::new(path), &limits)?;
/// let mut book = Book::open(path, &bytes, &limits)?;
/// let first = book.sheet_names()[0].clone();
/// let grid = book.sheet(&first)?.expect("a worksheet");
/// assert!(grid.rows().count() > 5);
/// # Ok::<(), parscore_read::ReadError>(())
/// ```
pub struct Book<'a> {
    file: String,
    limits: Limits,
    parser: Parser<'a>,
    /// What an xlsx's scan learned: formulas without values, the shared strings' memory.
    package: Package,
    /// The room taken from [`Limits::gate`] while the workbook is read.
    _pass: Option<GatePass<'static>>,
}

impl std::fmt::Debug for Book<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book").field("file", &self.file).field("limits", &self.limits).finish()
    }
}

/// A workbook's parser over bytes in memory.
enum Parser<'a> {
    /// xlsx and xlsb are streamed cell by cell, so rows and memory are bounded while reading.
    /// An xlsx is read from the scan's copy of the package (see `xlsx_scan`).
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xlsb(Box<Xlsb<Cursor<&'a [u8]>>>),
    /// xls and ods come from calamine as whole ranges, sized by their scans first.
    Other(Box<Sheets<Cursor<&'a [u8]>>>),
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the file at `path` for [`Book::open`]: only a regular file (not a folder, a device or
/// a pipe, which could block or never end), its size checked against the limit before anything
/// is read, and no more than the limit read even if it grows meanwhile.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| ReadError::io(&file, &e);
    // Looked at before opening: opening a pipe blocks until something writes to it.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile { file, dir: meta.is_dir() });
    }
    let f = std::fs::File::open(path).map_err(io)?;
    let size = f.metadata().map_err(io)?.len();
    check_file_size(&file, size, limits)?;
    // `take` keeps the limit even if the file grows while it is read. The buffer is sized from
    // the metadata (already checked against the limit), so it is not regrown and copied as it
    // fills; a file that grew meanwhile still reads whole.
    let mut bytes = Vec::with_capacity(usize::try_from(size.saturating_add(1)).unwrap_or(0));
    std::io::Read::read_to_end(
        &mut std::io::Read::take(f, limits.max_file_size.saturating_add(1)),
        &mut bytes,
    )
    .map_err(io)?;
    check_file_size(&file, bytes.len() as u64, limits)?;
    Ok(bytes)
}

impl<'a> Book<'a> {
    /// Recognises `bytes` and opens them with the right calamine reader, keeping `limits`;
    /// `file` names the workbook in messages.
    ///
    /// Refuses, before any parsing: an empty file; bytes that are neither a zip archive (xlsx,
    /// ods) nor an OLE file (xls), whatever the name; a zip without a workbook inside; an
    /// encrypted workbook; more bytes than [`Limits::max_file_size`]; zip entries expanding
    /// beyond [`Limits::max_unpacked_size`]; an OLE file whose sector chains loop; an xls or
    /// ods whose sheets would take more than the unpacked limit once expanded.
    pub fn open(file: &str, bytes: &'a [u8], limits: &Limits) -> Result<Book<'a>, ReadError> {
        let (parser, package, pass) = open(file, bytes, limits)?;
        Ok(Book { file: file.to_string(), limits: *limits, parser, package, _pass: pass })
    }

    /// The formula cells of sheet `name` (and those without a computed value, as a program that
    /// does not compute formulas saves them); `None` where they are not known (xls, ods).
    pub fn formulas(&self, name: &str) -> Option<Formulas> {
        match self.parser {
            Parser::Xlsx(_) => Some(self.package.formulas.get(name).cloned().unwrap_or_default()),
            Parser::Xlsb(_) | Parser::Other(_) => None,
        }
    }

    /// The file, as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The sheets, in the workbook's order.
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.parser {
            Parser::Xlsx(x) => x.sheet_names(),
            Parser::Xlsb(x) => x.sheet_names(),
            Parser::Other(s) => s.sheet_names(),
        }
    }

    /// The non-empty cells of sheet `name`, sparse; `Ok(None)` when it is not a worksheet (a
    /// chart). While reading: a value below row [`Limits::max_rows`], or cells holding more
    /// than [`Limits::max_unpacked_size`], refuse the sheet.
    pub fn sheet(&mut self, name: &str) -> Result<Option<Grid>, ReadError> {
        let file = self.file.as_str();
        let open_err = |e: String| ReadError::Open {
            file: file.into(),
            reason: format!("sheet '{name}': {e}"),
        };
        // The shared strings and the unpacked parts stay in memory while any sheet is read.
        let mut budget = Budget::new(file, name, &self.limits, self.package.held);
        let parser = &mut self.parser;
        let read =
            guarded(|| parser.cells(name, &mut budget, &open_err)).map_err(|p| crashed(file, p))?;
        match read? {
            None => Ok(None),
            Some(cells) => Grid::from_cells(cells).map(Some).map_err(|(row, col)| {
                let cell = parscore_sheet::cell_name(row, col);
                ReadError::Damaged {
                    file: file.into(),
                    reason: Text::new(
                        format!(
                            "trang tính '{name}' có hai giá trị cho cùng ô {cell}: không biết giá \
                             trị nào là đúng"
                        ),
                        format!(
                            "sheet '{name}' holds two values for the one cell {cell}: which one is \
                             meant cannot be told"
                        ),
                    ),
                }
            }),
        }
    }
}

/// Recognises `bytes` and opens them with the right calamine reader, keeping `limits`.
fn open<'a>(
    file: &str,
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<(Parser<'a>, Package, Option<GatePass<'static>>), ReadError> {
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(ReadError::Empty { file: file.into() });
    }
    check_file_size(file, size, limits)?;
    let cursor = Cursor::new(bytes);
    let crashed = |msg: String| crashed(file, msg);
    if bytes.starts_with(&OLE_MAGIC) {
        // An xls expands to about the size of its workbook stream, which is within the file.
        let pass = limits.gate.map(|g| g.take(size.saturating_mul(2)));
        // calamine follows sector chains to their end (a looping one never ends), then holds
        // every sheet of an xls at once: check both first.
        if let Some(stream) = ole::check(file, bytes)? {
            guarded(|| xls_scan::check(file, &stream, limits)).map_err(crashed)??;
        }
        // An encrypted xlsx is an OLE file too; calamine's xlsx reader recognises it.
        if let Err(XlsxError::Password) = guarded(|| Xlsx::new(cursor.clone())).map_err(crashed)? {
            return Err(ReadError::Encrypted { file: file.into() });
        }
        return match guarded(|| Xls::new(cursor)).map_err(crashed)? {
            Ok(xls) => Ok((Parser::Other(Box::new(Sheets::Xls(xls))), Package::default(), pass)),
            Err(XlsError::Password) => Err(ReadError::Encrypted { file: file.into() }),
            Err(e) => Err(ReadError::Open { file: file.into(), reason: e.to_string() }),
        };
    }
    if !bytes.starts_with(b"PK") {
        return Err(ReadError::NotWorkbook { file: file.into(), reason: what_it_is(bytes) });
    }
    let (kind, unpacked) = inspect_zip(file, bytes, limits)?;
    // Room for what it unpacks (and its own bytes, held meanwhile) before anything is unpacked.
    let pass = limits.gate.map(|g| g.take(unpacked.saturating_add(size)));
    let encrypted = || ReadError::Encrypted { file: file.into() };
    let open_err =
        |e: &dyn std::fmt::Display| ReadError::Open { file: file.into(), reason: e.to_string() };
    Ok(match kind {
        ZipKind::Xlsx => {
            // What calamine would trust blindly: names, checksums, references, declared counts.
            let mut package =
                guarded(|| xlsx_scan::check(file, bytes, limits)).map_err(crashed)??;
            let rebuilt = Cursor::new(std::mem::take(&mut package.rebuilt));
            match guarded(|| Xlsx::new(rebuilt)).map_err(crashed)? {
                Ok(xlsx) => (Parser::Xlsx(Box::new(xlsx)), package, pass),
                Err(XlsxError::Password) => return Err(encrypted()),
                Err(e) => return Err(open_err(&e)),
            }
        }
        ZipKind::Xlsb => match guarded(|| Xlsb::new(cursor)).map_err(crashed)? {
            Ok(xlsb) => (Parser::Xlsb(Box::new(xlsb)), Package::default(), pass),
            Err(XlsbError::Password) => return Err(encrypted()),
            Err(e) => return Err(open_err(&e)),
        },
        ZipKind::Ods => {
            // calamine expands every sheet of an ods as it opens it: size them first.
            guarded(|| ods_scan::check(file, bytes, limits)).map_err(crashed)??;
            match guarded(|| Ods::new(cursor)).map_err(crashed)? {
                Ok(ods) => (Parser::Other(Box::new(Sheets::Ods(ods))), Package::default(), pass),
                Err(OdsError::Password) => return Err(encrypted()),
                Err(e) => return Err(open_err(&e)),
            }
        }
    })
}

/// The size check of [`open`] for a file not yet read, so a huge file is never read at all.
fn check_file_size(file: &str, size: u64, limits: &Limits) -> Result<(), ReadError> {
    if size > limits.max_file_size {
        return Err(ReadError::TooLarge {
            file: file.into(),
            limit: Limit::FileSize,
            message: file_size_message(size, limits),
        });
    }
    Ok(())
}

enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

/// Reads the zip's central directory only: the entries' declared sizes (which the zip reader
/// enforces while decompressing, so they bound the real output) and which workbook it holds.
fn inspect_zip(file: &str, bytes: &[u8], limits: &Limits) -> Result<(ZipKind, u64), ReadError> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged {
        file: file.into(),
        reason: Text::new(
            format!("không đọc được tệp nén zip ({e})"),
            format!("the zip archive cannot be read ({e})"),
        ),
    })?;
    let meta = zip.metadata();
    let mut unpacked: u64 = 0;
    let mut names = Vec::new();
    for i in 0..meta.len() {
        let Ok(entry) = meta.entry(i) else { continue };
        unpacked = unpacked.saturating_add(entry.size());
        // Some producers separate folders with `\`; calamine reads such a package as `/`.
        names.push(String::from_utf8_lossy(entry.name_raw()).replace('\\', "/").to_lowercase());
    }
    // The zip reader keeps one entry of each name (the last): the central directory, read here,
    // tells whether there were two.
    let listed = central_names(bytes).unwrap_or_else(|| names.clone());
    let mut sorted: Vec<&String> = listed.iter().collect();
    sorted.sort();
    if let Some(twice) = sorted.windows(2).find_map(|w| match w {
        [a, b] if a == b => Some(*a),
        _ => None,
    }) {
        return Err(ReadError::Damaged {
            file: file.into(),
            reason: Text::new(
                format!("tệp nén có hai mục cùng tên \"{twice}\": không biết mục nào là đúng"),
                format!(
                    "the zip holds two entries named \"{twice}\": which one is meant cannot be told"
                ),
            ),
        });
    }
    if unpacked > limits.max_unpacked_size {
        let packed = bytes.len() as u64;
        let ratio = unpacked / packed.max(1);
        let (bomb_vi, bomb_en) = if ratio >= 1000 {
            (
                format!(" (tỷ lệ {ratio} trên 1: nhiều khả năng là tệp nén độc hại, \"zip bomb\")"),
                format!(" (a ratio of {ratio} to 1: most likely a decompression bomb)"),
            )
        } else {
            (String::new(), String::new())
        };
        let (unpacked, packed, max) =
            (human_size(unpacked), human_size(packed), human_size(limits.max_unpacked_size));
        return Err(ReadError::TooLarge {
            file: file.into(),
            limit: Limit::UnpackedSize,
            message: Text::new(
                format!(
                    "nội dung nén giải nén ra {unpacked} từ {packed}{bomb_vi}, vượt giới hạn \
                     dung lượng giải nén {max}"
                ),
                format!(
                    "its zip entries expand to {unpacked} from {packed}{bomb_en}, over the {max} \
                     limit on unpacked size"
                ),
            ),
        });
    }
    let has = |name: &str| names.iter().any(|n| n == name);
    let has_dir = |dir: &str| names.iter().any(|n| n.starts_with(dir));
    if has("xl/workbook.bin") {
        Ok((ZipKind::Xlsb, unpacked))
    } else if has_dir("xl/") {
        Ok((ZipKind::Xlsx, unpacked))
    } else if has("content.xml") {
        Ok((ZipKind::Ods, unpacked))
    } else if has("[content_types].xml") && !has_dir("word/") && !has_dir("ppt/") {
        // An Office package whose parts are elsewhere: calamine gives its own answer.
        Ok((ZipKind::Xlsx, unpacked))
    } else {
        let reason = if has_dir("word/") {
            Text::new("đây là văn bản Word (docx)", "it is a Word document (docx)")
        } else if has_dir("ppt/") {
            Text::new(
                "đây là bài trình chiếu PowerPoint (pptx)",
                "it is a PowerPoint presentation (pptx)",
            )
        } else {
            let mut shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
            if names.len() > 5 {
                shown.push("…");
            }
            let (holds_vi, holds_en) = match names.len() {
                0 => ("không chứa gì".to_string(), "nothing".to_string()),
                1 => (
                    format!("chứa 1 mục: {}", shown.join(", ")),
                    format!("1 entry: {}", shown.join(", ")),
                ),
                n => (
                    format!("chứa {n} mục: {}", shown.join(", ")),
                    format!("{n} entries: {}", shown.join(", ")),
                ),
            };
            Text::new(
                format!(
                    "đây là tệp nén zip không chứa bảng tính (không có thư mục xl/, không có \
                     content.xml; tệp {holds_vi})"
                ),
                format!(
                    "it is a zip archive with no workbook inside (no xl/ folder, no content.xml; \
                     it holds {holds_en})"
                ),
            )
        };
        Err(ReadError::NotWorkbook { file: file.into(), reason })
    }
}

/// Every entry name of the zip's central directory, as written (lower case, `\` as `/`);
/// `None` when the directory cannot be walked here (zip64, or damage the zip reader will name).
fn central_names(bytes: &[u8]) -> Option<Vec<String>> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
    // The end record is in the last 22 bytes, or up to 65,535 before them (a comment).
    let tail = bytes.len().saturating_sub(22 + 65_535);
    let end = (tail..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(b"PK\x05\x06"))?;
    let (count, offset) = (usize::from(u16_at(end + 10)?), u32_at(end + 16)?);
    if offset == u32::MAX || count == usize::from(u16::MAX) {
        return None;
    }
    let mut at = usize::try_from(offset).ok()?;
    let mut names = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        if bytes.get(at..at + 4) != Some(b"PK\x01\x02") {
            return None;
        }
        let name_len = usize::from(u16_at(at + 28)?);
        let skip = usize::from(u16_at(at + 30)?) + usize::from(u16_at(at + 32)?);
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        names.push(String::from_utf8_lossy(name).replace('\\', "/").to_lowercase());
        at += 46 + name_len + skip;
    }
    Some(names)
}

/// What bytes that are neither zip nor OLE look like, in words.
fn what_it_is(bytes: &[u8]) -> Text {
    let head = bytes.get(..512).unwrap_or(bytes);
    if head.starts_with(b"%PDF") {
        return Text::new("đây là tài liệu PDF", "it is a PDF document");
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => Some(t),
        // A multi-byte character cut at 512 bytes is still text.
        Err(e) if e.valid_up_to() + 4 > head.len() => {
            head.get(..e.valid_up_to()).and_then(|h| std::str::from_utf8(h).ok())
        }
        Err(_) => None,
    };
    match text {
        Some(t) if !t.contains('\0') => {
            let t = t.trim_start_matches('\u{feff}').trim_start();
            let lower: String = t.chars().take(100).collect::<String>().to_lowercase();
            if lower.starts_with("<!doctype html")
                || lower.starts_with("<html")
                || lower.contains("<table")
            {
                Text::new(
                    "đây là trang HTML (các phần mềm trên web thường xuất bảng thành HTML mang \
                     đuôi .xls): mở tệp bằng Excel rồi lưu thành .xlsx",
                    "it is an HTML page (web systems often export tables as HTML named .xls): \
                     open it in Excel and save it as .xlsx",
                )
            } else if lower.starts_with("<?xml") {
                Text::new(
                    "đây là tệp văn bản XML (XML của Excel 2003?): mở tệp bằng Excel rồi lưu \
                     thành .xlsx",
                    "it is an XML text file (Excel 2003 XML?): open it in Excel and save it as \
                     .xlsx",
                )
            } else {
                let line = t.lines().next().unwrap_or_default();
                let first: String = line.chars().take(30).collect();
                let more = if t.chars().count() > first.chars().count() { "…" } else { "" };
                let first = first.trim_end();
                Text::new(
                    format!("đây là tệp văn bản (bắt đầu bằng \"{first}{more}\")"),
                    format!("it is a text file (it starts with \"{first}{more}\")"),
                )
            }
        }
        _ => {
            let hex: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
            let hex = hex.join(" ");
            Text::new(
                format!(
                    "các byte đầu ({hex}) không phải của tệp nén zip (xlsx, ods) cũng không phải \
                     của tệp OLE (xls)"
                ),
                format!(
                    "its first bytes ({hex}) are those of neither a zip archive (xlsx, ods) nor \
                     an OLE file (xls)"
                ),
            )
        }
    }
}

impl Parser<'_> {
    /// The sheet's non-empty cells, each counted against the budget as it is read.
    fn cells(
        &mut self,
        name: &str,
        budget: &mut Budget<'_>,
        open_err: &dyn Fn(String) -> ReadError,
    ) -> Result<Option<Cells>, ReadError> {
        let cells = match self {
            Parser::Xlsx(x) => {
                let mut reader = match x.worksheet_cells_reader(name) {
                    Ok(r) => r,
                    Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
                    Err(e) => return Err(open_err(e.to_string())),
                };
                let declared_rows = reader.dimensions().end.0;
                let mut cells = Vec::new();
                while let Some(cell) = reader.next_cell().map_err(|e| open_err(e.to_string()))? {
                    let pos = cell.get_position();
                    let value = Data::from(cell.get_value().clone());
                    if matches!(value, Data::Empty) {
                        continue;
                    }
                    budget.take(pos, declared_rows, &value)?;
                    cells.push((pos, value));
                }
                cells
            }
            Parser::Xlsb(x) => {
                // calamine's ranges of an xlsb are dense (a value in A1 and another far below
                // would take gigabytes); its cell reader is not.
                let mut reader = match x.worksheet_cells_reader(name) {
                    Ok(r) => r,
                    Err(e) => return Err(open_err(e.to_string())),
                };
                let declared_rows = reader.dimensions().end.0;
                let mut cells = Vec::new();
                while let Some(cell) = reader.next_cell().map_err(|e| open_err(e.to_string()))? {
                    let pos = cell.get_position();
                    let value = Data::from(cell.get_value().clone());
                    if matches!(value, Data::Empty) {
                        continue;
                    }
                    budget.take(pos, declared_rows, &value)?;
                    cells.push((pos, value));
                }
                cells
            }
            Parser::Other(s) => {
                let range = s.worksheet_range(name).map_err(|e| open_err(e.to_string()))?;
                let declared_rows = range.end().map_or(0, |(row, _)| row);
                let (row0, col0) = range.start().unwrap_or((0, 0));
                let offset =
                    |i: usize, at: u32| at.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                let mut cells = Vec::new();
                for (r, c, value) in range.used_cells() {
                    let pos = (offset(r, row0), offset(c, col0));
                    budget.take(pos, declared_rows, value)?;
                    cells.push((pos, value.clone()));
                }
                cells
            }
        };
        Ok(Some(cells))
    }
}

/// Counts rows and memory while a sheet is read, refusing it at the first cell over a limit.
struct Budget<'a> {
    file: &'a str,
    sheet: &'a str,
    limits: &'a Limits,
    bytes: u64,
}

/// What one stored cell costs besides its text: position, value and vector slot.
const CELL_COST: u64 = 48;

impl<'a> Budget<'a> {
    /// A sheet's budget, `spent` already (what the workbook holds besides the sheet).
    fn new(file: &'a str, sheet: &'a str, limits: &'a Limits, spent: u64) -> Budget<'a> {
        Budget { file, sheet, limits, bytes: spent }
    }

    fn take(
        &mut self,
        (row, col): (u32, u32),
        declared_last_row: u32,
        value: &Data,
    ) -> Result<(), ReadError> {
        if u64::from(col) >= xlsx_scan::GRID_COLUMNS || u64::from(row) >= xlsx_scan::GRID_ROWS {
            let cell = parscore_sheet::cell_name(row, col);
            let sheet = self.sheet;
            return Err(ReadError::Damaged {
                file: self.file.into(),
                reason: Text::new(
                    format!("trang tính '{sheet}' có ô {cell} nằm ngoài lưới của Excel"),
                    format!("sheet '{sheet}' has a cell {cell}, outside Excel's grid"),
                ),
            });
        }
        if row >= self.limits.max_rows {
            // The sheet's declared size counts its rows; the row of the value is the least.
            let rows = u64::from(row.max(declared_last_row)) + 1;
            return Err(ReadError::TooLarge {
                file: self.file.into(),
                limit: Limit::Rows,
                message: rows_message(self.sheet, rows, self.limits.max_rows),
            });
        }
        let text = match value {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
            _ => 0,
        };
        self.bytes = self.bytes.saturating_add(CELL_COST).saturating_add(text);
        if self.bytes > self.limits.max_unpacked_size {
            return Err(ReadError::TooLarge {
                file: self.file.into(),
                limit: Limit::UnpackedSize,
                message: {
                    let (sheet, max) = (self.sheet, human_size(self.limits.max_unpacked_size));
                    Text::new(
                        format!(
                            "trang tính '{sheet}' chứa hơn {max} giá trị ô khi đọc (cùng một nội \
                             dung lặp lại ở nhiều ô?), vượt giới hạn dung lượng giải nén"
                        ),
                        format!(
                            "sheet '{sheet}' holds more than {max} of cell values once read (the \
                             same text repeated in many cells?), over the limit on unpacked size"
                        ),
                    )
                },
            });
        }
        Ok(())
    }
}
