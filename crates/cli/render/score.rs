//! The terminal table of `parscore score`: domains and criteria with score, maximum and
//! percentage, the pools, the total, and what a council would cut first.

use parscore_core::{fmt_decimal, fmt_percent, Decimal, Lang, Section};
use parscore_report::ScoreReport;

use super::{clip, escape, Align, Table};

/// The table of `r`, domain rows in bold when `colour`.
pub fn table(r: &ScoreReport, lang: Lang, colour: bool) -> String {
    let n = |d: Decimal| fmt_decimal(d, lang);
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    let unit = r.unit.as_deref().unwrap_or(if vi {
        "(chưa ghi đơn vị)"
    } else {
        "(unit not recorded)"
    });
    out.push_str(&format!("{} — {} ({})\n\n", escape(&clip(unit, 120)), r.set_title, r.set));
    let heads: [&str; 5] = if vi {
        ["Mã", "Nội dung", "Điểm", "Tối đa", "%"]
    } else {
        ["Code", "Criterion", "Score", "Max", "%"]
    };
    let mut t =
        Table::new(&heads, &[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right]);
    let tree = r.nodes.iter().filter(|n| n.section == Section::Criteria);
    for node in tree.clone().filter(|n| n.depth <= 2) {
        let indent = "  ".repeat(node.depth - 1);
        t.row(vec![
            node.code.clone(),
            format!("{indent}{}", node.name),
            n(node.score),
            n(node.applicable_max),
            node.percent.map(|p| fmt_percent(p, lang)).unwrap_or_else(|| "—".into()),
        ]);
    }
    let mut body = t.render();
    if colour {
        // Bold domain rows: the lines whose code has no dot.
        body = body
            .lines()
            .map(|l| {
                let code = l.split_whitespace().next().unwrap_or("");
                if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
                    format!("\x1b[1m{l}\x1b[0m")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
    }
    out.push_str(&body);
    for (label_vi, label_en, pool, sign) in
        [("Điểm thưởng", "Bonus", &r.bonus, "+"), ("Điểm trừ", "Penalty", &r.penalty, "−")]
    {
        if let Some(p) = pool {
            let label = if vi { label_vi } else { label_en };
            out.push_str(&format!(
                "{label}: {sign}{} ({} {})\n",
                n(p.applied),
                if vi { "tối đa" } else { "cap" },
                n(p.cap)
            ));
        }
    }
    let grade = r.grade.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
    let pct = fmt_percent(r.percent, lang);
    out.push_str(&if vi {
        format!("\nTổng điểm: {} / {} = {pct}% — xếp loại: {grade}\n", n(r.total), n(r.max))
    } else {
        format!("\nTotal: {} / {} = {pct}% — grade: {grade}\n", n(r.total), n(r.max))
    });
    if r.survey_pending {
        let sa = &r.self_assessed;
        out.push_str(&if vi {
            format!(
                "Chưa có kết quả điều tra xã hội học: tỷ lệ trên tính theo phần tự đánh giá ({} / {}).\n",
                n(sa.score),
                n(sa.max)
            )
        } else {
            format!(
                "No survey results yet: the percentage is over the self-assessed part ({} / {}).\n",
                n(sa.score),
                n(sa.max)
            )
        });
    }
    // What an appraisal council cuts first: points claimed with nothing cited to prove them
    // (the compare and plan reports flag the same leaves as no_evidence).
    let unproven: Vec<String> = r
        .without_evidence()
        .map(|x| format!("{} ({} {})", x.code, n(x.score), if vi { "điểm" } else { "pt" }))
        .collect();
    if !unproven.is_empty() {
        out.push_str(&if vi {
            format!(
                "Chưa nêu tài liệu kiểm chứng (hội đồng thẩm định có thể trừ điểm): {}\n",
                unproven.join(", ")
            )
        } else {
            format!(
                "No evidence cited (an appraisal council may cut these points): {}\n",
                unproven.join(", ")
            )
        });
    }
    if let Some(appraised) = r.appraised_total {
        out.push_str(&if vi {
            format!("Điểm thẩm định (theo bảng): {}\n", n(appraised))
        } else {
            format!("Appraised score (from the workbook): {}\n", n(appraised))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use parscore_report::ScoreReport;

    use crate::render::testing::thirds;

    #[test]
    fn scores_in_json_are_finite_and_parts_sum_to_the_total() {
        let r = serde_json::to_value(ScoreReport::new(&thirds())).unwrap();
        let node = |code: &str| {
            r["nodes"].as_array().unwrap().iter().find(|n| n["code"] == code).unwrap().clone()
        };
        // 2/3 × 1 = 0.666… → 0.6667; 77.7777% × 1.5 = 1.16666550 → 1.1667.
        assert_eq!(node("3.3.1")["score"], "0.6667");
        assert_eq!(
            node("3.3.1")["reason"],
            serde_json::json!({
                "vi": "2/3 = 66,67% × 1 → 0,6667 điểm (làm tròn 4 chữ số thập phân)",
                "en": "2/3 = 66.67% × 1 → 0.6667 points (rounded to 4 decimal places)"
            })
        );
        assert_eq!(node("8.1.1")["score"], "1.1667");
        // 3.3 was 0.95 + 0.5 = 1.45; now 0.6667 + 0.5 = 1.1667 of 2 → 58.335% → 58.34.
        assert_eq!(node("3.3")["score"], "1.1667");
        assert_eq!(node("3.3")["percent"], "58.34");
        // Total 77.55 − 0.95 + 0.6667 − 1.2 + 1.1667 = 77.2334 → 77.23%; the self-assessed part
        // 69.55 − 0.95 + 0.6667 = 69.2667 and the survey 8 − 1.2 + 1.1667 = 7.9667 add up to
        // it to the last digit.
        assert_eq!(r["total"], "77.2334");
        assert_eq!(r["percent"], "77.23");
        assert_eq!(r["self_assessed"]["score"], "69.2667");
        assert_eq!(r["survey"]["score"], "7.9667");
        // Grades are bilingual objects too.
        assert_eq!(r["grade"], serde_json::json!({"vi": "Khá", "en": "Fair"}));
    }
}
