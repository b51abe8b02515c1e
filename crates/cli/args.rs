//! The command line as clap structs. Nothing here does work; `main` converts these into calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Self-scoring for Vietnam's Administrative Reform Index (Chỉ số CCHC).
#[derive(Debug, Parser)]
#[command(name = "parscore", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and check criteria sets.
    #[command(subcommand)]
    Criteria(CriteriaCmd),
}

#[derive(Debug, Subcommand)]
pub enum CriteriaCmd {
    /// List the criteria sets shipped with parscore.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a set's tree with maxima and rules.
    Show {
        /// A shipped set's id (e.g. lai-chau/so/2025) or the path of a criteria JSON file.
        set: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        lang: LangArg,
    },
    /// Validate criteria sets (default: every shipped set); exit 2 listing every problem.
    Check {
        /// Shipped ids or paths of criteria JSON files.
        sets: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct LangArg {
    /// The language of labels and rule texts.
    #[arg(long, value_enum, default_value_t = LangChoice::Vi)]
    pub lang: LangChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangChoice {
    Vi,
    En,
}

impl From<LangArg> for parscore_core::Lang {
    fn from(l: LangArg) -> Self {
        match l.lang {
            LangChoice::Vi => parscore_core::Lang::Vi,
            LangChoice::En => parscore_core::Lang::En,
        }
    }
}

#[allow(dead_code)] // Used by the workbook commands.
pub type OutPath = Option<PathBuf>;
