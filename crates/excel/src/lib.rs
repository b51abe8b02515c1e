//! parscore's Excel adapter: it turns filled workbooks (xlsx, xls, ods) into the core's
//! [`Inputs`](parscore_core::Inputs), and criteria sets and scorecards into workbooks.
//!
//! It reads with calamine and writes with rust_xlsxwriter. It knows nothing of flags or
//! terminals; every problem it finds names the file, sheet, cell and criterion code.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod cells;
mod error;
mod formulas;
mod input_cells;
pub mod layout;
mod read;
mod report;
mod style;
mod template;

pub use error::WriteError;
pub use read::{cell_name, CellProblem, Meta, ReadError, Reading, Workbook};
pub use report::write_score_report;
pub use template::{write_template, TemplateMeta};
