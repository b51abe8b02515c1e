//! `parscore`: the command line. It parses flags, calls the library crates and prints; the
//! scoring itself lives in `parscore-core`, the workbooks in `parscore-excel`.

/// `eprintln!` that never panics. std's panics when stderr is closed (`parscore … 2>&1 | head
/// -1`), which would end the run with a panic's exit code 101 instead of ours; a message that
/// cannot be shown is dropped. Defined before the modules, it shadows std's in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod annex;
mod args;
mod compare;
mod criteria;
mod files;
mod limits;
mod msg;
mod out;
mod plan;
mod rank;
mod report;
mod score;
mod sets;
mod template;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let lang = cli.command.lang();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if out::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            if err.downcast_ref::<score::Reported>().is_some() {
                return ExitCode::from(2);
            }
            eprintln!("parscore: {}", out::escape(&msg::render(&err, lang)));
            ExitCode::from(2)
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        args::Command::Criteria(cmd) => criteria::run(cmd),
        args::Command::Template { set, unit, year, lang, output } => {
            template::run(&set, &unit, year, &output.path, output.force, lang.into())
        }
        args::Command::Rank { inputs, previous_dir, set, format, quiet, lang, output, limits } => {
            rank::run(rank::RankArgs {
                inputs: &inputs,
                previous_dir: previous_dir.as_deref(),
                set: set.as_deref(),
                format,
                output: output.path.as_deref(),
                force: output.force,
                quiet,
                lang: lang.into(),
                limits: limits.into(),
            })
        }
        args::Command::Compare { previous, current, compare, format, lang, output } => {
            let args = compare_args(&previous, &current, &compare);
            compare::run(args, format, output.path.as_deref(), output.force, lang.into())
        }
        args::Command::Plan { current, previous, target, compare, format, lang, output } => {
            let prev = previous.as_deref().unwrap_or(&current);
            plan::run(plan::PlanArgs {
                current: &current,
                previous: previous.as_deref(),
                compare: compare_args(prev, &current, &compare),
                target,
                format,
                output: output.path.as_deref(),
                force: output.force,
                lang: lang.into(),
            })
        }
        args::Command::Score { workbook, set, previous, format, lenient, lang, output, limits } => {
            score::run(score::ScoreArgs {
                workbook: &workbook,
                previous: previous.as_deref(),
                set: set.as_deref(),
                format,
                output: output.path.as_deref(),
                force: output.force,
                lenient,
                lang: lang.into(),
                limits: limits.into(),
            })
        }
    }
}

fn compare_args<'a>(
    previous: &'a std::path::Path,
    current: &'a std::path::Path,
    f: &'a args::CompareFlags,
) -> compare::CompareArgs<'a> {
    compare::CompareArgs {
        previous,
        current,
        previous_set: f.previous_set.as_deref(),
        set: f.set.as_deref(),
        basis: f.basis,
        low_threshold: f.low_threshold,
        lenient: f.lenient,
    }
}
