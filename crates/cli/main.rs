//! `parscore`: the command line. It parses flags, calls the library crates and prints; the
//! scoring itself lives in `parscore-core`, the workbooks in `parscore-excel`.

mod args;
mod criteria;
mod out;
mod sets;

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
            eprintln!("parscore: {}", out::escape(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        args::Command::Criteria(cmd) => criteria::run(cmd),
    }
}
