//! The report of an improvement plan (`parscore plan`, a unit's page).

use parscore_core::{
    fmt_percent, Basis, Decimal, Lang, Plan, PlanItem, RankUp, Target, TargetSource, Text,
    YearTotal,
};
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
    /// The target, when one was asked for or a ranking given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetReport>,
    /// Where the unit stood in last year's ranking, when one was given (`--ranking`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_up: Option<RankUpReport>,
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
    /// The target percentage: the higher of the one asked for and one rank up.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// Which it is: "target" (the one asked for) or "rank_up" (one rank up last year).
    #[serde(serialize_with = "ser_source")]
    pub source: TargetSource,
    /// The percentage asked for (`--target`); `null` when only a ranking was given.
    #[serde(serialize_with = "ser_opt_percent")]
    pub asked_percent: Option<Decimal>,
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

/// Where the unit stood in last year's ranking, and what one rank up took.
#[derive(Debug, Clone, Serialize)]
pub struct RankUpReport {
    /// The ranking's year, when its file says.
    pub year: Option<u16>,
    /// The unit as the ranking names it.
    pub unit: String,
    /// Its rank (ties share one).
    pub rank: usize,
    /// How many units were ranked.
    pub of: usize,
    /// Its percentage.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// The units just above it; `null` when it was first.
    pub above: Option<AboveReport>,
    /// All of it in one sentence, with what the target took (see [`rank_up_summary`]).
    pub summary: Text,
}

/// The units ranked just above.
#[derive(Debug, Clone, Serialize)]
pub struct AboveReport {
    /// Their rank.
    pub rank: usize,
    /// Their percentage: what one rank up takes.
    #[serde(serialize_with = "ser_percent")]
    pub percent: Decimal,
    /// Their names.
    pub units: Vec<String>,
}

/// Where the unit stood last year and what one rank up took, in a sentence, with what the
/// plan's `target` took of it: "Năm 2024 Sở Xây dựng xếp hạng 11/18 (78,30%); lên một hạng
/// cần đạt 79,12% (bằng Sở Công Thương, hạng 10): mục tiêu lấy mức này, cao hơn mức 78,30%
/// đã đặt."
///
/// Every report of a plan (table, Markdown, JSON, xlsx) says it in these words.
pub fn rank_up_summary(r: &RankUp, target: Option<&Target>) -> Text {
    let (pv, pe) = (fmt_percent(r.percent, Lang::Vi), fmt_percent(r.percent, Lang::En));
    let (when_vi, when_en) = match r.year {
        Some(y) => (format!("Năm {y} "), format!("In {y} ")),
        None => ("Trong bảng xếp hạng, ".to_string(), "In the ranking, ".to_string()),
    };
    let stood_vi = format!("{when_vi}{} xếp hạng {}/{} ({pv}%)", r.unit, r.rank, r.of);
    let stood_en = format!("{when_en}{} ranked {} of {} ({pe}%)", r.unit, r.rank, r.of);
    let Some(a) = &r.above else {
        return Text::new(
            format!("{stood_vi}: không có hạng cao hơn, mục tiêu là giữ vững vị trí."),
            format!("{stood_en}: there is no higher rank; the aim is to keep it."),
        );
    };
    let (av, ae) = (fmt_percent(a.percent, Lang::Vi), fmt_percent(a.percent, Lang::En));
    let names = a.units.join(", ");
    let (with_vi, with_en) = if a.units.len() > 1 {
        (
            format!("bằng {names}, cùng hạng {}", a.rank),
            format!("that of {names}, tied at rank {}", a.rank),
        )
    } else {
        (format!("bằng {names}, hạng {}", a.rank), format!("that of {names}, rank {}", a.rank))
    };
    let (took_vi, took_en) = match target.map(|t| (t.source, t.asked)) {
        None => (String::new(), String::new()),
        Some((TargetSource::RankUp, Some(asked))) => (
            format!(": mục tiêu lấy mức này, cao hơn mức {}% đã đặt", fmt_percent(asked, Lang::Vi)),
            format!(": the target takes it, above the {}% asked for", fmt_percent(asked, Lang::En)),
        ),
        Some((TargetSource::RankUp, None)) => {
            (": mục tiêu lấy mức này".to_string(), ": the target takes it".to_string())
        }
        Some((TargetSource::Asked, asked)) => {
            let asked = asked.unwrap_or(a.percent);
            let (v, e) = (fmt_percent(asked, Lang::Vi), fmt_percent(asked, Lang::En));
            if asked == a.percent {
                (format!(": bằng mục tiêu {v}% đã đặt"), format!(": the {e}% target asked for"))
            } else {
                (
                    format!(": mục tiêu {v}% đã đặt cao hơn mức này"),
                    format!(": the {e}% target asked for is higher"),
                )
            }
        }
    };
    Text::new(
        format!("{stood_vi}; lên một hạng cần đạt {av}% ({with_vi}){took_vi}."),
        format!("{stood_en}; one rank up took {ae}% ({with_en}){took_en}."),
    )
}

impl RankUpReport {
    fn new(r: &RankUp, target: Option<&Target>) -> RankUpReport {
        RankUpReport {
            year: r.year,
            unit: r.unit.clone(),
            rank: r.rank,
            of: r.of,
            percent: r.percent,
            above: r.above.as_ref().map(|a| AboveReport {
                rank: a.rank,
                percent: a.percent,
                units: a.units.clone(),
            }),
            summary: rank_up_summary(r, target),
        }
    }
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

fn ser_source<S: Serializer>(source: &TargetSource, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match source {
        TargetSource::Asked => "target",
        TargetSource::RankUp => "rank_up",
    })
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
            source: t.source,
            asked_percent: t.asked,
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
            rank_up: p.rank_up.as_ref().map(|r| RankUpReport::new(r, p.target.as_ref())),
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
