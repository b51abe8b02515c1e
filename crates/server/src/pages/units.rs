//! *Đơn vị*: the units stored, and one unit's year — total, percentage, grade, every node
//! with its input (in its reason), evidence and flags, last year beside it when stored, the
//! improvement plan to a target, and the downloads of the score, compare and plan reports.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use parscore_core::{flags, Decimal, Lang, NodeSide, Text, DEFAULT_LOW_THRESHOLD};
use parscore_report::{CompareReport, FlagReport, PlanReport, ScoreReport};
use serde::Deserialize;

use super::sets::{write_error, xlsx};
use super::{opt_pct, page_err, pct, pts, render, signed_pp, text, Chrome, PageResult};
use crate::api::blocking;
use crate::charts::{self, Chart};
use crate::engine::{self, UnitYear};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Stored;
use crate::ui::Ui;
use crate::words::words;

struct UnitRow {
    link: String,
    unit: String,
    set: String,
    year: u16,
    percent: String,
    grade: String,
    source: String,
    when: String,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    chrome: Chrome,
    units: Vec<UnitRow>,
}

fn source_word(source: &str, lang: Lang) -> &'static str {
    let w = words(lang);
    if source == "form" {
        w.source_form
    } else {
        w.source_upload
    }
}

/// `GET /units`: every unit's newest version on each set.
pub async fn list(State(state): State<AppState>, ui: Ui) -> PageResult {
    let lang = ui.lang;
    let stored = blocking(move || Ok(state.store.latest_all()?)).await.map_err(page_err(lang))?;
    let units = stored
        .into_iter()
        .map(|s| UnitRow {
            link: unit_link(&s),
            unit: s.unit,
            set: s.set_id,
            year: s.year,
            percent: pct(s.percent, lang),
            grade: text(s.grade.as_ref(), lang),
            source: source_word(&s.source, lang).to_string(),
            when: s.created_at,
        })
        .collect();
    let chrome = Chrome::new(&ui, "units", words(lang).nav_units);
    render(&UnitsPage { chrome, units }).map_err(page_err(lang))
}

fn unit_link(s: &Stored) -> String {
    format!("/units/{}?set={}", s.unit_id, s.set_id)
}

/// The query of a unit's page.
#[derive(Debug, Deserialize)]
pub struct UnitQuery {
    set: Option<String>,
    version: Option<i64>,
    target: Option<String>,
}

/// The version asked for: `version`, else the newest on `set`, else the newest of all.
fn chosen(state: &AppState, unit_id: i64, q: &UnitQuery) -> Result<Stored, AppError> {
    let versions = state.store.versions(unit_id)?;
    let pick = match (q.version, q.set.as_deref()) {
        (Some(v), _) => versions.into_iter().find(|s| s.id == v),
        (None, Some(set)) => versions.into_iter().find(|s| s.set_id == set),
        (None, None) => versions.into_iter().next(),
    };
    pick.ok_or_else(|| AppError::not_found("đơn vị hoặc phiên bản này", "unit or version"))
}

/// A target as people type it: "78,3", "78.3", "78,3%"; blank for none.
fn target(q: Option<&str>) -> Result<Option<Decimal>, AppError> {
    let Some(t) = q.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let body = t.strip_suffix('%').unwrap_or(t);
    let v = parscore_read::cells::parse_text_number(body)
        .filter(|v| *v >= Decimal::ZERO && *v <= Decimal::ONE_HUNDRED);
    v.map(Some).ok_or_else(|| {
        AppError::BadRequest(Text::new(
            format!("mục tiêu {t:?} không hợp lệ: ghi một tỷ lệ từ 0 đến 100, ví dụ 78,3"),
            format!("the target {t:?} is not valid: write a percentage from 0 to 100, e.g. 78.3"),
        ))
    })
}

struct FlagView {
    kind: &'static str,
    text: String,
}

struct NodeRow {
    code: String,
    name: String,
    depth: usize,
    max: String,
    score: String,
    percent: String,
    last: String,
    reason: String,
    evidence: String,
    appraised: String,
    flags: Vec<FlagView>,
}

struct PlanRow {
    code: String,
    name: String,
    owner: String,
    score: String,
    max: String,
    lost: String,
    last: String,
    flags: Vec<FlagView>,
    to_add: Vec<String>,
    closes_gap: bool,
}

struct Summary {
    year: u16,
    total: String,
    max: String,
    percent: String,
    grade: String,
}

struct VersionRow {
    link: String,
    when: String,
    file: String,
    set: String,
    percent: String,
    source: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    chrome: Chrome,
    unit_id: i64,
    set_id: String,
    version: i64,
    set_title: String,
    file: String,
    current: Summary,
    previous: Option<Summary>,
    delta: String,
    chart: Chart,
    chart_id: &'static str,
    rows: Vec<NodeRow>,
    notes: Vec<String>,
    target: String,
    gap: String,
    reached: bool,
    shortfall: String,
    plan: Vec<PlanRow>,
    keep: Vec<String>,
    versions: Vec<VersionRow>,
}

fn flag_kind(f: &FlagReport) -> &'static str {
    match f.kind {
        parscore_core::FlagKind::Zero => "zero",
        parscore_core::FlagKind::Low => "low",
        parscore_core::FlagKind::Partial => "partial",
        parscore_core::FlagKind::Full => "full",
        parscore_core::FlagKind::Decreased => "decreased",
        parscore_core::FlagKind::NoEvidence => "no-evidence",
    }
}

fn flag_views(flags: &[FlagReport], lang: Lang) -> Vec<FlagView> {
    flags
        .iter()
        .map(|f| FlagView { kind: flag_kind(f), text: f.reason.get(lang).to_string() })
        .collect()
}

fn summary(year: u16, r: &ScoreReport, lang: Lang) -> Summary {
    Summary {
        year,
        total: pts(r.total, lang),
        max: pts(r.max, lang),
        percent: pct(r.percent, lang),
        grade: text(r.grade.as_ref(), lang),
    }
}

/// `GET /units/{id}?set=…&version=…&target=…`: the unit's page.
pub async fn page(
    State(state): State<AppState>,
    ui: Ui,
    Path(unit_id): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> PageResult {
    let lang = ui.lang;
    let target_value = q.target.clone().unwrap_or_default();
    let st = state.clone();
    let (stored, year, versions) = blocking(move || {
        let stored = chosen(&st, unit_id, &q)?;
        let t = target(q.target.as_deref())?;
        let year = engine::unit_year(&st, &stored, t)?;
        let versions = st.store.versions(unit_id)?;
        Ok((stored, year, versions))
    })
    .await
    .map_err(page_err(lang))?;
    let page = unit_page(&ui, &stored, &year, &versions, target_value);
    render(&page).map_err(page_err(lang))
}

fn unit_page(
    ui: &Ui,
    stored: &Stored,
    y: &UnitYear,
    versions: &[Stored],
    target_value: String,
) -> UnitPage {
    let lang = ui.lang;
    let w = words(lang);
    let report = ScoreReport::new(&y.current);
    let cmp = match (&y.comparison, &y.previous) {
        (Some(c), Some(p)) => Some(CompareReport::new(c, p, &y.current)),
        _ => None,
    };
    let prev_report = y.previous.as_ref().map(ScoreReport::new);
    // Flags and last year's score by this year's code: from the comparison when last year is
    // stored, else this year's own flags.
    let mut by_code: BTreeMap<String, (Vec<FlagReport>, Option<Decimal>)> = BTreeMap::new();
    if let Some(c) = &cmp {
        for n in &c.nodes {
            by_code.insert(n.code.clone(), (n.flags.clone(), Some(n.previous.score)));
        }
        for n in &c.added {
            by_code.insert(n.code.clone(), (n.flags.clone(), None));
        }
    } else {
        for (n, _) in y.current.card.rows() {
            let f = flags(&NodeSide::self_assessed(n), None, DEFAULT_LOW_THRESHOLD);
            by_code.insert(n.code.clone(), (FlagReport::all(&f), None));
        }
    }
    let rows = report
        .nodes
        .iter()
        .map(|n| {
            let (flags, last) = by_code.get(&n.code).cloned().unwrap_or_default();
            NodeRow {
                code: n.code.clone(),
                name: n.name.clone(),
                depth: n.depth,
                max: pts(n.applicable_max, lang),
                score: pts(n.score, lang),
                percent: opt_pct(n.percent, lang),
                last: last.map(|d| pts(d, lang)).unwrap_or_default(),
                reason: text(n.reason.as_ref(), lang),
                evidence: n.evidence.clone().unwrap_or_default(),
                appraised: n.appraised.map(|d| pts(d, lang)).unwrap_or_default(),
                flags: flag_views(&flags, lang),
            }
        })
        .collect();
    let domains: Vec<(String, Vec<Option<Decimal>>)> = report
        .nodes
        .iter()
        .filter(|n| n.depth == 1 && n.section == parscore_core::Section::Criteria)
        .map(|n| {
            let last = prev_report.as_ref().and_then(|_| {
                cmp.as_ref()
                    .and_then(|c| c.nodes.iter().find(|c| c.code == n.code))
                    .and_then(|c| c.previous.percent)
            });
            let values =
                if prev_report.is_some() { vec![last, n.percent] } else { vec![n.percent] };
            (n.code.clone(), values)
        })
        .collect();
    let series: Vec<(String, &'static str)> = match &prev_report {
        Some(p) => vec![
            (format!("{} {}", w.last_year, p.year), "prev"),
            (format!("{} {}", w.this_year, report.year), "cur"),
        ],
        None => vec![(format!("{} {}", w.this_year, report.year), "cur")],
    };
    let chart = charts::grouped(w.domains_chart.to_string(), &series, &domains, lang);
    let plan = PlanReport::new(&y.plan, &stored.unit);
    let (gap, reached, shortfall) = match &plan.target {
        Some(t) => (
            pts(t.gap_points, lang),
            t.gap_points <= Decimal::ZERO,
            if t.gap_closable { String::new() } else { pts(t.shortfall, lang) },
        ),
        None => (String::new(), false, String::new()),
    };
    let plan_rows = plan
        .items
        .iter()
        .map(|i| PlanRow {
            code: i.code.clone(),
            name: i.name.clone(),
            owner: i.owner.clone().unwrap_or_default(),
            score: pts(i.score, lang),
            max: pts(i.max, lang),
            lost: pts(i.points_lost, lang),
            last: i.previous_score.map(|d| pts(d, lang)).unwrap_or_default(),
            flags: flag_views(&i.flags, lang),
            to_add: i.evidence_to_add.clone(),
            closes_gap: i.closes_gap,
        })
        .collect();
    let mut notes: Vec<String> =
        cmp.iter().flat_map(|c| c.notes.iter()).map(|t| t.get(lang).to_string()).collect();
    notes.extend(plan.notes.iter().map(|t| t.get(lang).to_string()));
    UnitPage {
        chrome: Chrome::new(ui, "units", stored.unit.clone()),
        unit_id: stored.unit_id,
        set_id: stored.set_id.clone(),
        version: stored.id,
        set_title: report.set_title.clone(),
        file: stored.file_name.clone(),
        current: summary(report.year, &report, lang),
        previous: prev_report.as_ref().map(|p| summary(p.year, p, lang)),
        delta: cmp.as_ref().map(|c| signed_pp(c.delta_percent, lang)).unwrap_or_default(),
        chart,
        chart_id: "unit-chart",
        rows,
        notes,
        target: target_value,
        gap,
        reached,
        shortfall,
        plan: plan_rows,
        keep: plan.keep.clone(),
        versions: versions
            .iter()
            .map(|v| VersionRow {
                link: format!("/units/{}?version={}", v.unit_id, v.id),
                when: v.created_at.clone(),
                file: v.file_name.clone(),
                set: v.set_id.clone(),
                percent: pct(v.percent, lang),
                source: source_word(&v.source, lang).to_string(),
                current: v.id == stored.id,
            })
            .collect(),
    }
}

/// Which report to download.
#[derive(Debug, Clone, Copy)]
pub enum Download {
    /// The score report.
    Score,
    /// The comparison with last year.
    Compare,
    /// The improvement plan.
    Plan,
    /// The workbook as stored.
    Workbook,
}

/// `GET /units/{id}/{score,compare,plan}.xlsx` and `/units/{id}/workbook`: the reports of
/// the unit's version (the same query as its page), written by `parscore-write`, or the bytes
/// submitted.
pub async fn download(
    state: AppState,
    ui: Ui,
    unit_id: i64,
    q: UnitQuery,
    what: Download,
) -> PageResult {
    let lang = ui.lang;
    let (bytes, name) = blocking(move || {
        let stored = chosen(&state, unit_id, &q)?;
        let t = target(q.target.as_deref())?;
        let report = |y: &UnitYear| {
            let unit = stored.unit.as_str();
            match what {
                Download::Score => {
                    parscore_write::write_score_report(y.current.set(), &y.current.card, unit, lang)
                        .map(|b| Some((b, "bang-diem.xlsx")))
                }
                Download::Compare => match &y.comparison {
                    Some(c) => parscore_write::write_compare_report(c, unit, lang)
                        .map(|b| Some((b, "so-sanh.xlsx"))),
                    None => Ok(None),
                },
                Download::Plan => parscore_write::write_plan_report(&y.plan, unit, lang)
                    .map(|b| Some((b, "ke-hoach.xlsx"))),
                Download::Workbook => Ok(None),
            }
        };
        if let Download::Workbook = what {
            return Ok((state.store.blob(&stored.hash)?.unwrap_or_default(), None));
        }
        let y = engine::unit_year(&state, &stored, t)?;
        match report(&y).map_err(|e| write_error(&e))? {
            Some((b, name)) => Ok((b, Some(name))),
            None => Err(AppError::not_found(
                "kết quả năm trước của đơn vị này",
                "last year's result of this unit",
            )),
        }
    })
    .await
    .map_err(page_err(lang))?;
    match name {
        Some(name) => Ok(xlsx(bytes, name)),
        // The stored bytes may be an xls or ods: the browser is told only that they are bytes.
        None => Ok((
            [
                (header::CONTENT_TYPE, "application/octet-stream"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"bang-tinh-da-nop\""),
            ],
            bytes,
        )
            .into_response()),
    }
}

/// `GET /units/{id}/score.xlsx`.
pub async fn score_xlsx(
    State(s): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> PageResult {
    download(s, ui, id, q, Download::Score).await
}

/// `GET /units/{id}/compare.xlsx`.
pub async fn compare_xlsx(
    State(s): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> PageResult {
    download(s, ui, id, q, Download::Compare).await
}

/// `GET /units/{id}/plan.xlsx`.
pub async fn plan_xlsx(
    State(s): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> PageResult {
    download(s, ui, id, q, Download::Plan).await
}

/// `GET /units/{id}/workbook`.
pub async fn workbook(
    State(s): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    Query(q): Query<UnitQuery>,
) -> PageResult {
    download(s, ui, id, q, Download::Workbook).await
}
