//! The improvement plan workbook (kế hoạch cải thiện và nâng cao Chỉ số CCHC): the table a
//! department pastes into its plan — every criterion to improve, in the plan's order (most
//! points lost first, then falls, then zeros, as `parscore plan` prints it), with points lost,
//! target, lead division, a deadline left for the unit, the evidence to add and why — under a
//! summary of the target; and a sheet of the criteria to keep at full marks.
//!
//! It only renders a [`Plan`] the core drew up; it ranks and judges nothing itself and never
//! touches the file system.

use parscore_core::{fmt_percent, Decimal, Lang, Plan, PlanItem, Target};
use rust_xlsxwriter::{Color, Format, FormatAlign, ProtectionOptions, Workbook, Worksheet};

use crate::error::{Context, WriteError};
use crate::style::{base, fit_height, row_format, RowKind, A4, FONT, INPUT_FILL};
use crate::toolkit::{header_format, put, span, Words, PERCENT, V};

/// Writes the improvement plan `plan` of `unit` and returns the xlsx bytes.
///
/// Labels are in `lang` (Vietnamese by default); criterion names and evidence stay as the set
/// words them. The deadline and lead-division cells are unlocked for the unit to fill; the rest
/// is protected without a password. Fails only when rust_xlsxwriter refuses a part (an xlsx
/// limit), naming it.
///
/// ```
/// use parscore_core::{catalog, plan, score, Inputs, Lang, PlanOptions};
/// use parscore_write::write_plan_report;
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let card = score(&set, &Inputs::default());
/// let target = Some("78.3".parse().expect("a decimal"));
/// let options = PlanOptions { target_percent: target, ..PlanOptions::default() };
/// let p = plan(&card, None, &options);
/// let bytes = write_plan_report(&p, "Sở Xây dựng", Lang::Vi)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), parscore_write::WriteError>(())
/// ```
pub fn write_plan_report(plan: &Plan, unit: &str, lang: Lang) -> Result<Vec<u8>, WriteError> {
    let w = Words { lang };
    let mut sheet = Worksheet::new();
    let name = w.t("Kế hoạch", "Plan");
    sheet.set_name(name).writing(|| format!("the sheet name {name}"))?;
    write_plan(&mut sheet, plan, unit, w)?;

    let mut keep = Worksheet::new();
    let name = w.t("Giữ vững", "Keep");
    keep.set_name(name).writing(|| format!("the sheet name {name}"))?;
    write_keep(&mut keep, plan, w)?;

    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    workbook.push_worksheet(keep);
    workbook.save_to_buffer().writing(|| "the plan workbook".into())
}

/// The plan's columns, in order: label and width (sized for wrapped Vietnamese text).
const COLUMNS: [(&str, &str, f64); 11] = [
    ("STT", "No.", 5.0),
    ("Tiêu chí", "Criterion", 42.0),
    ("Điểm tối đa", "Maximum", 8.0),
    ("Điểm năm trước", "Last year", 9.0),
    ("Điểm năm nay", "This year", 8.0),
    ("Điểm bị mất", "Points lost", 8.0),
    ("Mục tiêu", "Target", 8.0),
    ("Đơn vị chủ trì", "Lead division", 16.0),
    ("Thời gian hoàn thành", "Deadline", 12.0),
    ("Tài liệu cần bổ sung", "Evidence to add", 32.0),
    ("Lý do cần cải thiện", "Why it needs work", 30.0),
];
const LAST: u16 = 10;
const OWNER: u16 = 7;
const DEADLINE: u16 = 8;
const EVIDENCE: u16 = 9;
const REASONS: u16 = 10;
/// Pale green: the items that together close the gap to the target.
const CLOSES_FILL: u32 = 0xE2EFDA;
/// Dark red: evidence missing where points are claimed.
const MISSING_FONT: u32 = 0xC00000;

fn width(col: u16) -> f64 {
    COLUMNS.get(usize::from(col)).map_or(10.0, |c| c.2)
}

fn write_plan(sheet: &mut Worksheet, plan: &Plan, unit: &str, w: Words) -> Result<(), WriteError> {
    for (col, (_, _, wd)) in (0u16..).zip(COLUMNS) {
        sheet.set_column_width(col, wd).writing(|| "the plan's column widths".into())?;
    }
    let title = Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text = w.t(
        "KẾ HOẠCH CẢI THIỆN VÀ NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        "PLAN TO IMPROVE THE ADMINISTRATIVE REFORM INDEX (PAR INDEX)",
    );
    span(sheet, 0, (0, LAST), V::T(text.into()), &title)?;
    sheet.set_row_height(0, 24).writing(|| "the plan's title".into())?;
    let about = match w.lang {
        Lang::Vi => {
            format!("{unit} — kết quả tự đánh giá năm {} (bộ tiêu chí {})", plan.year, plan.set_id)
        }
        Lang::En => {
            format!("{unit} — {} self-assessment (criteria set {})", plan.year, plan.set_id)
        }
    };
    let italic = Format::new().set_font_name(FONT).set_italic().set_align(FormatAlign::Center);
    span(sheet, 1, (0, LAST), V::T(about), &italic)?;

    let mut row = 2;
    for (label, value, about) in facts(plan, w) {
        row += 1;
        span(sheet, row, (0, 1), V::T(label), &base().set_bold())?;
        put(sheet, row, 2, value, &base())?;
        if let Some(h) = fit_height(&[(&about, (3..=LAST).map(width).sum(), 0, false)]) {
            sheet.set_row_height(row, h).writing(|| "a summary row".into())?;
        }
        span(sheet, row, (3, LAST), V::T(about), &base().set_text_wrap())?;
    }

    row += 2;
    let head = row;
    for (col, (vi, en, _)) in (0u16..).zip(COLUMNS) {
        put(sheet, head, col, V::T(w.t(vi, en).into()), &header_format())?;
    }
    sheet.set_row_height(head, 32).writing(|| "the plan's header".into())?;

    // In the plan's order, as the terminal table and the Markdown list them (STT 1 is the same
    // item everywhere): what to recover first comes first, and the fewest items closing the
    // gap to the target are the first rows, shaded green. The code names the criterion.
    let previous_year = plan.previous.as_ref().map(|t| t.year);
    for (stt, item) in (1usize..).zip(&plan.items) {
        row += 1;
        item_line(sheet, row, stt, item, previous_year, w)?;
    }
    if plan.items.is_empty() {
        row += 1;
        let none = w.t("Không có tiêu chí nào cần cải thiện.", "Nothing to improve.");
        span(sheet, row, (0, LAST), V::T(none.into()), &base().set_italic())?;
    } else {
        row += 1;
        let f = row_format(RowKind::Total);
        for col in 0..=LAST {
            put(sheet, row, col, V::Blank, &f)?;
        }
        put(sheet, row, 1, V::T(w.t("Tổng số điểm bị mất", "Total points lost").into()), &f)?;
        put(sheet, row, 5, V::N(plan.items.iter().map(|i| i.points_lost).sum()), &f)?;
    }

    sheet.set_repeat_rows(head, head).writing(|| "the plan's repeated header".into())?;
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3)
        .set_footer("&C&P/&N");
    // Protected without a password, so the unlocked cells (deadline, lead division) are the
    // ones to fill; the unit may still resize columns and rows as it pastes.
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}

/// The summary above the table: label, number, explanation.
fn facts(plan: &Plan, w: Words) -> Vec<(String, V, String)> {
    let grade = |g: &Option<parscore_core::Text>| g.as_ref().map(|g| g.get(w.lang).to_string());
    let of = |total: Decimal, max: Decimal, grade: Option<String>| {
        let pts = match w.lang {
            Lang::Vi => format!("{}/{} điểm", w.n(total), w.n(max)),
            Lang::En => format!("{} of {} points", w.n(total), w.n(max)),
        };
        match grade {
            Some(g) => format!("{pts} — {} {g}", w.t("xếp loại", "grade")),
            None => pts,
        }
    };
    let mut out = vec![(
        w.t("Tỷ lệ đạt hiện tại (%)", "Current percentage").to_string(),
        V::F(plan.percent, PERCENT),
        format!(
            "{} ({})",
            of(plan.total, plan.max, grade(&plan.grade)),
            w.t("tự đánh giá", "self-assessed")
        ),
    )];
    if let Some(p) = &plan.previous {
        let label = match w.lang {
            Lang::Vi => format!("Tỷ lệ đạt năm {} (%)", p.year),
            Lang::En => format!("{} percentage", p.year),
        };
        let basis = p.basis.label();
        let mut about = format!("{} ({})", of(p.total, p.max, grade(&p.grade)), basis.get(w.lang));
        if p.fallback {
            about.push_str(w.t(
                "; một số tiêu chí chưa có điểm thẩm định, dùng điểm tự đánh giá thay",
                "; some criteria have no appraised score: the self-assessed one stands in",
            ));
        }
        out.push((label, V::F(p.percent, PERCENT), about));
    }
    if let Some(r) = &plan.rank_up {
        let label = match (w.lang, r.year) {
            (Lang::Vi, Some(y)) => format!("Xếp hạng năm {y}"),
            (Lang::En, Some(y)) => format!("Rank in {y}"),
            (Lang::Vi, None) => "Xếp hạng năm trước".into(),
            (Lang::En, None) => "Last year's rank".into(),
        };
        let summary = parscore_report::rank_up_summary(r, plan.target.as_ref());
        out.push((label, V::T(format!("{}/{}", r.rank, r.of)), summary.get(w.lang).to_string()));
    }
    if let Some(t) = &plan.target {
        let pts = match w.lang {
            Lang::Vi => format!("tương đương {} điểm", w.n(t.score)),
            Lang::En => format!("that is {} points", w.n(t.score)),
        };
        out.push((w.t("Mục tiêu (%)", "Target percentage").into(), V::F(t.percent, PERCENT), pts));
        out.push((
            w.t("Số điểm còn thiếu", "Points short of the target").into(),
            V::N(t.gap_points),
            gap(plan, t, w),
        ));
    }
    let missing = plan.items.iter().filter(|i| i.missing_evidence).count();
    let about = match w.lang {
        Lang::Vi => format!("trong đó {missing} tiêu chí chưa có tài liệu kiểm chứng"),
        Lang::En => format!("{missing} of them without evidence cited"),
    };
    out.push((
        w.t("Số tiêu chí cần cải thiện", "Criteria to improve").into(),
        V::I(plan.items.len()),
        about,
    ));
    let keep = w.t("xem trang Giữ vững", "see the Keep sheet");
    out.push((
        w.t("Số tiêu chí đạt tối đa, cần giữ vững", "Criteria at full marks, to keep").into(),
        V::I(plan.keep.len()),
        keep.into(),
    ));
    for note in &plan.notes {
        out.push((w.t("Ghi chú", "Note").into(), V::Blank, note.get(w.lang).into()));
    }
    out
}

/// Whether the marked items close the gap, in words.
fn gap(plan: &Plan, t: &Target, w: Words) -> String {
    let closing: Vec<&PlanItem> = plan.items.iter().filter(|i| i.closes_gap).collect();
    let recovered: Decimal = closing.iter().map(|i| i.points_lost).sum();
    let pct = fmt_percent(t.percent, w.lang);
    match (w.lang, t.gap_points.is_zero(), t.gap_closable) {
        (Lang::Vi, true, _) => format!("đã đạt mục tiêu {pct}%"),
        (Lang::En, true, _) => format!("the {pct}% target is already reached"),
        (Lang::Vi, false, true) => format!(
            "khắc phục {} tiêu chí tô màu xanh (thu hồi {} điểm) là đủ đạt mục tiêu {pct}%",
            closing.len(),
            w.n(recovered)
        ),
        (Lang::En, false, true) => {
            let what = if closing.len() == 1 { "criterion" } else { "criteria" };
            format!(
                "recovering the {} {what} shaded green ({}) reaches the {pct}% target",
                closing.len(),
                points_en(recovered)
            )
        }
        (Lang::Vi, false, false) => format!(
            "dù khắc phục mọi tiêu chí dưới đây ({} điểm) vẫn còn thiếu {} điểm",
            w.n(t.recoverable),
            w.n(t.shortfall)
        ),
        (Lang::En, false, false) => format!(
            "even recovering every criterion below ({}) leaves {} short",
            points_en(t.recoverable),
            points_en(t.shortfall)
        ),
    }
}

/// "1 point", "0.5 points", "2 points".
fn points_en(d: Decimal) -> String {
    let n = parscore_core::fmt_decimal(d, Lang::En);
    if d == Decimal::ONE {
        format!("{n} point")
    } else {
        format!("{n} points")
    }
}

fn item_line(
    sheet: &mut Worksheet,
    row: u32,
    stt: usize,
    item: &PlanItem,
    previous_year: Option<u16>,
    w: Words,
) -> Result<(), WriteError> {
    let f =
        if item.closes_gap { base().set_background_color(Color::RGB(CLOSES_FILL)) } else { base() };
    let mut name = format!("{} {}", item.code, item.name);
    if let Some(old) = &item.previous_code {
        name.push_str(&match w.lang {
            Lang::Vi => format!(" (năm trước: {old})"),
            Lang::En => format!(" (last year: {old})"),
        });
    }
    let mut reasons: Vec<String> =
        item.flags.iter().map(|f| f.reason.get(w.lang).to_string()).collect();
    if let Some(pm) = item.previous_max.filter(|pm| *pm != item.max) {
        reasons.push(match w.lang {
            Lang::Vi => format!("năm trước điểm tối đa là {}", w.n(pm)),
            Lang::En => format!("last year's maximum was {}", w.n(pm)),
        });
    }
    if let Some(year) = previous_year.filter(|_| item.previous_fallback) {
        reasons.push(w.fallback(year));
    }
    let reasons = reasons.join("\n");
    let evidence = evidence(item, w);
    let owner = item.owner.clone().unwrap_or_default();
    let height = fit_height(&[
        (&name, width(1), 0, false),
        (&owner, width(OWNER), 0, false),
        (&evidence, width(EVIDENCE), 0, false),
        (&reasons, width(REASONS), 0, false),
    ]);
    if let Some(h) = height {
        sheet.set_row_height(row, h).writing(|| format!("the row of {}", item.code))?;
    }
    let centre = f.clone().set_align(FormatAlign::Center);
    let values = [
        (V::I(stt), centre.clone()),
        (V::T(name), f.clone().set_text_wrap()),
        (V::N(item.max), centre.clone()),
        (item.previous_score.map_or(V::Blank, V::N), centre.clone()),
        (V::N(item.score), centre.clone()),
        (V::N(item.points_lost), centre.clone().set_bold()),
        (V::N(item.target_score), centre),
    ];
    for (col, (v, f)) in (0u16..).zip(values) {
        put(sheet, row, col, v, &f)?;
    }
    // The unit fills these: unlocked, and shaded where empty.
    let input = |empty: bool| {
        let f = f.clone().set_text_wrap().set_unlocked();
        if empty {
            f.set_background_color(Color::RGB(INPUT_FILL))
        } else {
            f
        }
    };
    put(sheet, row, OWNER, V::T(owner.clone()), &input(owner.is_empty()))?;
    put(sheet, row, DEADLINE, V::Blank, &input(true))?;
    let ev = if item.missing_evidence {
        f.clone().set_font_color(Color::RGB(MISSING_FONT))
    } else {
        f.clone()
    };
    put(sheet, row, EVIDENCE, V::T(evidence), &ev.set_text_wrap())?;
    put(sheet, row, REASONS, V::T(reasons), &f.set_text_wrap())
}

/// What the unit should add as evidence (see `PlanItem::evidence_to_add`), one document a line:
/// nothing cited — every document the set asks for, headed by a warning when points are
/// claimed; something cited — what it cited, then the documents of the set it does not name
/// (the match is by name, so the unit judges whether a document it cited is one of them);
/// every document named — nothing.
fn evidence(item: &PlanItem, w: Words) -> String {
    let list = |docs: &[String]| -> Vec<String> {
        match docs {
            [one] => vec![one.clone()],
            many => many.iter().map(|e| format!("- {e}")).collect(),
        }
    };
    let to_add = list(&item.evidence_to_add);
    let cited = item.evidence.as_deref().map(str::trim).filter(|e| !e.is_empty());
    match cited {
        None if item.missing_evidence => {
            let warn = w.t("Chưa có tài liệu kiểm chứng", "No evidence cited");
            if to_add.is_empty() {
                warn.to_string()
            } else {
                format!("{warn}:\n{}", to_add.join("\n"))
            }
        }
        None => to_add.join("\n"),
        Some(_) if to_add.is_empty() => String::new(),
        Some(cited) => {
            let (done, more) =
                (w.t("Đã nêu", "Cited"), w.t("Bộ tiêu chí còn yêu cầu", "The set also asks for"));
            match to_add.as_slice() {
                [one] => format!("{done}: {cited}\n{more}: {one}"),
                many => format!("{done}: {cited}\n{more}:\n{}", many.join("\n")),
            }
        }
    }
}

fn write_keep(sheet: &mut Worksheet, plan: &Plan, w: Words) -> Result<(), WriteError> {
    let title = Format::new().set_font_name(FONT).set_font_size(14).set_bold();
    let text =
        w.t("CÁC TIÊU CHÍ ĐẠT ĐIỂM TỐI ĐA — CẦN GIỮ VỮNG", "CRITERIA AT FULL MARKS — TO BE KEPT");
    put(sheet, 0, 0, V::T(text.into()), &title)?;
    let about = match w.lang {
        Lang::Vi => format!(
            "Đạt điểm tối đa năm {} và có tài liệu kiểm chứng: duy trì kết quả, lưu đủ hồ sơ.",
            plan.year
        ),
        Lang::En => format!("Full marks in {} with evidence cited: keep them there.", plan.year),
    };
    put(sheet, 1, 0, V::T(about), &Format::new().set_font_name(FONT).set_italic())?;
    let cols = [(w.t("STT", "No."), 6.0), (w.t("Mã tiêu chí", "Criterion code"), 16.0)];
    for (col, (label, wd)) in (0u16..).zip(cols) {
        put(sheet, 3, col, V::T(label.into()), &header_format())?;
        sheet.set_column_width(col, wd).writing(|| "the keep sheet's widths".into())?;
    }
    sheet.set_row_height(3, 30).writing(|| "the keep sheet's header".into())?;
    let mut row = 3;
    for (stt, code) in (1u32..).zip(&plan.keep) {
        row += 1;
        put(sheet, row, 0, V::N(Decimal::from(stt)), &base().set_align(FormatAlign::Center))?;
        put(sheet, row, 1, V::T(code.clone()), &base().set_num_format("@"))?;
    }
    if plan.keep.is_empty() {
        let none = w.t("Chưa có tiêu chí nào đạt điểm tối đa.", "No criterion is at full marks.");
        put(sheet, 4, 0, V::T(none.into()), &base().set_italic())?;
    }
    sheet.set_repeat_rows(3, 3).writing(|| "the keep sheet's repeated header".into())?;
    sheet.set_paper_size(A4).set_portrait().set_print_fit_to_pages(1, 0).set_footer("&C&P/&N");
    Ok(())
}

#[cfg(test)]
#[path = "plan_report_tests.rs"]
mod tests;
