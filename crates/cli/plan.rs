//! `parscore plan`: the improvement plan (kế hoạch cải thiện Chỉ số CCHC) of a scored workbook.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use parscore_core::{
    fmt_decimal, fmt_percent, plan, Assessment, Decimal, Lang, Plan, PlanItem, PlanOptions,
};
use serde::Serialize;

use crate::args::PlanFormat;
use crate::compare::{self, flag_reports, CompareArgs, FlagReport};
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

pub fn run(a: PlanArgs<'_>) -> anyhow::Result<ExitCode> {
    if let Some(t) = a.target {
        if t <= Decimal::ZERO || t > Decimal::ONE_HUNDRED {
            bail!("--target {t} is not a percentage between 0 and 100");
        }
    }
    let options = PlanOptions { target_percent: a.target, low_threshold: a.compare.low_threshold };
    let (current, comparison) = match a.previous {
        Some(_) => {
            let pair = compare::load(&a.compare)?;
            (pair.current, Some(pair.comparison))
        }
        None => {
            let current = score_file(a.current, a.compare.set)?;
            report_problems(&current, a.compare.lenient)?;
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
            let Some(out) = a.output else { bail!("--format xlsx needs -o FILE.xlsx") };
            let bytes = parscore_excel::write_plan_report(&p, &unit, a.lang)?;
            crate::files::write_atomic(out, &bytes, a.force, &inputs)?;
            eprintln!("parscore: wrote {}", out.display());
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
        out.push_str(&if vi {
            format!("; năm {}: {}%", prev.year, fmt_percent(prev.percent, lang))
        } else {
            format!("; {}: {}%", prev.year, fmt_percent(prev.percent, lang))
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
            item.previous_score.map(n).unwrap_or_else(|| "—".into()),
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
        let evidence = if item.missing_evidence || item.evidence.is_none() {
            item.expected_evidence.join("; ")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "| {}{} | {} {} ({}) | {} | {} | {} | {} | {} | {} |  | {} |\n",
            i + 1,
            if item.closes_gap { "*" } else { "" },
            item.code,
            md(&item.name),
            md(&flags_text(item, lang)),
            n(item.max),
            item.previous_score.map(n).unwrap_or_else(|| "—".into()),
            n(item.score),
            n(item.points_lost),
            n(item.target_score),
            md(item.owner.as_deref().unwrap_or("")),
            md(&evidence),
        ));
    }
    out
}

fn s(d: Decimal) -> String {
    d.normalize().to_string()
}

fn p2(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    d.to_string()
}

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
    pub flags: Vec<FlagReport>,
    pub evidence: Option<String>,
    pub expected_evidence: Vec<String>,
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
                    flags: flag_reports(&i.flags),
                    evidence: i.evidence.clone(),
                    expected_evidence: i.expected_evidence.clone(),
                    missing_evidence: i.missing_evidence,
                    closes_gap: i.closes_gap,
                })
                .collect(),
            keep: p.keep.clone(),
            notes: p.notes.iter().map(|t| t.vi.clone()).collect(),
        }
    }
}
