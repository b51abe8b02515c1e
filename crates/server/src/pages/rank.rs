//! *Xếp hạng*: every stored unit of a year and set, ranked, with grade, each domain's
//! percentage as a heat map, last year's rank and change, a chart of the domains (last year
//! beside this year) and the xlsx download. Built from the stored results only: a ranking of
//! a thousand units rescores nothing.

use askama::Template;
use axum::extract::{Query, State};
use parscore_core::{round_half_away, Decimal, Lang, Ranking};

use super::sets::{write_error, xlsx};
use super::submit::{set_options, SetOption};
use super::{opt_pct, page_err, pct, pts, render, signed_pp, text, Chrome, PageResult};
use crate::api::{blocking, year, RankQuery};
use crate::charts::{self, Chart};
use crate::engine;
use crate::state::AppState;
use crate::ui::Ui;
use crate::words::words;

/// The chart's series: a name and a CSS class each.
type Series = Vec<(String, &'static str)>;

struct Cell {
    value: String,
    heat: u32,
}

struct Row {
    rank: usize,
    unit: String,
    link: String,
    percent: String,
    total: String,
    grade: String,
    domains: Vec<Cell>,
    last_percent: String,
    last_rank: String,
    rank_change: String,
    delta: String,
}

#[derive(Template)]
#[template(path = "rank.html")]
struct RankPage {
    chrome: Chrome,
    sets: Vec<SetOption>,
    set_id: String,
    set_title: String,
    year: String,
    domains: Vec<(String, String)>,
    rows: Vec<Row>,
    compared: bool,
    chart: Option<Chart>,
    chart_id: &'static str,
}

/// The heat class of a percentage: 0 (below 10%) to 10 (100%).
fn heat(p: Option<Decimal>) -> u32 {
    let Some(p) = p else { return 0 };
    let tenth = (p / Decimal::TEN).floor().clamp(Decimal::ZERO, Decimal::TEN);
    u32::try_from(tenth.mantissa()).unwrap_or(0)
}

/// The mean of each domain's percentage over `ranking`'s units, by domain code, two decimals.
fn averages(ranking: &Ranking, codes: &[String]) -> Vec<Option<Decimal>> {
    codes
        .iter()
        .map(|code| {
            let values: Vec<Decimal> = ranking
                .units
                .iter()
                .filter_map(|u| u.result.domains.iter().find(|d| &d.code == code))
                .filter_map(|d| d.percent)
                .collect();
            let n = Decimal::from(values.len());
            let sum: Decimal = values.iter().copied().sum();
            (!values.is_empty()).then(|| round_half_away(sum / n, 2))
        })
        .collect()
}

/// `GET /rank?year=…&set=…`.
pub async fn page(State(state): State<AppState>, ui: Ui, Query(q): Query<RankQuery>) -> PageResult {
    let lang = ui.lang;
    let y = year(q.year.as_deref()).map_err(page_err(lang))?;
    let st = state.clone();
    let set_q = q.set.clone().filter(|s| !s.is_empty());
    let view =
        blocking(move || engine::rank(&st, y, set_q.as_deref())).await.map_err(page_err(lang))?;
    let report = view.report();
    let w = words(lang);
    let rows = report
        .units
        .iter()
        .map(|u| {
            let prev = u.previous.flatten();
            let key = parscore_core::fold_label(&u.unit);
            Row {
                rank: u.rank,
                unit: u.unit.clone(),
                link: view
                    .unit_ids
                    .get(&key)
                    .map(|id| format!("/units/{id}?set={}", report.set.clone().unwrap_or_default()))
                    .unwrap_or_default(),
                percent: pct(u.percent, lang),
                total: pts(u.total, lang),
                grade: text(u.grade.as_ref(), lang),
                domains: report
                    .domains
                    .iter()
                    .map(|d| {
                        let p = parscore_report::RankReport::domain_percent(u, &d.code);
                        Cell { value: opt_pct(p, lang), heat: heat(p) }
                    })
                    .collect(),
                last_percent: prev.map(|p| pct(p.percent, lang)).unwrap_or_default(),
                last_rank: prev.map(|p| p.rank.to_string()).unwrap_or_else(|| {
                    if report.compared {
                        w.new_unit.to_string()
                    } else {
                        String::new()
                    }
                }),
                rank_change: prev
                    .map(|p| match p.rank_change {
                        0 => "0".to_string(),
                        n if n > 0 => format!("▲ {n}"),
                        n => format!("▼ {}", n.unsigned_abs()),
                    })
                    .unwrap_or_default(),
                delta: prev.map(|p| signed_pp(p.delta, lang)).unwrap_or_default(),
            }
        })
        .collect::<Vec<_>>();
    let codes: Vec<String> = report.domains.iter().map(|d| d.code.clone()).collect();
    let chart = (!rows.is_empty()).then(|| {
        let now = averages(&view.ranking, &codes);
        let year_now = report.year.map(|y| y.to_string()).unwrap_or_default();
        let (series, values): (Series, Vec<Vec<Option<Decimal>>>) = match &view.previous {
            Some((prev_set, prev)) => {
                let last = averages(prev, &codes);
                (
                    vec![
                        (format!("{} {}", w.last_year, prev_set.year), "prev"),
                        (format!("{} {year_now}", w.this_year), "cur"),
                    ],
                    last.into_iter().zip(now).map(|(a, b)| vec![a, b]).collect(),
                )
            }
            None => (
                vec![(format!("{} {year_now}", w.this_year), "cur")],
                now.into_iter().map(|v| vec![v]).collect(),
            ),
        };
        let groups: Vec<(String, Vec<Option<Decimal>>)> =
            codes.iter().cloned().zip(values).collect();
        charts::grouped(w.chart_domains.to_string(), &series, &groups, lang)
    });
    let page = RankPage {
        chrome: Chrome::new(&ui, "rank", w.nav_rank),
        sets: set_options(&state, report.set.as_deref()),
        set_id: report.set.clone().unwrap_or_default(),
        set_title: report.set_title.clone().unwrap_or_default(),
        year: report.year.map(|y| y.to_string()).unwrap_or_default(),
        domains: report.domains.iter().map(|d| (d.code.clone(), d.name.clone())).collect(),
        rows,
        compared: report.compared,
        chart,
        chart_id: "rank-chart",
    };
    render(&page).map_err(page_err(lang))
}

/// `GET /rank.xlsx?year=…&set=…`: the ranking as `parscore rank --format xlsx` writes it.
pub async fn download(
    State(state): State<AppState>,
    ui: Ui,
    Query(q): Query<RankQuery>,
) -> PageResult {
    let lang: Lang = ui.lang;
    let y = year(q.year.as_deref()).map_err(page_err(lang))?;
    let set_q = q.set.clone().filter(|s| !s.is_empty());
    let bytes = blocking(move || {
        let view = engine::rank(&state, y, set_q.as_deref())?;
        parscore_write::write_rank_report(view.set.as_ref(), &view.ranking, &[], lang)
            .map_err(|e| write_error(&e))
    })
    .await
    .map_err(page_err(lang))?;
    Ok(xlsx(bytes, "xep-hang.xlsx"))
}
