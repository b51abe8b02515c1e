//! parscore's workbook reader: bytes from strangers (xlsx, xls, ods, whatever they are called)
//! in, sparse sheets and the core's [`Inputs`](parscore_core::Inputs) out.
//!
//! Everything it reads enters through one door, [`Book::open`]: the bytes are recognised for
//! what they are, checked against the [`Limits`] before calamine parses them (file size, what a
//! zip unpacks to, what an xls or ods sheet expands to, rows), and calamine runs inside a fence
//! that turns its panics into errors. Sheets come out as sparse [`Grid`]s. On top of it,
//! [`Workbook`] reads a self-assessment, and the annex importer (`parscore-annex`) an annex.
//!
//! It writes nothing and prints nothing; every problem names the file, sheet, cell and
//! criterion code, in Vietnamese and English. Its one error type is [`ReadError`].
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod cells;
mod cross_check;
mod error;
mod grid;
mod guard;
mod header;
mod heading;
mod limits;
mod ods_scan;
mod ole;
mod open;
mod ranking;
mod reading;
mod workbook;
mod xls_scan;
mod xlsx_scan;

/// A cell's value, as calamine reads it.
pub use calamine::Data;
pub use error::ReadError;
pub use grid::{Grid, Row};
pub use header::{find_header, fold_header, header_names};
pub use heading::Heading;
pub use limits::{human_size, GatePass, Limit, Limits, MemoryGate};
pub use open::{read_file, Book};
pub use ranking::read_ranking;
pub use reading::Reading;
pub use workbook::{Meta, Workbook};
pub use xlsx_scan::Formulas;
