//! `parscore compare`, `parscore plan` and `score --previous` on the Department of
//! Construction's 2024 and 2025 workbooks.
//!
//! What changed, worked out by hand from `crates/write/examples/make_fixtures.rs` (2024 total
//! 78.3, 2025 total 77.55):
//! - fell: 1.1.1 (1 → 0.5), 2.2.2 (1 → 0), 4.4.1 (1 → 0), 5.1.2 (1 → 0), 6.1.1 (1 → 0.5);
//! - improved: 1.1.4 (1 → 2), 3.5.1 (0.5 → 1), 7.3.2 (1 → 2), and two renumbered ones:
//!   5.4.4 ← 5.5.2 (1 → 1.25) and 7.2.4 ← 7.3.4 (0 → 1); 8.1.5 ← 8.2.2 stays 1.52;
//! - 3.1.2's maximum fell from 1 to 0.5 while its score stayed 0.5: 50% → 100%;
//! - 3.4.4 is new (0.5 of 1.5); 3.3.3 is gone (it scored 1);
//! - zero: 2.2.2, 3.2.4, 4.4.1, 5.1.2; points without evidence: 2.1.2 (1), 6.3.2 (1.5), 7.1.2 (1).

use serde_json::Value;

use crate::util::{fixture, parscore};

fn json(args: &[&str]) -> Value {
    let run = parscore(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn find<'a>(list: &'a Value, code: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|n| n["code"] == code).unwrap_or_else(|| panic!("{code}"))
}

fn flags(node: &Value) -> Vec<&str> {
    node["flags"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect()
}

#[test]
fn compare_lists_both_years_deltas_and_renumbered_codes() {
    let r = json(&[
        "compare",
        &fixture("so-xay-dung-2024.xlsx"),
        &fixture("so-xay-dung-2025.xlsx"),
        "--format",
        "json",
    ]);
    // No Điểm thẩm định in the 2024 workbook: both years are self-assessed.
    assert_eq!(r["previous"]["basis"], "self");
    assert_eq!(r["previous"]["percent"], "78.30");
    assert_eq!(r["current"]["percent"], "77.55");
    // 77.55 − 78.3 = −0.75.
    assert_eq!(r["delta_points"], "-0.75");
    assert_eq!(r["delta_percent"], "-0.75");
    let nodes = &r["nodes"];
    for (code, prev_code, before, after, delta) in [
        ("5.4.4", "5.5.2", "1", "1.25", "0.25"),
        ("7.2.4", "7.3.4", "0", "1", "1"),
        ("8.1.5", "8.2.2", "1.52", "1.52", "0"),
    ] {
        let n = find(nodes, code);
        assert_eq!(n["previous_code"], prev_code, "{code}");
        assert_eq!(n["previous"]["score"], before, "{code}");
        assert_eq!(n["current"]["score"], after, "{code}");
        assert_eq!(n["delta"], delta, "{code}");
    }
    for (code, before, after) in [
        ("1.1.1", "1", "0.5"),
        ("2.2.2", "1", "0"),
        ("4.4.1", "1", "0"),
        ("5.1.2", "1", "0"),
        ("6.1.1", "1", "0.5"),
    ] {
        let n = find(nodes, code);
        assert_eq!(
            (n["previous"]["score"].as_str(), n["current"]["score"].as_str()),
            (Some(before), Some(after))
        );
        assert!(flags(n).contains(&"decreased"), "{code}: {:?}", flags(n));
    }
    for code in ["2.2.2", "3.2.4", "4.4.1", "5.1.2"] {
        assert!(flags(find(nodes, code)).contains(&"zero"), "{code}");
    }
    for code in ["2.1.2", "6.3.2", "7.1.2"] {
        assert!(flags(find(nodes, code)).contains(&"no_evidence"), "{code}");
    }
    // 3.1.2: 0.5 of 1 (50%) → 0.5 of 0.5 (100%): compared by percent, +50.
    let max_changed = find(nodes, "3.1.2");
    assert_eq!(max_changed["max_changed"], true);
    assert_eq!(max_changed["delta_percent"], "50.00");
    assert!(!flags(max_changed).contains(&"decreased"));
    assert_eq!(find(&r["added"], "3.4.4")["side"]["score"], "0.5");
    assert_eq!(find(&r["removed"], "3.3.3")["side"]["score"], "1");
    assert_eq!(r["added"].as_array().unwrap().len(), 1);
    assert_eq!(r["removed"].as_array().unwrap().len(), 1);
}

#[test]
fn plan_ranks_what_was_lost_and_closes_the_gap_to_78_3() {
    let r = json(&[
        "plan",
        &fixture("so-xay-dung-2025.xlsx"),
        "--previous",
        &fixture("so-xay-dung-2024.xlsx"),
        "--target",
        "78.3",
        "--format",
        "json",
    ]);
    // 78.3 − 77.55 = 0.75 points short.
    assert_eq!(r["percent"], "77.55");
    assert_eq!(r["target"]["gap_points"], "0.75");
    assert_eq!(r["target"]["gap_closable"], true);
    let items = r["items"].as_array().unwrap();
    // Seven leaves lost 1 point each (the most lost by any); among them the three that fell to
    // zero come first, in code order: 2.2.2, 4.4.1, 5.1.2; then 2.1.1, 3.4.4, 6.2.1, 8.3.1.
    let first: Vec<&str> = items.iter().take(7).map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(first, ["2.2.2", "4.4.1", "5.1.2", "2.1.1", "3.4.4", "6.2.1", "8.3.1"]);
    assert_eq!(items[0]["points_lost"], "1");
    assert_eq!(items[0]["previous_score"], "1");
    assert_eq!(flags(&items[0]), ["zero", "decreased"]);
    // Recovering 2.2.2 alone (1 ≥ 0.75) closes the gap.
    let closing: Vec<&str> = items
        .iter()
        .filter(|i| i["closes_gap"] == true)
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(closing, ["2.2.2"]);
    // Points claimed without evidence are in the plan even at full marks.
    for code in ["2.1.2", "6.3.2", "7.1.2"] {
        let item = items.iter().find(|i| i["code"] == code).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(item["missing_evidence"], true, "{code}");
    }
    // The renumbered 7.2.4 is at full marks now (1 of 1) and cites evidence: kept.
    assert!(r["keep"].as_array().unwrap().iter().any(|c| c == "7.2.4"));
}

#[test]
fn plan_as_markdown_is_the_table_of_the_improvement_plan() {
    let run = parscore(&[
        "plan",
        &fixture("so-xay-dung-2025.xlsx"),
        "--previous",
        &fixture("so-xay-dung-2024.xlsx"),
        "--target",
        "78.3",
        "--format",
        "md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "| STT | Tiêu chí | Điểm tối đa | Điểm năm trước | Điểm năm nay | Điểm bị mất | Mục tiêu | Đơn vị chủ trì | Thời gian hoàn thành | Tài liệu cần bổ sung |"
    ));
    assert!(run.stdout.contains("Mục tiêu 78,30%: còn thiếu 0,75 điểm"), "{}", run.stdout);
    // In the plan's order, as the JSON ranks them: the three zeros that fell, then the other
    // leaves losing 1 point, in code order.
    let rows: Vec<&str> =
        run.stdout.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| STT")).collect();
    for (row, start) in rows.iter().zip([
        "| 1* | 2.2.2 ",
        "| 2 | 4.4.1 ",
        "| 3 | 5.1.2 ",
        "| 4 | 2.1.1 ",
        "| 5 | 3.4.4 ",
        "| 6 | 6.2.1 ",
        "| 7 | 8.3.1 ",
    ]) {
        assert!(row.starts_with(start), "{row} is not {start}");
    }
    // 2.2.2 cites a report, not by the name the set gives it: both are shown.
    assert!(
        rows[0].ends_with(
            "| Đã nêu: Báo cáo rà soát văn bản 2025. Bộ tiêu chí còn yêu cầu: Báo cáo kết quả rà soát, hệ thống hóa văn bản quy phạm pháp luật |"
        ),
        "{}",
        rows[0]
    );
}

#[test]
fn score_with_previous_adds_the_comparison() {
    let r = json(&[
        "score",
        &fixture("so-xay-dung-2025.xlsx"),
        "--previous",
        &fixture("so-xay-dung-2024.xlsx"),
        "--format",
        "json",
    ]);
    assert_eq!(r["percent"], "77.55");
    assert_eq!(r["comparison"]["previous"]["percent"], "78.30");
    let table = parscore(&[
        "compare",
        &fixture("so-xay-dung-2024.xlsx"),
        &fixture("so-xay-dung-2025.xlsx"),
    ]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains("Đổi mã: 5.4.4 ← 5.5.2, 7.2.4 ← 7.3.4, 8.1.5 ← 8.2.2"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("Mới năm nay: 3.4.4 "), "{}", table.stdout);
    assert!(table.stdout.contains("Không còn năm nay: 3.3.3 "), "{}", table.stdout);
}

#[test]
fn compare_refuses_years_in_the_wrong_order() {
    let args = ["compare", &fixture("so-xay-dung-2025.xlsx"), &fixture("so-xay-dung-2024.xlsx")];
    let run = parscore(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("give last year's workbook first"), "{}", run.stderr);
    let vi = parscore(&args);
    assert_eq!(
        vi.stderr,
        "parscore: fixtures/so-xay-dung-2025.xlsx là năm 2025 còn fixtures/so-xay-dung-2024.xlsx \
         là năm 2024: hãy ghi bảng tính năm trước trước\n"
    );
}

#[test]
fn compare_refuses_two_workbooks_of_one_year() {
    let f = fixture("so-xay-dung-2025.xlsx");
    let run = parscore(&["compare", &f, &f]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "parscore: fixtures/so-xay-dung-2025.xlsx và fixtures/so-xay-dung-2025.xlsx đều là năm \
         2025: so sánh cần bảng tính của hai năm khác nhau\n"
    );
}

#[test]
fn a_target_may_have_a_decimal_comma_and_a_percent_sign() {
    for target in ["78,3", "78.3%", "78,3 %"] {
        let r = json(&[
            "plan",
            &fixture("so-xay-dung-2025.xlsx"),
            "--previous",
            &fixture("so-xay-dung-2024.xlsx"),
            "--target",
            target,
            "--format",
            "json",
        ]);
        // 78.3 − 77.55 = 0.75 points short, whichever way 78.3 is written.
        assert_eq!(r["target"]["percent"], "78.30", "{target}");
        assert_eq!(r["target"]["gap_points"], "0.75", "{target}");
    }
    let over = parscore(&["plan", &fixture("so-xay-dung-2025.xlsx"), "--target", "120"]);
    assert_eq!(over.code, 2);
    assert!(
        over.stderr.contains(
            "invalid value '120' for '--target <TARGET>': 120 is over 100: the target is a percentage from 0 to 100"
        ),
        "{}",
        over.stderr
    );
    let words = parscore(&["plan", &fixture("so-xay-dung-2025.xlsx"), "--target", "cao"]);
    assert_eq!(words.code, 2);
    assert!(words.stderr.contains("expected a percentage from 0 to 100"), "{}", words.stderr);
}

#[test]
fn the_compare_table_flags_each_criterion_in_the_chosen_language() {
    let args = ["compare", &fixture("so-xay-dung-2024.xlsx"), &fixture("so-xay-dung-2025.xlsx")];
    let run = parscore(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |text: &str, code: &str| -> String {
        text.lines().find(|l| l.split_whitespace().next() == Some(code)).unwrap().to_string()
    };
    // 4.4: 1.5 → 0.5 of 2: below half (low), and 4.4.1 fell 1 → 0.
    assert!(line(&run.stdout, "4.4").ends_with("−1  thấp, giảm"), "{}", run.stdout);
    // 3.1: 1.5 of 2 (75%) → 1.5 of 1.5 (100%): +25 points of percentage, full marks.
    assert!(line(&run.stdout, "3.1").contains("+25,00 điểm %  tối đa  "), "{}", run.stdout);
    // 77.55% − 78.30% = −0.75 points of percentage.
    assert!(run.stdout.contains("; −0,75 điểm, −0,75 điểm %\n"), "{}", run.stdout);
    // The zeros among the sub-criteria: 2.2.2, 3.2.4, 4.4.1 and 5.1.2.
    let zeros = run.stdout.lines().find(|l| l.starts_with("Chưa đạt điểm: ")).unwrap();
    let codes: Vec<&str> =
        zeros.trim_start_matches("Chưa đạt điểm: ").split(", ").map(|c| &c[..5]).collect();
    assert_eq!(codes, ["2.2.2", "3.2.4", "4.4.1", "5.1.2"]);
    let en = parscore(&[&args[..], &["--lang", "en"]].concat());
    assert!(line(&en.stdout, "4.4").ends_with("−1  low, fell"), "{}", en.stdout);
    assert!(line(&en.stdout, "3.1").contains("+25.00 pp  full  "), "{}", en.stdout);
    assert!(en.stdout.contains("; −0.75 points, −0.75 pp\n"), "{}", en.stdout);
}

#[test]
fn an_appraised_basis_without_appraisals_marks_every_stand_in() {
    let args = [
        "compare",
        &fixture("so-xay-dung-2024.xlsx"),
        &fixture("so-xay-dung-2025.xlsx"),
        "--basis",
        "appraised",
    ];
    let run = parscore(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Neither workbook has a Điểm thẩm định: every self-assessed score stands in, marked †.
    assert!(run.stdout.contains("2024 (thẩm định†): 78,30% (Khá)"), "{}", run.stdout);
    assert!(run.stdout.contains("\n† chưa có điểm thẩm định"), "{}", run.stdout);
    let r = json(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(r["previous"]["fallback"], true);
    assert_eq!(find(&r["nodes"], "1.1.1")["previous"]["fallback"], true);
    let plan = parscore(&[
        "plan",
        &fixture("so-xay-dung-2025.xlsx"),
        "--previous",
        &fixture("so-xay-dung-2024.xlsx"),
        "--basis",
        "appraised",
        "--format",
        "md",
    ]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    // 2.2.2, first: 1 last year (self-assessed, marked), 0 this year.
    assert!(plan.stdout.contains(" | 1 | 1† | 0 | 1 | 1 | "), "{}", plan.stdout);
    assert!(plan.stdout.contains("\n† chưa có điểm thẩm định"), "{}", plan.stdout);
}
