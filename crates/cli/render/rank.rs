//! The terminal table of `parscore rank`: one row per unit, best first, with the domains'
//! percentages and last year's change, then the workbooks left out with their errors.

use parscore_core::{fmt_decimal, fmt_percent, round_half_away, Decimal, Lang};
use parscore_report::RankReport;

use super::{escape, escape_line, Align, Table};

/// How many problems of one workbook the table shows; JSON and xlsx list them all.
const TABLE_PROBLEMS: usize = 5;

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

/// The terminal table: one row per unit, best first, then the workbooks left out.
pub fn table(b: &RankReport, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let mut out = String::new();
    let title = t("Xếp hạng Chỉ số CCHC", "PAR INDEX ranking");
    match (&b.set, &b.set_title) {
        (Some(id), Some(set_title)) => out.push_str(&format!("{title} — {set_title} ({id})\n")),
        _ => out.push_str(&format!("{title}\n")),
    }
    let (n, failed) = (b.ranked, b.failed);
    out.push_str(&if vi {
        format!("{n} đơn vị được xếp hạng, {failed} bảng không chấm được\n\n")
    } else {
        format!("{n} unit(s) ranked, {failed} workbook(s) could not be scored\n\n")
    });

    let domains: Vec<(&str, &str)> =
        b.domains.iter().map(|d| (d.code.as_str(), d.name.as_str())).collect();
    if !b.units.is_empty() {
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
        if b.compared {
            for h in [t("Năm trước %", "Last year %"), t("± điểm %", "± pp"), t("± hạng", "± rank")]
            {
                heads.push(h.into());
                align.push(Align::Right);
            }
        }
        let head_refs: Vec<&str> = heads.iter().map(String::as_str).collect();
        let mut table = Table::new(&head_refs, &align);
        for u in &b.units {
            let mut row = vec![
                u.rank.to_string(),
                u.unit.clone(),
                fmt_percent(u.percent, lang),
                u.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default(),
                // Proportional rules make long exact totals; two places are enough to read.
                fmt_decimal(round_half_away(u.total, 2), lang),
            ];
            for (code, _) in &domains {
                let p = RankReport::domain_percent(u, code);
                row.push(p.map_or_else(|| "—".into(), |p| fmt_percent(p, lang)));
            }
            if b.compared {
                match u.previous.flatten() {
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
            let lines: Vec<String> = f.lines().iter().map(|l| l.get(lang).to_string()).collect();
            for line in lines.iter().take(TABLE_PROBLEMS) {
                out.push_str(&format!("  {}\n", escape_line(line)));
            }
            if lines.len() > TABLE_PROBLEMS {
                let more = lines.len() - TABLE_PROBLEMS;
                out.push_str(&if vi {
                    format!(
                        "  {}: … và {more} lỗi khác (xem --format json hoặc xlsx)\n",
                        escape_line(&f.file)
                    )
                } else {
                    format!(
                        "  {}: … and {more} more (see --format json or xlsx)\n",
                        escape_line(&f.file)
                    )
                });
            }
        }
    }
    out
}
