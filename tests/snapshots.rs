//! Snapshots of what users read: every terminal table and every JSON report of the shipped
//! fixtures, in Vietnamese (the default) and, for the tables, in English. A change to any of
//! them shows as a diff in `tests/snapshots/`, to be reviewed like code (`cargo insta review`,
//! or `INSTA_UPDATE=always cargo test` and `git diff`). Under `CI` a mismatch fails.
//!
//! The numbers in them are worked out by hand in the other tests (score.rs, compare.rs,
//! rank.rs); these pin the whole layout around them.

use crate::util::{fixture, parscore};

/// Runs `args`, which must succeed with `code`, and returns stdout.
fn out(args: &[&str], code: i32) -> String {
    let run = parscore(args);
    assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    run.stdout
}

fn snap(name: &str, text: String) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn score_tables_and_json() {
    let (y24, y25) = (fixture("so-xay-dung-2024.xlsx"), fixture("so-xay-dung-2025.xlsx"));
    snap("score-2025-table", out(&["score", &y25], 0));
    snap("score-2025-table-en", out(&["score", &y25, "--lang", "en"], 0));
    snap("score-2024-table", out(&["score", &y24], 0));
    snap("score-2025-json", out(&["score", &y25, "--format", "json"], 0));
    snap("score-previous-table", out(&["score", &y25, "--previous", &y24], 0));
    snap("score-previous-json", out(&["score", &y25, "--previous", &y24, "--format", "json"], 0));
    let above = fixture("score-above-max.xlsx");
    let lenient = ["score", &above, "--set", "lai-chau/so/2024", "--lenient", "--format", "json"];
    snap("score-lenient-json", out(&lenient, 0));
}

#[test]
fn compare_tables_and_json() {
    let (y24, y25) = (fixture("so-xay-dung-2024.xlsx"), fixture("so-xay-dung-2025.xlsx"));
    snap("compare-table", out(&["compare", &y24, &y25], 0));
    snap("compare-table-en", out(&["compare", &y24, &y25, "--lang", "en"], 0));
    snap("compare-appraised-table", out(&["compare", &y24, &y25, "--basis", "appraised"], 0));
    snap("compare-json", out(&["compare", &y24, &y25, "--format", "json"], 0));
}

#[test]
fn plan_tables_markdown_and_json() {
    let (y24, y25) = (fixture("so-xay-dung-2024.xlsx"), fixture("so-xay-dung-2025.xlsx"));
    let plan = ["plan", &y25, "--previous", &y24, "--target", "78,3"];
    snap("plan-table", out(&plan, 0));
    snap("plan-table-en", out(&[&plan[..], &["--lang", "en"]].concat(), 0));
    snap("plan-md", out(&[&plan[..], &["--format", "md"]].concat(), 0));
    snap("plan-json", out(&[&plan[..], &["--format", "json"]].concat(), 0));
    snap("plan-alone-table", out(&["plan", &y25], 0));
    let ranked = [&plan[..], &["--ranking", "fixtures/xep-hang-2024.ods"]].concat();
    snap("plan-ranked-table", out(&ranked, 0));
    snap("plan-ranked-json", out(&[&ranked[..], &["--format", "json"]].concat(), 0));
}

#[test]
fn rank_tables_and_json() {
    // The fixtures folder, its hostile files included: some rank, the rest are listed.
    snap("rank-table", out(&["rank", "fixtures", "--quiet"], 1));
    snap("rank-table-en", out(&["rank", "fixtures", "--quiet", "--lang", "en"], 1));
    snap("rank-json", out(&["rank", "fixtures", "--quiet", "--format", "json"], 1));
}

#[test]
fn criteria_tables_and_json() {
    snap("criteria-list", out(&["criteria", "list"], 0));
    snap("criteria-list-json", out(&["criteria", "list", "--format", "json"], 0));
    snap("criteria-show-2025", out(&["criteria", "show", "lai-chau/so/2025"], 0));
    snap(
        "criteria-show-2025-en",
        out(&["criteria", "show", "lai-chau/so/2025", "--lang", "en"], 0),
    );
}
