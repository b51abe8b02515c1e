//! The comparison report workbook: a summary sheet (both years' totals, grades and the change,
//! with a clustered bar chart of every domain's percentage, last year beside this year) and a
//! detail sheet with every node of either year, its change, the council's cut and its flags.
//!
//! It only renders a [`Comparison`] the core computed; it compares and judges nothing itself
//! and never touches the file system.

mod detail;

use parscore_core::{Comparison, Decimal, FlagKind, Lang, NodeSide, Section, YearTotal};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType,
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, Workbook,
    Worksheet,
};

use crate::error::{Context, WriteError};
use crate::style::{base, fit_height, A4, FONT};
use crate::toolkit::{header_format, put, span, Words, PERCENT, SIGNED, SIGNED_PERCENT, V};

/// Writes the comparison report of `cmp` for `unit` and returns the xlsx bytes.
///
/// Labels, flags and notes are in `lang` (Vietnamese by default); criterion names stay as the
/// sets word them. Fails only when rust_xlsxwriter refuses a part (an xlsx limit), naming it.
///
/// ```
/// use parscore_core::{catalog, compare, score, CompareOptions, Inputs, Lang};
/// use parscore_write::write_compare_report;
///
/// let old = catalog::find("lai-chau/so/2024").expect("shipped set");
/// let new = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let (a, b) = (score(&old, &Inputs::default()), score(&new, &Inputs::default()));
/// let cmp = compare(&a, &b, &CompareOptions::default_for(&a, &b));
/// let bytes = write_compare_report(&cmp, "Sở Xây dựng", Lang::Vi)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), parscore_write::WriteError>(())
/// ```
pub fn write_compare_report(
    cmp: &Comparison,
    unit: &str,
    lang: Lang,
) -> Result<Vec<u8>, WriteError> {
    let w = Words { lang };
    let mut summary = Worksheet::new();
    let name = w.t("Tổng hợp", "Summary");
    summary.set_name(name).writing(|| format!("the sheet name {name}"))?;
    write_summary(&mut summary, cmp, unit, w)?;

    let mut detail = Worksheet::new();
    let name = w.t("Chi tiết", "Detail");
    detail.set_name(name).writing(|| format!("the sheet name {name}"))?;
    detail::write_detail(&mut detail, cmp, w)?;

    let mut workbook = Workbook::new();
    workbook.push_worksheet(summary);
    workbook.push_worksheet(detail);
    workbook.save_to_buffer().writing(|| "the comparison workbook".into())
}

/// Widths of the summary's columns A–E: code, name or label, last year, this year, change.
const SUMMARY_WIDTHS: [f64; 5] = [8.0, 46.0, 16.0, 16.0, 14.0];
/// The label of a summary row spans A–B, its values C, D and E.
const LABEL: (u16, u16) = (0, 1);
const VALUES: (u16, u16) = (2, 4);

fn write_summary(
    sheet: &mut Worksheet,
    cmp: &Comparison,
    unit: &str,
    w: Words,
) -> Result<(), WriteError> {
    let (p, c) = (&cmp.previous, &cmp.current);
    for (col, width) in (0u16..).zip(SUMMARY_WIDTHS) {
        sheet.set_column_width(col, width).writing(|| "the summary's column widths".into())?;
    }
    let title = Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text = match w.lang {
        Lang::Vi => {
            format!("SO SÁNH KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {} VÀ NĂM {}", p.year, c.year)
        }
        Lang::En => format!("PAR INDEX: {} COMPARED WITH {}", c.year, p.year),
    };
    span(sheet, 0, (0, 4), V::T(text), &title)?;
    sheet.set_row_height(0, 40).writing(|| "the report title".into())?;

    let label = base().set_bold().set_text_wrap();
    let value = base().set_text_wrap().set_align(FormatAlign::Left);
    span(sheet, 2, LABEL, V::T(w.t("Đơn vị", "Unit").into()), &label)?;
    span(sheet, 2, VALUES, V::T(unit.to_string()), &value)?;

    // Both years side by side: C last year, D this year, E the change.
    let head = 4;
    span(sheet, head, LABEL, V::T(w.t("Chỉ tiêu", "Item").into()), &header_format())?;
    put(sheet, head, 2, V::T(w.year(p.year)), &header_format())?;
    put(sheet, head, 3, V::T(w.year(c.year)), &header_format())?;
    put(sheet, head, 4, V::T(w.t("Tăng/giảm", "Change").into()), &header_format())?;
    let grade = |t: &YearTotal| t.grade.as_ref().map_or("—".into(), |g| g.get(w.lang).into());
    let rows: [(&str, V, V, V); 6] = [
        (
            w.t("Bộ tiêu chí", "Criteria set"),
            V::T(p.set_id.clone()),
            V::T(c.set_id.clone()),
            V::Blank,
        ),
        (
            w.t("Điểm so sánh", "Score compared"),
            V::T(p.basis.label().get(w.lang).into()),
            V::T(c.basis.label().get(w.lang).into()),
            V::Blank,
        ),
        (
            w.t("Tổng điểm", "Total score"),
            V::N(p.total),
            V::N(c.total),
            V::F(cmp.delta_points, SIGNED),
        ),
        (w.t("Điểm tối đa áp dụng", "Applicable maximum"), V::N(p.max), V::N(c.max), V::Blank),
        (
            w.t("Tỷ lệ đạt (%)", "Percentage"),
            V::F(p.percent, PERCENT),
            V::F(c.percent, PERCENT),
            V::F(cmp.delta_percent, w.signed_pp()),
        ),
        (w.t("Xếp loại", "Grade"), V::T(grade(p)), V::T(grade(c)), V::Blank),
    ];
    let mut row = head;
    for (name, prev, cur, change) in rows {
        row += 1;
        span(sheet, row, LABEL, V::T(name.into()), &label)?;
        put(sheet, row, 2, prev, &base().set_align(FormatAlign::Right))?;
        put(sheet, row, 3, cur, &base().set_align(FormatAlign::Right))?;
        put(sheet, row, 4, change, &base().set_align(FormatAlign::Right).set_bold())?;
    }
    delta_colours(sheet, &[(head + 1, row)], &[], (4, 4))?;

    // How many scored rows moved, and the caveats.
    row += 1;
    let leaves = cmp.changes.iter().filter(|n| n.leaf && n.section == Section::Criteria);
    let fell = leaves.clone().filter(|n| n.flags.iter().any(|f| f.kind == FlagKind::Decreased));
    let rose = leaves.filter(|n| rose(&n.previous, &n.current));
    let counts = [
        (w.t("Số tiêu chí giảm so với năm trước", "Criteria that fell"), fell.count()),
        (w.t("Số tiêu chí tăng so với năm trước", "Criteria that rose"), rose.count()),
        (w.t("Số mục mới (chỉ có năm nay)", "Items new this year"), cmp.added.len()),
        (
            w.t("Số mục không còn (chỉ có năm trước)", "Items dropped since last year"),
            cmp.removed.len(),
        ),
    ];
    for (name, n) in counts {
        row += 1;
        span(sheet, row, LABEL, V::T(name.into()), &label)?;
        span(sheet, row, VALUES, V::I(n), &value)?;
    }
    let mut notes: Vec<String> = cmp.notes.iter().map(|n| n.get(w.lang).to_string()).collect();
    for t in [p, c].into_iter().filter(|t| t.fallback) {
        notes.push(match w.lang {
            Lang::Vi => format!(
                "năm {}: một số tiêu chí chưa có điểm thẩm định, dùng điểm tự đánh giá thay",
                t.year
            ),
            Lang::En => {
                format!(
                    "{}: some criteria have no appraised score; the self-assessed one stands in",
                    t.year
                )
            }
        });
    }
    for note in notes {
        row += 1;
        span(sheet, row, LABEL, V::T(w.t("Ghi chú", "Note").into()), &label)?;
        let width = SUMMARY_WIDTHS.get(2..).map_or(40.0, |w| w.iter().sum());
        if let Some(h) = fit_height(&[(&note, width, 0, false)]) {
            sheet.set_row_height(row, h).writing(|| "a note's row".into())?;
        }
        span(sheet, row, VALUES, V::T(note), &value)?;
    }

    row += 2;
    domains(sheet, row, cmp, w)?;
    sheet.set_paper_size(A4).set_portrait().set_print_fit_to_pages(1, 0).set_footer("&C&P/&N");
    Ok(())
}

/// Whether a node rose: compared by percent of the maximum, cross-multiplied as the core's
/// `decreased` flag is, so that "rose" and "fell" never both hold.
fn rose(prev: &NodeSide, cur: &NodeSide) -> bool {
    let (pm, cm) = (prev.applicable_max, cur.applicable_max);
    pm > Decimal::ZERO && cm > Decimal::ZERO && cur.score * pm > prev.score * cm
}

/// The domains' table from `row` on and, under it, the chart of their percentages.
fn domains(sheet: &mut Worksheet, head: u32, cmp: &Comparison, w: Words) -> Result<(), WriteError> {
    let (p, c) = (&cmp.previous, &cmp.current);
    let heads = [
        w.t("Mã", "Code").to_string(),
        w.t("Lĩnh vực", "Domain").to_string(),
        format!("{} (%)", w.year(p.year)),
        format!("{} (%)", w.year(c.year)),
        w.t("Tăng/giảm (điểm %)", "Change (pp)").to_string(),
    ];
    for (col, h) in (0u16..).zip(heads) {
        put(sheet, head, col, V::T(h), &header_format())?;
    }
    sheet.set_row_height(head, 30).writing(|| "the domains' header".into())?;
    // Every domain of either year: matched ones in this year's order, then new, then dropped.
    let pct = |s: Option<&NodeSide>| s.and_then(|s| s.percent);
    let is_domain = |depth: usize, section: Section| depth == 1 && section == Section::Criteria;
    let mut lines: Vec<(&str, &str, Option<Decimal>, Option<Decimal>)> = Vec::new();
    for n in cmp.changes.iter().filter(|n| is_domain(n.depth, n.section)) {
        lines.push((&n.code, &n.name, n.previous.percent, n.current.percent));
    }
    for n in cmp.added.iter().filter(|n| is_domain(n.depth, n.section)) {
        lines.push((&n.code, &n.name, None, pct(Some(&n.side))));
    }
    for n in cmp.removed.iter().filter(|n| is_domain(n.depth, n.section)) {
        lines.push((&n.code, &n.name, pct(Some(&n.side)), None));
    }
    let mut row = head;
    for (code, name, prev, cur) in &lines {
        row += 1;
        put(sheet, row, 0, V::T((*code).into()), &base().set_num_format("@"))?;
        if let Some(h) = fit_height(&[(*name, SUMMARY_WIDTHS[1], 0, false)]) {
            sheet.set_row_height(row, h).writing(|| format!("the row of domain {code}"))?;
        }
        put(sheet, row, 1, V::T((*name).into()), &base().set_text_wrap())?;
        let delta = prev.zip(*cur).map(|(p, c)| c - p);
        for (col, v) in [(2, prev), (3, cur), (4, &delta)] {
            let pattern = if col == 4 { SIGNED_PERCENT } else { PERCENT };
            put(sheet, row, col, v.map_or(V::Blank, |d| V::F(d, pattern)), &base())?;
        }
    }
    if lines.is_empty() {
        return Ok(());
    }
    delta_colours(sheet, &[(head + 1, row)], &[], (4, 4))?;

    // Two series, last year beside this year, one pair of bars per domain. A bar chart rather
    // than columns: the domains' names are long and read best on the vertical axis.
    let name = sheet.name();
    let font = ChartFont::new().set_name(FONT).clone();
    let mut chart = Chart::new(ChartType::Bar);
    for (col, colour) in [(2u16, 0xA5A5A5u32), (3, 0x2F5597)] {
        chart
            .add_series()
            .set_name((name.as_str(), head, col))
            .set_categories((name.as_str(), head + 1, 1, row, 1))
            .set_values((name.as_str(), head + 1, col, row, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)))
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0.0")
                    .set_font(ChartFont::new().set_name(FONT).set_size(8)),
            )
            .set_gap(60);
    }
    chart
        .title()
        .set_name(w.t("Tỷ lệ điểm đạt theo lĩnh vực (%)", "Score by domain (% of the maximum)"))
        .set_font(ChartFont::new().set_name(FONT).set_size(12).set_bold());
    chart.legend().set_position(ChartLegendPosition::Bottom).set_font(&font);
    // In a bar chart the x axis is the horizontal (value) one; the category axis is reversed so
    // that domain 1 comes first, at the top.
    chart.x_axis().set_min(0).set_max(100).set_major_unit(20).set_font(&font);
    chart.y_axis().set_reverse().set_font(&font);
    let bars = u32::try_from(lines.len()).unwrap_or(u32::MAX).min(40);
    chart.set_width(700).set_height(140 + 44 * bars);
    sheet.insert_chart(row + 2, 0, &chart).writing(|| "the chart of the domains".into())?;
    Ok(())
}

/// Red for decreases and green for increases in the cells of `cols` on the rows of `runs`;
/// the other way round on the rows of `inverted` (penalty points: more is worse).
pub(super) fn delta_colours(
    sheet: &mut Worksheet,
    runs: &[(u32, u32)],
    inverted: &[(u32, u32)],
    (c0, c1): (u16, u16),
) -> Result<(), WriteError> {
    let red = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let green = Format::new()
        .set_background_color(Color::RGB(0xC6EFCE))
        .set_font_color(Color::RGB(0x006100));
    for (ranges, bad_below) in [(runs, true), (inverted, false)] {
        let Some(&(first, _)) = ranges.first() else { continue };
        let sqref: Vec<String> = ranges
            .iter()
            .map(|(a, b)| format!("{}:{}", row_col_to_cell(*a, c0), row_col_to_cell(*b, c1)))
            .collect();
        let sqref = sqref.join(" ");
        let (below, above) = if bad_below { (&red, &green) } else { (&green, &red) };
        for (rule, f) in [
            (ConditionalFormatCellRule::LessThan(0), below),
            (ConditionalFormatCellRule::GreaterThan(0), above),
        ] {
            let cf = ConditionalFormatCell::new()
                .set_rule(rule)
                .set_multi_range(&sqref)
                .set_format(f.clone());
            sheet
                .add_conditional_format(first, c0, first, c1, &cf)
                .writing(|| "the colours of the changes".into())?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "compare_report_tests.rs"]
pub(crate) mod tests;
