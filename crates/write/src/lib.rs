//! parscore's workbook writer: the fill-in self-assessment template and the xlsx reports of a
//! score, a comparison, an improvement plan and a ranking, with rust_xlsxwriter.
//!
//! It renders what the core computed and scores nothing itself; it returns bytes and never
//! touches the file system (the caller writes them, atomically). Its one error type is
//! [`WriteError`]: a limit of the xlsx format was hit, naming the part being written.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod compare_report;
mod error;
mod formulas;
mod input_cells;
mod plan_report;
mod rank_report;
mod score_report;
pub mod style;
mod template;
mod toolkit;

pub use compare_report::write_compare_report;
pub use error::WriteError;
pub use plan_report::write_plan_report;
pub use rank_report::write_rank_report;
pub use score_report::write_score_report;
pub use template::{write_template, TemplateMeta};
