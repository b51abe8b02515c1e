//! The self-assessment workbook as both directions see it: the sheet's columns and their
//! headers, the hidden sheet's keys, the words for "not applicable", which cells each rule reads,
//! and where a problem sits ([`CellProblem`], `E14`).
//!
//! It is the contract between `parscore-write` (which writes templates) and `parscore-read`
//! (which reads them back). It reads and writes nothing itself.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod layout;
mod problem;

pub use layout::{input_cols, na_label, Col};
pub use problem::{cell_name, CellProblem};
