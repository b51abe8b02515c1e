//! `parscore compare`: two years side by side, and `score --previous`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use parscore_core::{
    compare, fmt_decimal, fmt_percent, round_half_away, Assessment, Basis, CompareOptions,
    Comparison, Decimal, FlagKind, Lang, NodeChange, NodeSide, Section, YearTotal,
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
pub fn load(a: &CompareArgs<'_>, lang: Lang) -> anyhow::Result<Pair> {
    let previous = score_file(a.previous, a.previous_set)?;
    let current = score_file(a.current, a.set)?;
    let prev_ok = report_problems(&previous, a.lenient, lang);
    let cur_ok = report_problems(&current, a.lenient, lang);
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
    if previous.card.year == current.card.year {
        let (p, c, y) = (previous.path.display(), current.path.display(), current.card.year);
        crate::msg::bail_t!(
            format!("{p} và {c} đều là năm {y}: so sánh cần bảng tính của hai năm khác nhau"),
            format!("{p} and {c} are both for {y}: a comparison needs two different years"),
        );
    }
    if previous.card.year > current.card.year {
        let (p, py, c, cy) = (
            previous.path.display(),
            previous.card.year,
            current.path.display(),
            current.card.year,
        );
        crate::msg::bail_t!(
            format!("{p} là năm {py} còn {c} là năm {cy}: hãy ghi bảng tính năm trước trước"),
            format!("{p} is for {py} and {c} for {cy}: give last year's workbook first"),
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
    let pair = load(&a, lang)?;
    let unit = pair.current.unit.clone().or_else(|| pair.previous.unit.clone()).unwrap_or_default();
    let text = match format {
        ReportFormat::Table => table(&pair.comparison, &unit, lang),
        ReportFormat::Json => serde_json::to_string_pretty(&CompareReport::new(&pair))? + "\n",
        ReportFormat::Xlsx => {
            let Some(out) = output else { return Err(crate::msg::xlsx_needs_output()) };
            let bytes = parscore_excel::write_compare_report(&pair.comparison, &unit, lang)?;
            crate::files::write_atomic(out, &bytes, force, &[a.previous, a.current])?;
            crate::msg::wrote(out, lang);
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

/// A change of percentage, in percentage points with two decimals: "+25,00 điểm %",
/// "−0.75 pp". A change of 78.30% to 77.55% is 0.75 points of percentage, not 0.75%.
pub fn signed_pp(d: Decimal, lang: Lang) -> String {
    let unit = if lang == Lang::Vi { "điểm %" } else { "pp" };
    let sign = if d > Decimal::ZERO {
        "+"
    } else if d < Decimal::ZERO {
        "−"
    } else {
        ""
    };
    format!("{sign}{} {unit}", fmt_percent(d.abs(), lang))
}

/// The mark of a score on an appraised basis where the self-assessed score stands in.
pub const FALLBACK_MARK: &str = "†";

/// The footnote of [`FALLBACK_MARK`].
pub fn fallback_note(lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "{FALLBACK_MARK} chưa có điểm thẩm định (ở tiêu chí này hoặc một tiêu chí thành phần \
             của nó): dùng điểm tự đánh giá thay"
        ),
        Lang::En => format!(
            "{FALLBACK_MARK} no appraised score (for this item or one under it): the \
             self-assessed score stands in"
        ),
    }
}

fn year_line(t: &YearTotal, lang: Lang) -> String {
    let grade = t.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
    format!(
        "{} ({}{}): {}% ({grade})",
        t.year,
        t.basis.label().get(lang),
        if t.fallback { FALLBACK_MARK } else { "" },
        fmt_percent(t.percent, lang)
    )
}

/// Whether no node of a year (the previous one when `previous`) has an appraised score.
fn never_appraised(c: &Comparison, previous: bool) -> bool {
    let sides = c.changes.iter().map(|ch| if previous { &ch.previous } else { &ch.current });
    let unmatched = if previous { &c.removed } else { &c.added };
    sides.chain(unmatched.iter().map(|u| &u.side)).all(|s| s.appraised.is_none())
}

/// The flags' compact labels, in flag order: "0 điểm, giảm".
fn short_flags(kinds: &[FlagKind], lang: Lang) -> String {
    kinds.iter().map(|k| k.short().get(lang).to_string()).collect::<Vec<_>>().join(", ")
}

/// The terminal table: domains and criteria of both years with their flags, the total, what
/// was added or removed, and the sub-criteria that fell, scored nothing or lack evidence.
///
/// A criterion row shows its own flags and, as `thiếu TLKC` / `no evidence`, whether a
/// sub-criterion under it claims points without evidence (the lines under the table name
/// which). A change of percentage is in percentage points (`điểm %`, `pp`). On an appraised
/// basis, a score where the self-assessed one stands in is marked `†`, with a footnote.
pub fn table(c: &Comparison, unit: &str, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = format!("{} — {} → {}\n\n", escape(unit), c.previous.year, c.current.year);
    let heads = if vi {
        ["Mã", "Nội dung", "Năm trước", "Năm nay", "Chênh lệch", "Cảnh báo", "Ghi chú"]
    } else {
        ["Code", "Criterion", "Previous", "Current", "Change", "Flags", "Note"]
    };
    use Align::{Left, Right};
    let mut t = Table::new(&heads, &[Left, Left, Right, Right, Right, Left, Left]);
    let criteria = |ch: &&NodeChange| ch.section == Section::Criteria;
    let leaves_without_evidence: Vec<&str> = c
        .changes
        .iter()
        .filter(criteria)
        .filter(|ch| ch.leaf && ch.flags.iter().any(|f| f.kind == FlagKind::NoEvidence))
        .map(|ch| ch.code.as_str())
        .chain(
            c.added
                .iter()
                .filter(|u| u.section == Section::Criteria && u.leaf)
                .filter(|u| u.flags.iter().any(|f| f.kind == FlagKind::NoEvidence))
                .map(|u| u.code.as_str()),
        )
        .collect();
    let mut shown_kinds: Vec<FlagKind> = Vec::new();
    let mut marked = c.previous.fallback || c.current.fallback;
    for ch in c.changes.iter().filter(|ch| ch.depth <= 2).filter(criteria) {
        let indent = "  ".repeat(ch.depth - 1);
        let side = |s: &NodeSide| {
            format!(
                "{}/{}{}",
                n(s.score),
                n(s.applicable_max),
                if s.fallback { FALLBACK_MARK } else { "" }
            )
        };
        marked |= ch.previous.fallback || ch.current.fallback;
        let change = if ch.max_changed {
            ch.delta_percent.map(|d| signed_pp(d, lang)).unwrap_or_default()
        } else {
            signed(ch.delta, lang)
        };
        let mut kinds: Vec<FlagKind> = ch.flags.iter().map(|f| f.kind).collect();
        let prefix = format!("{}.", ch.code);
        if ch.depth == 2
            && !ch.leaf
            && !kinds.contains(&FlagKind::NoEvidence)
            && leaves_without_evidence.iter().any(|code| code.starts_with(&prefix))
        {
            kinds.push(FlagKind::NoEvidence);
        }
        for k in &kinds {
            if !shown_kinds.contains(k) {
                shown_kinds.push(*k);
            }
        }
        t.row(vec![
            ch.code.clone(),
            format!("{indent}{}", ch.name),
            side(&ch.previous),
            side(&ch.current),
            change,
            short_flags(&kinds, lang),
            ch.note.as_ref().map(|t| t.get(lang).to_string()).unwrap_or_default(),
        ]);
    }
    out.push_str(&t.render());
    out.push_str(&format!(
        "\n{}: {} → {}; {} {}, {}\n",
        if vi { "Tổng" } else { "Total" },
        year_line(&c.previous, lang),
        year_line(&c.current, lang),
        signed(c.delta_points, lang),
        if vi { "điểm" } else { "points" },
        signed_pp(c.delta_percent, lang),
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
    // The sub-criteria behind the criteria's flags, this year's added ones included.
    let leaves = || {
        c.changes
            .iter()
            .filter(criteria)
            .filter(|ch| ch.leaf)
            .map(|ch| (ch.code.as_str(), &ch.current, ch.flags.as_slice()))
            .chain(
                c.added
                    .iter()
                    .filter(|u| u.leaf && u.section == Section::Criteria)
                    .map(|u| (u.code.as_str(), &u.side, u.flags.as_slice())),
            )
    };
    let has = |flags: &[parscore_core::Flag], k: FlagKind| flags.iter().any(|f| f.kind == k);
    let fell: Vec<String> = c
        .changes
        .iter()
        .filter(|ch| ch.leaf && has(&ch.flags, FlagKind::Decreased))
        .map(|ch| format!("{} ({} → {})", ch.code, n(ch.previous.score), n(ch.current.score)))
        .collect();
    let zero: Vec<String> = leaves()
        .filter(|(_, _, f)| has(f, FlagKind::Zero))
        .map(|(code, s, _)| format!("{code} (0/{})", n(s.applicable_max)))
        .collect();
    let bare: Vec<String> = leaves()
        .filter(|(_, _, f)| has(f, FlagKind::NoEvidence))
        .map(|(code, s, _)| {
            let unit = match (vi, s.self_score == Decimal::ONE) {
                (true, _) => "điểm",
                (false, true) => "point",
                (false, false) => "points",
            };
            format!("{code} ({} {unit})", n(s.self_score))
        })
        .collect();
    for (list, label_vi, label_en) in [
        (&fell, "Giảm so với năm trước", "Fell since last year"),
        (&zero, "Chưa đạt điểm", "Scored nothing"),
        (&bare, "Thiếu tài liệu kiểm chứng", "No evidence cited"),
    ] {
        if !list.is_empty() {
            let label = if vi { label_vi } else { label_en };
            out.push_str(&format!("{label}: {}\n", list.join(", ")));
        }
    }
    if !shown_kinds.is_empty() {
        shown_kinds.sort();
        // Only the labels that are short for something longer ("low" is just "low").
        let legend: Vec<String> = shown_kinds
            .iter()
            .map(|k| (k.short().get(lang).to_string(), k.label().get(lang).to_string()))
            .filter(|(short, long)| short != long)
            .map(|(short, long)| format!("{short} = {long}"))
            .collect();
        out.push_str(&format!(
            "{}: {}\n",
            if vi { "Cảnh báo" } else { "Flags" },
            legend.join("; ")
        ));
    }
    if marked {
        out.push_str(&fallback_note(lang));
        out.push('\n');
        for (t, unappraised) in
            [(&c.previous, never_appraised(c, true)), (&c.current, never_appraised(c, false))]
        {
            if t.basis == Basis::Appraised && unappraised {
                out.push_str(&match lang {
                    Lang::Vi => format!(
                        "Năm {}: bảng không có điểm thẩm định nào, mọi điểm là điểm tự đánh giá\n",
                        t.year
                    ),
                    Lang::En => format!(
                        "{}: the workbook has no appraised score at all; every score is \
                         self-assessed\n",
                        t.year
                    ),
                });
            }
        }
    }
    for note in &c.notes {
        out.push_str(&format!("{}\n", note.get(lang)));
    }
    out
}

fn s(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage (or a change of one) with exactly two decimals, rounded half away from zero.
fn p2(d: Decimal) -> String {
    let mut d = round_half_away(d, 2);
    d.rescale(2);
    d.to_string()
}

/// The JSON of `compare` (and of `score --previous`'s `comparison`). Decimals are strings:
/// scores, maxima and point changes exact (every score ends within 4 decimal places, trailing
/// zeros trimmed: "0.6667", "1.5"); percentages and their changes fixed at 2 decimal places
/// ("78.30"), rounded half away from zero; a change of percentage (`delta_percent`) is in
/// percentage points.
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
    /// True when the basis is appraised but `score` is (or includes) the self-assessed score,
    /// for want of an appraised one.
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

/// The basis as JSON names it: "self" or "appraised".
pub fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::SelfAssessed => "self",
        Basis::Appraised => "appraised",
    }
}

pub fn year_report(t: &YearTotal, sc: &Scored) -> YearReport {
    YearReport {
        file: sc.path.display().to_string(),
        unit: sc.unit.clone(),
        set: t.set_id.clone(),
        year: t.year,
        basis: basis_name(t.basis),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::{scored, thirds};

    fn pair(current: Scored, basis: Option<BasisChoice>) -> Pair {
        let previous = scored(2024, |_| {});
        let comparison =
            compare_scored(&previous, &current, basis, parscore_core::DEFAULT_LOW_THRESHOLD)
                .unwrap();
        Pair { previous, current, comparison }
    }

    /// The table's line of `code`, its cells split on runs of two spaces or more.
    fn line<'a>(table: &'a str, code: &str) -> Vec<&'a str> {
        let row = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code))
            .unwrap_or_else(|| panic!("no line {code} in {table}"));
        row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
    }

    #[test]
    fn the_table_shows_flags_and_changes_of_percentage_in_points() {
        let p = pair(thirds(), None);
        let t = table(&p.comparison, "Sở Xây dựng", Lang::Vi);
        // 3.3: 2.45 of 3 (81.67%) → 0.6667 + 0.5 = 1.1667 of 2 (58.34%): the maximum changed,
        // so the change is 58.34 − 81.67 = −23.33 points of percentage; 58.34% ≥ 50%: partial;
        // lower share than last year: fell.
        assert_eq!(
            line(&t, "3.3")[2..],
            [
                "2,45/3",
                "1,1667/2",
                "−23,33 điểm %",
                "chưa tối đa, giảm",
                "điểm tối đa thay đổi 3 → 2: so sánh theo tỷ lệ % điểm tối đa"
            ]
        );
        // 4.4: 1.5 → 0.5 of 2, below 50% (1 point): low, and fell (4.4.1 1 → 0).
        assert_eq!(line(&t, "4.4")[2..], ["1,5/2", "0,5/2", "−1", "thấp, giảm"]);
        // 2.1's sub-criterion 2.1.2 claims 1 point without evidence: the criterion says so.
        assert_eq!(line(&t, "2.1")[2..], ["2,75/4", "2,75/4", "0", "chưa tối đa, thiếu TLKC"]);
        // Domains are not judged.
        assert_eq!(line(&t, "2")[2..], ["8,15/10", "7,15/10", "−1"]);
        // Totals: 77.2334 − 78.3 = −1.0666 points; 77.23% − 78.30% = −1.07 points of percentage.
        assert!(
            t.contains("\nTổng: 2024 (tự đánh giá): 78,30% (Khá) → 2025 (tự đánh giá): 77,23% (Khá); −1,0666 điểm, −1,07 điểm %\n"),
            "{t}"
        );
        assert!(t.contains("\nChưa đạt điểm: 2.2.2 (0/1), "), "{t}");
        assert!(t.contains("\nThiếu tài liệu kiểm chứng: 2.1.2 (1 điểm), "), "{t}");
        assert!(t.contains("; thiếu TLKC = thiếu tài liệu kiểm chứng\n"), "{t}");
        // Nothing was on an appraised basis: no mark, no footnote.
        assert!(!t.contains(FALLBACK_MARK), "{t}");

        let en = table(&p.comparison, "Sở Xây dựng", Lang::En);
        assert_eq!(line(&en, "3.3")[4..6], ["−23.33 pp", "partial, fell"]);
        assert!(en.contains("; −1.0666 points, −1.07 pp\n"), "{en}");
        assert!(en.contains("\nNo evidence cited: 2.1.2 (1 point), "), "{en}");
    }

    #[test]
    fn self_scores_standing_in_for_appraisals_are_marked() {
        // Neither workbook has a Điểm thẩm định: on an appraised basis every score is the
        // self-assessed one, marked, and the footnotes say so.
        let p = pair(scored(2025, |_| {}), Some(BasisChoice::Appraised));
        let t = table(&p.comparison, "Sở Xây dựng", Lang::Vi);
        assert_eq!(line(&t, "1")[2..], ["8,65/10†", "9,15/10†", "+0,5"]);
        assert!(t.contains("Tổng: 2024 (thẩm định†): 78,30% (Khá) → 2025 (thẩm định†): 77,55%"));
        assert!(t.contains(
            "\n† chưa có điểm thẩm định (ở tiêu chí này hoặc một tiêu chí thành phần của nó): \
             dùng điểm tự đánh giá thay\n"
        ));
        assert!(t.contains(
            "\nNăm 2024: bảng không có điểm thẩm định nào, mọi điểm là điểm tự đánh giá\n"
        ));
        let en = table(&p.comparison, "Sở Xây dựng", Lang::En);
        assert!(en.contains("\n† no appraised score (for this item or one under it): the self-assessed score stands in\n"));
        // In JSON, each side and each year says whether it fell back.
        let r = serde_json::to_value(CompareReport::new(&p)).unwrap();
        assert_eq!(r["previous"]["basis"], "appraised");
        assert_eq!(r["previous"]["fallback"], true);
        let one = r["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "1").unwrap();
        assert_eq!(
            (&one["previous"]["fallback"], &one["current"]["fallback"]),
            (&true.into(), &true.into())
        );
        // The survey is taken as it is: 8.1.1 is not marked.
        let survey = r["nodes"].as_array().unwrap().iter().find(|n| n["code"] == "8.1.1").unwrap();
        assert_eq!(survey["previous"]["fallback"], false);
        // On the default basis (self-assessed both years) nothing falls back, and JSON says so.
        let plain =
            serde_json::to_value(CompareReport::new(&pair(scored(2025, |_| {}), None))).unwrap();
        assert_eq!(plain["nodes"][0]["previous"]["fallback"], false);
    }

    #[test]
    fn changes_of_percentage_have_two_decimals_and_a_sign() {
        // 78.30 → 77.55: −0.75; +25 → "+25,00"; 0 → "0,00".
        assert_eq!(signed_pp("-0.75".parse().unwrap(), Lang::Vi), "−0,75 điểm %");
        assert_eq!(signed_pp("25".parse().unwrap(), Lang::Vi), "+25,00 điểm %");
        assert_eq!(signed_pp(Decimal::ZERO, Lang::En), "0.00 pp");
    }
}
