//! The report of one scored workbook (`parscore score`, `POST /api/score`).

use parscore_core::{Decimal, Method, NodeScore, NodeStatus, Part, PoolScore, Section, Text};
use serde::{Serialize, Serializer};

use crate::compare::CompareReport;
use crate::json::{ser_opt_percent, ser_opt_points, ser_percent, ser_points, ser_section};
use crate::problem::ProblemReport;
use crate::scored::Scored;

/// A workbook's score: the total, percentage and grade, the parts, every node with its reason,
/// and every problem found.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReport {
    /// The file.
    pub file: String,
    /// The criteria set's id.
    pub set: String,
    /// The criteria set's title.
    pub set_title: String,
    /// The unit the workbook names.
    pub unit: Option<String>,
    /// The assessment year.
    pub year: u16,
    /// The total score.
    #[serde(serialize_with = "ser_points")]
    pub total: Decimal,
    /// The applicable maximum.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// The percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// The grade of the percentage.
    pub grade: Option<Text>,
    /// The self-assessed part.
    pub self_assessed: PartReport,
    /// The survey part, once its results are in.
    pub survey: Option<PartReport>,
    /// No survey result yet: the percentage is over the self-assessed part.
    pub survey_pending: bool,
    /// The appraised total, when every domain has an appraised score.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_points")]
    pub appraised_total: Option<Decimal>,
    /// The bonus pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus: Option<PoolReport>,
    /// The penalty pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penalty: Option<PoolReport>,
    /// Every node, parents first, then the bonus and penalty items.
    pub nodes: Vec<NodeReport>,
    /// Every problem found (a score is only reported with problems under `--lenient`).
    pub problems: Vec<ProblemReport>,
    /// What does not stop the score but a reader should know (the sheet names another unit
    /// than its template was made for).
    pub notes: Vec<ProblemReport>,
    /// The comparison with last year, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<CompareReport>,
}

/// A part of the total (self-assessed, survey).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PartReport {
    /// Points earned.
    #[serde(serialize_with = "ser_points")]
    pub score: Decimal,
    /// Points that apply.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// `score / max`.
    #[serde(serialize_with = "ser_opt_percent")]
    pub percent: Option<Decimal>,
}

/// A bonus or penalty pool: what it adds or takes, and its cap.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PoolReport {
    /// The points the pool adds (bonus) or takes (penalty).
    #[serde(serialize_with = "ser_points")]
    pub applied: Decimal,
    /// The pool's cap.
    #[serde(serialize_with = "ser_points")]
    pub cap: Decimal,
}

/// One node's score and why.
#[derive(Debug, Clone, Serialize)]
pub struct NodeReport {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// The criteria tree, or the bonus or penalty pool.
    #[serde(serialize_with = "ser_section")]
    pub section: Section,
    /// Whether it is scored by a rule.
    #[serde(skip)]
    pub leaf: bool,
    /// Its maximum in the set.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// The maximum that applies.
    #[serde(serialize_with = "ser_points")]
    pub applicable_max: Decimal,
    /// The points earned.
    #[serde(serialize_with = "ser_points")]
    pub score: Decimal,
    /// `score / applicable_max`.
    #[serde(serialize_with = "ser_opt_percent")]
    pub percent: Option<Decimal>,
    /// How the score came about.
    #[serde(serialize_with = "ser_status")]
    pub status: NodeStatus,
    /// The rule applied to the input seen (leaves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
    /// The evidence cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Self-assessed points claimed without evidence in the criteria tree (what a council cuts
    /// first; the same leaves `compare` and `plan` flag `no_evidence`).
    pub lacks_evidence: bool,
    /// The council's score, where known.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_points")]
    pub appraised: Option<Decimal>,
    /// The division that answers for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Self-assessed or surveyed.
    #[serde(skip)]
    pub method: Method,
}

fn ser_status<S: Serializer>(status: &NodeStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match status {
        NodeStatus::Scored => "scored",
        NodeStatus::NotApplicable => "not_applicable",
        NodeStatus::Pending => "pending",
        NodeStatus::Invalid => "invalid",
    })
}

impl NodeReport {
    /// The report of one node.
    pub fn new(n: &NodeScore, section: Section) -> NodeReport {
        NodeReport {
            code: n.code.clone(),
            name: n.name.clone(),
            depth: n.depth,
            section,
            leaf: n.leaf,
            max: n.max,
            applicable_max: n.applicable_max,
            score: n.score,
            percent: n.percent,
            status: n.status,
            reason: n.reason.clone(),
            evidence: n.evidence.clone(),
            lacks_evidence: section == Section::Criteria && n.lacks_evidence(),
            appraised: n.appraised,
            owner: n.owner.clone(),
            method: n.method,
        }
    }
}

impl PartReport {
    fn new(p: &Part) -> PartReport {
        PartReport { score: p.score, max: p.max, percent: p.percent }
    }
}

impl PoolReport {
    fn new(p: &PoolScore) -> PoolReport {
        PoolReport { applied: p.applied, cap: p.cap }
    }
}

impl ScoreReport {
    /// The report of `scored`, without a comparison.
    pub fn new(scored: &Scored) -> ScoreReport {
        let card = &scored.card;
        ScoreReport {
            file: scored.file.clone(),
            set: card.set.id.clone(),
            set_title: card.set.title.clone(),
            unit: scored.unit.clone(),
            year: card.year(),
            total: card.total,
            max: card.max,
            percent: card.percent,
            grade: card.grade.clone(),
            self_assessed: PartReport::new(&card.self_assessed),
            survey: card.survey.as_ref().map(PartReport::new),
            survey_pending: card.survey_pending,
            appraised_total: card.appraised_total,
            bonus: card.bonus.as_ref().map(PoolReport::new),
            penalty: card.penalty.as_ref().map(PoolReport::new),
            nodes: card.rows().into_iter().map(|(n, s)| NodeReport::new(n, s)).collect(),
            problems: ProblemReport::all(&scored.problems),
            notes: ProblemReport::all(&scored.notes),
            comparison: None,
        }
    }

    /// The leaves that claim points without evidence, in the set's order.
    pub fn without_evidence(&self) -> impl Iterator<Item = &NodeReport> {
        self.nodes.iter().filter(|n| n.lacks_evidence)
    }
}
