//! `parscore compare`: two years side by side, and `score --previous`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use parscore_core::{
    compare, fmt_decimal, fmt_percent, Assessment, Basis, CompareOptions, Comparison, Decimal,
    FlagKind, Lang, NodeSide, Section, YearTotal,
};
use serde::Serialize;

use crate::args::{BasisChoice, ReportFormat};
use crate::out::{escape, print, Align, Table};
use crate::score::{report_problems, score_file, Scored};

/// The options of `compare` (and of the comparison in `plan` and `score --previous`).
pub struct CompareArgs<'a> {
    pub previous: &'a Path,
    pub current: &'a Path,
    pub previous_set: Option<&'a str>,
    pub set: Option<&'a str>,
    pub basis: Option<BasisChoice>,
    pub low_threshold: Decimal,
    pub lenient: bool,
}

/// Both years scored, and compared.
pub struct Pair {
    pub previous: Scored,
    pub current: Scored,
    pub comparison: Comparison,
}

/// Scores both workbooks (reporting every problem of both before stopping) and compares them.
pub fn load(a: &CompareArgs<'_>) -> anyhow::Result<Pair> {
    let previous = score_file(a.previous, a.previous_set)?;
    let current = score_file(a.current, a.set)?;
    let prev_ok = report_problems(&previous, a.lenient);
    let cur_ok = report_problems(&current, a.lenient);
    prev_ok?;
    cur_ok?;
    let comparison = compare_scored(&previous, &current, a.basis, a.low_threshold)?;
    Ok(Pair { previous, current, comparison })
}

/// Compares two scored workbooks on the chosen basis (default: last year appraised where the
/// workbook has appraised scores, this year self-assessed).
pub fn compare_scored(
    previous: &Scored,
    current: &Scored,
    basis: Option<BasisChoice>,
    low_threshold: Decimal,
) -> anyhow::Result<Comparison> {
    let mut options = CompareOptions::default_for(&previous.card, &current.card);
    if let Some(b) = basis {
        let b = match b {
            BasisChoice::SelfAssessed => Basis::SelfAssessed,
            BasisChoice::Appraised => Basis::Appraised,
        };
        options.previous_basis = b;
        options.current_basis = b;
    }
    options.low_threshold = low_threshold;
    let prev = Assessment::new(&previous.set, &previous.card)
        .ok_or_else(|| anyhow!("internal: set mismatch"))?;
    let cur = Assessment::new(&current.set, &current.card)
        .ok_or_else(|| anyhow!("internal: set mismatch"))?;
    if previous.card.year >= current.card.year {
        bail!(
            "{} is for {} and {} for {}: give last year's workbook first",
            previous.path.display(),
            previous.card.year,
            current.path.display(),
            current.card.year
        );
    }
    Ok(compare(prev, cur, &options))
}

pub fn run(
    a: CompareArgs<'_>,
    format: ReportFormat,
    output: Option<&Path>,
    force: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let pair = load(&a)?;
    let unit = pair.current.unit.clone().or_else(|| pair.previous.unit.clone()).unwrap_or_default();
    let text = match format {
        ReportFormat::Table => table(&pair.comparison, &unit, lang),
        ReportFormat::Json => serde_json::to_string_pretty(&CompareReport::new(&pair))? + "\n",
        ReportFormat::Xlsx => {
            let Some(out) = output else { bail!("--format xlsx needs -o FILE.xlsx") };
            let bytes = parscore_excel::write_compare_report(&pair.comparison, &unit, lang)?;
            crate::files::write_atomic(out, &bytes, force, &[a.previous, a.current])?;
            eprintln!("parscore: wrote {}", out.display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    match output {
        Some(out) => {
            crate::files::write_atomic(out, text.as_bytes(), force, &[a.previous, a.current])?
        }
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn signed(d: Decimal, lang: Lang) -> String {
    if d > Decimal::ZERO {
        format!("+{}", fmt_decimal(d, lang))
    } else if d < Decimal::ZERO {
        format!("−{}", fmt_decimal(-d, lang))
    } else {
        "0".into()
    }
}

fn year_line(t: &YearTotal, lang: Lang) -> String {
    let grade = t.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
    format!(
        "{} ({}): {}% ({grade})",
        t.year,
        t.basis.label().get(lang),
        fmt_percent(t.percent, lang)
    )
}

/// The terminal table: domains and criteria of both years, the total, what was added or
/// removed, and the sub-criteria that fell.
pub fn table(c: &Comparison, unit: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = format!("{} — {} → {}\n\n", escape(unit), c.previous.year, c.current.year);
    let heads = if vi {
        ["Mã", "Nội dung", "Năm trước", "Năm nay", "Chênh lệch", "Ghi chú"]
    } else {
        ["Code", "Criterion", "Previous", "Current", "Change", "Note"]
    };
    let mut t = Table::new(
        &heads,
        &[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Left],
    );
    for ch in c.changes.iter().filter(|ch| ch.depth <= 2 && ch.section == Section::Criteria) {
        let indent = "  ".repeat(ch.depth - 1);
        let side = |s: &NodeSide| format!("{}/{}", n(s.score), n(s.applicable_max));
        let change = if ch.max_changed {
            ch.delta_percent.map(|d| format!("{}%", signed(d, lang))).unwrap_or_default()
        } else {
            signed(ch.delta, lang)
        };
        t.row(vec![
            ch.code.clone(),
            format!("{indent}{}", ch.name),
            side(&ch.previous),
            side(&ch.current),
            change,
            ch.note.as_ref().map(|t| t.get(lang).to_string()).unwrap_or_default(),
        ]);
    }
    out.push_str(&t.render());
    out.push_str(&format!(
        "\n{}: {} → {}; {} {}, {}%\n",
        if vi { "Tổng" } else { "Total" },
        year_line(&c.previous, lang),
        year_line(&c.current, lang),
        signed(c.delta_points, lang),
        if vi { "điểm" } else { "points" },
        signed(c.delta_percent, lang),
    ));
    let renamed: Vec<String> = c
        .changes
        .iter()
        .filter_map(|ch| ch.previous_code.as_ref().map(|p| format!("{} ← {p}", ch.code)))
        .collect();
    if !renamed.is_empty() {
        out.push_str(&format!(
            "{}: {}\n",
            if vi { "Đổi mã" } else { "Renumbered" },
            renamed.join(", ")
        ));
    }
    for (label, list) in [
        (if vi { "Mới năm nay" } else { "New this year" }, &c.added),
        (if vi { "Không còn năm nay" } else { "No longer scored" }, &c.removed),
    ] {
        if !list.is_empty() {
            let items: Vec<String> =
                list.iter().map(|u| format!("{} {}", u.code, escape(&u.name))).collect();
            out.push_str(&format!("{label}: {}\n", items.join("; ")));
        }
    }
    let fell: Vec<String> = c
        .changes
        .iter()
        .filter(|ch| ch.leaf && ch.flags.iter().any(|f| f.kind == FlagKind::Decreased))
        .map(|ch| format!("{} ({} → {})", ch.code, n(ch.previous.score), n(ch.current.score)))
        .collect();
    if !fell.is_empty() {
        out.push_str(&format!(
            "{}: {}\n",
            if vi { "Giảm so với năm trước" } else { "Fell since last year" },
            fell.join(", ")
        ));
    }
    for note in &c.notes {
        out.push_str(&format!("{}\n", note.get(lang)));
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
pub struct CompareReport {
    pub previous: YearReport,
    pub current: YearReport,
    pub delta_points: String,
    pub delta_percent: String,
    pub nodes: Vec<ChangeReport>,
    pub added: Vec<OneYearReport>,
    pub removed: Vec<OneYearReport>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct YearReport {
    pub file: String,
    pub unit: Option<String>,
    pub set: String,
    pub year: u16,
    pub basis: &'static str,
    pub total: String,
    pub max: String,
    pub percent: String,
    pub grade: Option<String>,
    pub fallback: bool,
}

#[derive(Serialize)]
pub struct SideReport {
    pub code: String,
    pub score: String,
    pub max: String,
    pub percent: Option<String>,
    pub self_score: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appraised: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fallback: bool,
}

#[derive(Serialize)]
pub struct FlagReport {
    pub kind: &'static str,
    pub reason: String,
    pub reason_en: String,
}

#[derive(Serialize)]
pub struct ChangeReport {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_code: Option<String>,
    pub name: String,
    pub depth: usize,
    pub section: &'static str,
    pub previous: SideReport,
    pub current: SideReport,
    pub delta: String,
    pub delta_percent: Option<String>,
    pub max_changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub flags: Vec<FlagReport>,
}

#[derive(Serialize)]
pub struct OneYearReport {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub side: SideReport,
    pub flags: Vec<FlagReport>,
}

pub fn flag_kind(k: FlagKind) -> &'static str {
    match k {
        FlagKind::Zero => "zero",
        FlagKind::Low => "low",
        FlagKind::Partial => "partial",
        FlagKind::Full => "full",
        FlagKind::Decreased => "decreased",
        FlagKind::NoEvidence => "no_evidence",
    }
}

pub fn flag_reports(flags: &[parscore_core::Flag]) -> Vec<FlagReport> {
    flags
        .iter()
        .map(|f| FlagReport {
            kind: flag_kind(f.kind),
            reason: f.reason.vi.clone(),
            reason_en: f.reason.en.clone(),
        })
        .collect()
}

fn side(s: &NodeSide) -> SideReport {
    SideReport {
        code: s.code.clone(),
        score: self::s(s.score),
        max: self::s(s.applicable_max),
        percent: s.percent.map(p2),
        self_score: self::s(s.self_score),
        appraised: s.appraised.map(self::s),
        cut: s.cut.map(self::s),
        fallback: s.fallback,
    }
}

fn section(s: Section) -> &'static str {
    match s {
        Section::Criteria => "criteria",
        Section::Bonus => "bonus",
        Section::Penalty => "penalty",
    }
}

pub fn year_report(t: &YearTotal, sc: &Scored) -> YearReport {
    YearReport {
        file: sc.path.display().to_string(),
        unit: sc.unit.clone(),
        set: t.set_id.clone(),
        year: t.year,
        basis: match t.basis {
            Basis::SelfAssessed => "self",
            Basis::Appraised => "appraised",
        },
        total: s(t.total),
        max: s(t.max),
        percent: p2(t.percent),
        grade: t.grade.as_ref().map(|g| g.vi.clone()),
        fallback: t.fallback,
    }
}

impl CompareReport {
    pub fn new(pair: &Pair) -> CompareReport {
        let c = &pair.comparison;
        let one = |u: &parscore_core::Unmatched| OneYearReport {
            code: u.code.clone(),
            name: u.name.clone(),
            depth: u.depth,
            side: side(&u.side),
            flags: flag_reports(&u.flags),
        };
        CompareReport {
            previous: year_report(&c.previous, &pair.previous),
            current: year_report(&c.current, &pair.current),
            delta_points: s(c.delta_points),
            delta_percent: p2(c.delta_percent),
            nodes: c
                .changes
                .iter()
                .map(|ch| ChangeReport {
                    code: ch.code.clone(),
                    previous_code: ch.previous_code.clone(),
                    name: ch.name.clone(),
                    depth: ch.depth,
                    section: section(ch.section),
                    previous: side(&ch.previous),
                    current: side(&ch.current),
                    delta: s(ch.delta),
                    delta_percent: ch.delta_percent.map(p2),
                    max_changed: ch.max_changed,
                    note: ch.note.as_ref().map(|t| t.vi.clone()),
                    flags: flag_reports(&ch.flags),
                })
                .collect(),
            added: c.added.iter().map(one).collect(),
            removed: c.removed.iter().map(one).collect(),
            notes: c.notes.iter().map(|t| t.vi.clone()).collect(),
        }
    }
}
