//! parscore's reports: what `score`, `compare`, `plan` and `rank` put out, built once from the
//! core's results, for every edge to render (the command line's tables and JSON, the web
//! server's pages and API).
//!
//! Two rules hold for every report, in one place each:
//! - **Decimals become strings only in [`json`]**: points exactly as scored, trailing zeros
//!   trimmed ("0.6667", "1.5"); percentages and their changes with exactly two decimals
//!   ("78.30"), rounded half away from zero. No reader of the JSON turns them into floats.
//! - **Bilingual text is a [`Text`](parscore_core::Text)**, made where the fact is known, and
//!   reaches JSON as `{"vi": "…", "en": "…"}`; the language is chosen only at the edge that
//!   prints it.
//!
//! The report types hold the core's values (decimals, flags, texts), so a renderer formats them
//! for its reader; they never recompute a score, a flag or a rank.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod compare;
pub mod json;
mod plan;
mod problem;
mod rank;
mod score;
mod scored;
mod years;

pub use compare::{ChangeReport, CompareReport, FlagReport, OneYearReport, SideReport, YearReport};
pub use plan::{rank_up_summary, AboveReport, ItemReport, PlanReport, RankUpReport, TargetReport};
pub use problem::ProblemReport;
pub use rank::{
    DomainName, DomainReport, FailureReport, PreviousBatch, PreviousReport, RankFailure,
    RankReport, UnitReport,
};
pub use score::{NodeReport, PartReport, PoolReport, ScoreReport};
pub use scored::Scored;
pub use years::{check_folder_years, check_pair_years, folder_gap};
