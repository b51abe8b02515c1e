//! `parscore rank`: score every workbook of a folder and rank the units.
//!
//! Each workbook is scored on its own, strictly, on every core (rayon): one bad workbook is
//! listed with its errors and left out, never stops the batch. Results are collected in file
//! order and ranked by the core before anything is printed, so the output is the same whatever
//! order the threads finish in.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use parscore_core::{fold_label, CriteriaSet, Lang, Ranking, ScoreOptions, Text, UnitResult};
use parscore_read::{Limits, MemoryGate};
use parscore_report::{check_folder_years, folder_gap, RankFailure, RankReport};
use rayon::prelude::*;

use crate::args::ReportFormat;
use crate::exit::Exit;
use crate::render::{self, escape, escape_line, print};
use crate::{files, load, msg, sets};

/// What `parscore rank` was asked to do.
pub struct RankArgs<'a> {
    pub inputs: &'a [PathBuf],
    pub previous_dir: Option<&'a Path>,
    pub set: Option<&'a str>,
    pub format: ReportFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub quiet: bool,
    pub lang: Lang,
    /// Bounds on every workbook read, this year's and last year's, as `score` keeps them.
    pub limits: Limits,
}

/// The workbooks of one year, scored: the ranking, and those left out.
struct Batch {
    /// The set every ranked unit was scored on; `None` when none could be scored.
    pub set: Option<CriteriaSet>,
    pub ranking: Ranking,
    pub failures: Vec<RankFailure>,
    /// What the ranked workbooks say that does not stop the ranking ([`parscore_report::Scored::notes`]).
    pub notes: Vec<Text>,
}

/// What the workbooks scored at the same time may unpack together: with the default limits a
/// single workbook stays far below it, and however many cores score, the batch's memory stays
/// near this bound (plus what each thread's parser keeps for itself).
static GATE: MemoryGate = MemoryGate::new(300_000_000);

pub fn run(a: RankArgs<'_>) -> anyhow::Result<Exit> {
    let a = RankArgs { limits: Limits { gate: Some(&GATE), ..a.limits }, ..a };
    if a.format == ReportFormat::Xlsx && a.output.is_none() {
        return Err(msg::xlsx_needs_output());
    }
    // A wrong --set is one error up front, not the same error for every workbook.
    let set = a.set.map(sets::resolve).transpose()?.map(|l| l.set);
    let (files, unreadable) = collect(a.inputs)?;
    // The report must not replace a workbook it ranks (found again by device and inode, so
    // through links too): refused before anything is scored, with or without --force.
    if let Some(out) = a.output {
        if let Some(input) = files.iter().find(|f| files::same_file(out, f)) {
            let (out, input) = (out.display(), input.display());
            msg::bail_t!(
                format!(
                    "không ghi {out}: đó là bảng tính đầu vào {input}; hãy ghi báo cáo ra ngoài các \
                     thư mục được xếp hạng"
                ),
                format!(
                    "refusing to write {out}: it is the input workbook {input}; write the report \
                     outside the folders ranked"
                ),
            );
        }
    }
    let show = !a.quiet && std::io::stderr().is_terminal();
    let progress = Progress::new("scoring", files.len(), show);
    let mut current = score_batch(&files, a.set, set, &a.limits, progress);
    current.failures.extend(unreadable);
    let (last_files, last_unreadable) = match a.previous_dir {
        Some(dir) => collect(&[dir.to_path_buf()])?,
        None => (Vec::new(), Vec::new()),
    };
    let previous = a.previous_dir.map(|_| {
        let p = Progress::new("scoring last year's", last_files.len(), show);
        let mut batch = score_batch(&last_files, None, None, &a.limits, p);
        batch.failures.extend(last_unreadable);
        batch
    });
    check_years(&current, previous.as_ref())?;
    if let Some(p) = &previous {
        current.ranking.compare_with(&p.ranking);
    }

    let warnings = warnings(&current, previous.as_ref());
    if !a.quiet {
        for w in &warnings {
            match a.lang {
                Lang::Vi => eprintln!("parscore: cảnh báo: {}", escape(&w.vi)),
                Lang::En => eprintln!("parscore: warning: {}", escape(&w.en)),
            }
        }
        if let Some(p) = previous.as_ref().filter(|p| !p.failures.is_empty()) {
            match a.lang {
                Lang::Vi => eprintln!(
                    "parscore: cảnh báo: không chấm được {} bảng tính của năm trước:",
                    p.failures.len()
                ),
                Lang::En => eprintln!(
                    "parscore: warning: {} of last year's workbooks could not be scored:",
                    p.failures.len()
                ),
            }
            for line in p.failures.iter().flat_map(RankFailure::lines) {
                eprintln!("  {}", escape_line(line.get(a.lang)));
            }
        }
    }

    // The report never replaces a workbook it read, this year's or last year's.
    let inputs: Vec<&Path> = files.iter().chain(&last_files).map(PathBuf::as_path).collect();
    match a.format {
        ReportFormat::Xlsx => {
            let Some(out) = a.output else { return Err(msg::xlsx_needs_output()) };
            let mut all = current.failures.clone();
            all.extend(previous.iter().flat_map(|p| p.failures.iter().cloned()));
            let bytes = parscore_write::write_rank_report(
                current.set.as_ref(),
                &current.ranking,
                &all,
                a.lang,
            )?;
            files::write_atomic(out, &bytes, a.force, &inputs)?;
            if !a.quiet {
                msg::wrote(out, a.lang);
            }
        }
        ReportFormat::Table | ReportFormat::Json => {
            let last = previous.as_ref().map(|p| (p.set.as_ref(), &p.ranking, &p.failures[..]));
            let report = RankReport::new(
                current.set.as_ref(),
                &current.ranking,
                &current.failures,
                last,
                warnings,
            );
            let text = if a.format == ReportFormat::Json {
                serde_json::to_string_pretty(&report)? + "\n"
            } else {
                render::rank::table(&report, a.lang)
            };
            match a.output {
                Some(out) => files::write_atomic(out, text.as_bytes(), a.force, &inputs)?,
                None => print(&text)?,
            }
        }
    }

    let (ranked, failed) = (current.ranking.units.len(), current.failures.len());
    if failed > 0 && !a.quiet {
        let table = a.format == ReportFormat::Table;
        let total = ranked + failed;
        match a.lang {
            Lang::Vi => {
                let listed = if table {
                    "liệt kê sau bảng xếp hạng"
                } else {
                    "xem trong báo cáo"
                };
                eprintln!(
                    "parscore: không chấm được {failed} trong {total} bảng tính, đã loại khỏi xếp \
                     hạng ({listed})"
                );
            }
            Lang::En => {
                let listed = if table { "listed after the ranking" } else { "in the report" };
                eprintln!(
                    "parscore: {failed} of {total} workbook(s) could not be scored and were left \
                     out ({listed})"
                );
            }
        }
    }
    match (ranked, failed) {
        (0, _) => msg::bail_t!(
            format!(
                "không chấm được bảng tính nào trong {failed} bảng tính: không có bảng xếp hạng"
            ),
            format!("none of the {failed} workbook(s) could be scored: nothing to rank"),
        ),
        (_, 0) => Ok(Exit::Ok),
        _ => Ok(Exit::Findings),
    }
}

/// Notes that do not stop the ranking: what the ranked workbooks note (a unit named otherwise
/// on its sheet than in its template), and last year's folder being older than the year before
/// this one.
fn warnings(current: &Batch, previous: Option<&Batch>) -> Vec<Text> {
    let mut out = current.notes.clone();
    let years = (current.set.as_ref(), previous.and_then(|p| p.set.as_ref()));
    if let (Some(now), Some(then)) = years {
        out.extend(folder_gap(then.year, now.year));
    }
    out
}

/// `--previous-dir` must hold an earlier year than the ranking.
fn check_years(current: &Batch, previous: Option<&Batch>) -> anyhow::Result<()> {
    let years = (current.set.as_ref(), previous.and_then(|p| p.set.as_ref()));
    let (Some(now), Some(then)) = years else { return Ok(()) };
    check_folder_years(then.year, now.year).map_err(msg::text)
}

/// The workbooks to score: files as given, folders searched recursively, each file once, in a
/// stable order (arguments in turn, folder entries by name); and the folders that could not be
/// listed, each a failure of its own (one unreadable folder does not stop the batch).
fn collect(inputs: &[PathBuf]) -> anyhow::Result<(Vec<PathBuf>, Vec<RankFailure>)> {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| {
            let input = input.display();
            let e = msg::io_text(&e);
            msg::error(
                format!("không đọc được {input}: {}", e.vi),
                format!("cannot read {input}: {}", e.en),
            )
        })?;
        if meta.is_dir() {
            walk(input, &mut found, &mut unreadable);
        } else {
            found.push(input.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for path in found {
        let real = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(real) {
            files.push(path);
        }
    }
    if files.is_empty() && unreadable.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        let names = names.join(", ");
        msg::bail_t!(
            format!("không có bảng tính nào (.xlsx, .xlsm, .xls, .ods) trong {names}"),
            format!("no workbooks (.xlsx, .xlsm, .xls, .ods) in {names}"),
        );
    }
    Ok((files, unreadable))
}

/// Adds the workbooks under `dir` to `out`, entries in name order; a folder that cannot be
/// listed goes to `unreadable`, and the walk goes on.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, unreadable: &mut Vec<RankFailure>) {
    let listed = fs::read_dir(dir).and_then(|d| d.collect::<Result<Vec<_>, _>>());
    let mut entries = match listed {
        Ok(entries) => entries,
        Err(e) => {
            let (shown, t) = (dir.display().to_string(), msg::io_text(&e));
            unreadable.push(RankFailure {
                error: Some(Text::new(
                    format!("{shown}: không đọc được thư mục: {}", t.vi),
                    format!("{shown}: cannot list the folder: {}", t.en),
                )),
                file: shown,
                problems: Vec::new(),
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Hidden names cover LibreOffice's lock files (`.~lock.x.xlsx#`) and parscore's own
        // temporary files; `~$x.xlsx` is the owner file Excel keeps beside an open workbook.
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = entry.path();
        // Symbolic links to files are followed, to folders not (a link loop would never end).
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&path, out, unreadable);
        } else if (kind.is_file() || (kind.is_symlink() && path.is_file())) && is_workbook(&path) {
            out.push(path);
        }
    }
}

fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// One workbook scored, or why not.
enum Outcome {
    Scored { result: UnitResult, set_id: String, notes: Vec<Text> },
    Failed(RankFailure),
}

/// Scores `files` in parallel and ranks those that score cleanly on one criteria set.
///
/// With `set` (resolved from `set_arg`) every workbook is scored on it; without, each on the set
/// it records, and the batch keeps the set most of them record: a workbook of another set is
/// a failure, since its percentage does not compare. A workbook over one of `limits` is a
/// failure naming the flag that raises it.
fn score_batch(
    files: &[PathBuf],
    set_arg: Option<&str>,
    set: Option<CriteriaSet>,
    limits: &Limits,
    progress: Progress,
) -> Batch {
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .map(|path| {
            let outcome = score_one(path, set_arg, limits);
            progress.tick();
            outcome
        })
        .collect();
    progress.finish();

    let scored = outcomes.iter().filter(|o| matches!(o, Outcome::Scored { .. })).count();
    let chosen = match &set {
        Some(s) => Some(s.id.clone()),
        None => majority(&outcomes),
    };
    let kept = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Scored { set_id, .. } if Some(set_id) == chosen.as_ref()))
        .count();
    let mut results = Vec::new();
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Scored { result, set_id, notes: n } if Some(&set_id) == chosen.as_ref() => {
                notes.extend(n);
                results.push(result)
            }
            Outcome::Scored { result, set_id, .. } => failures.push(RankFailure {
                error: Some(Text::new(
                    format!(
                        "{}: lập theo bộ tiêu chí {set_id}, nhưng bảng xếp hạng theo bộ {}, bộ \
                         mà đa số bảng tính ghi ({kept} trên {scored}); hãy xếp hạng riêng từng \
                         bộ tiêu chí, hoặc dùng --set",
                        result.file,
                        chosen.as_deref().unwrap_or("?"),
                    ),
                    format!(
                        "{}: made for criteria set {set_id}, but the ranking is of {}, the set \
                         most workbooks record ({kept} of {scored}); rank each set on its own, \
                         or pass --set",
                        result.file,
                        chosen.as_deref().unwrap_or("?"),
                    ),
                )),
                file: result.file,
                problems: Vec::new(),
            }),
            Outcome::Failed(f) => failures.push(f),
        }
    }
    let results = leave_out_duplicates(results, &mut failures);
    let set = set.or_else(|| chosen.and_then(|id| sets::shipped_set(&id)));
    Batch { set, ranking: Ranking::new(results), failures, notes }
}

/// A unit named by several workbooks (a resubmission left beside the first, a copied
/// template whose unit was not changed) would take several places in the ranking and push
/// every unit below it down. Which workbook is the right one only the office can tell, so all
/// of them are left out and listed, and the exit code says the batch is incomplete.
fn leave_out_duplicates(
    results: Vec<UnitResult>,
    failures: &mut Vec<RankFailure>,
) -> Vec<UnitResult> {
    let mut files_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &results {
        files_of.entry(fold_label(&r.unit)).or_default().push(r.file.clone());
    }
    let mut kept = Vec::new();
    for r in results {
        let others = files_of.get(&fold_label(&r.unit)).filter(|f| f.len() > 1);
        let Some(all) = others else {
            kept.push(r);
            continue;
        };
        let (n, list) = (all.len(), all.join(", "));
        failures.push(RankFailure {
            error: Some(Text::new(
                format!(
                    "{}: đơn vị \"{}\" có {n} bảng tính ({list}); không xếp hạng bảng tính nào \
                     của đơn vị này: hãy giữ lại một bảng tính, hoặc sửa tên đơn vị ghi trong \
                     bảng tính, rồi xếp hạng lại",
                    r.file, r.unit
                ),
                format!(
                    "{}: the unit \"{}\" is named by {n} workbooks ({list}); none of them is \
                     ranked: keep one, or correct the unit recorded in each, and rank again",
                    r.file, r.unit
                ),
            )),
            file: r.file,
            problems: Vec::new(),
        });
    }
    kept
}

/// The set most scored workbooks record; on a tie, the greatest id (the latest year of a
/// province and level sorts last).
fn majority(outcomes: &[Outcome]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for o in outcomes {
        if let Outcome::Scored { set_id, .. } = o {
            *counts.entry(set_id.as_str()).or_insert(0) += 1;
        }
    }
    counts.into_iter().max_by_key(|(id, n)| (*n, *id)).map(|(id, _)| id.to_string())
}

fn score_one(path: &Path, set_arg: Option<&str>, limits: &Limits) -> Outcome {
    let file = path.display().to_string();
    // A ranking keeps only totals and domains (see below): the reasons would be thrown away.
    let options = ScoreOptions { reasons: false };
    match load::score_file(path, set_arg, limits, &options) {
        Err(e) => Outcome::Failed(RankFailure {
            file,
            error: Some(Text::new(msg::render(&e, Lang::Vi), msg::render(&e, Lang::En))),
            problems: Vec::new(),
        }),
        // Strict, as `score` is without --lenient: a bad cell would rank a unit on a guess.
        Ok(s) if !s.problems.is_empty() => {
            Outcome::Failed(RankFailure { file, error: None, problems: s.problems })
        }
        Ok(s) => {
            let unit = s.unit.clone().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| {
                path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            });
            // Only the totals and domains are kept: the set and scorecard are dropped here, so
            // memory does not grow with thousands of full scorecards.
            let result = UnitResult::new(unit, file, &s.card);
            let notes = s.notes.iter().map(|n| Text::new(n.display(Lang::Vi), n.display(Lang::En)));
            Outcome::Scored { result, set_id: s.set().id.clone(), notes: notes.collect() }
        }
    }
}

/// A one-line counter on stderr ("parscore: scoring 412/1000 workbooks").
///
/// Hand-written rather than indicatif: one line redrawn at most ten times a second is all a
/// batch needs, and indicatif would bring half a dozen crates to compile on a two-core machine.
struct Progress {
    label: &'static str,
    total: usize,
    done: AtomicUsize,
    show: bool,
    last: Mutex<Option<Instant>>,
}

impl Progress {
    fn new(label: &'static str, total: usize, show: bool) -> Progress {
        Progress { label, total, done: AtomicUsize::new(0), show, last: Mutex::new(None) }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.show {
            return;
        }
        // try_lock: a thread that finds another drawing skips its frame instead of waiting.
        let Ok(mut last) = self.last.try_lock() else { return };
        let due = last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        if due || done == self.total {
            *last = Some(Instant::now());
            eprint!("\rparscore: {} {done}/{} workbooks", self.label, self.total);
        }
    }

    fn finish(&self) {
        if self.show {
            // Erase the counter so the report starts on a clean line.
            eprint!("\r\x1b[2K");
        }
    }
}
