//! Comparing two years' scorecards: node by node (following renumbered codes), the totals and
//! grades, and the flags of every criterion.
//!
//! Pure: no I/O, no printing; every number a [`Decimal`]. The types are plain data for a report
//! layer to render; they do not derive `Serialize` (the CLI has its own report types).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::basis::{sides, year_total, Basis, NodeSide, YearTotal};
use crate::flag::{flags, judged, Flag, DEFAULT_LOW_THRESHOLD};
use crate::num::fmt_decimal;
use crate::scoring::{NodeScore, Scorecard, Section};
use crate::text::{Lang, Text};

/// How to compare two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareOptions {
    /// The previous year's basis.
    pub previous_basis: Basis,
    /// The current year's basis.
    pub current_basis: Basis,
    /// A node below this share of its maximum, in percent, is flagged low.
    pub low_threshold: Decimal,
}

impl CompareOptions {
    /// The usual comparison: last year as the council appraised it (when the previous scorecard
    /// has any appraised score), this year as self-assessed; low below 50%.
    ///
    /// This year is self-assessed whatever `_current` holds: it is the year being prepared, and
    /// an early appraisal of a few rows must not switch the whole year's basis.
    pub fn default_for(previous: &Scorecard, _current: &Scorecard) -> CompareOptions {
        let pools = previous.bonus.iter().chain(previous.penalty.iter()).flat_map(|p| &p.items);
        let appraised = previous.appraised_total.is_some()
            || previous.nodes.iter().chain(pools).any(|n| n.appraised.is_some());
        CompareOptions {
            previous_basis: if appraised { Basis::Appraised } else { Basis::SelfAssessed },
            current_basis: Basis::SelfAssessed,
            low_threshold: DEFAULT_LOW_THRESHOLD,
        }
    }
}

/// A node present in both years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeChange {
    /// Its code this year.
    pub code: String,
    /// Its code last year, when it was renumbered.
    pub previous_code: Option<String>,
    /// Its name this year.
    pub name: String,
    /// 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// Whether it is a leaf this year.
    pub leaf: bool,
    /// Criteria tree, bonus or penalty.
    pub section: Section,
    /// Last year's figures.
    pub previous: NodeSide,
    /// This year's figures.
    pub current: NodeSide,
    /// `current.score − previous.score`, in points.
    pub delta: Decimal,
    /// `current.percent − previous.percent`, when both apply.
    pub delta_percent: Option<Decimal>,
    /// Whether the applicable maximum differs between the years (a new maximum in the set, or
    /// an item left out as not applicable); points are then compared by percent.
    pub max_changed: bool,
    /// Says how the node was compared when its maximum changed.
    pub note: Option<Text>,
    /// The flags of this year's figures against last year's (criteria and leaves only).
    pub flags: Vec<Flag>,
}

/// A node present in one year only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// Its code in its year.
    pub code: String,
    /// Its name.
    pub name: String,
    /// 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// Whether it is a leaf.
    pub leaf: bool,
    /// Criteria tree, bonus or penalty.
    pub section: Section,
    /// Its figures in its year.
    pub side: NodeSide,
    /// Added nodes: their flags, judged without a previous year. Removed nodes: none.
    pub flags: Vec<Flag>,
}

/// Two years side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Last year's total.
    pub previous: YearTotal,
    /// This year's total.
    pub current: YearTotal,
    /// `current.total − previous.total`.
    pub delta_points: Decimal,
    /// `current.percent − previous.percent`.
    pub delta_percent: Decimal,
    /// Nodes in both years, in this year's order (criteria, then bonus, then penalty items).
    pub changes: Vec<NodeChange>,
    /// Nodes only this year, in this year's order.
    pub added: Vec<Unmatched>,
    /// Nodes only last year, in last year's order.
    pub removed: Vec<Unmatched>,
    /// Caveats about the comparison as a whole.
    pub notes: Vec<Text>,
}

impl Comparison {
    /// The change of the node with this year's `code`.
    pub fn change(&self, code: &str) -> Option<&NodeChange> {
        self.changes.iter().find(|c| c.code == code)
    }
}

/// Compares `current` with `previous`.
///
/// A current node matches the previous node with its `previous_code` when it has one, else the
/// previous node with the same code. `previous_code` claims first: a previous node claimed by a
/// renumbered node is not also matched by plain code, so the current node that now bears its
/// old code counts as added. A `previous_code` naming no previous node, or one already claimed,
/// leaves its node added. Every node of either year ends up in `changes`, `added` or `removed`.
///
/// `previous_code` fields point into the set named by the current set's `previous`; when the
/// previous assessment is of another set, they are not followed, nodes match by code only, and
/// a note says so.
pub fn compare(previous: &Scorecard, current: &Scorecard, options: &CompareOptions) -> Comparison {
    let prev_sides = sides(previous, options.previous_basis);
    let cur_sides = sides(current, options.current_basis);
    let prev_rows = previous.rows();
    let cur_rows = current.rows();

    let mut notes = Vec::new();
    let linked = current.set.previous.as_deref() == Some(previous.set.id.as_str());
    let renumbered = cur_rows.iter().any(|(n, _)| n.previous_code.is_some());
    if renumbered && !linked {
        notes.push(Text::new(
            format!(
                "mã năm trước (previous_code) của bộ {} không trỏ vào bộ {}: chỉ so khớp theo mã",
                current.set.id, previous.set.id
            ),
            format!(
                "the previous codes of {} do not point into {}: nodes matched by code only",
                current.set.id, previous.set.id
            ),
        ));
    }

    // Renumbered nodes claim their previous node first, then the rest match by plain code.
    let prev_codes: BTreeSet<&str> = prev_rows.iter().map(|(n, _)| n.code.as_str()).collect();
    let mut claimed: BTreeSet<&str> = BTreeSet::new();
    let mut target: BTreeMap<&str, &str> = BTreeMap::new();
    if linked {
        for (node, _) in &cur_rows {
            if let Some(old) = node.previous_code.as_deref() {
                if prev_codes.contains(old) && claimed.insert(old) {
                    target.insert(node.code.as_str(), old);
                }
            }
        }
    }
    for (node, _) in &cur_rows {
        let renumbered_here = linked && node.previous_code.is_some();
        if !renumbered_here
            && prev_codes.contains(node.code.as_str())
            && claimed.insert(node.code.as_str())
        {
            target.insert(node.code.as_str(), node.code.as_str());
        }
    }

    let mut changes = Vec::new();
    let mut added = Vec::new();
    for (node, section) in &cur_rows {
        let Some(cur) = cur_sides.get(&node.code) else { continue };
        match target.get(node.code.as_str()).and_then(|old| prev_sides.get(*old)) {
            Some(prev) => changes.push(change(node, *section, prev, cur, options)),
            None => {
                let flags = if judged(node, *section) {
                    flags(cur, None, options.low_threshold)
                } else {
                    Vec::new()
                };
                added.push(unmatched(node, *section, cur, flags));
            }
        }
    }
    let removed = prev_rows
        .iter()
        .filter(|(n, _)| !claimed.contains(n.code.as_str()))
        .filter_map(|(n, s)| Some(unmatched(n, *s, prev_sides.get(&n.code)?, Vec::new())))
        .collect();

    let prev_total = year_total(previous, options.previous_basis, &prev_sides);
    let cur_total = year_total(current, options.current_basis, &cur_sides);
    Comparison {
        delta_points: cur_total.total - prev_total.total,
        delta_percent: cur_total.percent - prev_total.percent,
        previous: prev_total,
        current: cur_total,
        changes,
        added,
        removed,
        notes,
    }
}

fn change(
    node: &NodeScore,
    section: Section,
    prev: &NodeSide,
    cur: &NodeSide,
    options: &CompareOptions,
) -> NodeChange {
    let max_changed = prev.applicable_max != cur.applicable_max;
    let note = max_changed.then(|| {
        let (pm, cm) = (prev.applicable_max, cur.applicable_max);
        let (pv, cv) = (fmt_decimal(pm, Lang::Vi), fmt_decimal(cm, Lang::Vi));
        let (pe, ce) = (fmt_decimal(pm, Lang::En), fmt_decimal(cm, Lang::En));
        if pm.is_zero() || cm.is_zero() {
            Text::new(
                format!("điểm tối đa áp dụng {pv} → {cv}: không áp dụng ở một năm, không so sánh"),
                format!("applicable maximum {pe} → {ce}: not applicable in one year, not compared"),
            )
        } else {
            Text::new(
                format!("điểm tối đa thay đổi {pv} → {cv}: so sánh theo tỷ lệ % điểm tối đa"),
                format!("maximum changed {pe} → {ce}: compared by percent of the maximum"),
            )
        }
    });
    let flags = if judged(node, section) {
        flags(cur, Some(prev), options.low_threshold)
    } else {
        Vec::new()
    };
    NodeChange {
        code: node.code.clone(),
        previous_code: (prev.code != node.code).then(|| prev.code.clone()),
        name: node.name.clone(),
        depth: node.depth,
        leaf: node.leaf,
        section,
        previous: prev.clone(),
        current: cur.clone(),
        delta: cur.score - prev.score,
        delta_percent: cur.percent.zip(prev.percent).map(|(c, p)| c - p),
        max_changed,
        note,
        flags,
    }
}

fn unmatched(node: &NodeScore, section: Section, side: &NodeSide, flags: Vec<Flag>) -> Unmatched {
    Unmatched {
        code: node.code.clone(),
        name: node.name.clone(),
        depth: node.depth,
        leaf: node.leaf,
        section,
        side: side.clone(),
        flags,
    }
}
