//! The improvement plan (kế hoạch cải thiện chỉ số CCHC): which items lost points and why, which
//! to keep at full marks, and the fewest recoveries that reach a target percentage.
//!
//! Pure: no I/O, no printing; every number a [`Decimal`]. The types are plain data for a report
//! layer to render.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::basis::{NodeSide, YearTotal};
use crate::compare::{Comparison, NodeChange};
use crate::flag::{flags, judged, Flag, FlagKind, DEFAULT_LOW_THRESHOLD};
use crate::rank_up::RankUp;
use crate::scoring::{NodeScore, Scorecard};
use crate::text::{fold_label, Text};

/// What the plan aims for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// The percentage to reach, e.g. last year's 78.3; `None` for no target.
    pub target_percent: Option<Decimal>,
    /// A node below this share of its maximum, in percent, is flagged low.
    pub low_threshold: Decimal,
    /// Where the unit stood in last year's ranking (see
    /// [`PublishedRanking::standing`](crate::PublishedRanking::standing)): the plan then aims
    /// at least one rank higher, taking the higher of that percentage and `target_percent`.
    pub rank_up: Option<RankUp>,
}

impl Default for PlanOptions {
    /// No target, no ranking; low below 50%.
    fn default() -> PlanOptions {
        PlanOptions { target_percent: None, low_threshold: DEFAULT_LOW_THRESHOLD, rank_up: None }
    }
}

/// One leaf to improve: a row of the plan's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// The leaf's code.
    pub code: String,
    /// The leaf's name.
    pub name: String,
    /// The criterion (depth 2) it belongs to, for grouping; the leaf's own code when it is one.
    pub criterion_code: String,
    /// That criterion's name.
    pub criterion_name: String,
    /// The division that answers for it (đơn vị chủ trì).
    pub owner: Option<String>,
    /// The maximum that applies.
    pub max: Decimal,
    /// The self-assessed score.
    pub score: Decimal,
    /// The target (mục tiêu): full recovery, i.e. `max`.
    pub target_score: Decimal,
    /// `max − score`.
    pub points_lost: Decimal,
    /// Its code last year, when renumbered.
    pub previous_code: Option<String>,
    /// Last year's score on the comparison's basis, when a comparison is given and matched it.
    pub previous_score: Option<Decimal>,
    /// Last year's applicable maximum, alongside `previous_score`.
    pub previous_max: Option<Decimal>,
    /// Whether `previous_score` is on an appraised basis but is the self-assessed score,
    /// standing in because last year's workbook had no appraised score for it (or for a leaf
    /// under it).
    pub previous_fallback: bool,
    /// Why it is in the plan (never only `Full`).
    pub flags: Vec<Flag>,
    /// The evidence cited.
    pub evidence: Option<String>,
    /// The evidence the criteria set asks for.
    pub expected_evidence: Vec<String>,
    /// The documents of `expected_evidence` still to add: those the cited evidence does not
    /// mention (see [`evidence_to_add`](PlanItem::evidence_to_add)).
    pub evidence_to_add: Vec<String>,
    /// Whether it claims points without citing evidence (a `NoEvidence` flag).
    pub missing_evidence: bool,
    /// Whether it belongs to the fewest recoveries that reach the target.
    pub closes_gap: bool,
}

/// Where a plan's target percentage comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    /// The percentage asked for (`--target`), which is at least the one a rank higher needs.
    Asked,
    /// The percentage that would have placed the unit one rank higher last year, higher than
    /// the one asked for (or none was).
    RankUp,
}

/// How far the target is and whether the items can close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The target percentage: the higher of the one asked for and the one a rank higher needs.
    pub percent: Decimal,
    /// Which of the two it is.
    pub source: TargetSource,
    /// The percentage asked for, when one was.
    pub asked: Option<Decimal>,
    /// The total it means: `percent / 100 × max`.
    pub score: Decimal,
    /// `score − total`, or 0 when the total already reaches it.
    pub gap_points: Decimal,
    /// Whether recovering every item would close the gap.
    pub gap_closable: bool,
    /// The points lost over all items.
    pub recoverable: Decimal,
    /// `gap_points − recoverable` when the gap cannot be closed, else 0.
    pub shortfall: Decimal,
}

/// The improvement plan of one scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The criteria set's id.
    pub set_id: String,
    /// The assessment year.
    pub year: u16,
    /// The current total (self-assessed).
    pub total: Decimal,
    /// The applicable maximum.
    pub max: Decimal,
    /// The current percentage.
    pub percent: Decimal,
    /// The current grade.
    pub grade: Option<Text>,
    /// Last year's total, from the comparison.
    pub previous: Option<YearTotal>,
    /// The leaves to improve, most points lost first.
    pub items: Vec<PlanItem>,
    /// The leaves at full marks with nothing else to fix, to be kept (giữ vững), in tree order.
    pub keep: Vec<String>,
    /// The target, when one was asked for or a ranking given.
    pub target: Option<Target>,
    /// Where the unit stood in last year's ranking, when one was given.
    pub rank_up: Option<RankUp>,
    /// Caveats about the plan as a whole.
    pub notes: Vec<Text>,
}

/// Builds the improvement plan of `current`.
///
/// Items are **leaves** (sub-criteria, or criteria without sub-criteria): the rows a unit
/// scores, cites evidence for and assigns to a division; each names its criterion for grouping.
/// A leaf is an item when it has any flag but `Full` (zero, low, partial, decreased, no
/// evidence), so a full leaf without evidence is an item with 0 points lost. Flags judge the
/// self-assessed scores of `current`; `comparison`, when given, must compare something with
/// `current` (it supplies last year's figures, matched through renumbering). A comparison of
/// another scorecard is ignored, with a note.
///
/// Items are ranked by points lost (descending), then decreases first, then zeros first, then
/// by code in natural order (1.2 before 1.10). With a target, the items are taken in that order
/// until their points lost reach the gap: since the largest come first, that is the fewest
/// items that can close it. They are marked `closes_gap`; when even all items fall short, none
/// is marked and [`Target::shortfall`] says by how much.
///
/// The target is the higher of [`PlanOptions::target_percent`] and the percentage that would
/// have placed the unit one rank higher last year ([`PlanOptions::rank_up`]); a ranking of
/// another year than the comparison's last year (or, without one, the year before the set's)
/// is noted.
pub fn plan(card: &Scorecard, comparison: Option<&Comparison>, options: &PlanOptions) -> Plan {
    let mut notes = Vec::new();
    let set = &card.set;
    let comparison = comparison.filter(|c| {
        let ours = c.current.set_id == set.id && c.current.year == set.year;
        if !ours {
            notes.push(Text::new(
                format!(
                    "bảng so sánh là của bộ {}, không phải {}: bỏ qua",
                    c.current.set_id, set.id
                ),
                format!("the comparison is of {}, not {}: ignored", c.current.set_id, set.id),
            ));
        }
        ours
    });
    let chosen = target_percent(options);
    if let Some(r) = &options.rank_up {
        let last = comparison.map_or(set.year.saturating_sub(1), |c| c.previous.year);
        if let Some(year) = r.year.filter(|y| *y != last) {
            notes.push(Text::new(
                format!("bảng xếp hạng là của năm {year}, không phải năm {last}"),
                format!("the ranking is of {year}, not {last}"),
            ));
        }
    }
    if card.survey_pending && chosen.is_some() {
        notes.push(Text::new(
            "chưa có kết quả khảo sát: mục tiêu tính trên phần tự đánh giá",
            "survey results not yet in: the target is over the self-assessed part",
        ));
    }

    let mut items = Vec::new();
    let mut keep = Vec::new();
    for (node, section) in card.rows() {
        if !node.leaf || !judged(node, section) {
            continue;
        }
        let side = NodeSide::self_assessed(node);
        let change = comparison.and_then(|c| c.change(&node.code));
        let node_flags = flags(&side, change.map(|c| &c.previous), options.low_threshold);
        if node_flags.is_empty() {
            continue; // excluded or pending: nothing to improve or keep
        }
        if node_flags.iter().all(|f| f.kind == FlagKind::Full) {
            keep.push(node.code.clone());
            continue;
        }
        items.push(item(card, node, side, change, node_flags));
    }
    items.sort_by(rank);

    let target = chosen.map(|(percent, source)| {
        let score = percent * card.max / Decimal::ONE_HUNDRED;
        let gap_points = (score - card.total).max(Decimal::ZERO);
        let recoverable: Decimal = items.iter().map(|i| i.points_lost).sum();
        let gap_closable = recoverable >= gap_points;
        if gap_closable {
            let mut recovered = Decimal::ZERO;
            for item in items.iter_mut().filter(|i| i.points_lost > Decimal::ZERO) {
                if recovered >= gap_points {
                    break;
                }
                recovered += item.points_lost;
                item.closes_gap = true;
            }
        }
        let shortfall = (gap_points - recoverable).max(Decimal::ZERO);
        let asked = options.target_percent;
        Target { percent, source, asked, score, gap_points, gap_closable, recoverable, shortfall }
    });

    Plan {
        set_id: set.id.clone(),
        year: set.year,
        total: card.total,
        max: card.max,
        percent: card.percent,
        grade: card.grade.clone(),
        previous: comparison.map(|c| c.previous.clone()),
        items,
        keep,
        target,
        rank_up: options.rank_up.clone(),
        notes,
    }
}

/// The higher of the percentage asked for and the one a rank higher needs; the one asked for
/// when they are equal.
fn target_percent(options: &PlanOptions) -> Option<(Decimal, TargetSource)> {
    let ranked = options.rank_up.as_ref().and_then(RankUp::target);
    match (options.target_percent, ranked) {
        (Some(asked), Some(up)) if up > asked => Some((up, TargetSource::RankUp)),
        (Some(asked), _) => Some((asked, TargetSource::Asked)),
        (None, Some(up)) => Some((up, TargetSource::RankUp)),
        (None, None) => None,
    }
}

fn item(
    card: &Scorecard,
    node: &NodeScore,
    side: NodeSide,
    change: Option<&NodeChange>,
    flags: Vec<Flag>,
) -> PlanItem {
    // The criterion is the first two levels of the code: 1.2 for 1.2.3; 2.1 for itself.
    let criterion_code = node.code.split('.').take(2).collect::<Vec<_>>().join(".");
    let criterion_name =
        card.node(&criterion_code).map_or_else(|| node.name.clone(), |c| c.name.clone());
    let expected_evidence =
        card.set.find(&node.code).map(|n| n.evidence.clone()).unwrap_or_default();
    PlanItem {
        code: node.code.clone(),
        name: node.name.clone(),
        criterion_code,
        criterion_name,
        owner: node.owner.clone(),
        max: side.applicable_max,
        score: side.score,
        target_score: side.applicable_max,
        points_lost: side.applicable_max - side.score,
        previous_code: change.and_then(|c| c.previous_code.clone()),
        previous_score: change.map(|c| c.previous.score),
        previous_max: change.map(|c| c.previous.applicable_max),
        previous_fallback: change.is_some_and(|c| c.previous.fallback),
        missing_evidence: flags.iter().any(|f| f.kind == FlagKind::NoEvidence),
        flags,
        evidence_to_add: PlanItem::evidence_to_add(&expected_evidence, side.evidence.as_deref()),
        evidence: side.evidence,
        expected_evidence,
        closes_gap: false,
    }
}

impl PlanItem {
    /// The documents of `expected` (the set's list) that `cited` (the workbook's `Tài liệu
    /// kiểm chứng` text) does not mention: all of them when nothing is cited.
    ///
    /// A document counts as mentioned when its name appears in the cited text as whole words,
    /// ignoring case, punctuation and spacing ("Kế hoạch CCHC năm của Sở" in "Kế hoạch CCHC năm
    /// của Sở số 20/KH-SXD"). Units cite documents by number and date rather than by the set's
    /// words, so a document cited under another name stays listed: a list that is too long
    /// costs a look, one that drops a document the council will ask for costs points. Reports
    /// therefore show what was cited beside what is still expected, for the unit to judge.
    ///
    /// ```
    /// use parscore_core::PlanItem;
    /// let expected = ["Kế hoạch CCHC năm của Sở".to_string(), "Báo cáo CCHC năm".to_string()];
    /// let cited = "Kế hoạch CCHC năm của Sở (số 20/KH-SXD ngày 25/02/2025)";
    /// assert_eq!(PlanItem::evidence_to_add(&expected, Some(cited)), ["Báo cáo CCHC năm"]);
    /// assert_eq!(PlanItem::evidence_to_add(&expected, None), expected);
    /// ```
    pub fn evidence_to_add(expected: &[String], cited: Option<&str>) -> Vec<String> {
        let cited = format!(" {} ", words(cited.unwrap_or("")));
        expected
            .iter()
            .filter(|doc| {
                let doc = words(doc);
                !doc.is_empty() && !cited.contains(&format!(" {doc} "))
            })
            .cloned()
            .collect()
    }
}

/// Lower-case words separated by single spaces, punctuation dropped: "Kế hoạch, (số 20)" →
/// "kế hoạch số 20".
fn words(s: &str) -> String {
    let spaced: String = s.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    fold_label(&spaced)
}

fn rank(a: &PlanItem, b: &PlanItem) -> Ordering {
    let has = |i: &PlanItem, k: FlagKind| i.flags.iter().any(|f| f.kind == k);
    b.points_lost
        .cmp(&a.points_lost)
        .then_with(|| has(b, FlagKind::Decreased).cmp(&has(a, FlagKind::Decreased)))
        .then_with(|| has(b, FlagKind::Zero).cmp(&has(a, FlagKind::Zero)))
        .then_with(|| cmp_codes(&a.code, &b.code))
}

/// Orders codes level by level, numbers as numbers: 1.2 < 1.10, 1 < 1.1, 2 < 10. A part that is
/// not a number (T.1) comes after the numbers and compares as text.
pub(crate) fn cmp_codes(a: &str, b: &str) -> Ordering {
    let mut xs = a.split('.');
    let mut ys = b.split('.');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}
