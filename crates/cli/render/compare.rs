//! The terminal table of `parscore compare` (and of `score --previous`): domains and criteria
//! of both years with their flags, the totals, what was renumbered, added or removed, and the
//! sub-criteria that fell, scored nothing or lack evidence.

use parscore_core::{fmt_decimal, fmt_percent, Basis, Decimal, FlagKind, Lang, Section};
use parscore_report::{ChangeReport, CompareReport, FlagReport, SideReport, YearReport};

use super::{escape, Align, Table};

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

fn year_line(t: &YearReport, lang: Lang) -> String {
    let grade = t.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
    format!(
        "{} ({}{}): {}% ({grade})",
        t.year,
        t.basis.label().get(lang),
        if t.fallback { FALLBACK_MARK } else { "" },
        fmt_percent(t.percent, lang)
    )
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
pub fn table(c: &CompareReport, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let unit = c.unit();
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = format!("{} — {} → {}\n\n", escape(unit), c.previous.year, c.current.year);
    let heads = if vi {
        ["Mã", "Nội dung", "Năm trước", "Năm nay", "Chênh lệch", "Cảnh báo", "Ghi chú"]
    } else {
        ["Code", "Criterion", "Previous", "Current", "Change", "Flags", "Note"]
    };
    use Align::{Left, Right};
    let mut t = Table::new(&heads, &[Left, Left, Right, Right, Right, Left, Left]);
    let criteria = |ch: &&ChangeReport| ch.section == Section::Criteria;
    let leaves_without_evidence: Vec<&str> = c
        .nodes
        .iter()
        .filter(criteria)
        .filter(|ch| ch.leaf && ch.has(FlagKind::NoEvidence))
        .map(|ch| ch.code.as_str())
        .chain(
            c.added
                .iter()
                .filter(|u| u.section == Section::Criteria && u.leaf)
                .filter(|u| u.has(FlagKind::NoEvidence))
                .map(|u| u.code.as_str()),
        )
        .collect();
    let mut shown_kinds: Vec<FlagKind> = Vec::new();
    let mut marked = c.previous.fallback || c.current.fallback;
    for ch in c.nodes.iter().filter(|ch| ch.depth <= 2).filter(criteria) {
        let indent = "  ".repeat(ch.depth - 1);
        let side = |s: &SideReport| {
            format!("{}/{}{}", n(s.score), n(s.max), if s.fallback { FALLBACK_MARK } else { "" })
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
        .nodes
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
        c.nodes
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
    let has = |flags: &[FlagReport], k: FlagKind| flags.iter().any(|f| f.kind == k);
    let fell: Vec<String> = c
        .nodes
        .iter()
        .filter(|ch| ch.leaf && has(&ch.flags, FlagKind::Decreased))
        .map(|ch| format!("{} ({} → {})", ch.code, n(ch.previous.score), n(ch.current.score)))
        .collect();
    let zero: Vec<String> = leaves()
        .filter(|(_, _, f)| has(f, FlagKind::Zero))
        .map(|(code, s, _)| format!("{code} (0/{})", n(s.max)))
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
            [(&c.previous, c.never_appraised(true)), (&c.current, c.never_appraised(false))]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::compare_scored;
    use crate::render::testing::{scored, thirds};
    use parscore_report::Scored;

    /// 2024 compared with `current` on `basis`, as its report.
    fn pair(current: Scored, basis: Option<Basis>) -> CompareReport {
        let previous = scored(2024, |_| {});
        let comparison =
            compare_scored(&previous, &current, basis, parscore_core::DEFAULT_LOW_THRESHOLD)
                .unwrap();
        CompareReport::new(&comparison, &previous, &current)
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
        let t = table(&p, Lang::Vi);
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

        let en = table(&p, Lang::En);
        assert_eq!(line(&en, "3.3")[4..6], ["−23.33 pp", "partial, fell"]);
        assert!(en.contains("; −1.0666 points, −1.07 pp\n"), "{en}");
        assert!(en.contains("\nNo evidence cited: 2.1.2 (1 point), "), "{en}");
    }

    #[test]
    fn self_scores_standing_in_for_appraisals_are_marked() {
        // Neither workbook has a Điểm thẩm định: on an appraised basis every score is the
        // self-assessed one, marked, and the footnotes say so.
        let p = pair(scored(2025, |_| {}), Some(Basis::Appraised));
        let t = table(&p, Lang::Vi);
        assert_eq!(line(&t, "1")[2..], ["8,65/10†", "9,15/10†", "+0,5"]);
        assert!(t.contains("Tổng: 2024 (thẩm định†): 78,30% (Khá) → 2025 (thẩm định†): 77,55%"));
        assert!(t.contains(
            "\n† chưa có điểm thẩm định (ở tiêu chí này hoặc một tiêu chí thành phần của nó): \
             dùng điểm tự đánh giá thay\n"
        ));
        assert!(t.contains(
            "\nNăm 2024: bảng không có điểm thẩm định nào, mọi điểm là điểm tự đánh giá\n"
        ));
        let en = table(&p, Lang::En);
        assert!(en.contains("\n† no appraised score (for this item or one under it): the self-assessed score stands in\n"));
        // In JSON, each side and each year says whether it fell back.
        let r = serde_json::to_value(&p).unwrap();
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
        let plain = serde_json::to_value(pair(scored(2025, |_| {}), None)).unwrap();
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
