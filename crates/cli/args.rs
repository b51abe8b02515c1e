//! The command line as clap structs. Nothing here does work; `main` converts these into calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Self-scoring for Vietnam's Administrative Reform Index (Chỉ số CCHC).
#[derive(Debug, Parser)]
#[command(name = "parscore", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of labels, rule texts, problems and errors.
    #[arg(long, global = true, value_enum, default_value_t = LangChoice::Vi)]
    pub lang: LangChoice,
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
    /// Compare last year's workbook with this year's, criterion by criterion.
    Compare {
        /// Last year's filled workbook.
        previous: PathBuf,
        /// This year's filled workbook.
        current: PathBuf,
        #[command(flatten)]
        compare: CompareFlags,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        #[command(flatten)]
        output: OptOutput,
    },
    /// Draft the improvement plan: the criteria to recover, ranked by points lost.
    Plan {
        /// This year's filled workbook.
        current: PathBuf,
        /// Last year's filled workbook, to find what fell.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// The percentage to reach, 0–100, e.g. last year's 78.3 (also 78,3 or 78,3%).
        #[arg(long, value_parser = parse_target)]
        target: Option<parscore_core::Decimal>,
        /// Last year's ranking (a `parscore rank` JSON or xlsx, or the province's published
        /// table with unit and percentage columns): the target becomes at least the
        /// percentage that would have placed the unit one rank higher.
        #[arg(long, value_name = "FILE")]
        ranking: Option<PathBuf>,
        /// With --format docx: the document's issuing bodies, number, place, date, grounds,
        /// signer and recipients (JSON; see the README).
        #[arg(long, value_name = "FILE")]
        letterhead: Option<PathBuf>,
        #[command(flatten)]
        compare: CompareFlags,
        #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
        format: PlanFormat,
        #[command(flatten)]
        output: OptOutput,
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
        output: OptOutput,
        #[command(flatten)]
        limits: crate::limits::LimitArgs,
    },
    /// Serve every page and the JSON API in a browser, on this computer: scores are stored
    /// in DIR; Ctrl-C stops it.
    Serve {
        /// The data folder (database, lock file); created when missing.
        #[arg(long, value_name = "DIR", default_value = "parscore-data")]
        data: PathBuf,
        /// The address to listen on; only a loopback address (127.0.0.1, ::1) until accounts
        /// exist.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Refuse requests larger than SIZE (all the files of one upload together).
        #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = crate::limits::parse_size)]
        max_request_size: u64,
        /// Refuse uploads of more than N files at once.
        #[arg(long, value_name = "N", default_value_t = 100)]
        max_files: usize,
        #[command(flatten)]
        limits: crate::limits::LimitArgs,
    },
    /// Score every workbook of folders (or files) and rank the units; exit 1 when some
    /// workbooks could not be scored (they are listed and left out), 2 when none could.
    Rank {
        /// Folders, searched recursively for .xlsx, .xlsm, .xls and .ods, and workbooks.
        #[arg(required = true, value_name = "DIR|FILE")]
        inputs: Vec<PathBuf>,
        /// Last year's folder: adds last year's percentage, the change and the rank change,
        /// matching units by the unit recorded in each workbook.
        #[arg(long, value_name = "DIR")]
        previous_dir: Option<PathBuf>,
        /// The criteria set (id or JSON file); by default the one most workbooks record.
        #[arg(long)]
        set: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// No progress counter and no messages on stderr; the exit code still tells.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        output: OptOutput,
        #[command(flatten)]
        limits: crate::limits::LimitArgs,
    },
}

/// How two years are read and compared.
#[derive(Debug, Args)]
pub struct CompareFlags {
    /// This year's criteria set (id or JSON file); by default the one the workbook records.
    #[arg(long)]
    pub set: Option<String>,
    /// Last year's criteria set; by default the one its workbook records.
    #[arg(long)]
    pub previous_set: Option<String>,
    /// Compare both years on this score; by default last year is appraised (where its
    /// workbook has Điểm thẩm định) and this year self-assessed.
    #[arg(long, value_enum)]
    pub basis: Option<BasisChoice>,
    /// A criterion below this percentage of its maximum is flagged low.
    #[arg(long, default_value = "50")]
    pub low_threshold: parscore_core::Decimal,
    /// Go on despite bad cells: they count as 0 and are listed as warnings.
    #[arg(long)]
    pub lenient: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisChoice {
    /// Điểm tự chấm.
    #[value(name = "self")]
    SelfAssessed,
    /// Điểm thẩm định.
    Appraised,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Table,
    Json,
    Xlsx,
    Md,
    /// The Kế hoạch as a Word document, in the format of Nghị định 30/2020/NĐ-CP.
    Docx,
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
    /// Write to this file instead of stdout (needed for xlsx and docx).
    #[arg(short = 'o', long = "output")]
    pub path: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// What an annex table may not say about its set; each overrides what the table says.
#[derive(Debug, Args)]
pub struct ImportDetails {
    /// The set's title, e.g. "Bộ tiêu chí … năm 2026"; by default the annex's own, else one
    /// naming the file.
    #[arg(long)]
    pub title: Option<String>,
    /// The decision the set follows, e.g. "Quyết định 123/QĐ-UBND ngày …".
    #[arg(long)]
    pub source: Option<String>,
    /// The previous year's set id, for comparing years (e.g. tinh-x/so/2025).
    #[arg(long, value_name = "ID")]
    pub previous: Option<String>,
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
    },
    /// Import a province's annex table (xlsx, xls or ods) as a criteria set (JSON).
    Import {
        /// The annex workbook.
        annex: PathBuf,
        /// The new set's id, e.g. tinh-x/so/2026.
        #[arg(long)]
        id: String,
        /// The assessment year.
        #[arg(long)]
        year: u16,
        /// The unit level.
        #[arg(long, value_enum)]
        level: LevelChoice,
        #[command(flatten)]
        details: ImportDetails,
        /// Write the JSON to this file instead of stdout.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Export a criteria set as an annex table (xlsx) that imports back exactly.
    Export {
        /// A shipped set's id or the path of a criteria JSON file.
        set: String,
        #[command(flatten)]
        output: Output,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangChoice {
    Vi,
    En,
}

impl From<LangChoice> for parscore_core::Lang {
    fn from(l: LangChoice) -> Self {
        match l {
            LangChoice::Vi => parscore_core::Lang::Vi,
            LangChoice::En => parscore_core::Lang::En,
        }
    }
}

/// The unit level a set scores, as the command line writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelChoice {
    /// Provincial departments (sở, ban, ngành).
    So,
    /// Districts (huyện).
    Huyen,
    /// Communes and wards (xã, phường).
    Xa,
    /// Provinces (tỉnh).
    Tinh,
}

impl From<LevelChoice> for parscore_core::Level {
    fn from(l: LevelChoice) -> Self {
        match l {
            LevelChoice::So => parscore_core::Level::So,
            LevelChoice::Huyen => parscore_core::Level::Huyen,
            LevelChoice::Xa => parscore_core::Level::Xa,
            LevelChoice::Tinh => parscore_core::Level::Tinh,
        }
    }
}

impl From<BasisChoice> for parscore_core::Basis {
    fn from(b: BasisChoice) -> Self {
        match b {
            BasisChoice::SelfAssessed => parscore_core::Basis::SelfAssessed,
            BasisChoice::Appraised => parscore_core::Basis::Appraised,
        }
    }
}

/// Reads `--target`: a percentage from 0 to 100, with a decimal point or comma and an optional
/// trailing `%` ("78.3", "78,3", "78,3%", "78.3 %"). clap prints the error after "invalid value
/// '…' for `--target <TARGET>`: ".
pub fn parse_target(text: &str) -> Result<parscore_core::Decimal, String> {
    use parscore_core::Decimal;
    let body = text.trim();
    let body = body.strip_suffix('%').unwrap_or(body).trim_end();
    let marks = body.chars().filter(|c| matches!(c, '.' | ',')).count();
    let plain = body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ','));
    let value = (plain && marks <= 1 && body.chars().any(|c| c.is_ascii_digit()))
        .then(|| body.replace(',', ".").parse::<Decimal>().ok())
        .flatten();
    match value {
        Some(v) if v <= Decimal::ONE_HUNDRED => Ok(v),
        Some(_) => Err(format!("{} is over 100: the target is a percentage from 0 to 100", body)),
        None if body.starts_with('-') => {
            Err(format!("{body} is below 0: the target is a percentage from 0 to 100"))
        }
        None => Err("expected a percentage from 0 to 100, such as 78.3, 78,3 or 78,3%".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> parscore_core::Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_target_takes_a_decimal_comma_and_a_percent_sign() {
        for text in ["78.3", "78,3", "78,3%", "78.3 %", " 78,30 "] {
            assert_eq!(parse_target(text), Ok(d("78.3")), "{text}");
        }
        assert_eq!(parse_target("100%"), Ok(d("100")));
        assert_eq!(parse_target("0"), Ok(d("0")));
        assert_eq!(
            parse_target("120"),
            Err("120 is over 100: the target is a percentage from 0 to 100".into())
        );
        assert_eq!(
            parse_target("-5%"),
            Err("-5 is below 0: the target is a percentage from 0 to 100".into())
        );
        let expected =
            Err("expected a percentage from 0 to 100, such as 78.3, 78,3 or 78,3%".into());
        for bad in ["", "%", "abc", "78,3.1", "7 8", "1e2"] {
            assert_eq!(parse_target(bad), expected, "{bad:?}");
        }
    }
}
