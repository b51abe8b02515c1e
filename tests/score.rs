//! `parscore template` and `parscore score` on the fixtures.
//!
//! `so-xay-dung-2024.xlsx` is the Department of Construction's 2024 self-assessment, filled by
//! `crates/write/examples/make_fixtures.rs`; its domain scores, worked out by hand there, are
//! 8.65 + 8.15 + 9.7 + 9.05 + 12.15 + 7.75 + 10.2 + 12.65 = 78.3 of 100.

use serde_json::Value;

use crate::util::{fixture, parscore, scratch};

const DOMAINS_2024: [(&str, &str); 8] = [
    ("1", "8.65"),
    ("2", "8.15"),
    ("3", "9.7"),
    ("4", "9.05"),
    ("5", "12.15"),
    ("6", "7.75"),
    ("7", "10.2"),
    ("8", "12.65"),
];

fn json(args: &[&str]) -> Value {
    let run = parscore(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    serde_json::from_str(&run.stdout).unwrap()
}

fn node<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap()
}

/// Asserts the 2024 totals and domain scores of a report.
fn assert_sxd_2024(report: &Value) {
    assert_eq!(report["set"], "lai-chau/so/2024");
    assert_eq!(report["total"], "78.3");
    assert_eq!(report["max"], "100");
    assert_eq!(report["percent"], "78.30");
    // Khá: 70 ≤ 78.30 < 80.
    assert_eq!(report["grade"], serde_json::json!({"vi": "Khá", "en": "Fair"}));
    for (code, score) in DOMAINS_2024 {
        assert_eq!(node(report, code)["score"], score, "domain {code}");
    }
    // Survey: 1.2 + 1.23 + 1.17 + 1.26 + 1.62 + 1.52 = 8 of 10.
    assert_eq!(report["survey"]["score"], "8");
    assert_eq!(report["survey"]["max"], "10");
}

#[test]
fn lenient_does_not_score_a_workbook_made_for_another_set() {
    // Scored as 2025, the 2024 workbook's renumbered and removed rows would count 0 and give a
    // plausible total; the set and year it records are checked first, and stop it.
    let run = parscore(&[
        "score",
        &fixture("so-xay-dung-2024.xlsx"),
        "--set",
        "lai-chau/so/2025",
        "--lenient",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("; no score printed:\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("made for criteria set lai-chau/so/2024, not lai-chau/so/2025"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not even with --lenient"), "{}", run.stderr);
    let vi = parscore(&[
        "score",
        &fixture("so-xay-dung-2024.xlsx"),
        "--set",
        "lai-chau/so/2025",
        "--lenient",
    ]);
    assert_eq!(vi.code, 2, "{}", vi.stderr);
    assert!(vi.stderr.contains("kể cả với --lenient"), "{}", vi.stderr);
}

#[test]
fn the_2024_workbook_scores_78_30() {
    let report = json(&["score", &fixture("so-xay-dung-2024.xlsx"), "--format", "json"]);
    assert_sxd_2024(&report);
    assert_eq!(report["unit"], "Sở Xây dựng");
    // 1.1.4: 85% falls in [70%, 90%] → 1 of 2.
    let n = node(&report, "1.1.4");
    assert_eq!(n["score"], "1");
    assert_eq!(n["reason"]["vi"], "85% ∈ [70%; 90%] → 1 điểm");
    assert_eq!(n["reason"]["en"], "85% ∈ [70%, 90%] → 1 point");
    assert_eq!(n["evidence"], "Báo cáo 320/BC-SXD ngày 10/12/2024");
    // 3.4.1: 380/400 = 95% → [95%, 98%) → 1.5 of 2.
    assert_eq!(node(&report, "3.4.1")["score"], "1.5");
    // 2.2.3 declared not applicable, na = full → 1 of 1.
    assert_eq!(node(&report, "2.2.3")["status"], "not_applicable");
    assert_eq!(node(&report, "2.2.3")["score"], "1");
}

#[test]
fn xls_and_ods_copies_score_the_same() {
    let xlsx = json(&["score", &fixture("so-xay-dung-2024.xlsx"), "--format", "json"]);
    for copy in ["so-xay-dung-2024.xls", "so-xay-dung-2024.ods"] {
        let report = json(&["score", &fixture(copy), "--format", "json"]);
        assert_sxd_2024(&report);
        assert_eq!(report["nodes"], xlsx["nodes"], "{copy}");
    }
}

#[test]
fn other_tools_workbooks_score_the_same() {
    // Numbers typed as text with decimal commas ("0,75"), and columns in another order with the
    // rule and maximum columns left out: the inputs are the same, so is the score.
    for name in ["decimal-comma-text.xlsx", "shuffled-columns.xlsx"] {
        let report =
            json(&["score", &fixture(name), "--set", "lai-chau/so/2024", "--format", "json"]);
        assert_sxd_2024(&report);
    }
}

#[test]
fn a_missing_row_is_reported_and_no_score_printed() {
    let args = ["score", &fixture("missing-row.xlsx"), "--set", "lai-chau/so/2024"];
    let run = parscore(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "parscore: 1 problem(s) in fixtures/missing-row.xlsx; no score printed (use --lenient to score anyway):\n  \
         fixtures/missing-row.xlsx: 'Tự đánh giá' (5.3.1): no row for criterion 5.3.1 (Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng công chức, viên chức năm)\n"
    );
    // Vietnamese by default.
    let vi = parscore(&args);
    assert_eq!(vi.code, 2);
    assert_eq!(
        vi.stderr,
        "parscore: 1 lỗi trong fixtures/missing-row.xlsx; chưa chấm điểm (thêm --lenient để vẫn chấm, ô lỗi tính 0 điểm):\n  \
         fixtures/missing-row.xlsx: 'Tự đánh giá' (5.3.1): không có dòng cho tiêu chí 5.3.1 (Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng công chức, viên chức năm)\n"
    );
}

#[test]
fn a_score_above_the_maximum_names_its_cell() {
    // 4.3.1 is the 60th node of the 2024 set (49 nodes in domains 1–3, then 4, 4.1, 4.1.1–3, 4.2,
    // 4.2.1–3, 4.3, 4.3.1); the plain sheet's first node is on row 4, so 4.3.1 is on row 63,
    // and the score column `Điểm tự chấm` is H.
    let args =
        ["score", &fixture("score-above-max.xlsx"), "--set", "lai-chau/so/2024", "--lang", "en"];
    let run = parscore(&args);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("fixtures/score-above-max.xlsx: 'Tự đánh giá'!H63 (4.3.1): score 2 exceeds the maximum 1.5\n"),
        "{}",
        run.stderr
    );
    let vi = parscore(&args[..4]);
    assert!(
        vi.stderr.contains("fixtures/score-above-max.xlsx: 'Tự đánh giá'!H63 (4.3.1): điểm 2 vượt điểm tối đa 1,5\n"),
        "{}",
        vi.stderr
    );
    let vi_lenient = parscore(&[&args[..4], &["--lenient", "--format", "json"]].concat());
    assert!(
        vi_lenient.stderr.starts_with(
            "parscore: cảnh báo: 1 lỗi; các ô sai hoặc thiếu dữ liệu được tính 0 điểm:\n"
        ),
        "{}",
        vi_lenient.stderr
    );
    // Lenient: 4.3.1 counts 0 instead of 1.25, so 78.3 − 1.25 = 77.05.
    let lenient = parscore(&[&args[..], &["--lenient", "--format", "json"]].concat());
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    assert!(lenient.stderr.starts_with("parscore: warning: 1 problem(s)"), "{}", lenient.stderr);
    let report: Value = serde_json::from_str(&lenient.stdout).unwrap();
    assert_eq!(report["percent"], "77.05");
    // The warning is the located problem, as an object.
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (&problems[0]["sheet"], &problems[0]["cell"], &problems[0]["code"]),
        (&"Tự đánh giá".into(), &"H63".into(), &"4.3.1".into())
    );
    assert_eq!(problems[0]["message"]["vi"], "điểm 2 vượt điểm tối đa 1,5");
}

#[test]
fn an_empty_template_reports_every_missing_input_with_its_cell() {
    let dir = scratch("template-missing");
    let out = dir.join("t.xlsx");
    let out_s = out.to_str().unwrap();
    let made =
        parscore(&["template", "--set", "lai-chau/so/2025", "--unit", "Sở Xây dựng", "-o", out_s]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let run = parscore(&["score", out_s, "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().skip(1).collect();
    // 2025 has 86 sub-criteria; the 6 survey items wait for the survey and are not missing.
    // The header is on row 5, domain 1 on row 6, criterion 1.1 on 7, so 1.1.1's input is E8.
    assert_eq!(lines.len(), 80, "{}", run.stderr);
    assert!(
        lines[0].ends_with("'Tự đánh giá'!E8 (1.1.1): missing input (one of the listed outcomes)"),
        "{}",
        lines[0]
    );
    // Vietnamese by default, with the same places.
    let vi = parscore(&["score", out_s]);
    assert_eq!(vi.code, 2);
    assert_eq!(
        vi.stderr.lines().next().unwrap(),
        format!(
            "parscore: 80 lỗi trong {out_s}; chưa chấm điểm (thêm --lenient để vẫn chấm, ô lỗi \
             tính 0 điểm):"
        )
    );
    let vi_lines: Vec<&str> = vi.stderr.lines().skip(1).collect();
    assert_eq!(vi_lines.len(), 80, "{}", vi.stderr);
    assert_eq!(
        vi_lines[0],
        format!(
            "  {out_s}: 'Tự đánh giá'!E8 (1.1.1): thiếu dữ liệu (một trong các mức đã liệt kê)"
        )
    );
    // The template is what units fill in, in Vietnamese: an English one is refused, not
    // written in Vietnamese under --lang en.
    let en = parscore(&["template", "--set", "lai-chau/so/2025", "-o", out_s, "--lang", "en"]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("the template is written in Vietnamese only"), "{}", en.stderr);
    // The same template again is refused without --force: nothing is overwritten.
    let again_vi = parscore(&["template", "--set", "lai-chau/so/2025", "-o", out_s]);
    assert_eq!(again_vi.stderr, format!("parscore: {out_s} đã có; thêm --force để ghi đè\n"));
}

#[test]
fn the_table_shows_domains_criteria_and_the_total() {
    let run = parscore(&["score", &fixture("so-xay-dung-2024.xlsx")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Sở Xây dựng — "), "{}", run.stdout);
    assert!(
        run.stdout.contains("\nTổng điểm: 78,3 / 100 = 78,30% — xếp loại: Khá\n"),
        "{}",
        run.stdout
    );
    let en = parscore(&["score", &fixture("so-xay-dung-2024.xlsx"), "--lang", "en"]);
    assert!(en.stdout.contains("\nTotal: 78.3 / 100 = 78.30% — grade: Fair\n"), "{}", en.stdout);
}

#[test]
fn the_xlsx_report_is_written_and_never_over_the_input() {
    let dir = scratch("xlsx-report");
    let out = dir.join("bao-cao.xlsx");
    let input = fixture("so-xay-dung-2024.xlsx");
    let run = parscore(&["score", &input, "--format", "xlsx", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    let over =
        parscore(&["score", &input, "--format", "xlsx", "-o", &input, "--force", "--lang", "en"]);
    assert_eq!(over.code, 2);
    assert!(
        over.stderr.contains("refusing to write fixtures/so-xay-dung-2024.xlsx over the input"),
        "{}",
        over.stderr
    );
}

#[test]
fn outputs_are_named_for_what_they_are_and_go_to_folders_that_exist() {
    // An xlsx report under .ods or .pdf, or JSON under .xlsx, makes Excel warn or fail.
    let dir = scratch("output-names");
    let wb = fixture("so-xay-dung-2024.xlsx");
    let ods = dir.join("bao-cao.ods");
    let run = parscore(&["score", &wb, "--format", "xlsx", "-o", ods.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("tên tệp phải có đuôi .xlsx"), "{}", run.stderr);
    assert!(!ods.exists());
    let xlsx = dir.join("bao-cao.xlsx");
    let run = parscore(&["score", &wb, "--format", "json", "-o", xlsx.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("thêm --format xlsx"), "{}", run.stderr);
    assert!(!xlsx.exists());
    let missing = dir.join("chua-co").join("bao-cao.xlsx");
    let run = parscore(&["score", &wb, "--format", "xlsx", "-o", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("không tồn tại: hãy tạo thư mục trước"), "{}", run.stderr);
}

#[test]
fn a_closed_stderr_does_not_turn_the_exit_code_into_a_crash() {
    // `parscore score … 2>&1 | head -1` in a script: the reader goes away after one line. The
    // blank template has 80 problems to print; the exit code must stay 2, not a panic's 101.
    let dir = scratch("closed-stderr");
    let t = dir.join("t.xlsx");
    let made = parscore(&["template", "--set", "lai-chau/so/2025", "-o", t.to_str().unwrap()]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parscore"))
        .args(["score", t.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take()); // closed before the first line is written
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

#[test]
fn the_table_names_the_points_claimed_without_evidence() {
    // The 2025 fixture leaves Tài liệu kiểm chứng blank on 2.1.2 (1 point), 6.3.2 (1.5) and
    // 7.1.2 (1), as tests/compare.rs records; the table must name at least those, with points.
    let run = parscore(&["score", &fixture("so-xay-dung-2025.xlsx")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Chưa nêu tài liệu kiểm chứng"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    for item in ["2.1.2 (1 điểm)", "6.3.2 (1,5 điểm)", "7.1.2 (1 điểm)"] {
        assert!(line.contains(item), "{line}");
    }
}

#[test]
fn zero_of_zero_points_to_not_applicable_where_the_set_allows_it() {
    // 3.5.1 (bands on a fraction, "na": "full"): 0 of 0 complaints is no ratio, but it usually
    // means nothing arose; the message names the drop-down choice that scores it.
    let dir = scratch("zero-of-zero");
    let zero = parscore_core::Decimal::ZERO;
    let input = parscore_core::Input::Fraction { numerator: zero, denominator: zero };
    crate::rank::workbook(&dir, "u.xlsx", "lai-chau/so/2025", "Sở A", &[("3.5.1", input)]);
    let run = parscore(&["score", dir.join("u.xlsx").to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("(3.5.1)"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        line.ends_with(
            "; nếu trong năm không phát sinh, hãy chọn \"Không phát sinh (tính điểm tối đa)\" ở cột Số liệu"
        ),
        "{line}"
    );
}
