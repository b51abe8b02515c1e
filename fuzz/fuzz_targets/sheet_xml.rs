//! Arbitrary XML as the self-assessment sheet of a real workbook. Every other part of the
//! workbook and the zip around it are valid (entries stored, not compressed), so the fuzzer
//! spends its time in calamine's sheet parser and parscore's reader, not in failed checksums.
//! The rest of the workbook is `fixtures/decimal-comma-text.xlsx`, another tool's plain sheet.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parscore_core::{catalog, score, CriteriaSet};
use parscore_read::{Limits, Workbook};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const SHEET: &str = "xl/worksheets/sheet1.xml";

/// The base workbook's entries except the sheet, and the 2024 set it was filled for.
fn base() -> &'static (Vec<(String, Vec<u8>)>, CriteriaSet) {
    static BASE: OnceLock<(Vec<(String, Vec<u8>)>, CriteriaSet)> = OnceLock::new();
    BASE.get_or_init(|| {
        let bytes = include_bytes!("../../fixtures/decimal-comma-text.xlsx");
        let mut zip = ZipArchive::new(Cursor::new(&bytes[..])).expect("the base workbook");
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("an entry");
            let name = f.name().expect("a name").to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("its bytes");
            if name != SHEET {
                parts.push((name, data));
            }
        }
        (parts, catalog::find("lai-chau/so/2024").expect("the 2024 set"))
    })
}

fuzz_target!(|data: &[u8]| {
    let (parts, set) = base();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), stored).expect("start");
        w.write_all(bytes).expect("write");
    }
    w.start_file(SHEET, stored).expect("start");
    w.write_all(data).expect("write");
    let bytes = w.finish().expect("finish").into_inner();
    let book = match Workbook::from_bytes("fuzz.xlsx", &bytes, &Limits::default()) {
        Ok(book) => book,
        Err(e) => {
            // A panic inside calamine is caught and reported as damage; the fuzzer would not see
            // it as a crash, so it is logged for the run's report.
            let message = e.to_string();
            if message.contains("the spreadsheet parser failed") {
                eprintln!("caught: {message}");
            }
            return;
        }
    };
    let reading = book.inputs(set);
    let card = score(set, &reading.inputs);
    for p in reading.all_problems(set, &card.problems) {
        let _ = p.to_string();
    }
});
