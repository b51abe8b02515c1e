//! The improvement plan for the terminal and as Markdown: the headline (where the unit stands,
//! the target and the gap), the items in rank order, and what to keep.

use parscore_core::{fmt_decimal, fmt_percent, Decimal, Lang};
use parscore_report::{ItemReport, PlanReport};

use super::compare::{fallback_note, FALLBACK_MARK};
use super::{clip, escape, Align, Table};

/// The plan's headline: where the unit stands and how far the target is.
fn summary(p: &PlanReport, lang: Lang) -> String {
    let unit = p.unit.as_str();
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
    if let (Some(year), Some(percent), Some(basis)) =
        (p.previous_year, p.previous_percent, p.previous_basis)
    {
        let mark = if p.previous_fallback == Some(true) { FALLBACK_MARK } else { "" };
        let basis = format!("{}{mark}", basis.label().get(lang));
        out.push_str(&if vi {
            format!("; năm {year} ({basis}): {}%", fmt_percent(percent, lang))
        } else {
            format!("; {year} ({basis}): {}%", fmt_percent(percent, lang))
        });
    }
    out.push('\n');
    if let Some(r) = &p.rank_up {
        // Unit names come from the ranking file: escaped like every text from outside.
        out.push_str(&escape(r.summary.get(lang)));
        out.push('\n');
    }
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

fn flags_text(item: &ItemReport, lang: Lang) -> String {
    item.flags.iter().map(|f| f.kind.label().get(lang).to_string()).collect::<Vec<_>>().join(", ")
}

/// Last year's score, marked `†` where the self-assessed score stands in for the appraised one;
/// "—" when the item is new.
fn previous(item: &ItemReport, lang: Lang) -> String {
    match item.previous_score {
        Some(d) => {
            let mark = if item.previous_fallback { FALLBACK_MARK } else { "" };
            format!("{}{mark}", fmt_decimal(d, lang))
        }
        None => "—".into(),
    }
}

/// The footnote of `†`, when an item or last year's total carries it.
fn footnote(p: &PlanReport, lang: Lang) -> Option<String> {
    p.any_fallback().then(|| fallback_note(lang))
}

/// What the unit should add as evidence, for the Markdown table: nothing when the documents
/// the set asks for are all named in what it cited; else the missing ones, after what it cited
/// (the match is by name, so the unit checks: see `PlanItem::evidence_to_add`).
fn evidence_cell(item: &ItemReport, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let to_add = item.evidence_to_add.join("; ");
    match item.evidence.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        _ if item.evidence_to_add.is_empty() => String::new(),
        None => to_add,
        Some(cited) => {
            let cited = clip(&cited.replace('\n', "; "), 80);
            if vi {
                format!("Đã nêu: {cited}. Bộ tiêu chí còn yêu cầu: {to_add}")
            } else {
                format!("Cited: {cited}. The set also asks for: {to_add}")
            }
        }
    }
}

/// The terminal table: the headline, the items in rank order (`*` for those that close the
/// gap), what to keep.
pub fn table(p: &PlanReport, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = summary(p, lang);
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
pub fn markdown(p: &PlanReport, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let n = |d: Decimal| fmt_decimal(d, lang);
    let mut out = String::new();
    for line in summary(p, lang).lines() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::compare_scored;
    use crate::render::testing::{d, scored, thirds};
    use parscore_core::{plan, Basis, PlanOptions};
    use parscore_report::Scored;

    /// 2025's plan against 2024 on `basis`, with a target of 78.3%, as its report.
    fn plan_of(current: Scored, basis: Option<Basis>) -> PlanReport {
        let previous = scored(2024, |_| {});
        let cmp = compare_scored(&previous, &current, basis, parscore_core::DEFAULT_LOW_THRESHOLD)
            .unwrap();
        let options = PlanOptions { target_percent: Some(d("78.3")), ..PlanOptions::default() };
        PlanReport::new(&plan(&current.card, Some(&cmp), &options), "Sở Xây dựng")
    }

    #[test]
    fn the_markdown_follows_the_plans_order_with_finite_scores() {
        let p = plan_of(thirds(), None);
        let md = markdown(&p, Lang::Vi);
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
        let json = serde_json::to_value(&p).unwrap();
        let j = json["items"].as_array().unwrap().iter().find(|i| i["code"] == "2.2.2").unwrap();
        assert_eq!(j["evidence_to_add"], serde_json::json!([]));
    }

    #[test]
    fn last_years_self_scores_on_an_appraised_basis_are_marked() {
        let p = plan_of(scored(2025, |_| {}), Some(Basis::Appraised));
        let t = table(&p, Lang::Vi);
        // 2024 has no appraised score: 78.30% is self-assessed, and so is 2.2.2's 1.
        assert!(t.contains("; năm 2024 (thẩm định†): 78,30%\n"), "{t}");
        let row = t.lines().find(|l| l.contains(" 2.2.2 ")).unwrap();
        assert!(row.contains(" 1†  "), "{row}");
        assert!(t.ends_with(&format!("{}\n", fallback_note(Lang::Vi))), "{t}");
        let md = markdown(&p, Lang::En);
        assert!(md.contains(" | 1† | 0 | "), "{md}");
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            (&json["previous_basis"], &json["previous_fallback"]),
            (&"appraised".into(), &true.into())
        );
        assert_eq!(json["items"][0]["previous_fallback"], true);
        // On the default basis (2024 self-assessed, having no appraisal) nothing is marked.
        let plain = plan_of(scored(2025, |_| {}), None);
        assert!(!table(&plain, Lang::Vi).contains(FALLBACK_MARK));
    }
}
