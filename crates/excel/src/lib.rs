//! parscore's Excel adapter: it turns filled workbooks (xlsx, xls, ods) into the core's
//! [`Inputs`](parscore_core::Inputs), and criteria sets and scorecards into workbooks.
//!
//! It reads with calamine and writes with rust_xlsxwriter. It knows nothing of flags or
//! terminals; every problem it finds names the file, sheet, cell and criterion code.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod layout;
