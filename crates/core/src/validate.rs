//! Validation of a criteria set: every rule a set must keep, every problem reported at once.

use std::collections::BTreeSet;
use std::fmt;

use rust_decimal::Decimal;

use crate::model::{CriteriaSet, Method, Node, Rule, SetDef};
use crate::num::fmt_decimal;
use crate::text::{fold_label, Lang};

/// One thing wrong with a criteria set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetProblem {
    /// The criterion code concerned; `None` for the set as a whole.
    pub code: Option<String>,
    /// The line of the JSON file where the node starts, when known.
    pub line: Option<usize>,
    /// What is wrong, naming the values and the limit.
    pub message: String,
    /// Which occurrence of the code the problem is about (0 = first), for locating duplicates.
    occurrence: usize,
}

impl SetProblem {
    pub(crate) fn new(code: Option<&str>, message: String) -> SetProblem {
        SetProblem { code: code.map(str::to_string), line: None, message, occurrence: 0 }
    }

    /// Finds the line of `"code": "<code>"` in the source text.
    pub(crate) fn locate(&mut self, json: &str) {
        if let Some(code) = &self.code {
            self.line = line_of_code(json, code, self.occurrence);
        }
    }
}

impl fmt::Display for SetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(code) = &self.code {
            write!(f, "{code}: ")?;
        }
        f.write_str(&self.message)
    }
}

fn d(v: Decimal) -> String {
    fmt_decimal(v, Lang::En)
}

/// The largest number of points a set may give anywhere. Real sets total 100; the bound keeps
/// every sum and product of scoring far from `Decimal`'s limit (about 7.9 × 10²⁸), where
/// arithmetic would overflow (a criteria file found by fuzzing had two maxima of 5 × 10²⁸).
const MAX_POINTS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The sum of `values`; `None` when it overflows (a value over [`MAX_POINTS`] is reported).
fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// Checks every rule of a criteria set; an empty list means valid.
pub(crate) fn check(def: &SetDef) -> Vec<SetProblem> {
    let mut v = Validator { problems: Vec::new(), seen: BTreeSet::new() };
    v.header(def);
    v.magnitude(None, "the set's total", def.total);
    let domain_sum = checked_sum(def.criteria.iter().map(|n| n.max));
    if let Some(domain_sum) = domain_sum.filter(|s| *s != def.total) {
        v.set(format!(
            "the domains' maxima sum to {}, not the set's total {} ({})",
            d(domain_sum),
            d(def.total),
            list(&def.criteria)
        ));
    }
    for domain in &def.criteria {
        if domain.code.contains('.') || !is_number(&domain.code) {
            v.at(
                domain,
                format!(
                    "a domain's code must be a whole number like \"1\", not \"{}\"",
                    domain.code
                ),
            );
        }
        v.node(domain);
    }
    for (name, pool) in [("bonus", &def.bonus), ("penalty", &def.penalty)] {
        let Some(pool) = pool else { continue };
        if pool.cap <= Decimal::ZERO {
            v.set(format!("the {name} pool's cap must be positive, not {}", d(pool.cap)));
        }
        v.magnitude(None, &format!("the {name} pool's cap"), pool.cap);
        if pool.items.is_empty() {
            v.set(format!("the {name} pool has no items"));
        }
        for item in &pool.items {
            if !item.is_leaf() {
                v.at(item, format!("a {name} item must be a leaf with a rule"));
            }
            v.node(item);
        }
    }
    v.problems
}

struct Validator {
    problems: Vec<SetProblem>,
    seen: BTreeSet<String>,
}

impl Validator {
    fn set(&mut self, message: String) {
        self.problems.push(SetProblem::new(None, message));
    }

    /// Reports a number of points beyond [`MAX_POINTS`].
    fn magnitude(&mut self, node: Option<&Node>, what: &str, value: Decimal) {
        if value.abs() > MAX_POINTS {
            let message =
                format!("{what} {} is beyond the largest allowed, {}", d(value), d(MAX_POINTS));
            match node {
                Some(node) => self.at(node, message),
                None => self.set(message),
            }
        }
    }

    fn at(&mut self, node: &Node, message: String) {
        self.problems.push(SetProblem::new(Some(&node.code), message));
    }

    fn header(&mut self, def: &SetDef) {
        if def.id.trim().is_empty() {
            self.set("the set has an empty id".into());
        }
        if def.title.trim().is_empty() {
            self.set("the set has an empty title".into());
        }
        if !(2000..=2100).contains(&def.year) {
            self.set(format!("year {} is not a plausible assessment year", def.year));
        }
        if def.criteria.is_empty() {
            self.set("the set has no criteria".into());
        }
        if def.grades.is_empty() {
            self.set("the set has no grades".into());
        }
        for pair in def.grades.windows(2) {
            if let [hi, lo] = pair {
                if lo.min >= hi.min {
                    self.set(format!(
                        "grades must be listed highest first: \"{}\" ({}) comes after \"{}\" ({})",
                        lo.label,
                        d(lo.min),
                        hi.label,
                        d(hi.min)
                    ));
                }
            }
        }
        if let Some(last) = def.grades.last() {
            if !last.min.is_zero() {
                self.set(format!(
                    "the lowest grade \"{}\" starts at {}, so lower percentages get no grade; it must start at 0",
                    last.label,
                    d(last.min)
                ));
            }
        }
        for g in &def.grades {
            if g.min < Decimal::ZERO || g.min > Decimal::ONE_HUNDRED || g.label.trim().is_empty() {
                self.set(format!("grade \"{}\" needs a label and a minimum within 0–100", g.label));
            }
        }
    }

    fn node(&mut self, node: &Node) {
        if !self.seen.insert(node.code.clone()) {
            let mut p = SetProblem::new(Some(&node.code), "duplicate code".into());
            p.occurrence = 1;
            self.problems.push(p);
        }
        if node.name.trim().is_empty() {
            self.at(node, "empty name".into());
        }
        if node.max <= Decimal::ZERO {
            self.at(node, format!("the maximum must be positive, not {}", d(node.max)));
        }
        self.magnitude(Some(node), "the maximum", node.max);
        match (&node.rule, node.children.is_empty()) {
            (Some(_), false) => self.at(
                node,
                "has both children and a rule; a parent is scored as the sum of its children"
                    .into(),
            ),
            (None, true) => self.at(node, "has neither children nor a rule".into()),
            _ => {}
        }
        if let Some(rule) = &node.rule {
            self.rule(node, rule);
        }
        if !node.children.is_empty() {
            if node.na.is_some() {
                self.at(node, "\"na\" applies to leaves only".into());
            }
            let sum = checked_sum(node.children.iter().map(|c| c.max));
            if let Some(sum) = sum.filter(|s| *s != node.max) {
                self.at(
                    node,
                    format!(
                        "its children's maxima sum to {}, not its maximum {} ({})",
                        d(sum),
                        d(node.max),
                        list(&node.children)
                    ),
                );
            }
        }
        for child in &node.children {
            let consistent = child
                .code
                .strip_prefix(&node.code)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(is_number);
            if !consistent {
                self.at(
                    child,
                    format!(
                        "code is not under its parent {}: expected {}.<number>",
                        node.code, node.code
                    ),
                );
            }
            self.node(child);
        }
    }

    fn rule(&mut self, node: &Node, rule: &Rule) {
        let max = node.max;
        let is_survey_rule = matches!(rule, Rule::Survey);
        if is_survey_rule != (node.method == Method::Survey) {
            self.at(node, "a survey rule and \"method\": \"survey\" go together".into());
        }
        match rule {
            Rule::Manual { step: Some(step) } => {
                if *step <= Decimal::ZERO {
                    self.at(node, format!("the step must be positive, not {}", d(*step)));
                } else if !max.checked_rem(*step).is_some_and(|r| r.is_zero()) {
                    self.at(
                        node,
                        format!(
                            "the maximum {} is not a multiple of the step {}",
                            d(max),
                            d(*step)
                        ),
                    );
                }
            }
            Rule::Choice { options } => {
                if options.len() < 2 {
                    self.at(node, "a choice needs at least two options".into());
                }
                let mut labels = BTreeSet::new();
                for o in options {
                    if o.label.trim().is_empty() {
                        self.at(node, "a choice option has an empty label".into());
                    }
                    if !labels.insert(fold_label(&o.label)) {
                        self.at(node, format!("choice option \"{}\" is listed twice", o.label));
                    }
                    self.points(node, &format!("choice option \"{}\"", o.label), o.points);
                }
                self.reaches_max(node, "option", options.iter().map(|o| o.points));
            }
            Rule::Bands { bands, .. } => {
                self.bands(node, bands);
                self.reaches_max(node, "band", bands.iter().map(|b| b.points));
            }
            Rule::Deduction { per } | Rule::Count { per } => {
                if *per <= Decimal::ZERO {
                    self.at(node, format!("points per item must be positive, not {}", d(*per)));
                }
                self.magnitude(Some(node), "points per item", *per);
            }
            _ => {}
        }
    }

    /// A rule whose best outcome is below the node's maximum can never score full marks: the
    /// annex's points and the maximum disagree, and one of them was mistyped.
    fn reaches_max(&mut self, node: &Node, what: &str, points: impl Iterator<Item = Decimal>) {
        let Some(best) = points.max() else { return };
        if best < node.max {
            self.at(
                node,
                format!(
                    "no {what} gives the maximum {}: the best gives {}; fix the points or the maximum",
                    d(node.max),
                    d(best)
                ),
            );
        }
    }

    fn points(&mut self, node: &Node, what: &str, points: Decimal) {
        if points < Decimal::ZERO || points > node.max {
            self.at(
                node,
                format!(
                    "{what} gives {} points, outside 0..{} (the maximum)",
                    d(points),
                    d(node.max)
                ),
            );
        }
    }

    fn bands(&mut self, node: &Node, bands: &[crate::model::Band]) {
        if bands.is_empty() {
            self.at(node, "bands rule without bands".into());
            return;
        }
        let mut sorted: Vec<_> = bands.iter().collect();
        sorted.sort_by(|a, b| a.from.cmp(&b.from).then(b.from_inclusive.cmp(&a.from_inclusive)));
        let show = |b: &crate::model::Band| {
            format!(
                "{}{}%, {}%{}",
                if b.from_inclusive { "[" } else { "(" },
                d(b.from),
                d(b.to),
                if b.to_inclusive { "]" } else { ")" }
            )
        };
        for b in &sorted {
            self.points(node, &format!("band {}", show(b)), b.points);
            let empty = b.from > b.to || (b.from == b.to && !(b.from_inclusive && b.to_inclusive));
            if empty {
                self.at(node, format!("band {} is empty", show(b)));
            }
        }
        if let Some(first) = sorted.first() {
            if !(first.from.is_zero() && first.from_inclusive) {
                self.at(
                    node,
                    format!("bands must start at 0% inclusive; the lowest is {}", show(first)),
                );
            }
        }
        if let Some(last) = sorted.last() {
            if !(last.to == Decimal::ONE_HUNDRED && last.to_inclusive) {
                self.at(
                    node,
                    format!("bands must end at 100% inclusive; the highest is {}", show(last)),
                );
            }
        }
        for pair in sorted.windows(2) {
            let [a, b] = pair else { continue };
            if a.to < b.from || (a.to == b.from && !a.to_inclusive && !b.from_inclusive) {
                self.at(node, format!("bands {} and {} leave a gap", show(a), show(b)));
            } else if a.to > b.from || (a.to == b.from && a.to_inclusive && b.from_inclusive) {
                self.at(node, format!("bands {} and {} overlap", show(a), show(b)));
            }
        }
    }
}

/// Checks that every `previous_code` of `set` names a node of `previous`.
pub fn check_previous(set: &CriteriaSet, previous: &CriteriaSet) -> Vec<SetProblem> {
    let mut problems = Vec::new();
    if set.previous.as_deref() != Some(previous.id.as_str()) {
        problems.push(SetProblem::new(
            None,
            format!("\"previous\" is {:?}, not {}", set.previous, previous.id),
        ));
    }
    for node in set.all_nodes() {
        if let Some(prev) = &node.previous_code {
            if previous.find(prev).is_none() {
                problems.push(SetProblem::new(
                    Some(&node.code),
                    format!("previous_code {prev} is not a code of {}", previous.id),
                ));
            }
        }
    }
    problems
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

fn list(nodes: &[Node]) -> String {
    nodes.iter().map(|n| format!("{} = {}", n.code, d(n.max))).collect::<Vec<_>>().join(", ")
}

fn line_of_code(json: &str, code: &str, occurrence: usize) -> Option<usize> {
    let needle = format!("\"{code}\"");
    let mut seen = 0;
    for (i, line) in json.lines().enumerate() {
        if let Some(pos) = line.find("\"code\"") {
            let rest = line.get(pos + 6..).unwrap_or("").trim_start();
            if let Some(rest) = rest.strip_prefix(':') {
                if rest.trim_start().starts_with(&needle) {
                    if seen == occurrence {
                        return Some(i + 1);
                    }
                    seen += 1;
                }
            }
        }
    }
    None
}
