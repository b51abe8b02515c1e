//! JSON report types: the stable shape users' scripts read, separate from the core's model.
//! Every decimal is a string, so no reader turns it into a float: scores and maxima exactly,
//! trailing zeros trimmed ("0.6667", "1.5", "78.3": the core rounds computed scores to 4
//! decimal places, so every score ends); percentages with exactly 2 decimal places ("78.30"),
//! rounded half away from zero. Parents, parts and totals are exact sums of the scores shown.

use parscore_core::{Decimal, NodeStatus};
use serde::Serialize;

use crate::score::Scored;

fn s(d: Decimal) -> String {
    d.normalize().to_string()
}

fn pct(d: Decimal) -> String {
    let mut d = parscore_core::round_half_away(d, 2);
    d.rescale(2);
    d.to_string()
}

#[derive(Serialize)]
pub struct ScoreReport {
    pub file: String,
    pub set: String,
    pub unit: Option<String>,
    pub year: u16,
    pub total: String,
    pub max: String,
    pub percent: String,
    pub grade: Option<String>,
    pub grade_en: Option<String>,
    pub self_assessed: PartReport,
    pub survey: Option<PartReport>,
    pub survey_pending: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appraised_total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penalty: Option<String>,
    pub nodes: Vec<NodeReport>,
    pub warnings: Vec<String>,
    /// With `--previous`: the comparison with last year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<crate::compare::CompareReport>,
}

#[derive(Serialize)]
pub struct PartReport {
    pub score: String,
    pub max: String,
    pub percent: Option<String>,
}

#[derive(Serialize)]
pub struct NodeReport {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub max: String,
    pub applicable_max: String,
    pub score: String,
    pub percent: Option<String>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appraised: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl ScoreReport {
    pub fn new(sc: &Scored) -> ScoreReport {
        let card = &sc.card;
        let part = |p: &parscore_core::Part| PartReport {
            score: s(p.score),
            max: s(p.max),
            percent: p.percent.map(pct),
        };
        let pools = card.bonus.iter().chain(card.penalty.iter()).flat_map(|p| p.items.iter());
        ScoreReport {
            file: sc.path.display().to_string(),
            set: sc.set.id.clone(),
            unit: sc.unit.clone(),
            year: card.year,
            total: s(card.total),
            max: s(card.max),
            percent: pct(card.percent),
            grade: card.grade.as_ref().map(|g| g.vi.clone()),
            grade_en: card.grade.as_ref().map(|g| g.en.clone()),
            self_assessed: part(&card.self_assessed),
            survey: card.survey.as_ref().map(part),
            survey_pending: card.survey_pending,
            appraised_total: card.appraised_total.map(s),
            bonus: card.bonus.as_ref().map(|p| s(p.applied)),
            penalty: card.penalty.as_ref().map(|p| s(p.applied)),
            nodes: card
                .nodes
                .iter()
                .chain(pools)
                .map(|n| NodeReport {
                    code: n.code.clone(),
                    name: n.name.clone(),
                    depth: n.depth,
                    max: s(n.max),
                    applicable_max: s(n.applicable_max),
                    score: s(n.score),
                    percent: n.percent.map(pct),
                    status: match n.status {
                        NodeStatus::Scored => "scored",
                        NodeStatus::NotApplicable => "not_applicable",
                        NodeStatus::Pending => "pending",
                        NodeStatus::Invalid => "invalid",
                    },
                    reason: n.reason.as_ref().map(|r| r.vi.clone()),
                    reason_en: n.reason.as_ref().map(|r| r.en.clone()),
                    evidence: n.evidence.clone(),
                    appraised: n.appraised.map(s),
                    owner: n.owner.clone(),
                })
                .collect(),
            warnings: sc.problems.iter().map(|p| p.to_string()).collect(),
            comparison: None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::{Path, PathBuf};

    use parscore_core::{catalog, score, Decimal, Input, Inputs};
    use parscore_excel::Workbook;

    use super::*;

    pub(crate) fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    pub(crate) fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
    }

    /// Sở Xây dựng's workbook of `year`, scored after `change` to its inputs.
    pub(crate) fn scored(year: u16, change: impl FnOnce(&mut Inputs)) -> Scored {
        let path = fixture(&format!("so-xay-dung-{year}.xlsx"));
        let set = catalog::find(&format!("lai-chau/so/{year}")).unwrap();
        let wb = Workbook::open(&path).unwrap();
        let mut reading = wb.inputs(&set);
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        change(&mut reading.inputs);
        let card = score(&set, &reading.inputs);
        Scored {
            path,
            set,
            unit: wb.meta.unit.clone(),
            card,
            problems: Vec::new(),
            for_another_set: false,
        }
    }

    /// 2025 with two shares that do not end: 3.3.1 (proportional, max 1) 2/3 instead of
    /// 19/20, and 8.1.1 (survey, max 1.5) 77.7777% instead of 80%.
    pub(crate) fn thirds() -> Scored {
        scored(2025, |i| {
            i.set("3.3.1", Input::Fraction { numerator: d("2"), denominator: d("3") });
            i.set("8.1.1", Input::Percent(d("77.7777")));
        })
    }

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
            "2/3 = 66,67% × 1 → 0,6667 điểm (làm tròn 4 chữ số thập phân)"
        );
        assert_eq!(
            node("3.3.1")["reason_en"],
            "2/3 = 66.67% × 1 → 0.6667 points (rounded to 4 decimal places)"
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
    }
}
