//! `parscore plan`: the improvement plan (kế hoạch cải thiện Chỉ số CCHC) of a scored workbook.

use std::path::Path;

use parscore_core::{plan, Decimal, Lang, PlanOptions, ScoreOptions};
use parscore_read::Limits;
use parscore_report::PlanReport;

use crate::args::PlanFormat;
use crate::exit::Exit;
use crate::load::{pair, require_scoreable, score_file, PairOptions};
use crate::render::{self, print};
use crate::{files, msg};

pub struct PlanArgs<'a> {
    pub current: &'a Path,
    pub previous: Option<&'a Path>,
    pub pair: PairOptions<'a>,
    pub target: Option<Decimal>,
    pub format: PlanFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub lang: Lang,
}

pub fn run(a: PlanArgs<'_>) -> anyhow::Result<Exit> {
    let options = PlanOptions { target_percent: a.target, low_threshold: a.pair.low_threshold };
    let limits = Limits::default();
    let (current, comparison) = match a.previous {
        Some(previous) => {
            let pair = pair(previous, a.current, &a.pair, &limits)?;
            eprint!("{}", render::problems::warnings(&pair.previous, a.lang));
            (pair.current, Some(pair.comparison))
        }
        None => {
            let current = score_file(a.current, a.pair.set, &limits, &ScoreOptions::default())?;
            require_scoreable(&[&current], a.pair.lenient)?;
            (current, None)
        }
    };
    eprint!("{}", render::problems::warnings(&current, a.lang));
    let p = plan(&current.card, comparison.as_ref(), &options);
    let unit = current.unit.clone().unwrap_or_default();
    let report = PlanReport::new(&p, &unit);
    let inputs: Vec<&Path> = std::iter::once(a.current).chain(a.previous).collect();
    let text = match a.format {
        PlanFormat::Table => render::plan::table(&report, a.lang),
        PlanFormat::Md => render::plan::markdown(&report, a.lang),
        PlanFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        PlanFormat::Xlsx => {
            let Some(out) = a.output else { return Err(msg::xlsx_needs_output()) };
            let bytes = parscore_write::write_plan_report(&p, &unit, a.lang)?;
            files::write_atomic(out, &bytes, a.force, &inputs)?;
            msg::wrote(out, a.lang);
            return Ok(Exit::Ok);
        }
    };
    match a.output {
        Some(out) => files::write_atomic(out, text.as_bytes(), a.force, &inputs)?,
        None => print(&text)?,
    }
    Ok(Exit::Ok)
}
