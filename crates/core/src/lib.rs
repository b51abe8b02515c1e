//! The pure PAR INDEX engine: criteria sets, scoring rules, scorecards.
//!
//! A [`CriteriaSet`] is loaded from JSON and validated once ([`CriteriaSet::from_json`]); it
//! cannot exist in an invalid state. [`score`] applies it to the unit's [`Inputs`] and returns
//! a [`Scorecard`]: a score, a maximum and a reason for every node, the total, the percentage and
//! the grade.
//!
//! This crate must stay pure: no file system, no Excel, no printing, no clock. Every number is a
//! [`Decimal`]; no floating point reaches a score.
//!
//! ```
//! use parscore_core::{catalog, score, Input, Inputs};
//!
//! let set = catalog::find("lai-chau/so/2025").expect("shipped set");
//! let inputs = Inputs::default(); // nothing filled in yet
//! let card = score(&set, &inputs);
//! assert!(card.problems.iter().any(|p| p.to_string().contains("missing input")));
//! ```
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod basis;
pub mod catalog;
mod compare;
mod describe;
mod flag;
mod load;
mod model;
mod num;
mod plan;
mod rank;
mod rank_up;
mod rule;
mod scoring;
mod text;
mod validate;

#[cfg(test)]
mod compare_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod scoring_tests;
#[cfg(test)]
mod validate_tests;

pub use basis::{Basis, NodeSide, YearTotal};
pub use compare::{compare, CompareOptions, Comparison, NodeChange, Unmatched};
pub use describe::describe;
pub use flag::{flags, Flag, FlagKind, DEFAULT_LOW_THRESHOLD};
pub use load::{LoadError, MAX_NODES, MAX_SET_BYTES};
pub use model::{
    Band, ChoiceOption, CriteriaSet, Grade, Level, Method, Na, Node, Pool, Provenance,
    ProvenanceStatus, RatioInput, Rule, SetDef,
};
pub use num::{fmt_decimal, fmt_percent, percent_of, round_half_away};
pub use plan::{plan, Plan, PlanItem, PlanOptions, Target, TargetSource};
pub use rank::{DomainResult, Previous, Ranked, Ranking, UnitResult};
pub use rank_up::{Above, PublishedRanking, RankUp, RankedLine, Standing};
pub use rule::{evaluate, Expected, Input, InputError, Outcome};
pub use rust_decimal::Decimal;
pub use scoring::{
    lacks_evidence, score, score_with, Entry, Inputs, NodeScore, NodeStatus, Part, PoolScore,
    ProblemKind, ScoreOptions, ScoreProblem, Scorecard, Section,
};
pub use text::{fold_label, Lang, Text};
pub use validate::{is_set_id, SetProblem};
