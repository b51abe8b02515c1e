//! `parscore rank` on folders written into a scratch directory: workbooks made with the
//! template writer from inputs chosen so every percentage can be worked out by hand, copies of
//! the 2024 fixture (78.30), and broken files.

use std::path::Path;
use std::process::Command;

use parscore_core::{catalog, CriteriaSet, Decimal, Input, Inputs, RatioInput, Rule};
use parscore_write::{write_template, TemplateMeta};
use serde_json::Value;

use crate::util::{fixture, parscore, root, scratch};

/// Full marks on every leaf of `set`: each rule's best input.
fn full_marks(set: &CriteriaSet) -> Inputs {
    let mut inputs = Inputs::default();
    for node in set.nodes().into_iter().filter(|n| n.is_leaf()) {
        let Some(rule) = &node.rule else { continue };
        let input = match rule {
            Rule::Manual { .. } => Input::Score(node.max),
            Rule::Boolean { .. } => Input::Yes(true),
            Rule::Choice { options } => {
                let best = options.iter().max_by_key(|o| o.points).unwrap();
                Input::Choice(best.label.clone())
            }
            Rule::Bands { input: RatioInput::Fraction, .. }
            | Rule::Proportional { input: RatioInput::Fraction } => {
                Input::Fraction { numerator: Decimal::ONE, denominator: Decimal::ONE }
            }
            Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
                Input::Percent(Decimal::ONE_HUNDRED)
            }
            Rule::Deduction { .. } => Input::Count(0),
            Rule::Count { per } => {
                Input::Count((node.max / per).ceil().to_string().parse().unwrap())
            }
        };
        inputs.set(&node.code, input);
    }
    inputs
}

/// Writes `dir/file`: the template of `set_id` for `unit`, full marks but for `changes`.
pub(crate) fn workbook(
    dir: &Path,
    file: &str,
    set_id: &str,
    unit: &str,
    changes: &[(&str, Input)],
) {
    let set = catalog::find(set_id).unwrap();
    let mut inputs = full_marks(&set);
    for (code, input) in changes {
        inputs.set(code, input.clone());
    }
    let meta = TemplateMeta { unit: unit.into(), year: set.year };
    std::fs::write(dir.join(file), write_template(&set, &meta, Some(&inputs)).unwrap()).unwrap();
}

/// Four 2025 units whose percentages are worked out by hand (the set's maximum is 100):
/// - A: full marks → 100 / 100 = 100.00;
/// - B and C: 2.3.1 (proportional, max 1) at 50% → 0.5 lost → 99.50, domain 2 9.5 / 10 = 95.00;
/// - D, recorded with no unit (so named by its file stem): 5.2.1 (yes/no, max 1.5) no → 1.5
///   lost, and 7.3.3 (max 1) not applicable, which leaves the maximum → 97.5 / 99 = 98.4848…
///   → 98.48.
fn four_units(dir: &Path) {
    let half = || Input::Percent(Decimal::from(50));
    workbook(dir, "a.xlsx", "lai-chau/so/2025", "Đơn vị A", &[]);
    workbook(dir, "b.xlsx", "lai-chau/so/2025", "Đơn vị B", &[("2.3.1", half())]);
    // In a sub-folder, to show the folder is searched recursively.
    std::fs::create_dir_all(dir.join("xa")).unwrap();
    workbook(&dir.join("xa"), "c.xlsx", "lai-chau/so/2025", "Đơn vị C", &[("2.3.1", half())]);
    workbook(
        dir,
        "so-tu-phap.xlsx",
        "lai-chau/so/2025",
        "",
        &[("5.2.1", Input::Yes(false)), ("7.3.3", Input::NotApplicable)],
    );
}

/// `parscore ARGS --lang en` and its JSON report, whose problems are then in English.
fn json(args: &[&str], code: i32) -> Value {
    let run = parscore(&[args, &["--lang", "en"]].concat());
    assert_eq!(run.code, code, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn ranks(report: &Value) -> Vec<(u64, String, String)> {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let unit = u["unit"].as_str().unwrap().to_string();
            (u["rank"].as_u64().unwrap(), unit, u["percent"].as_str().unwrap().to_string())
        })
        .collect()
}

fn owned(rows: &[(u64, &str, &str)]) -> Vec<(u64, String, String)> {
    rows.iter().map(|(r, u, p)| (*r, u.to_string(), p.to_string())).collect()
}

#[test]
fn ranks_units_and_ties_share_a_rank() {
    let dir = scratch("rank-four");
    four_units(&dir);
    let report = json(&["rank", dir.to_str().unwrap(), "--format", "json"], 0);
    assert_eq!(report["set"], "lai-chau/so/2025");
    assert_eq!((report["ranked"].as_u64(), report["failed"].as_u64()), (Some(4), Some(0)));
    // B and C tie on 99.50 and share rank 2; D is 4th, not 3rd.
    assert_eq!(
        ranks(&report),
        owned(&[
            (1, "Đơn vị A", "100.00"),
            (2, "Đơn vị B", "99.50"),
            (2, "Đơn vị C", "99.50"),
            (4, "so-tu-phap", "98.48"),
        ])
    );
    let b = &report["units"][1];
    assert_eq!(b["grade"], serde_json::json!({"vi": "Xuất sắc", "en": "Excellent"})); // ≥ 90
    assert_eq!(b["total"], "99.5");
    assert_eq!(b["domains"][1]["code"], "2");
    assert_eq!(b["domains"][1]["percent"], "95.00");
    let d = &report["units"][3];
    assert_eq!((d["total"].as_str(), d["max"].as_str()), (Some("97.5"), Some("99")));
    // 7.3.3 leaves domain 7's maximum: 15 − 1 = 14, all earned → 100.00.
    assert_eq!(d["domains"][6]["max"], "14");
    assert_eq!(d["domains"][6]["percent"], "100.00");
    // Domain 5 lost 1.5 of 15 → 13.5 / 15 = 90.00.
    assert_eq!(d["domains"][4]["percent"], "90.00");
    assert!(report.get("previous").is_none());
    assert!(report["units"][0].get("previous").is_none());
}

#[test]
fn the_table_shows_rank_percent_grade_total_and_domains() {
    let dir = scratch("rank-table");
    four_units(&dir);
    let run = parscore(&["rank", dir.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no progress counter when stderr is not a terminal");
    let line = |unit: &str| {
        let l = run.stdout.lines().find(|l| l.contains(unit)).unwrap();
        l.split_whitespace().map(str::to_string).collect::<Vec<_>>()
    };
    // Rank, unit (two words), percent, grade, total, then the 8 domains.
    assert_eq!(line("Đơn vị B")[..7], ["2", "Đơn", "vị", "B", "99.50", "Excellent", "99.5"]);
    assert_eq!(
        line("Đơn vị B")[7..],
        ["100.00", "95.00", "100.00", "100.00", "100.00", "100.00", "100.00", "100.00"]
    );
    assert_eq!(line("so-tu-phap")[..5], ["4", "so-tu-phap", "98.48", "Excellent", "97.5"]);
    assert!(run.stdout.contains("4 unit(s) ranked, 0 workbook(s) could not be scored"));
    assert!(run.stdout.contains("D2: Cải cách thể chế"), "{}", run.stdout);
}

#[test]
fn a_unit_named_by_two_workbooks_is_left_out_and_listed() {
    // B resubmitted beside its first workbook: ranking both would give B two places and push
    // the units below it down. Both copies are listed, A, C and D ranked: A 1st, C 2nd (99.50,
    // no longer tied with B), D 3rd (98.48); exit 1 as for any workbook left out.
    let dir = scratch("rank-resubmitted");
    four_units(&dir);
    std::fs::copy(dir.join("b.xlsx"), dir.join("b-nop-lai.xlsx")).unwrap();
    let report = json(&["rank", dir.to_str().unwrap(), "--format", "json"], 1);
    assert_eq!(
        ranks(&report),
        owned(&[(1, "Đơn vị A", "100.00"), (2, "Đơn vị C", "99.50"), (3, "so-tu-phap", "98.48")])
    );
    let failures = report["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 2);
    for f in failures {
        let error = f["error"]["en"].as_str().unwrap();
        assert!(error.contains("the unit \"Đơn vị B\" is named by 2 workbooks"), "{error}");
        assert!(error.contains("none of them is ranked"), "{error}");
    }
    let vi = parscore(&["rank", dir.to_str().unwrap()]);
    assert_eq!(vi.code, 1, "{}", vi.stderr);
    assert!(vi.stdout.contains("đơn vị \"Đơn vị B\" có 2 bảng tính"), "{}", vi.stdout);
}

#[test]
fn last_years_folder_must_be_of_an_earlier_year() {
    // Ranking 2025 against a folder of 2025 (here, the same folder) would compare nothing.
    let dir = scratch("rank-same-year");
    four_units(&dir);
    let d = dir.to_str().unwrap();
    let run = parscore(&["rank", d, "--previous-dir", d]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "parscore: --previous-dir là các bảng tính năm 2025, nhưng bảng xếp hạng là năm 2025: thư \
         mục năm trước phải là của một năm trước đó\n"
    );
}

/// A folder with the four units, a corrupt file, an empty file, a 2024 workbook, and files that
/// are not workbooks or are lock files (skipped without a word).
fn mixed(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    four_units(&dir);
    std::fs::write(dir.join("corrupt.xlsx"), b"PK\x03\x04 this is not a zip archive").unwrap();
    std::fs::write(dir.join("empty.xlsx"), b"").unwrap();
    std::fs::copy(root().join(fixture("so-xay-dung-2024.xlsx")), dir.join("sxd-2024.xlsx"))
        .unwrap();
    std::fs::write(dir.join(".~lock.a.xlsx#"), b"x").unwrap();
    std::fs::write(dir.join("~$a.xlsx"), b"x").unwrap();
    std::fs::write(dir.join("notes.txt"), b"x").unwrap();
    dir
}

fn failure<'a>(report: &'a Value, file: &str) -> &'a Value {
    let list = report["failures"].as_array().unwrap();
    list.iter().find(|f| f["file"].as_str().unwrap().ends_with(file)).unwrap()
}

#[test]
fn bad_workbooks_are_listed_and_the_rest_still_ranked() {
    let dir = mixed("rank-mixed");
    let report = json(&["rank", dir.to_str().unwrap(), "--format", "json"], 1);
    assert_eq!((report["ranked"].as_u64(), report["failed"].as_u64()), (Some(4), Some(3)));
    assert_eq!(ranks(&report)[0], (1, "Đơn vị A".to_string(), "100.00".to_string()));
    let files: Vec<&str> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 3, "lock files and notes.txt are skipped: {files:?}");
    let errors = |file: &str| failure(&report, file)["error"]["en"].to_string();
    assert!(
        errors("corrupt.xlsx").contains("corrupt.xlsx: is damaged"),
        "{}",
        errors("corrupt.xlsx")
    );
    assert!(
        errors("empty.xlsx").contains("empty.xlsx: is empty (0 bytes)"),
        "{}",
        errors("empty.xlsx")
    );
    // Without --set the batch keeps the set most workbooks record: 2025, four of the five
    // scored.
    assert!(
        errors("sxd-2024.xlsx").contains(
            "sxd-2024.xlsx: made for criteria set lai-chau/so/2024, but the ranking is of \
             lai-chau/so/2025, the set most workbooks record (4 of 5)"
        ),
        "{}",
        errors("sxd-2024.xlsx")
    );

    // With --set, the 2024 workbook's own record says it belongs to another set.
    let report =
        json(&["rank", dir.to_str().unwrap(), "--set", "lai-chau/so/2025", "--format", "json"], 1);
    assert_eq!(report["ranked"], 4);
    // A problem of the workbook's sheet as a whole (no cell), with its place.
    let first = &failure(&report, "sxd-2024.xlsx")["problems"][0];
    assert_eq!(first["cell"], serde_json::Value::Null);
    assert_eq!(
        first["message"]["en"],
        "this workbook was made for criteria set lai-chau/so/2024, not lai-chau/so/2025"
    );
}

#[test]
fn the_table_lists_the_failures_after_the_ranking() {
    let dir = mixed("rank-mixed-table");
    let run = parscore(&["rank", dir.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("3 of 7 workbook(s) could not be scored"), "{}", run.stderr);
    // Vietnamese by default: the table, its problems and the headline.
    let run = parscore(&["rank", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("không chấm được 3 trong 7 bảng tính, đã loại khỏi xếp hạng"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("empty.xlsx: tệp rỗng (0 byte)"), "{}", run.stdout);
    let (ranking, failures) = run.stdout.split_once("Không chấm được 3 bảng").unwrap();
    assert!(ranking.contains("Đơn vị A"));
    for file in ["corrupt.xlsx", "empty.xlsx", "sxd-2024.xlsx"] {
        assert!(failures.contains(file), "{file} missing from:\n{failures}");
        assert!(!ranking.contains(file));
    }
}

#[test]
fn a_folder_of_bad_files_only_exits_2() {
    let dir = scratch("rank-all-bad");
    std::fs::write(dir.join("corrupt.xlsx"), b"not a workbook").unwrap();
    std::fs::write(dir.join("empty.ods"), b"").unwrap();
    let report = json(&["rank", dir.to_str().unwrap(), "--format", "json"], 2);
    assert_eq!((report["ranked"].as_u64(), report["failed"].as_u64()), (Some(0), Some(2)));
    assert_eq!(report["set"], Value::Null);

    let empty = scratch("rank-no-workbooks");
    let run = parscore(&["rank", empty.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no workbooks (.xlsx, .xlsm, .xls, .ods) in"), "{}", run.stderr);
}

#[test]
fn the_workbook_limits_of_score_apply_to_every_workbook() {
    let dir = scratch("rank-limits");
    four_units(&dir);
    let base = ["rank", dir.to_str().unwrap(), "--format", "json"];

    // Every workbook is over 10 kB: none can be scored (exit 2), and each failure names the
    // limit and the flag that raises it.
    let report = json(&[&base[..], &["--max-file-size", "10kB"]].concat(), 2);
    assert_eq!((report["ranked"].as_u64(), report["failed"].as_u64()), (Some(0), Some(4)));
    for file in ["a.xlsx", "b.xlsx", "c.xlsx", "so-tu-phap.xlsx"] {
        let failure = failure(&report, file);
        let path = failure["file"].as_str().unwrap();
        let size = std::fs::metadata(path).unwrap().len();
        // At 10 kB or more, the size is shown in whole kilobytes (human_size).
        assert!(size >= 10_000, "{size}");
        let expected = format!(
            "{path}: the file is {} kB, over the 10 kB limit on file size; if the workbook is \
             genuine, raise the limit with --max-file-size SIZE",
            size / 1000
        );
        assert_eq!(failure["error"]["en"], expected);
        assert_eq!(failure["problems"], serde_json::json!([]));
    }

    // The sheet has a row per domain, criterion and sub-criterion, well over 20.
    let report = json(&[&base[..], &["--max-rows", "20"]].concat(), 2);
    assert_eq!(report["failed"], 4);
    let errors = failure(&report, "a.xlsx")["error"]["en"].to_string();
    assert!(
        errors.contains(
            "rows, over the limit of 20 rows; if the workbook is genuine, raise the limit with \
             --max-rows ROWS"
        ),
        "{errors}"
    );

    // Last year's workbooks are held to the same limits: they are listed, not ranked.
    let last = scratch("rank-limits-last");
    std::fs::copy(root().join(fixture("so-xay-dung-2024.xlsx")), last.join("sxd.xlsx")).unwrap();
    let args = ["--previous-dir", last.to_str().unwrap(), "--max-unpacked-size", "1kB"];
    let run = parscore(&[&base[..], &args[..], &["--lang", "en"]].concat());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 of last year's workbooks could not be scored"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--max-unpacked-size SIZE"), "{}", run.stderr);

    // Limits raised above the workbooks change nothing.
    let report = json(&[&base[..], &["--max-file-size", "1GB", "--max-rows", "1000"]].concat(), 0);
    assert_eq!(report["ranked"], 4);
}

#[test]
fn compares_with_last_year_by_unit_name() {
    let dir = scratch("rank-now");
    four_units(&dir);
    // Last year (2024 set, maximum 100): B full → 100.00, 1st; A without 1.1.2 (max 1) →
    // 99.00, 2nd; the Department of Construction → 78.30, 3rd.
    let last = scratch("rank-last");
    workbook(&last, "b.xlsx", "lai-chau/so/2024", "Đơn vị B", &[]);
    workbook(&last, "a.xlsx", "lai-chau/so/2024", "Đơn vị A", &[("1.1.2", Input::Yes(false))]);
    std::fs::copy(root().join(fixture("so-xay-dung-2024.xlsx")), last.join("sxd.xlsx")).unwrap();

    let args = ["rank", dir.to_str().unwrap(), "--previous-dir", last.to_str().unwrap()];
    let report = json(&[&args[..], &["--format", "json"]].concat(), 0);
    assert_eq!(report["previous"]["set"], "lai-chau/so/2024");
    assert_eq!(report["previous"]["ranked"], 3);
    let prev = |i: usize| report["units"][i]["previous"].clone();
    // A: 100.00 − 99.00 = +1.00, from 2nd to 1st: +1.
    assert_eq!(
        prev(0),
        serde_json::json!({"percent": "99.00", "rank": 2, "delta": "1.00", "rank_change": 1})
    );
    // B: 99.50 − 100.00 = −0.50, from 1st to 2nd: −1.
    assert_eq!(
        prev(1),
        serde_json::json!({"percent": "100.00", "rank": 1, "delta": "-0.50", "rank_change": -1})
    );
    // C and so-tu-phap were not ranked last year.
    assert_eq!(prev(2), Value::Null);
    assert_eq!(prev(3), Value::Null);

    let run = parscore(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a = run.stdout.lines().find(|l| l.contains("Đơn vị A")).unwrap();
    let last3: Vec<&str> = a.split_whitespace().rev().take(3).collect();
    assert_eq!(last3, ["+1", "+1.00", "99.00"], "{a}");
    // B fell: the table writes minus signs, as compare does.
    let b = run.stdout.lines().find(|l| l.contains("Đơn vị B")).unwrap();
    let last3: Vec<&str> = b.split_whitespace().rev().take(3).collect();
    assert_eq!(last3, ["−1", "−0.50", "100.00"], "{b}");
    let c = run.stdout.lines().find(|l| l.contains("Đơn vị C")).unwrap();
    let last3: Vec<&str> = c.split_whitespace().rev().take(3).collect();
    assert_eq!(last3, ["—", "—", "—"], "{c}");
}

#[test]
fn xlsx_report_is_written_and_never_over_a_workbook_it_ranks() {
    let dir = mixed("rank-xlsx");
    let out = dir.join("ranking.xlsx");
    let args = ["rank", dir.to_str().unwrap(), "--format", "xlsx", "-o", out.to_str().unwrap()];
    let run = parscore(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    // A second run over the same folder would replace a file it reads as a workbook: refused,
    // even with --force, before anything is scored; the report stays as it was.
    let before = std::fs::read(&out).unwrap();
    let run = parscore(&[&args[..], &["--force", "--lang", "en"]].concat());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("it is the input workbook"), "{}", run.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), before);
    // Written outside the folder, it is replaced with --force.
    let outside = scratch("rank-xlsx-out").join("ranking.xlsx");
    let elsewhere =
        ["rank", dir.to_str().unwrap(), "--format", "xlsx", "-o", outside.to_str().unwrap()];
    std::fs::remove_file(&out).unwrap();
    assert_eq!(parscore(&elsewhere).code, 1);
    // It exists: replacing it needs --force (the message in English: Vietnamese is the default).
    let run = parscore(&[&elsewhere[..], &["--lang", "en"]].concat());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already exists; pass --force"), "{}", run.stderr);
    let run = parscore(&[&elsewhere[..], &["--force", "--lang", "en"]].concat());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("3 of 7 workbook(s)"), "{}", run.stderr);
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let dir = mixed("rank-threads");
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_parscore"))
            .args(["rank", dir.to_str().unwrap(), "--format", "json"])
            .current_dir(root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    assert!(one.contains("\"ranked\": 4"));
    assert_eq!(one, run("2"));
    assert_eq!(one, run("5"));
}
