//! The exit codes, one way each: 0 success, 1 a defined "findings" result (some workbooks of a
//! batch could not be scored), 2 an error. A command returns `Ok(Exit::Ok | Exit::Findings)`;
//! every error is an `Err`, which `main` prints and turns into [`Exit::Error`].

use std::process::ExitCode;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Ok,
    /// 1: done, with findings the caller must look at (workbooks left out of a ranking).
    Findings,
    /// 2: an error; nothing (or not everything) asked for was done.
    Error,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Findings => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}
