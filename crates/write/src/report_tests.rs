//! Reports read back with calamine: the summary's figures, the detail's codes, scores and
//! reasons, in both languages.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use parscore_core::{catalog, score, CriteriaSet, Decimal, Input, Inputs, Lang};

use super::*;

fn mini() -> CriteriaSet {
    CriteriaSet::from_json(include_str!("../../core/tests/data/mini.json")).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn sheets(bytes: Vec<u8>) -> Vec<(String, Range<Data>)> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    names.into_iter().map(|n| (n.clone(), wb.worksheet_range(&n).unwrap())).collect()
}

/// The value right of the first cell that reads `label` in column A.
fn fact(range: &Range<Data>, label: &str) -> Data {
    let row = (0..range.height() as u32)
        .find(|r| range.get_value((*r, 0)) == Some(&Data::String(label.into())))
        .unwrap_or_else(|| panic!("no row {label}"));
    range.get_value((row, 1)).cloned().unwrap()
}

/// Row of `code` in the detail sheet's column A.
fn detail_row(range: &Range<Data>, code: &str) -> u32 {
    (0..range.height() as u32)
        .find(|r| range.get_value((*r, 0)) == Some(&Data::String(code.into())))
        .unwrap_or_else(|| panic!("no row {code}"))
}

fn some_inputs() -> Inputs {
    let mut i = Inputs::default();
    i.set("1.1.1", Input::Choice("Ban hành kịp thời".into())).evidence = Some("KH 15".into());
    i.set("1.2.3", Input::Fraction { numerator: d("3"), denominator: d("4") });
    i.set("2.1", Input::Yes(false));
    i.set("2.2", Input::Percent(d("80")));
    i
}

#[test]
fn the_summary_gives_the_total_grade_and_parts() {
    let set = mini();
    let card = score(&set, &some_inputs());
    let got = sheets(write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi).unwrap());
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Tổng hợp", "Chi tiết"]);
    let summary = &got[0].1;
    assert_eq!(fact(summary, "Đơn vị"), Data::String("Sở Xây dựng".into()));
    // 1.1.1 → 1, 1.2.3 → 3/4 × 2 = 1.5, 2.1 no → 0, 2.2 80% × 6 = 4.8; the other leaves are
    // missing and score 0. Total 1 + 1.5 + 4.8 = 7.3 of 20 → 36.50% → "Yếu".
    assert_eq!(fact(summary, "Tổng điểm"), Data::Float(7.3));
    assert_eq!(fact(summary, "Điểm tối đa áp dụng"), Data::Float(20.0));
    assert_eq!(fact(summary, "Tỷ lệ đạt (%)"), Data::Float(36.5));
    assert_eq!(fact(summary, "Xếp loại"), Data::String("Yếu".into()));
    // Self-assessed: 1 + 1.5 + 0 = 2.5 of 14; survey 4.8 of 6.
    assert_eq!(fact(summary, "Tự đánh giá"), Data::Float(2.5));
    assert_eq!(fact(summary, "Điều tra xã hội học"), Data::Float(4.8));
}

#[test]
fn the_summary_says_when_the_survey_is_pending() {
    let set = mini();
    let card = score(&set, &Inputs::default());
    let got = sheets(write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi).unwrap());
    let pending = fact(&got[0].1, "Điều tra xã hội học");
    assert_eq!(pending, Data::String("chưa có kết quả khảo sát".into()));
}

#[test]
fn the_detail_lists_every_node_with_its_reason() {
    let set = mini();
    let card = score(&set, &some_inputs());
    let got = sheets(write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi).unwrap());
    let detail = &got[1].1;
    assert_eq!(detail.get_value((0, 0)), Some(&Data::String("Mã".into())));
    let r = detail_row(detail, "1.2.3");
    // Code as text, max 2, score 3/4 × 2 = 1.5, 75% of 2.
    assert_eq!(detail.get_value((r, 2)), Some(&Data::Float(2.0)));
    assert_eq!(detail.get_value((r, 3)), Some(&Data::Float(1.5)));
    assert_eq!(detail.get_value((r, 4)), Some(&Data::Float(75.0)));
    assert_eq!(detail.get_value((r, 5)), Some(&Data::String("3/4 = 75% × 2 → 1,5 điểm".into())));
    let r = detail_row(detail, "1.1.1");
    assert_eq!(detail.get_value((r, 6)), Some(&Data::String("KH 15".into())));
    let r = detail_row(detail, "1.1.2");
    assert_eq!(detail.get_value((r, 5)), Some(&Data::String("chưa nhập số liệu → 0 điểm".into())));
    // Pool items follow the tree.
    assert!(detail_row(detail, "T.1") > detail_row(detail, "2.2"));
    assert!(detail_row(detail, "P.1") > detail_row(detail, "T.1"));
}

#[test]
fn a_rounded_share_shows_its_four_decimals() {
    let set = mini();
    let mut inputs = some_inputs();
    // 1.2.3: 2/3 × 2 = 1.3333…, rounded half away from zero to 1.3333.
    inputs.set("1.2.3", Input::Fraction { numerator: d("2"), denominator: d("3") });
    let card = score(&set, &inputs);
    let bytes = write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi).unwrap();
    // Kept for a look in LibreOffice: `soffice --headless --convert-to pdf` on this file.
    std::fs::write(std::env::temp_dir().join("parscore-score-thirds.xlsx"), &bytes).unwrap();
    let styles = crate::compare_report::tests::part(&bytes, "xl/styles.xml");
    // Scores take "0.00##" (0.6667 and 1.3333 whole, 1 as 1.00), percentages "0.00".
    assert!(styles.contains(r#"formatCode="0.00##""#), "{styles}");
    assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
    let got = sheets(bytes);
    let detail = &got[1].1;
    let r = detail_row(detail, "1.2.3");
    assert_eq!(detail.get_value((r, 3)), Some(&Data::Float(1.3333)));
    // 1.3333 of 2 = 66.665% → 66.67.
    assert_eq!(detail.get_value((r, 4)), Some(&Data::Float(66.67)));
    assert_eq!(
        detail.get_value((r, 5)),
        Some(&Data::String("2/3 = 66,67% × 2 → 1,3333 điểm (làm tròn 4 chữ số thập phân)".into()))
    );
    // Total 1 + 1.3333 + 4.8 = 7.1333, the sum of what the sheet shows.
    assert_eq!(fact(&got[0].1, "Tổng điểm"), Data::Float(7.1333));
}

#[test]
fn a_bad_input_is_explained_in_vietnamese() {
    let set = mini();
    let mut inputs = some_inputs();
    inputs.set("1.1.4", Input::Score(d("1.5"))); // over the maximum 1
    let card = score(&set, &inputs);
    let got = sheets(write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi).unwrap());
    let detail = &got[1].1;
    let r = detail_row(detail, "1.1.4");
    assert_eq!(
        detail.get_value((r, 5)),
        Some(&Data::String("số liệu không hợp lệ (điểm 1,5 vượt điểm tối đa 1) → 0 điểm".into()))
    );
}

#[test]
fn english_labels_with_lang_en() {
    let set = mini();
    let card = score(&set, &some_inputs());
    let got = sheets(write_score_report(&set, &card, "Sở Xây dựng", Lang::En).unwrap());
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Summary", "Detail"]);
    assert_eq!(fact(&got[0].1, "Grade"), Data::String("Weak".into()));
    let detail = &got[1].1;
    let r = detail_row(detail, "1.2.3");
    assert_eq!(detail.get_value((r, 5)), Some(&Data::String("3/4 = 75% × 2 → 1.5 points".into())));
    let r = detail_row(detail, "1.1.2");
    assert_eq!(
        detail.get_value((r, 5)),
        Some(&Data::String("missing input (yes or no) → 0 points".into()))
    );
}

#[test]
fn every_shipped_set_reports() {
    for (shipped, set) in catalog::load_all() {
        let set = set.unwrap();
        let card = score(&set, &Inputs::default());
        let bytes = write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi);
        assert!(bytes.is_ok(), "{}: {:?}", shipped.path, bytes.err());
    }
}
