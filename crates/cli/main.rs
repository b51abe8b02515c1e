//! `parscore`: the command line. It parses flags, calls the library crates and prints; the
//! scoring lives in `parscore-core`, the workbooks in `parscore-read` and `parscore-write`, the
//! reports in `parscore-report`.
//!
//! Its layers, each importing only those below it: `cmd` (one thin module per command, none
//! importing another) over `load` (a workbook scored, two years paired) and `render` (tables,
//! problems), over `args`, `sets`, `files`, `limits`, `msg` and `exit`.

/// `eprintln!` that never panics. std's panics when stderr is closed (`parscore … 2>&1 | head
/// -1`), which would end the run with a panic's exit code 101 instead of ours; a message that
/// cannot be shown is dropped. Defined before the modules, it shadows std's in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod cmd;
mod exit;
mod files;
mod limits;
mod load;
mod msg;
mod render;
mod sets;
mod term;

use std::process::ExitCode;

use clap::Parser;

use crate::exit::Exit;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let lang = cli.lang.into();
    // The server stops on its own signal handler, finishing the requests under way; every
    // other command writes its outputs through a temporary file the handler removes.
    if !matches!(cli.command, args::Command::Serve { .. }) {
        files::clean_up_on_signal();
    }
    let exit = match cmd::run(cli.command, lang) {
        Ok(exit) => exit,
        Err(err) if render::is_broken_pipe(&err) => Exit::Ok,
        Err(err) => {
            eprintln!("{}", render::error(&err, lang));
            Exit::Error
        }
    };
    exit.into()
}
