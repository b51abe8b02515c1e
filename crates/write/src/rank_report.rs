//! The ranking workbook of a batch of units: the ranking, every unit's domain percentages under a
//! colour scale, and every problem of the workbooks left out.
//!
//! It renders a [`Ranking`] the core computed; it ranks nothing itself and never touches the
//! file system.

use parscore_core::{CriteriaSet, Decimal, Lang, Ranking};
use rust_xlsxwriter::{Color, ConditionalFormat3ColorScale, Format, Workbook, Worksheet};

use crate::error::{Context, WriteError};
use crate::style::{base, fit_height, A4, FONT};
use crate::toolkit::{
    header_format, put, Words, GENERAL, PERCENT, SIGNED_PERCENT, SIGNED_WHOLE, V,
};
use parscore_report::RankFailure;

/// Writes the ranking workbook and returns the xlsx bytes.
///
/// `set` names the domains (their codes stand in without it, e.g. when no workbook could be
/// scored); `failures` fill the problem sheet. Labels are in `lang`. Fails only when
/// rust_xlsxwriter refuses a part (an xlsx limit), naming it.
///
/// ```
/// use parscore_core::{catalog, score, Inputs, Lang, Ranking, UnitResult};
/// use parscore_write::write_rank_report;
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let card = score(&set, &Inputs::default());
/// let ranking = Ranking::new(vec![UnitResult::new("Sở Xây dựng", "sxd.xlsx", &card)]);
/// let bytes = write_rank_report(Some(&set), &ranking, &[], Lang::Vi)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), parscore_write::WriteError>(())
/// ```
pub fn write_rank_report(
    set: Option<&CriteriaSet>,
    ranking: &Ranking,
    failures: &[RankFailure],
    lang: Lang,
) -> Result<Vec<u8>, WriteError> {
    let w = Words { lang };
    let mut workbook = Workbook::new();
    let sheets: [(&str, Sheet); 3] = [
        (w.t("Xếp hạng", "Ranking"), Sheet::Ranking),
        (w.t("Theo lĩnh vực", "By domain"), Sheet::Domains),
        (w.t("Lỗi", "Problems"), Sheet::Problems),
    ];
    for (name, kind) in sheets {
        let mut sheet = Worksheet::new();
        sheet.set_name(name).writing(|| format!("the sheet name {name}"))?;
        match kind {
            Sheet::Ranking => write_ranking(&mut sheet, set, ranking, failures.len(), w)?,
            Sheet::Domains => write_domains(&mut sheet, set, ranking, w)?,
            Sheet::Problems => write_problems(&mut sheet, failures, w)?,
        }
        sheet.set_paper_size(A4).set_landscape().set_print_fit_to_pages(1, 0);
        workbook.push_worksheet(sheet);
    }
    workbook.save_to_buffer().writing(|| "the ranking workbook".into())
}

enum Sheet {
    Ranking,
    Domains,
    Problems,
}

/// Writes a header row of `(label, width)` at `row`, with a height that shows every label.
fn headers(sheet: &mut Worksheet, row: u32, cols: &[(String, f64)]) -> Result<(), WriteError> {
    for (col, (label, width)) in (0u16..).zip(cols) {
        put(sheet, row, col, V::T(label.clone()), &header_format())?;
        sheet.set_column_width(col, *width).writing(|| format!("the width of {label}"))?;
    }
    let cells: Vec<(&str, f64, usize, bool)> =
        cols.iter().map(|(l, w)| (l.as_str(), *w, 0, true)).collect();
    let height = fit_height(&cells).unwrap_or(30.0).max(30.0);
    sheet.set_row_height(row, height).writing(|| "the header row's height".into())?;
    Ok(())
}

fn write_ranking(
    sheet: &mut Worksheet,
    set: Option<&CriteriaSet>,
    ranking: &Ranking,
    failed: usize,
    w: Words,
) -> Result<(), WriteError> {
    let title = Format::new().set_font_name(FONT).set_font_size(14).set_bold();
    let heading = w.t(
        "XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        "ADMINISTRATIVE REFORM INDEX (PAR INDEX) RANKING",
    );
    let heading = match set {
        Some(s) => format!("{heading} {}", s.year),
        None => heading.to_string(),
    };
    put(sheet, 0, 0, V::T(heading), &title)?;
    let mut about = match w.lang {
        Lang::Vi => format!("{} đơn vị được xếp hạng", ranking.units.len()),
        Lang::En => format!("{} unit(s) ranked", ranking.units.len()),
    };
    if let Some(s) = set {
        about = format!("{} ({}) — {about}", s.title, s.id);
    }
    if failed > 0 {
        about.push_str(&match w.lang {
            Lang::Vi => format!("; {failed} bảng không chấm được (xem trang Lỗi)"),
            Lang::En => format!("; {failed} workbook(s) could not be scored (see Problems)"),
        });
    }
    put(sheet, 1, 0, V::T(about), &Format::new().set_font_name(FONT).set_italic())?;

    let mut cols: Vec<(String, f64)> = vec![
        (w.t("Hạng", "Rank").into(), 7.0),
        (w.t("Đơn vị", "Unit").into(), 34.0),
        (w.t("Tỷ lệ đạt (%)", "Percent").into(), 10.0),
        (w.t("Xếp loại", "Grade").into(), 12.0),
        (w.t("Tổng điểm", "Total").into(), 10.0),
        (w.t("Điểm tối đa áp dụng", "Applicable maximum").into(), 11.0),
    ];
    if ranking.compared {
        cols.push((w.t("Năm trước (%)", "Last year (%)").into(), 10.0));
        cols.push((w.t("Tăng/giảm (%)", "Change (%)").into(), 10.0));
        cols.push((w.t("Hạng năm trước", "Last year's rank").into(), 10.0));
        cols.push((w.t("Thay đổi hạng", "Places gained").into(), 10.0));
    }
    cols.push((w.t("Tệp", "File").into(), 40.0));
    let header_row = 3;
    headers(sheet, header_row, &cols)?;

    let mut row = header_row;
    for r in &ranking.units {
        row += 1;
        let u = &r.result;
        let grade = u.grade.as_ref().map_or(String::new(), |g| g.get(w.lang).to_string());
        let mut values = vec![
            V::I(r.rank),
            V::T(u.unit.clone()),
            V::F(u.percent, PERCENT),
            V::T(grade),
            // Proportional rules make long exact totals; the cell keeps them, shown to 0.01.
            V::F(u.total, PERCENT),
            V::F(u.max, GENERAL),
        ];
        if ranking.compared {
            match &r.previous {
                Some(p) => values.extend([
                    V::F(p.percent, PERCENT),
                    V::F(p.delta, SIGNED_PERCENT),
                    V::I(p.rank),
                    V::F(Decimal::from(p.rank_change), SIGNED_WHOLE),
                ]),
                None => values.extend([V::Blank, V::Blank, V::Blank, V::Blank]),
            }
        }
        values.push(V::T(u.file.clone()));
        for (col, v) in (0u16..).zip(values) {
            put(sheet, row, col, v, &base())?;
        }
    }
    let last_col = u16::try_from(cols.len().saturating_sub(1)).unwrap_or(u16::MAX);
    if row > header_row {
        sheet.autofilter(header_row, 0, row, last_col).writing(|| "the ranking's filter".into())?;
    }
    sheet.set_freeze_panes(header_row + 1, 2).writing(|| "the ranking's frozen header".into())?;
    Ok(())
}

fn write_domains(
    sheet: &mut Worksheet,
    set: Option<&CriteriaSet>,
    ranking: &Ranking,
    w: Words,
) -> Result<(), WriteError> {
    // Domain columns follow the set; without one, the first unit's domains (all units of a
    // ranking share a set).
    let domains: Vec<(String, String)> = match set {
        Some(s) => s.criteria.iter().map(|d| (d.code.clone(), d.name.clone())).collect(),
        None => ranking
            .units
            .first()
            .map(|r| r.result.domains.iter().map(|d| (d.code.clone(), String::new())).collect())
            .unwrap_or_default(),
    };
    let mut cols: Vec<(String, f64)> =
        vec![(w.t("Hạng", "Rank").into(), 7.0), (w.t("Đơn vị", "Unit").into(), 34.0)];
    for (code, name) in &domains {
        let label = if name.is_empty() { code.clone() } else { format!("{code}. {name}") };
        cols.push((label, 16.0));
    }
    headers(sheet, 0, &cols)?;
    let mut row = 0;
    for r in &ranking.units {
        row += 1;
        put(sheet, row, 0, V::I(r.rank), &base())?;
        put(sheet, row, 1, V::T(r.result.unit.clone()), &base())?;
        for (col, (code, _)) in (2u16..).zip(&domains) {
            let percent = r.result.domains.iter().find(|d| &d.code == code).and_then(|d| d.percent);
            let v = percent.map_or(V::Blank, |p| V::F(p, PERCENT));
            put(sheet, row, col, v, &base())?;
        }
    }
    if row > 0 && !domains.is_empty() {
        let last_col = u16::try_from(domains.len() + 1).unwrap_or(u16::MAX);
        // Red for the weakest, yellow at the median, green for the strongest, across every
        // unit and domain at once, so a weak domain stands out whichever unit it is in.
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum_color(Color::RGB(0xF8696B))
            .set_midpoint_color(Color::RGB(0xFFEB84))
            .set_maximum_color(Color::RGB(0x63BE7B));
        sheet
            .add_conditional_format(1, 2, row, last_col, &scale)
            .writing(|| "the domains' colour scale".into())?;
    }
    sheet.set_freeze_panes(1, 2).writing(|| "the domains' frozen header".into())?;
    Ok(())
}

fn write_problems(
    sheet: &mut Worksheet,
    failures: &[RankFailure],
    w: Words,
) -> Result<(), WriteError> {
    let cols: Vec<(String, f64)> = vec![
        (w.t("Tệp", "File").into(), 40.0),
        (w.t("Trang tính", "Sheet").into(), 14.0),
        (w.t("Ô", "Cell").into(), 7.0),
        (w.t("Mã", "Code").into(), 8.0),
        (w.t("Lỗi", "Problem").into(), 80.0),
    ];
    headers(sheet, 0, &cols)?;
    let wrap = base().set_text_wrap();
    let mut row = 0;
    for f in failures {
        let lines = f
            .error
            .iter()
            .map(|e| [V::Blank, V::Blank, V::Blank, V::T(e.get(w.lang).to_string())])
            .chain(f.problems.iter().map(|p| {
                [
                    V::T(p.sheet.clone()),
                    p.cell.clone().map_or(V::Blank, V::T),
                    p.code.clone().map_or(V::Blank, V::T),
                    V::T(p.message_in(w.lang).to_string()),
                ]
            }));
        for values in lines {
            row += 1;
            put(sheet, row, 0, V::T(f.file.clone()), &wrap)?;
            for (col, v) in (1u16..).zip(values) {
                if let V::T(text) = &v {
                    if col == 4 {
                        if let Some(h) = fit_height(&[(text, 80.0, 0, false)]) {
                            sheet.set_row_height(row, h).writing(|| "a problem's row".into())?;
                        }
                    }
                }
                put(sheet, row, col, v, &wrap)?;
            }
        }
    }
    if row == 0 {
        let none = w.t("Mọi bảng đều chấm được.", "Every workbook was scored.");
        put(sheet, 1, 0, V::T(none.into()), &base().set_italic())?;
    } else {
        sheet.autofilter(0, 0, row, 4).writing(|| "the problems' filter".into())?;
    }
    sheet.set_freeze_panes(1, 0).writing(|| "the problems' frozen header".into())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use parscore_core::{catalog, score, Input, Inputs, UnitResult};
    use parscore_sheet::CellProblem;

    /// The cells of `sheet` in `bytes`, as text, row by row.
    fn cells(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
        let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let range = book.worksheet_range(sheet).unwrap();
        range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_sheets_hold_the_ranking_the_domains_and_the_problems() {
        let set = catalog::find("lai-chau/so/2025").unwrap();
        // Nothing filled in but 1.1.2 (yes, 1 point). No survey result, so the survey's 10
        // points leave the maximum: 1 of 90 → 1.11%; domain 1: 1 of 10 → 10.00%.
        let mut inputs = Inputs::default();
        inputs.set("1.1.2", Input::Yes(true));
        let some = score(&set, &inputs);
        let none = score(&set, &Inputs::default());
        let mut ranking = Ranking::new(vec![
            UnitResult::new("Sở B", "b.xlsx", &none),
            UnitResult::new("Sở A", "a.xlsx", &some),
        ]);
        // Last year Sở A was 2nd with 0%: +1.11 and one place up.
        ranking.compare_with(&Ranking::new(vec![
            UnitResult::new("Sở C", "c.xlsx", &some),
            UnitResult::new("Sở A", "a24.xlsx", &none),
        ]));
        let failure = RankFailure {
            file: "bad.xlsx".into(),
            error: None,
            problems: vec![CellProblem {
                file: "bad.xlsx".into(),
                sheet: "Tự đánh giá".into(),
                cell: Some("E7".into()),
                code: Some("1.1.1".into()),
                message: parscore_core::Text::new("thiếu dữ liệu", "missing input"),
            }],
        };
        let bytes = write_rank_report(Some(&set), &ranking, &[failure], Lang::En).unwrap();

        let rows = cells(&bytes, "Ranking");
        assert_eq!(
            rows[3][..11],
            [
                "Rank",
                "Unit",
                "Percent",
                "Grade",
                "Total",
                "Applicable maximum",
                "Last year (%)",
                "Change (%)",
                "Last year's rank",
                "Places gained",
                "File"
            ]
        );
        assert_eq!(rows[4][..6], ["1", "Sở A", "1.11", "Weak", "1", "90"]);
        assert_eq!(rows[4][6..], ["0", "1.11", "2", "1", "a.xlsx"]);
        // Sở B was not ranked last year: blank columns.
        assert_eq!(rows[5][..2], ["2", "Sở B"]);
        assert_eq!(rows[5][6..10], ["", "", "", ""]);

        let rows = cells(&bytes, "By domain");
        assert_eq!(rows[0][2], "1. Công tác chỉ đạo, điều hành cải cách hành chính");
        assert_eq!(rows[0].len(), 2 + 8);
        assert_eq!(rows[1][..4], ["1", "Sở A", "10", "0"]);

        let rows = cells(&bytes, "Problems");
        assert_eq!(rows[1], ["bad.xlsx", "Tự đánh giá", "E7", "1.1.1", "missing input"]);
    }

    #[test]
    fn writes_a_workbook_with_and_without_units() {
        let set = catalog::find("lai-chau/so/2025").unwrap();
        let card = score(&set, &Inputs::default());
        let mut ranking = Ranking::new(vec![
            UnitResult::new("Sở A", "a.xlsx", &card),
            UnitResult::new("Sở B", "b.xlsx", &card),
        ]);
        ranking.compare_with(&Ranking::new(vec![UnitResult::new("Sở A", "a24.xlsx", &card)]));
        let failure = RankFailure {
            file: "bad.xlsx".into(),
            error: Some(parscore_core::Text::new("không mở được", "cannot open")),
            problems: vec![CellProblem {
                file: "bad.xlsx".into(),
                sheet: "Tự đánh giá".into(),
                cell: Some("E7".into()),
                code: Some("1.1.1".into()),
                message: parscore_core::Text::new("thiếu dữ liệu", "missing input"),
            }],
        };
        for lang in [Lang::Vi, Lang::En] {
            let bytes =
                write_rank_report(Some(&set), &ranking, std::slice::from_ref(&failure), lang)
                    .unwrap();
            assert!(bytes.starts_with(b"PK"));
        }
        let empty = write_rank_report(None, &Ranking::default(), &[failure], Lang::Vi).unwrap();
        assert!(empty.starts_with(b"PK"));
    }
}
