//! Rebuilds the workbooks of `fixtures/bad/`:
//! `cargo run -p parscore-write --example make_bad_fixtures`, after `make_fixtures` (it starts
//! from the inputs of `fixtures/so-xay-dung-2024.xlsx`). `fixtures/make.sh` runs both, then
//! encrypts `password-protected.xlsx`. The criteria files there (`*.json`) are written by hand.
//!
//! Each file is named for what it is; `tests/bad.rs` pins what parscore answers to each.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use parscore_core::{catalog, CriteriaSet, Input, Inputs, RatioInput, Rule};
use parscore_read::Workbook;
use parscore_sheet::layout::Col;
use parscore_write::{write_template, TemplateMeta};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook as Writer};
use unicode_normalization::UnicodeNormalization;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Text too long for rust_xlsxwriter (Excel stops at 32,767 characters) is written as these
/// placeholders and swapped in the zip afterwards, as a hostile tool would write it.
const HUGE_UNIT: &str = "PARSCORE_HUGE_UNIT";
const HUGE_EVIDENCE: &str = "PARSCORE_HUGE_EVIDENCE";
const HUGE_VALUE: &str = "PARSCORE_HUGE_VALUE";

/// `phrase` repeated to exactly `n` characters.
fn long(phrase: &str, n: usize) -> String {
    phrase.chars().cycle().take(n).collect()
}

fn main() -> Res<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let dir = root.join("bad");
    std::fs::create_dir_all(&dir)?;
    let out = |name: &str| dir.join(name);
    let set = catalog::find("lai-chau/so/2024").ok_or("no shipped set lai-chau/so/2024")?;
    let good = root.join("so-xay-dung-2024.xlsx");
    let inputs = Workbook::open(&good)?.inputs(&set).inputs;
    let good_bytes = std::fs::read(&good)?;

    // Not workbooks at all, whatever their names say.
    std::fs::write(out("empty.xlsx"), b"")?;
    std::fs::write(
        out("text-renamed.xlsx"),
        "Mã;Nội dung;Số liệu\n1.1.1;Ban hành kế hoạch CCHC năm;Ban hành kịp thời\n",
    )?;
    std::fs::write(
        out("html-renamed.xls"),
        "<html><head><meta charset=\"utf-8\"></head><body><table>\n<tr><td>Mã</td><td>Số liệu</td></tr>\n\
         <tr><td>1.1.1</td><td>Ban hành kịp thời</td></tr>\n</table></body></html>\n",
    )?;
    std::fs::write(
        out("pdf-renamed.xlsx"),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )?;
    std::fs::write(out("random-bytes.xlsx"), noise(4096))?;
    std::fs::write(out("truncated.xlsx"), good_bytes.get(..good_bytes.len() / 2).unwrap_or(&[]))?;
    // The first 64 kB of LibreOffice's copy: the workbook fuzz target's first find (calamine's OLE
    // reader sliced past the end of its buffer and panicked).
    let xls = std::fs::read(root.join("so-xay-dung-2024.xls"))?;
    std::fs::write(out("truncated.xls"), xls.get(..65_536).unwrap_or(&[]))?;
    std::fs::write(
        out("zip-not-workbook.xlsx"),
        zip(&[
            ("ghi-chu.txt", "Ghi chú gửi kèm".as_bytes().to_vec()),
            ("anh-chup.jpg", noise(300)),
        ])?,
    )?;
    std::fs::write(
        out("docx-renamed.xlsx"),
        zip(&[
            ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types/>".to_vec()),
            ("word/document.xml", b"<?xml version=\"1.0\"?><w:document/>".to_vec()),
        ])?,
    )?;
    std::fs::write(out("zip-bomb.xlsx"), zip_bomb()?)?;
    std::fs::write(out("far-apart-cells.ods"), far_apart_ods()?)?;
    std::fs::write(
        out("lying-zip-size.xlsx"),
        lie_about_size(&good_bytes, "xl/worksheets/sheet1.xml")?,
    )?;

    // parscore's own template, filled, then made odd.
    let template = |unit: &str, inputs: &Inputs| -> Res<Vec<u8>> {
        Ok(write_template(&set, &TemplateMeta { unit: unit.into(), year: 2024 }, Some(inputs))?)
    };
    // Encrypted by make.sh with msoffcrypto-tool; this is the plain copy it starts from.
    std::fs::write(out("password-protected.xlsx"), template("Sở Xây dựng", &inputs)?)?;
    // 100,000 characters in the unit's name and in 1.1.1's evidence.
    let mut huge = inputs.clone();
    if let Some(e) = huge.entries.get_mut("1.1.1") {
        e.evidence = Some(HUGE_EVIDENCE.into());
    }
    let bytes = template(HUGE_UNIT, &huge)?;
    let swaps = [
        (HUGE_UNIT, long("Sở Xây dựng tỉnh Lai Châu ", 100_000)),
        (HUGE_EVIDENCE, long("Kế hoạch 15/KH-SXD ngày 10/01/2024; ", 100_000)),
    ];
    std::fs::write(out("huge-cell.xlsx"), swap_text(&bytes, &swaps)?)?;
    let mut odd = inputs.clone();
    if let Some(e) = odd.entries.get_mut("1.1.2") {
        e.evidence = Some("Kế hoạch 15/KH-SXD\u{7}\r\nmục II\u{1b}[8m".into());
    }
    std::fs::write(out("control-chars.xlsx"), template("Sở Xây dựng\u{1b}[2J\u{1b}[31m", &odd)?)?;
    std::fs::write(
        out("rtl-override.xlsx"),
        template("Sở Xây dựng \u{202e}4202 mặn\u{202c}", &inputs)?,
    )?;
    let mut big = inputs.clone();
    big.set("3.4.1", Input::Fraction { numerator: "1e27".parse()?, denominator: "1e27".parse()? });
    std::fs::write(out("huge-fraction.xlsx"), template("Sở Xây dựng", &big)?)?;

    // Other tools' plain sheets, as a person types them.
    let plain = || Table::filled(&set, &inputs);
    plain()
        .edit(|t| t.header[Col::Value.index() as usize] = "Số liêu".into())
        .write(&out("misspelt-column.xlsx"))?;
    plain()
        .edit(|t| {
            let i = t.row_of("1.1.2");
            let copy = t.rows[i].clone();
            t.rows.insert(i + 1, copy);
        })
        .write(&out("duplicate-code.xlsx"))?;
    plain()
        .edit(|t| t.set("1.1.4", Col::Value, Cell::Formula("=1/0", "#DIV/0!")))
        .write(&out("div0-error.xlsx"))?;
    plain()
        .edit(|t| t.set("1.1.4", Col::Value, Cell::Date(2024, 12, 10)))
        .write(&out("date-for-number.xlsx"))?;
    plain()
        .edit(|t| {
            for code in ["1", "1.1", "1.2", "1.3", "1.4"] {
                t.set(code, Col::Code, Cell::Number(code.parse().unwrap_or(0.0)));
            }
        })
        .write(&out("code-as-number.xlsx"))?;
    plain().edit(Table::nfd).write(&out("nfd-labels.xlsx"))?;
    plain()
        .edit(|t| t.far = Some((1_048_575, "Ghi chú cuối bảng".into())))
        .write(&out("one-million-rows.xlsx"))?;
    let bytes =
        plain().edit(|t| t.set("1.1.1", Col::Value, Cell::Text(HUGE_VALUE.into()))).bytes()?;
    let swaps = [(HUGE_VALUE, long("Ban hành kịp thời ", 100_000))];
    std::fs::write(out("huge-input-cell.xlsx"), swap_text(&bytes, &swaps)?)?;
    // One 1 MB text in the shared strings, shown in 300 cells: 300 MB once read.
    let bytes = plain().edit(|t| t.repeat = Some((200, 300, HUGE_VALUE.into()))).bytes()?;
    let swaps = [(HUGE_VALUE, "x".repeat(1_000_000))];
    std::fs::write(out("shared-strings-bomb.xlsx"), swap_text(&bytes, &swaps)?)?;
    no_header(&out("no-sheet-no-header.xlsx"))?;
    // The source of far-apart-cells.xls, which fixtures/make.sh has LibreOffice convert:
    // a header in A1:B1 and one value in IV65536, the last cell an xls has.
    let mut book = Writer::new();
    let sheet = book.add_worksheet().set_name("Tự đánh giá")?;
    sheet.write_string(0, 0, "Mã")?;
    sheet.write_string(0, 1, "Số liệu")?;
    sheet.write_string(65_535, 255, "x")?;
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    std::fs::create_dir_all(&target)?;
    book.save(target.join("far-apart-cells.xlsx"))?;
    println!("bad fixtures written to {}", dir.display());
    Ok(())
}

/// Deterministic bytes that are neither text nor any known format.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8 | 0x80
        })
        .collect()
}

fn zip(entries: &[(&str, Vec<u8>)]) -> Res<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts)?;
        w.write_all(data)?;
    }
    Ok(w.finish()?.into_inner())
}

/// A decompression bomb of the overlapping kind: one 10 MB entry, compressed to a few kB, and
/// 29 more directory entries pointing at the same bytes: 300 MB for about 14 kB.
fn zip_bomb() -> Res<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    w.start_file("[Content_Types].xml", opts)?;
    w.write_all(b"<?xml version=\"1.0\"?><Types/>")?;
    w.start_file("xl/workbook.xml", opts)?;
    w.write_all(b"<?xml version=\"1.0\"?><workbook/>")?;
    w.start_file("xl/worksheets/sheet1.xml", opts)?;
    let spaces = vec![b' '; 10_000_000];
    w.write_all(&spaces)?;
    for i in 2..=30 {
        w.shallow_copy_file("xl/worksheets/sheet1.xml", &format!("xl/worksheets/sheet{i}.xml"))?;
    }
    Ok(w.finish()?.into_inner())
}

/// An ods of 1 kB whose two values, in A1 and in the 16,000th column of row 90,000, span
/// 1.44 billion cells: calamine expands the range between them as it opens the file.
fn far_apart_ods() -> Res<Vec<u8>> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Tự đánh giá">
<table:table-row><table:table-cell office:value-type="string"><text:p>Mã</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Số liệu</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="89998"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="15999"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>
"#;
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    // ODF wants the media type first and uncompressed.
    w.start_file("mimetype", stored)?;
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    w.start_file("META-INF/manifest.xml", deflated)?;
    w.write_all(manifest.as_bytes())?;
    w.start_file("content.xml", deflated)?;
    w.write_all(content.as_bytes())?;
    Ok(w.finish()?.into_inner())
}

/// `bytes` with the central directory claiming `name` expands to 100 bytes: the zip reader must
/// stop there instead of trusting the data.
fn lie_about_size(bytes: &[u8], name: &str) -> Res<Vec<u8>> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while let Some(pos) = find(&out[i..], b"PK\x01\x02") {
        let at = i + pos;
        let name_len = u16::from_le_bytes([out[at + 28], out[at + 29]]) as usize;
        if out.get(at + 46..at + 46 + name_len) == Some(name.as_bytes()) {
            out[at + 24..at + 28].copy_from_slice(&100u32.to_le_bytes());
            return Ok(out);
        }
        i = at + 4;
    }
    Err(format!("no entry {name}").into())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Rewrites every zip entry of `bytes`, replacing each (from, to) in the XML entries.
fn swap_text(bytes: &[u8], swaps: &[(&str, String)]) -> Res<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i)?;
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        let name = f.name()?.to_string();
        if name.ends_with(".xml") {
            let mut text = String::from_utf8(data)?;
            for (from, to) in swaps {
                text = text.replace(from, to);
            }
            data = text.into_bytes();
        }
        entries.push((name, data));
    }
    let refs: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    zip(&refs)
}

/// A workbook of notes and a list, with no self-assessment anywhere.
fn no_header(path: &PathBuf) -> Res<()> {
    let mut book = Writer::new();
    let s = book.add_worksheet().set_name("Sheet1")?;
    s.write_string(0, 0, "Danh sách cán bộ")?;
    s.write_string(1, 0, "Họ và tên")?;
    s.write_string(1, 1, "Chức vụ")?;
    s.write_string(2, 0, "Nguyễn Văn A")?;
    s.write_string(2, 1, "Giám đốc")?;
    let s = book.add_worksheet().set_name("Ghi chú")?;
    s.write_string(0, 0, "Bảng tự đánh giá sẽ gửi sau.")?;
    book.save(path)?;
    Ok(())
}

#[derive(Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Formula(&'static str, &'static str),
    Date(u16, u8, u8),
}

/// A plain self-assessment sheet: a title row, the header on row 3, one row per node from row 4
/// (the layout of `make_fixtures`' plain sheets).
struct Table {
    sheet: String,
    header: Vec<String>,
    rows: Vec<(String, Vec<Option<Cell>>)>,
    /// One note far below the table: (0-based row, text).
    far: Option<(u32, String)>,
    /// One text shown in column M of many rows: (first 0-based row, count, text).
    repeat: Option<(u32, u32, String)>,
}

impl Table {
    fn filled(set: &CriteriaSet, inputs: &Inputs) -> Table {
        let header = Col::ALL.iter().map(|c| c.header().to_string()).collect();
        let mut rows = Vec::new();
        for node in set.nodes() {
            let mut cells: Vec<Option<Cell>> = vec![None; Col::ALL.len()];
            let mut put = |col: Col, cell: Cell| cells[col.index() as usize] = Some(cell);
            put(Col::Code, Cell::Text(node.code.clone()));
            put(Col::Name, Cell::Text(node.name.clone()));
            put(Col::Max, Cell::Number(node.max.to_string().parse().unwrap_or(0.0)));
            let entry = inputs.entries.get(&node.code);
            if let Some(ev) = entry.and_then(|e| e.evidence.clone()) {
                put(Col::Evidence, Cell::Text(ev));
            }
            let num =
                |d: &parscore_core::Decimal| Cell::Number(d.to_string().parse().unwrap_or(0.0));
            let fraction = matches!(
                node.rule,
                Some(Rule::Bands { input: RatioInput::Fraction, .. })
                    | Some(Rule::Proportional { input: RatioInput::Fraction })
            );
            match entry.and_then(|e| e.value.as_ref()) {
                Some(Input::Choice(s)) => put(Col::Value, Cell::Text(s.clone())),
                Some(Input::Yes(b)) => {
                    put(Col::Value, Cell::Text(if *b { "Có" } else { "Không" }.into()))
                }
                Some(Input::Percent(p)) => put(Col::Value, num(p)),
                Some(Input::Count(n)) => put(Col::Value, Cell::Number(f64::from(*n))),
                Some(Input::Score(s)) => put(Col::SelfScore, num(s)),
                Some(Input::NotApplicable) => put(Col::Value, Cell::Text("Không phát sinh".into())),
                Some(Input::Fraction { numerator, denominator }) if fraction => {
                    put(Col::Numerator, num(numerator));
                    put(Col::Denominator, num(denominator));
                }
                _ => {}
            }
            rows.push((node.code.clone(), cells));
        }
        Table { sheet: "Tự đánh giá".into(), header, rows, far: None, repeat: None }
    }

    fn edit(mut self, f: impl FnOnce(&mut Table)) -> Table {
        f(&mut self);
        self
    }

    fn row_of(&self, code: &str) -> usize {
        self.rows.iter().position(|(c, _)| c == code).unwrap_or(0)
    }

    fn set(&mut self, code: &str, col: Col, cell: Cell) {
        let i = self.row_of(code);
        self.rows[i].1[col.index() as usize] = Some(cell);
    }

    /// Every text decomposed (NFD), as some Vietnamese input methods and macOS write it.
    fn nfd(&mut self) {
        let nfd = |s: &str| s.nfd().collect::<String>();
        self.sheet = nfd(&self.sheet);
        self.header = self.header.iter().map(|h| nfd(h)).collect();
        for (_, cells) in &mut self.rows {
            for cell in cells.iter_mut().flatten() {
                if let Cell::Text(t) = cell {
                    *t = nfd(t);
                }
            }
        }
    }

    fn bytes(&self) -> Res<Vec<u8>> {
        let mut book = Writer::new();
        let s = book.add_worksheet().set_name(&self.sheet)?;
        s.write_string(0, 0, "BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2024 - SỞ XÂY DỰNG")?;
        for (c, h) in self.header.iter().enumerate() {
            s.write_string(2, c as u16, h)?;
        }
        let date = Format::new().set_num_format("dd/mm/yyyy");
        for (r, (_, cells)) in self.rows.iter().enumerate() {
            let r = 3 + r as u32;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Some(Cell::Text(t)) => s.write_string(r, c, t)?,
                    Some(Cell::Number(n)) => s.write_number(r, c, *n)?,
                    Some(Cell::Formula(f, result)) => {
                        s.write_formula(r, c, Formula::new(*f).set_result(*result))?
                    }
                    Some(Cell::Date(y, m, d)) => s.write_datetime_with_format(
                        r,
                        c,
                        &ExcelDateTime::from_ymd(*y, *m, *d)?,
                        &date,
                    )?,
                    None => s,
                };
            }
        }
        if let Some((row, text)) = &self.far {
            s.write_string(*row, 0, text)?;
        }
        if let Some((first, count, text)) = &self.repeat {
            for r in *first..first + count {
                s.write_string(r, 12, text)?;
            }
        }
        Ok(book.save_to_buffer()?)
    }

    fn write(&self, path: &Path) -> Res<()> {
        std::fs::write(path, self.bytes()?)?;
        Ok(())
    }
}
