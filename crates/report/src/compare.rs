//! The report of two years compared (`parscore compare`, `score --previous`, a unit's page).

use parscore_core::{
    Basis, Comparison, Decimal, Flag, FlagKind, NodeChange, NodeSide, Section, Text, Unmatched,
    YearTotal,
};
use serde::{Serialize, Serializer};

use crate::json::{ser_opt_percent, ser_opt_points, ser_percent, ser_points, ser_section};
use crate::scored::Scored;

/// Two years side by side: totals, every node matched across renumbering with its change and
/// flags, what was added and removed, and caveats.
#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    /// Last year.
    pub previous: YearReport,
    /// This year.
    pub current: YearReport,
    /// This year's total less last year's, in points.
    #[serde(serialize_with = "ser_points")]
    pub delta_points: Decimal,
    /// This year's percentage less last year's, in percentage points.
    #[serde(serialize_with = "ser_percent")]
    pub delta_percent: Decimal,
    /// Nodes of both years, in this year's order.
    pub nodes: Vec<ChangeReport>,
    /// Nodes of this year only.
    pub added: Vec<OneYearReport>,
    /// Nodes of last year only.
    pub removed: Vec<OneYearReport>,
    /// Caveats about the comparison as a whole.
    pub notes: Vec<Text>,
}

/// One year's total on its basis.
#[derive(Debug, Clone, Serialize)]
pub struct YearReport {
    /// The workbook.
    pub file: String,
    /// The unit it names.
    pub unit: Option<String>,
    /// The criteria set's id.
    pub set: String,
    /// The assessment year.
    pub year: u16,
    /// Which score the total is: "self" or "appraised".
    #[serde(serialize_with = "ser_basis")]
    pub basis: Basis,
    /// The total.
    #[serde(serialize_with = "ser_points")]
    pub total: Decimal,
    /// The applicable maximum.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// The percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// The grade.
    pub grade: Option<Text>,
    /// On an appraised basis: whether self-assessed scores stood in somewhere.
    pub fallback: bool,
}

/// One node's figures in one year.
#[derive(Debug, Clone, Serialize)]
pub struct SideReport {
    /// Its code that year.
    pub code: String,
    /// The points on the year's basis.
    #[serde(serialize_with = "ser_points")]
    pub score: Decimal,
    /// The maximum that applies.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// `score / max`.
    #[serde(serialize_with = "ser_opt_percent")]
    pub percent: Option<Decimal>,
    /// The self-assessed points, whatever the basis.
    #[serde(serialize_with = "ser_points")]
    pub self_score: Decimal,
    /// The council's points, where known.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_points")]
    pub appraised: Option<Decimal>,
    /// What the council cut (self less appraised), when both are known.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_points")]
    pub cut: Option<Decimal>,
    /// True when the basis is appraised but `score` is (or includes) the self-assessed score,
    /// for want of an appraised one.
    pub fallback: bool,
}

/// A flag and its reason.
#[derive(Debug, Clone, Serialize)]
pub struct FlagReport {
    /// "zero", "low", "partial", "full", "decreased" or "no_evidence".
    #[serde(serialize_with = "ser_flag")]
    pub kind: FlagKind,
    /// Why, with the node's numbers.
    pub reason: Text,
}

/// A node present in both years.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeReport {
    /// Its code this year.
    pub code: String,
    /// Its code last year, when renumbered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_code: Option<String>,
    /// Its name this year.
    pub name: String,
    /// 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// Whether it is a leaf this year.
    #[serde(skip)]
    pub leaf: bool,
    /// The criteria tree, or the bonus or penalty pool.
    #[serde(serialize_with = "ser_section")]
    pub section: Section,
    /// Last year.
    pub previous: SideReport,
    /// This year.
    pub current: SideReport,
    /// The change in points.
    #[serde(serialize_with = "ser_points")]
    pub delta: Decimal,
    /// The change of percentage, in percentage points, when both years apply.
    #[serde(serialize_with = "ser_opt_percent")]
    pub delta_percent: Option<Decimal>,
    /// Whether the applicable maximum changed (then compared by percentage).
    pub max_changed: bool,
    /// How it was compared when its maximum changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// This year's flags against last year (criteria and leaves).
    pub flags: Vec<FlagReport>,
}

/// A node present in one year only.
#[derive(Debug, Clone, Serialize)]
pub struct OneYearReport {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// 1 for a domain, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// Whether it is a leaf.
    #[serde(skip)]
    pub leaf: bool,
    /// The criteria tree, or the bonus or penalty pool.
    #[serde(skip)]
    pub section: Section,
    /// Its figures.
    pub side: SideReport,
    /// Added nodes: their flags; removed nodes: none.
    pub flags: Vec<FlagReport>,
}

/// The basis as JSON names it: "self" or "appraised".
pub(crate) fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::SelfAssessed => "self",
        Basis::Appraised => "appraised",
    }
}

fn ser_basis<S: Serializer>(b: &Basis, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(basis_name(*b))
}

/// The flag as JSON names it.
pub(crate) fn flag_name(k: FlagKind) -> &'static str {
    match k {
        FlagKind::Zero => "zero",
        FlagKind::Low => "low",
        FlagKind::Partial => "partial",
        FlagKind::Full => "full",
        FlagKind::Decreased => "decreased",
        FlagKind::NoEvidence => "no_evidence",
    }
}

fn ser_flag<S: Serializer>(k: &FlagKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(flag_name(*k))
}

impl FlagReport {
    /// The reports of `flags`, in order.
    pub fn all(flags: &[Flag]) -> Vec<FlagReport> {
        flags.iter().map(|f| FlagReport { kind: f.kind, reason: f.reason.clone() }).collect()
    }
}

impl SideReport {
    fn new(s: &NodeSide) -> SideReport {
        SideReport {
            code: s.code.clone(),
            score: s.score,
            max: s.applicable_max,
            percent: s.percent,
            self_score: s.self_score,
            appraised: s.appraised,
            cut: s.cut,
            fallback: s.fallback,
        }
    }
}

impl YearReport {
    /// One year's total, from the workbook it was read from.
    pub fn new(t: &YearTotal, scored: &Scored) -> YearReport {
        YearReport {
            file: scored.file.clone(),
            unit: scored.unit.clone(),
            set: t.set_id.clone(),
            year: t.year,
            basis: t.basis,
            total: t.total,
            max: t.max,
            percent: t.percent,
            grade: t.grade.clone(),
            fallback: t.fallback,
        }
    }
}

impl ChangeReport {
    fn new(ch: &NodeChange) -> ChangeReport {
        ChangeReport {
            code: ch.code.clone(),
            previous_code: ch.previous_code.clone(),
            name: ch.name.clone(),
            depth: ch.depth,
            leaf: ch.leaf,
            section: ch.section,
            previous: SideReport::new(&ch.previous),
            current: SideReport::new(&ch.current),
            delta: ch.delta,
            delta_percent: ch.delta_percent,
            max_changed: ch.max_changed,
            note: ch.note.clone(),
            flags: FlagReport::all(&ch.flags),
        }
    }

    /// Whether a flag of `kind` is among its flags.
    pub fn has(&self, kind: FlagKind) -> bool {
        self.flags.iter().any(|f| f.kind == kind)
    }
}

impl OneYearReport {
    fn new(u: &Unmatched) -> OneYearReport {
        OneYearReport {
            code: u.code.clone(),
            name: u.name.clone(),
            depth: u.depth,
            leaf: u.leaf,
            section: u.section,
            side: SideReport::new(&u.side),
            flags: FlagReport::all(&u.flags),
        }
    }

    /// Whether a flag of `kind` is among its flags.
    pub fn has(&self, kind: FlagKind) -> bool {
        self.flags.iter().any(|f| f.kind == kind)
    }
}

impl CompareReport {
    /// The report of `c`, which compares `previous` with `current`.
    pub fn new(c: &Comparison, previous: &Scored, current: &Scored) -> CompareReport {
        CompareReport {
            previous: YearReport::new(&c.previous, previous),
            current: YearReport::new(&c.current, current),
            delta_points: c.delta_points,
            delta_percent: c.delta_percent,
            nodes: c.changes.iter().map(ChangeReport::new).collect(),
            added: c.added.iter().map(OneYearReport::new).collect(),
            removed: c.removed.iter().map(OneYearReport::new).collect(),
            notes: c.notes.clone(),
        }
    }

    /// The unit compared: this year's name, else last year's.
    pub fn unit(&self) -> &str {
        self.current.unit.as_deref().or(self.previous.unit.as_deref()).unwrap_or("")
    }

    /// Whether no node of a year (last year's when `previous`) has an appraised score.
    pub fn never_appraised(&self, previous: bool) -> bool {
        let sides = self.nodes.iter().map(|ch| if previous { &ch.previous } else { &ch.current });
        let unmatched = if previous { &self.removed } else { &self.added };
        sides.chain(unmatched.iter().map(|u| &u.side)).all(|s| s.appraised.is_none())
    }
}
