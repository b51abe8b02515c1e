//! Validation of a criteria set: every rule a set must keep, every problem reported at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rust_decimal::Decimal;

use crate::model::{CriteriaSet, Method, Node, Rule, SetDef};
use crate::num::fmt_decimal;
use crate::text::{fold_label, Lang, Text};

/// One thing wrong with a criteria set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetProblem {
    /// The criterion code concerned; `None` for the set as a whole.
    pub code: Option<String>,
    /// The line of the JSON file where the node starts, when known.
    pub line: Option<usize>,
    /// What is wrong, naming the values and the limit, in Vietnamese and English.
    pub message: Text,
    /// Which occurrence of the code the problem is about (0 = first), for locating duplicates.
    occurrence: usize,
}

impl SetProblem {
    pub(crate) fn new(code: Option<&str>, message: Text) -> SetProblem {
        SetProblem { code: code.map(str::to_string), line: None, message, occurrence: 0 }
    }

    /// Finds the line of its `"code": "<code>"` in `lines` (from [`code_lines`]).
    pub(crate) fn locate(&mut self, lines: &BTreeMap<String, Vec<usize>>) {
        if let Some(code) = &self.code {
            self.line = lines.get(code).and_then(|l| l.get(self.occurrence)).copied();
        }
    }

    /// The problem placed by line and code, in both languages: "dòng 80: 1.1.1: mã bị trùng" /
    /// "line 80: 1.1.1: duplicate code" (the English is the `Display` text).
    pub fn text(&self) -> Text {
        let mut vi = String::new();
        let mut en = String::new();
        if let Some(line) = self.line {
            vi.push_str(&format!("dòng {line}: "));
            en.push_str(&format!("line {line}: "));
        }
        if let Some(code) = &self.code {
            vi.push_str(&format!("{code}: "));
            en.push_str(&format!("{code}: "));
        }
        vi.push_str(&self.message.vi);
        en.push_str(&self.message.en);
        Text::new(vi, en)
    }
}

impl fmt::Display for SetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

/// A number both ways: "0,5" and "0.5".
fn d(v: Decimal) -> (String, String) {
    (fmt_decimal(v, Lang::Vi), fmt_decimal(v, Lang::En))
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
    let nodes = count(&def.criteria)
        + [&def.bonus, &def.penalty]
            .iter()
            .flat_map(|p| p.iter())
            .map(|p| count(&p.items))
            .sum::<usize>();
    if nodes > crate::load::MAX_NODES {
        let max = crate::load::MAX_NODES;
        v.set(
            format!("bộ tiêu chí có {nodes} tiêu chí, vượt mức {max} của một bộ tiêu chí"),
            format!("the set has {nodes} nodes, over the {max} a criteria set may have"),
        );
        return v.problems;
    }
    v.header(def);
    v.magnitude(None, ("tổng điểm của bộ tiêu chí", "the set's total"), def.total);
    let domain_sum = checked_sum(def.criteria.iter().map(|n| n.max));
    if let Some(domain_sum) = domain_sum.filter(|s| *s != def.total) {
        let (sum, total, list) = (d(domain_sum), d(def.total), list(&def.criteria));
        v.set(
            format!(
                "tổng điểm tối đa các lĩnh vực là {}, khác tổng điểm {} của bộ tiêu chí ({})",
                sum.0, total.0, list.0
            ),
            format!(
                "the domains' maxima sum to {}, not the set's total {} ({})",
                sum.1, total.1, list.1
            ),
        );
    }
    for domain in &def.criteria {
        if domain.code.contains('.') || !is_number(&domain.code) {
            let code = &domain.code;
            v.at(
                domain,
                format!("mã lĩnh vực phải là một số nguyên như \"1\", không phải \"{code}\""),
                format!("a domain's code must be a whole number like \"1\", not \"{code}\""),
            );
        }
        v.node(domain);
    }
    for (name, pool) in
        [(("điểm thưởng", "bonus"), &def.bonus), (("điểm trừ", "penalty"), &def.penalty)]
    {
        let Some(pool) = pool else { continue };
        if pool.cap <= Decimal::ZERO {
            let cap = d(pool.cap);
            v.set(
                format!("mức tối đa của phần {} phải dương, không phải {}", name.0, cap.0),
                format!("the {} pool's cap must be positive, not {}", name.1, cap.1),
            );
        }
        let what =
            (format!("mức tối đa của phần {}", name.0), format!("the {} pool's cap", name.1));
        v.magnitude(None, (&what.0, &what.1), pool.cap);
        if pool.items.is_empty() {
            v.set(
                format!("phần {} không có mục nào", name.0),
                format!("the {} pool has no items", name.1),
            );
        }
        for item in &pool.items {
            if !item.is_leaf() {
                v.at(
                    item,
                    format!("mục {} phải là tiêu chí lá có cách chấm", name.0),
                    format!("a {} item must be a leaf with a rule", name.1),
                );
            }
            v.node(item);
        }
    }
    v.problems
}

/// The nodes of `nodes` and their subtrees.
fn count(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + count(&n.children)).sum()
}

struct Validator {
    problems: Vec<SetProblem>,
    seen: BTreeSet<String>,
}

impl Validator {
    fn set(&mut self, vi: String, en: String) {
        self.problems.push(SetProblem::new(None, Text::new(vi, en)));
    }

    fn at(&mut self, node: &Node, vi: String, en: String) {
        self.problems.push(SetProblem::new(Some(&node.code), Text::new(vi, en)));
    }

    /// Reports a number of points beyond [`MAX_POINTS`]; `what` names it in both languages.
    fn magnitude(&mut self, node: Option<&Node>, what: (&str, &str), value: Decimal) {
        if value.abs() > MAX_POINTS {
            let (v, m) = (d(value), d(MAX_POINTS));
            let vi = format!("{} {} vượt mức lớn nhất cho phép {}", what.0, v.0, m.0);
            let en = format!("{} {} is beyond the largest allowed, {}", what.1, v.1, m.1);
            match node {
                Some(node) => self.at(node, vi, en),
                None => self.set(vi, en),
            }
        }
    }

    fn header(&mut self, def: &SetDef) {
        if def.id.trim().is_empty() {
            self.set("bộ tiêu chí không có mã (id)".into(), "the set has an empty id".into());
        } else if !is_set_id(&def.id) {
            let id = &def.id;
            self.set(
                format!(
                    "mã bộ tiêu chí \"{id}\" không đúng dạng tỉnh/cấp/năm, mỗi phần gồm chữ thường \
                     không dấu, chữ số và dấu gạch ngang (ví dụ lai-chau/so/2025)"
                ),
                format!(
                    "the set id \"{id}\" is not province/level/year, each part lower-case ASCII \
                     letters, digits and hyphens (e.g. lai-chau/so/2025)"
                ),
            );
        }
        if def.title.trim().is_empty() {
            self.set(
                "bộ tiêu chí không có tên (title)".into(),
                "the set has an empty title".into(),
            );
        }
        if !(2000..=2100).contains(&def.year) {
            let y = def.year;
            self.set(
                format!("năm {y} không phải năm đánh giá hợp lý"),
                format!("year {y} is not a plausible assessment year"),
            );
        }
        if def.criteria.is_empty() {
            self.set("bộ tiêu chí không có tiêu chí nào".into(), "the set has no criteria".into());
        }
        if def.grades.is_empty() {
            self.set("bộ tiêu chí không có xếp loại".into(), "the set has no grades".into());
        }
        for pair in def.grades.windows(2) {
            if let [hi, lo] = pair {
                if lo.min >= hi.min {
                    let (l, h) = (d(lo.min), d(hi.min));
                    self.set(
                        format!(
                            "xếp loại phải ghi từ cao xuống thấp: \"{}\" ({}) đứng sau \"{}\" ({})",
                            lo.label, l.0, hi.label, h.0
                        ),
                        format!(
                            "grades must be listed highest first: \"{}\" ({}) comes after \"{}\" ({})",
                            lo.label, l.1, hi.label, h.1
                        ),
                    );
                }
            }
        }
        if let Some(last) = def.grades.last() {
            if !last.min.is_zero() {
                let m = d(last.min);
                self.set(
                    format!(
                        "xếp loại thấp nhất \"{}\" bắt đầu từ {}, nên tỷ lệ thấp hơn không có xếp loại; phải bắt đầu từ 0",
                        last.label, m.0
                    ),
                    format!(
                        "the lowest grade \"{}\" starts at {}, so lower percentages get no grade; it must start at 0",
                        last.label, m.1
                    ),
                );
            }
        }
        for g in &def.grades {
            if g.min < Decimal::ZERO || g.min > Decimal::ONE_HUNDRED || g.label.trim().is_empty() {
                self.set(
                    format!(
                        "xếp loại \"{}\" cần có tên và mức tối thiểu trong khoảng 0–100",
                        g.label
                    ),
                    format!("grade \"{}\" needs a label and a minimum within 0–100", g.label),
                );
            }
        }
    }

    fn node(&mut self, node: &Node) {
        if !self.seen.insert(node.code.clone()) {
            let message = Text::new("mã bị trùng", "duplicate code");
            let mut p = SetProblem::new(Some(&node.code), message);
            p.occurrence = 1;
            self.problems.push(p);
        }
        if node.name.trim().is_empty() {
            self.at(node, "tên trống".into(), "empty name".into());
        }
        if node.max <= Decimal::ZERO {
            let m = d(node.max);
            self.at(
                node,
                format!("điểm tối đa phải dương, không phải {}", m.0),
                format!("the maximum must be positive, not {}", m.1),
            );
        }
        self.magnitude(Some(node), ("điểm tối đa", "the maximum"), node.max);
        match (&node.rule, node.children.is_empty()) {
            (Some(_), false) => self.at(
                node,
                "vừa có tiêu chí con vừa có cách chấm; tiêu chí cha được tính bằng tổng điểm các tiêu chí con".into(),
                "has both children and a rule; a parent is scored as the sum of its children"
                    .into(),
            ),
            (None, true) => self.at(
                node,
                "không có tiêu chí con cũng không có cách chấm".into(),
                "has neither children nor a rule".into(),
            ),
            _ => {}
        }
        if let Some(rule) = &node.rule {
            self.rule(node, rule);
        }
        if !node.children.is_empty() {
            if node.na.is_some() {
                self.at(
                    node,
                    "\"na\" chỉ dùng cho tiêu chí lá".into(),
                    "\"na\" applies to leaves only".into(),
                );
            }
            let sum = checked_sum(node.children.iter().map(|c| c.max));
            if let Some(sum) = sum.filter(|s| *s != node.max) {
                let (s, m, l) = (d(sum), d(node.max), list(&node.children));
                self.at(
                    node,
                    format!(
                        "tổng điểm tối đa các tiêu chí con là {}, khác điểm tối đa {} ({})",
                        s.0, m.0, l.0
                    ),
                    format!(
                        "its children's maxima sum to {}, not its maximum {} ({})",
                        s.1, m.1, l.1
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
                let parent = &node.code;
                self.at(
                    child,
                    format!("mã không nằm dưới mã cha {parent}: cần dạng {parent}.<số>"),
                    format!("code is not under its parent {parent}: expected {parent}.<number>"),
                );
            }
            self.node(child);
        }
    }

    fn rule(&mut self, node: &Node, rule: &Rule) {
        let max = node.max;
        let is_survey_rule = matches!(rule, Rule::Survey);
        if is_survey_rule != (node.method == Method::Survey) {
            self.at(
                node,
                "cách chấm survey và \"method\": \"survey\" phải đi cùng nhau".into(),
                "a survey rule and \"method\": \"survey\" go together".into(),
            );
        }
        match rule {
            Rule::Manual { step: Some(step) } => {
                let (st, m) = (d(*step), d(max));
                if *step <= Decimal::ZERO {
                    self.at(
                        node,
                        format!("bước điểm phải dương, không phải {}", st.0),
                        format!("the step must be positive, not {}", st.1),
                    );
                } else if !max.checked_rem(*step).is_some_and(|r| r.is_zero()) {
                    self.at(
                        node,
                        format!("điểm tối đa {} không phải bội số của bước {}", m.0, st.0),
                        format!("the maximum {} is not a multiple of the step {}", m.1, st.1),
                    );
                }
            }
            Rule::Choice { options } => {
                if options.len() < 2 {
                    self.at(
                        node,
                        "cách chấm theo mức cần ít nhất hai mức".into(),
                        "a choice needs at least two options".into(),
                    );
                }
                let mut labels = BTreeSet::new();
                for o in options {
                    if o.label.trim().is_empty() {
                        self.at(
                            node,
                            "một mức không có tên".into(),
                            "a choice option has an empty label".into(),
                        );
                    }
                    if !labels.insert(fold_label(&o.label)) {
                        self.at(
                            node,
                            format!("mức \"{}\" được ghi hai lần", o.label),
                            format!("choice option \"{}\" is listed twice", o.label),
                        );
                    }
                    let what =
                        (format!("mức \"{}\"", o.label), format!("choice option \"{}\"", o.label));
                    self.points(node, (&what.0, &what.1), o.points);
                }
                self.reaches_max(node, ("mức", "option"), options.iter().map(|o| o.points));
            }
            Rule::Bands { bands, .. } => {
                self.bands(node, bands);
                self.reaches_max(node, ("khoảng", "band"), bands.iter().map(|b| b.points));
            }
            Rule::Deduction { per } | Rule::Count { per } => {
                if *per <= Decimal::ZERO {
                    let p = d(*per);
                    self.at(
                        node,
                        format!("điểm cho mỗi lần phải dương, không phải {}", p.0),
                        format!("points per item must be positive, not {}", p.1),
                    );
                }
                self.magnitude(Some(node), ("điểm cho mỗi lần", "points per item"), *per);
            }
            Rule::Manual { step: None }
            | Rule::Boolean { .. }
            | Rule::Proportional { .. }
            | Rule::Survey => {}
        }
    }

    /// A rule whose best outcome is below the node's maximum can never score full marks: the
    /// annex's points and the maximum disagree, and one of them was mistyped.
    fn reaches_max(
        &mut self,
        node: &Node,
        what: (&str, &str),
        points: impl Iterator<Item = Decimal>,
    ) {
        let Some(best) = points.max() else { return };
        if best < node.max {
            let (m, b) = (d(node.max), d(best));
            self.at(
                node,
                format!(
                    "không {} nào cho điểm tối đa {}: cao nhất là {}; hãy sửa điểm hoặc điểm tối đa",
                    what.0, m.0, b.0
                ),
                format!(
                    "no {} gives the maximum {}: the best gives {}; fix the points or the maximum",
                    what.1, m.1, b.1
                ),
            );
        }
    }

    fn points(&mut self, node: &Node, what: (&str, &str), points: Decimal) {
        if points < Decimal::ZERO || points > node.max {
            let (p, m) = (d(points), d(node.max));
            self.at(
                node,
                format!("{} cho {} điểm, ngoài khoảng 0..{} (điểm tối đa)", what.0, p.0, m.0),
                format!("{} gives {} points, outside 0..{} (the maximum)", what.1, p.1, m.1),
            );
        }
    }

    fn bands(&mut self, node: &Node, bands: &[crate::model::Band]) {
        if bands.is_empty() {
            self.at(
                node,
                "cách chấm theo khoảng không có khoảng nào".into(),
                "bands rule without bands".into(),
            );
            return;
        }
        let mut sorted: Vec<_> = bands.iter().collect();
        sorted.sort_by(|a, b| a.from.cmp(&b.from).then(b.from_inclusive.cmp(&a.from_inclusive)));
        // "[70%; 90%)" in Vietnamese, "[70%, 90%)" in English.
        let show = |b: &crate::model::Band| {
            let (from, to) = (d(b.from), d(b.to));
            let open = if b.from_inclusive { "[" } else { "(" };
            let close = if b.to_inclusive { "]" } else { ")" };
            (
                format!("{open}{}%; {}%{close}", from.0, to.0),
                format!("{open}{}%, {}%{close}", from.1, to.1),
            )
        };
        for b in &sorted {
            let s = show(b);
            self.points(node, (&format!("khoảng {}", s.0), &format!("band {}", s.1)), b.points);
            let empty = b.from > b.to || (b.from == b.to && !(b.from_inclusive && b.to_inclusive));
            if empty {
                self.at(node, format!("khoảng {} rỗng", s.0), format!("band {} is empty", s.1));
            }
        }
        if let Some(first) = sorted.first() {
            if !(first.from.is_zero() && first.from_inclusive) {
                let s = show(first);
                self.at(
                    node,
                    format!(
                        "các khoảng phải bắt đầu từ 0% (kể cả 0%); khoảng thấp nhất là {}",
                        s.0
                    ),
                    format!("bands must start at 0% inclusive; the lowest is {}", s.1),
                );
            }
        }
        if let Some(last) = sorted.last() {
            if !(last.to == Decimal::ONE_HUNDRED && last.to_inclusive) {
                let s = show(last);
                self.at(
                    node,
                    format!(
                        "các khoảng phải kết thúc ở 100% (kể cả 100%); khoảng cao nhất là {}",
                        s.0
                    ),
                    format!("bands must end at 100% inclusive; the highest is {}", s.1),
                );
            }
        }
        for pair in sorted.windows(2) {
            let [a, b] = pair else { continue };
            let (sa, sb) = (show(a), show(b));
            if a.to < b.from || (a.to == b.from && !a.to_inclusive && !b.from_inclusive) {
                self.at(
                    node,
                    format!("giữa hai khoảng {} và {} còn hở", sa.0, sb.0),
                    format!("bands {} and {} leave a gap", sa.1, sb.1),
                );
            } else if a.to > b.from || (a.to == b.from && a.to_inclusive && b.from_inclusive) {
                self.at(
                    node,
                    format!("hai khoảng {} và {} chồng lên nhau", sa.0, sb.0),
                    format!("bands {} and {} overlap", sa.1, sb.1),
                );
            }
        }
    }
}

/// Checks that every `previous_code` of `set` names a node of `previous`.
pub fn check_previous(set: &CriteriaSet, previous: &CriteriaSet) -> Vec<SetProblem> {
    let mut problems = Vec::new();
    if set.previous.as_deref() != Some(previous.id.as_str()) {
        let said = set.previous.as_deref().unwrap_or("(trống)");
        let said_en = set.previous.as_deref().unwrap_or("(none)");
        problems.push(SetProblem::new(
            None,
            Text::new(
                format!("\"previous\" là {said}, không phải {}", previous.id),
                format!("\"previous\" is {said_en}, not {}", previous.id),
            ),
        ));
    }
    for node in set.all_nodes() {
        if let Some(prev) = &node.previous_code {
            if previous.find(prev).is_none() {
                problems.push(SetProblem::new(
                    Some(&node.code),
                    Text::new(
                        format!("mã năm trước {prev} không có trong bộ tiêu chí {}", previous.id),
                        format!("previous_code {prev} is not a code of {}", previous.id),
                    ),
                ));
            }
        }
    }
    problems
}

/// Whether `id` is `province/level/year` of lower-case ASCII letters, digits and hyphens: a
/// set id is written in workbooks and looked up by name, never taken as a path.
///
/// ```
/// use parscore_core::is_set_id;
/// assert!(is_set_id("lai-chau/so/2025"));
/// assert!(!is_set_id("../../etc/passwd"));
/// assert!(!is_set_id("/dev/zero"));
/// ```
pub fn is_set_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('/').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !p.starts_with('-')
        })
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// "1 = 20, 2 = 10" in both languages.
fn list(nodes: &[Node]) -> (String, String) {
    let each = |vi: bool| {
        let items: Vec<String> = nodes
            .iter()
            .map(|n| {
                let m = d(n.max);
                format!("{} = {}", n.code, if vi { m.0 } else { m.1 })
            })
            .collect();
        items.join(", ")
    };
    (each(true), each(false))
}

/// The lines (1-based) of every `"code": "<code>"` in the source text, by code: one pass, so
/// placing many problems stays linear.
pub(crate) fn code_lines(json: &str) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, line) in json.lines().enumerate() {
        let Some(pos) = line.find("\"code\"") else { continue };
        let rest = line.get(pos + 6..).unwrap_or("").trim_start();
        let Some(rest) = rest.strip_prefix(':') else { continue };
        let Some(value) = rest.trim_start().strip_prefix('"') else { continue };
        if let Some(end) = value.find('"') {
            out.entry(value.get(..end).unwrap_or("").to_string()).or_default().push(i + 1);
        }
    }
    out
}
