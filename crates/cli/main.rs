//! `parscore`: the command line. It parses flags, calls the library crates and prints; the
//! scoring itself lives in `parscore-core`, the workbooks in `parscore-excel`.

mod args;
mod criteria;
mod files;
mod out;
mod report;
mod score;
mod sets;
mod template;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if out::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            if err.downcast_ref::<score::Reported>().is_some() {
                return ExitCode::from(2);
            }
            eprintln!("parscore: {}", out::escape(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        args::Command::Criteria(cmd) => criteria::run(cmd),
        args::Command::Template { set, unit, year, output } => {
            template::run(&set, &unit, year, &output.path, output.force)
        }
        args::Command::Score { workbook, set, previous: _, format, lenient, lang, output } => {
            score::run(score::ScoreArgs {
                workbook: &workbook,
                set: set.as_deref(),
                format,
                output: output.path.as_deref(),
                force: output.force,
                lenient,
                lang: lang.into(),
            })
        }
    }
}
