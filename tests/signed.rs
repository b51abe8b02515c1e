//! What the unit signs is what parscore scores: the sheet's own computed values against
//! parscore's (fixtures/signed/, saved by LibreOffice), and the unit's name as the sheet shows
//! it.

use serde_json::Value;

use crate::fill::{self, t};
use crate::util::{fixture, parscore, root, scratch};

fn signed(name: &str) -> String {
    fixture(&format!("signed/{name}"))
}

#[test]
fn a_score_typed_over_its_formula_is_a_problem_at_its_cell() {
    // 1.1.1 reads "Ban hành không kịp thời": 0.5 points; 1 was typed over the formula, so the
    // printed sheet totals 77.55 + 0.5 = 78.05 while parscore scores 77.55.
    let input = signed("typed-over-formula.xlsx");
    let run = parscore(&["score", &input]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one problem, at the leaf: {}", run.stderr);
    assert_eq!(
        lines[1],
        format!(
            "  {input}: 'Tự đánh giá'!H8 (1.1.1): Điểm tự chấm trên bảng là 1, parscore chấm 0,5 \
             từ số liệu đã nhập: điểm đã bị gõ đè lên công thức; hãy nhập lại số liệu và để công \
             thức tự tính"
        )
    );
    // With --lenient, parscore's score stands and the difference is a warning; in JSON it is
    // the first problem, with both values in both languages.
    let json = parscore(&["score", &input, "--lenient", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert!(json.stderr.contains("'Tự đánh giá'!H8 (1.1.1)"), "{}", json.stderr);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["total"], "77.55");
    assert_eq!(report["problems"][0]["cell"], "H8");
    assert_eq!(
        report["problems"][0]["message"]["en"],
        "the sheet shows 1 in Điểm tự chấm, parscore scores 0.5 from the inputs: a score was \
         typed over the formula; enter the input and let the formula compute it"
    );
    // rank leaves it out with the same problem: the office ranks what the unit signed.
    let rank = parscore(&["rank", &input, &fixture("so-xay-dung-2025.xlsx")]);
    assert_eq!(rank.code, 1, "{}", rank.stderr);
    assert!(rank.stdout.contains("H8 (1.1.1): Điểm tự chấm trên bảng là 1"), "{}", rank.stdout);
}

#[test]
fn fillings_the_formulas_read_as_parscore_does_agree() {
    // Each changes one input so that parscore's score stays 77.55: "0,75" as text is 2.1.3's
    // 0.75; 1 000 / 1 200 = 83.3% is 2.1.1's band [70%, 90%), 1 point, as 3/4 was; "Có" in NFD
    // is yes. LibreOffice computed the same, so nothing is reported.
    for name in ["manual-score-as-text.xlsx", "space-thousands.xlsx", "nfd-yes.xlsx"] {
        let run = parscore(&["score", &signed(name), "--format", "json"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["total"], "77.55", "{name}");
        assert_eq!(report["problems"], Value::Array(vec![]), "{name}");
    }
}

/// The 2025 fixture with its visible unit name (B2) replaced.
fn renamed(name: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let bytes = std::fs::read(root().join(fixture("so-xay-dung-2025.xlsx"))).unwrap();
    let out = dir.join("so-tai-chinh-2025.xlsx");
    std::fs::write(&out, fill::filled(&bytes, &[("B2".into(), t(name))])).unwrap();
    out
}

#[test]
fn the_name_on_the_sheet_is_the_unit_scored_and_ranked() {
    // A copy of Sở Xây dựng's workbook whose visible name was changed to Sở Tài chính ranks as
    // Sở Tài chính, beside the real Sở Xây dựng, and the office is told of the difference.
    let dir = scratch("renamed-unit");
    let copy = renamed("Sở Tài chính", &dir);
    std::fs::copy(root().join(fixture("so-xay-dung-2025.xlsx")), dir.join("so-xay-dung.xlsx"))
        .unwrap();
    let run = parscore(&["rank", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let units: Vec<&str> =
        report["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
    // Equal percentages are ordered by name: "Sở Tài chính" before "Sở Xây dựng".
    assert_eq!(units, ["Sở Tài chính", "Sở Xây dựng"]);
    let warning = &report["warnings"][0]["vi"];
    assert_eq!(
        warning.as_str().unwrap(),
        format!(
            "{}: 'Tự đánh giá'!B2: bảng ghi tên đơn vị \"Sở Tài chính\", biểu mẫu được lập cho \
             \"Sở Xây dựng\": chấm điểm và xếp hạng theo tên ghi trên bảng",
            copy.display()
        )
    );
    let score = parscore(&["score", copy.to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_str(&score.stdout).unwrap();
    assert_eq!(report["unit"], "Sở Tài chính");
    assert_eq!(report["notes"][0]["cell"], "B2");
    assert!(score.stderr.starts_with("parscore: lưu ý: "), "{}", score.stderr);
}

#[test]
fn a_template_made_without_a_unit_takes_the_name_typed_in() {
    let dir = scratch("template-no-unit");
    let out = dir.join("t.xlsx");
    let made = parscore(&["template", "--set", "lai-chau/so/2025", "-o", out.to_str().unwrap()]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(made.stderr.contains("đơn vị tự nhập tên vào ô cạnh \"Đơn vị:\""), "{}", made.stderr);
    // Nothing typed: no name.
    let blank = parscore(&["score", out.to_str().unwrap(), "--lenient", "--format", "json"]);
    let report: Value = serde_json::from_str(&blank.stdout).unwrap();
    assert_eq!(report["unit"], Value::Null);
    // The unit types its name in B2 (an unlocked input cell): that is its name, with no note,
    // since the template recorded none.
    let bytes = std::fs::read(&out).unwrap();
    let typed = dir.join("typed.xlsx");
    std::fs::write(&typed, fill::filled(&bytes, &[("B2".into(), t("Sở Tư pháp"))])).unwrap();
    let run = parscore(&["score", typed.to_str().unwrap(), "--lenient", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["unit"], "Sở Tư pháp");
    assert_eq!(report["notes"], Value::Array(vec![]));
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    let b2 = &sheet[sheet.find("<c r=\"B2\"").unwrap()..];
    let style: usize = b2["<c r=\"B2\" s=\"".len()..].split('"').next().unwrap().parse().unwrap();
    let styles = zip_entry(&bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    assert!(xf.contains("locked=\"0\""), "B2 is an input cell: {xf}");
}

#[test]
fn a_table_pasted_without_the_hidden_sheet_is_read_on_the_set_its_heading_names() {
    // Row 4 says "Mã bộ tiêu chí: lai-chau/so/2025. …": the set is found from it.
    let bytes = std::fs::read(root().join(fixture("so-xay-dung-2025.xlsx"))).unwrap();
    let dir = scratch("pasted");
    let out = dir.join("pasted.xlsx");
    std::fs::write(&out, without_hidden_sheet(&bytes)).unwrap();
    let run = parscore(&["score", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((&report["set"], &report["total"]), (&"lai-chau/so/2025".into(), &"77.55".into()));
    assert_eq!(report["unit"], "Sở Xây dựng");
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The workbook without its hidden `parscore` sheet's cells, as if the table were pasted into
/// a new workbook: the sheet stays listed but holds nothing.
fn without_hidden_sheet(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let workbook = zip_entry(bytes, "xl/workbook.xml");
    let meta_id = workbook
        .split("<sheet ")
        .find(|s| s.contains("name=\"parscore\""))
        .and_then(|s| s.split("sheetId=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == format!("xl/worksheets/sheet{meta_id}.xml") {
            let xml = String::from_utf8(data).unwrap();
            let (head, rest) = xml.split_once("<sheetData>").unwrap();
            let tail = &rest[rest.find("</sheetData>").unwrap()..];
            data = format!("{head}<sheetData>{tail}").into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}
