//! The comparison report's detail sheet: every node of either year — matched, new, dropped —
//! with both years' score, maximum, percent and cut, the change, the flags and a note.

use parscore_core::{Comparison, Lang, NodeChange, NodeSide, Section, YearTotal};
use rust_xlsxwriter::Worksheet;

use super::delta_colours;
use crate::error::{Context, WriteError};
use crate::style::{fit_height, row_format, RowKind, A4};
use crate::toolkit::{header_format, put, span, Words, PERCENT, SIGNED, SIGNED_PERCENT, V};

/// The detail's columns: code, last year's code, name; last year's score, maximum, percent and
/// cut; the same this year; the change in points and percent; flags; note.
const DETAIL_WIDTHS: [f64; 15] =
    [9.0, 9.0, 40.0, 8.0, 8.0, 8.0, 9.0, 8.0, 8.0, 8.0, 9.0, 9.0, 9.0, 22.0, 34.0];
const NAME: u16 = 2;
const DELTA: (u16, u16) = (11, 12);
const FLAGS: u16 = 13;
const NOTE: u16 = 14;

pub(super) fn write_detail(
    sheet: &mut Worksheet,
    cmp: &Comparison,
    w: Words,
) -> Result<(), WriteError> {
    let (p, c) = (&cmp.previous, &cmp.current);
    for (col, width) in (0u16..).zip(DETAIL_WIDTHS) {
        sheet.set_column_width(col, width).writing(|| "the detail's column widths".into())?;
    }
    // Two header rows: a group over each year's four columns and over the change.
    let h = header_format();
    let tall = [
        (0, w.t("Mã", "Code")),
        (1, w.t("Mã năm trước", "Last year's code")),
        (NAME, w.t("Nội dung", "Criterion")),
        (FLAGS, w.t("Cảnh báo", "Flags")),
        (NOTE, w.t("Ghi chú", "Note")),
    ];
    for (col, text) in tall {
        sheet.merge_range(0, col, 1, col, text, &h).writing(|| format!("the header {text}"))?;
    }
    let year = |t: &YearTotal| format!("{} ({})", w.year(t.year), t.basis.label().get(w.lang));
    let groups =
        [(3, 6, year(p)), (7, 10, year(c)), (DELTA.0, DELTA.1, w.t("Tăng/giảm", "Change").into())];
    for (first, last, text) in groups {
        sheet.merge_range(0, first, 0, last, &text, &h).writing(|| format!("the header {text}"))?;
    }
    let side = [
        w.t("Điểm", "Score"),
        w.t("Tối đa", "Max"),
        "%",
        w.t("Tự chấm − thẩm định", "Self − appraised"),
    ];
    let subs = side.into_iter().chain(side).chain([w.t("Điểm", "Points"), w.t("điểm %", "pp")]);
    for (col, text) in (3u16..).zip(subs) {
        put(sheet, 1, col, V::T(text.into()), &h)?;
    }
    sheet.set_row_height(0, 30).writing(|| "the detail's header".into())?;
    sheet.set_row_height(1, 44).writing(|| "the detail's header".into())?;

    let mut row = 1;
    let (mut plain, mut inverted) = (Vec::new(), Vec::new());
    let mut section = Section::Criteria;
    for n in &cmp.changes {
        if n.section != section {
            section = n.section;
            row += 1;
            let text = match section {
                Section::Bonus => w.t("Điểm thưởng", "Bonus"),
                Section::Penalty => {
                    w.t("Điểm trừ (điểm càng cao càng bất lợi)", "Penalty (more points are worse)")
                }
                Section::Criteria => w.t("Tiêu chí", "Criteria"),
            };
            band(sheet, row, text.into())?;
        }
        row += 1;
        change_line(sheet, row, n, cmp, w)?;
        let runs = if n.section == Section::Penalty { &mut inverted } else { &mut plain };
        runs.push((row, row));
    }
    let unmatched = [
        (
            &cmp.added,
            match w.lang {
                Lang::Vi => format!("Chỉ có năm {} (mục mới)", c.year),
                Lang::En => format!("Only in {} (new)", c.year),
            },
            false,
        ),
        (
            &cmp.removed,
            match w.lang {
                Lang::Vi => format!("Chỉ có năm {} (không còn năm {})", p.year, c.year),
                Lang::En => format!("Only in {} (dropped in {})", p.year, c.year),
            },
            true,
        ),
    ];
    for (nodes, heading, removed) in unmatched {
        if nodes.is_empty() {
            continue;
        }
        row += 1;
        band(sheet, row, heading.clone())?;
        for n in nodes {
            row += 1;
            let mut mark = match (removed, w.lang) {
                (false, Lang::Vi) => format!("mới năm {}", c.year),
                (false, Lang::En) => format!("new in {}", c.year),
                (true, Lang::Vi) => format!("không còn ở năm {}", c.year),
                (true, Lang::En) => format!("dropped in {}", c.year),
            };
            if n.side.fallback {
                mark.push('\n');
                mark.push_str(&w.fallback(if removed { p.year } else { c.year }));
            }
            let kind = RowKind::of(n.depth, n.leaf);
            let (code, prev_code) = if removed {
                (V::Blank, V::T(n.code.clone()))
            } else {
                (V::T(n.code.clone()), V::Blank)
            };
            let (prev, cur) = if removed { (Some(&n.side), None) } else { (None, Some(&n.side)) };
            let line = Line {
                kind,
                depth: n.depth,
                code,
                prev_code,
                name: &n.name,
                prev,
                cur,
                delta: [V::Blank, V::Blank],
                flags: w.flags(&n.flags),
                note: mark,
            };
            line.write(sheet, row)?;
        }
    }

    // The totals, as compared.
    row += 1;
    let f = row_format(RowKind::Total);
    let grade =
        |t: &YearTotal| t.grade.as_ref().map_or(String::new(), |g| g.get(w.lang).to_string());
    let total = [
        V::Blank,
        V::Blank,
        V::T(w.t("Tổng cộng", "Total").into()),
        V::N(p.total),
        V::N(p.max),
        V::F(p.percent, PERCENT),
        V::Blank,
        V::N(c.total),
        V::N(c.max),
        V::F(c.percent, PERCENT),
        V::Blank,
        V::F(cmp.delta_points, SIGNED),
        V::F(cmp.delta_percent, SIGNED_PERCENT),
        V::T(format!("{} → {}", grade(p), grade(c))),
        V::Blank,
    ];
    for (col, v) in (0u16..).zip(total) {
        put(sheet, row, col, v, &f)?;
    }
    plain.push((row, row));
    delta_colours(sheet, &merge_runs(&plain), &merge_runs(&inverted), DELTA)?;

    sheet.set_freeze_panes(2, NAME + 1).writing(|| "the detail's frozen header".into())?;
    sheet.set_repeat_rows(0, 1).writing(|| "the detail's repeated header".into())?;
    sheet.set_paper_size(A4).set_landscape().set_print_fit_to_pages(1, 0).set_footer("&C&P/&N");
    Ok(())
}

/// Joins adjacent rows into runs, so the conditional format's range stays short.
fn merge_runs(rows: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &(a, b) in rows {
        match out.last_mut() {
            Some(last) if last.1 + 1 == a => last.1 = b,
            _ => out.push((a, b)),
        }
    }
    out
}

/// A heading row across the detail sheet (bonus, penalty, new and dropped items).
fn band(sheet: &mut Worksheet, row: u32, text: String) -> Result<(), WriteError> {
    let f = row_format(RowKind::Total);
    let last = u16::try_from(DETAIL_WIDTHS.len() - 1).unwrap_or(NOTE);
    span(sheet, row, (0, last), V::T(text), &f)
}

fn change_line(
    sheet: &mut Worksheet,
    row: u32,
    n: &NodeChange,
    cmp: &Comparison,
    w: Words,
) -> Result<(), WriteError> {
    let mut note: Vec<String> = n.note.iter().map(|t| t.get(w.lang).to_string()).collect();
    if n.previous.fallback {
        note.push(w.fallback(cmp.previous.year));
    }
    if n.current.fallback {
        note.push(w.fallback(cmp.current.year));
    }
    let line = Line {
        kind: RowKind::of(n.depth, n.leaf),
        depth: n.depth,
        code: V::T(n.code.clone()),
        prev_code: n.previous_code.clone().map_or(V::Blank, V::T),
        name: &n.name,
        prev: Some(&n.previous),
        cur: Some(&n.current),
        delta: [
            V::F(n.delta, SIGNED),
            n.delta_percent.map_or(V::Blank, |d| V::F(d, SIGNED_PERCENT)),
        ],
        flags: w.flags(&n.flags),
        note: note.join("\n"),
    };
    line.write(sheet, row)
}

/// One row of the detail sheet.
struct Line<'a> {
    kind: RowKind,
    depth: usize,
    code: V,
    prev_code: V,
    name: &'a str,
    prev: Option<&'a NodeSide>,
    cur: Option<&'a NodeSide>,
    delta: [V; 2],
    flags: String,
    note: String,
}

impl Line<'_> {
    fn write(self, sheet: &mut Worksheet, row: u32) -> Result<(), WriteError> {
        let f = row_format(self.kind);
        let indent = self.depth.saturating_sub(1);
        let width = |col: u16| DETAIL_WIDTHS.get(usize::from(col)).copied().unwrap_or(10.0);
        let height = fit_height(&[
            (self.name, width(NAME), indent, self.kind != RowKind::Leaf),
            (&self.flags, width(FLAGS), 0, false),
            (&self.note, width(NOTE), 0, false),
        ]);
        if let Some(h) = height {
            sheet.set_row_height(row, h).writing(|| format!("the height of row {}", row + 1))?;
        }
        let code = f.clone().set_num_format("@");
        put(sheet, row, 0, self.code, &code)?;
        put(sheet, row, 1, self.prev_code, &code)?;
        let name = f.clone().set_text_wrap().set_indent(u8::try_from(indent).unwrap_or(u8::MAX));
        put(sheet, row, NAME, V::T(self.name.into()), &name)?;
        for (first, side) in [(3u16, self.prev), (7, self.cur)] {
            let values = match side {
                Some(s) => [
                    V::N(s.score),
                    V::N(s.applicable_max),
                    s.percent.map_or(V::Blank, |d| V::F(d, PERCENT)),
                    s.cut.map_or(V::Blank, V::N),
                ],
                None => [V::Blank, V::Blank, V::Blank, V::Blank],
            };
            for (col, v) in (first..).zip(values) {
                put(sheet, row, col, v, &f)?;
            }
        }
        for (col, v) in (DELTA.0..).zip(self.delta) {
            put(sheet, row, col, v, &f)?;
        }
        put(sheet, row, FLAGS, V::T(self.flags), &f.clone().set_text_wrap())?;
        put(sheet, row, NOTE, V::T(self.note), &f.set_text_wrap())
    }
}
