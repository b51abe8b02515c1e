//! `parscore criteria list|show|check`.

use crate::util::{parscore, root, scratch};

#[test]
fn list_shows_both_lai_chau_sets() {
    let run = parscore(&["criteria", "list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> =
        rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["lai-chau/so/2024", "lai-chau/so/2025"]);
    for r in rows.as_array().unwrap() {
        // 8 domains, 32 criteria, 86 sub-criteria in each year (2025 adds one and removes one).
        assert_eq!(r["total"], "100");
        assert_eq!(r["domains"], 8);
        assert_eq!(r["criteria"], 32);
        assert_eq!(r["sub_criteria"], 86);
        assert_eq!(r["provenance"], "reconstruction");
    }
    let table = parscore(&["criteria", "list"]);
    assert!(table.stdout.contains("lai-chau/so/2025"), "{}", table.stdout);
}

#[test]
fn check_passes_for_every_shipped_set() {
    let run = parscore(&["criteria", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "ok  lai-chau/so/2024 (criteria/lai-chau/so-2024.json)\nok  lai-chau/so/2025 (criteria/lai-chau/so-2025.json)\n"
    );
}

#[test]
fn check_names_a_changed_leaf_and_its_parent() {
    let json = std::fs::read_to_string(root().join("criteria/lai-chau/so-2025.json")).unwrap();
    let mut set: serde_json::Value = serde_json::from_str(&json).unwrap();
    // 1.1.1 (max 1) under 1.1 (max 5 = 1 + 1 + 1 + 2): raising 1.1.1 to 1.5 makes the children sum to 5.5.
    let leaf = &mut set["criteria"][0]["children"][0]["children"][0];
    assert_eq!(leaf["code"], "1.1.1");
    leaf["max"] = "1.5".into();
    let dir = scratch("check-changed-max");
    let path = dir.join("so-2025-edited.json");
    std::fs::write(&path, serde_json::to_string_pretty(&set).unwrap()).unwrap();
    // In Vietnamese by default, decimal commas and all; in English on request.
    let run = parscore(&["criteria", "check", path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(": 1.1: tổng điểm tối đa các tiêu chí con là 5,5, khác điểm tối đa 5 (1.1.1 = 1,5, 1.1.2 = 1, 1.1.3 = 1, 1.1.4 = 2)\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("\nparscore: 1 trong 1 bộ tiêu chí không hợp lệ\n"),
        "{}",
        run.stderr
    );
    let en = parscore(&["criteria", "check", path.to_str().unwrap(), "--lang", "en"]);
    assert!(
        en.stderr.contains(": 1.1: its children's maxima sum to 5.5, not its maximum 5 (1.1.1 = 1.5, 1.1.2 = 1, 1.1.3 = 1, 1.1.4 = 2)\n"),
        "{}",
        en.stderr
    );
}

#[test]
fn check_reports_json_that_is_not_json() {
    let dir = scratch("check-not-json");
    let path = dir.join("broken.json");
    std::fs::write(&path, "{ \"id\": \"x\",").unwrap();
    let run = parscore(&["criteria", "check", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "broken.json: not a valid criteria file: the file ends before the JSON does (line 1, column 12)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn show_prints_rules_in_vietnamese() {
    let run = parscore(&["criteria", "show", "lai-chau/so/2025"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Cà Mau's wording for 1.1.1, reused by the reconstruction.
    assert!(
        run.stdout
            .contains("Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0"),
        "{}",
        run.stdout
    );
    let unknown = parscore(&["criteria", "show", "ha-noi/so/2025", "--lang", "en"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.starts_with("parscore: no criteria set \"ha-noi/so/2025\""),
        "{}",
        unknown.stderr
    );
    let vi = parscore(&["criteria", "show", "ha-noi/so/2025"]);
    assert_eq!(vi.code, 2);
    assert!(
        vi.stderr.starts_with(
            "parscore: không có bộ tiêu chí \"ha-noi/so/2025\": không phải mã bộ tiêu chí có sẵn \
             (lai-chau/so/2024, "
        ),
        "{}",
        vi.stderr
    );
}

#[test]
fn export_then_import_gives_back_the_same_set() {
    let dir = scratch("annex-round-trip");
    let annex = dir.join("phu-luc.xlsx");
    let annex_s = annex.to_str().unwrap();
    let export = parscore(&["criteria", "export", "lai-chau/so/2025", "-o", annex_s]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let import = parscore(&[
        "criteria",
        "import",
        annex_s,
        "--id",
        "lai-chau/so/2025",
        "--year",
        "2025",
        "--level",
        "so",
    ]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let shown = parscore(&["criteria", "show", "lai-chau/so/2025", "--format", "json"]);
    let a: serde_json::Value = serde_json::from_str(&import.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(a, b);
}

#[test]
fn next_years_set_started_from_an_export_does_not_inherit_its_title_or_decision() {
    // A Sở Nội vụ exports the 2025 set and imports it as 2026's: the criteria come along, but
    // the title ("… năm 2025 (bản tái dựng)"), the previous set (2024) and the source decision
    // are the 2025 set's, so they are dropped and the user is told which flags give them.
    let dir = scratch("annex-next-year");
    let annex = dir.join("phu-luc-2025.xlsx");
    let annex_s = annex.to_str().unwrap();
    let export = parscore(&["criteria", "export", "lai-chau/so/2025", "-o", annex_s]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let args = ["criteria", "import", annex_s, "--id", "lai-chau/so/2026", "--year", "2026"];
    let plain = parscore(&[&args[..], &["--level", "so", "--lang", "en"]].concat());
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(
        plain.stderr.contains("exported from the set lai-chau/so/2025")
            && plain.stderr.contains("--title, --previous and --source"),
        "{}",
        plain.stderr
    );
    let set: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    assert_eq!(set["title"], "Bộ tiêu chí lai-chau/so/2026 (nhập từ phu-luc-2025.xlsx)");
    assert_eq!(set["previous"], serde_json::Value::Null);
    assert_eq!(set["provenance"]["source"], "phu-luc-2025.xlsx");
    assert_eq!(set["criteria"].as_array().map(Vec::len), Some(8));

    let title = "Bộ tiêu chí Chỉ số CCHC các sở, ban, ngành tỉnh Lai Châu năm 2026";
    let given = parscore(
        &[
            &args[..],
            &["--level", "so", "--title", title, "--previous", "lai-chau/so/2025"],
            &["--source", "Quyết định 1/QĐ-UBND"],
        ]
        .concat(),
    );
    assert_eq!(given.code, 0, "{}", given.stderr);
    let set: serde_json::Value = serde_json::from_str(&given.stdout).unwrap();
    assert_eq!(set["title"], title);
    assert_eq!(set["previous"], "lai-chau/so/2025");
    assert_eq!(set["provenance"]["source"], "Quyết định 1/QĐ-UBND");
    // 2025's previous_code links (5.4.4 ← 5.5.2, 7.2.4 ← 7.3.4, 8.1.5 ← 8.2.2) point into 2024:
    // dropped, so the new set checks against 2025, whose codes it keeps.
    let text = serde_json::to_string(&set).unwrap();
    assert!(!text.contains("previous_code"), "{text}");
    let json = dir.join("lai-chau-2026.json");
    std::fs::write(&json, &given.stdout).unwrap();
    let check = parscore(&["criteria", "check", json.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn importing_the_ca_mau_annex_lists_what_does_not_add_up() {
    // Cà Mau's domain 1 is 20 points, but only criteria 1.1 (5) and 1.2 (2) and the heading of
    // 1.3 (3) are public: the rules are read, and the sums that cannot hold are reported by row.
    let run = parscore(&[
        "criteria",
        "import",
        "fixtures/annex-ca-mau-linh-vuc-1.ods",
        "--id",
        "ca-mau/so/2013",
        "--year",
        "2013",
        "--level",
        "so",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The domain's children add up to 5 + 2 + 3 = 10 of its 20, placed on its row (6).
    assert!(
        run.stderr.contains(
            ": dòng 6 (1): tổng điểm tối đa các tiêu chí con là 10, khác điểm tối đa 20 (1.1 = 5, 1.2 = 2, 1.3 = 3)\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_readmes_try_it_command_works() {
    // The README's one command that runs the main job, run here with the built binary.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- "))
        .expect("a Try it command");
    let args: Vec<&str> =
        line.trim_start_matches("cargo run --release -- ").split_whitespace().collect();
    let run = parscore(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("78,30% (Khá) → 2025 (tự đánh giá): 77,55% (Khá)"),
        "{}",
        run.stdout
    );
}
