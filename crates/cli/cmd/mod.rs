//! One thin module per command: each parses its arguments into the library's options, loads
//! what it works on (`crate::load`), calls the core and report crates, and renders
//! (`crate::render`) or writes (`crate::files`). No command module imports another.

mod annex;
mod compare;
mod criteria;
mod plan;
mod rank;
mod score;
mod serve;
mod template;

use parscore_core::Lang;

use crate::args::{Command, CompareFlags, CriteriaCmd};
use crate::exit::Exit;
use crate::load::PairOptions;

/// Runs `command`, reporting in `lang`.
pub fn run(command: Command, lang: Lang) -> anyhow::Result<Exit> {
    match command {
        Command::Criteria(cmd) => match cmd {
            CriteriaCmd::List { format } => criteria::list(format),
            CriteriaCmd::Show { set, format } => criteria::show(&set, format, lang),
            CriteriaCmd::Check { sets } => criteria::check(&sets, lang),
            CriteriaCmd::Import { annex, id, year, level, details, output, force } => {
                annex::import(annex::ImportArgs {
                    annex: &annex,
                    id: &id,
                    year,
                    level: level.into(),
                    details,
                    output: output.as_deref(),
                    force,
                    lang,
                })
            }
            CriteriaCmd::Export { set, output } => {
                annex::export(&set, &output.path, output.force, lang)
            }
        },
        Command::Template { set, unit, year, output } => {
            template::run(&set, &unit, year, &output.path, output.force, lang)
        }
        Command::Rank { inputs, previous_dir, set, format, quiet, output, limits } => {
            rank::run(rank::RankArgs {
                inputs: &inputs,
                previous_dir: previous_dir.as_deref(),
                set: set.as_deref(),
                format,
                output: output.path.as_deref(),
                force: output.force,
                quiet,
                lang,
                limits: limits.into(),
            })
        }
        Command::Compare { previous, current, compare, format, output } => compare::run(
            compare::CompareArgs {
                previous: &previous,
                current: &current,
                pair: pair_options(&compare),
                format,
                output: output.path.as_deref(),
                force: output.force,
            },
            lang,
        ),
        Command::Plan {
            current,
            previous,
            target,
            ranking,
            letterhead,
            compare,
            format,
            output,
        } => plan::run(plan::PlanArgs {
            current: &current,
            previous: previous.as_deref(),
            pair: pair_options(&compare),
            target,
            ranking: ranking.as_deref(),
            letterhead: letterhead.as_deref(),
            format,
            output: output.path.as_deref(),
            force: output.force,
            lang,
        }),
        Command::Serve { data, listen, max_request_size, max_files, limits } => {
            serve::run(serve::ServeArgs {
                data,
                listen,
                max_request_size,
                max_files,
                limits: limits.into(),
                lang,
            })
        }
        Command::Score { workbook, set, previous, format, lenient, output, limits } => {
            score::run(score::ScoreArgs {
                workbook: &workbook,
                previous: previous.as_deref(),
                set: set.as_deref(),
                format,
                output: output.path.as_deref(),
                force: output.force,
                lenient,
                lang,
                limits: limits.into(),
            })
        }
    }
}

fn pair_options(f: &CompareFlags) -> PairOptions<'_> {
    PairOptions {
        previous_set: f.previous_set.as_deref(),
        set: f.set.as_deref(),
        basis: f.basis.map(Into::into),
        low_threshold: f.low_threshold,
        lenient: f.lenient,
    }
}
