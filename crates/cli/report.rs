//! JSON report types: the stable shape users' scripts read, separate from the core's model.
//! Every decimal is a string ("78.30"), so no reader turns it into a float.

use parscore_core::{Decimal, NodeStatus};
use serde::Serialize;

use crate::score::Scored;

fn s(d: Decimal) -> String {
    d.normalize().to_string()
}

fn pct(d: Decimal) -> String {
    let mut d = d;
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
