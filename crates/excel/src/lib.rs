//! parscore's Excel adapter: it turns filled workbooks (xlsx, xls, ods) into the core's
//! [`Inputs`](parscore_core::Inputs), and criteria sets and scorecards into workbooks.
//!
//! It reads with calamine and writes with rust_xlsxwriter. It knows nothing of flags or
//! terminals; every problem it finds names the file, sheet, cell and criterion code.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod annex;
mod cells;
mod compare_report;
mod error;
mod formulas;
mod grid;
mod guard;
mod input_cells;
pub mod layout;
mod limits;
mod ods_scan;
mod ole;
mod open;
mod plan_report;
mod problems;
mod rank_report;
mod read;
mod report;
mod style;
mod template;
mod xls_scan;

pub use annex::{export_annex, import_annex, AnnexError, ImportOptions, Imported};
pub use compare_report::write_compare_report;
pub use error::WriteError;
pub use limits::{human_size, Limit, Limits};
pub use open::ReadError;
pub use plan_report::write_plan_report;
pub use problems::{cell_name, CellProblem, Reading};
pub use rank_report::{write_rank_report, RankFailure};
pub use read::{Meta, Workbook};
pub use report::write_score_report;
pub use template::{write_template, TemplateMeta};
