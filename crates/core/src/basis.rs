//! One year's figures on a basis — self-assessed, or appraised with the self-assessed score
//! standing in where the council gave none — for every node and for the total.
//!
//! Pure: no I/O, no printing; every number a [`Decimal`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::{Method, Node, Pool};
use crate::num::{percent_of, percent_within};
use crate::scoring::{NodeScore, NodeStatus, Scorecard};
use crate::text::Text;

/// Which score of a year is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The unit's own score (điểm tự đánh giá).
    SelfAssessed,
    /// The appraisal council's score (điểm thẩm định), falling back to the self-assessed score
    /// where a node has none.
    Appraised,
}

impl Basis {
    /// The basis as a column heading would name it.
    pub fn label(self) -> Text {
        match self {
            Basis::SelfAssessed => Text::new("tự đánh giá", "self-assessed"),
            Basis::Appraised => Text::new("thẩm định", "appraised"),
        }
    }
}

/// One year's figures for a node, on the basis chosen for that year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSide {
    /// The node's code in that year.
    pub code: String,
    /// Whether the node is a leaf.
    pub leaf: bool,
    /// Self-assessed or surveyed.
    pub method: Method,
    /// How the score came about.
    pub status: NodeStatus,
    /// The maximum in that year's set.
    pub max: Decimal,
    /// The maximum that applies (less excluded and pending items).
    pub applicable_max: Decimal,
    /// The points on the year's basis.
    pub score: Decimal,
    /// `score / applicable_max` in percent, two decimals; `None` when nothing applies.
    pub percent: Option<Decimal>,
    /// The self-assessed points, whatever the basis.
    pub self_score: Decimal,
    /// The council's points, where known.
    pub appraised: Option<Decimal>,
    /// True when the basis is appraised but the node (or a leaf under it) has no appraised score,
    /// so the self-assessed score stands in. Survey items are never marked: the council takes
    /// the survey result as it is.
    pub fallback: bool,
    /// What the council cut: `self_score − appraised`, when both are known.
    pub cut: Option<Decimal>,
    /// The evidence cited.
    pub evidence: Option<String>,
}

impl NodeSide {
    /// The node as self-assessed: the side a plan judges.
    pub fn self_assessed(node: &NodeScore) -> NodeSide {
        NodeSide::on_basis(node, Basis::SelfAssessed, None)
    }

    /// `children` is the sum of the children's basis scores and whether any fell back; for a
    /// parent without an appraised score of its own, that sum is its appraised basis.
    fn on_basis(node: &NodeScore, basis: Basis, children: Option<(Decimal, bool)>) -> NodeSide {
        let (score, fallback) = match (basis, node.appraised, children) {
            (Basis::SelfAssessed, _, _) => (node.score, false),
            (Basis::Appraised, Some(a), _) => (a, false),
            (Basis::Appraised, None, Some(sum)) => sum,
            (Basis::Appraised, None, None) => (node.score, node.method == Method::SelfAssessed),
        };
        NodeSide {
            code: node.code.clone(),
            leaf: node.leaf,
            method: node.method,
            status: node.status,
            max: node.max,
            applicable_max: node.applicable_max,
            score,
            percent: percent_of(score, node.applicable_max),
            self_score: node.score,
            appraised: node.appraised,
            fallback,
            cut: node.appraised.map(|a| node.score - a),
            evidence: node.evidence.clone(),
        }
    }
}

/// One year's total on its basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearTotal {
    /// The criteria set's id.
    pub set_id: String,
    /// The assessment year.
    pub year: u16,
    /// Which score the total is.
    pub basis: Basis,
    /// Domains plus bonus minus penalty.
    pub total: Decimal,
    /// The applicable maximum.
    pub max: Decimal,
    /// `total / max` in percent, two decimals, within 0–100.
    pub percent: Decimal,
    /// The grade of `percent` in that year's set.
    pub grade: Option<Text>,
    /// True when an appraised total had to use self-assessed scores somewhere.
    pub fallback: bool,
}

/// Every node's side on `basis`, by code. Parents are worked out from their children so that
/// an appraised basis uses the council's score wherever one exists, not only where every leaf
/// under a parent has one.
pub(crate) fn sides(card: &Scorecard, basis: Basis) -> BTreeMap<String, NodeSide> {
    let scores: BTreeMap<&str, &NodeScore> =
        card.rows().into_iter().map(|(n, _)| (n.code.as_str(), n)).collect();
    let mut out = BTreeMap::new();
    for node in card.set.criteria.iter().chain(card.set.pool_items()) {
        side_tree(node, &scores, basis, &mut out);
    }
    // A card row the set's tree does not reach (the set was edited under the same id) still
    // gets a side of its own, so comparison never drops it.
    for (code, node) in scores {
        if !out.contains_key(code) {
            out.insert(code.to_string(), NodeSide::on_basis(node, basis, None));
        }
    }
    out
}

fn side_tree(
    node: &Node,
    scores: &BTreeMap<&str, &NodeScore>,
    basis: Basis,
    out: &mut BTreeMap<String, NodeSide>,
) -> Option<(Decimal, bool)> {
    let children = (!node.children.is_empty()).then(|| {
        node.children
            .iter()
            .filter_map(|c| side_tree(c, scores, basis, out))
            .fold((Decimal::ZERO, false), |(s, f), (cs, cf)| (s + cs, f || cf))
    });
    let score = scores.get(node.code.as_str())?;
    let side = NodeSide::on_basis(score, basis, children);
    let result = (side.score, side.fallback);
    out.insert(node.code.clone(), side);
    Some(result)
}

pub(crate) fn year_total(
    card: &Scorecard,
    basis: Basis,
    sides: &BTreeMap<String, NodeSide>,
) -> YearTotal {
    let set = &card.set;
    let base = YearTotal {
        set_id: set.id.clone(),
        year: set.year,
        basis,
        total: card.total,
        max: card.max,
        percent: card.percent,
        grade: card.grade.clone(),
        fallback: false,
    };
    if basis == Basis::SelfAssessed {
        return base;
    }
    // The council's total: domains on the appraised basis, pools capped as the scorer caps them.
    let domains: Vec<&NodeSide> = set.criteria.iter().filter_map(|d| sides.get(&d.code)).collect();
    let pool = |p: &Option<Pool>| -> (Decimal, bool) {
        p.as_ref().map_or((Decimal::ZERO, false), |p| {
            let items: Vec<&NodeSide> = p.items.iter().filter_map(|i| sides.get(&i.code)).collect();
            let raw: Decimal = items.iter().map(|s| s.score).sum();
            (raw.min(p.cap), items.iter().any(|s| s.fallback))
        })
    };
    let (bonus, bonus_fb) = pool(&set.bonus);
    let (penalty, penalty_fb) = pool(&set.penalty);
    let total = domains.iter().map(|s| s.score).sum::<Decimal>() + bonus - penalty;
    let percent = percent_within(total, card.max);
    let grade = set.grade_text(percent);
    YearTotal {
        total,
        percent,
        grade,
        fallback: domains.iter().any(|s| s.fallback) || bonus_fb || penalty_fb,
        ..base
    }
}
