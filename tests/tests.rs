//! End-to-end tests: they run the built `parscore` binary on the shipped sets and fixtures and
//! assert its stdout, stderr and exit code. One test target, so the binary links once.

mod util;

/// Filling a workbook's cells as a person does (shared with the writer's tests).
#[path = "../crates/write/tests/support/fill.rs"]
mod fill;

mod bad;
mod compare;
mod criteria;
mod hostile;
mod kehoach;
mod rank;
mod score;
mod serve;
mod signed;
mod snapshots;
