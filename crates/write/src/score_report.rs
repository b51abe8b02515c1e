//! The score report workbook: a summary sheet (total, percentage, grade, parts, each domain
//! with a bar chart) and a detail sheet with every criterion's score and the reason for it.
//!
//! It only renders a [`Scorecard`] the core computed; it scores nothing itself and never
//! touches the file system.

use parscore_core::{
    CriteriaSet, Decimal, Lang, Method, NodeScore, NodeStatus, ProblemKind, Scorecard,
};
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartType, Color, ConditionalFormatFormula, Format, FormatAlign,
    Workbook, Worksheet,
};

use rust_xlsxwriter::utility::row_col_to_cell;

use crate::error::{Context, WriteError};
use crate::style::{base, fit_height, row_format, RowKind, A4, FONT};
use crate::toolkit::{header_format, put, Words, PERCENT, V};

/// Writes the score report of `card` (scored on `set`) for `unit` and returns the xlsx bytes.
///
/// Labels and reasons are in `lang` (Vietnamese by default); criterion names stay as the set
/// words them. Fails only when rust_xlsxwriter refuses a part (an xlsx limit), naming it.
///
/// ```
/// use parscore_core::{catalog, score, Inputs, Lang};
/// use parscore_write::write_score_report;
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let card = score(&set, &Inputs::default());
/// let bytes = write_score_report(&set, &card, "Sở Xây dựng", Lang::Vi)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), parscore_write::WriteError>(())
/// ```
pub fn write_score_report(
    set: &CriteriaSet,
    card: &Scorecard,
    unit: &str,
    lang: Lang,
) -> Result<Vec<u8>, WriteError> {
    let words = Words { lang };
    let mut summary = Worksheet::new();
    let name = words.t("Tổng hợp", "Summary");
    summary.set_name(name).writing(|| format!("the sheet name {name}"))?;
    write_summary(&mut summary, set, card, unit, words)?;

    let mut detail = Worksheet::new();
    let name = words.t("Chi tiết", "Detail");
    detail.set_name(name).writing(|| format!("the sheet name {name}"))?;
    write_detail(&mut detail, card, words)?;

    let mut workbook = Workbook::new();
    workbook.push_worksheet(summary);
    workbook.push_worksheet(detail);
    workbook.save_to_buffer().writing(|| "the report workbook".into())
}

fn write_summary(
    sheet: &mut Worksheet,
    set: &CriteriaSet,
    card: &Scorecard,
    unit: &str,
    w: Words,
) -> Result<(), WriteError> {
    let title = Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold()
        .set_align(FormatAlign::Center);
    let text = w.t(
        "BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM",
        "ADMINISTRATIVE REFORM INDEX (PAR INDEX) SELF-ASSESSMENT REPORT",
    );
    sheet
        .merge_range(0, 0, 0, 4, &format!("{text} {}", card.year()), &title)
        .writing(|| "the report title".into())?;
    sheet.set_row_height(0, 24).writing(|| "the report title".into())?;

    let label = base().set_bold();
    let value = base().set_text_wrap();
    let grade = card.grade.as_ref().map_or_else(|| "—".to_string(), |g| g.get(w.lang).to_string());
    let mut facts = vec![
        (w.t("Đơn vị", "Unit"), V::T(unit.to_string())),
        (w.t("Bộ tiêu chí", "Criteria set"), V::T(format!("{} ({})", set.title, set.id))),
        (w.t("Năm đánh giá", "Year"), V::T(card.year().to_string())),
        (w.t("Tổng điểm", "Total score"), V::N(card.total)),
        (w.t("Điểm tối đa áp dụng", "Applicable maximum"), V::N(card.max)),
        (w.t("Tỷ lệ đạt (%)", "Percentage"), V::F(card.percent, PERCENT)),
        (w.t("Xếp loại", "Grade"), V::T(grade)),
    ];
    if let Some(a) = card.appraised_total {
        facts.push((w.t("Điểm thẩm định", "Appraised score"), V::N(a)));
    }
    if !card.problems.is_empty() {
        let n = card.problems.len();
        let msg = match w.lang {
            Lang::Vi => format!("{n} (xem cột Lý do ở trang Chi tiết)"),
            Lang::En => format!("{n} (see the Reason column of the Detail sheet)"),
        };
        facts.push((w.t("Số liệu thiếu hoặc sai", "Missing or invalid inputs"), V::T(msg)));
    }
    let mut row = 2;
    for (name, v) in facts {
        put(sheet, row, 0, V::T(name.into()), &label)?;
        if let V::T(s) = &v {
            if let Some(h) = fit_height(&[(s, SUMMARY_WIDTHS[1..].iter().sum(), 0, false)]) {
                sheet.set_row_height(row, h).writing(|| format!("the summary row {name}"))?;
            }
        }
        // Values span B–E; a number goes into the merged cell after the merge.
        let value = value.clone().set_align(FormatAlign::Left);
        sheet
            .merge_range(row, 1, row, 4, "", &value)
            .writing(|| format!("the summary row {name}"))?;
        put(sheet, row, 1, v, &value)?;
        row += 1;
    }

    // The parts: self-assessed, survey, bonus, penalty.
    row += 1;
    let heads = [
        w.t("Phần", "Part"),
        w.t("Điểm", "Score"),
        w.t("Điểm tối đa", "Maximum"),
        w.t("Tỷ lệ (%)", "Percent"),
    ];
    for (col, h) in (0u16..).zip(heads) {
        put(sheet, row, col, V::T(h.into()), &header_format())?;
    }
    sheet.set_row_height(row, 30).writing(|| "the summary's table header".into())?;
    row += 1;
    let part = |p: &parscore_core::Part| {
        [V::N(p.score), V::N(p.max), p.percent.map_or(V::Blank, |p| V::F(p, PERCENT))]
    };
    let has_survey = set.nodes().iter().any(|n| n.is_leaf() && n.method == Method::Survey);
    let mut parts: Vec<(&str, Vec<V>)> =
        vec![(w.t("Tự đánh giá", "Self-assessed"), part(&card.self_assessed).into())];
    let survey_name = w.t("Điều tra xã hội học", "Sociological survey");
    match (&card.survey, has_survey) {
        (Some(p), _) => parts.push((survey_name, part(p).into())),
        (None, true) => parts.push((
            survey_name,
            vec![V::T(w.t("chưa có kết quả khảo sát", "survey result not yet available").into())],
        )),
        (None, false) => {}
    }
    if let Some(b) = &card.bonus {
        parts.push((w.t("Điểm thưởng", "Bonus"), vec![V::N(b.applied), V::N(b.cap), V::Blank]));
    }
    if let Some(p) = &card.penalty {
        parts.push((w.t("Điểm trừ", "Penalty"), vec![V::N(-p.applied), V::N(p.cap), V::Blank]));
    }
    for (name, values) in parts {
        put(sheet, row, 0, V::T(name.into()), &label)?;
        let pending = values.len() == 1;
        for (col, v) in (1u16..).zip(values) {
            if pending {
                if let V::T(s) = &v {
                    sheet
                        .merge_range(row, 1, row, 3, s, &base().set_italic())
                        .writing(|| format!("the part {name}"))?;
                }
            } else {
                put(sheet, row, col, v, &base())?;
            }
        }
        row += 1;
    }

    // The domains, and the chart of their percentages.
    row += 1;
    let heads = [
        w.t("Mã", "Code"),
        w.t("Lĩnh vực", "Domain"),
        w.t("Điểm", "Score"),
        w.t("Điểm tối đa áp dụng", "Applicable maximum"),
        w.t("Tỷ lệ (%)", "Percent"),
    ];
    for (col, h) in (0u16..).zip(heads) {
        put(sheet, row, col, V::T(h.into()), &header_format())?;
    }
    sheet.set_row_height(row, 30).writing(|| "the summary's table header".into())?;
    let first = row + 1;
    let domains: Vec<&NodeScore> = card.domains().collect();
    for d in &domains {
        row += 1;
        put(sheet, row, 0, V::T(d.code.clone()), &base().set_num_format("@"))?;
        put(sheet, row, 1, V::T(d.name.clone()), &base().set_text_wrap())?;
        if let Some(h) = fit_height(&[(&d.name, SUMMARY_WIDTHS[1], 0, false)]) {
            sheet.set_row_height(row, h).writing(|| format!("the row of domain {}", d.code))?;
        }
        put(sheet, row, 2, V::N(d.score), &base())?;
        put(sheet, row, 3, V::N(d.applicable_max), &base())?;
        put(sheet, row, 4, d.percent.map_or(V::Blank, |p| V::F(p, PERCENT)), &base())?;
    }
    if !domains.is_empty() {
        let name = sheet.name();
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((name.as_str(), first, 1, row, 1))
            .set_values((name.as_str(), first, 4, row, 4))
            .set_data_label(ChartDataLabel::new().show_value());
        chart.title().set_name(w.t(
            "Tỷ lệ điểm đạt theo lĩnh vực (%)",
            "Score by domain (% of the applicable maximum)",
        ));
        chart.legend().set_hidden();
        // In a bar chart rust_xlsxwriter's x axis is the horizontal (value) one; the category
        // axis is reversed so that domain 1 comes first, at the top.
        chart.x_axis().set_min(0).set_max(100).set_major_unit(20);
        chart.y_axis().set_reverse();
        let bars = u32::try_from(domains.len()).unwrap_or(u32::MAX);
        chart.set_width(760).set_height(120 + 36 * bars.min(40));
        sheet.insert_chart(row + 2, 0, &chart).writing(|| "the chart of the domains".into())?;
    }

    for (col, width) in (0u16..).zip(SUMMARY_WIDTHS) {
        sheet.set_column_width(col, width).writing(|| "the summary's column widths".into())?;
    }
    sheet.set_paper_size(A4).set_portrait().set_print_fit_to_pages(1, 1);
    Ok(())
}

/// Widths of the summary's columns A–E.
const SUMMARY_WIDTHS: [f64; 5] = [26.0, 50.0, 12.0, 14.0, 12.0];

/// Columns of the detail sheet, in order.
const DETAIL: [(&str, &str, f64); 8] = [
    ("Mã", "Code", 9.0),
    ("Nội dung", "Criterion", 46.0),
    ("Điểm tối đa", "Maximum", 9.0),
    ("Điểm", "Score", 9.0),
    ("Tỷ lệ (%)", "Percent", 9.0),
    ("Lý do", "Reason", 40.0),
    ("Tài liệu kiểm chứng", "Evidence", 30.0),
    ("Điểm thẩm định", "Appraised", 10.0),
];
const SCORE_COL: u16 = 3;
const MAX_COL: u16 = 2;

fn write_detail(sheet: &mut Worksheet, card: &Scorecard, w: Words) -> Result<(), WriteError> {
    for (col, (vi, en, width)) in (0u16..).zip(DETAIL) {
        put(sheet, 0, col, V::T(w.t(vi, en).into()), &header_format())?;
        sheet.set_column_width(col, width).writing(|| "the detail's column widths".into())?;
    }
    sheet.set_row_height(0, 32).writing(|| "the detail's header".into())?;
    let mut row = 1;
    let mut leaves = Vec::new();
    let pools =
        [(w.t("Điểm thưởng", "Bonus"), &card.bonus), (w.t("Điểm trừ", "Penalty"), &card.penalty)];
    let mut lines: Vec<Result<&NodeScore, String>> = card.nodes.iter().map(Ok).collect();
    for (name, pool) in pools {
        if let Some(p) = pool {
            let cap = match w.lang {
                Lang::Vi => format!("{name} (tối đa {} điểm): {}", w.n(p.cap), w.n(p.applied)),
                Lang::En => format!("{name} (at most {}): {}", w.n(p.cap), w.n(p.applied)),
            };
            lines.push(Err(cap));
            lines.extend(p.items.iter().map(Ok));
        }
    }
    for line in lines {
        match line {
            Ok(n) => {
                node_line(sheet, row, n, card, w)?;
                // Colour leaves that count: not excluded, not pending.
                if n.leaf && n.applicable_max > Decimal::ZERO {
                    leaves.push(row);
                }
            }
            Err(label) => {
                let f = row_format(RowKind::Total);
                for col in 0..8 {
                    put(sheet, row, col, V::Blank, &f)?;
                }
                put(sheet, row, 1, V::T(label), &f)?;
            }
        }
        row += 1;
    }
    let f = row_format(RowKind::Total);
    let total = [
        V::Blank,
        V::T(w.t("Tổng cộng", "Total").into()),
        V::N(card.max),
        V::N(card.total),
        V::F(card.percent, PERCENT),
    ];
    for (col, v) in (0u16..).zip(total) {
        put(sheet, row, col, v, &f)?;
    }
    let grade = card.grade.as_ref().map_or(String::new(), |g| g.get(w.lang).to_string());
    put(sheet, row, 5, V::T(grade), &f)?;
    for col in 6..8 {
        put(sheet, row, col, V::Blank, &f)?;
    }
    highlight(sheet, &leaves)?;

    sheet.set_freeze_panes(1, 2).writing(|| "the detail's frozen header".into())?;
    sheet.set_repeat_rows(0, 0).writing(|| "the detail's repeated header".into())?;
    sheet.set_paper_size(A4).set_landscape().set_print_fit_to_pages(1, 0).set_footer("&C&P/&N");
    Ok(())
}

fn node_line(
    sheet: &mut Worksheet,
    row: u32,
    n: &NodeScore,
    card: &Scorecard,
    w: Words,
) -> Result<(), WriteError> {
    let kind = RowKind::of(n.depth, n.leaf);
    let f = row_format(kind);
    let indent = u8::try_from(n.depth.saturating_sub(1)).unwrap_or(u8::MAX);
    let reason = match &n.reason {
        Some(r) => r.get(w.lang).to_string(),
        None if n.status == NodeStatus::Invalid => problem_text(card, &n.code, w),
        None => String::new(),
    };
    let evidence = n.evidence.as_deref().unwrap_or("");
    let height = fit_height(&[
        (&n.name, DETAIL[1].2, n.depth.saturating_sub(1), !n.leaf),
        (&reason, DETAIL[5].2, 0, false),
        (evidence, DETAIL[6].2, 0, false),
    ]);
    if let Some(h) = height {
        sheet.set_row_height(row, h).writing(|| format!("the height of the row of {}", n.code))?;
    }
    let values = [
        (V::T(n.code.clone()), f.clone().set_num_format("@")),
        (V::T(n.name.clone()), f.clone().set_text_wrap().set_indent(indent)),
        (V::N(n.max), f.clone()),
        (V::N(n.score), f.clone()),
        (n.percent.map_or(V::Blank, |p| V::F(p, PERCENT)), f.clone()),
        (V::T(reason), f.clone().set_text_wrap()),
        (n.evidence.clone().map_or(V::Blank, V::T), f.clone().set_text_wrap()),
        (n.appraised.map_or(V::Blank, V::N), f.clone()),
    ];
    for (col, (v, f)) in (0u16..).zip(values) {
        put(sheet, row, col, v, &f)?;
    }
    Ok(())
}

/// Why a leaf scored 0 for want of a valid input, in the report's language.
fn problem_text(card: &Scorecard, code: &str, w: Words) -> String {
    let Some(p) = card.problems.iter().find(|p| p.code == code) else { return String::new() };
    match (&p.kind, w.lang) {
        (ProblemKind::Missing { .. }, Lang::Vi) => "chưa nhập số liệu → 0 điểm".into(),
        (ProblemKind::Invalid(e), Lang::Vi) => {
            format!("số liệu không hợp lệ ({}) → 0 điểm", e.text().vi)
        }
        (ProblemKind::NotApplicableRefused, Lang::Vi) => {
            "tiêu chí này không được khai báo không áp dụng → 0 điểm".into()
        }
        (_, Lang::Vi) => p.to_string(),
        (_, Lang::En) => {
            format!("{} → 0 points", p.to_string().trim_start_matches(&format!("{code}: ")))
        }
    }
}

/// Green where a leaf earned its maximum, yellow where part of it, red where nothing.
fn highlight(sheet: &mut Worksheet, rows: &[u32]) -> Result<(), WriteError> {
    let Some(&first) = rows.first() else { return Ok(()) };
    let score = |r: u32| row_col_to_cell(r, SCORE_COL);
    let cells: Vec<String> = rows.iter().map(|r| score(*r)).collect();
    let range = cells.join(" ");
    // Relative to the first (top-left) cell of the range, as Excel reads them.
    let s = format!("${}", score(first));
    let m = format!("${}", row_col_to_cell(first, MAX_COL));
    let colour = |fill: u32, font: u32| {
        Format::new().set_background_color(Color::RGB(fill)).set_font_color(Color::RGB(font))
    };
    let rules = [
        (format!("={s}={m}"), colour(0xC6EFCE, 0x006100)),
        (format!("=AND({s}>0,{s}<{m})"), colour(0xFFEB9C, 0x9C5700)),
        (format!("={s}=0"), colour(0xFFC7CE, 0x9C0006)),
    ];
    for (rule, format) in rules {
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_multi_range(&range)
            .set_format(format);
        sheet
            .add_conditional_format(first, SCORE_COL, first, SCORE_COL, &cf)
            .writing(|| "the score colours".into())?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
