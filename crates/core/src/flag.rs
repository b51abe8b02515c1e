//! Flags: what a comparison or an improvement plan says about one criterion — zero, low, partial,
//! full, decreased, without evidence — each with its reason in Vietnamese and English.
//!
//! Judging is pure arithmetic on one year's figures ([`NodeSide`]) and, optionally, the previous
//! year's; it needs no comparison, so [`crate::plan`] uses it on a single scorecard as well.

use rust_decimal::Decimal;

use crate::basis::NodeSide;
use crate::num::fmt_decimal;
use crate::scoring::{lacks_evidence, NodeScore, NodeStatus, Section};
use crate::text::{Lang, Text};

/// The default "low" threshold: below 50% of the maximum.
pub const DEFAULT_LOW_THRESHOLD: Decimal = Decimal::from_parts(50, 0, 0, false, 0);

/// What a flag says. The order of the variants is the order flags are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FlagKind {
    /// Chưa đạt điểm: the node scored 0 of a positive maximum.
    Zero,
    /// Điểm thấp: above 0 but below the low threshold's share of the maximum.
    Low,
    /// Chưa đạt tối đa: at or above the low threshold but below the maximum.
    Partial,
    /// Đạt tối đa: full marks, to be kept.
    Full,
    /// Giảm so với năm trước: lower than last year (by percent when the maximum changed).
    Decreased,
    /// Thiếu tài liệu kiểm chứng: a self-assessed leaf claims points but cites no evidence.
    NoEvidence,
}

impl FlagKind {
    /// The flag's short label, as a column heading or legend would show it.
    pub fn label(self) -> Text {
        match self {
            FlagKind::Zero => Text::new("chưa đạt điểm", "scored nothing"),
            FlagKind::Low => Text::new("điểm thấp", "low"),
            FlagKind::Partial => Text::new("chưa đạt tối đa", "below the maximum"),
            FlagKind::Full => Text::new("đạt tối đa", "full marks"),
            FlagKind::Decreased => Text::new("giảm so với năm trước", "decreased from last year"),
            FlagKind::NoEvidence => Text::new("thiếu tài liệu kiểm chứng", "no evidence cited"),
        }
    }

    /// A compact label for a table column: "0 điểm", "thấp", "chưa tối đa", "tối đa", "giảm",
    /// "thiếu TLKC" (TLKC: tài liệu kiểm chứng, as Vietnamese reports abbreviate it); in
    /// English "zero", "low", "partial", "full", "fell", "no evidence".
    pub fn short(self) -> Text {
        match self {
            FlagKind::Zero => Text::new("0 điểm", "zero"),
            FlagKind::Low => Text::new("thấp", "low"),
            FlagKind::Partial => Text::new("chưa tối đa", "partial"),
            FlagKind::Full => Text::new("tối đa", "full"),
            FlagKind::Decreased => Text::new("giảm", "fell"),
            FlagKind::NoEvidence => Text::new("thiếu TLKC", "no evidence"),
        }
    }
}

/// One thing worth saying about a node, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// What the flag says.
    pub kind: FlagKind,
    /// Why, with the node's numbers, in both languages.
    pub reason: Text,
}

/// Judges one node of one year, against the same node of the previous year when given.
///
/// Returns the flags in [`FlagKind`] order. Exactly one of `Zero`, `Low`, `Partial` and `Full`
/// is given to every judged node, so each node has one level: a zero is *not* also `Low`, and a
/// low score is *not* also `Partial` (a report showing "chưa đạt điểm, điểm thấp, chưa đạt tối
/// đa" on one row would say the same thing three times). `Decreased` and `NoEvidence` come on top.
///
/// * Nothing is judged when nothing applies (`applicable_max` 0: excluded as not applicable) or the
///   survey result is pending: such a node gets no flags at all.
/// * `Low` means `score < low_threshold % × applicable_max`, exactly (no rounded percentages).
/// * `Decreased` compares points when both years have the same applicable maximum, else the
///   share of it (cross-multiplied, so exact); never when either year's maximum is 0.
/// * `NoEvidence` is for self-assessed leaves whose self score is above 0 and whose evidence is
///   missing or blank; survey items need none.
///
/// It judges whatever node it is given; [`crate::compare`] and [`crate::plan`] call it for
/// criteria and sub-criteria (depth ≥ 2) and leaves, not for domains or bonus and penalty items,
/// where a high penalty score would be bad.
pub fn flags(current: &NodeSide, previous: Option<&NodeSide>, low_threshold: Decimal) -> Vec<Flag> {
    if current.applicable_max <= Decimal::ZERO || current.status == NodeStatus::Pending {
        return Vec::new();
    }
    let mut out = vec![level(current, low_threshold)];
    if let Some(prev) = previous {
        if let Some(flag) = decreased(prev, current) {
            out.push(flag);
        }
    }
    if lacks_evidence(current.leaf, current.method, current.self_score, current.evidence.as_deref())
    {
        let s = current.self_score;
        out.push(Flag {
            kind: FlagKind::NoEvidence,
            reason: Text::new(
                format!("thiếu tài liệu kiểm chứng cho {} điểm tự chấm", vi(s)),
                format!("no evidence cited for {} self-assessed points", en(s)),
            ),
        });
    }
    // `level` and `decreased` are pushed in kind order already; sorting keeps that a promise.
    out.sort_by_key(|f| f.kind);
    out
}

/// Whether a node gets flags: criteria, sub-criteria and leaves of the criteria tree; not
/// domains (too coarse to act on) nor bonus and penalty items (a high penalty score is bad).
pub(crate) fn judged(node: &NodeScore, section: Section) -> bool {
    section == Section::Criteria && (node.depth >= 2 || node.leaf)
}

fn level(side: &NodeSide, low_threshold: Decimal) -> Flag {
    let (s, m) = (side.score, side.applicable_max);
    let pct = side.percent.unwrap_or(Decimal::ZERO);
    if s <= Decimal::ZERO {
        Flag {
            kind: FlagKind::Zero,
            reason: Text::new(
                format!("chưa đạt điểm: 0/{}", vi(m)),
                format!("scored nothing: 0 of {}", en(m)),
            ),
        }
    } else if s * Decimal::ONE_HUNDRED < low_threshold * m {
        Flag {
            kind: FlagKind::Low,
            reason: Text::new(
                format!(
                    "điểm thấp: {}/{} ({}%), dưới {}%",
                    vi(s),
                    vi(m),
                    vi(pct),
                    vi(low_threshold)
                ),
                format!("low: {} of {} ({}%), below {}%", en(s), en(m), en(pct), en(low_threshold)),
            ),
        }
    } else if s < m {
        Flag {
            kind: FlagKind::Partial,
            reason: Text::new(
                format!("chưa đạt tối đa: {}/{}, còn thiếu {}", vi(s), vi(m), vi(m - s)),
                format!("below the maximum: {} of {}, {} short", en(s), en(m), en(m - s)),
            ),
        }
    } else {
        Flag {
            kind: FlagKind::Full,
            reason: Text::new(
                format!("đạt tối đa: {}/{}, cần giữ vững", vi(s), vi(m)),
                format!("full marks: {} of {}, to be kept", en(s), en(m)),
            ),
        }
    }
}

fn decreased(prev: &NodeSide, cur: &NodeSide) -> Option<Flag> {
    let (pm, cm) = (prev.applicable_max, cur.applicable_max);
    // Excluded or pending in either year (maximum 0): nothing to compare.
    if pm <= Decimal::ZERO || cm <= Decimal::ZERO {
        return None;
    }
    if pm == cm {
        (cur.score < prev.score).then(|| Flag {
            kind: FlagKind::Decreased,
            reason: Text::new(
                format!("giảm so với năm trước: {} → {}", vi(prev.score), vi(cur.score)),
                format!("decreased from last year: {} → {}", en(prev.score), en(cur.score)),
            ),
        })
    } else {
        // cur/cm < prev/pm, cross-multiplied so no rounded percentage decides it.
        let pp = prev.percent.unwrap_or(Decimal::ZERO);
        let cp = cur.percent.unwrap_or(Decimal::ZERO);
        (cur.score * pm < prev.score * cm).then(|| Flag {
            kind: FlagKind::Decreased,
            reason: Text::new(
                format!("giảm so với năm trước: {}% → {}% điểm tối đa", vi(pp), vi(cp)),
                format!("decreased from last year: {}% → {}% of the maximum", en(pp), en(cp)),
            ),
        })
    }
}

fn vi(d: Decimal) -> String {
    fmt_decimal(d, Lang::Vi)
}

fn en(d: Decimal) -> String {
    fmt_decimal(d, Lang::En)
}
