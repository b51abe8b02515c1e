//! `parscore compare`: two years side by side.

use std::path::Path;

use parscore_core::Lang;
use parscore_read::Limits;
use parscore_report::CompareReport;

use crate::args::ReportFormat;
use crate::exit::Exit;
use crate::load::{pair, PairOptions};
use crate::render::{self, print};
use crate::{files, msg};

pub struct CompareArgs<'a> {
    pub previous: &'a Path,
    pub current: &'a Path,
    pub pair: PairOptions<'a>,
    pub format: ReportFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
}

pub fn run(a: CompareArgs<'_>, lang: Lang) -> anyhow::Result<Exit> {
    let pair = pair(a.previous, a.current, &a.pair, &Limits::default())?;
    for s in [&pair.previous, &pair.current] {
        eprint!("{}", render::problems::warnings(s, lang));
    }
    let report = CompareReport::new(&pair.comparison, &pair.previous, &pair.current);
    let inputs = [a.previous, a.current];
    let text = match a.format {
        ReportFormat::Table => render::compare::table(&report, lang),
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        ReportFormat::Xlsx => {
            let Some(out) = a.output else { return Err(msg::xlsx_needs_output()) };
            let bytes =
                parscore_write::write_compare_report(&pair.comparison, report.unit(), lang)?;
            files::write_atomic(out, &bytes, a.force, &inputs)?;
            msg::wrote(out, lang);
            return Ok(Exit::Ok);
        }
    };
    match a.output {
        Some(out) => files::write_atomic(out, text.as_bytes(), a.force, &inputs)?,
        None => print(&text)?,
    }
    Ok(Exit::Ok)
}
