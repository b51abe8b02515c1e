//! Hostile inputs, round 2: what a sender who knows the reader's seams sends, and every path
//! through the same defences — `score`, `rank` and `criteria import` alike. The workbooks are
//! written by `crates/write/examples/make_hostile_fixtures.rs` from the Department of
//! Construction's 2024 self-assessment (78.3 points).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{fixture, parscore, root, scratch, Run};

/// `parscore score fixtures/bad/<name> --lang en <extra…>`.
fn score(name: &str, extra: &[&str]) -> Run {
    let path = fixture(&format!("bad/{name}"));
    parscore(&[&["score", path.as_str(), "--lang", "en"], extra].concat())
}

/// A refusal: exit 2, nothing on stdout, and `expected` in the one message.
fn refused(name: &str, expected: &str) -> String {
    let run = score(name, &[]);
    assert_eq!(run.code, 2, "{name}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{name}");
    let prefix = format!("parscore: fixtures/bad/{name}: ");
    assert!(run.stderr.starts_with(&prefix), "{name}: {}", run.stderr);
    assert!(run.stderr.contains(expected), "{name}: expected {expected:?} in {}", run.stderr);
    run.stderr
}

/// Scores like the 2024 workbook it was made from: 78.3 points.
fn scores_as_the_original(name: &str) {
    let run = score(name, &["--format", "json"]);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["total"], "78.3", "{name}");
}

#[test]
fn a_cell_reference_wrapping_round_32_bits_is_refused_not_put_on_another_cell() {
    // E4294967307 is E11 once 4294967307 wraps round 2³²: calamine would replace 1.1.4's 85
    // with 10 (78.3 − 1 = 77.3 points, scored without a word). It is outside Excel's grid.
    refused(
        "wrapped-cell-reference.xlsx",
        "is damaged or cut short (ask for the file again): the sheet \
         \"xl/worksheets/sheet1.xml\" names the cell or range \"E4294967307\", outside Excel's grid \
         (1048576 rows, 16384 columns)",
    );
    // The dimension too; the largest one inside the grid is valid and scores as usual.
    refused("wrapping-dimension.xlsx", "\"A1:ZZZZZZZZ1\", outside Excel's grid");
    scores_as_the_original("largest-dimension.xlsx");
}

#[test]
fn ambiguous_content_is_refused_naming_what_is_twice() {
    // E11 written twice (85 and 10): which is meant cannot be told.
    refused(
        "duplicate-cell.xlsx",
        "sheet 'Tự đánh giá' holds two values for the one cell E11: which one is meant cannot be \
         told",
    );
    // Two zip entries named xl/worksheets/sheet1.xml: the second (E11 = 10) used to win.
    refused(
        "duplicate-zip-entry.xlsx",
        "the zip holds two entries named \"xl/worksheets/sheet1.xml\": which one is meant cannot \
         be told",
    );
    // A checksum that does not match: the sheet changed after it was written.
    refused(
        "wrong-crc.xlsx",
        "is damaged or cut short (ask for the file again): the entry \"xl/worksheets/sheet1.xml\" \
         of the zip is damaged (",
    );
}

#[test]
fn declared_counts_are_never_trusted_for_memory() {
    // uniqueCount 4,000,000,000: calamine reserved 96 GB for it and the process aborted.
    refused(
        "shared-strings-count.xlsx",
        "its shared strings (sharedStrings.xml) declare 4000000000 strings but hold only 448",
    );
    // 14 million empty strings, 225 MB unpacked (under the limit): refused as it is read, at
    // the first point where what calamine would hold (48 bytes a string) passes 250 MB.
    let message = refused("empty-shared-strings.xlsx", "shared strings would take over 250 MB");
    assert!(message.contains("raise the limit with --max-unpacked-size SIZE"), "{message}");
}

#[test]
fn a_formula_without_a_computed_value_says_to_save_the_workbook_again() {
    let run = score("formula-without-value.xlsx", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "fixtures/bad/formula-without-value.xlsx: 'Tự đánh giá'!E11 (1.1.4): the cell holds a \
             formula but no computed value: the workbook was saved by a program that does not \
             compute formulas (such as openpyxl); open it and save it once in Excel or LibreOffice\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn valid_packages_are_read_and_odd_ones_get_the_readers_answer() {
    // Folders written with `\`: a package calamine reads, scored as the original.
    scores_as_the_original("backslash-paths.xlsx");
    // An Office package whose parts are not under xl/: not "not a workbook", but the reader's
    // answer (no workbook part) in our words.
    refused(
        "parts-elsewhere.xlsx",
        "is damaged or not a workbook parscore can read (xlsx, xls or ods); ask for the file \
         again, or open it in Excel and save it as .xlsx (the reader said: ",
    );
}

#[test]
fn a_set_recorded_in_a_workbook_is_never_opened_as_a_file() {
    // The hidden sheet says set_id = /dev/zero: opening it grew to 13 GB in 30 s. Without
    // --set the workbook names no shipped set, and nothing is opened.
    let path = fixture(&format!("bad/{}", "set-id-is-a-path.xlsx"));
    let run = parscore(&["score", &path, "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "parscore: {path}: the workbook records the criteria set \"/dev/zero\", which is not \
             a set id (province/level/year, such as lai-chau/so/2025); pass --set with its id or \
             JSON file\n"
        )
    );
    // With the set given, it is scored (the record then only has to match, which it does not).
    let run = parscore(&["score", &path, "--set", "lai-chau/so/2024", "--lang", "en"]);
    assert!(
        run.stderr.contains("this workbook was made for criteria set /dev/zero"),
        "{}",
        run.stderr
    );
    // A path given on the command line must be a regular file: not a device, not a pipe.
    let dir = scratch("hostile-set-paths");
    let fifo = dir.join("set.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for set in ["/dev/zero", fifo.to_str().unwrap()] {
        let run =
            parscore(&["score", &fixture("so-xay-dung-2024.xlsx"), "--set", set, "--lang", "en"]);
        assert_eq!(run.code, 2, "{set}: {}", run.stderr);
        assert!(run.stderr.contains("is not a regular file"), "{set}: {}", run.stderr);
    }
    // And a workbook named explicitly must be a regular file too (a pipe blocked forever).
    let run = parscore(&["score", fifo.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not a regular file (a device or a pipe?)"), "{}", run.stderr);
}

#[test]
fn criteria_ids_are_province_level_year_never_a_path() {
    let json = std::fs::read_to_string(root().join("criteria/lai-chau/so-2025.json")).unwrap();
    let dir = scratch("hostile-set-id");
    let path = dir.join("passwd.json");
    std::fs::write(&path, json.replacen("\"lai-chau/so/2025\"", "\"../../etc/passwd\"", 1))
        .unwrap();
    let run = parscore(&["criteria", "check", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "mã bộ tiêu chí \"../../etc/passwd\" không đúng dạng tỉnh/cấp/năm, mỗi phần gồm chữ \
             thường không dấu, chữ số và dấu gạch ngang (ví dụ lai-chau/so/2025)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn criteria_files_with_a_bom_load_and_bad_bytes_are_placed() {
    let json = std::fs::read(root().join("criteria/lai-chau/so-2025.json")).unwrap();
    let dir = scratch("hostile-set-bytes");
    let bom = dir.join("bom.json");
    std::fs::write(&bom, [&b"\xEF\xBB\xBF"[..], &json].concat()).unwrap();
    let run = parscore(&["criteria", "check", bom.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A Latin-1 byte on line 3: its place, and what to do.
    let latin1 = dir.join("latin1.json");
    std::fs::write(&latin1, b"{\n  \"id\": \"x/so/2025\",\n  \"title\": \"B\xE1o c\xE1o\"\n}")
        .unwrap();
    let run = parscore(&["criteria", "check", latin1.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "không phải tệp bộ tiêu chí hợp lệ: không phải văn bản UTF-8 (dòng 3, cột 14); hãy lưu \
             tệp với bảng mã UTF-8"
        ),
        "{}",
        run.stderr
    );
    // JSON of the wrong shape, in the format's words rather than serde's.
    let wrong = dir.join("wrong.json");
    std::fs::write(&wrong, "{\"id\": \"x/so/2025\", \"year\": \"2025\"}").unwrap();
    let run = parscore(&["criteria", "check", wrong.to_str().unwrap(), "--lang", "en"]);
    assert!(
        run.stderr.contains(
            "not a valid criteria file: wrong kind of value: the string \"2025\", expected a whole \
             number (line 1, column 34)"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("u16") && !run.stderr.contains("SetDef"), "{}", run.stderr);
}

#[test]
fn criteria_import_goes_through_the_same_door_as_workbooks() {
    // Each used to panic (exit 101), grow without bound or abort (exit 134) in `criteria import`,
    // which read annexes with calamine directly. Now each is refused in Vietnamese, as `score`
    // refuses it.
    let cases = [
        ("truncated.xls", "tệp bị hỏng hoặc không trọn vẹn"),
        ("looping-sectors.xls", "tệp bị hỏng hoặc không trọn vẹn"),
        ("far-apart-cells.xls", "vượt giới hạn dung lượng giải nén 250 MB"),
        ("far-apart-cells.ods", "vượt giới hạn dung lượng giải nén 250 MB"),
        ("wrapping-dimension.xlsx", "nằm ngoài lưới của Excel"),
        ("shared-strings-count.xlsx", "khai báo 4000000000 chuỗi nhưng chỉ chứa 448 chuỗi"),
        ("empty-shared-strings.xlsx", "vượt giới hạn dung lượng giải nén 250 MB"),
        ("zip-bomb.xlsx", "zip bomb"),
        ("truncated.xlsx", "không đọc được tệp nén zip"),
        ("random-bytes.xlsx", "không phải bảng tính xlsx, xls hoặc ods"),
    ];
    for (name, expected) in cases {
        let path = fixture(&format!("bad/{name}"));
        let args =
            ["criteria", "import", &path, "--id", "x/so/2026", "--year", "2026", "--level", "so"];
        let run = parscore(&args);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.starts_with(&format!("parscore: {path}: ")), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{name}: expected {expected:?} in {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
    }
}

#[test]
fn rank_never_writes_over_a_workbook_it_ranks() {
    let dir = scratch("hostile-rank-overwrite");
    let (u1, u2) = (dir.join("u1.xlsx"), dir.join("u2.xlsx"));
    std::fs::copy(root().join(fixture("so-xay-dung-2024.xlsx")), &u1).unwrap();
    std::fs::copy(root().join(fixture("so-xay-dung-2025.xlsx")), &u2).unwrap();
    let before = std::fs::read(&u1).unwrap();
    let (s1, s2, d) = (u1.to_str().unwrap(), u2.to_str().unwrap(), dir.to_str().unwrap());
    // As files, as a folder, and through a hard link outside the folder: refused before
    // anything is scored, even with --force.
    let link = scratch("hostile-rank-link").join("link.xlsx");
    std::fs::hard_link(&u1, &link).unwrap();
    for args in [
        vec!["rank", s1, s2, "--format", "xlsx", "-o", s1, "--force"],
        vec!["rank", d, "--format", "xlsx", "-o", s1, "--force"],
        vec!["rank", d, "--format", "xlsx", "-o", link.to_str().unwrap(), "--force"],
    ] {
        let run = parscore(&[&args[..], &["--lang", "en"]].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("it is the input workbook"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read(&u1).unwrap(), before);
}

#[test]
fn outputs_are_written_only_over_regular_files() {
    // As root, `-o /dev/null --force` replaced the device with a file and broke the machine.
    let input = fixture("so-xay-dung-2024.xlsx");
    let dir = scratch("hostile-outputs");
    let fifo = dir.join("out.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for out in ["/dev/null", fifo.to_str().unwrap()] {
        let run =
            parscore(&["score", &input, "--format", "json", "-o", out, "--force", "--lang", "en"]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a regular file (a folder, device, pipe or link)"),
            "{}",
            run.stderr
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(Path::new("/dev/null").metadata().unwrap().file_type().is_char_device());
}

#[test]
fn an_unreadable_folder_is_one_failure_and_the_rest_is_ranked() {
    let dir = scratch("hostile-unreadable");
    std::fs::copy(root().join(fixture("so-xay-dung-2025.xlsx")), dir.join("sxd.xlsx")).unwrap();
    let locked = dir.join("khoa");
    std::fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    // Readable by everyone but the locked folder; root reads any folder, so as root parscore
    // runs as nobody (setpriv, from util-linux).
    for d in [dir.as_path(), Path::new(&std::env::temp_dir())] {
        let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777));
    }
    std::fs::set_permissions(dir.join("sxd.xlsx"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_user = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let bin = env!("CARGO_BIN_EXE_parscore");
    let mut cmd = if root_user {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .args(["rank", dir.to_str().unwrap(), "--format", "json", "--lang", "en"])
        .current_dir(root())
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ranked"], 1);
    let failure = &report["failures"][0];
    assert_eq!(failure["file"], locked.to_str().unwrap());
    let error = failure["error"]["en"].as_str().unwrap();
    assert!(error.contains("cannot list the folder: "), "{error}");
}

#[test]
fn a_closed_stdout_is_an_error_not_a_silent_success() {
    let bin = env!("CARGO_BIN_EXE_parscore");
    let input = fixture("so-xay-dung-2024.xlsx");
    let status = Command::new("sh")
        .args(["-c", "exec \"$0\" score \"$1\" >&- 2>/dev/null", bin, &input])
        .current_dir(root())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    // Sent to /dev/null on purpose, it is a success.
    let status = Command::new("sh")
        .args(["-c", "exec \"$0\" score \"$1\" >/dev/null", bin, &input])
        .current_dir(root())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn leftovers_of_killed_writers_are_removed_and_signals_leave_none() {
    let dir = scratch("hostile-leftovers");
    // A write killed with SIGKILL (process 4,000,000,000 does not exist) left this behind.
    let stale = dir.join(".out.json.parscore-4000000000.tmp");
    std::fs::write(&stale, "half").unwrap();
    let out = dir.join("out.json");
    let run = parscore(&[
        "score",
        &fixture("so-xay-dung-2024.xlsx"),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!stale.exists());
    // SIGTERM in the middle of a batch: the handler runs (exit 130) and nothing is left.
    let batch = dir.join("ho-so");
    std::fs::create_dir(&batch).unwrap();
    for i in 0..60 {
        std::fs::copy(
            root().join(fixture("so-xay-dung-2025.xlsx")),
            batch.join(format!("u{i:02}.xlsx")),
        )
        .unwrap();
    }
    let report = dir.join("xep-hang.xlsx");
    let mut child = Command::new(env!("CARGO_BIN_EXE_parscore"))
        .args(["rank", batch.to_str().unwrap(), "--format", "xlsx", "-o", report.to_str().unwrap()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(150));
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    // Either the handler ended it (130) or the batch had already finished (0 or 1).
    assert!(matches!(status.code(), Some(130 | 0 | 1)), "{status:?}");
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_new_line_in_a_file_name_does_not_start_a_line_of_the_ranking() {
    let dir = scratch("hostile-newline");
    std::fs::copy(root().join(fixture("so-xay-dung-2025.xlsx")), dir.join("sxd.xlsx")).unwrap();
    std::fs::copy(root().join(fixture("bad/truncated.xlsx")), dir.join("a\nFAKE.xlsx")).unwrap();
    let run = parscore(&["rank", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("a\\nFAKE.xlsx"), "{}", run.stdout);
    assert!(!run.stdout.lines().any(|l| l.starts_with("FAKE")), "{}", run.stdout);
}

/// Runs `parscore args` under `ulimit -v` (600 MB of address space) and a 10 s timeout: the
/// exit code, or a failure naming what went over.
fn bounded(args: &[&str]) -> i32 {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 600000; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_parscore"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            // 101 is a panic, 134 an abort (a failed allocation), a signal a crash.
            let code = status.code().unwrap_or(-1);
            assert!(matches!(code, 0..=2), "{args:?} ended with {status:?}");
            return code;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("{args:?} ran over 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn every_fixture_is_answered_within_bounds_by_every_command() {
    // The standing corpus: every workbook under fixtures/ and fixtures/bad/ through `score`,
    // `rank` and `criteria import`, each under 600 MB of address space and 10 s.
    let mut files: Vec<String> = Vec::new();
    for dir in ["fixtures", "fixtures/bad"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".xlsx") || name.ends_with(".xls") || name.ends_with(".ods") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 50, "{files:?}");
    for f in &files {
        bounded(&["score", f]);
        bounded(&["rank", f]);
        bounded(&["criteria", "import", f, "--id", "x/so/2026", "--year", "2026", "--level", "so"]);
    }
    // A folder holding all of them still ranks the good ones.
    assert_eq!(bounded(&["rank", "fixtures"]), 1);
}
