//! The template's formulas, computed by LibreOffice, give parscore's scores.
//!
//! A template of the test set is filled the way users fill it — labels in other cases and
//! spacing, x / YES / 1 / TRUE for yes, numbers typed as text with a decimal comma or spaces as
//! thousands marks, labels in decomposed Unicode or with non-breaking spaces, a manual score
//! typed as text, the old and the new "not applicable" labels, inputs the reader refuses, a
//! score typed over its formula — its cached results are removed, and LibreOffice (`soffice
//! --headless --convert-to xlsx`) computes every formula again. Each score cell must then hold
//! the core's score of what the reader reads, except the rows a case names; the expected
//! totals are worked out by hand beside each case. parscore then reads the file LibreOffice
//! saved and its cross-check must report exactly the rows that differ, at their cells.
//!
//! The test needs `soffice` on the PATH (Debian: `apt-get install libreoffice-calc-nogui`,
//! which `.ci/run` installs). Under `CI` a missing `soffice` fails the test; elsewhere it says
//! so on stderr and checks only that the cases read as expected.

#[path = "support/fill.rs"]
mod fill;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use parscore_core::{score, CriteriaSet, Decimal, Scorecard};
use parscore_read::Workbook;
use parscore_sheet::layout::{Col, HEADER_ROW, SHEET};
use parscore_write::{write_template, TemplateMeta};
use unicode_normalization::UnicodeNormalization;

use fill::{t, V};

fn mini() -> CriteriaSet {
    CriteriaSet::from_json(include_str!("../../core/tests/data/mini.json")).unwrap()
}

/// One filled workbook: the cells (criterion code, column, value), the total, the applicable
/// maximum, the percentage and the grade worked out by hand, the rows where the sheet and
/// parscore are known to differ (a score typed over a formula, or one of the residual
/// differences in `formulas.rs`), and the rows parscore's cross-check must then report.
struct Case {
    name: &'static str,
    cells: Vec<(&'static str, Col, V)>,
    expected: (f64, f64, f64, &'static str),
    differ: Vec<&'static str>,
    reported: Vec<&'static str>,
}

/// `s` with its Vietnamese tone marks decomposed and the other marks kept, as Unikey's
/// "Unicode tổ hợp" types it: "ờ" is "ơ" + U+0300.
fn tones_apart(s: &str) -> String {
    let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::new();
    for c in s.chars() {
        let parts: String = c.to_string().nfd().collect();
        let base: String = parts.chars().filter(|m| !tones.contains(m)).collect();
        out.extend(base.nfc());
        out.extend(parts.chars().filter(|m| tones.contains(m)));
    }
    out
}

fn cases() -> Vec<Case> {
    use Col::{Denominator as G, Numerator as F, SelfScore as H, Value as E};
    vec![
        Case {
            name: "words",
            cells: vec![
                ("1.1.1", E, t(" ban hành KỊP THỜI ")), // 1
                ("1.1.2", E, t("x")),                   // yes → 1
                ("1.1.3", E, t("85,5")),                // 85.5% in [70, 90] → 1
                ("1.1.4", H, V::Number(0.75)),          // typed → 0.75
                ("1.2.1", E, t("2")),                   // 1 − 2 × 0.25 = 0.5
                ("1.2.2", E, V::Number(3.0)),           // 3 × 0.5 = 1.5
                ("1.2.3", F, V::Number(30865.0)),       // 30865 / 40000 × 2 = 1.54325
                ("1.2.3", G, V::Number(40000.0)),       //   → 1.5433 (half away from zero)
                ("2.1", E, t("không phát sinh")),       // na: full → 4
                ("2.2", E, t("52,0575%")),              // 52.0575% × 6 = 3.12345 → 3.1235
                ("T.1", E, V::Number(1.0)),             // 0.5
                ("P.1", E, V::Number(0.0)),             // 0
            ],
            // 1 + 1 + 1 + 0.75 + 0.5 + 1.5 + 1.5433 = 7.2933; 4 + 3.1235 = 7.1235; bonus 0.5:
            // 14.9168 of 20 = 74.584% → 74.58 → Khá (≥ 70).
            expected: (14.9168, 20.0, 74.58, "Khá"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "yes and shares",
            cells: vec![
                ("1.1.1", E, t("Không ban hành")), // 0
                ("1.1.2", E, t("YES")),            // 1
                ("1.1.3", E, V::Number(0.85)),     // a share: 85% → 1
                ("1.2.1", E, V::Number(0.0)),      // 1
                ("1.2.2", E, t("2,5")),            // not a whole number: refused → 0
                ("1.2.3", F, t("3")),              // text numbers: 3 / 4 × 2 = 1.5
                ("1.2.3", G, t("4")),
                ("2.1", E, t("Có ")),       // 4
                ("2.2", E, V::Number(0.5)), // a share: 50% × 6 = 3
            ],
            // 0 + 1 + 1 + 0 + 1 + 0 + 1.5 = 4.5; 4 + 3 = 7: 11.5 of 20 = 57.5% → Yếu.
            expected: (11.5, 20.0, 57.5, "Yếu"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "not applicable and refused",
            cells: vec![
                ("1.2.3", E, t("Không áp dụng")), // the old label; na: exclude → out of the max
                // The exclude label on a `na: full` leaf still says "not applicable": 4.
                ("2.1", E, t("Không áp dụng (loại khỏi điểm tối đa)")),
                ("1.1.2", E, V::Number(1.0)),   // 1
                ("1.1.3", E, V::Number(150.0)), // above 100%: refused → 0
                ("1.2.1", E, V::Number(-1.0)),  // negative: refused → 0
                ("1.2.2", E, t("abc")),         // 0
                ("1.1.4", H, V::Number(1.0)),   // 1
            ],
            // 1 + 1 = 2; 4: 6 of 20 − 2 (1.2.3) − 6 (no survey result) = 12 → 50% → Yếu.
            expected: (6.0, 12.0, 50.0, "Yếu"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "logical values and bounds",
            cells: vec![
                ("1.1.1", E, t("BAN HÀNH KHÔNG KỊP THỜI")), // 0.5
                ("1.1.2", E, V::Logical(true)),             // 1
                ("1.1.3", E, t("  90 ")),                   // 90% in [70, 90] → 1
                ("1.2.1", E, t("1.5")),                     // not whole → 0
                ("1.2.2", E, V::Number(5.0)),               // 2.5, capped at 2
                ("1.2.3", F, V::Number(0.0)),               // denominator 0: refused → 0
                ("1.2.3", G, V::Number(0.0)),
                ("2.1", E, t("đúng")),        // 4
                ("2.2", E, V::Number(100.0)), // 6
                ("T.1", E, V::Number(3.0)),   // 1.5, the pool caps it at 1
                ("P.1", E, V::Number(1.0)),   // 1
            ],
            // 0.5 + 1 + 1 + 2 = 4.5; 10; + 1 − 1: 14.5 of 20 = 72.5% → Khá.
            expected: (14.5, 20.0, 72.5, "Khá"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "decomposed diacritics",
            // "Có" in NFD (C, o, U+0301), as some Mac and web sources paste it; the formula
            // lists every spelling, parscore normalises.
            cells: vec![("1.1.2", E, V::Text("Có".nfd().collect()))],
            // 1 of 14 → 7.14% → Yếu.
            expected: (1.0, 14.0, 7.14, "Yếu"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "composite tones and non-breaking spaces",
            cells: vec![
                // "ban hành kịp thời" with its tones apart (ị = i + U+0323, ờ = ơ + U+0300): 1.
                ("1.1.1", E, V::Text(tones_apart("Ban hành kịp thời"))),
                ("1.1.2", E, t("\u{a0}Có\u{a0}")), // a non-breaking space each side: 1
                ("2.1", E, t("không\u{a0}phát sinh")), // na: full → 4
            ],
            // 1 + 1 = 2; 4: 6 of 14 (no survey result) = 42.857…% → 42.86 → Yếu.
            expected: (6.0, 14.0, 42.86, "Yếu"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "spaces as thousands marks and a manual score as text",
            cells: vec![
                ("1.2.3", F, t("1 000")),      // 1000
                ("1.2.3", G, t("1\u{a0}200")), // 1200: 1000 / 1200 × 2 = 1.666… → 1.6667
                ("1.1.4", H, t("0,5")),        // typed as text: 0.5, and its sum counts it
            ],
            // 1.6667 + 0.5 = 2.1667 of 14 = 15.476…% → 15.48 → Yếu.
            expected: (2.1667, 14.0, 15.48, "Yếu"),
            differ: vec![],
            reported: vec![],
        },
        Case {
            name: "a score typed over the formula",
            cells: vec![
                ("1.2.2", E, V::Number(3.0)), // parscore: 3 × 0.5 = 1.5
                ("1.2.2", H, V::Number(2.0)), // the formula replaced by 2
            ],
            // parscore: 1.5 of 14 = 10.714…% → 10.71 → Yếu; the sheet shows 2 (and 14.29%).
            expected: (1.5, 14.0, 10.71, "Yếu"),
            // The leaf shows 2, and so do the sums above it.
            differ: vec!["1.2.2", "1.2", "1"],
            // Reported once, at the leaf: the sums agree with what their rows show.
            reported: vec!["1.2.2"],
        },
        Case {
            name: "both marks in a text number",
            cells: vec![
                ("1.2.3", F, V::Number(1000.0)),
                // parscore reads 1234.5 (the comma, last, is the decimal mark): 1000 / 1234.5
                // × 2 = 1.62008… → 1.6201; VALUE cannot read "1,234,5": the sheet scores 0.
                ("1.2.3", G, t("1.234,5")),
            ],
            // 1.6201 of 14 = 11.572…% → 11.57 → Yếu.
            expected: (1.6201, 14.0, 11.57, "Yếu"),
            differ: vec!["1.2.3", "1.2", "1"],
            reported: vec!["1.2.3"],
        },
        Case {
            name: "blank",
            cells: vec![],
            // Nothing entered: 0 of 14, and no grade yet.
            expected: (0.0, 14.0, 0.0, "Chưa xếp loại"),
            differ: vec![],
            reported: vec![],
        },
    ]
}

/// The 0-based row of each criterion code on the template's sheet.
fn rows(range: &Range<Data>) -> Vec<(String, u32)> {
    (HEADER_ROW + 1..range.height() as u32)
        .filter_map(|r| match range.get_value((r, 0)) {
            Some(Data::String(code)) => Some((code.clone(), r)),
            _ => None,
        })
        .collect()
}

fn row_of(rows: &[(String, u32)], code: &str) -> u32 {
    rows.iter().find(|(c, _)| c == code).map(|(_, r)| *r).unwrap()
}

fn a1(row: u32, col: Col) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col.index())
}

/// The template `bytes` filled with `cells`, written to `path`.
fn filled_copy(bytes: &[u8], cells: &[(String, V)], path: &Path) {
    std::fs::write(path, fill::filled(bytes, cells)).unwrap();
}

fn number(range: &Range<Data>, row: u32, col: Col) -> f64 {
    match range.get_value((row, u32::from(col.index()))) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        Some(Data::Empty) | None => 0.0,
        // A manual score typed as text.
        Some(Data::String(s)) => s.replace(',', ".").parse().unwrap(),
        other => panic!("{} holds {other:?}", a1(row, col)),
    }
}

fn f(d: Decimal) -> f64 {
    d.to_string().parse().unwrap()
}

/// Equal but for the last bits of binary arithmetic (LibreOffice adds up doubles).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn soffice_available() -> bool {
    Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Recalculates every file of `files` with LibreOffice, in a profile of its own, and returns
/// where each result was written.
fn recalculate(dir: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    let out = dir.join("out");
    let profile = format!("file://{}", dir.join("profile").display());
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .args(files)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    files.iter().map(|f| out.join(f.file_name().unwrap())).collect()
}

#[test]
fn libreoffice_computes_parscores_scores_from_what_users_type() {
    let set = mini();
    let meta = TemplateMeta { unit: "Sở Xây dựng".into(), year: 2025 };
    let bytes = write_template(&set, &meta, None).unwrap();
    let mut template = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let rows = rows(&template.worksheet_range(SHEET).unwrap());
    let dir = std::env::temp_dir().join(format!("parscore-libreoffice-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();

    // Every case is read and scored by parscore, and checked against the hand-worked totals.
    let cases = cases();
    let mut files = Vec::new();
    let mut cards: Vec<Scorecard> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let cells: Vec<(String, V)> = case
            .cells
            .iter()
            .map(|(code, col, v)| (a1(row_of(&rows, code), *col), v.clone()))
            .collect();
        let path = dir.join(format!("case-{i}.xlsx"));
        filled_copy(&bytes, &cells, &path);
        let reading = Workbook::open(&path).unwrap().inputs(&set);
        let card = score(&set, &reading.inputs);
        let (total, max, percent, grade) = case.expected;
        let got = (f(card.total), f(card.max), f(card.percent));
        assert_eq!(got, (total, max, percent), "{}", case.name);
        if grade != "Chưa xếp loại" {
            assert_eq!(card.grade.as_ref().map(|g| g.vi.as_str()), Some(grade), "{}", case.name);
        }
        files.push(path);
        cards.push(card);
    }

    if !soffice_available() {
        // CI installs LibreOffice: there a missing soffice is a broken set-up, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but soffice is not on the PATH: install libreoffice-calc-nogui"
        );
        eprintln!("soffice is not on the PATH: the formulas were not computed by LibreOffice");
        return;
    }
    let computed = recalculate(&dir, &files);
    for ((case, card), path) in cases.iter().zip(&cards).zip(&computed) {
        let mut book: Xlsx<_> = open_workbook(path).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        for (code, row) in &rows {
            let node = card.node(code).unwrap();
            let excel = number(&range, *row, Col::SelfScore);
            let (want, differ) = (f(node.score), case.differ.contains(&code.as_str()));
            assert_eq!(
                same(excel, want),
                !differ,
                "{}: {code}: LibreOffice {excel}, parscore {want}",
                case.name
            );
        }
        // The totals sit below the last row: total and maximum, percentage, grade.
        let last = rows.iter().map(|(_, r)| *r).max().unwrap();
        let (total, max, percent, grade) = case.expected;
        if case.differ.is_empty() {
            assert!(same(number(&range, last + 1, Col::SelfScore), total), "{}", case.name);
            assert!(same(number(&range, last + 2, Col::SelfScore), percent), "{}", case.name);
        }
        assert!(same(number(&range, last + 1, Col::Max), max), "{}", case.name);
        let shown = range.get_value((last + 3, u32::from(Col::SelfScore.index()))).cloned();
        let shown = match shown {
            Some(Data::String(s)) => s,
            other => panic!("{}: the grade is {other:?}", case.name),
        };
        // Where the sheet differs, its own percentage grades the same here.
        assert_eq!(shown, grade, "{}", case.name);

        // parscore reads the file LibreOffice saved, with its computed values: where they
        // agree, nothing is reported; where they differ, each differing row is, at its cell.
        let reading = Workbook::open(path).unwrap().inputs(&set);
        let card = score(&set, &reading.inputs);
        assert_eq!(f(card.total), total, "{}", case.name);
        let problems = reading.cross_check(&card);
        // The cause: the typed-over cell has no formula left; the other has one that read
        // the input otherwise.
        let cause = match case.name {
            "a score typed over the formula" => Some("đã bị gõ đè lên công thức"),
            "both marks in a text number" => Some("công thức của bảng đọc số liệu khác"),
            _ => None,
        };
        for (p, cause) in problems.iter().zip(cause) {
            assert!(p.message.vi.contains(cause), "{}: {}", case.name, p.message.vi);
        }
        let found: Vec<(Option<String>, Option<String>)> =
            problems.into_iter().map(|p| (p.code, p.cell)).collect();
        let want: Vec<(Option<String>, Option<String>)> = case
            .reported
            .iter()
            .map(|code| (Some(code.to_string()), Some(a1(row_of(&rows, code), Col::SelfScore))))
            .collect();
        assert_eq!(found, want, "{}", case.name);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
