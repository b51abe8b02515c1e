//! The plan workbook read back with calamine, on the mini sets' plan (the core's `plan_tests`
//! work out every number) and on Sở Xây dựng's 2025 fixture.

use calamine::{Data, Range};
use parscore_core::Lang;

use super::*;
use crate::compare_report::tests::{d, mini, part, real, row_of, sheets};

fn at(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

/// Column C and the explanation in D of the summary row labelled `label`.
fn fact(range: &Range<Data>, label: &str) -> (Data, Data) {
    let r = row_of(range, 0, label);
    (at(range, r, 2), at(range, r, 3))
}

#[test]
fn the_summary_says_how_far_the_target_is_and_what_closes_it() {
    let (_, p) = mini(Some("90"));
    let got = sheets(&write_plan_report(&p, "Sở Xây dựng", Lang::Vi).unwrap());
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Kế hoạch", "Giữ vững"]);
    let sheet = &got[0].1;
    assert_eq!(at(sheet, 0, 0), s("KẾ HOẠCH CẢI THIỆN VÀ NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"));
    assert_eq!(
        at(sheet, 1, 0),
        s("Sở Xây dựng — kết quả tự đánh giá năm 2026 (bộ tiêu chí test/so/2026)")
    );
    let f = Data::Float;
    assert_eq!(
        fact(sheet, "Tỷ lệ đạt hiện tại (%)"),
        (f(72.5), s("14,5/20 điểm — xếp loại Khá (tự đánh giá)"))
    );
    assert_eq!(
        fact(sheet, "Tỷ lệ đạt năm 2025 (%)"),
        (f(83.5), s("16,7/20 điểm — xếp loại Khá (thẩm định)"))
    );
    // 90% of 20 = 18; 18 − 14.5 = 3.5; 1.2.3 (2) + 1.1.4 (1.25) + 1.1.2 (1) = 4.25 ≥ 3.5.
    assert_eq!(fact(sheet, "Mục tiêu (%)"), (f(90.0), s("tương đương 18 điểm")));
    assert_eq!(
        fact(sheet, "Số điểm còn thiếu"),
        (
            f(3.5),
            s("khắc phục 3 tiêu chí tô màu xanh (thu hồi 4,25 điểm) là đủ đạt mục tiêu 90,00%")
        )
    );
    // Without evidence: 1.1.4 (0.75 claimed) and 2.1 (4 claimed).
    assert_eq!(
        fact(sheet, "Số tiêu chí cần cải thiện"),
        (f(8.0), s("trong đó 2 tiêu chí chưa có tài liệu kiểm chứng"))
    );
    assert_eq!(fact(sheet, "Số tiêu chí đạt tối đa, cần giữ vững").0, f(1.0));
}

#[test]
fn the_table_groups_items_under_their_criterion_in_the_sets_order() {
    let (_, p) = mini(Some("90"));
    let got = sheets(&write_plan_report(&p, "Sở Xây dựng", Lang::Vi).unwrap());
    let sheet = &got[0].1;
    let head = row_of(sheet, 0, "STT");
    let heads: Vec<Data> = (0..=10).map(|c| at(sheet, head, c)).collect();
    let want = [
        "STT",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm năm trước",
        "Điểm năm nay",
        "Điểm bị mất",
        "Mục tiêu",
        "Đơn vị chủ trì",
        "Thời gian hoàn thành",
        "Tài liệu cần bổ sung",
        "Lý do cần cải thiện",
    ];
    assert_eq!(heads, want.map(s));
    // Column B under the header: criterion headings and items; 2.1 and 2.2 are criteria
    // without sub-criteria, so no heading; the total of points lost last (the core's 6).
    let column: Vec<Data> = (head + 1..sheet.height() as u32).map(|r| at(sheet, r, 1)).collect();
    let want = [
        "1.1. Kế hoạch CCHC năm",
        "1.1.1 Ban hành kế hoạch CCHC năm",
        "1.1.2 Các kết quả phải đạt được xác định rõ ràng",
        "1.1.4 Tự đánh giá công tác tuyên truyền",
        "1.2. Báo cáo và kiểm tra",
        "1.2.1 Báo cáo đúng hạn",
        "1.2.2 Tỷ lệ hồ sơ giải quyết đúng hạn (năm trước: 1.2.3)",
        "1.2.3 Kiểm tra công tác CCHC tại các phòng",
        "2.1 Xử lý phản ánh, kiến nghị",
        "2.2 Sự hài lòng của người dân",
        "Tổng số điểm bị mất",
    ];
    assert_eq!(column, want.map(s));
    let last = sheet.height() as u32 - 1;
    assert_eq!(at(sheet, last, 5), Data::Float(6.0));
    // STT counts items only: 1.1.4 is the third.
    let f = Data::Float;
    let r = head + 4;
    let cells: Vec<Data> = (0..=10).map(|c| at(sheet, r, c)).collect();
    assert_eq!(
        cells,
        [
            f(3.0),
            s("1.1.4 Tự đánh giá công tác tuyên truyền"),
            f(2.0),
            f(0.5), // appraised 0.5 of 1 last year
            f(0.75),
            f(1.25),
            f(2.0),
            s("Phòng Pháp chế"),
            Data::Empty, // left for the unit
            s("Chưa có tài liệu kiểm chứng:\nBáo cáo tuyên truyền CCHC"),
            s("điểm thấp: 0,75/2 (37,5%), dưới 50%\ngiảm so với năm trước: 50% → 37,5% điểm tối đa\nthiếu tài liệu kiểm chứng cho 0,75 điểm tự chấm\nnăm trước điểm tối đa là 1"),
        ]
    );
    // The new 1.2.3 has no score last year; 1.1.1's owner and evidence come from the set.
    assert_eq!(at(sheet, head + 8, 3), Data::Empty);
    assert_eq!(at(sheet, head + 2, 7), s("Văn phòng Sở"));
    assert_eq!(at(sheet, head + 2, 9), s("Kế hoạch CCHC năm"));
}

#[test]
fn the_closing_rows_are_green_and_the_unit_fills_only_unlocked_cells() {
    let (_, p) = mini(Some("90"));
    let bytes = write_plan_report(&p, "Sở Xây dựng", Lang::Vi).unwrap();
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("FFE2EFDA"), "the green fill of the closing rows: {styles}");
    assert!(styles.contains(r#"locked="0""#), "unlocked cells: {styles}");
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"), "{sheet}");
    // Printed on A4 landscape (paper 9) with the header repeated on every page.
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#));
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
}

#[test]
fn the_keep_sheet_lists_the_criteria_at_full_marks() {
    let (_, p) = mini(None);
    let got = sheets(&write_plan_report(&p, "Sở Xây dựng", Lang::Vi).unwrap());
    let keep = &got[1].1;
    let head = row_of(keep, 0, "STT");
    assert_eq!((at(keep, head + 1, 0), at(keep, head + 1, 1)), (Data::Float(1.0), s("1.1.3")));
    assert_eq!(keep.height() as u32, head + 2);
    // No target: no target rows in the summary.
    let plan = &got[0].1;
    assert!((0..plan.height() as u32).all(|r| at(plan, r, 0) != s("Mục tiêu (%)")));
}

#[test]
fn english_labels_and_a_gap_no_recovery_closes() {
    let (_, mut p) = mini(Some("90"));
    // As if even every recovery fell short (the core's own test builds such a plan).
    if let Some(t) = p.target.as_mut() {
        (t.gap_points, t.gap_closable, t.recoverable, t.shortfall) =
            (d("7.5"), false, d("6"), d("1.5"));
    }
    let got = sheets(&write_plan_report(&p, "Department of Construction", Lang::En).unwrap());
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Plan", "Keep"]);
    let sheet = &got[0].1;
    assert_eq!(
        fact(sheet, "Points short of the target"),
        (
            Data::Float(7.5),
            s("even recovering every criterion below (6 points) leaves 1.5 points short")
        )
    );
    assert_eq!(at(sheet, row_of(sheet, 0, "No."), 8), s("Deadline"));
    // 80% of 20 = 16, 1.5 short of 14.5: 1.2.3's 2 lost points alone close it.
    let (_, p) = mini(Some("80"));
    let got = sheets(&write_plan_report(&p, "Department of Construction", Lang::En).unwrap());
    assert_eq!(
        fact(&got[0].1, "Points short of the target").1,
        s("recovering the 1 criterion shaded green (2 points) reaches the 80.00% target")
    );
}

#[test]
fn the_real_fixture_plan_for_78_3_percent() {
    let (_, p) = real();
    let bytes = write_plan_report(&p, "Sở Xây dựng", Lang::Vi).unwrap();
    // Kept for a look in LibreOffice: `soffice --headless --convert-to pdf` on this file.
    std::fs::write(std::env::temp_dir().join("parscore-plan-so-xay-dung.xlsx"), &bytes).unwrap();
    let got = sheets(&bytes);
    let sheet = &got[0].1;
    let t = p.target.unwrap();
    assert_eq!(fact(sheet, "Mục tiêu (%)").0, Data::Float(78.3));
    assert_eq!(fact(sheet, "Số điểm còn thiếu").0, Data::Float(crate::style::num(t.gap_points)));
    // Every item is in column B, once.
    for i in &p.items {
        let text = match &i.previous_code {
            Some(old) => format!("{} {} (năm trước: {old})", i.code, i.name),
            None => format!("{} {}", i.code, i.name),
        };
        row_of(sheet, 1, &text);
    }
    assert_eq!(got[1].1.height(), 4 + p.keep.len());
}
