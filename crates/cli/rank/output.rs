//! What `parscore rank` prints: the terminal table and the JSON report.
//!
//! The JSON report has its own types, the shape users' scripts read, with every decimal as a
//! string ("78.30") so no reader turns it into a float.

use parscore_core::{fmt_decimal, fmt_percent, round_half_away, Decimal, Lang, Ranked};
use parscore_excel::RankFailure;
use serde::Serialize;

use super::Batch;
use crate::out::{escape, Align, Table};

/// How many problems of one workbook the table shows; JSON and xlsx list them all.
const TABLE_PROBLEMS: usize = 5;

/// Every error of a workbook left out, in `lang`, one line each, each starting with the file.
pub fn error_lines(f: &RankFailure, lang: Lang) -> Vec<String> {
    let error = f.error.iter().map(|e| e.get(lang).to_string());
    error.chain(f.problems.iter().map(|p| p.display(lang))).collect()
}

/// A decimal without trailing zeros: "78.3".
fn s(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage with two decimals: "78.30".
fn pct(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    d.to_string()
}

/// A change with its sign, as `compare` writes it: "+2,25", "−4,00", "0,00" (a minus sign,
/// not a hyphen).
fn signed(d: Decimal, lang: Lang) -> String {
    let sign = if d > Decimal::ZERO {
        "+"
    } else if d < Decimal::ZERO {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", fmt_percent(d.abs(), lang))
}

/// The domains' codes and names: the set's, else the first unit's codes.
fn domains(b: &Batch) -> Vec<(String, String)> {
    match &b.set {
        Some(set) => set.criteria.iter().map(|d| (d.code.clone(), d.name.clone())).collect(),
        None => b
            .ranking
            .units
            .first()
            .map(|r| r.result.domains.iter().map(|d| (d.code.clone(), String::new())).collect())
            .unwrap_or_default(),
    }
}

fn domain_percent(r: &Ranked, code: &str) -> Option<Decimal> {
    r.result.domains.iter().find(|d| d.code == code).and_then(|d| d.percent)
}

/// The terminal table: one row per unit, best first, then the workbooks left out.
pub fn table(b: &Batch, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let mut out = String::new();
    let title = t("Xếp hạng Chỉ số CCHC", "PAR INDEX ranking");
    match &b.set {
        Some(set) => out.push_str(&format!("{title} — {} ({})\n", set.title, set.id)),
        None => out.push_str(&format!("{title}\n")),
    }
    let (n, failed) = (b.ranking.units.len(), b.failures.len());
    out.push_str(&if vi {
        format!("{n} đơn vị được xếp hạng, {failed} bảng không chấm được\n\n")
    } else {
        format!("{n} unit(s) ranked, {failed} workbook(s) could not be scored\n\n")
    });

    let domains = domains(b);
    if !b.ranking.units.is_empty() {
        let prefix = t("LV", "D");
        let mut heads: Vec<String> = [
            t("Hạng", "Rank"),
            t("Đơn vị", "Unit"),
            t("Tỷ lệ %", "Percent"),
            t("Xếp loại", "Grade"),
            t("Tổng điểm", "Total"),
        ]
        .map(String::from)
        .into();
        let mut align = vec![Align::Right, Align::Left, Align::Right, Align::Left, Align::Right];
        for (code, _) in &domains {
            heads.push(format!("{prefix}{code}"));
            align.push(Align::Right);
        }
        if b.ranking.compared {
            for h in [t("Năm trước %", "Last year %"), t("± điểm %", "± pp"), t("± hạng", "± rank")]
            {
                heads.push(h.into());
                align.push(Align::Right);
            }
        }
        let head_refs: Vec<&str> = heads.iter().map(String::as_str).collect();
        let mut table = Table::new(&head_refs, &align);
        for r in &b.ranking.units {
            let u = &r.result;
            let mut row = vec![
                r.rank.to_string(),
                u.unit.clone(),
                fmt_percent(u.percent, lang),
                u.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default(),
                // Proportional rules make long exact totals; two places are enough to read.
                fmt_decimal(round_half_away(u.total, 2), lang),
            ];
            for (code, _) in &domains {
                let p = domain_percent(r, code);
                row.push(p.map_or_else(|| "—".into(), |p| fmt_percent(p, lang)));
            }
            if b.ranking.compared {
                match &r.previous {
                    Some(p) => row.extend([
                        fmt_percent(p.percent, lang),
                        signed(p.delta, lang),
                        match p.rank_change {
                            0 => "0".to_string(),
                            c if c > 0 => format!("+{c}"),
                            c => format!("−{}", c.unsigned_abs()),
                        },
                    ]),
                    None => row.extend(["—".into(), "—".into(), "—".into()]),
                }
            }
            table.row(row);
        }
        out.push_str(&table.render());
        let legend: Vec<String> = domains
            .iter()
            .filter(|(_, name)| !name.is_empty())
            .map(|(code, name)| format!("  {prefix}{code}: {}", escape(name)))
            .collect();
        if !legend.is_empty() {
            out.push_str(&format!(
                "\n{}\n{}\n",
                t("Lĩnh vực (% điểm đạt):", "Domains (% of the applicable maximum):"),
                legend.join("\n")
            ));
        }
    }

    if !b.failures.is_empty() {
        out.push_str(&if vi {
            format!("\nKhông chấm được {failed} bảng (không xếp hạng):\n")
        } else {
            format!("\n{failed} workbook(s) could not be scored (not ranked):\n")
        });
        for f in &b.failures {
            let lines = error_lines(f, lang);
            for line in lines.iter().take(TABLE_PROBLEMS) {
                out.push_str(&format!("  {}\n", escape(line)));
            }
            if lines.len() > TABLE_PROBLEMS {
                let more = lines.len() - TABLE_PROBLEMS;
                out.push_str(&if vi {
                    format!(
                        "  {}: … và {more} lỗi khác (xem --format json hoặc xlsx)\n",
                        escape(&f.file)
                    )
                } else {
                    format!(
                        "  {}: … and {more} more (see --format json or xlsx)\n",
                        escape(&f.file)
                    )
                });
            }
        }
    }
    out
}

#[derive(Serialize)]
pub struct RankReport {
    /// The set the units were scored on; `null` when none could be scored.
    pub set: Option<String>,
    pub set_title: Option<String>,
    pub year: Option<u16>,
    pub domains: Vec<DomainName>,
    pub ranked: usize,
    pub failed: usize,
    pub units: Vec<UnitReport>,
    pub failures: Vec<FailureReport>,
    /// Last year's batch, with --previous-dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousBatch>,
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
pub struct DomainName {
    pub code: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct UnitReport {
    pub rank: usize,
    pub unit: String,
    pub file: String,
    pub percent: String,
    pub grade: Option<String>,
    pub grade_en: Option<String>,
    pub total: String,
    pub max: String,
    pub domains: Vec<DomainReport>,
    /// Last year's result; `null` when the unit was not found there. Absent without
    /// --previous-dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Option<PreviousReport>>,
}

#[derive(Serialize)]
pub struct DomainReport {
    pub code: String,
    pub score: String,
    pub max: String,
    pub percent: Option<String>,
}

#[derive(Serialize)]
pub struct PreviousReport {
    pub percent: String,
    pub rank: usize,
    /// This year's percentage less last year's.
    pub delta: String,
    /// Places gained (positive: moved up).
    pub rank_change: i64,
}

#[derive(Serialize)]
pub struct FailureReport {
    pub file: String,
    pub errors: Vec<String>,
}

#[derive(Serialize)]
pub struct PreviousBatch {
    pub set: Option<String>,
    pub ranked: usize,
    pub failures: Vec<FailureReport>,
}

fn failures(b: &Batch, lang: Lang) -> Vec<FailureReport> {
    b.failures
        .iter()
        .map(|f| FailureReport { file: f.file.clone(), errors: error_lines(f, lang) })
        .collect()
}

impl RankReport {
    /// The report; problems and errors in `lang`.
    pub fn new(
        b: &Batch,
        previous: Option<&Batch>,
        warnings: Vec<String>,
        lang: Lang,
    ) -> RankReport {
        let compared = b.ranking.compared;
        RankReport {
            set: b.set.as_ref().map(|s| s.id.clone()),
            set_title: b.set.as_ref().map(|s| s.title.clone()),
            year: b.set.as_ref().map(|s| s.year),
            domains: domains(b).into_iter().map(|(code, name)| DomainName { code, name }).collect(),
            ranked: b.ranking.units.len(),
            failed: b.failures.len(),
            units: b
                .ranking
                .units
                .iter()
                .map(|r| {
                    let u = &r.result;
                    UnitReport {
                        rank: r.rank,
                        unit: u.unit.clone(),
                        file: u.file.clone(),
                        percent: pct(u.percent),
                        grade: u.grade.as_ref().map(|g| g.vi.clone()),
                        grade_en: u.grade.as_ref().map(|g| g.en.clone()),
                        total: s(u.total),
                        max: s(u.max),
                        domains: u
                            .domains
                            .iter()
                            .map(|d| DomainReport {
                                code: d.code.clone(),
                                score: s(d.score),
                                max: s(d.max),
                                percent: d.percent.map(pct),
                            })
                            .collect(),
                        previous: compared.then(|| {
                            r.previous.map(|p| PreviousReport {
                                percent: pct(p.percent),
                                rank: p.rank,
                                delta: pct(p.delta),
                                rank_change: p.rank_change,
                            })
                        }),
                    }
                })
                .collect(),
            failures: failures(b, lang),
            previous: previous.map(|p| PreviousBatch {
                set: p.set.as_ref().map(|s| s.id.clone()),
                ranked: p.ranking.units.len(),
                failures: failures(p, lang),
            }),
            warnings,
        }
    }
}
