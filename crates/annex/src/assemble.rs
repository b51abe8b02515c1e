//! Rows into a set: the tree from the codes, rules from the scoring text or option rows, the
//! set's details, then validation with every problem placed on its row.

use std::collections::BTreeMap;

use parscore_core::{
    CriteriaSet, Decimal, LoadError, Method, Node, Pool, Provenance, ProvenanceStatus, Rule, SetDef,
};

use crate::default_grades;
use crate::details::Details;
use crate::imported::{ImportOptions, Imported};
use crate::rows::{fold, AnnexProblem, Entry, PoolKind, Rows};
use crate::rule_text::{parse_na, parse_rule, rule_from_options};

/// Which scoring columns the table has.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// `Cách chấm`.
    pub(crate) rule: bool,
    /// `Hướng dẫn chấm điểm`.
    pub(crate) guidance: bool,
}

/// Builds the set from the rows read and validates it.
pub(crate) fn assemble(
    layout: Layout,
    rows: Rows,
    details: Details,
    opts: &ImportOptions,
    file_name: &str,
    sheet: &str,
) -> Imported {
    let Rows { entries, problems, bonus, penalty, total, .. } = rows;
    let first_row: BTreeMap<&str, (usize, u32)> =
        entries.iter().enumerate().map(|(i, e)| (e.code.as_str(), (i, e.row))).collect();

    let mut b = Builder {
        entries: &entries,
        children: BTreeMap::new(),
        layout,
        manual: Vec::new(),
        problems,
    };
    let mut roots = Vec::new();
    for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.pool.is_none()) {
        if let Some((parent, _)) = e.code.rsplit_once('.') {
            if !first_row.contains_key(parent) {
                b.problems.push(AnnexProblem::new(
                    e.row,
                    Some(&e.code),
                    format!("không có dòng cho tiêu chí cha {parent}"),
                    format!("no row for its parent {parent}"),
                ));
            }
        }
        // Under the nearest ancestor that has a row; a missing parent is reported, not invented.
        let parent =
            std::iter::successors(Some(e.code.as_str()), |c| c.rsplit_once('.').map(|(p, _)| p))
                .skip(1)
                .find_map(|c| first_row.get(c));
        match parent {
            Some((p, _)) => b.children.entry(*p).or_default().push(i),
            None => roots.push(i),
        }
    }
    let criteria: Vec<Node> = roots.iter().filter_map(|i| b.node(*i)).collect();
    let pool = |b: &mut Builder, kind: PoolKind, head: Option<(u32, Decimal)>| {
        head.map(|(_, cap)| Pool {
            cap,
            items: entries.iter().filter(|e| e.pool == Some(kind)).map(|e| b.leaf(e)).collect(),
        })
    };
    let bonus = pool(&mut b, PoolKind::Bonus, bonus);
    let penalty = pool(&mut b, PoolKind::Penalty, penalty);

    // An export of another set (a new year's set started from last year's annex) keeps its
    // criteria, total, grades and status (a reconstruction's criteria stay reconstructed), but
    // its title, previous set, source and notes describe the old set: carrying them over would
    // label the new set with last year's decision.
    let exported_from = details.id.clone().filter(|id| *id != opts.id);
    let details = if exported_from.is_some() {
        Details {
            title: None,
            previous: None,
            source: None,
            notes: None,
            notes_en: None,
            ..details
        }
    } else {
        details
    };
    let grades_given = !details.grades.is_empty();
    let total = details.total.or(total.map(|(_, t)| t));
    // In Vietnamese, as the rest of the set and the annex it is exported to.
    let notes = details.notes.unwrap_or_else(|| {
        let mut n = format!("Nhập bằng parscore từ bảng phụ lục {file_name}, trang '{sheet}'.");
        if !grades_given {
            n.push_str(
                " Phụ lục không ghi thang xếp loại: dùng thang mặc định của parscore (Xuất sắc \
                 ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu dưới 50); cần đối chiếu với \
                 quyết định.",
            );
        }
        if total.is_none() {
            n.push_str(" Phụ lục không ghi tổng điểm: lấy 100 điểm, thang điểm của Chỉ số CCHC.");
        }
        n
    });
    let mut criteria = criteria;
    let (mut bonus, mut penalty) = (bonus, penalty);
    if exported_from.is_some() {
        // The old set's `previous_code`s point into *its* previous set. The new set keeps the
        // old set's codes, so against the old set every node is matched by its own code.
        let pools = bonus.iter_mut().chain(penalty.iter_mut()).flat_map(|p| p.items.iter_mut());
        criteria.iter_mut().chain(pools).for_each(forget_previous_codes);
    }
    let def = SetDef {
        id: opts.id.clone(),
        title: opts
            .title
            .clone()
            .or(details.title)
            .unwrap_or_else(|| format!("Bộ tiêu chí {} (nhập từ {file_name})", opts.id)),
        year: opts.year,
        level: opts.level,
        total: total.unwrap_or(Decimal::ONE_HUNDRED),
        previous: opts.previous.clone().or(details.previous),
        provenance: Provenance {
            status: details.status.unwrap_or(ProvenanceStatus::Official),
            source: opts.source.clone().or(details.source).unwrap_or_else(|| file_name.to_string()),
            notes,
            notes_en: details.notes_en,
        },
        grades: if grades_given { details.grades } else { default_grades() },
        criteria,
        bonus,
        penalty,
    };

    let Builder { mut problems, manual, .. } = b;
    problems.sort_by_key(|p| p.row);
    if let Err(LoadError::Invalid { problems: invalid, .. }) = CriteriaSet::from_def(def.clone()) {
        // The set's own problems, on the row of their criterion where it has one.
        problems.extend(invalid.into_iter().map(|p| AnnexProblem {
            row: p.code.as_deref().and_then(|c| first_row.get(c)).map(|(_, row)| *row),
            code: p.code,
            message: p.message,
        }));
    }
    Imported { def, manual_nodes: manual, exported_from, problems }
}

struct Builder<'a> {
    entries: &'a [Entry],
    children: BTreeMap<usize, Vec<usize>>,
    layout: Layout,
    manual: Vec<(String, String)>,
    problems: Vec<AnnexProblem>,
}

impl Builder<'_> {
    fn node(&mut self, i: usize) -> Option<Node> {
        let entries = self.entries;
        let e = entries.get(i)?;
        let kids = self.children.get(&i).cloned().unwrap_or_default();
        if kids.is_empty() {
            return Some(self.leaf(e));
        }
        if !e.options.is_empty() {
            let n = e.options.len();
            self.problems.push(AnnexProblem::new(
                e.row,
                Some(&e.code),
                format!("có tiêu chí thành phần, nên bỏ qua {n} dòng mức điểm dưới nó"),
                format!("has sub-criteria, so the {n} option row(s) under it are ignored"),
            ));
        }
        let mut node = bare(e);
        node.children = kids.iter().filter_map(|k| self.node(*k)).collect();
        node.method = method_said(e).unwrap_or_default();
        // A parent's scoring text is only "the sum of its children"; a guidance column is kept.
        node.guidance = if self.layout.guidance { e.guide_text.clone() } else { None };
        Some(node)
    }

    /// A leaf: its rule from the option rows, else from the scoring text; a manual rule that
    /// keeps the text when neither can be read.
    fn leaf(&mut self, e: &Entry) -> Node {
        let mut node = bare(e);
        let mut text = e.rule_text.clone().or_else(|| e.guide_text.clone());
        if !e.lines.is_empty() {
            let lines = text.iter().chain(&e.lines).cloned().collect::<Vec<_>>();
            text = Some(lines.join("\n"));
        }
        let mut rule =
            if e.options.is_empty() { None } else { rule_from_options(&e.options, e.max) };
        if let Some(t) = &text {
            rule = rule.or_else(|| parse_rule(t, e.max));
            node.na = parse_na(t);
        }
        let said = method_said(e);
        if rule.is_none() && said == Some(Method::Survey) {
            rule = Some(Rule::Survey);
        }
        let survey = matches!(rule, Some(Rule::Survey));
        node.method = said.unwrap_or(if survey { Method::Survey } else { Method::SelfAssessed });
        node.guidance = match (self.layout.rule, self.layout.guidance) {
            (true, true) => e.guide_text.clone(),
            _ => text.clone(),
        };
        node.rule = Some(rule.unwrap_or_else(|| {
            self.manual.push((e.code.clone(), text.clone().unwrap_or_default()));
            if node.guidance.is_none() {
                node.guidance = text;
            }
            Rule::Manual { step: None }
        }));
        node
    }
}

/// The node of an entry without children, rule, guidance or method yet.
fn bare(e: &Entry) -> Node {
    Node {
        code: e.code.clone(),
        name: e.name.clone(),
        max: e.max,
        children: Vec::new(),
        rule: None,
        guidance: None,
        evidence: e.evidence.clone(),
        owner: e.owner.clone(),
        method: Method::SelfAssessed,
        previous_code: e.previous_code.clone(),
        na: None,
    }
}

/// What the `Phương pháp` column says, if anything.
fn method_said(e: &Entry) -> Option<Method> {
    let said = fold(e.method.as_deref()?);
    let survey = ["điều tra", "xhh", "sipas", "survey"].iter().any(|w| said.contains(w));
    Some(if survey { Method::Survey } else { Method::SelfAssessed })
}

fn forget_previous_codes(node: &mut Node) {
    node.previous_code = None;
    node.children.iter_mut().for_each(forget_previous_codes);
}
