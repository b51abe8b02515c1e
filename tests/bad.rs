//! Broken and hostile inputs: every file in `fixtures/bad/` and what parscore answers to it.
//!
//! Refused inputs exit 2 with one message naming the file, and the sheet, cell and criterion
//! where there is one, and what was expected; odd but valid inputs get their correct score,
//! with their odd text escaped before it reaches a terminal. The workbooks are written by
//! `crates/write/examples/make_bad_fixtures.rs`; most start from the Department of
//! Construction's 2024 self-assessment, which scores 78.3 (see `tests/score.rs`).

use serde_json::Value;

use crate::util::{fixture, parscore, root, scratch, Run};

/// `parscore score fixtures/bad/<name> --set lai-chau/so/2024 <extra…>` and its exit code;
/// `expected` must be found in stderr (a whole line of it, with its end where given), and a
/// refusal prints nothing on stdout.
fn check(name: &str, code: i32, expected: &str) -> Run {
    check_with(name, &[], code, expected)
}

fn check_with(name: &str, extra: &[&str], code: i32, expected: &str) -> Run {
    let path = fixture(&format!("bad/{name}"));
    let args =
        [&["score", path.as_str(), "--set", "lai-chau/so/2024", "--lang", "en"], extra].concat();
    let run = parscore(&args);
    assert_eq!(run.code, code, "{name}: stderr: {}", run.stderr);
    assert!(run.stderr.contains(expected), "{name}: expected {expected:?} in:\n{}", run.stderr);
    if code == 2 {
        assert_eq!(run.stdout, "", "{name}");
    }
    run
}

/// A refusal: exit 2 and exactly this one message after `parscore: fixtures/bad/<name>: `.
fn refused(name: &str, message: &str) {
    let run = check(name, 2, "");
    assert_eq!(run.stderr, format!("parscore: fixtures/bad/{name}: {message}\n"));
}

/// The problems of a workbook scored strictly: exit 2 and exactly these lines.
fn problems(name: &str, lines: &[&str]) {
    let run = check(name, 2, "");
    let file = format!("fixtures/bad/{name}");
    let mut expected = format!(
        "parscore: {} problem(s) in {file}; no score printed (use --lenient to score anyway):\n",
        lines.len()
    );
    for line in lines {
        expected.push_str(&format!("  {file}: 'Tự đánh giá'{line}\n"));
    }
    assert_eq!(run.stderr, expected);
}

/// The JSON report of a workbook that must score.
fn scored(name: &str) -> Value {
    let run = check_with(name, &["--format", "json"], 0, "");
    assert_eq!(run.stderr, "", "{name}");
    serde_json::from_str(&run.stdout).unwrap()
}

fn node<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()
}

#[test]
fn files_that_are_not_workbooks_are_named_for_what_they_are() {
    refused("empty.xlsx", "is empty (0 bytes); expected an xlsx, xls or ods workbook");
    refused(
        "text-renamed.xlsx",
        "is not an xlsx, xls or ods workbook: it is a text file (it starts with \"Mã;Nội dung;Số liệu…\")",
    );
    refused(
        "html-renamed.xls",
        "is not an xlsx, xls or ods workbook: it is an HTML page (web systems often export tables \
         as HTML named .xls): open it in Excel and save it as .xlsx",
    );
    refused("pdf-renamed.xlsx", "is not an xlsx, xls or ods workbook: it is a PDF document");
    refused(
        "random-bytes.xlsx",
        "is not an xlsx, xls or ods workbook: its first bytes (d1 e0 fb 81 e6 f9 ba fc) are those \
         of neither a zip archive (xlsx, ods) nor an OLE file (xls)",
    );
    refused(
        "zip-not-workbook.xlsx",
        "is not an xlsx, xls or ods workbook: it is a zip archive with no workbook inside (no xl/ \
         folder, no content.xml; it holds 2 entries: ghi-chu.txt, anh-chup.jpg)",
    );
    refused(
        "docx-renamed.xlsx",
        "is not an xlsx, xls or ods workbook: it is a Word document (docx)",
    );
}

#[test]
fn damaged_and_encrypted_workbooks_are_refused() {
    // The first half of so-xay-dung-2024.xlsx: the zip's directory, at its end, is gone. Our
    // words, then the zip reader's (not pinned: they are another library's).
    let run = check("truncated.xlsx", 2, "");
    assert!(
        run.stderr.starts_with(
            "parscore: fixtures/bad/truncated.xlsx: is damaged or cut short (ask for the file \
             again): the zip archive cannot be read ("
        ),
        "{}",
        run.stderr
    );
    // The first 64 kB of so-xay-dung-2024.xls: the workbook fuzz target's first find, on which
    // calamine's OLE reader sliced past the end of its buffer and panicked. The panic is caught
    // and nothing of it reaches stderr but this message.
    refused(
        "truncated.xls",
        "is damaged or cut short (ask for the file again): the spreadsheet parser failed on its \
         content (slice index starts at 65536 but ends at 65024)",
    );
    // 5 kB found by the workbook fuzz target (kept as found): its sector table sends a chain
    // back on itself, and calamine, following it, grew a buffer past 2 GB.
    refused(
        "looping-sectors.xls",
        "is damaged or cut short (ask for the file again): its sector table (FAT) makes a chain \
         of sectors loop back on itself (a corrupt OLE file)",
    );
    // The zip's directory says the sheet unpacks to 100 bytes; reading it all (as the checks
    // before calamine do), the zip reader finds more.
    let run = check("lying-zip-size.xlsx", 2, "");
    assert!(
        run.stderr.starts_with(
            "parscore: fixtures/bad/lying-zip-size.xlsx: is damaged or cut short (ask for the \
             file again): the entry \"xl/worksheets/sheet1.xml\" of the zip is damaged ("
        ),
        "{}",
        run.stderr
    );
    // Encrypted by msoffcrypto-tool with the password "parscore" (fixtures/make.sh).
    refused(
        "password-protected.xlsx",
        "is password-protected, and parscore cannot read encrypted workbooks: open it, remove the \
         password (Excel: File > Info > Protect Workbook > Encrypt with Password) and save it again",
    );
}

#[test]
fn a_workbook_without_the_self_assessment_sheet_lists_its_sheets() {
    refused(
        "no-sheet-no-header.xlsx",
        "no sheet 'Tự đánh giá' and no sheet with a header row holding the columns 'Mã' and \
         'Số liệu' or 'Điểm tự chấm' (sheets: Sheet1, Ghi chú)",
    );
}

#[test]
fn a_decompression_bomb_is_refused_from_the_zip_directory() {
    // One 10 MB entry and 29 more directory entries sharing its bytes: 30 × 10 MB = 300 MB
    // declared, from 12,217 bytes (a ratio of 24,555).
    refused(
        "zip-bomb.xlsx",
        "its zip entries expand to 300 MB from 12 kB (a ratio of 24555 to 1: most likely a \
         decompression bomb), over the 250 MB limit on unpacked size; if the workbook is \
         genuine, raise the limit with --max-unpacked-size SIZE",
    );
}

#[test]
fn an_ods_whose_values_lie_far_apart_is_sized_before_calamine_expands_it() {
    // 878 bytes: values in A1 and in the 16,000th column of row 90,000. calamine would hold the
    // 90,000 × 16,000 cells between them, 56 bytes each: 80.6 GB. (Before the scan, a file
    // like it with 100 columns took 6 GB and 40 seconds.)
    refused(
        "far-apart-cells.ods",
        "sheet 'Tự đánh giá' would take 80 GB once read (its values lie far apart or repeat), \
         over the 250 MB limit on unpacked size; if the workbook is genuine, raise the limit \
         with --max-unpacked-size SIZE",
    );
}

#[test]
fn an_xls_whose_values_lie_far_apart_is_sized_before_calamine_reads_it() {
    // 5.6 kB from LibreOffice: a header in A1:B1 and a value in IV65536. calamine would reserve
    // the 65,536 × 256 cells its DIMENSIONS record claims (40 bytes each, 671 MB) and fill the
    // dense range between the values (56 bytes each, 939 MB): 1.6 GB. It took 1 GB and 5 s.
    refused(
        "far-apart-cells.xls",
        "sheet 'Tự đánh giá' would take 1.6 GB once read (its values lie far apart, or its \
         dimensions claim so), over the 250 MB limit on unpacked size; if the workbook is \
         genuine, raise the limit with --max-unpacked-size SIZE",
    );
}

#[test]
fn a_shared_string_repeated_in_many_cells_is_refused_while_reading() {
    // One text of 1,000,000 characters in the shared strings (the zip unpacks to about 1 MB),
    // shown in 300 cells: 300 MB once read; the reader stops past 250 MB.
    refused(
        "shared-strings-bomb.xlsx",
        "sheet 'Tự đánh giá' holds more than 250 MB of cell values once read (the same text \
         repeated in many cells?), over the limit on unpacked size; if the workbook is genuine, \
         raise the limit with --max-unpacked-size SIZE",
    );
}

#[test]
fn a_sheet_reaching_row_1048576_is_refused_unless_the_limit_is_raised() {
    // The sheet is the 2024 self-assessment plus a note in A1048576; the file is 13 kB.
    let started = std::time::Instant::now();
    refused(
        "one-million-rows.xlsx",
        "sheet 'Tự đánh giá' has 1048576 rows, over the limit of 100000 rows; if the workbook is \
         genuine, raise the limit with --max-rows ROWS",
    );
    // Raised, it reads fine: only the cells that hold something are kept, so the far note
    // costs nothing, and a code column reading "Ghi chú cuối bảng" with no input is skipped.
    let run =
        check_with("one-million-rows.xlsx", &["--max-rows", "2000000", "--format", "json"], 0, "");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["total"], "78.3");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn a_workbook_over_the_file_size_limit_is_refused_before_it_is_read() {
    let input = fixture("so-xay-dung-2024.xlsx");
    let size = std::fs::metadata(root().join(&input)).unwrap().len();
    assert!((30_000..50_000).contains(&size), "{size}");
    let run = parscore(&["score", &input, "--max-file-size", "10kB", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "parscore: {input}: the file is {} kB, over the 10 kB limit on file size; if the \
             workbook is genuine, raise the limit with --max-file-size SIZE\n",
            size / 1000
        )
    );
    let bad = parscore(&["score", &input, "--max-file-size", "ten"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("\"ten\" is not a size; write a size like 50MB"), "{}", bad.stderr);
}

#[test]
fn bad_cells_are_named_with_their_sheet_cell_and_code() {
    // The plain sheets have a title on row 1, the header on row 3 and node 1 on row 4, so 1.1.4
    // (the 6th node) is on row 9; `Số liệu` is column E.
    problems("div0-error.xlsx", &["!E9 (1.1.4): a formula error (#DIV/0!); expected a percentage"]);
    // 45636 in Excel's calendar, formatted dd/mm/yyyy.
    problems("date-for-number.xlsx", &["!E9 (1.1.4): a date (10/12/2024); expected a percentage"]);
    // 1.1.2 on row 7 is copied to row 8.
    problems(
        "duplicate-code.xlsx",
        &["!A8 (1.1.2): duplicate code: already on row 7 (A7); the first row counts"],
    );
    // Domain 1's criteria 1.1–1.4 typed as numbers (the domain code 1 as a number is fine).
    let as_number = |cell: &str, code: &str| {
        format!(
            "!{cell}: the code is {code}, written as a number: 1.1 cannot be told from 1.10; \
             write codes as text"
        )
    };
    problems(
        "code-as-number.xlsx",
        &[
            &as_number("A5", "1.1"),
            &as_number("A10", "1.2"),
            &as_number("A13", "1.3"),
            &as_number("A16", "1.4"),
        ],
    );
    // 100,000 characters where 1.1.1's choice goes: quoted to 40 characters, not in full.
    problems(
        "huge-input-cell.xlsx",
        &["!E6 (1.1.1): the text \"Ban hành kịp thời Ban hành kịp thời Ban …\", 100000 characters \
           long; expected one of the listed outcomes"],
    );
}

#[test]
fn a_misspelt_header_is_reported_once_with_the_header_it_did_not_know() {
    // `Số liêu` for `Số liệu`: one problem for the column, not one per row. 7.4.3 and 8.3.3 were
    // declared not applicable in that column, so their ratios are missing.
    problems(
        "misspelt-column.xlsx",
        &[
            ": no column 'Số liệu' in the header row 3 (needed by 1.1.1 and others); check its \
             spelling; headers not recognised: 'Số liêu' (E3)",
            "!F114 (7.4.3): missing input (a numerator and a denominator)",
            "!F127 (8.3.3): missing input (a numerator and a denominator)",
        ],
    );
}

#[test]
fn huge_cells_score_and_are_clipped_on_the_terminal() {
    // 100,000 characters in the unit's name and in 1.1.1's evidence.
    let report = scored("huge-cell.xlsx");
    assert_eq!(report["total"], "78.3");
    assert_eq!(report["unit"].as_str().unwrap().chars().count(), 100_000);
    assert_eq!(node(&report, "1.1.1")["evidence"].as_str().unwrap().chars().count(), 100_000);
    let run = check("huge-cell.xlsx", 0, "");
    let first = run.stdout.lines().next().unwrap();
    let unit: String = "Sở Xây dựng tỉnh Lai Châu ".chars().cycle().take(120).collect();
    let title = "Bộ tiêu chí xác định Chỉ số cải cách hành chính của các sở, ban, ngành tỉnh Lai \
                 Châu năm 2024 (bản tái dựng)";
    assert_eq!(first, format!("{unit}… — {title} (lai-chau/so/2024)"));
    assert!(run.stdout.len() < 20_000, "{}", run.stdout.len());
}

#[test]
fn control_and_bidi_characters_are_escaped_before_the_terminal() {
    // The unit is "Sở Xây dựng" + ESC[2J (clear the screen) + ESC[31m (red); 1.1.2's evidence
    // holds BEL, CR LF and ESC[8m (hidden text). The score is untouched.
    let report = scored("control-chars.xlsx");
    assert_eq!(report["total"], "78.3");
    assert_eq!(report["unit"], "Sở Xây dựng\u{1b}[2J\u{1b}[31m");
    assert_eq!(node(&report, "1.1.2")["evidence"], "Kế hoạch 15/KH-SXD\u{7}\r\nmục II\u{1b}[8m");
    let run = check("control-chars.xlsx", 0, "");
    assert!(run.stdout.starts_with("Sở Xây dựng\\u{1b}[2J\\u{1b}[31m — "), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'));
    // A right-to-left override would show "Sở Xây dựng năm 2024" reversed after it.
    let report = scored("rtl-override.xlsx");
    assert_eq!(report["total"], "78.3");
    let run = check("rtl-override.xlsx", 0, "");
    assert!(run.stdout.starts_with("Sở Xây dựng \\u{202e}4202 mặn\\u{202c} — "), "{}", run.stdout);
}

#[test]
fn decomposed_unicode_reads_like_composed() {
    // Sheet name, headers, codes, choices and yes/no all in NFD: the same inputs, the same 78.3.
    assert_eq!(scored("nfd-labels.xlsx")["total"], "78.3");
}

#[test]
fn a_ratio_of_huge_numbers_is_exact_instead_of_overflowing() {
    // Found by the criteria fuzz target: Tử số = Mẫu số = 10²⁷ for 3.4.1 overflowed n × 100 and
    // panicked. It is 100%, which is in [98%, 100%] → 2 of 2 instead of the fixture's 1.5:
    // 78.3 + 0.5 = 78.8.
    let report = scored("huge-fraction.xlsx");
    assert_eq!(node(&report, "3.4.1")["score"], "2");
    assert_eq!(report["total"], "78.8");
}

/// `criteria check <file>` and `score … --set <file>` on a criteria file of `fixtures/bad/`.
fn check_criteria(name: &str, expected: &str) {
    let path = fixture(&format!("bad/{name}"));
    let run = parscore(&["criteria", "check", &path, "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("parscore: {expected}\nparscore: 1 of 1 criteria set(s) do not validate\n")
    );
    let scored =
        parscore(&["score", &fixture("so-xay-dung-2024.xlsx"), "--set", &path, "--lang", "en"]);
    assert_eq!(scored.code, 2, "{}", scored.stderr);
    assert_eq!(scored.stderr, format!("parscore: {expected}\n"));
}

#[test]
fn a_criteria_file_that_is_not_json_says_where_parsing_stopped() {
    check_criteria(
        "not-json.json",
        "fixtures/bad/not-json.json: not a valid criteria file: expected value (line 1, column 1)",
    );
}

#[test]
fn an_inconsistent_criteria_tree_lists_every_problem() {
    // 1.2.3 sits under 1.1, so 1.1's children sum to 2 + 3 + 2 = 7 and 1.2's to 2 + 1 = 3.
    let f = "fixtures/bad/inconsistent-tree.json";
    check_criteria(
        "inconsistent-tree.json",
        &format!(
            "{f}: 3 problem(s) in criteria set test/so/2025:\n  \
             {f}: line 17: 1.1: its children's maxima sum to 7, not its maximum 5 (1.1.1 = 2, 1.1.2 = 3, 1.2.3 = 2)\n  \
             {f}: line 23: 1.2.3: code is not under its parent 1.1: expected 1.1.<number>\n  \
             {f}: line 28: 1.2: its children's maxima sum to 3, not its maximum 5 (1.2.1 = 2, 1.2.2 = 1)"
        ),
    );
}

#[test]
fn criteria_maxima_too_large_to_add_are_reported_not_panicked_on() {
    // Two domains of 5 × 10²⁸ points: their sum overflowed the validator's decimal arithmetic.
    let f = "fixtures/bad/huge-maxima.json";
    let beyond = "is beyond the largest allowed, 1000000";
    check_criteria(
        "huge-maxima.json",
        &format!(
            "{f}: 4 problem(s) in criteria set test/so/2025:\n  \
             {f}: line 10: 1: the maximum 50000000000000000000000000000 {beyond}\n  \
             {f}: line 12: 1.1: the maximum 50000000000000000000000000000 {beyond}\n  \
             {f}: line 15: 2: the maximum 50000000000000000000000000000 {beyond}\n  \
             {f}: line 17: 2.1: the maximum 50000000000000000000000000000 {beyond}"
        ),
    );
}

#[test]
fn every_bad_fixture_has_a_test() {
    let tests = std::fs::read_to_string(root().join("tests/bad.rs")).unwrap()
        + &std::fs::read_to_string(root().join("tests/hostile.rs")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(root().join("fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    for name in names {
        assert!(tests.contains(&format!("\"{name}\"")), "no test names fixtures/bad/{name}");
    }
}

#[test]
fn outputs_never_replace_inputs_or_existing_files_without_force() {
    let dir = scratch("bad-outputs");
    let input = fixture("so-xay-dung-2024.xlsx");
    let before = std::fs::read(root().join(&input)).unwrap();
    // Over the workbook read, even with --force, in every format.
    for format in ["json", "table", "xlsx"] {
        let run = parscore(&[
            "score", &input, "--format", format, "-o", &input, "--force", "--lang", "en",
        ]);
        assert_eq!(run.code, 2, "{format}");
        assert_eq!(
            run.stderr,
            format!("parscore: refusing to write {input} over the input {input}\n"),
            "{format}"
        );
    }
    // Over the criteria file named with --set.
    let set = dir.join("set.json");
    std::fs::copy(root().join("criteria/lai-chau/so-2024.json"), &set).unwrap();
    let set_s = set.to_str().unwrap();
    let run = parscore(&[
        "score", &input, "--set", set_s, "--format", "json", "-o", set_s, "--force", "--lang", "en",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("over the input"), "{}", run.stderr);
    assert_eq!(std::fs::read(root().join(&input)).unwrap(), before);
    // An existing output is kept without --force and replaced with it; no temporary file stays.
    let out = dir.join("report.json");
    std::fs::write(&out, "keep me").unwrap();
    let out_s = out.to_str().unwrap();
    let kept = parscore(&["score", &input, "--format", "json", "-o", out_s, "--lang", "en"]);
    assert_eq!(kept.code, 2);
    assert_eq!(
        kept.stderr,
        format!("parscore: {out_s} already exists; pass --force to replace it\n")
    );
    let vi = parscore(&["score", &input, "--format", "json", "-o", out_s]);
    assert_eq!(vi.code, 2);
    assert_eq!(vi.stderr, format!("parscore: {out_s} đã có; thêm --force để ghi đè\n"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let replaced = parscore(&["score", &input, "--format", "json", "-o", out_s, "--force"]);
    assert_eq!(replaced.code, 0, "{}", replaced.stderr);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["total"], "78.3");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn problems_and_refusals_speak_vietnamese_by_default() {
    // The same runs as above without `--lang en`: the places (file, sheet, cell, code) are the
    // same, the words are Vietnamese.
    let vi = |args: &[&str]| {
        let run = parscore(args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        run.stderr
    };
    let bad = |name: &str| fixture(&format!("bad/{name}"));
    let div0 = bad("div0-error.xlsx");
    assert_eq!(
        vi(&["score", &div0, "--set", "lai-chau/so/2024"]),
        format!(
            "parscore: 1 lỗi trong {div0}; chưa chấm điểm (thêm --lenient để vẫn chấm, ô lỗi tính \
             0 điểm):\n  {div0}: 'Tự đánh giá'!E9 (1.1.4): lỗi công thức (#DIV/0!); cần nhập tỷ \
             lệ %\n"
        )
    );
    let duplicate = bad("duplicate-code.xlsx");
    let stderr = vi(&["score", &duplicate, "--set", "lai-chau/so/2024"]);
    assert!(
        stderr.contains(&format!(
            "  {duplicate}: 'Tự đánh giá'!A8 (1.1.2): mã bị trùng: đã có ở dòng 7 (A7); chỉ tính \
             dòng đầu tiên\n"
        )),
        "{stderr}"
    );
    // Last year's workbook scored with this year's set: made for another set, and its codes
    // that the 2025 set does not have are unknown.
    let sxd = fixture("so-xay-dung-2024.xlsx");
    let stderr = vi(&["score", &sxd, "--set", "lai-chau/so/2025"]);
    assert!(
        stderr.contains(&format!(
            "  {sxd}: 'Tự đánh giá': bảng tính này được lập theo bộ tiêu chí lai-chau/so/2024, \
             không phải lai-chau/so/2025\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(": mã tiêu chí không có trong bộ tiêu chí lai-chau/so/2025\n"),
        "{stderr}"
    );
    let text = bad("text-renamed.xlsx");
    assert_eq!(
        vi(&["score", &text, "--set", "lai-chau/so/2024"]),
        format!(
            "parscore: {text}: không phải bảng tính xlsx, xls hoặc ods: đây là tệp văn bản (bắt \
             đầu bằng \"Mã;Nội dung;Số liệu…\")\n"
        )
    );
    let size = std::fs::metadata(root().join(&sxd)).unwrap().len();
    assert_eq!(
        vi(&["score", &sxd, "--max-file-size", "10kB"]),
        format!(
            "parscore: {sxd}: tệp có dung lượng {} kB, vượt giới hạn dung lượng tệp 10 kB; nếu \
             đây đúng là bảng tự đánh giá, hãy nâng giới hạn bằng --max-file-size SIZE\n",
            size / 1000
        )
    );
}
