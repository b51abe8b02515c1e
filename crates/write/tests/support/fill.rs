//! Filling a template the way a person does in Excel or LibreOffice, for tests and fixtures:
//! values typed into cells of the first sheet's XML (a blank cell, or one whose formula is
//! typed over), every formula's cached result removed so that the next program to open the
//! file computes it. Shared by `template_in_libreoffice.rs`, the end-to-end tests and
//! `examples/make_signed_fixtures.rs` through `#[path]`.

#![allow(dead_code)]

use std::io::{Read, Write};

/// What a user put in a cell.
#[derive(Debug, Clone)]
pub enum V {
    /// Text, as typed or pasted.
    Text(String),
    /// A number.
    Number(f64),
    /// TRUE or FALSE.
    Logical(bool),
}

/// Text in a cell.
pub fn t(s: &str) -> V {
    V::Text(s.into())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The sheet's XML with `cells` (A1 reference, value) written into their cells, which must
/// exist (a styled blank or a formula), and every formula's cached result removed.
pub fn fill_xml(xml: &str, cells: &[(String, V)]) -> String {
    let mut xml = xml.to_string();
    for (reference, value) in cells {
        let start = xml
            .find(&format!("<c r=\"{reference}\" "))
            .unwrap_or_else(|| panic!("no cell {reference} in the sheet"));
        // A blank cell is `<c … />`; a score cell holds its formula: `<c …><f>…</f>…</c>`.
        let open_end = start + xml[start..].find('>').unwrap();
        let end = if xml[..open_end].ends_with('/') {
            open_end + 1
        } else {
            open_end + xml[open_end..].find("</c>").unwrap() + 4
        };
        let style = xml[start..end].split("s=\"").nth(1).and_then(|s| s.split('"').next());
        let s = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
        let cell = match value {
            V::Text(text) => format!(
                "<c r=\"{reference}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                escape(text)
            ),
            V::Number(n) => format!("<c r=\"{reference}\"{s}><v>{n}</v></c>"),
            V::Logical(b) => format!("<c r=\"{reference}\"{s} t=\"b\"><v>{}</v></c>", u8::from(*b)),
        };
        xml.replace_range(start..end, &cell);
    }
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("</f><v>") {
        out.push_str(&rest[..at + 4]);
        let after = &rest[at + 4..];
        rest = &after[after.find("</v>").unwrap() + 4..];
    }
    out.push_str(rest);
    out
}

/// The xlsx `bytes` with its first sheet filled by [`fill_xml`].
pub fn filled(bytes: &[u8], cells: &[(String, V)]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            data = fill_xml(&String::from_utf8(data).unwrap(), cells).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}
