//! The criteria-set model: what a province's PAR INDEX tree is, as data.
//!
//! [`SetDef`] is the plain shape of a criteria JSON file; [`CriteriaSet`] is a `SetDef` that has
//! passed validation (see [`crate::load`]), and only a `CriteriaSet` can be scored.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::text::Text;

/// A criteria set as written in its JSON file. See `criteria/README.md` for every field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetDef {
    /// `province/level/year`, e.g. `lai-chau/so/2025`.
    pub id: String,
    /// Vietnamese title.
    pub title: String,
    /// The assessment year.
    pub year: u16,
    /// The unit level the set scores.
    pub level: Level,
    /// The sum of the domains' maxima (100 for shipped sets).
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// The id of the previous year's set, which `previous_code` fields point into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Where the set comes from.
    pub provenance: Provenance,
    /// Grade bands of the final percentage, highest first.
    pub grades: Vec<Grade>,
    /// The domains (lĩnh vực).
    pub criteria: Vec<Node>,
    /// Bonus points (điểm thưởng), added to the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Pool>,
    /// Penalty points (điểm trừ), taken from the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<Pool>,
}

/// The administrative level a set scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Provincial departments (sở, ban, ngành).
    So,
    /// Districts (huyện).
    Huyen,
    /// Communes (xã).
    Xa,
    /// Provinces (tỉnh).
    Tinh,
}

impl Level {
    /// The level as written in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::So => "so",
            Level::Huyen => "huyen",
            Level::Xa => "xa",
            Level::Tinh => "tinh",
        }
    }
}

/// Where a set comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Whether the set is the official annex or a reconstruction.
    pub status: ProvenanceStatus,
    /// The decision it follows.
    pub source: String,
    /// What is sourced and what was chosen, in Vietnamese (shown with the set and in its
    /// export).
    #[serde(default)]
    pub notes: String,
    /// The same notes in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes_en: Option<String>,
}

/// Whether a set was copied from an official annex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvenanceStatus {
    /// Copied from the decision's annex.
    Official,
    /// Rebuilt from public fragments; see the notes.
    Reconstruction,
}

/// One grade band: a percentage at or above `min` earns `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// The lowest percentage of the band, inclusive.
    #[serde(with = "rust_decimal::serde::str")]
    pub min: Decimal,
    /// Vietnamese label, e.g. `Xuất sắc`.
    pub label: String,
    /// English label, e.g. `Excellent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
}

/// A pool of bonus or penalty items, capped as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    /// The most points the pool can add or take.
    #[serde(with = "rust_decimal::serde::str")]
    pub cap: Decimal,
    /// The items: leaves scored like any other.
    pub items: Vec<Node>,
}

/// A domain, criterion or sub-criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Hierarchical code: `1`, `1.2`, `1.2.3`.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Maximum points.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    /// Child nodes; empty for a leaf.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
    /// How a leaf is scored; `None` for a parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The scoring text as the decision words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    /// Documents that prove it (tài liệu kiểm chứng).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The division that answers for it (đơn vị chủ trì).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Self-assessed or surveyed.
    #[serde(default, skip_serializing_if = "Method::is_self")]
    pub method: Method,
    /// Its code in the previous year's set, when renumbered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_code: Option<String>,
    /// What "not applicable" does; `None` when it may not be declared not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub na: Option<Na>,
}

impl Node {
    /// Whether the node is scored by a rule rather than by summing children.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// The node and all its descendants, parents before children.
    pub fn walk(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        self.walk_into(&mut out);
        out
    }

    /// Pushes the node and its descendants onto `out`: one vector for the whole tree, where
    /// collecting each subtree's own vector cost a quarter of reading a workbook.
    fn walk_into<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for child in &self.children {
            child.walk_into(out);
        }
    }

    /// How deep the code is: 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub fn depth(&self) -> usize {
        self.code.split('.').count()
    }
}

/// How a node gets its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Self-assessed by the unit, then appraised.
    #[default]
    #[serde(rename = "self")]
    SelfAssessed,
    /// Filled from the sociological survey (SIPAS); not self-scored.
    Survey,
}

impl Method {
    fn is_self(&self) -> bool {
        *self == Method::SelfAssessed
    }
}

/// What declaring a node not applicable does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Na {
    /// The node scores its full maximum.
    Full,
    /// The node leaves the maximum; the percentage is taken over what applies.
    Exclude,
}

/// How a leaf turns its input into points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// The unit enters the score itself, `0..=max`, in multiples of `step`.
    Manual {
        /// The smallest increment, e.g. 0.25.
        #[serde(default, with = "rust_decimal::serde::str_option")]
        #[serde(skip_serializing_if = "Option::is_none")]
        step: Option<Decimal>,
    },
    /// Yes gives the maximum, no gives 0.
    Boolean {
        /// The label of yes, e.g. `Đạt yêu cầu`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        yes: Option<String>,
        /// The label of no, e.g. `Không đạt yêu cầu`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        no: Option<String>,
    },
    /// One of listed outcomes, each with its points.
    Choice {
        /// The outcomes.
        options: Vec<ChoiceOption>,
    },
    /// A percentage mapped to points by tiers.
    Bands {
        /// Whether the unit enters a percentage or a numerator and denominator.
        #[serde(default)]
        input: RatioInput,
        /// The tiers, covering 0–100%.
        bands: Vec<Band>,
    },
    /// `percent / 100 × max`, capped at max, rounded half away from zero to 4 decimals (a
    /// numerator/denominator such as 2/3 would otherwise never end).
    Proportional {
        /// Whether the unit enters a percentage or a numerator and denominator.
        #[serde(default)]
        input: RatioInput,
    },
    /// `max − count × per`, floored at 0.
    Deduction {
        /// Points taken per counted violation.
        #[serde(with = "rust_decimal::serde::str")]
        per: Decimal,
    },
    /// `count × per`, capped at max.
    Count {
        /// Points per counted item.
        #[serde(with = "rust_decimal::serde::str")]
        per: Decimal,
    },
    /// The survey result (0–100%) × max, rounded half away from zero to 4 decimals.
    Survey,
}

impl Rule {
    /// The rule's kind as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Manual { .. } => "manual",
            Rule::Boolean { .. } => "boolean",
            Rule::Choice { .. } => "choice",
            Rule::Bands { .. } => "bands",
            Rule::Proportional { .. } => "proportional",
            Rule::Deduction { .. } => "deduction",
            Rule::Count { .. } => "count",
            Rule::Survey => "survey",
        }
    }
}

/// One outcome of a `choice` rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// The outcome as the decision words it.
    pub label: String,
    /// Its points.
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
}

/// Whether a ratio is entered as a percentage or as numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatioInput {
    /// A percentage, 0–100.
    #[default]
    Percent,
    /// Numerator and denominator (Tử số, Mẫu số).
    Fraction,
}

/// One tier of a `bands` rule: percentages between `from` and `to` earn `points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// Lower bound, in percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub from: Decimal,
    /// Whether `from` itself belongs to the band.
    pub from_inclusive: bool,
    /// Upper bound, in percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub to: Decimal,
    /// Whether `to` itself belongs to the band.
    pub to_inclusive: bool,
    /// Points earned.
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
}

impl Band {
    /// Whether `percent` falls in this band.
    pub fn contains(&self, percent: Decimal) -> bool {
        let above = if self.from_inclusive { percent >= self.from } else { percent > self.from };
        let below = if self.to_inclusive { percent <= self.to } else { percent < self.to };
        above && below
    }
}

/// A validated criteria set: the only kind that can be scored.
///
/// It is never changed once validated, so clones share one definition: `parscore rank`
/// hands a copy to each of thousands of workbooks.
#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaSet {
    def: Arc<SetDef>,
    hash: String,
    /// Where each code is: readers look a code up for every row of every workbook, and a
    /// search of a flat tree of 10,000 leaves for each made scoring quadratic.
    index: Arc<BTreeMap<String, Place>>,
}

/// Where a node sits in a set's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// In the criteria tree: the child indices from the domain down.
    Tree(Vec<usize>),
    /// The n-th bonus item.
    Bonus(usize),
    /// The n-th penalty item.
    Penalty(usize),
}

impl CriteriaSet {
    /// A set that validation passed; only [`crate::load`] makes one.
    pub(crate) fn trusted(def: SetDef) -> CriteriaSet {
        let hash = content_hash(&def);
        let mut index = BTreeMap::new();
        fn walk(node: &Node, path: &mut Vec<usize>, index: &mut BTreeMap<String, Place>) {
            index.entry(node.code.clone()).or_insert_with(|| Place::Tree(path.clone()));
            for (i, child) in node.children.iter().enumerate() {
                path.push(i);
                walk(child, path, index);
                path.pop();
            }
        }
        for (i, domain) in def.criteria.iter().enumerate() {
            walk(domain, &mut vec![i], &mut index);
        }
        // As `all_nodes`: the tree first, so a pool item sharing a code with a node is not it.
        let pools =
            [(&def.bonus, Place::Bonus as fn(usize) -> Place), (&def.penalty, Place::Penalty)];
        for (pool, place) in pools {
            for (i, item) in pool.iter().flat_map(|p| p.items.iter()).enumerate() {
                index.entry(item.code.clone()).or_insert_with(|| place(i));
            }
        }
        CriteriaSet { def: Arc::new(def), hash, index: Arc::new(index) }
    }

    /// A fingerprint of the set's content (64-bit FNV-1a of its canonical JSON, in hex).
    ///
    /// Templates record it, so a workbook filled on an edited set is noticed. It detects
    /// change; it is not a security measure.
    pub fn content_hash(&self) -> &str {
        &self.hash
    }

    /// The canonical JSON of the set, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self.def.as_ref()).unwrap_or_default()
    }

    /// Every node of the tree, parents before children, in the order of the file.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        for domain in &self.def.criteria {
            domain.walk_into(&mut out);
        }
        out
    }

    /// Every node including bonus and penalty items.
    pub fn all_nodes(&self) -> Vec<&Node> {
        let mut out = self.nodes();
        out.extend(self.pool_items());
        out
    }

    /// The bonus items, then the penalty items.
    pub fn pool_items(&self) -> impl Iterator<Item = &Node> {
        let bonus = self.def.bonus.iter().flat_map(|p| p.items.iter());
        let penalty = self.def.penalty.iter().flat_map(|p| p.items.iter());
        bonus.chain(penalty)
    }

    /// The node with `code`, anywhere in the tree or the pools (a tree node first, as in
    /// [`CriteriaSet::all_nodes`]); found through an index, in time that does not grow with the
    /// set.
    pub fn find(&self, code: &str) -> Option<&Node> {
        match self.index.get(code)? {
            Place::Tree(path) => {
                let (first, rest) = path.split_first()?;
                let domain = self.def.criteria.get(*first)?;
                rest.iter().try_fold(domain, |node, i| node.children.get(*i))
            }
            Place::Bonus(i) => self.def.bonus.as_ref()?.items.get(*i),
            Place::Penalty(i) => self.def.penalty.as_ref()?.items.get(*i),
        }
    }

    /// The grade band a percentage falls in.
    pub fn grade(&self, percent: Decimal) -> Option<&Grade> {
        self.def.grades.iter().find(|g| percent >= g.min)
    }

    /// The grade of a percentage in both languages (the Vietnamese label stands in for a
    /// missing English one).
    pub fn grade_text(&self, percent: Decimal) -> Option<Text> {
        self.grade(percent).map(|g| {
            Text::new(g.label.clone(), g.label_en.clone().unwrap_or_else(|| g.label.clone()))
        })
    }

    /// The set's plain definition.
    pub fn def(&self) -> &SetDef {
        &self.def
    }
}

/// Read-only access to the definition's fields: a validated set is still a `SetDef`.
impl Deref for CriteriaSet {
    type Target = SetDef;
    fn deref(&self) -> &SetDef {
        &self.def
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fingerprint of what scores: everything but the provenance, whose wording (a note
/// translated, a source corrected) must not make every workbook filled on the set "another
/// version" of it.
fn content_hash(def: &SetDef) -> String {
    let mut value = serde_json::to_value(def).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("provenance");
    }
    let json = value.to_string();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
