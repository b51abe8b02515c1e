//! `parscore plan`: the improvement plan (kế hoạch cải thiện Chỉ số CCHC) of a scored workbook.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use parscore_core::{
    fmt_decimal, fmt_percent, plan, round_half_away, Assessment, Decimal, Lang, Plan, PlanItem,
    PlanOptions,
};
use serde::Serialize;

use crate::args::PlanFormat;
use crate::compare::{self, fallback_note, flag_reports, CompareArgs, FlagReport, FALLBACK_MARK};
use crate::out::{escape, print, Align, Table};
use crate::score::{report_problems, score_file};

pub struct PlanArgs<'a> {
    pub current: &'a Path,
    pub previous: Option<&'a Path>,
    pub compare: CompareArgs<'a>,
    pub target: Option<Decimal>,
    pub format: PlanFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub lang: Lang,
}

/// Reads `--target`: a percentage from 0 to 100, with a decimal point or comma and an optional
/// trailing `%` ("78.3", "78,3", "78,3%", "78.3 %"). clap prints the error after "invalid value
/// '…' for '--target <TARGET>': ".
pub fn parse_target(text: &str) -> Result<Decimal, String> {
    let body = text.trim();
    let body = body.strip_suffix('%').unwrap_or(body).trim_end();
    let marks = body.chars().filter(|c| matches!(c, '.' | ',')).count();
    let plain = body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ','));
    let value = (plain && marks <= 1 && body.chars().any(|c| c.is_ascii_digit()))
        .then(|| body.replace(',', ".").parse::<Decimal>().ok())
        .flatten();
    match value {
        Some(v) if v <= Decimal::ONE_HUNDRED => Ok(v),
        Some(_) => Err(format!("{} is over 100: the target is a percentage from 0 to 100", body)),
        None if body.starts_with('-') => {
            Err(format!("{body} is below 0: the target is a percentage from 0 to 100"))
        }
        None => Err("expected a percentage from 0 to 100, such as 78.3, 78,3 or 78,3%".into()),
    }
}

pub fn run(a: PlanArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = PlanOptions { target_percent: a.target, low_threshold: a.compare.low_threshold };
    let (current, comparison) = match a.previous {
        Some(_) => {
            let pair = compare::load(&a.compare, a.lang)?;
            (pair.current, Some(pair.comparison))
        }
        None => {
            let current = score_file(a.current, a.compare.set)?;
            report_problems(&current, a.compare.lenient, a.lang)?;
            (current, None)
        }
    };
    let assessment = Assessment::new(&current.set, &current.card)
        .ok_or_else(|| anyhow!("internal: set mismatch"))?;
    let p = plan(assessment, comparison.as_ref(), &options);
    let unit = current.unit.clone().unwrap_or_default();
    let inputs: Vec<&Path> = std::iter::once(a.current).chain(a.previous).collect();
    let text = match a.format {
        PlanFormat::Table => table(&p, &unit, a.lang),
        PlanFormat::Md => markdown(&p, &unit, a.lang),
        PlanFormat::Json => serde_json::to_string_pretty(&PlanReport::new(&p, &unit))? + "\n",
        PlanFormat::Xlsx => {
            let Some(out) = a.output else { return Err(crate::msg::xlsx_needs_output()) };
            let bytes = parscore_excel::write_plan_report(&p, &unit, a.lang)?;
            crate::files::write_atomic(out, &bytes, a.force, &inputs)?;
            crate::msg::wrote(out, a.lang);
            return Ok(ExitCode::SUCCESS);
        }
    };
    match a.output {
        Some(out) => crate::files::write_atomic(out, text.as_bytes(), a.force, &inputs)?,
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan's headline: where the unit stands and how far the target is.
fn summary(p: &Plan, unit: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let grade = p.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
    let mut out = if vi {
        format!(
            "Kế hoạch cải thiện Chỉ số CCHC — {}, năm {}\nHiện tại: {} / {} = {}% ({grade})",
            escape(unit),
            p.year,
            n(p.total),
            n(p.max),
            fmt_percent(p.percent, lang)
        )
    } else {
        format!(
            "PAR INDEX improvement plan — {}, {}\nNow: {} / {} = {}% ({grade})",
            escape(unit),
            p.year,
            n(p.total),
            n(p.max),
            fmt_percent(p.percent, lang)
        )
    };
    if let Some(prev) = &p.previous {
        let basis = format!(
            "{}{}",
            prev.basis.label().get(lang),
            if prev.fallback { FALLBACK_MARK } else { "" }
        );
        out.push_str(&if vi {
            format!("; năm {} ({basis}): {}%", prev.year, fmt_percent(prev.percent, lang))
        } else {
            format!("; {} ({basis}): {}%", prev.year, fmt_percent(prev.percent, lang))
        });
    }
    out.push('\n');
    if let Some(t) = &p.target {
        let tp = fmt_percent(t.percent, lang);
        out.push_str(&match (vi, t.gap_points.is_zero(), t.gap_closable) {
            (true, true, _) => format!("Mục tiêu {tp}%: đã đạt.\n"),
            (false, true, _) => format!("Target {tp}%: reached.\n"),
            (true, false, true) => format!(
                "Mục tiêu {tp}%: còn thiếu {} điểm; khôi phục các tiêu chí đánh dấu * là đủ.\n",
                n(t.gap_points)
            ),
            (false, false, true) => format!(
                "Target {tp}%: {} points short; recovering the items marked * closes the gap.\n",
                n(t.gap_points)
            ),
            (true, false, false) => format!(
                "Mục tiêu {tp}%: còn thiếu {} điểm; khôi phục mọi tiêu chí vẫn thiếu {} điểm.\n",
                n(t.gap_points),
                n(t.shortfall)
            ),
            (false, false, false) => format!(
                "Target {tp}%: {} points short; even recovering every item leaves {} short.\n",
                n(t.gap_points),
                n(t.shortfall)
            ),
        });
    }
    for note in &p.notes {
        out.push_str(note.get(lang));
        out.push('\n');
    }
    out
}

fn flags_text(item: &PlanItem, lang: Lang) -> String {
    item.flags.iter().map(|f| f.kind.label().get(lang).to_string()).collect::<Vec<_>>().join(", ")
}

/// Last year's score, marked `†` where the self-assessed score stands in for the appraised one;
/// "—" when the item is new.
fn previous(item: &PlanItem, lang: Lang) -> String {
    match item.previous_score {
        Some(d) => {
            let mark = if item.previous_fallback { FALLBACK_MARK } else { "" };
            format!("{}{mark}", fmt_decimal(d, lang))
        }
        None => "—".into(),
    }
}

/// The footnote of `†`, when an item or last year's total carries it.
fn footnote(p: &Plan, lang: Lang) -> Option<String> {
    let marked = p.items.iter().any(|i| i.previous_fallback)
        || p.previous.as_ref().is_some_and(|t| t.fallback);
    marked.then(|| fallback_note(lang))
}

/// What the unit should add as evidence, for the Markdown table: nothing when the documents
/// the set asks for are all named in what it cited; else the missing ones, after what it cited
/// (the match is by name, so the unit checks: see `PlanItem::evidence_to_add`).
fn evidence_cell(item: &PlanItem, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let to_add = item.evidence_to_add.join("; ");
    match item.evidence.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        _ if item.evidence_to_add.is_empty() => String::new(),
        None => to_add,
        Some(cited) => {
            let cited = crate::out::clip(&cited.replace('\n', "; "), 80);
            if vi {
                format!("Đã nêu: {cited}. Bộ tiêu chí còn yêu cầu: {to_add}")
            } else {
                format!("Cited: {cited}. The set also asks for: {to_add}")
            }
        }
    }
}

pub fn table(p: &Plan, unit: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = summary(p, unit, lang);
    out.push('\n');
    let heads = if vi {
        [
            "STT",
            "Mã",
            "Tiêu chí",
            "Tối đa",
            "Năm trước",
            "Năm nay",
            "Mất",
            "Đơn vị chủ trì",
            "Vấn đề",
        ]
    } else {
        ["No.", "Code", "Criterion", "Max", "Previous", "Current", "Lost", "Owner", "Issues"]
    };
    use Align::{Left, Right};
    let mut t = Table::new(&heads, &[Right, Left, Left, Right, Right, Right, Right, Left, Left]);
    for (i, item) in p.items.iter().enumerate() {
        t.row(vec![
            format!("{}{}", i + 1, if item.closes_gap { "*" } else { "" }),
            item.code.clone(),
            item.name.clone(),
            n(item.max),
            previous(item, lang),
            n(item.score),
            n(item.points_lost),
            item.owner.clone().unwrap_or_default(),
            flags_text(item, lang),
        ]);
    }
    out.push_str(&t.render());
    out.push_str(&format!(
        "\n{} ({}): {}\n",
        if vi { "Giữ vững, đã đạt tối đa" } else { "Keep, at full marks" },
        p.keep.len(),
        p.keep.join(", ")
    ));
    if let Some(note) = footnote(p, lang) {
        out.push_str(&note);
        out.push('\n');
    }
    out
}

/// A Markdown cell: pipes escaped, new lines folded.
fn md(s: &str) -> String {
    escape(s).replace('|', "\\|").replace('\n', " ")
}

/// The table a department pastes into its plan, as Markdown.
pub fn markdown(p: &Plan, unit: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = String::new();
    for line in summary(p, unit, lang).lines() {
        out.push_str(&md(line));
        out.push_str("  \n");
    }
    out.push('\n');
    let heads = if vi {
        "| STT | Tiêu chí | Điểm tối đa | Điểm năm trước | Điểm năm nay | Điểm bị mất | Mục tiêu | Đơn vị chủ trì | Thời gian hoàn thành | Tài liệu cần bổ sung |"
    } else {
        "| No. | Criterion | Max | Previous year | This year | Points lost | Target | Owner | Deadline | Evidence to add |"
    };
    out.push_str(heads);
    out.push_str("\n|---:|---|---:|---:|---:|---:|---:|---|---|---|\n");
    for (i, item) in p.items.iter().enumerate() {
        let evidence = evidence_cell(item, lang);
        out.push_str(&format!(
            "| {}{} | {} {} ({}) | {} | {} | {} | {} | {} | {} |  | {} |\n",
            i + 1,
            if item.closes_gap { "*" } else { "" },
            item.code,
            md(&item.name),
            md(&flags_text(item, lang)),
            n(item.max),
            previous(item, lang),
            n(item.score),
            n(item.points_lost),
            n(item.target_score),
            md(item.owner.as_deref().unwrap_or("")),
            md(&evidence),
        ));
    }
    if let Some(note) = footnote(p, lang) {
        out.push('\n');
        out.push_str(&md(&note));
        out.push('\n');
    }
    out
}

fn s(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage with exactly two decimals, rounded half away from zero: "78.30".
fn p2(d: Decimal) -> String {
    let mut d = round_half_away(d, 2);
    d.rescale(2);
    d.to_string()
}

/// The JSON of `plan`. Decimals are strings: scores and points exact (within 4 decimal
/// places, trailing zeros trimmed), percentages fixed at 2 decimal places ("78.30").
#[derive(Serialize)]
pub struct PlanReport {
    pub set: String,
    pub unit: String,
    pub year: u16,
    pub total: String,
    pub max: String,
    pub percent: String,
    pub grade: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_percent: Option<String>,
    /// Last year's basis, "self" or "appraised", with `previous_percent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_basis: Option<&'static str>,
    /// Whether last year's appraised total had self-assessed scores standing in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_fallback: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetReport>,
    pub items: Vec<ItemReport>,
    pub keep: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct TargetReport {
    pub percent: String,
    pub score: String,
    pub gap_points: String,
    pub gap_closable: bool,
    pub recoverable: String,
    pub shortfall: String,
}

#[derive(Serialize)]
pub struct ItemReport {
    pub code: String,
    pub name: String,
    pub criterion_code: String,
    pub owner: Option<String>,
    pub max: String,
    pub score: String,
    pub target_score: String,
    pub points_lost: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_code: Option<String>,
    pub previous_score: Option<String>,
    /// True when `previous_score` is on an appraised basis but is the self-assessed score, for
    /// want of an appraised one.
    pub previous_fallback: bool,
    pub flags: Vec<FlagReport>,
    pub evidence: Option<String>,
    pub expected_evidence: Vec<String>,
    /// The documents of `expected_evidence` that `evidence` does not name.
    pub evidence_to_add: Vec<String>,
    pub missing_evidence: bool,
    pub closes_gap: bool,
}

impl PlanReport {
    pub fn new(p: &Plan, unit: &str) -> PlanReport {
        PlanReport {
            set: p.set_id.clone(),
            unit: unit.to_string(),
            year: p.year,
            total: s(p.total),
            max: s(p.max),
            percent: p2(p.percent),
            grade: p.grade.as_ref().map(|g| g.vi.clone()),
            previous_percent: p.previous.as_ref().map(|t| p2(t.percent)),
            previous_basis: p.previous.as_ref().map(|t| crate::compare::basis_name(t.basis)),
            previous_fallback: p.previous.as_ref().map(|t| t.fallback),
            target: p.target.map(|t| TargetReport {
                percent: p2(t.percent),
                score: s(t.score),
                gap_points: s(t.gap_points),
                gap_closable: t.gap_closable,
                recoverable: s(t.recoverable),
                shortfall: s(t.shortfall),
            }),
            items: p
                .items
                .iter()
                .map(|i| ItemReport {
                    code: i.code.clone(),
                    name: i.name.clone(),
                    criterion_code: i.criterion_code.clone(),
                    owner: i.owner.clone(),
                    max: s(i.max),
                    score: s(i.score),
                    target_score: s(i.target_score),
                    points_lost: s(i.points_lost),
                    previous_code: i.previous_code.clone(),
                    previous_score: i.previous_score.map(s),
                    previous_fallback: i.previous_fallback,
                    flags: flag_reports(&i.flags),
                    evidence: i.evidence.clone(),
                    expected_evidence: i.expected_evidence.clone(),
                    evidence_to_add: i.evidence_to_add.clone(),
                    missing_evidence: i.missing_evidence,
                    closes_gap: i.closes_gap,
                })
                .collect(),
            keep: p.keep.clone(),
            notes: p.notes.iter().map(|t| t.vi.clone()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::BasisChoice;
    use crate::report::tests::{d, scored, thirds};
    use crate::score::Scored;

    /// 2025's plan against 2024 on `basis`, with a target of 78.3%.
    fn plan_of(current: Scored, basis: Option<BasisChoice>) -> Plan {
        let previous = scored(2024, |_| {});
        let cmp = compare::compare_scored(
            &previous,
            &current,
            basis,
            parscore_core::DEFAULT_LOW_THRESHOLD,
        )
        .unwrap();
        let options = PlanOptions { target_percent: Some(d("78.3")), ..PlanOptions::default() };
        plan(Assessment::new(&current.set, &current.card).unwrap(), Some(&cmp), &options)
    }

    #[test]
    fn a_target_takes_a_decimal_comma_and_a_percent_sign() {
        for text in ["78.3", "78,3", "78,3%", "78.3 %", " 78,30 "] {
            assert_eq!(parse_target(text), Ok(d("78.3")), "{text}");
        }
        assert_eq!(parse_target("100%"), Ok(d("100")));
        assert_eq!(parse_target("0"), Ok(d("0")));
        assert_eq!(
            parse_target("120"),
            Err("120 is over 100: the target is a percentage from 0 to 100".into())
        );
        assert_eq!(
            parse_target("-5%"),
            Err("-5 is below 0: the target is a percentage from 0 to 100".into())
        );
        let expected =
            Err("expected a percentage from 0 to 100, such as 78.3, 78,3 or 78,3%".into());
        for bad in ["", "%", "abc", "78,3.1", "7 8", "1e2"] {
            assert_eq!(parse_target(bad), expected, "{bad:?}");
        }
    }

    #[test]
    fn the_markdown_follows_the_plans_order_with_finite_scores() {
        let p = plan_of(thirds(), None);
        let md = markdown(&p, "Sở Xây dựng", Lang::Vi);
        let rows: Vec<&str> =
            md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| STT")).collect();
        // Row i is the plan's item i: the ranking, not the codes' order.
        assert_eq!(rows.len(), p.items.len());
        for (i, (row, item)) in rows.iter().zip(&p.items).enumerate() {
            let stt =
                format!("| {}{} | {} ", i + 1, if item.closes_gap { "*" } else { "" }, item.code);
            assert!(row.starts_with(&stt), "{row} is not {stt}");
        }
        // 3.3.1 scores 2/3 → 0.6667 of 1 and loses 1 − 0.6667 = 0.3333; last year it was
        // 19/20 → 0.95 (the fixtures do not change it).
        let row = rows.iter().find(|r| r.contains(" 3.3.1 ")).unwrap();
        assert!(row.contains(" | 1 | 0,95 | 0,6667 | 0,3333 | 1 | "), "{row}");
    }

    #[test]
    fn evidence_to_add_says_what_was_cited_and_what_the_set_still_asks_for() {
        let p = plan_of(scored(2025, |_| {}), None);
        let item = |code: &str| p.items.iter().find(|i| i.code == code).unwrap();
        // 2.2.2 cites "Báo cáo rà soát văn bản 2025", which does not name the set's report.
        assert_eq!(
            evidence_cell(item("2.2.2"), Lang::Vi),
            "Đã nêu: Báo cáo rà soát văn bản 2025. Bộ tiêu chí còn yêu cầu: Báo cáo kết quả rà \
             soát, hệ thống hóa văn bản quy phạm pháp luật"
        );
        // 4.4.1 cites nothing: the set's list alone.
        assert_eq!(
            evidence_cell(item("4.4.1"), Lang::Vi),
            "Quyết định ban hành quy chế làm việc của Sở"
        );
        // Citing the set's document by its name leaves nothing to add.
        let named = scored(2025, |i| {
            let e = i.entries.get_mut("2.2.2").unwrap();
            e.evidence = Some(
                "Báo cáo kết quả rà soát, hệ thống hóa văn bản quy phạm pháp luật (số 5/BC-SXD)"
                    .into(),
            );
        });
        let p = plan_of(named, None);
        let i = p.items.iter().find(|i| i.code == "2.2.2").unwrap();
        assert!(i.evidence_to_add.is_empty());
        assert_eq!(evidence_cell(i, Lang::Vi), "");
        let json = serde_json::to_value(PlanReport::new(&p, "Sở Xây dựng")).unwrap();
        let j = json["items"].as_array().unwrap().iter().find(|i| i["code"] == "2.2.2").unwrap();
        assert_eq!(j["evidence_to_add"], serde_json::json!([]));
    }

    #[test]
    fn last_years_self_scores_on_an_appraised_basis_are_marked() {
        let p = plan_of(scored(2025, |_| {}), Some(BasisChoice::Appraised));
        let t = table(&p, "Sở Xây dựng", Lang::Vi);
        // 2024 has no appraised score: 78.30% is self-assessed, and so is 2.2.2's 1.
        assert!(t.contains("; năm 2024 (thẩm định†): 78,30%\n"), "{t}");
        let row = t.lines().find(|l| l.contains(" 2.2.2 ")).unwrap();
        assert!(row.contains(" 1†  "), "{row}");
        assert!(t.ends_with(&format!("{}\n", fallback_note(Lang::Vi))), "{t}");
        let md = markdown(&p, "Sở Xây dựng", Lang::En);
        assert!(md.contains(" | 1† | 0 | "), "{md}");
        let json = serde_json::to_value(PlanReport::new(&p, "Sở Xây dựng")).unwrap();
        assert_eq!(
            (&json["previous_basis"], &json["previous_fallback"]),
            (&"appraised".into(), &true.into())
        );
        assert_eq!(json["items"][0]["previous_fallback"], true);
        // On the default basis (2024 self-assessed, having no appraisal) nothing is marked.
        let plain = plan_of(scored(2025, |_| {}), None);
        assert!(!table(&plain, "Sở Xây dựng", Lang::Vi).contains(FALLBACK_MARK));
    }
}
