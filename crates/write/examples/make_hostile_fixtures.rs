//! Writes the second round of hostile workbooks of `fixtures/bad/` (issue "Hardening, round 2"):
//! `cargo run -p parscore-write --example make_hostile_fixtures`, after `make_fixtures` (it
//! starts from `fixtures/so-xay-dung-2024.xlsx`, which scores 78.3). `fixtures/make.sh` runs it.
//!
//! Each is the 2024 workbook changed in one way, at the level a hostile or broken tool writes:
//! the zip's entries and the sheet's XML. `tests/bad.rs` pins what parscore answers to each.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SHEET: &str = "xl/worksheets/sheet1.xml";
const STRINGS: &str = "xl/sharedStrings.xml";
/// 1.1.4's input: 85 (%) in E11, which 85% of 2 → 1 point in the 2024 set.
const E11: &str = r#"<c r="E11" s="18"><v>85</v></c>"#;

fn main() -> Res<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let out = |name: &str| root.join("bad").join(name);
    let good = std::fs::read(root.join("so-xay-dung-2024.xlsx"))?;
    let parts = unzip(&good)?;

    // A cell whose row wraps round 2³² onto E11: calamine would read 10 there, LibreOffice
    // shows 95… or nothing. Refused as outside Excel's grid.
    let wrapped = format!(r#"{E11}<c r="E4294967307"><v>10</v></c>"#);
    std::fs::write(
        out("wrapped-cell-reference.xlsx"),
        rezip(&edit(&parts, SHEET, E11, &wrapped)?)?,
    )?;
    // E11 written twice: which value is meant cannot be told.
    let twice = format!(r#"{E11}<c r="E11"><v>10</v></c>"#);
    std::fs::write(out("duplicate-cell.xlsx"), rezip(&edit(&parts, SHEET, E11, &twice)?)?)?;
    // A dimension calamine would wrap, and the largest one Excel allows (which is valid).
    let dim = r#"<dimension ref="A1:L134"/>"#;
    let wrapping = r#"<dimension ref="A1:ZZZZZZZZ1"/>"#;
    std::fs::write(out("wrapping-dimension.xlsx"), rezip(&edit(&parts, SHEET, dim, wrapping)?)?)?;
    let largest = r#"<dimension ref="A1:XFD1048576"/>"#;
    std::fs::write(out("largest-dimension.xlsx"), rezip(&edit(&parts, SHEET, dim, largest)?)?)?;
    // 1.1.4's input as a formula saved without its value, as openpyxl writes formulas.
    let formula = r#"<c r="E11" s="18"><f>80+5</f></c>"#;
    std::fs::write(out("formula-without-value.xlsx"), rezip(&edit(&parts, SHEET, E11, formula)?)?)?;

    // The shared strings declare four thousand million of them: calamine reserved room for
    // them all (96 GB) and the process aborted.
    let declared = r#"uniqueCount="448""#;
    let lying = r#"uniqueCount="4000000000""#;
    std::fs::write(
        out("shared-strings-count.xlsx"),
        rezip(&edit(&parts, STRINGS, declared, lying)?)?,
    )?;
    // 14 million empty shared strings (225 MB unpacked, under the 250 MB limit, from a few
    // hundred kB): calamine would hold them in about 1 GB.
    let mut many = parts.clone();
    if let Some((_, xml)) = many.iter_mut().find(|(n, _)| n == STRINGS) {
        let text = String::from_utf8(xml.clone())?;
        let n = 14_000_000;
        let text = text.replace(declared, &format!(r#"uniqueCount="{}""#, 448 + n));
        let end = text.rfind("</sst>").ok_or("no </sst>")?;
        let mut bigger = text.get(..end).ok_or("cut")?.as_bytes().to_vec();
        for _ in 0..n {
            bigger.extend_from_slice(b"<si><t></t></si>");
        }
        bigger.extend_from_slice(b"</sst>");
        *xml = bigger;
    }
    std::fs::write(out("empty-shared-strings.xlsx"), rezip(&many)?)?;
    // The hidden sheet records a file of the system as the set: never opened.
    let set_id = "<t>lai-chau/so/2024</t>";
    std::fs::write(
        out("set-id-is-a-path.xlsx"),
        rezip(&edit(&parts, STRINGS, set_id, "<t>/dev/zero</t>")?)?,
    )?;

    // Zip-level damage and oddities, on the bytes as they are.
    // Two entries named xl/worksheets/sheet1.xml: the second (E11 = 10) would win.
    let mut doubled = parts.clone();
    let (_, sheet) = parts.iter().find(|(n, _)| n == SHEET).ok_or("no sheet")?;
    let second =
        String::from_utf8(sheet.clone())?.replace(E11, r#"<c r="E11" s="18"><v>10</v></c>"#);
    doubled.push(("xl/worksheets/sheet1.xmm".into(), second.into_bytes()));
    let doubled = rename(&rezip(&doubled)?, "xl/worksheets/sheet1.xmm", SHEET)?;
    std::fs::write(out("duplicate-zip-entry.xlsx"), doubled)?;
    // The sheet's checksum is wrong: it changed after it was written.
    std::fs::write(out("wrong-crc.xlsx"), wrong_crc(&rezip(&parts)?, SHEET)?)?;
    // Folders separated by `\`, as some producers write them: a valid package, scored as usual.
    let mut backslashed = rezip(&parts)?;
    for (name, _) in &parts {
        if name.contains('/') {
            backslashed = rename(&backslashed, name, &name.replace('/', "\\"))?;
        }
    }
    std::fs::write(out("backslash-paths.xlsx"), backslashed)?;
    // An Office package whose parts are not under xl/: calamine's answer, not "not a workbook".
    let mut moved = rezip(&parts)?;
    for (name, _) in &parts {
        if let Some(rest) = name.strip_prefix("xl/") {
            moved = rename(&moved, name, &format!("xx/{rest}"))?;
        }
    }
    std::fs::write(out("parts-elsewhere.xlsx"), moved)?;
    println!("fixtures/bad: the hostile workbooks of round 2 written");
    Ok(())
}

/// Every entry's name and unpacked content, in order.
fn unzip(bytes: &[u8]) -> Res<Vec<(String, Vec<u8>)>> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i)?;
        let mut content = Vec::new();
        e.read_to_end(&mut content)?;
        out.push((e.name()?.to_string(), content));
    }
    Ok(out)
}

/// A zip of `parts`, deflated, in order.
fn rezip(parts: &[(String, Vec<u8>)]) -> Res<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(name.as_str(), options)?;
        w.write_all(content)?;
    }
    Ok(w.finish()?.into_inner())
}

/// `parts` with `from` replaced by `to` (exactly once) in the entry `name`.
fn edit(
    parts: &[(String, Vec<u8>)],
    name: &str,
    from: &str,
    to: &str,
) -> Res<Vec<(String, Vec<u8>)>> {
    let mut out = parts.to_vec();
    let (_, content) = out.iter_mut().find(|(n, _)| n == name).ok_or(format!("no {name}"))?;
    let text = String::from_utf8(content.clone())?;
    if text.matches(from).count() != 1 {
        return Err(format!("{from} is not once in {name}").into());
    }
    *content = text.replacen(from, to, 1).into_bytes();
    Ok(out)
}

/// The zip with the entry name `from` written as `to` (same length) in its local header and its
/// central directory: what a tool writing the name differently leaves.
fn rename(bytes: &[u8], from: &str, to: &str) -> Res<Vec<u8>> {
    if from.len() != to.len() {
        return Err("names must have one length".into());
    }
    let mut out = bytes.to_vec();
    let mut found = 0;
    let mut i = 0;
    while let Some(at) = find(out.get(i..).unwrap_or_default(), from.as_bytes()) {
        let at = i + at;
        out.get_mut(at..at + to.len()).ok_or("cut")?.copy_from_slice(to.as_bytes());
        found += 1;
        i = at + to.len();
    }
    if found < 2 {
        return Err(format!("{from}: found {found} times, not in both headers").into());
    }
    Ok(out)
}

/// The zip with `name`'s CRC-32 changed in both headers.
fn wrong_crc(bytes: &[u8], name: &str) -> Res<Vec<u8>> {
    let mut out = bytes.to_vec();
    // Local header: signature PK\3\4, CRC at offset 14; central directory: PK\1\2, CRC at 16.
    for (signature, crc_at, name_at) in [(b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)] {
        let mut i = 0;
        while let Some(at) = find(out.get(i..).unwrap_or_default(), signature) {
            let at = i + at;
            i = at + 4;
            let named = out.get(at + name_at..at + name_at + name.len()) == Some(name.as_bytes());
            if named {
                let crc = out.get_mut(at + crc_at).ok_or("cut")?;
                *crc ^= 0xFF;
            }
        }
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
