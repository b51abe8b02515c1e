//! `parscore plan`: the improvement plan (kế hoạch cải thiện Chỉ số CCHC) of a scored workbook,
//! as a table, Markdown, JSON, a workbook, or the unit's Kế hoạch in Word.

use std::path::Path;

use parscore_core::{plan, Decimal, Lang, PlanOptions, ScoreOptions};
use parscore_read::Limits;
use parscore_report::PlanReport;

use crate::args::PlanFormat;
use crate::exit::Exit;
use crate::load::{pair, require_scoreable, score_file, PairOptions};
use crate::msg::bail_t;
use crate::render::{self, print};
use crate::{files, load, msg};

pub struct PlanArgs<'a> {
    pub current: &'a Path,
    pub previous: Option<&'a Path>,
    pub pair: PairOptions<'a>,
    pub target: Option<Decimal>,
    pub ranking: Option<&'a Path>,
    pub letterhead: Option<&'a Path>,
    pub format: PlanFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub lang: Lang,
}

pub fn run(a: PlanArgs<'_>) -> anyhow::Result<Exit> {
    if a.letterhead.is_some() && a.format != PlanFormat::Docx {
        bail_t!(
            "--letterhead chỉ dùng với --format docx",
            "--letterhead is for --format docx only"
        );
    }
    let limits = Limits::default();
    // Read before scoring, so a bad letterhead is reported before any other output.
    let letterhead = a.letterhead.map(|l| load::letterhead(l, &limits)).transpose()?;
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
    let rank_up = a
        .ranking
        .map(|r| load::rank_up(r, current.unit.as_deref(), &current.file, &limits))
        .transpose()?;
    let options =
        PlanOptions { target_percent: a.target, low_threshold: a.pair.low_threshold, rank_up };
    let p = plan(&current.card, comparison.as_ref(), &options);
    let unit = current.unit.clone().unwrap_or_default();
    let report = PlanReport::new(&p, &unit);
    let inputs: Vec<&Path> =
        [Some(a.current), a.previous, a.ranking, a.letterhead].into_iter().flatten().collect();
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
        PlanFormat::Docx => {
            let Some(out) = a.output else { return Err(msg::docx_needs_output()) };
            let letterhead = letterhead.unwrap_or_default();
            let bytes = parscore_docx::write_kehoach(&p, &current.card.set, &unit, &letterhead)?;
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
