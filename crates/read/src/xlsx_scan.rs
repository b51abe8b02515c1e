//! Checking an xlsx package before calamine reads it: what calamine trusts without checking.
//!
//! - **Checksums**: every part the reading depends on (the sheets, the shared strings, the workbook
//!   and its relationships) is read to its end once, so the zip reader compares its CRC (calamine
//!   stops reading a sheet at `</sheetData>` and never does) and the size it declared. Comments,
//!   drawings, styles and the theme are left to calamine: they carry no value parscore scores.
//! - **Cell references**: calamine adds a reference's digits in 32 bits that wrap, so a cell
//!   written `E4294967307` lands on `E11` and replaces what is there; LibreOffice shows 95 where
//!   parscore would score 10. Every `r` of a cell or row and every `ref` of the dimension must lie
//!   in Excel's grid (1,048,576 rows, 16,384 columns).
//! - **Shared strings**: calamine reserves room for the `uniqueCount` the file declares (4e9
//!   strings made it ask for 96 GB and abort the process) and holds every string as an owned
//!   `String`. The declared count must match what is there, and what calamine will hold is
//!   charged to the workbook's memory budget before it parses.
//! - **One inflation**: the parts the scan unpacks are handed to calamine unpacked (stored), so
//!   checking them costs no second decompression.
//! - **Formulas without values**: some generators (openpyxl) save formulas without computing them;
//!   such cells read as empty. Their places are kept, so a missing input there can say why.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use memchr::memmem;
use parscore_core::Text;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::ReadError;
use crate::limits::{human_size, Limit, Limits};

/// Excel's grid, which every reference must lie in.
pub(crate) const GRID_ROWS: u64 = 1_048_576;
pub(crate) const GRID_COLUMNS: u64 = 16_384;

/// What calamine holds per shared string besides its text: the `String` and its slot in the
/// vector, which may have grown to twice what it uses.
const STRING_COST: u64 = 48;

/// The formula cells of one sheet, 0-based (row, column), in the order of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Formulas {
    /// Every cell holding a formula.
    pub cells: Vec<(u32, u32)>,
    /// Those of them without a computed value.
    pub uncomputed: Vec<(u32, u32)>,
}

/// What the scan learned of a package that the reading needs.
#[derive(Debug, Default)]
pub(crate) struct Package {
    /// The formula cells of each sheet, by sheet name.
    pub(crate) formulas: BTreeMap<String, Formulas>,
    /// The memory held while the workbook is read, besides its sheets' cells: what calamine
    /// takes for the shared strings, and the parts kept unpacked in `rebuilt`.
    pub(crate) held: u64,
    /// The package as calamine reads it: the parts the scan unpacked, stored unpacked (so they
    /// are not inflated a second time), the others copied as they were.
    pub(crate) rebuilt: Vec<u8>,
}

/// Checks an xlsx package (`bytes`, a zip the caller has opened once already) as the module
/// says.
pub(crate) fn check(file: &str, bytes: &[u8], limits: &Limits) -> Result<Package, ReadError> {
    let damaged = |vi: String, en: String| ReadError::Damaged {
        file: file.into(),
        reason: Text::new(vi, en),
    };
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        damaged(
            format!("không đọc được tệp nén zip ({e})"),
            format!("the zip archive cannot be read ({e})"),
        )
    })?;
    let mut package = Package::default();
    let mut sheet_parts: BTreeMap<String, Formulas> = BTreeMap::new();
    let (mut workbook_xml, mut rels_xml) = (Vec::new(), Vec::new());
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let rebuilding = |e: &dyn std::fmt::Display| {
        damaged(
            format!("không chép lại được tệp nén ({e})"),
            format!("the zip could not be copied ({e})"),
        )
    };
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| {
            damaged(
                format!("không đọc được mục thứ {} của tệp nén ({e})", i + 1),
                format!("entry {} of the zip cannot be read ({e})", i + 1),
            )
        })?;
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let name = raw.replace('\\', "/").to_lowercase();
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let wanted = sheet
            || matches!(
                name.as_str(),
                "xl/sharedstrings.xml" | "xl/workbook.xml" | "xl/_rels/workbook.xml.rels"
            );
        if entry.is_dir() || !wanted {
            out.raw_copy_file(entry).map_err(|e| rebuilding(&e))?;
            continue;
        }
        let broken = |e: std::io::Error| {
            damaged(
                format!("mục \"{raw}\" của tệp nén bị hỏng ({e})"),
                format!("the entry \"{raw}\" of the zip is damaged ({e})"),
            )
        };
        let strings = name == "xl/sharedstrings.xml";
        // The declared size is bounded by the unpacked-size limit already, and the zip reader
        // refuses to read past it. The shared strings are counted as they are read, so that
        // millions of empty ones are refused before they are all unpacked.
        let mut content =
            Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 24));
        let mut counted = StringCount::default();
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            let n = entry.read(&mut chunk).map_err(broken)?;
            let Some(read) = chunk.get(..n).filter(|r| !r.is_empty()) else { break };
            content.extend_from_slice(read);
            if strings {
                counted.more(&content);
                check_strings_cost(file, counted.count, content.len(), limits)?;
            }
        }
        if sheet {
            let formulas = scan_sheet(&content).map_err(|bad| {
                damaged(
                    format!(
                        "trang tính \"{raw}\" ghi ô hoặc vùng \"{bad}\" nằm ngoài lưới của Excel \
                         ({GRID_ROWS} dòng, {GRID_COLUMNS} cột)"
                    ),
                    format!(
                        "the sheet \"{raw}\" names the cell or range \"{bad}\", outside Excel's grid \
                         ({GRID_ROWS} rows, {GRID_COLUMNS} columns)"
                    ),
                )
            })?;
            sheet_parts.insert(name, formulas);
        } else if strings {
            counted.finish(&content);
            let cost = shared_strings(file, &content, counted.count, limits)?;
            package.held = package.held.saturating_add(cost);
        } else if name == "xl/workbook.xml" {
            workbook_xml = content.clone();
        } else if name == "xl/_rels/workbook.xml.rels" {
            rels_xml = content.clone();
        }
        package.held = package.held.saturating_add(content.len() as u64);
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(content.len() as u64 >= u64::from(u32::MAX));
        out.start_file(raw.as_str(), stored).map_err(|e| rebuilding(&e))?;
        out.write_all(&content).map_err(|e| rebuilding(&e))?;
    }
    package.rebuilt = out.finish().map_err(|e| rebuilding(&e))?.into_inner();
    // Which sheet each part is, to place the formulas.
    for (sheet, part) in sheet_names(&workbook_xml, &rels_xml) {
        if let Some(formulas) = sheet_parts.remove(&part) {
            package.formulas.insert(sheet, formulas);
        }
    }
    Ok(package)
}

/// The cells of a sheet's XML that hold a formula, and those of them without a value; `Err`
/// with the first reference outside Excel's grid.
///
/// A byte scan, not an XML parse: it runs on every sheet of every workbook read, beside
/// calamine's own parse. References are the `r="…"` of cells and rows (a value that is not a
/// reference, of some other element, is left alone) and the dimension's `ref="…"`.
fn scan_sheet(xml: &[u8]) -> Result<Formulas, String> {
    for i in memmem::find_iter(xml, b"r=\"") {
        let spaced = i.checked_sub(1).and_then(|p| xml.get(p)).is_some_and(u8::is_ascii_whitespace);
        let value = xml.get(i + 3..).unwrap_or_default();
        let Some(end) = memchr::memchr(b'"', value).filter(|_| spaced) else { continue };
        let r = value.get(..end).unwrap_or_default();
        // calamine computes a position exactly unless its 32 bits wrap, which takes 7 letters or
        // 10 digits; a position it computes exactly is checked against the grid as it is read.
        let letters = r.iter().filter(|b| b.is_ascii_alphabetic()).count();
        if letters <= 6 && r.len() - letters <= 9 {
            continue;
        }
        let looks_like_cell = r.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'$')
            && r.last().is_some_and(u8::is_ascii_digit);
        let looks_like_row = !r.is_empty() && r.iter().all(u8::is_ascii_digit);
        let fits = if looks_like_cell {
            parse_ref(r).is_some()
        } else if looks_like_row {
            parse_row(r).is_some()
        } else {
            true
        };
        if !fits {
            return Err(text(r));
        }
    }
    if let Some(i) = memmem::find(xml, b"<dimension ref=\"") {
        let value = xml.get(i + 16..).unwrap_or_default();
        let r = memchr::memchr(b'"', value).and_then(|e| value.get(..e)).unwrap_or_default();
        if !r.split(|b| *b == b':').all(|part| parse_ref(part).is_some()) {
            return Err(text(r));
        }
    }
    let mut formulas = Formulas::default();
    // Built once: a formula is found in every computed row of a template.
    let (cell_open, cell_close) = (memmem::FinderRev::new(b"<c "), memmem::Finder::new(b"</c>"));
    let (value_tag, inline_tag) = (memmem::Finder::new(b"<v"), memmem::Finder::new(b"<is"));
    for i in memmem::find_iter(xml, b"<f") {
        let next = xml.get(i + 2).copied();
        if !matches!(next, Some(b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r')) {
            continue;
        }
        // The cell it sits in, and what follows it up to the cell's end.
        let before = xml.get(i.saturating_sub(512)..i).unwrap_or_default();
        let Some(open) = cell_open.rfind(before) else { continue };
        let tag = before.get(open..).unwrap_or_default();
        let tag = tag.get(..memchr::memchr(b'>', tag).unwrap_or(tag.len())).unwrap_or_default();
        let rest = xml.get(i..).unwrap_or_default();
        let inner = rest.get(..cell_close.find(rest).unwrap_or(rest.len())).unwrap_or_default();
        let has_value = value_tag.find(inner).is_some() || inline_tag.find(inner).is_some();
        let Some(pos) = attr(tag, b"r").and_then(parse_ref) else { continue };
        formulas.cells.push(pos);
        if !has_value {
            formulas.uncomputed.push(pos);
        }
    }
    Ok(formulas)
}

/// The value of attribute `name` in a start tag's text (`c r="E11" s="3"`).
fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    // Tags are short: a plain search, without building a searcher for each.
    let find = |hay: &[u8]| hay.windows(name.len()).position(|w| w == name);
    while let Some(i) = find(tag.get(at..)?) {
        let pos = at + i;
        let before = pos.checked_sub(1).and_then(|p| tag.get(p));
        let after = tag.get(pos + name.len()..)?;
        at = pos + name.len();
        if !before.is_some_and(u8::is_ascii_whitespace) {
            continue;
        }
        let after = after.strip_prefix(b"=")?;
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let value = after.get(1..)?;
        let end = memchr::memchr(quote, value)?;
        return value.get(..end);
    }
    None
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).chars().take(40).collect()
}

/// A row number (1-based in the file) as a 0-based row within the grid.
fn parse_row(r: &[u8]) -> Option<u32> {
    let n = digits(r)?;
    (1..=GRID_ROWS).contains(&n).then(|| u32::try_from(n - 1).ok()).flatten()
}

/// A cell reference (`E11`, `$E$11`) as 0-based (row, column) within the grid.
fn parse_ref(r: &[u8]) -> Option<(u32, u32)> {
    let r = r.strip_prefix(b"$").unwrap_or(r);
    let split = r.iter().position(|b| !b.is_ascii_alphabetic())?;
    let (letters, rest) = r.split_at(split);
    let digits_part = rest.strip_prefix(b"$").unwrap_or(rest);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col =
        letters.iter().fold(0u64, |acc, b| acc * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
    if col > GRID_COLUMNS {
        return None;
    }
    let row = parse_row(digits_part)?;
    Some((row, u32::try_from(col - 1).ok()?))
}

/// Decimal digits only, at most 7 of them (the grid's last row has 7).
fn digits(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 7 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0')))
}

/// The shared strings (`<si>` items) counted so far in a part being read.
#[derive(Default)]
struct StringCount {
    count: u64,
    /// Where the next search starts: a tag cut at the end of what was read is found next time.
    from: usize,
}

impl StringCount {
    /// Counts the items in what `xml` has gained since the last call.
    fn more(&mut self, xml: &[u8]) {
        let region = xml.get(self.from..).unwrap_or_default();
        let whole = region.len().saturating_sub(3);
        self.count += memmem::find_iter(region, b"<si")
            .filter(|i| *i < whole && matches!(region.get(i + 3), Some(b'>' | b' ' | b'/')))
            .count() as u64;
        self.from += whole;
    }

    /// Counts what is left at the end of `xml`.
    fn finish(&mut self, xml: &[u8]) {
        let region = xml.get(self.from..).unwrap_or_default();
        self.count += memmem::find_iter(region, b"<si")
            .filter(|i| matches!(region.get(i + 3), Some(b'>' | b' ' | b'/')))
            .count() as u64;
        self.from = xml.len();
    }
}

/// What calamine would take for `count` shared strings in `len` bytes of XML, refused over the
/// unpacked-size limit.
fn check_strings_cost(
    file: &str,
    count: u64,
    len: usize,
    limits: &Limits,
) -> Result<u64, ReadError> {
    let cost = count.saturating_mul(STRING_COST).saturating_add(len as u64);
    if cost > limits.max_unpacked_size {
        let (need, max) = (human_size(cost), human_size(limits.max_unpacked_size));
        return Err(ReadError::TooLarge {
            file: file.into(),
            limit: Limit::UnpackedSize,
            message: Text::new(
                format!(
                    "hơn {count} chuỗi dùng chung sẽ chiếm hơn {need} khi đọc, vượt giới hạn dung \
                     lượng giải nén {max}"
                ),
                format!(
                    "over {count} shared strings would take over {need} once read, over the {max} \
                     limit on unpacked size"
                ),
            ),
        });
    }
    Ok(cost)
}

/// Checks the count the shared strings declare against the `count` found, and returns what
/// calamine will hold for them; refuses when that is over the unpacked-size limit.
fn shared_strings(file: &str, xml: &[u8], count: u64, limits: &Limits) -> Result<u64, ReadError> {
    let head = xml.get(..xml.len().min(4096)).unwrap_or_default();
    let declared = memmem::find(head, b"<sst")
        .and_then(|i| {
            let tag = head.get(i..)?;
            let end = memchr::memchr(b'>', tag)?;
            attr(tag.get(..end)?, b"uniqueCount")
        })
        .map(digits_any);
    // calamine reserves what is declared: a count beyond a u64 is refused like a huge one.
    let reserved = match declared {
        Some(Some(d)) => d.max(count),
        Some(None) => u64::MAX,
        None => count,
    };
    let cost = reserved.saturating_mul(STRING_COST).saturating_add(xml.len() as u64);
    if reserved > count && cost > limits.max_unpacked_size {
        let said = declared.flatten().map_or_else(|| "?".to_string(), |d| d.to_string());
        return Err(ReadError::Damaged {
            file: file.into(),
            reason: Text::new(
                format!(
                    "bảng chuỗi dùng chung (sharedStrings.xml) khai báo {said} chuỗi nhưng chỉ chứa \
                     {count} chuỗi"
                ),
                format!(
                    "its shared strings (sharedStrings.xml) declare {said} strings but hold only \
                     {count}"
                ),
            ),
        });
    }
    check_strings_cost(file, count, xml.len(), limits)
}

/// Any run of decimal digits as a number; `None` past `u64`.
fn digits_any(s: &[u8]) -> Option<u64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u64, |acc, b| acc.checked_mul(10)?.checked_add(u64::from(b - b'0')))
}

/// (sheet name, its part's path in lower case) from `xl/workbook.xml` and its relationships.
fn sheet_names(workbook: &[u8], rels: &[u8]) -> Vec<(String, String)> {
    let mut targets = BTreeMap::new();
    for tag in tags(rels, b"Relationship") {
        if let (Some(id), Some(target)) = (attr(tag, b"Id"), attr(tag, b"Target")) {
            let target = String::from_utf8_lossy(target).replace('\\', "/").to_lowercase();
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id.to_vec(), path);
        }
    }
    let mut out = Vec::new();
    for tag in tags(workbook, b"sheet") {
        let id = attr(tag, b"r:id").or_else(|| attr(tag, b"id"));
        if let (Some(name), Some(path)) = (attr(tag, b"name"), id.and_then(|i| targets.get(i))) {
            out.push((unescape(&String::from_utf8_lossy(name)), path.clone()));
        }
    }
    out
}

/// The start tags of local name `local` in `xml`, as their text.
fn tags<'a>(xml: &'a [u8], local: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    memchr::memchr_iter(b'<', xml).filter_map(move |i| {
        let rest = xml.get(i + 1..)?;
        let end = memchr::memchr(b'>', rest)?;
        let tag = rest.get(..end)?;
        let len =
            tag.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(tag.len());
        let name = tag.get(..len)?;
        (name.rsplit(|b| *b == b':').next() == Some(local)).then_some(tag)
    })
}

/// XML's entities and character references, for sheet names such as "Tự đánh giá &amp; ghi
/// chú" or "T&#7921;".
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let tail = rest.get(amp..).unwrap_or_default();
        let Some(semi) = tail.find(';').filter(|i| *i <= 10) else {
            out.push('&');
            rest = tail.get(1..).unwrap_or_default();
            continue;
        };
        let entity = tail.get(1..semi).unwrap_or_default();
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "amp" => Some('&'),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = tail.get(semi + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_outside_the_grid_are_found_and_inside_it_read() {
        assert_eq!(parse_ref(b"E11"), Some((10, 4)));
        assert_eq!(parse_ref(b"$E$11"), Some((10, 4)));
        assert_eq!(parse_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
        // 4294967307 wraps to 11 in 32 bits: the cell calamine would put on E11.
        assert_eq!(parse_ref(b"E4294967307"), None);
        assert_eq!(parse_ref(b"XFE1"), None);
        assert_eq!(parse_ref(b"ZZZZZZZZ1"), None);
        assert_eq!(parse_ref(b"A1048577"), None);
        assert_eq!(parse_ref(b"A0"), None);
        let xml = br#"<worksheet><dimension ref="A1:E11"/><sheetData><row r="11"><c r="E11"><v>95</v></c><c r="E4294967307"><v>10</v></c></row></sheetData></worksheet>"#;
        assert_eq!(scan_sheet(xml), Err("E4294967307".into()));
        let dim = br#"<worksheet><dimension ref="A1:ZZZZZZZZ1"/></worksheet>"#;
        assert_eq!(scan_sheet(dim), Err("A1:ZZZZZZZZ1".into()));
    }

    #[test]
    fn formulas_without_values_are_found_with_their_cells() {
        // B1 has a formula and its value; C1 only a formula (as openpyxl saves it); D1 only a
        // value; E1 a shared formula without a value.
        let xml = br#"<sheetData><row r="1"><c r="B1"><f>1+1</f><v>2</v></c><c r="C1"><f>B1*2</f></c><c r="D1" t="s"><v>0</v></c><c r="E1" s="2"><f t="shared" si="0"/></c></row></sheetData>"#;
        let found = scan_sheet(xml).unwrap();
        assert_eq!(found.uncomputed, [(0, 2), (0, 4)]);
        assert_eq!(found.cells, [(0, 1), (0, 2), (0, 4)]);
    }

    #[test]
    fn sheet_names_follow_the_relationships() {
        let wb = br#"<workbook><sheets><sheet name="T&#7921; &amp; x" sheetId="1" r:id="rId2"/><sheet name="parscore" r:id="rId1"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet2.xml"/><Relationship Id="rId2" Target="/xl/worksheets/Sheet1.xml"/></Relationships>"#;
        assert_eq!(
            sheet_names(wb, rels),
            [
                ("Tự & x".to_string(), "xl/worksheets/sheet1.xml".to_string()),
                ("parscore".to_string(), "xl/worksheets/sheet2.xml".to_string())
            ]
        );
    }
}
