//! Scoring a whole set: leaves by their rules, parents as sums, the total, percentage and grade.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::model::{CriteriaSet, Method, Na, Node, Pool};
use crate::num::{percent_of, percent_within};
use crate::rule::{evaluate_with, Expected, Input, InputError};
use crate::text::Text;

/// What a unit entered, by criterion code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// One entry per code that has anything filled in.
    pub entries: BTreeMap<String, Entry>,
}

impl Inputs {
    /// Sets the value of `code`, keeping whatever else its entry holds.
    pub fn set(&mut self, code: &str, value: Input) -> &mut Entry {
        let entry = self.entries.entry(code.to_string()).or_default();
        entry.value = Some(value);
        entry
    }
}

/// Everything a workbook row says about one node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// The input the rule needs; `None` when the cell was left blank.
    pub value: Option<Input>,
    /// Evidence documents cited (tài liệu kiểm chứng).
    pub evidence: Option<String>,
    /// The unit's explanation (giải trình).
    pub explanation: Option<String>,
    /// The appraisal council's score (điểm thẩm định), where known.
    pub appraised: Option<Decimal>,
    /// The division named in the workbook (đơn vị chủ trì), overriding the set's.
    pub owner: Option<String>,
}

/// The state of a node's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStatus {
    /// Scored from valid inputs (for a parent: the sum of its children).
    Scored,
    /// Declared not applicable; scored by its `na` setting.
    NotApplicable,
    /// A survey item whose result is not in yet; it leaves the maximum.
    Pending,
    /// The input is missing or invalid: scored 0 and listed among the problems.
    Invalid,
}

/// The score of one node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeScore {
    /// Criterion code.
    pub code: String,
    /// Criterion name.
    pub name: String,
    /// 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// Whether the node is scored by a rule.
    pub leaf: bool,
    /// The maximum in the criteria set.
    pub max: Decimal,
    /// The maximum that applies: `max` less excluded and pending items.
    pub applicable_max: Decimal,
    /// The points earned.
    pub score: Decimal,
    /// `score / applicable_max` in percent, two decimals; `None` when nothing applies.
    pub percent: Option<Decimal>,
    /// How the score came about.
    pub status: NodeStatus,
    /// The rule applied to the input seen (leaves only; none without
    /// [`ScoreOptions::reasons`]).
    pub reason: Option<Text>,
    /// Self-assessed or surveyed.
    pub method: Method,
    /// Evidence cited in the workbook.
    pub evidence: Option<String>,
    /// The unit's explanation.
    pub explanation: Option<String>,
    /// The appraisal council's score: entered, or summed when every child has one.
    pub appraised: Option<Decimal>,
    /// The division that answers for it: the workbook's, else the set's.
    pub owner: Option<String>,
    /// Its code in the previous year's set, when renumbered.
    pub previous_code: Option<String>,
}

/// A bonus or penalty pool after capping.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolScore {
    /// The pool's cap.
    pub cap: Decimal,
    /// The items' points before capping.
    pub raw: Decimal,
    /// The points the pool adds or takes: `min(raw, cap)`.
    pub applied: Decimal,
    /// Each item's score.
    pub items: Vec<NodeScore>,
}

/// A score over a maximum, e.g. the self-assessed part of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// Points earned.
    pub score: Decimal,
    /// Points that apply.
    pub max: Decimal,
    /// `score / max` in percent, two decimals.
    pub percent: Option<Decimal>,
}

/// The result of scoring a set: every node, the total, the percentage and the grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// The criteria set it was scored on (shared, not copied: a set is an `Arc`).
    pub set: CriteriaSet,
    /// Every node, parents before children, in the order of the set.
    pub nodes: Vec<NodeScore>,
    /// Bonus points, when the set has a bonus pool.
    pub bonus: Option<PoolScore>,
    /// Penalty points, when the set has a penalty pool.
    pub penalty: Option<PoolScore>,
    /// The domains' scores plus bonus minus penalty.
    pub total: Decimal,
    /// The applicable maximum.
    pub max: Decimal,
    /// `total / max` in percent, two decimals, kept within 0–100.
    pub percent: Decimal,
    /// The grade of `percent`, in both languages.
    pub grade: Option<Text>,
    /// The self-assessed part (every non-survey leaf).
    pub self_assessed: Part,
    /// The survey part, once its results are in.
    pub survey: Option<Part>,
    /// True when no survey result was given: `percent` is then over the self-assessed maximum.
    pub survey_pending: bool,
    /// The appraised total, when every domain has an appraised score.
    pub appraised_total: Option<Decimal>,
    /// Every missing or invalid input; each such leaf scored 0.
    pub problems: Vec<ScoreProblem>,
}

impl Scorecard {
    /// The node with `code`, including pool items.
    pub fn node(&self, code: &str) -> Option<&NodeScore> {
        let pools = self.bonus.iter().chain(self.penalty.iter()).flat_map(|p| p.items.iter());
        self.nodes.iter().chain(pools).find(|n| n.code == code)
    }

    /// The domains (depth 1).
    pub fn domains(&self) -> impl Iterator<Item = &NodeScore> {
        self.nodes.iter().filter(|n| n.depth == 1)
    }

    /// The assessment year: the set's.
    pub fn year(&self) -> u16 {
        self.set.year
    }

    /// Every node with its section, in the card's order: the tree, then the bonus and the
    /// penalty items.
    pub fn rows(&self) -> Vec<(&NodeScore, Section)> {
        let mut out: Vec<(&NodeScore, Section)> =
            self.nodes.iter().map(|n| (n, Section::Criteria)).collect();
        for (pool, section) in [(&self.bonus, Section::Bonus), (&self.penalty, Section::Penalty)] {
            out.extend(pool.iter().flat_map(|p| p.items.iter()).map(|n| (n, section)));
        }
        out
    }
}

/// Where a node sits in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The criteria tree.
    Criteria,
    /// The bonus pool (điểm thưởng).
    Bonus,
    /// The penalty pool (điểm trừ): more points are worse.
    Penalty,
}

impl NodeScore {
    /// Whether the node claims self-assessed points without citing evidence: what an appraisal
    /// council cuts first. See [`lacks_evidence`].
    pub fn lacks_evidence(&self) -> bool {
        lacks_evidence(self.leaf, self.method, self.score, self.evidence.as_deref())
    }
}

/// The no-evidence rule, the one place it is written: a self-assessed leaf that claims points
/// (`self_score` above 0) and cites no evidence, or only blanks. Survey items need none.
///
/// ```
/// use parscore_core::{lacks_evidence, Decimal, Method};
/// assert!(lacks_evidence(true, Method::SelfAssessed, Decimal::ONE, Some("  ")));
/// assert!(!lacks_evidence(true, Method::SelfAssessed, Decimal::ZERO, None));
/// assert!(!lacks_evidence(true, Method::Survey, Decimal::ONE, None));
/// ```
pub fn lacks_evidence(
    leaf: bool,
    method: Method,
    self_score: Decimal,
    evidence: Option<&str>,
) -> bool {
    leaf && method == Method::SelfAssessed
        && self_score > Decimal::ZERO
        && evidence.is_none_or(|e| e.trim().is_empty())
}

/// A problem with one input, found while scoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreProblem {
    /// The criterion code the problem is about.
    pub code: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A leaf that needs an input has none.
    Missing {
        /// What the rule expects.
        expected: Expected,
    },
    /// The input does not fit the rule.
    Invalid(InputError),
    /// The leaf was declared not applicable but the set does not allow it.
    NotApplicableRefused,
    /// An input for a code the set does not have.
    UnknownCode,
    /// A value entered on a subtotal row, whose score is the sum of its children.
    NotALeaf,
}

impl ScoreProblem {
    /// What is wrong, without the code (for messages that place the code themselves), in
    /// English: the English of [`ScoreProblem::kind_text`].
    pub fn kind_message(&self) -> String {
        self.kind_text().en
    }

    /// What is wrong, without the code, in Vietnamese and English.
    ///
    /// ```
    /// use parscore_core::{ProblemKind, ScoreProblem};
    /// let p = ScoreProblem { code: "1.1".into(), kind: ProblemKind::UnknownCode };
    /// assert_eq!(p.kind_text().vi, "mã tiêu chí không có trong bộ tiêu chí");
    /// assert_eq!(p.kind_text().en, "unknown criterion code");
    /// ```
    pub fn kind_text(&self) -> Text {
        match &self.kind {
            ProblemKind::Missing { expected } => {
                let e = expected.text();
                Text::new(format!("thiếu dữ liệu ({})", e.vi), format!("missing input ({})", e.en))
            }
            ProblemKind::Invalid(e) => e.text(),
            ProblemKind::NotApplicableRefused => Text::new(
                "ghi là không áp dụng, nhưng bộ tiêu chí không cho phép",
                "declared not applicable, but the criteria set does not allow it",
            ),
            ProblemKind::UnknownCode => {
                Text::new("mã tiêu chí không có trong bộ tiêu chí", "unknown criterion code")
            }
            ProblemKind::NotALeaf => Text::new(
                "dòng tổng hợp không nhập số liệu: điểm là tổng điểm các tiêu chí thành phần",
                "a subtotal takes no input: its score is the sum of its sub-criteria",
            ),
        }
    }
}

impl fmt::Display for ScoreProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.kind_message())
    }
}

/// What to build besides the scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Write each node's [`NodeScore::reason`]. Without them every `reason` is `None`; the
    /// scores, statuses, totals and problems are the same either way. Formatting the reasons is
    /// most of the cost of scoring, and a ranking shows none of them.
    pub reasons: bool,
}

impl Default for ScoreOptions {
    /// Everything, reasons included: what [`score`] builds.
    fn default() -> ScoreOptions {
        ScoreOptions { reasons: true }
    }
}

/// Scores `set` with `inputs`. Never fails: every missing or invalid input scores 0 and is
/// listed in [`Scorecard::problems`], so a strict caller refuses the card and a lenient one
/// shows it with warnings.
pub fn score(set: &CriteriaSet, inputs: &Inputs) -> Scorecard {
    score_with(set, inputs, &ScoreOptions::default())
}

/// [`score`] with `options`: without reasons, for callers that keep only the numbers.
///
/// ```
/// use parscore_core::{catalog, score, score_with, Inputs, ScoreOptions};
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let inputs = Inputs::default();
/// let card = score_with(&set, &inputs, &ScoreOptions { reasons: false });
/// assert_eq!(card.total, score(&set, &inputs).total);
/// assert!(card.nodes.iter().all(|n| n.reason.is_none()));
/// ```
pub fn score_with(set: &CriteriaSet, inputs: &Inputs, options: &ScoreOptions) -> Scorecard {
    let survey_leaves: Vec<&Node> =
        set.nodes().into_iter().filter(|n| n.is_leaf() && n.method == Method::Survey).collect();
    let survey_pending = !survey_leaves.is_empty()
        && survey_leaves
            .iter()
            .all(|n| inputs.entries.get(&n.code).and_then(|e| e.value.as_ref()).is_none());

    let mut ctx = Ctx { inputs, options, survey_pending, in_pool: false, problems: Vec::new() };
    let mut nodes = Vec::new();
    for domain in &set.criteria {
        ctx.node(domain, &mut nodes);
    }
    let bonus = set.bonus.as_ref().map(|p| ctx.pool(p));
    let penalty = set.penalty.as_ref().map(|p| ctx.pool(p));

    for code in inputs.entries.keys() {
        if set.find(code).is_none() {
            ctx.problems.push(ScoreProblem { code: code.clone(), kind: ProblemKind::UnknownCode });
        }
    }

    let domains: Vec<&NodeScore> = nodes.iter().filter(|n| n.depth == 1).collect();
    let sum = |f: fn(&NodeScore) -> Decimal| domains.iter().map(|n| f(n)).sum::<Decimal>();
    let base = sum(|n| n.score);
    let max = sum(|n| n.applicable_max);
    let total = base + bonus.as_ref().map_or(Decimal::ZERO, |p| p.applied)
        - penalty.as_ref().map_or(Decimal::ZERO, |p| p.applied);
    let percent = percent_within(total, max);
    let grade = set.grade_text(percent);

    let part = |survey: bool| {
        let leaves = nodes.iter().filter(|n| n.leaf && (n.method == Method::Survey) == survey);
        let (score, max) = leaves
            .fold((Decimal::ZERO, Decimal::ZERO), |(s, m), n| (s + n.score, m + n.applicable_max));
        Part { score, max, percent: percent_of(score, max) }
    };
    let self_assessed = part(false);
    let survey = (!survey_leaves.is_empty() && !survey_pending).then(|| part(true));
    let appraised_total = domains.iter().map(|n| n.appraised).sum::<Option<Decimal>>();

    Scorecard {
        set: set.clone(),
        nodes,
        bonus,
        penalty,
        total,
        max,
        percent,
        grade,
        self_assessed,
        survey,
        survey_pending,
        appraised_total,
        problems: ctx.problems,
    }
}

struct Ctx<'a> {
    inputs: &'a Inputs,
    options: &'a ScoreOptions,
    survey_pending: bool,
    /// Scoring bonus or penalty items, where a blank means none occurred.
    in_pool: bool,
    problems: Vec<ScoreProblem>,
}

impl Ctx<'_> {
    /// Scores `node` and its subtree into `out` (parent first); returns the index of `node`.
    fn node(&mut self, node: &Node, out: &mut Vec<NodeScore>) -> usize {
        let entry = self.inputs.entries.get(&node.code);
        let at = out.len();
        out.push(self.blank(node, entry));
        let Some(rule) = node.rule.as_ref().filter(|_| node.is_leaf()) else {
            if entry.is_some_and(|e| e.value.is_some()) {
                self.problem(node, ProblemKind::NotALeaf);
            }
            let mut children = Vec::new();
            for child in &node.children {
                children.push(self.node(child, out));
            }
            let kids: Vec<&NodeScore> = children.iter().filter_map(|&i| out.get(i)).collect();
            let score = kids.iter().map(|k| k.score).sum();
            let applicable_max = kids.iter().map(|k| k.applicable_max).sum();
            let summed = kids.iter().map(|k| k.appraised).sum::<Option<Decimal>>();
            if let Some(parent) = out.get_mut(at) {
                parent.score = score;
                parent.applicable_max = applicable_max;
                parent.percent = percent_of(score, applicable_max);
                parent.appraised = parent.appraised.or(summed);
            }
            return at;
        };

        let value = entry.and_then(|e| e.value.as_ref());
        let (score, applicable_max, status, reason) = match value {
            None if node.method == Method::Survey && self.survey_pending => (
                Decimal::ZERO,
                Decimal::ZERO,
                NodeStatus::Pending,
                Some(Text::new("chưa có kết quả khảo sát", "survey result not yet available")),
            ),
            None if self.in_pool => (
                Decimal::ZERO,
                node.max,
                NodeStatus::Scored,
                Some(Text::new("không phát sinh → 0 điểm", "none → 0 points")),
            ),
            None => {
                self.problem(node, ProblemKind::Missing { expected: Expected::of(rule) });
                (Decimal::ZERO, node.max, NodeStatus::Invalid, None)
            }
            Some(Input::NotApplicable) => match node.na {
                Some(Na::Full) => (
                    node.max,
                    node.max,
                    NodeStatus::NotApplicable,
                    Some(Text::new(
                        "không phát sinh → tính điểm tối đa",
                        "not applicable → full points",
                    )),
                ),
                Some(Na::Exclude) => (
                    Decimal::ZERO,
                    Decimal::ZERO,
                    NodeStatus::NotApplicable,
                    Some(Text::new(
                        "không áp dụng → loại khỏi điểm tối đa",
                        "not applicable → left out of the maximum",
                    )),
                ),
                None => {
                    self.problem(node, ProblemKind::NotApplicableRefused);
                    (Decimal::ZERO, node.max, NodeStatus::Invalid, None)
                }
            },
            Some(input) => match evaluate_with(rule, node.max, input, self.options.reasons) {
                Ok(o) => (o.score, node.max, NodeStatus::Scored, Some(o.reason)),
                Err(e) => {
                    self.problem(node, ProblemKind::Invalid(e));
                    (Decimal::ZERO, node.max, NodeStatus::Invalid, None)
                }
            },
        };
        if let Some(leaf) = out.get_mut(at) {
            leaf.score = score;
            leaf.applicable_max = applicable_max;
            leaf.percent = percent_of(score, applicable_max);
            leaf.status = status;
            leaf.reason = reason.filter(|_| self.options.reasons);
        }
        at
    }

    fn pool(&mut self, pool: &Pool) -> PoolScore {
        let mut items = Vec::new();
        self.in_pool = true;
        for item in &pool.items {
            self.node(item, &mut items);
        }
        self.in_pool = false;
        let raw: Decimal = items.iter().filter(|n| n.leaf).map(|n| n.score).sum();
        PoolScore { cap: pool.cap, raw, applied: raw.min(pool.cap), items }
    }

    fn blank(&self, node: &Node, entry: Option<&crate::scoring::Entry>) -> NodeScore {
        NodeScore {
            code: node.code.clone(),
            name: node.name.clone(),
            depth: node.depth(),
            leaf: node.is_leaf(),
            max: node.max,
            applicable_max: node.max,
            score: Decimal::ZERO,
            percent: None,
            status: NodeStatus::Scored,
            reason: None,
            method: node.method,
            evidence: entry.and_then(|e| e.evidence.clone()),
            explanation: entry.and_then(|e| e.explanation.clone()),
            appraised: entry.and_then(|e| e.appraised),
            owner: entry.and_then(|e| e.owner.clone()).or_else(|| node.owner.clone()),
            previous_code: node.previous_code.clone(),
        }
    }

    fn problem(&mut self, node: &Node, kind: ProblemKind) {
        self.problems.push(ScoreProblem { code: node.code.clone(), kind });
    }
}
