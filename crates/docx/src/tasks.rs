//! III. NHIỆM VỤ, GIẢI PHÁP: the plan's items as tasks, domain by domain in the order of the
//! criteria set (each with its owner division, the points at stake, the evidence to produce
//! and a deadline to fill), the sub-criteria at full marks to keep, and a table of what each
//! division answers for. The fewest recoveries that reach the target are marked (*).

use std::collections::BTreeMap;

use docx_rs::{AlignmentType, Docx, TableRow};
use parscore_core::{fmt_decimal, fmt_percent, Decimal, Lang, PlanItem};

use crate::blocks::{
    cell, header_row, heading, line, run, table, text, text_cell, Look, TABLE_PT, TEXT_WIDTH,
};
use crate::kehoach::Ctx;

/// The task table's columns: STT, task, points, evidence, owner, deadline (sum: the text's
/// width, 9 354 twips).
const TASK_WIDTHS: [u32; 6] = [650, 2950, 850, 2550, 1300, 1054];
/// The owners' table: STT, division, tasks, how many, points.
const OWNER_WIDTHS: [u32; 5] = [700, 2600, 3654, 1100, 1300];
/// The name of the owner column for items without one.
const UNASSIGNED: &str = "Chưa phân công";

/// Adds section III to `doc`.
pub(crate) fn section(mut doc: Docx, ctx: &Ctx<'_>) -> Docx {
    let p = ctx.plan;
    doc = doc.add_paragraph(heading("III. NHIỆM VỤ, GIẢI PHÁP"));
    let mut intro = format!(
        "Căn cứ kết quả tự đánh giá năm {} và kết quả năm {}, các phòng, đơn vị thuộc {} tập \
         trung thực hiện các nhiệm vụ sau",
        ctx.year, ctx.previous_year, ctx.unit
    );
    if let Some(t) = p.target.filter(|t| t.gap_closable && !t.gap_points.is_zero()) {
        intro.push_str(&format!(
            "; nhiệm vụ đánh dấu (*) là nhiệm vụ ưu tiên: hoàn thành các nhiệm vụ này là đủ đạt \
             mục tiêu {}%",
            fmt_percent(t.percent, Lang::Vi)
        ));
    }
    doc = doc.add_paragraph(text(&format!("{intro}.")));

    // Tree order: tasks read in the order of the criteria set, as the unit scores them.
    let order: BTreeMap<&str, usize> =
        ctx.set.nodes().iter().enumerate().map(|(i, n)| (n.code.as_str(), i)).collect();
    let at = |code: &str| order.get(code).copied().unwrap_or(usize::MAX);
    let domain_of = |code: &str| code.split('.').next().unwrap_or(code).to_string();
    let mut number = 0;
    let mut stt = 0;
    let mut domains: Vec<(&str, &str)> =
        ctx.set.criteria.iter().map(|d| (d.code.as_str(), d.name.as_str())).collect();
    // Items outside every domain cannot be (plans judge the criteria tree); kept for safety.
    let other = "Nội dung khác";
    if p.items.iter().any(|i| !domains.iter().any(|(c, _)| *c == domain_of(&i.code))) {
        domains.push(("", other));
    }
    for (code, name) in domains {
        let known = |c: &str| ctx.set.criteria.iter().any(|d| d.code == domain_of(c));
        let mine = |c: &str| if code.is_empty() { !known(c) } else { domain_of(c) == code };
        let mut items: Vec<&PlanItem> = p.items.iter().filter(|i| mine(&i.code)).collect();
        items.sort_by_key(|i| at(&i.code));
        let mut keep: Vec<&String> = p.keep.iter().filter(|c| mine(c)).collect();
        keep.sort_by_key(|c| at(c));
        if items.is_empty() && keep.is_empty() {
            continue;
        }
        number += 1;
        doc = doc.add_paragraph(heading(&format!("{number}. {name}")));
        if !items.is_empty() {
            let mut rows = vec![header_row(
                &[
                    "STT",
                    "Nhiệm vụ (tiêu chí thành phần)",
                    "Điểm cần thu hồi",
                    "Tài liệu kiểm chứng cần có",
                    "Đơn vị chủ trì",
                    "Thời hạn hoàn thành",
                ],
                &TASK_WIDTHS,
            )];
            for item in items {
                stt += 1;
                rows.push(task_row(stt, item, ctx));
            }
            doc = doc.add_table(table(rows, &TASK_WIDTHS, true));
        }
        if !keep.is_empty() {
            let names: Vec<String> = keep
                .iter()
                .map(|c| match ctx.set.find(c) {
                    Some(n) => format!("{c} ({})", n.name),
                    None => (*c).clone(),
                })
                .collect();
            doc = doc.add_paragraph(text(&format!(
                "Giữ vững {} tiêu chí đã đạt điểm tối đa: {}.",
                keep.len(),
                names.join("; ")
            )));
        }
    }
    if p.items.is_empty() {
        doc = doc.add_paragraph(text(
            "Không có tiêu chí thành phần nào bị mất điểm: các phòng, đơn vị duy trì kết quả và \
             lưu trữ đầy đủ tài liệu kiểm chứng.",
        ));
        return doc;
    }
    number += 1;
    doc = doc.add_paragraph(heading(&format!("{number}. Phân công thực hiện theo đơn vị chủ trì")));
    doc.add_table(owners(ctx, &at))
}

/// One task: its number (and the priority mark), the sub-criterion with what happened to it,
/// the points to recover, the evidence, the owner and an empty deadline.
fn task_row(stt: usize, item: &PlanItem, ctx: &Ctx<'_>) -> TableRow {
    let n = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let [w_stt, w_task, w_points, w_evidence, w_owner, w_deadline] = TASK_WIDTHS;
    let number = if item.closes_gap { format!("{stt}\n(*)") } else { stt.to_string() };
    let mut story = format!("Năm {}: {}/{} điểm", ctx.year, n(item.score), n(item.max));
    if let Some(prev) = item.previous_score {
        let of = item
            .previous_max
            .filter(|m| *m != item.max)
            .map_or(String::new(), |m| format!("/{}", n(m)));
        story.push_str(&format!("; năm {}: {}{of} điểm", ctx.previous_year, n(prev)));
        if let Some(old) = &item.previous_code {
            story.push_str(&format!(" (mã {old})"));
        }
        if item.previous_fallback {
            story.push_str(" (tự đánh giá)");
        }
    }
    let issues: Vec<String> = item.flags.iter().map(|f| f.kind.label().vi).collect();
    let issues = capitalised(&issues.join(", "));
    let task = cell(
        vec![
            line(
                vec![run(&format!("{}. {}", item.code, item.name), Look::bold(TABLE_PT))],
                AlignmentType::Left,
                TABLE_PT,
            ),
            line(
                vec![run(&format!("{story}. {issues}."), Look::italic(TABLE_PT))],
                AlignmentType::Left,
                TABLE_PT,
            ),
        ],
        w_task,
    );
    let centre = |s: &str, w: u32| text_cell(s, Look::plain(TABLE_PT), AlignmentType::Center, w);
    let owner = item.owner.as_deref().unwrap_or("");
    TableRow::new(vec![
        centre(&number, w_stt),
        task,
        text_cell(&n(item.points_lost), Look::bold(TABLE_PT), AlignmentType::Center, w_points),
        text_cell(&evidence(item), Look::plain(TABLE_PT), AlignmentType::Left, w_evidence),
        centre(owner, w_owner),
        centre("", w_deadline),
    ])
    .cant_split()
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The evidence to produce, one document a line: what the set asks for and the workbook does
/// not cite (`PlanItem::evidence_to_add`), after what it cites; a warning where points are
/// claimed without any.
fn evidence(item: &PlanItem) -> String {
    let to_add: Vec<String> = item.evidence_to_add.iter().map(|e| format!("- {e}")).collect();
    let cited = item.evidence.as_deref().map(str::trim).filter(|e| !e.is_empty());
    match cited {
        None if item.missing_evidence && to_add.is_empty() => "Chưa có tài liệu kiểm chứng".into(),
        None if item.missing_evidence => {
            format!("Chưa có tài liệu kiểm chứng:\n{}", to_add.join("\n"))
        }
        None => to_add.join("\n"),
        Some(cited) if to_add.is_empty() => format!("Đã có: {cited}"),
        Some(cited) => format!("Đã có: {cited}\nCần bổ sung:\n{}", to_add.join("\n")),
    }
}

/// The owners' table: each division with its tasks (codes in the set's order, priority ones
/// marked *), how many and the points at stake; most points first, unassigned last.
fn owners(ctx: &Ctx<'_>, at: &dyn Fn(&str) -> usize) -> docx_rs::Table {
    let n = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let mut by: BTreeMap<&str, Vec<&PlanItem>> = BTreeMap::new();
    for item in &ctx.plan.items {
        by.entry(item.owner.as_deref().unwrap_or(UNASSIGNED)).or_default().push(item);
    }
    let mut groups: Vec<(&str, Vec<&PlanItem>, Decimal)> = by
        .into_iter()
        .map(|(owner, mut items)| {
            items.sort_by_key(|i| at(&i.code));
            let points = items.iter().map(|i| i.points_lost).sum();
            (owner, items, points)
        })
        .collect();
    groups.sort_by(|a, b| {
        (a.0 == UNASSIGNED).cmp(&(b.0 == UNASSIGNED)).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0))
    });
    let mut rows = vec![header_row(
        &["STT", "Đơn vị chủ trì", "Nhiệm vụ (mã tiêu chí)", "Số nhiệm vụ", "Điểm cần thu hồi"],
        &OWNER_WIDTHS,
    )];
    let [w_stt, w_owner, w_codes, w_count, w_points] = OWNER_WIDTHS;
    let centre = |s: &str, w: u32, look: Look| text_cell(s, look, AlignmentType::Center, w);
    let plain = Look::plain(TABLE_PT);
    for (i, (owner, items, points)) in groups.iter().enumerate() {
        let codes: Vec<String> = items
            .iter()
            .map(|it| if it.closes_gap { format!("{}(*)", it.code) } else { it.code.clone() })
            .collect();
        rows.push(
            TableRow::new(vec![
                centre(&(i + 1).to_string(), w_stt, plain),
                text_cell(owner, plain, AlignmentType::Left, w_owner),
                text_cell(&codes.join(", "), plain, AlignmentType::Left, w_codes),
                centre(&items.len().to_string(), w_count, plain),
                centre(&n(*points), w_points, plain),
            ])
            .cant_split(),
        );
    }
    let total: Decimal = ctx.plan.items.iter().map(|i| i.points_lost).sum();
    let bold = Look::bold(TABLE_PT);
    rows.push(TableRow::new(vec![
        centre("", w_stt, bold),
        text_cell("Tổng cộng", bold, AlignmentType::Left, w_owner),
        centre("", w_codes, bold),
        centre(&ctx.plan.items.len().to_string(), w_count, bold),
        centre(&n(total), w_points, bold),
    ]));
    debug_assert_eq!(OWNER_WIDTHS.iter().sum::<u32>(), TEXT_WIDTH);
    table(rows, &OWNER_WIDTHS, true)
}
