//! What the server does with a workbook, in the words of the library crates: read it through
//! the reader's one door, score it on its set, store it or record the refusal, pair it with
//! last year's and draft its plan. The same calls as the command line's `load.rs`; no HTTP
//! here, and no scoring of its own.
//!
//! Everything here is blocking (parsing a workbook, SQLite): handlers run it with
//! `tokio::task::spawn_blocking`.

use std::collections::BTreeMap;

use parscore_core::{
    compare, fold_label, plan, CompareOptions, Comparison, CriteriaSet, Decimal, Plan, PlanOptions,
    Ranking, ScoreOptions, Text, UnitResult, DEFAULT_LOW_THRESHOLD,
};
use parscore_read::Workbook;
use parscore_report::{check_pair_years, ProblemReport, RankReport, ScoreReport, Scored};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;
use crate::store::{NewAttempt, NewWorkbook, Saved, Stored};

/// Where a stored version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An uploaded workbook.
    Upload,
    /// The online form.
    Form,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Upload => "upload",
            Source::Form => "form",
        }
    }
}

/// SHA-256 of `bytes`, hex: the content's name in the store.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A label for an uploaded file's name: its last component, without control characters,
/// at most 200 characters. It names the file in messages and lists; it never becomes a path.
pub fn label(name: Option<&str>) -> String {
    let name = name.unwrap_or_default();
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() {
        "tệp tải lên.xlsx".to_string()
    } else {
        clean
    }
}

/// The set of `id`, or why not.
pub fn set(state: &AppState, id: &str) -> Result<CriteriaSet, AppError> {
    state.sets.get(id).ok_or_else(|| {
        AppError::Unreadable(Text::new(
            format!("không có bộ tiêu chí {id:?} trên máy chủ này; nhập bộ tiêu chí ở trang Bộ tiêu chí"),
            format!("no criteria set {id:?} on this server; import it on the Criteria sets page"),
        ))
    })
}

/// Reads `bytes` (named `file` in messages) within the state's workbook limits and scores it
/// on `set_id`, else on the set it records. Problems at cells are an error: the server scores
/// strictly, as `parscore score` does without `--lenient`.
pub fn score(
    state: &AppState,
    file: &str,
    bytes: &[u8],
    set_id: Option<&str>,
    options: &ScoreOptions,
) -> Result<Scored, AppError> {
    let wb = Workbook::from_bytes(file, bytes, &state.limits.workbook)
        .map_err(|e| AppError::Unreadable(e.text()))?;
    let set = match (set_id, wb.set_id()) {
        (Some(id), _) => set(state, id)?,
        (None, Some(id)) => set(state, id).map_err(|_| {
            AppError::Unreadable(Text::new(
                format!(
                    "{file}: bảng tính được lập theo bộ tiêu chí {id}, bộ này không có trên máy chủ; \
                     nhập bộ tiêu chí ở trang Bộ tiêu chí, hoặc chọn một bộ tiêu chí khác"
                ),
                format!(
                    "{file}: the workbook was made for criteria set {id}, which this server does \
                     not have; import it on the Criteria sets page, or choose another set"
                ),
            ))
        })?,
        (None, None) => {
            return Err(AppError::Unreadable(Text::new(
                format!("{file}: bảng tính không ghi bộ tiêu chí; hãy chọn bộ tiêu chí"),
                format!("{file}: the workbook does not record its criteria set; choose one"),
            )))
        }
    };
    let scored = Scored::new(&wb, &set, options);
    if scored.problems.is_empty() {
        Ok(scored)
    } else {
        Err(AppError::Problems { file: scored.file.clone(), problems: scored.problems })
    }
}

/// A workbook scored and stored.
#[derive(Debug)]
pub struct Submitted {
    /// What the store did.
    pub saved: Saved,
    /// The scorecard, as the API gives it.
    pub report: ScoreReport,
}

/// The unit a scored workbook is for: the one it records, else the file's name without its
/// extension (as `parscore rank` names it).
pub fn unit_name(scored: &Scored) -> String {
    scored.unit.clone().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| {
        let f = &scored.file;
        f.rsplit_once('.').map(|(stem, _)| stem.to_string()).unwrap_or_else(|| f.clone())
    })
}

/// Scores `bytes` and stores it, once per content; a workbook that cannot be scored is
/// recorded as a failed attempt (what was sent and why, never its bytes) and its error
/// returned.
pub fn submit(
    state: &AppState,
    file: &str,
    bytes: &[u8],
    set_id: Option<&str>,
    source: Source,
) -> Result<Submitted, AppError> {
    let hash = hash(bytes);
    let scored = match score(state, file, bytes, set_id, &ScoreOptions::default()) {
        Ok(s) => s,
        Err(e @ (AppError::Unreadable(_) | AppError::Problems { .. })) => {
            let problems = serde_json::to_string(&ProblemReport::all(e.problems()))
                .unwrap_or_else(|_| "[]".into());
            let error = matches!(e, AppError::Unreadable(_)).then(|| e.text());
            state.store.record_attempt(&NewAttempt {
                file_name: file,
                size: bytes.len() as u64,
                hash: &hash,
                error: error.as_ref(),
                problems: &problems,
            })?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    let unit = unit_name(&scored);
    let report = ScoreReport::new(&scored);
    let result = UnitResult::new(unit.clone(), file, &scored.card);
    let saved = state.store.save_workbook(&NewWorkbook {
        hash: &hash,
        bytes,
        unit: &unit,
        unit_key: &fold_label(&unit),
        set_id: &scored.set().id,
        year: scored.card.year(),
        file_name: file,
        source: source.as_str(),
        result: &result,
    })?;
    Ok(Submitted { saved, report })
}

/// A stored version read back and scored with its reasons (a page shows them; the store
/// keeps only what rankings need, and the bytes).
pub fn rescore(state: &AppState, stored: &Stored) -> Result<Scored, AppError> {
    let bytes = state
        .store
        .blob(&stored.hash)?
        .ok_or_else(|| AppError::not_found("tệp của phiên bản này", "the version's file"))?;
    score(state, &stored.file_name, &bytes, Some(&stored.set_id), &ScoreOptions::default())
}

/// A unit's year with last year beside it, and its plan.
#[derive(Debug)]
pub struct UnitYear {
    /// This year, scored.
    pub current: Scored,
    /// Last year, scored, when stored (the same unit on the set's `previous`).
    pub previous: Option<Scored>,
    /// The comparison, with last year.
    pub comparison: Option<Comparison>,
    /// The improvement plan.
    pub plan: Plan,
}

/// Reads back the version `stored`, last year's version of the same unit (matched by folded
/// name on the set's `previous`), compares them and drafts the plan to `target`.
pub fn unit_year(
    state: &AppState,
    stored: &Stored,
    target: Option<Decimal>,
) -> Result<UnitYear, AppError> {
    let current = rescore(state, stored)?;
    let key = fold_label(&stored.unit);
    let previous = match &current.set().previous {
        Some(prev_id) => match state.store.latest_by_key(&key, prev_id)? {
            Some(p) => Some(rescore(state, &p)?),
            None => None,
        },
        None => None,
    };
    let comparison = match &previous {
        Some(p) => {
            check_pair_years((&p.file, p.card.year()), (&current.file, current.card.year()))
                .map_err(AppError::Unreadable)?;
            let options = CompareOptions::default_for(&p.card, &current.card);
            Some(compare(&p.card, &current.card, &options))
        }
        None => None,
    };
    let options =
        PlanOptions { target_percent: target, low_threshold: DEFAULT_LOW_THRESHOLD, rank_up: None };
    let plan = plan(&current.card, comparison.as_ref(), &options);
    Ok(UnitYear { current, previous, comparison, plan })
}

/// A ranking of the stored units of one set, with last year's beside it when stored.
#[derive(Debug)]
pub struct RankView {
    /// The set ranked; `None` when nothing is stored for the year asked.
    pub set: Option<CriteriaSet>,
    /// The units, ranked (compared with last year's when stored).
    pub ranking: Ranking,
    /// Last year's set and ranking, when any unit is stored on the set's `previous`.
    pub previous: Option<(CriteriaSet, Ranking)>,
    /// Each ranked unit's id in the store, by folded name.
    pub unit_ids: BTreeMap<String, i64>,
}

impl RankView {
    /// The report, as `parscore rank --format json` writes it.
    pub fn report(&self) -> RankReport {
        let previous = self.previous.as_ref().map(|(s, r)| (Some(s), r, &[][..]));
        RankReport::new(self.set.as_ref(), &self.ranking, &[], previous, Vec::new())
    }
}

/// The set to rank: `set_id` (which must be of `year` when both are given), else the set with
/// the most stored units in `year` (else in the latest year stored); on a tie the greatest id,
/// as `parscore rank` chooses.
pub fn rank_set(
    state: &AppState,
    year: Option<u16>,
    set_id: Option<&str>,
) -> Result<Option<CriteriaSet>, AppError> {
    if let Some(id) = set_id {
        let s = set(state, id).map_err(|e| AppError::NotFound(e.text()))?;
        if let Some(y) = year.filter(|y| *y != s.year) {
            return Err(AppError::BadRequest(Text::new(
                format!("bộ tiêu chí {id} là của năm {}, không phải năm {y}", s.year),
                format!("the criteria set {id} is for {}, not {y}", s.year),
            )));
        }
        return Ok(Some(s));
    }
    let counts = state.store.set_counts()?;
    let year = year.or_else(|| counts.iter().map(|(_, y, _)| *y).max());
    let best = counts
        .iter()
        .filter(|(_, y, _)| Some(*y) == year)
        .max_by_key(|(id, _, n)| (*n, id.clone()))
        .map(|(id, _, _)| id.clone());
    match best {
        Some(id) => Ok(state.sets.get(&id)),
        // Nothing stored for the year: the set of that year the server knows, if one.
        None => Ok(year.and_then(|y| {
            state.sets.all().into_iter().map(|(s, _)| s).filter(|s| s.year == y).last()
        })),
    }
}

/// Ranks the newest version of every unit stored on the chosen set (see [`rank_set`]),
/// with last year's rank and change when units are stored on the set's `previous`. Reads
/// only the stored results: nothing is rescored.
pub fn rank(
    state: &AppState,
    year: Option<u16>,
    set_id: Option<&str>,
) -> Result<RankView, AppError> {
    let Some(set) = rank_set(state, year, set_id)? else {
        return Ok(RankView {
            set: None,
            ranking: Ranking::default(),
            previous: None,
            unit_ids: BTreeMap::new(),
        });
    };
    let stored = state.store.results(&set.id)?;
    let mut unit_ids = BTreeMap::new();
    let mut results = Vec::with_capacity(stored.len());
    for (id, result) in stored {
        unit_ids.insert(fold_label(&result.unit), id);
        results.push(result);
    }
    let mut ranking = Ranking::new(results);
    let mut previous = None;
    if let Some(prev) = set.previous.as_deref().and_then(|id| state.sets.get(id)) {
        let last: Vec<UnitResult> =
            state.store.results(&prev.id)?.into_iter().map(|(_, r)| r).collect();
        if !last.is_empty() {
            let last = Ranking::new(last);
            ranking.compare_with(&last);
            previous = Some((prev, last));
        }
    }
    Ok(RankView { set: Some(set), ranking, previous, unit_ids })
}
