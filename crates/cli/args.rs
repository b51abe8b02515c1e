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
    /// Write the fill-in self-assessment workbook for a criteria set.
    Template {
        /// A shipped set's id (e.g. lai-chau/so/2025) or the path of a criteria JSON file.
        #[arg(long)]
        set: String,
        /// The unit that fills it in, e.g. "Sở Xây dựng".
        #[arg(long, default_value = "")]
        unit: String,
        /// The assessment year; must be the set's year (it is recorded in the workbook).
        #[arg(long)]
        year: Option<u16>,
        #[command(flatten)]
        output: Output,
    },
    /// Score a filled self-assessment workbook (xlsx, xls or ods).
    Score {
        /// The filled workbook.
        workbook: PathBuf,
        /// The criteria set (id or JSON file); by default the one the workbook records.
        #[arg(long)]
        set: Option<String>,
        /// Last year's workbook, to add the comparison.
        #[arg(long)]
        previous: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Score even when cells are bad: they count as 0 and are listed as warnings.
        #[arg(long)]
        lenient: bool,
        #[command(flatten)]
        lang: LangArg,
        #[command(flatten)]
        output: OptOutput,
    },
}

/// A required output file.
#[derive(Debug, Args)]
pub struct Output {
    /// The file to write.
    #[arg(short = 'o', long = "output")]
    pub path: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// An optional output file (stdout otherwise).
#[derive(Debug, Args)]
pub struct OptOutput {
    /// Write to this file instead of stdout (needed for xlsx).
    #[arg(short = 'o', long = "output")]
    pub path: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Xlsx,
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
