//! Import and export of annex tables: exact round trips, the Cà Mau rows typed in LibreOffice,
//! problems by row, and files that are no annex.
//!
//! `fixtures/annex-ca-mau-linh-vuc-1.ods` is made by LibreOffice from the CSV beside it:
//! `soffice --headless --calc --infilter="CSV:44,34,76,1,1/2/2/1/3/1" --convert-to ods
//! annex-ca-mau-linh-vuc-1.csv` (column 1, the codes, imported as text).

use std::path::{Path, PathBuf};

use parscore_core::{
    catalog, Band, ChoiceOption, CriteriaSet, Decimal, Level, Method, Node, ProvenanceStatus,
    RatioInput, Rule, SetDef,
};
use parscore_read::{Book, Data, Limits};
use rust_xlsxwriter::Workbook;

use super::*;

/// The problems in English, as `Display` places them.
fn en(problems: &[AnnexProblem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A file in the temp folder, removed when dropped.
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp(name: &str, bytes: &[u8]) -> Temp {
    let path = std::env::temp_dir().join(format!("parscore-annex-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    Temp(path)
}

fn options_of(def: &SetDef) -> ImportOptions {
    ImportOptions {
        id: def.id.clone(),
        year: def.year,
        level: def.level,
        title: None,
        source: None,
        previous: None,
    }
}

/// Exports `set`, imports the file back, and checks nothing changed and nothing was reported.
fn round_trip(set: &CriteriaSet, name: &str) -> SetDef {
    let file = temp(name, &export_annex(set).unwrap());
    let imported = import_annex(&file.0, &options_of(set), &Limits::default()).unwrap();
    assert_eq!(imported.problems, Vec::new(), "{}", set.id);
    assert_eq!(imported.manual_nodes, vec![], "{}", set.id);
    imported.def
}

fn find<'a>(def: &'a SetDef, code: &str) -> &'a Node {
    let pools = def.bonus.iter().chain(&def.penalty).flat_map(|p| &p.items);
    def.criteria.iter().flat_map(Node::walk).chain(pools).find(|n| n.code == code).unwrap()
}

#[test]
fn round_trip_is_exact_for_every_shipped_set() {
    for (shipped, set) in catalog::load_all() {
        let set = set.unwrap();
        let name = shipped.path.replace('/', "-") + ".xlsx";
        assert_eq!(&round_trip(&set, &name), set.def(), "{}", shipped.path);
    }
}

/// Pools (one item coded like a domain), every rule kind and bound, an empty `notes`, a grade
/// without English label, evidence with a `;` inside, a previous code, a survey leaf.
const EVERY_FORM: &str = r#"{
  "id": "thu/huyen/2026", "title": "Bộ tiêu chí thử", "year": 2026, "level": "huyen",
  "total": "10", "previous": "thu/huyen/2025",
  "provenance": { "status": "reconstruction", "source": "tests", "notes": "" },
  "grades": [ { "min": "80", "label": "Tốt" }, { "min": "0", "label": "Chưa tốt", "label_en": "Not good" } ],
  "criteria": [
    { "code": "1", "name": "Lĩnh vực một", "max": "7", "children": [
      { "code": "1.1", "name": "Ban hành kế hoạch", "max": "1", "previous_code": "1.2",
        "evidence": ["Kế hoạch năm", "Báo cáo; phụ lục 2"], "owner": "Văn phòng",
        "rule": { "kind": "choice", "options": [
          { "label": "Kịp thời", "points": "1" }, { "label": "Không kịp thời", "points": "0.5" },
          { "label": "Không ban hành", "points": "0" } ] } },
      { "code": "1.2", "name": "Xử lý phản ánh", "max": "1", "na": "full",
        "rule": { "kind": "boolean", "yes": "Có", "no": "Không" } },
      { "code": "1.3", "name": "Tỷ lệ hồ sơ", "max": "1", "na": "exclude",
        "rule": { "kind": "bands", "input": "fraction", "bands": [
          { "from": "0", "from_inclusive": true, "to": "0", "to_inclusive": true, "points": "0" },
          { "from": "0", "from_inclusive": false, "to": "50", "to_inclusive": false, "points": "0.25" },
          { "from": "50", "from_inclusive": true, "to": "72.5", "to_inclusive": true, "points": "0.5" },
          { "from": "72.5", "from_inclusive": false, "to": "100", "to_inclusive": false, "points": "0.75" },
          { "from": "100", "from_inclusive": true, "to": "100", "to_inclusive": true, "points": "1" } ] } },
      { "code": "1.4", "name": "Tuyên truyền", "max": "1", "rule": { "kind": "proportional" } },
      { "code": "1.5", "name": "Báo cáo", "max": "1", "guidance": "Mỗi lần chậm trừ 0,25 điểm.",
        "rule": { "kind": "deduction", "per": "0.25" } },
      { "code": "1.6", "name": "Ứng dụng", "max": "1", "rule": { "kind": "count", "per": "0.5" } },
      { "code": "1.7", "name": "Chất lượng", "max": "1", "rule": { "kind": "manual" } } ] },
    { "code": "2", "name": "Tác động", "max": "3", "children": [
      { "code": "2.1", "name": "Sự hài lòng", "max": "2", "method": "survey", "rule": { "kind": "survey" } },
      { "code": "2.2", "name": "Đánh giá của Hội đồng", "max": "1", "guidance": "Hội đồng chấm",
        "rule": { "kind": "manual", "step": "0.25" } } ] } ],
  "bonus": { "cap": "1", "items": [
    { "code": "T.1", "name": "Sáng kiến", "max": "1", "rule": { "kind": "count", "per": "0.5" } } ] },
  "penalty": { "cap": "2", "items": [
    { "code": "9", "name": "Vi phạm kỷ luật", "max": "2", "rule": { "kind": "count", "per": "1" } } ] }
}"#;

#[test]
fn round_trip_keeps_pools_and_every_rule_form() {
    let set = CriteriaSet::from_json(EVERY_FORM).unwrap();
    assert_eq!(&round_trip(&set, "every-form.xlsx"), set.def());
}

/// The rows above the table of an exported set: key in A, value in B.
fn details_of(bytes: &[u8]) -> Vec<(String, String)> {
    let mut book = Book::open("annex.xlsx", bytes, &Limits::default()).unwrap();
    let grid = book.sheet(SHEET).unwrap().unwrap();
    let text = |c: Option<&Data>| c.map(|v| v.to_string()).unwrap_or_default();
    grid.rows()
        .map(|(_, row)| (text(row.get(0)), text(row.get(1))))
        .take_while(|(k, _)| k != Col::Code.header())
        .collect()
}

#[test]
fn the_exported_details_are_in_vietnamese() {
    // The level by its Vietnamese name: "huyen" is "Huyện (UBND cấp huyện)".
    let set = CriteriaSet::from_json(EVERY_FORM).unwrap();
    let rows = details_of(&export_annex(&set).unwrap());
    let value = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    assert_eq!(value(keys::LEVEL), Some("Huyện (UBND cấp huyện)"));
    assert_eq!(value(keys::STATUS), Some("tái dựng"));
    // The grades' columns are captioned (the caption's first cell is blank: it is no key).
    assert!(rows.contains(&(String::new(), "Tên xếp loại".to_string())), "{rows:?}");
    assert_eq!(value(keys::GRADE), Some("Tốt"));
    for (level, name) in [
        (Level::So, "Sở, ban, ngành"),
        (Level::Huyen, "Huyện (UBND cấp huyện)"),
        (Level::Xa, "Xã (UBND cấp xã)"),
        (Level::Tinh, "Tỉnh"),
    ] {
        assert_eq!(export::level_name(level), name);
    }
    // A set imported from an annex without notes gets Vietnamese notes, and exports them.
    let opts = ImportOptions {
        id: "ca-mau/so/2013".into(),
        year: 2013,
        level: Level::So,
        title: None,
        source: None,
        previous: None,
    };
    let def = import_annex(&fixture("annex-ca-mau-linh-vuc-1.ods"), &opts, &Limits::default())
        .unwrap()
        .def;
    let notes = def.provenance.notes.clone();
    assert!(notes.starts_with("Nhập bằng parscore từ bảng phụ lục"), "{notes}");
    // It does not validate (only part of domain 1 is known): keep 1.1 (5) and 1.2 (2), whose
    // rows are whole, so that domain 1 and the total are 5 + 2 = 7.
    let mut def = def;
    def.criteria[0].children.retain(|c| c.code != "1.3");
    def.criteria[0].max = d("7");
    def.total = d("7");
    let set = CriteriaSet::from_def(def).unwrap();
    let rows = details_of(&export_annex(&set).unwrap());
    let value = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    assert_eq!(value(keys::LEVEL).as_deref(), Some("Sở, ban, ngành"));
    assert_eq!(value(keys::NOTES), Some(notes));
}

/// The one thing a round trip changes: a boolean without labels is written "Có: 1; Không: 0"
/// and read back with those labels, which score and read the same.
#[test]
fn a_boolean_without_labels_comes_back_labelled_co_khong() {
    let json = EVERY_FORM.replace(r#", "yes": "Có", "no": "Không""#, "");
    let set = CriteriaSet::from_json(&json).unwrap();
    let def = round_trip(&set, "unlabelled.xlsx");
    assert_eq!(
        find(&def, "1.2").rule,
        Some(Rule::Boolean { yes: Some("Có".into()), no: Some("Không".into()) })
    );
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

#[test]
fn ca_mau_domain_1_typed_in_libreoffice() {
    let opts = ImportOptions {
        id: "ca-mau/so/2013".into(),
        year: 2013,
        level: Level::So,
        title: None,
        source: Some("Quyết định 1880/QĐ-UBND của UBND tỉnh Cà Mau".into()),
        previous: None,
    };
    let imported =
        import_annex(&fixture("annex-ca-mau-linh-vuc-1.ods"), &opts, &Limits::default()).unwrap();
    let def = &imported.def;
    let rule = |code: &str| find(def, code).rule.clone().unwrap();
    let option =
        |label: &str, points: &str| ChoiceOption { label: label.into(), points: d(points) };
    let boolean =
        |yes: &str, no: &str| Rule::Boolean { yes: Some(yes.into()), no: Some(no.into()) };

    // Options as one line of text in the name column, with a decimal comma.
    assert_eq!(
        rule("1.1.1"),
        Rule::Choice {
            options: vec![
                option("Ban hành kịp thời", "1"),
                option("Ban hành không kịp thời", "0.5"),
                option("Không ban hành", "0"),
            ]
        }
    );
    // Options as rows without a code: the no starts with "Không", worth 0 against the max 1.
    assert_eq!(
        rule("1.1.2"),
        boolean(
            "Xác định đầy đủ nhiệm vụ và có bố trí kinh phí",
            "Không xác định đầy đủ nhiệm vụ hoặc không bố trí kinh phí"
        )
    );
    // Two lines in one cell.
    assert_eq!(rule("1.1.3"), boolean("Đạt yêu cầu", "Không đạt yêu cầu"));
    assert_eq!(
        find(def, "1.1.3").guidance.as_deref(),
        Some("Đạt yêu cầu: 1\nKhông đạt yêu cầu: 0")
    );
    // "trên 90%: 2 | từ 70% - 90%: 1 | dưới 70%: 0" → (90,100] → 2, [70,90] → 1, [0,70) → 0.
    let band = |from: &str, fi, to: &str, ti, points: &str| Band {
        from: d(from),
        from_inclusive: fi,
        to: d(to),
        to_inclusive: ti,
        points: d(points),
    };
    assert_eq!(
        rule("1.1.4"),
        Rule::Bands {
            input: RatioInput::Percent,
            bands: vec![
                band("0", true, "70", false, "0"),
                band("70", true, "90", true, "1"),
                band("90", false, "100", true, "2"),
            ]
        }
    );
    assert_eq!(
        rule("1.2.1"),
        boolean(
            "Đủ số lượng và đúng thời gian quy định",
            "Không đủ số lượng báo cáo hoặc không đúng thời gian quy định"
        )
    );
    assert_eq!(rule("1.2.2"), boolean("Đạt yêu cầu", "Không đạt yêu cầu"));
    // 1.3's rows were not found: a leaf without scoring text, left for a person to finish.
    assert_eq!(rule("1.3"), Rule::Manual { step: None });
    assert_eq!(imported.manual_nodes, vec![("1.3".to_string(), String::new())]);

    // The tree and maxima as typed: 1 (20) → 1.1 (5) = 1 + 1 + 1 + 2, 1.2 (2) = 1 + 1, 1.3 (3).
    let domain = find(def, "1");
    assert_eq!(domain.name, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC");
    let children: Vec<(&str, Decimal)> =
        domain.children.iter().map(|c| (c.code.as_str(), c.max)).collect();
    assert_eq!(children, vec![("1.1", d("5")), ("1.2", d("2")), ("1.3", d("3"))]);
    assert!(def.criteria.iter().flat_map(Node::walk).all(|n| n.method == Method::SelfAssessed));

    // Only part of domain 1 is known: 5 + 2 + 3 = 10 of its 20 points, and 20 of the 100.
    assert_eq!(
        en(&imported.problems),
        vec![
            "the domains' maxima sum to 20, not the set's total 100 (1 = 20)",
            "row 6 (1): its children's maxima sum to 10, not its maximum 20 (1.1 = 5, 1.2 = 2, 1.3 = 3)",
        ]
    );
    // What the annex does not say: defaults, said in the notes.
    assert_eq!(def.title, "Bộ tiêu chí ca-mau/so/2013 (nhập từ annex-ca-mau-linh-vuc-1.ods)");
    assert_eq!(def.provenance.status, ProvenanceStatus::Official);
    assert_eq!(def.provenance.source, "Quyết định 1880/QĐ-UBND của UBND tỉnh Cà Mau");
    // Said in Vietnamese, as the annex it came from and the one it is exported to: no grades
    // and no total row (LibreOffice named the sheet after the CSV).
    assert_eq!(
        def.provenance.notes,
        "Nhập bằng parscore từ bảng phụ lục annex-ca-mau-linh-vuc-1.ods, trang \
         'annex-ca-mau-linh-vuc-1'. Phụ lục không ghi thang xếp loại: dùng thang mặc định của \
         parscore (Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu dưới 50); cần đối \
         chiếu với quyết định. Phụ lục không ghi tổng điểm: lấy 100 điểm, thang điểm của Chỉ số \
         CCHC."
    );
    assert_eq!(def.grades, default_grades());
}

/// Roman domains with codes relative or absolute under them, a row of column numbers, a
/// guidance column alone, a survey by method, a bonus heading, a total row, and bad rows.
#[test]
fn a_table_with_roman_domains_totals_and_bad_rows() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows: &[&[&str]] = &[
        &["PHỤ LỤC"],
        &["TT", "Nội dung", "Điểm chuẩn", "Hướng dẫn chấm điểm", "Phương pháp đánh giá"],
        &["(1)", "(2)", "(3)", "(4)", "(5)"],
        &["I", "Công tác chỉ đạo", "3"],
        &["1", "Kế hoạch", "3"],
        &["1.1", "Ban hành kế hoạch", "1", "Đạt: 1; Không đạt: 0"],
        &[
            "1.2",
            "Tỷ lệ thực hiện",
            "1",
            "Từ 90% trở lên: 1; từ 50% đến dưới 90%: 0,5; dưới 50%: 0",
        ],
        &["1.3", "Họp giao ban", "1", "Hội đồng xem xét"],
        &["II", "Tác động", "2"],
        &["2.1", "Sự hài lòng", "2", "", "Điều tra XHH"],
        &["2.1", "Sự hài lòng (lặp)", "2"],
        &["3.1.1", "Mồ côi", "một"],
        &["", "ĐIỂM THƯỞNG", "1"],
        &["1", "Sáng kiến", "1", "Mỗi sáng kiến được 0,5 điểm, tối đa 1 điểm"],
        &["", "Tổng cộng", "5"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match (c, text.parse::<f64>()) {
                (2, Ok(n)) => sheet.write_number(r, c, n).map(|_| ()),
                _ if text.is_empty() => Ok(()),
                _ => sheet.write_string(r, c, *text).map(|_| ()),
            }
            .unwrap();
        }
    }
    let file = temp("roman.xlsx", &book.save_to_buffer().unwrap());
    let opts = ImportOptions {
        id: "thu/xa/2026".into(),
        year: 2026,
        level: Level::Xa,
        title: Some("Thử".into()),
        source: None,
        previous: None,
    };
    let imported = import_annex(&file.0, &opts, &Limits::default()).unwrap();
    let def = &imported.def;
    let codes: Vec<&str> =
        def.criteria.iter().flat_map(Node::walk).map(|n| n.code.as_str()).collect();
    // Under I the first code is "1": relative (1 → 1.1, 1.1 → 1.1.1); under II "2.1": absolute.
    assert_eq!(codes, ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "2", "2.1", "3.1.1"]);
    assert_eq!(
        find(def, "1.1.1").rule,
        Some(Rule::Boolean { yes: Some("Đạt".into()), no: Some("Không đạt".into()) })
    );
    assert!(matches!(find(def, "1.1.2").rule, Some(Rule::Bands { .. })));
    assert_eq!(find(def, "2.1").rule, Some(Rule::Survey));
    assert_eq!(find(def, "2.1").method, Method::Survey);
    assert_eq!(find(def, "T.1").rule, Some(Rule::Count { per: d("0.5") }));
    assert_eq!(def.bonus.as_ref().map(|p| p.cap), Some(d("1")));
    assert_eq!(def.total, d("5"));
    assert_eq!(find(def, "1.1.3").guidance.as_deref(), Some("Hội đồng xem xét"));
    let manual = |code: &str, text: &str| (code.to_string(), text.to_string());
    assert_eq!(
        imported.manual_nodes,
        vec![manual("1.1.3", "Hội đồng xem xét"), manual("3.1.1", "")]
    );
    assert_eq!(
        en(&imported.problems),
        vec![
            "row 11 (2.1): duplicate code: already on row 10; row skipped",
            "row 12 (3.1.1): the maximum is the text \"một\"; expected a number",
            "row 12 (3.1.1): no row for its parent 3.1",
            "row 12 (3.1.1): a domain's code must be a whole number like \"1\", not \"3.1.1\"",
            "row 12 (3.1.1): the maximum must be positive, not 0",
        ]
    );
}

#[test]
fn files_that_are_no_annex() {
    let opts = ImportOptions {
        id: "x/so/2026".into(),
        year: 2026,
        level: Level::So,
        title: None,
        source: None,
        previous: None,
    };
    let not_a_workbook = temp("not-a-workbook.xlsx", "STT,Nội dung\n".as_bytes());
    let err = import_annex(&not_a_workbook.0, &opts, &Limits::default()).unwrap_err();
    // Refused by the reader's door, in its words: the bytes are text, whatever the name says.
    assert!(matches!(err, AnnexError::Read(ReadError::NotWorkbook { .. })), "{err}");
    assert!(err.text().vi.contains("không phải bảng tính xlsx, xls hoặc ods"), "{}", err.text().vi);

    let mut book = Workbook::new();
    book.add_worksheet().set_name("Tờ 1").unwrap().write_string(0, 0, "Kết quả").unwrap();
    let no_table = temp("no-table.xlsx", &book.save_to_buffer().unwrap());
    let err = import_annex(&no_table.0, &opts, &Limits::default()).unwrap_err().to_string();
    let file = no_table.0.display();
    assert_eq!(
        err,
        format!(
            "{file}: no sheet has an annex header row with the columns 'Mã' (or 'STT'), 'Nội dung' \
             (or 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần') and 'Điểm tối đa' in its first 40 rows \
             (sheets: Tờ 1)"
        )
    );

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["STT", "Nội dung", "Điểm tối đa"].iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let header_only = temp("header-only.xlsx", &book.save_to_buffer().unwrap());
    let err = import_annex(&header_only.0, &opts, &Limits::default()).unwrap_err().to_string();
    let file = header_only.0.display();
    assert_eq!(
        err,
        format!("{file}: 'Sheet1': no criterion row (with a code such as 1, 1.1 or I) below the header on row 3")
    );
}

#[test]
fn a_text_over_the_xlsx_limit_names_its_row_and_column() {
    // xlsx cells hold at most 32,767 characters.
    let long = "x".repeat(40_000);
    let json = EVERY_FORM.replace(
        r#""owner": "Văn phòng","#,
        &format!(r#""owner": "Văn phòng", "guidance": "{long}","#),
    );
    let set = CriteriaSet::from_json(&json).unwrap();
    let err = export_annex(&set).unwrap_err();
    // 9 rows of details, the grades' caption and 2 grades, a blank row, the header on row 14,
    // 1 on 15, 1.1 on 16.
    assert_eq!(
        err.to_string(),
        "cannot write 1.1 (column E) on row 16 of the annex sheet 'Phụ lục'"
    );
    assert!(std::error::Error::source(&err).is_some());
}
