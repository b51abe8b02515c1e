//! II. MỤC TIÊU: the general aims (keep what is at full marks, fix what lost points, rank
//! higher), the target and why it is that number (the one asked for, or one rank up last
//! year), the target table from the scorecards, and what the priority tasks achieve.

use docx_rs::{AlignmentType, Docx, Paragraph, TableRow};
use parscore_core::{fmt_decimal, fmt_percent, Decimal, FlagKind, Lang};

use crate::blocks::{header_row, heading, table, text, text_cell, Look, TABLE_PT};
use crate::kehoach::{dash, Ctx};

/// II. MỤC TIÊU: the general aims, what the target is and why, and the target table.
pub(crate) fn section(mut doc: Docx, ctx: &Ctx<'_>) -> Docx {
    let p = ctx.plan;
    let (unit, year, prev) = (&ctx.unit, ctx.year, ctx.previous_year);
    let count =
        |k: FlagKind| p.items.iter().filter(|i| i.flags.iter().any(|f| f.kind == k)).count();
    let mut fix = format!(
        "Khắc phục {} tiêu chí thành phần còn bị mất điểm hoặc còn thiếu sót",
        p.items.len()
    );
    let parts: Vec<String> = [
        (count(FlagKind::Zero), "không đạt điểm".to_string()),
        (count(FlagKind::Decreased), format!("giảm điểm so với năm {prev}")),
        (count(FlagKind::NoEvidence), "chưa có tài liệu kiểm chứng".to_string()),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} tiêu chí {what}"))
    .collect();
    if !parts.is_empty() {
        fix.push_str(&format!(", trong đó {}", parts.join(", ")));
    }
    let rank_aim = match p.rank_up.as_ref().map(|r| r.above.is_some()) {
        Some(false) => format!("Giữ vững vị trí xếp hạng của năm {prev}."),
        _ => format!("Tăng hạng so với năm {prev}."),
    };
    let mut paragraphs = vec![
        heading("II. MỤC TIÊU"),
        heading("1. Mục tiêu chung"),
        dash(&format!("Giữ vững kết quả {} tiêu chí thành phần đã đạt điểm tối đa.", p.keep.len())),
    ];
    if !p.items.is_empty() {
        paragraphs.push(dash(&format!("{fix}.")));
    }
    paragraphs.extend([dash(&rank_aim), heading("2. Mục tiêu cụ thể")]);
    for para in paragraphs {
        doc = doc.add_paragraph(para);
    }
    let n = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let pct = |d: Decimal| fmt_percent(d, Lang::Vi);
    let now = format!("{}% ({}/{} điểm)", pct(p.percent), n(p.total), n(p.max));
    let aim = match &p.target {
        Some(t) if t.gap_points.is_zero() => format!(
            "Chỉ số cải cách hành chính năm {year} của {unit} đạt từ {}% trở lên. Kết quả tự \
             đánh giá hiện tại, {now}, đã đạt mục tiêu: cần giữ vững và bảo đảm đủ tài liệu \
             kiểm chứng để kết quả thẩm định không bị giảm.",
            pct(t.percent)
        ),
        Some(t) => format!(
            "Chỉ số cải cách hành chính năm {year} của {unit} đạt từ {}% trở lên, tức từ {} điểm \
             trở lên; so với kết quả tự đánh giá hiện tại, {now}, cần tăng thêm {} điểm.",
            pct(t.percent),
            n(t.score),
            n(t.gap_points)
        ),
        None => format!(
            "Chỉ số cải cách hành chính năm {year} của {unit} cao hơn năm {prev}; kết quả tự \
             đánh giá hiện tại là {now}."
        ),
    };
    doc = doc.add_paragraph(dash(&aim));
    if let Some(r) = &p.rank_up {
        doc = doc.add_paragraph(dash(&parscore_report::rank_up_summary(r, p.target.as_ref()).vi));
    }
    doc = doc.add_table(target_table(ctx));
    doc.add_paragraph(priority(ctx))
}

/// The target table: last year, this year's self-assessment, the target, the gap.
fn target_table(ctx: &Ctx<'_>) -> docx_rs::Table {
    let p = ctx.plan;
    let n = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let pct = |d: Decimal| format!("{}%", fmt_percent(d, Lang::Vi));
    let widths = [700, 2954, 1500, 1500, 1500, 1200];
    let last = match &p.previous {
        Some(y) => format!("Năm {} ({})", y.year, y.basis.label().vi),
        None => format!("Năm {}", ctx.previous_year),
    };
    let labels = [
        "STT",
        "Nội dung",
        last.as_str(),
        &format!("Năm {} (tự đánh giá)", ctx.year),
        &format!("Mục tiêu năm {}", ctx.year),
        "Còn thiếu (điểm)",
    ];
    let mut rows = vec![header_row(&labels, &widths)];
    let dash = "—".to_string();
    let target = p.target.as_ref();
    let mut lines: Vec<[String; 6]> = vec![
        [
            "1".into(),
            format!("Tổng điểm (điểm tối đa {})", n(p.max)),
            p.previous.as_ref().map_or(dash.clone(), |y| n(y.total)),
            n(p.total),
            target.map_or(dash.clone(), |t| format!("≥ {}", n(t.score))),
            target.map_or(dash.clone(), |t| n(t.gap_points)),
        ],
        [
            "2".into(),
            "Chỉ số cải cách hành chính".into(),
            p.previous.as_ref().map_or(dash.clone(), |y| pct(y.percent)),
            pct(p.percent),
            target.map_or(dash.clone(), |t| format!("≥ {}", pct(t.percent))),
            dash.clone(),
        ],
    ];
    if let Some(r) = &p.rank_up {
        let aim = r
            .above
            .as_ref()
            .map_or_else(|| format!("giữ hạng {}", r.rank), |a| format!("hạng {} trở lên", a.rank));
        let year = r.year.map_or(String::new(), |y| format!(" năm {y}"));
        lines.push([
            "3".into(),
            format!("Xếp hạng{year}"),
            format!("{}/{}", r.rank, r.of),
            dash.clone(),
            aim,
            dash.clone(),
        ]);
    }
    for l in lines {
        let cells = l
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (s, w))| {
                let align = if i == 1 { AlignmentType::Left } else { AlignmentType::Center };
                text_cell(s, Look::plain(TABLE_PT), align, w)
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    table(rows, &widths, true)
}

/// What the priority tasks (*) of section III achieve, or how far even all of them fall short.
fn priority(ctx: &Ctx<'_>) -> Paragraph {
    let p = ctx.plan;
    let n = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let s = match &p.target {
        None => format!(
            "Các tiêu chí tại Mục III được sắp theo lĩnh vực; khắc phục toàn bộ thu hồi được {} điểm.",
            n(p.items.iter().map(|i| i.points_lost).sum())
        ),
        Some(t) if t.gap_points.is_zero() => {
            "Mục tiêu đã đạt theo kết quả tự đánh giá: các nhiệm vụ tại Mục III nhằm giữ vững và \
             nâng cao kết quả."
                .to_string()
        }
        Some(t) if t.gap_closable => {
            let closing: Vec<_> = p.items.iter().filter(|i| i.closes_gap).collect();
            let recovered: Decimal = closing.iter().map(|i| i.points_lost).sum();
            format!(
                "Khắc phục {} nhiệm vụ ưu tiên (đánh dấu *) tại Mục III, thu hồi {} điểm, là đủ \
                 đạt mục tiêu {}%.",
                closing.len(),
                n(recovered),
                fmt_percent(t.percent, Lang::Vi)
            )
        }
        Some(t) => format!(
            "Dù khắc phục toàn bộ {} tiêu chí tại Mục III ({} điểm) vẫn còn thiếu {} điểm so với \
             mục tiêu: cần rà soát thêm các tiêu chí điểm thưởng, điểm trừ và kết quả khảo sát.",
            p.items.len(),
            n(t.recoverable),
            n(t.shortfall)
        ),
    };
    text(&s)
}
