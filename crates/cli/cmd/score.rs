//! `parscore score`: read a filled workbook, score it, report it.

use std::path::Path;

use parscore_core::{Lang, ScoreOptions, DEFAULT_LOW_THRESHOLD};
use parscore_read::Limits;
use parscore_report::{CompareReport, ScoreReport};

use crate::args::ReportFormat;
use crate::exit::Exit;
use crate::load::{compare_scored, require_scoreable, score_file};
use crate::render::{self, colour, print};
use crate::{files, msg};

pub struct ScoreArgs<'a> {
    pub workbook: &'a Path,
    pub previous: Option<&'a Path>,
    pub set: Option<&'a str>,
    pub format: ReportFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub lenient: bool,
    pub lang: Lang,
    pub limits: Limits,
}

pub fn run(a: ScoreArgs<'_>) -> anyhow::Result<Exit> {
    let options = ScoreOptions::default();
    let scored = score_file(a.workbook, a.set, &a.limits, &options)?;
    let previous = a.previous.map(|p| score_file(p, None, &a.limits, &options)).transpose()?;
    let all: Vec<_> = std::iter::once(&scored).chain(previous.as_ref()).collect();
    require_scoreable(&all, a.lenient)?;
    for s in &all {
        eprint!("{}", render::problems::warnings(s, a.lang));
    }
    let mut report = ScoreReport::new(&scored);
    if let Some(prev) = &previous {
        let comparison = compare_scored(prev, &scored, None, DEFAULT_LOW_THRESHOLD)?;
        report.comparison = Some(CompareReport::new(&comparison, prev, &scored));
    }
    // A criteria file given with --set is an input too: -o must not overwrite it.
    let set_file = a.set.map(Path::new).filter(|p| p.is_file());
    let inputs: Vec<&Path> =
        std::iter::once(a.workbook).chain(a.previous).chain(set_file).collect();
    let text = match a.format {
        ReportFormat::Table => {
            let mut text = render::score::table(&report, a.lang, colour());
            if let Some(c) = &report.comparison {
                text.push('\n');
                text.push_str(&render::compare::table(c, a.lang));
            }
            text
        }
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        ReportFormat::Xlsx => {
            let Some(out) = a.output else { return Err(msg::xlsx_needs_output()) };
            let unit = scored.unit.clone().unwrap_or_default();
            let bytes =
                parscore_write::write_score_report(scored.set(), &scored.card, &unit, a.lang)?;
            files::write_atomic(out, &bytes, a.force, &inputs)?;
            msg::wrote(out, a.lang);
            if report.comparison.is_some() {
                eprintln!(
                    "parscore: {}",
                    match a.lang {
                        Lang::Vi =>
                            "bảng tính điểm không kèm phần so sánh; dùng `parscore compare \
                             --format xlsx`",
                        Lang::En =>
                            "the comparison is not part of the score workbook; use `parscore \
                             compare --format xlsx`",
                    }
                );
            }
            return Ok(Exit::Ok);
        }
    };
    match a.output {
        Some(out) => files::write_atomic(out, text.as_bytes(), a.force, &inputs)?,
        None => print(&text)?,
    }
    Ok(Exit::Ok)
}
