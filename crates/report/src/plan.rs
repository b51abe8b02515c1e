//! The report of an improvement plan (`parscore plan`, a unit's page).

use parscore_core::{Basis, Decimal, Plan, PlanItem, Target, Text, YearTotal};
use serde::{Serialize, Serializer};

use crate::compare::{basis_name, FlagReport};
use crate::json::{ser_opt_percent, ser_opt_points, ser_percent, ser_points};

/// The improvement plan: where the unit stands, the target and the gap, the sub-criteria to
/// recover in rank order, and those at full marks to keep.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// The criteria set's id.
    pub set: String,
    /// The unit.
    pub unit: String,
    /// The assessment year.
    pub year: u16,
    /// The current total (self-assessed).
    #[serde(serialize_with = "ser_points")]
    pub total: Decimal,
    /// The applicable maximum.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// The current percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// The current grade.
    pub grade: Option<Text>,
    /// Last year's year, with a comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_year: Option<u16>,
    /// Last year's percentage, with a comparison.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_percent")]
    pub previous_percent: Option<Decimal>,
    /// Last year's basis, "self" or "appraised", with `previous_percent`.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_opt_basis")]
    pub previous_basis: Option<Basis>,
    /// Whether last year's appraised total had self-assessed scores standing in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_fallback: Option<bool>,
    /// The target, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetReport>,
    /// The sub-criteria to recover, most points lost first.
    pub items: Vec<ItemReport>,
    /// The codes at full marks with nothing else to fix, to be kept.
    pub keep: Vec<String>,
    /// Caveats about the plan as a whole.
    pub notes: Vec<Text>,
}

/// How far the target is.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TargetReport {
    /// The target percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// The total it means.
    #[serde(serialize_with = "ser_points")]
    pub score: Decimal,
    /// The points still to gain (0 when reached).
    #[serde(serialize_with = "ser_points")]
    pub gap_points: Decimal,
    /// Whether recovering every item closes the gap.
    pub gap_closable: bool,
    /// The points lost over all items.
    #[serde(serialize_with = "ser_points")]
    pub recoverable: Decimal,
    /// What is still missing after recovering every item.
    #[serde(serialize_with = "ser_points")]
    pub shortfall: Decimal,
}

/// One sub-criterion to recover.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The criterion it belongs to.
    pub criterion_code: String,
    /// The division that answers for it.
    pub owner: Option<String>,
    /// The maximum that applies.
    #[serde(serialize_with = "ser_points")]
    pub max: Decimal,
    /// The self-assessed score.
    #[serde(serialize_with = "ser_points")]
    pub score: Decimal,
    /// The score to reach (its maximum).
    #[serde(serialize_with = "ser_points")]
    pub target_score: Decimal,
    /// `max − score`.
    #[serde(serialize_with = "ser_points")]
    pub points_lost: Decimal,
    /// Its code last year, when renumbered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_code: Option<String>,
    /// Last year's score on the comparison's basis.
    #[serde(serialize_with = "ser_opt_points")]
    pub previous_score: Option<Decimal>,
    /// True when `previous_score` is on an appraised basis but is the self-assessed score, for
    /// want of an appraised one.
    pub previous_fallback: bool,
    /// Why it is in the plan.
    pub flags: Vec<FlagReport>,
    /// The evidence cited.
    pub evidence: Option<String>,
    /// The evidence the set asks for.
    pub expected_evidence: Vec<String>,
    /// The documents of `expected_evidence` that `evidence` does not name.
    pub evidence_to_add: Vec<String>,
    /// Whether it claims points without evidence.
    pub missing_evidence: bool,
    /// Whether it is among the fewest recoveries that reach the target.
    pub closes_gap: bool,
}

fn ser_opt_basis<S: Serializer>(b: &Option<Basis>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => s.serialize_str(basis_name(*b)),
        None => s.serialize_none(),
    }
}

impl TargetReport {
    fn new(t: &Target) -> TargetReport {
        TargetReport {
            percent: t.percent,
            score: t.score,
            gap_points: t.gap_points,
            gap_closable: t.gap_closable,
            recoverable: t.recoverable,
            shortfall: t.shortfall,
        }
    }
}

impl ItemReport {
    fn new(i: &PlanItem) -> ItemReport {
        ItemReport {
            code: i.code.clone(),
            name: i.name.clone(),
            criterion_code: i.criterion_code.clone(),
            owner: i.owner.clone(),
            max: i.max,
            score: i.score,
            target_score: i.target_score,
            points_lost: i.points_lost,
            previous_code: i.previous_code.clone(),
            previous_score: i.previous_score,
            previous_fallback: i.previous_fallback,
            flags: FlagReport::all(&i.flags),
            evidence: i.evidence.clone(),
            expected_evidence: i.expected_evidence.clone(),
            evidence_to_add: i.evidence_to_add.clone(),
            missing_evidence: i.missing_evidence,
            closes_gap: i.closes_gap,
        }
    }
}

impl PlanReport {
    /// The report of `p`, the plan of `unit`.
    pub fn new(p: &Plan, unit: &str) -> PlanReport {
        let previous: Option<&YearTotal> = p.previous.as_ref();
        PlanReport {
            set: p.set_id.clone(),
            unit: unit.to_string(),
            year: p.year,
            total: p.total,
            max: p.max,
            percent: p.percent,
            grade: p.grade.clone(),
            previous_year: previous.map(|t| t.year),
            previous_percent: previous.map(|t| t.percent),
            previous_basis: previous.map(|t| t.basis),
            previous_fallback: previous.map(|t| t.fallback),
            target: p.target.as_ref().map(TargetReport::new),
            items: p.items.iter().map(ItemReport::new).collect(),
            keep: p.keep.clone(),
            notes: p.notes.clone(),
        }
    }

    /// Whether an item or last year's total carries the fallback mark.
    pub fn any_fallback(&self) -> bool {
        self.items.iter().any(|i| i.previous_fallback) || self.previous_fallback == Some(true)
    }
}
