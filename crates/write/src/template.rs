//! The self-assessment template: a workbook a unit fills in, one row per criterion, laid out
//! as [`crate::layout`] says, optionally pre-filled with earlier inputs.
//!
//! Input cells are unlocked, shaded and validated; everything else is locked under a sheet
//! protection without password. `Điểm tự chấm` holds formulas whose cached results come from
//! the core's [`score`], so the numbers shown are exactly parscore's, and which Excel and
//! LibreOffice recompute as parscore would (see [`crate::formulas`] for how far they can, and
//! the workbook names `DS_CO`, `DS_KHONG_AP_DUNG` and `DAU_THAP_PHAN` they use). The grade
//! shows once any input is entered: a blank sheet says "Chưa xếp loại". This module writes
//! bytes and never touches the file system.

use std::collections::BTreeMap;

use parscore_core::{describe, score, Decimal, Input, Inputs, Lang, Node, Scorecard};
use parscore_core::{CriteriaSet, Entry};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula, Note,
    ProtectionOptions, Workbook, Worksheet,
};

use crate::error::{Context, WriteError};
use crate::formulas::{self, cell, lit, NO, YES};
use crate::input_cells::{self, Lists};
use crate::style::{self, base, cell_format, fit_height, num, RowKind, A4, FONT, HEADER_FILL};
use parscore_sheet::layout::{self, Col, HEADER_ROW};

/// Who the template is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMeta {
    /// The unit's name, e.g. "Sở Xây dựng".
    pub unit: String,
    /// The assessment year shown in the title.
    pub year: u16,
}

/// Writes the self-assessment template of `set` for `meta.unit` and returns the xlsx bytes.
///
/// With `filled`, its inputs, evidence, explanations, appraised scores and owners appear in
/// their cells, and the cached results of the score formulas are the core's scores of them;
/// without it every input cell is blank. Fails only when rust_xlsxwriter refuses a part (an
/// xlsx limit), naming the part.
///
/// ```
/// use parscore_core::catalog;
/// use parscore_write::{write_template, TemplateMeta};
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let meta = TemplateMeta { unit: "Sở Xây dựng".into(), year: 2025 };
/// let bytes = write_template(&set, &meta, None)?;
/// assert!(bytes.starts_with(b"PK")); // an xlsx file is a zip archive
/// # Ok::<(), parscore_write::WriteError>(())
/// ```
pub fn write_template(
    set: &CriteriaSet,
    meta: &TemplateMeta,
    filled: Option<&Inputs>,
) -> Result<Vec<u8>, WriteError> {
    let empty = Inputs::default();
    let inputs = filled.unwrap_or(&empty);
    let card = score(set, inputs);
    let plan = Plan::new(set);
    let mut lists = Lists::default();

    let mut sheet = Worksheet::new();
    sheet.set_name(layout::SHEET).writing(|| format!("the sheet name {}", layout::SHEET))?;
    heading(&mut sheet, set, meta)?;
    for line in &plan.lines {
        match line {
            Line::Node { node, row } => {
                let entry = inputs.entries.get(&node.code);
                let ctx = RowCtx { node, row: *row, entry, card: &card, plan: &plan };
                node_row(&mut sheet, &ctx, &mut lists)?;
            }
            Line::Section { label, row } => section_row(&mut sheet, label, *row)?,
        }
    }
    totals(&mut sheet, set, &card, &plan, has_input(&plan, inputs))?;
    setup(&mut sheet)?;

    let mut workbook = Workbook::new();
    for (name, formula) in formulas::defined_names() {
        workbook.define_name(name, &formula).writing(|| format!("the name {name}"))?;
    }
    workbook.push_worksheet(sheet);
    if let Some(lists) = lists.sheet()? {
        workbook.push_worksheet(lists);
    }
    workbook.push_worksheet(meta_sheet(set, meta)?);
    workbook.save_to_buffer().writing(|| "the template workbook".into())
}

/// Which row each node and section goes on.
struct Plan<'a> {
    lines: Vec<Line<'a>>,
    rows: BTreeMap<&'a str, u32>,
    /// The row after the last line: where the totals start.
    end: u32,
}

enum Line<'a> {
    Node { node: &'a Node, row: u32 },
    Section { label: String, row: u32 },
}

impl<'a> Plan<'a> {
    fn new(set: &'a CriteriaSet) -> Plan<'a> {
        let mut plan = Plan { lines: Vec::new(), rows: BTreeMap::new(), end: HEADER_ROW + 1 };
        for node in set.nodes() {
            plan.push_node(node);
        }
        let pools = [("Điểm thưởng", &set.bonus), ("Điểm trừ", &set.penalty)];
        for (name, pool) in pools {
            if let Some(pool) = pool {
                let label = format!(
                    "{name} (tối đa {} điểm)",
                    parscore_core::fmt_decimal(pool.cap, Lang::Vi)
                );
                plan.lines.push(Line::Section { label, row: plan.end });
                plan.end += 1;
                for item in &pool.items {
                    for node in item.walk() {
                        plan.push_node(node);
                    }
                }
            }
        }
        plan
    }

    fn push_node(&mut self, node: &'a Node) {
        self.rows.insert(&node.code, self.end);
        self.lines.push(Line::Node { node, row: self.end });
        self.end += 1;
    }

    /// The cells of `col` on the rows of `nodes`.
    fn cells<'n>(&self, nodes: impl IntoIterator<Item = &'n Node>, col: Col) -> Vec<String> {
        nodes
            .into_iter()
            .filter_map(|n| self.rows.get(n.code.as_str()))
            .map(|r| cell(*r, col))
            .collect()
    }

    /// What the `Điểm tự chấm` cells of `nodes` add to a sum ([`formulas::score_term`]).
    fn score_terms<'n>(&self, nodes: impl IntoIterator<Item = &'n Node>) -> Vec<String> {
        nodes
            .into_iter()
            .filter_map(|n| Some(formulas::score_term(n, *self.rows.get(n.code.as_str())?)))
            .collect()
    }
}

fn heading(
    sheet: &mut Worksheet,
    set: &CriteriaSet,
    meta: &TemplateMeta,
) -> Result<(), WriteError> {
    let last = Col::ALL.len().saturating_sub(1) as u16;
    let title = Format::new()
        .set_font_name(FONT)
        .set_font_size(14)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let line = Format::new().set_font_name(FONT).set_font_size(12).set_bold();
    let note = Format::new().set_font_name(FONT).set_font_size(11).set_italic();
    let rows = [
        (0, format!("PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}", meta.year), &title),
        (2, set_line(&set.title), &line),
        (
            3,
            format!(
                "Mã bộ tiêu chí: {}. Ô nền vàng là ô đơn vị nhập; điểm tự chấm tự tính theo số liệu.",
                set.id
            ),
            &note,
        ),
    ];
    for (row, text, format) in rows {
        sheet
            .merge_range(row, 0, row, last, &text, format)
            .writing(|| format!("the heading row {} of '{}'", row + 1, layout::SHEET))?;
    }
    unit_line(sheet, &meta.unit, &line, last)?;
    sheet.set_row_height(0, 24).writing(|| "the title row's height".into())?;

    let header = base()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(HEADER_FILL));
    for col in Col::ALL {
        sheet
            .write_string_with_format(HEADER_ROW, col.index(), col.header(), &header)
            .writing(|| format!("the header {}", col.header()))?;
    }
    sheet.set_row_height(HEADER_ROW, 32).writing(|| "the header row's height".into())?;
    Ok(())
}

/// Row 2: "Đơn vị:" and, beside it, the unit's name — given (`--unit`) and locked, or an input
/// cell the unit types its name into. The reader takes the name shown here (see
/// `parscore_read::Workbook::unit`), so what the unit prints is what it is ranked as.
fn unit_line(
    sheet: &mut Worksheet,
    unit: &str,
    line: &Format,
    last: u16,
) -> Result<(), WriteError> {
    let at = || format!("the unit's name in '{}'", layout::SHEET);
    let (row, label_col) = (layout::UNIT_ROW, Col::Code.index());
    sheet.write_string_with_format(row, label_col, layout::UNIT_LABEL, line).writing(at)?;
    let unit = unit.trim();
    let name = if unit.is_empty() {
        line.clone()
            .set_background_color(Color::RGB(style::INPUT_FILL))
            .set_border_bottom(FormatBorder::Thin)
            .set_unlocked()
    } else {
        line.clone()
    };
    sheet.merge_range(row, label_col + 1, row, last, unit, &name).writing(at)?;
    if unit.is_empty() {
        let prompt = DataValidation::new()
            .allow_text_length(DataValidationRule::Between(1, 200))
            .set_input_title("Tên đơn vị")
            .and_then(|v| v.set_input_message("Nhập tên đơn vị tự đánh giá, ví dụ: Sở Xây dựng."))
            .and_then(|v| v.set_error_message("Tên đơn vị dài quá 200 ký tự."))
            .writing(at)?;
        sheet.add_data_validation(row, label_col + 1, row, last, &prompt).writing(at)?;
    }
    Ok(())
}

/// "Bộ tiêu chí: …", unless the title says so itself ("Bộ tiêu chí xác định Chỉ số …").
fn set_line(title: &str) -> String {
    if parscore_core::fold_label(title).starts_with("bộ tiêu chí") {
        title.to_string()
    } else {
        format!("Bộ tiêu chí: {title}")
    }
}

struct RowCtx<'a> {
    node: &'a Node,
    row: u32,
    entry: Option<&'a Entry>,
    card: &'a Scorecard,
    plan: &'a Plan<'a>,
}

fn node_row(sheet: &mut Worksheet, ctx: &RowCtx, lists: &mut Lists) -> Result<(), WriteError> {
    let (node, row) = (ctx.node, ctx.row);
    let kind = RowKind::of(node.depth(), node.is_leaf());
    let used = if node.is_leaf() { input_cells::fill_cols(node) } else { Vec::new() };
    let at = |col: Col| format!("'{}'!{} ({})", layout::SHEET, cell(row, col), node.code);
    let fmt = |col: Col| cell_format(kind, col, used.contains(&col), node.depth());

    // Every cell first gets its format (and fill), then the values go on top.
    for col in Col::ALL {
        sheet.write_blank(row, col.index(), &fmt(col)).writing(|| at(col))?;
    }
    sheet
        .write_string_with_format(row, Col::Code.index(), &node.code, &fmt(Col::Code))
        .writing(|| at(Col::Code))?;
    sheet
        .write_string_with_format(row, Col::Name.index(), &node.name, &fmt(Col::Name))
        .writing(|| at(Col::Name))?;
    sheet
        .write_number_with_format(row, Col::Max.index(), num(node.max), &fmt(Col::Max))
        .writing(|| at(Col::Max))?;

    let cached = ctx.card.node(&node.code).map_or(Decimal::ZERO, |n| n.score);
    let owner = ctx.entry.and_then(|e| e.owner.as_deref()).or(node.owner.as_deref());
    let rule = if node.is_leaf() { describe(node, Lang::Vi) } else { String::new() };
    if let Some(height) = row_height(ctx, &rule, owner) {
        sheet.set_row_height(row, height).writing(|| format!("the height of row {}", row + 1))?;
    }
    if let Some(owner) = owner {
        sheet
            .write_string_with_format(row, Col::Owner.index(), owner, &fmt(Col::Owner))
            .writing(|| at(Col::Owner))?;
    }
    if !node.is_leaf() {
        let sum = formulas::sum(&ctx.plan.score_terms(&node.children));
        let formula = Formula::new(sum).set_result(lit(cached));
        sheet
            .write_formula_with_format(row, Col::SelfScore.index(), formula, &fmt(Col::SelfScore))
            .writing(|| at(Col::SelfScore))?;
        return Ok(());
    }

    sheet
        .write_string_with_format(row, Col::Rule.index(), &rule, &fmt(Col::Rule))
        .writing(|| at(Col::Rule))?;
    if let Some(guidance) = &node.guidance {
        let note = Note::new(format!("Hướng dẫn chấm điểm: {guidance}")).add_author_prefix(false);
        sheet.insert_note(row, Col::Rule.index(), &note).writing(|| at(Col::Rule))?;
    }
    if !node.evidence.is_empty() {
        let list: Vec<String> = node.evidence.iter().map(|e| format!("- {e}")).collect();
        let note = Note::new(format!("Tài liệu kiểm chứng cần có:\n{}", list.join("\n")))
            .add_author_prefix(false);
        sheet.insert_note(row, Col::Evidence.index(), &note).writing(|| at(Col::Evidence))?;
    }
    if let Some(f) = formulas::leaf(node, row) {
        let formula = Formula::new(f).set_result(lit(cached));
        sheet
            .write_formula_with_format(row, Col::SelfScore.index(), formula, &fmt(Col::SelfScore))
            .writing(|| at(Col::SelfScore))?;
    }
    if let Some(entry) = ctx.entry {
        filled(sheet, node, row, entry, &fmt, &at)?;
    }
    for (col, validation) in input_cells::validations(node, row, lists)? {
        sheet
            .add_data_validation(row, col.index(), row, col.index(), &validation)
            .writing(|| format!("the data validation of {}", at(col)))?;
    }
    Ok(())
}

/// The height that shows every wrapped text of the row whole, if one line is not enough.
///
/// `Số liệu` is sized for the longest label its drop-down offers as well as for what is
/// filled: the sheet's protection keeps users from resizing rows, and Excel does not grow a
/// row of set height when a long outcome is picked.
fn row_height(ctx: &RowCtx, rule: &str, owner: Option<&str>) -> Option<f64> {
    let node = ctx.node;
    let entry = ctx.entry;
    let filled = match entry.and_then(|e| e.value.as_ref()) {
        Some(Input::Choice(label)) => label.as_str(),
        Some(Input::NotApplicable) => na_value(node),
        _ => "",
    };
    let mut values = vec![filled];
    if node.is_leaf() {
        if let Some(parscore_core::Rule::Choice { options }) = &node.rule {
            values.extend(options.iter().map(|o| o.label.as_str()));
        }
        values.extend(node.na.map(layout::na_label));
    }
    let text = |f: fn(&Entry) -> &Option<String>| entry.and_then(|e| f(e).as_deref()).unwrap_or("");
    let depth = node.depth().saturating_sub(1);
    let mut cells = vec![
        (node.name.as_str(), style::width(Col::Name), depth, !node.is_leaf()),
        (rule, style::width(Col::Rule), 0, false),
        (text(|e| &e.evidence), style::width(Col::Evidence), 0, false),
        (text(|e| &e.explanation), style::width(Col::Explanation), 0, false),
        (owner.unwrap_or(""), style::width(Col::Owner), 0, !node.is_leaf()),
    ];
    cells.extend(values.into_iter().map(|v| (v, style::width(Col::Value), 0, false)));
    fit_height(&cells)
}

/// What a filled template writes in `Số liệu` for "not applicable": the label the drop-down
/// offers for the leaf's kind, or the plain word where the set does not allow it (the reader
/// then reports it).
fn na_value(node: &Node) -> &'static str {
    node.na.map_or("Không áp dụng", layout::na_label)
}

/// Writes what a filled entry holds into its cells, where the reader will look for it.
fn filled(
    sheet: &mut Worksheet,
    node: &Node,
    row: u32,
    entry: &Entry,
    fmt: &dyn Fn(Col) -> Format,
    at: &dyn Fn(Col) -> String,
) -> Result<(), WriteError> {
    let manual = matches!(node.rule, Some(parscore_core::Rule::Manual { .. }));
    let mut string = |col: Col, s: &str| -> Result<(), WriteError> {
        sheet
            .write_string_with_format(row, col.index(), s, &fmt(col))
            .map(|_| ())
            .writing(|| at(col))
    };
    match &entry.value {
        Some(Input::Choice(label)) => string(Col::Value, label)?,
        Some(Input::Yes(yes)) => string(Col::Value, if *yes { YES } else { NO })?,
        Some(Input::NotApplicable) => string(Col::Value, na_value(node))?,
        _ => {}
    }
    if let Some(text) = &entry.evidence {
        string(Col::Evidence, text)?;
    }
    if let Some(text) = &entry.explanation {
        string(Col::Explanation, text)?;
    }
    let mut number = |col: Col, d: Decimal, format: Format| -> Result<(), WriteError> {
        sheet
            .write_number_with_format(row, col.index(), num(d), &format)
            .map(|_| ())
            .writing(|| at(col))
    };
    match &entry.value {
        Some(Input::Score(s)) if manual => number(Col::SelfScore, *s, fmt(Col::SelfScore))?,
        Some(Input::Score(s)) => number(Col::Value, *s, fmt(Col::Value))?,
        // A share up to 1% is written as a percentage (0,5% = 0.005): the reader takes a bare
        // number up to 1 as a share of 1, so 0.5 would read as 50%.
        Some(Input::Percent(p)) if *p > Decimal::ZERO && *p <= Decimal::ONE => {
            let share = *p / Decimal::ONE_HUNDRED;
            number(Col::Value, share, fmt(Col::Value).set_num_format("0.00%"))?
        }
        Some(Input::Percent(p)) => number(Col::Value, *p, fmt(Col::Value))?,
        Some(Input::Count(n)) => number(Col::Value, Decimal::from(*n), fmt(Col::Value))?,
        Some(Input::Fraction { numerator, denominator }) => {
            number(Col::Numerator, *numerator, fmt(Col::Numerator))?;
            number(Col::Denominator, *denominator, fmt(Col::Denominator))?;
        }
        _ => {}
    }
    if let Some(a) = entry.appraised {
        number(Col::Appraised, a, fmt(Col::Appraised))?;
    }
    Ok(())
}

fn section_row(sheet: &mut Worksheet, label: &str, row: u32) -> Result<(), WriteError> {
    for col in Col::ALL {
        let format = cell_format(RowKind::Total, col, false, 1);
        sheet.write_blank(row, col.index(), &format).writing(|| format!("the row of {label}"))?;
    }
    let format = cell_format(RowKind::Total, Col::Name, false, 1);
    sheet
        .write_string_with_format(row, Col::Name.index(), label, &format)
        .writing(|| format!("the row of {label}"))?;
    Ok(())
}

/// Whether any leaf of the sheet has an input: what the grade's `COUNTA` sees.
fn has_input(plan: &Plan, inputs: &Inputs) -> bool {
    plan.lines.iter().any(|line| match line {
        Line::Node { node, .. } => {
            node.is_leaf() && inputs.entries.get(&node.code).is_some_and(|e| e.value.is_some())
        }
        Line::Section { .. } => false,
    })
}

/// The cells holding the sheet's inputs: `Số liệu`, `Tử số` and `Mẫu số` of every row (one
/// range: the three columns sit side by side, and no formula lies among them) and
/// `Điểm tự chấm` of the manual leaves.
fn input_cells(plan: &Plan) -> Vec<String> {
    let (first, last) = (HEADER_ROW + 1, plan.end.saturating_sub(1).max(HEADER_ROW + 1));
    let mut cells = vec![format!("{}:{}", cell(first, Col::Value), cell(last, Col::Denominator))];
    for line in &plan.lines {
        if let Line::Node { node, row } = line {
            if matches!(node.rule, Some(parscore_core::Rule::Manual { .. })) && node.is_leaf() {
                cells.push(cell(*row, Col::SelfScore));
            }
        }
    }
    cells
}

/// "Tổng cộng", "Tỷ lệ đạt (%)" and "Xếp loại" below the last criterion; the grade shows
/// only once an input is entered (`any_input`).
fn totals(
    sheet: &mut Worksheet,
    set: &CriteriaSet,
    card: &Scorecard,
    plan: &Plan,
    any_input: bool,
) -> Result<(), WriteError> {
    let (total_row, pct_row, grade_row) = (plan.end, plan.end + 1, plan.end + 2);
    let fmt = |col: Col| cell_format(RowKind::Total, col, false, 1);
    for row in [total_row, pct_row, grade_row] {
        for col in Col::ALL {
            sheet.write_blank(row, col.index(), &fmt(col)).writing(|| "the totals".into())?;
        }
    }
    let labels = [(total_row, "Tổng cộng"), (pct_row, "Tỷ lệ đạt (%)"), (grade_row, "Xếp loại")];
    for (row, label) in labels {
        sheet
            .write_string_with_format(row, Col::Name.index(), label, &fmt(Col::Name))
            .writing(|| format!("the row {label}"))?;
    }
    let note = "Điểm tối đa áp dụng: trừ tiêu chí không áp dụng và phần khảo sát chưa có kết quả";
    sheet
        .write_string_with_format(total_row, Col::Rule.index(), note, &fmt(Col::Rule))
        .writing(|| "the totals".into())?;
    if let Some(h) = fit_height(&[(note, style::width(Col::Rule), 0, true)]) {
        sheet.set_row_height(total_row, h).writing(|| "the totals".into())?;
    }

    let leaves: Vec<&Node> = set.nodes().into_iter().filter(|n| n.is_leaf()).collect();
    let row_of = |n: &Node| plan.rows.get(n.code.as_str()).copied();
    let excluded: Vec<(u32, Decimal)> = leaves
        .iter()
        .filter(|n| n.na == Some(parscore_core::Na::Exclude))
        .filter_map(|n| Some((row_of(n)?, n.max)))
        .collect();
    let survey: Vec<(u32, Decimal)> = leaves
        .iter()
        .filter(|n| n.method == parscore_core::Method::Survey)
        .filter_map(|n| Some((row_of(n)?, n.max)))
        .collect();
    let max = formulas::applicable_max(&plan.cells(&set.criteria, Col::Max), &excluded, &survey);
    let bonus = set.bonus.as_ref().map(|p| (p.cap, plan.score_terms(&p.items)));
    let penalty = set.penalty.as_ref().map(|p| (p.cap, plan.score_terms(&p.items)));
    let total = formulas::total(
        &plan.score_terms(&set.criteria),
        bonus.as_ref().map(|(c, v)| (*c, v.as_slice())),
        penalty.as_ref().map(|(c, v)| (*c, v.as_slice())),
    );
    let (max_cell, total_cell) = (cell(total_row, Col::Max), cell(total_row, Col::SelfScore));
    let pct_cell = cell(pct_row, Col::SelfScore);
    let grade = if any_input {
        card.grade.as_ref().map_or(String::new(), |g| g.vi.clone())
    } else {
        formulas::NOT_GRADED.to_string()
    };
    let cells = [
        (total_row, Col::Max, Formula::new(max).set_result(lit(card.max))),
        (total_row, Col::SelfScore, Formula::new(total).set_result(lit(card.total))),
        (
            pct_row,
            Col::SelfScore,
            Formula::new(formulas::percent(&total_cell, &max_cell)).set_result(lit(card.percent)),
        ),
        (
            grade_row,
            Col::SelfScore,
            Formula::new(formulas::grade(&set.grades, &pct_cell, &input_cells(plan)))
                .set_result(grade),
        ),
    ];
    for (row, col, formula) in cells {
        // The percentage with its two decimals, as parscore reports it (78,30).
        let format = if row == pct_row { fmt(col).set_num_format("0.00") } else { fmt(col) };
        sheet
            .write_formula_with_format(row, col.index(), formula, &format)
            .writing(|| format!("the total in {}", cell(row, col)))?;
    }
    Ok(())
}

/// Column widths, frozen panes, printing and protection.
fn setup(sheet: &mut Worksheet) -> Result<(), WriteError> {
    for col in Col::ALL {
        sheet
            .set_column_width(col.index(), style::width(col))
            .writing(|| format!("the width of {}", col.header()))?;
    }
    sheet
        .set_freeze_panes(HEADER_ROW + 1, Col::Name.index() + 1)
        .writing(|| "the frozen header".into())?;
    sheet
        .set_repeat_rows(HEADER_ROW, HEADER_ROW)
        .writing(|| "the header repeated on each page".into())?;
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3)
        // The footer in the sheet's font, not the application's default.
        .set_footer(format!("&C&\"{FONT},Regular\"Trang &P/&N"));
    let options = ProtectionOptions {
        // Users may widen or format columns; rows stay as parscore wrote them (no inserting,
        // deleting or hiding, which is formatting rows).
        format_columns: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}

/// The hidden `parscore` sheet: set id, set hash, unit, year and version, all as text.
fn meta_sheet(set: &CriteriaSet, meta: &TemplateMeta) -> Result<Worksheet, WriteError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(layout::META_SHEET).writing(|| "the meta sheet's name".into())?;
    let year = meta.year.to_string();
    let pairs = [
        (layout::meta::SET_ID, set.id.as_str()),
        (layout::meta::SET_HASH, set.content_hash()),
        (layout::meta::UNIT, meta.unit.as_str()),
        (layout::meta::YEAR, year.as_str()),
        (layout::meta::VERSION, env!("CARGO_PKG_VERSION")),
    ];
    for (row, (key, value)) in (0u32..).zip(pairs) {
        sheet.write_string(row, 0, key).writing(|| format!("the meta key {key}"))?;
        sheet.write_string(row, 1, value).writing(|| format!("the meta value of {key}"))?;
    }
    sheet.set_column_width(0, 18).writing(|| "the meta sheet's width".into())?;
    sheet.set_column_width(1, 40).writing(|| "the meta sheet's width".into())?;
    sheet.set_hidden(true);
    sheet.protect();
    Ok(sheet)
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
