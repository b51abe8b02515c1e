//! Templates read back with calamine: headers, codes as text, cached scores worked out by hand,
//! the hidden sheets, and a round trip through the reader.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader, SheetVisible, Xlsx};
use parscore_core::{catalog, CriteriaSet, Decimal, Input, Inputs};

use super::*;
use parscore_sheet::layout::{meta, Col, HEADER_ROW, META_SHEET, SHEET};

fn mini() -> CriteriaSet {
    CriteriaSet::from_json(include_str!("../../core/tests/data/mini.json")).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn meta() -> TemplateMeta {
    TemplateMeta { unit: "Sở Xây dựng".into(), year: 2025 }
}

/// One input of every kind for the mini set.
fn filled() -> Inputs {
    let mut i = Inputs::default();
    let e = i.set("1.1.1", Input::Choice("Ban hành không kịp thời".into()));
    e.evidence = Some("Kế hoạch 15/KH-SXD".into());
    e.explanation = Some("Ban hành chậm 5 ngày".into());
    e.appraised = Some(d("0.5"));
    e.owner = Some("Phòng Kế hoạch".into());
    i.set("1.1.2", Input::Yes(true));
    i.set("1.1.3", Input::Percent(d("85")));
    i.set("1.1.4", Input::Score(d("0.75")));
    i.set("1.2.1", Input::Count(2));
    i.set("1.2.2", Input::Count(5));
    i.set("1.2.3", Input::Fraction { numerator: d("3"), denominator: d("4") });
    i.set("2.1", Input::NotApplicable);
    i.set("2.2", Input::Percent(d("0.5")));
    i.set("T.1", Input::Count(3));
    i.set("P.1", Input::Count(1));
    i
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// The rows of the mini set (0-based; Excel shows one more): the header on 4, then
/// 1 on 5, 1.1 on 6, 1.1.1–1.1.4 on 7–10, 1.2 on 11, 1.2.1–1.2.3 on 12–14, 2 on 15, 2.1 on 16,
/// 2.2 on 17, "Điểm thưởng" on 18, T.1 on 19, "Điểm trừ" on 20, P.1 on 21, then the totals
/// on 22–24.
fn row(code: &str) -> u32 {
    let codes = ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2", "1.2.1", "1.2.2", "1.2.3"];
    let at = |c: &str| codes.iter().position(|x| *x == c).map(|p| 5 + p as u32);
    match code {
        "2" => 15,
        "2.1" => 16,
        "2.2" => 17,
        "T.1" => 19,
        "P.1" => 21,
        c => at(c).unwrap(),
    }
}

fn get(range: &Range<Data>, row: u32, col: Col) -> Data {
    range.get_value((row, u32::from(col.index()))).cloned().unwrap_or(Data::Empty)
}

fn number(range: &Range<Data>, row: u32, col: Col) -> f64 {
    match get(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("{} is not a number: {other:?}", cell(row, col)),
    }
}

#[test]
fn headers_sit_on_the_header_row_in_layout_order() {
    let bytes = write_template(&mini(), &meta(), None).unwrap();
    let range = sheet(&bytes, SHEET);
    for col in Col::ALL {
        assert_eq!(get(&range, HEADER_ROW, col), Data::String(col.header().into()));
    }
    let title = get(&range, 0, Col::Code);
    assert_eq!(title, Data::String("PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025".into()));
    // The unit's label, and its name beside it (locked: it was given).
    assert_eq!(get(&range, 1, Col::Code), Data::String("Đơn vị:".into()));
    assert_eq!(get(&range, 1, Col::Name), Data::String("Sở Xây dựng".into()));
    // The set's title says "Bộ tiêu chí" itself, so it is not prefixed with it again.
    assert_eq!(get(&range, 2, Col::Code), Data::String("Bộ tiêu chí thử nghiệm".into()));
    assert_eq!(set_line("Chỉ số CCHC các sở"), "Bộ tiêu chí: Chỉ số CCHC các sở");
}

#[test]
fn codes_are_text_and_leaves_say_their_rule() {
    let bytes = write_template(&mini(), &meta(), None).unwrap();
    let range = sheet(&bytes, SHEET);
    for code in ["1", "1.1", "1.1.1", "1.2.3", "2.2", "T.1", "P.1"] {
        assert_eq!(get(&range, row(code), Col::Code), Data::String(code.into()), "{code}");
    }
    assert_eq!(get(&range, row("1.1.4"), Col::Max), Data::Float(1.0));
    assert_eq!(
        get(&range, row("1.1.3"), Col::Rule),
        Data::String("Dưới 70%: 0; Từ 70% đến 90%: 1; Trên 90%: 2".into())
    );
    assert_eq!(get(&range, row("1.1.1"), Col::Owner), Data::String("Văn phòng Sở".into()));
    // Section and total rows carry no code, so the reader passes over them.
    assert_eq!(get(&range, 18, Col::Code), Data::Empty);
    assert_eq!(get(&range, 18, Col::Name), Data::String("Điểm thưởng (tối đa 1 điểm)".into()));
    assert_eq!(get(&range, 22, Col::Name), Data::String("Tổng cộng".into()));
}

#[test]
fn cached_scores_are_the_cores_worked_out_by_hand() {
    let bytes = write_template(&mini(), &meta(), Some(&filled())).unwrap();
    let range = sheet(&bytes, SHEET);
    let h = |code: &str| number(&range, row(code), Col::SelfScore);
    // 1.1.1 "Ban hành không kịp thời" → 0.5; 1.1.2 yes → 1; 1.1.3 85% in [70, 90] → 1;
    // 1.1.4 typed 0.75. Sum 1.1 = 0.5 + 1 + 1 + 0.75 = 3.25.
    assert_eq!([h("1.1.1"), h("1.1.2"), h("1.1.3"), h("1.1.4")], [0.5, 1.0, 1.0, 0.75]);
    assert_eq!(h("1.1"), 3.25);
    // 1.2.1: 1 − 2 × 0.25 = 0.5; 1.2.2: 5 × 0.5 = 2.5, capped at 2; 1.2.3: 3/4 × 2 = 1.5.
    // Sum 1.2 = 4; domain 1 = 3.25 + 4 = 7.25.
    assert_eq!([h("1.2.1"), h("1.2.2"), h("1.2.3")], [0.5, 2.0, 1.5]);
    assert_eq!([h("1.2"), h("1")], [4.0, 7.25]);
    // 2.1 not applicable with na = full → 4; 2.2 survey 0.5% × 6 = 0.03; domain 2 = 4.03.
    assert_eq!([h("2.1"), h("2.2"), h("2")], [4.0, 0.03, 4.03]);
    // T.1: 3 × 0.5 = 1.5 (the pool caps it at 1); P.1: 1 × 1 = 1.
    assert_eq!([h("T.1"), h("P.1")], [1.5, 1.0]);
    // Total 7.25 + 4.03 + 1 − 1 = 11.28 of 20 → 56.40% → "Yếu" (below 70).
    assert_eq!(number(&range, 22, Col::SelfScore), 11.28);
    assert_eq!(number(&range, 22, Col::Max), 20.0);
    assert_eq!(number(&range, 23, Col::SelfScore), 56.4);
    assert_eq!(get(&range, 24, Col::SelfScore), Data::String("Yếu".into()));
}

#[test]
fn filled_values_sit_where_the_reader_looks() {
    let bytes = write_template(&mini(), &meta(), Some(&filled())).unwrap();
    let range = sheet(&bytes, SHEET);
    let s = |v: &str| Data::String(v.into());
    assert_eq!(get(&range, row("1.1.1"), Col::Value), s("Ban hành không kịp thời"));
    assert_eq!(get(&range, row("1.1.1"), Col::Evidence), s("Kế hoạch 15/KH-SXD"));
    assert_eq!(get(&range, row("1.1.1"), Col::Explanation), s("Ban hành chậm 5 ngày"));
    assert_eq!(get(&range, row("1.1.1"), Col::Appraised), Data::Float(0.5));
    assert_eq!(get(&range, row("1.1.1"), Col::Owner), s("Phòng Kế hoạch"));
    assert_eq!(get(&range, row("1.1.2"), Col::Value), s("Có"));
    assert_eq!(get(&range, row("1.1.3"), Col::Value), Data::Float(85.0));
    assert_eq!(get(&range, row("1.2.1"), Col::Value), Data::Float(2.0));
    assert_eq!(get(&range, row("1.2.3"), Col::Numerator), Data::Float(3.0));
    assert_eq!(get(&range, row("1.2.3"), Col::Denominator), Data::Float(4.0));
    // 2.1 has `na: full`: its label says it scores the maximum.
    assert_eq!(get(&range, row("2.1"), Col::Value), s("Không phát sinh (tính điểm tối đa)"));
    // 0.5% is written as the share 0.005 (shown "0.50%"): a bare 0.5 would read as 50%.
    assert_eq!(get(&range, row("2.2"), Col::Value), Data::Float(0.005));
}

#[test]
fn formulas_restate_the_rules_for_people() {
    let mut wb = open(write_template(&mini(), &meta(), Some(&filled())).unwrap());
    let f = wb.worksheet_formula(SHEET).unwrap();
    let at = |code: &str| f.get_value((row(code), u32::from(Col::SelfScore.index()))).cloned();
    // 1.1 sums its children on rows 8–11 (Excel), not a range; 1.1.4 (H11) is manual, so its
    // score counts as the reader reads it, text too.
    let manual = "MAX(0,IFERROR(VALUE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(H11,\" \",\"\"),\
                  \"\u{a0}\",\"\"),\".\",DAU_THAP_PHAN),\",\",DAU_THAP_PHAN)),-1))";
    assert_eq!(at("1.1").unwrap(), format!("SUM(H8,H9,H10,{manual})"));
    assert_eq!(at("1").unwrap(), "SUM(H7,H12)");
    // Each leaf's formula (see formulas.rs) reads the inputs of its own row: 1.2.1 on row 13.
    let set = mini();
    assert_eq!(at("1.2.1"), formulas::leaf(set.find("1.2.1").unwrap(), 12));
    assert!(at("1.2.1").unwrap().contains("SUBSTITUTE(E13,"));
    assert_eq!(at("1.1.4").unwrap_or_default(), "", "manual scores are typed, not computed");
    let total = f.get_value((22, u32::from(Col::SelfScore.index()))).unwrap();
    assert_eq!(total, "SUM(H6,H16)+MIN(1,SUM(H20))-MIN(2,SUM(H22))");
    let max = f.get_value((22, u32::from(Col::Max.index()))).unwrap();
    assert_eq!(
        max,
        "SUM(C6,C16)-IF(OR(LOWER(TRIM(SUBSTITUTE(E15,\"\u{a0}\",\" \")))=DS_KHONG_AP_DUNG),2,0)\
         -IF(COUNTA(E18)=0,6,0)"
    );
    // The grade waits for an input: Số liệu, Tử số, Mẫu số of rows 6–22, or the manual
    // score of 1.1.4 (H11); then it grades the percentage in H24.
    let grade = f.get_value((24, u32::from(Col::SelfScore.index()))).unwrap();
    assert_eq!(
        grade,
        "IF(COUNTA(E6:G22,H11)=0,\"Chưa xếp loại\",\
         IF(H24>=90,\"Xuất sắc\",IF(H24>=70,\"Khá\",IF(H24>=0,\"Yếu\",\"\"))))"
    );
}

#[test]
fn a_blank_template_scores_zero_and_leaves_the_survey_out() {
    let bytes = write_template(&mini(), &meta(), None).unwrap();
    let range = sheet(&bytes, SHEET);
    assert_eq!(number(&range, row("1.1.1"), Col::SelfScore), 0.0);
    assert_eq!(get(&range, row("1.1.1"), Col::Value), Data::Empty);
    // No survey result yet: 20 − 6 = 14 applies; 0 of 14 → 0%.
    assert_eq!(number(&range, 22, Col::Max), 14.0);
    assert_eq!(number(&range, 23, Col::SelfScore), 0.0);
    // 0% would grade "Yếu", but nothing has been scored yet.
    assert_eq!(get(&range, 24, Col::SelfScore), Data::String("Chưa xếp loại".into()));
}

#[test]
fn one_input_is_enough_for_a_grade() {
    // Only 1.1.4 typed (a manual score, in Điểm tự chấm): 1 of 14 → 7.14% → "Yếu".
    let mut inputs = Inputs::default();
    inputs.set("1.1.4", Input::Score(d("1")));
    let range = sheet(&write_template(&mini(), &meta(), Some(&inputs)).unwrap(), SHEET);
    assert_eq!(number(&range, 23, Col::SelfScore), 7.14);
    assert_eq!(get(&range, 24, Col::SelfScore), Data::String("Yếu".into()));
    // Evidence alone is no input.
    let mut inputs = Inputs::default();
    inputs.entries.entry("1.1.1".into()).or_default().evidence = Some("Kế hoạch 15/KH".into());
    let range = sheet(&write_template(&mini(), &meta(), Some(&inputs)).unwrap(), SHEET);
    assert_eq!(get(&range, 24, Col::SelfScore), Data::String("Chưa xếp loại".into()));
}

#[test]
fn proportional_and_survey_scores_are_rounded_half_away_to_4_decimals() {
    let mut inputs = Inputs::default();
    // 1.2.3: 30865 / 40000 × 2 = 1.54325 → 1.5433 (half away from zero; half to even would
    // give 1.5432).
    inputs.set("1.2.3", Input::Fraction { numerator: d("30865"), denominator: d("40000") });
    // 2.2: 52.0575% × 6 = 3.12345 → 3.1235 (half to even: 3.1234).
    inputs.set("2.2", Input::Percent(d("52.0575")));
    let bytes = write_template(&mini(), &meta(), Some(&inputs)).unwrap();
    let range = sheet(&bytes, SHEET);
    assert_eq!(number(&range, row("1.2.3"), Col::SelfScore), 1.5433);
    assert_eq!(number(&range, row("2.2"), Col::SelfScore), 3.1235);
    let mut wb = open(bytes);
    let f = wb.worksheet_formula(SHEET).unwrap();
    let at = |code: &str| f.get_value((row(code), u32::from(Col::SelfScore.index()))).cloned();
    assert!(at("1.2.3").unwrap().ends_with("*2,4)))"), "{:?}", at("1.2.3"));
    assert!(at("2.2").unwrap().ends_with("*6/100,4))"), "{:?}", at("2.2"));
}

/// The text of the part `name` of the xlsx `bytes`.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut out).unwrap();
    out
}

#[test]
fn the_formulas_names_are_defined_in_the_workbook() {
    let bytes = write_template(&mini(), &meta(), None).unwrap();
    let workbook = part(&bytes, "xl/workbook.xml");
    for (name, formula) in formulas::defined_names() {
        let defined = format!("<definedName name=\"{name}\">{formula}</definedName>");
        assert!(workbook.contains(&defined), "{defined} not in {workbook}");
    }
}

#[test]
fn not_applicable_labels_say_what_they_do() {
    let bytes = write_template(&mini(), &meta(), None).unwrap();
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    // The drop-down of 2.1 (na: full, Yes/No) on E17, and of 1.2.3 (na: exclude, a fraction
    // whose Số liệu only says N/A) on E15.
    let validation = |cell: &str| {
        let at = xml.find(&format!("sqref=\"{cell}\"")).unwrap();
        let end = at + xml[at..].find("</dataValidation>").unwrap();
        xml[at..end].to_string()
    };
    assert!(
        validation("E17")
            .contains("<formula1>\"Có,Không,Không phát sinh (tính điểm tối đa)\"</formula1>"),
        "{}",
        validation("E17")
    );
    assert!(
        validation("E15")
            .contains("<formula1>\"Không áp dụng (loại khỏi điểm tối đa)\"</formula1>"),
        "{}",
        validation("E15")
    );
    // Both are words the reader takes for "not applicable", with the old "Không áp dụng".
    for label in [layout::NA_FULL_LABEL, layout::NA_EXCLUDE_LABEL, "Không áp dụng"] {
        let folded = parscore_core::fold_label(label);
        assert!(layout::NOT_APPLICABLE.contains(&folded.as_str()), "{label}");
    }
}

#[test]
fn the_meta_sheet_is_hidden_and_holds_text() {
    let set = mini();
    let bytes = write_template(&set, &meta(), None).unwrap();
    let wb = open(bytes.clone());
    let hidden: Vec<_> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Hidden))
        .collect();
    assert_eq!(hidden, [(SHEET.to_string(), false), (META_SHEET.to_string(), true)]);
    let range = sheet(&bytes, META_SHEET);
    let pairs: Vec<(Data, Data)> = (0..5)
        .map(|r| {
            (range.get_value((r, 0)).cloned().unwrap(), range.get_value((r, 1)).cloned().unwrap())
        })
        .collect();
    let s = |v: &str| Data::String(v.into());
    assert_eq!(
        pairs,
        [
            (s(meta::SET_ID), s("test/so/2025")),
            (s(meta::SET_HASH), s(set.content_hash())),
            (s(meta::UNIT), s("Sở Xây dựng")),
            (s(meta::YEAR), s("2025")),
            (s(meta::VERSION), s(env!("CARGO_PKG_VERSION"))),
        ]
    );
}

#[test]
fn long_choice_lists_go_to_a_hidden_sheet() {
    // Three labels of 100 characters join to 302 (> 255), so the drop-down needs a range.
    let long = |c: char| c.to_string().repeat(100);
    let json = include_str!("../../core/tests/data/mini.json")
        .replace("\"Ban hành kịp thời\"", &format!("\"{}\"", long('a')))
        .replace("\"Ban hành không kịp thời\"", &format!("\"{}\"", long('b')))
        .replace("\"Không ban hành\"", &format!("\"{}\"", long('c')));
    let set = CriteriaSet::from_json(&json).unwrap();
    let bytes = write_template(&set, &meta(), None).unwrap();
    let names: Vec<String> =
        open(bytes.clone()).sheets_metadata().iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, [SHEET, crate::input_cells::LISTS_SHEET, META_SHEET]);
    let lists = sheet(&bytes, crate::input_cells::LISTS_SHEET);
    let column: Vec<Data> = (0..4).map(|r| lists.get_value((r, 0)).cloned().unwrap()).collect();
    let s = |v: String| Data::String(v);
    assert_eq!(column, [s("1.1.1".into()), s(long('a')), s(long('b')), s(long('c'))]);
}

#[test]
fn the_reader_reads_back_what_was_filled() {
    let set = mini();
    let inputs = filled();
    let bytes = write_template(&set, &meta(), Some(&inputs)).unwrap();
    let path = std::env::temp_dir().join(format!("parscore-roundtrip-{}.xlsx", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let workbook = parscore_read::Workbook::open(&path);
    std::fs::remove_file(&path).unwrap();
    let reading = workbook.unwrap().inputs(&set);
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    for (code, entry) in &inputs.entries {
        assert_eq!(
            reading.inputs.entries.get(code).and_then(|e| e.value.as_ref()),
            entry.value.as_ref(),
            "{code}"
        );
    }
    let first = reading.inputs.entries.get("1.1.1").unwrap();
    assert_eq!(first, inputs.entries.get("1.1.1").unwrap());
}

#[test]
fn every_shipped_set_writes() {
    for (shipped, set) in catalog::load_all() {
        let set = set.unwrap();
        let bytes = write_template(&set, &meta(), None);
        assert!(bytes.is_ok(), "{}: {:?}", shipped.path, bytes.err());
    }
}

/// The text of every `<tag>…</tag>` in `xml`, unescaped.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&close).next())
        .map(|s| {
            s.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn formulas_and_validations_keep_within_excels_limits() {
    for (shipped, set) in catalog::load_all() {
        let set = set.unwrap();
        let xml = part(&write_template(&set, &meta(), None).unwrap(), "xl/worksheets/sheet1.xml");
        // Excel refuses a formula longer than 8,192 characters and a validation's longer
        // than 255.
        let longest = elements(&xml, "f").iter().map(|f| f.chars().count()).max().unwrap();
        assert!(longest <= 8192, "{}: a formula of {longest} characters", shipped.path);
        let validations = elements(&xml, "formula1");
        for v in &validations {
            assert!(v.encode_utf16().count() <= 255, "{}: {v}", shipped.path);
        }
        // Where "not applicable" is typed beside a number, the validation takes the short
        // words and the set's label.
        let custom: Vec<&String> =
            validations.iter().filter(|v| v.contains("AND(ISNUMBER(")).collect();
        assert!(!custom.is_empty(), "{}", shipped.path);
        for v in custom {
            assert!(v.contains("=\"không áp dụng\""), "{v}");
            assert!(v.contains("=\"không phát sinh\""), "{v}");
            assert!(
                v.contains("(tính điểm tối đa)\"") || v.contains("(loại khỏi điểm tối đa)\""),
                "{v}"
            );
        }
    }
}
