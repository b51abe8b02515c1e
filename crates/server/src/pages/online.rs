//! The pages of the online form ([`crate::form`]): `GET /form` (choose a set, or open a stored
//! version to correct it), `POST /form` (score, save or download, without JavaScript) and
//! `POST /api/form/score` (the live score the page's script asks for as you type).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use parscore_core::{describe, CriteriaSet};
use parscore_read::Workbook;
use parscore_report::{ScoreReport, Scored};
use serde::Deserialize;

use super::sets::xlsx;
use super::submit::{set_options, SetOption};
use super::{opt_pct, page_err, pct, pts, render, text, Chrome, PageResult, ProblemRow};
use crate::api::blocking;
use crate::error::AppError;
use crate::form::{self, Fields, Widget};
use crate::state::AppState;
use crate::ui::Ui;
use crate::words::words;

/// `?set=…` or `?version=…`.
#[derive(Debug, Deserialize)]
pub struct FormQuery {
    set: Option<String>,
    version: Option<i64>,
}

struct Row {
    code: String,
    name: String,
    depth: usize,
    max: String,
    rule: String,
    widget: Option<Widget>,
    na: Option<&'static str>,
    na_checked: bool,
    evidence: String,
    explanation: String,
    owner: String,
    appraised: String,
    score: String,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    chrome: Chrome,
    sets: Vec<SetOption>,
    set_id: String,
    set_title: String,
    unit: String,
    rows: Vec<Row>,
    total: String,
    percent: String,
    grade: String,
    problems: Vec<ProblemRow>,
    scored: bool,
}

fn page_of(
    ui: &Ui,
    state: &AppState,
    set: Option<&CriteriaSet>,
    f: &Fields,
    scored: Option<&Scored>,
) -> FormPage {
    let lang = ui.lang;
    let w = words(lang);
    let report = scored.map(ScoreReport::new);
    let mut by_code: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let problems = report.as_ref().map(|r| ProblemRow::all(&r.problems, lang)).unwrap_or_default();
    for p in &problems {
        if !p.code.is_empty() {
            by_code.entry(p.code.clone()).or_default().push(p.message.clone());
        }
    }
    let scores: BTreeMap<&str, String> = report
        .as_ref()
        .map(|r| r.nodes.iter().map(|n| (n.code.as_str(), pts(n.score, lang))).collect())
        .unwrap_or_default();
    let rows = set
        .map(|set| {
            set.all_nodes()
                .into_iter()
                .map(|n| {
                    let code = n.code.as_str();
                    let field =
                        |p: &str| f.0.get(&format!("{p}:{code}")).cloned().unwrap_or_default();
                    Row {
                        code: n.code.clone(),
                        name: n.name.clone(),
                        depth: n.depth(),
                        max: pts(n.max, lang),
                        rule: if n.is_leaf() { describe(n, lang) } else { String::new() },
                        widget: n.rule.as_ref().map(|r| form::widget(n, r, f, lang)),
                        na: form::na_text(n),
                        na_checked: !field("na").is_empty(),
                        evidence: field("e"),
                        explanation: field("x"),
                        owner: field("o"),
                        appraised: field("a"),
                        score: scores.get(code).cloned().unwrap_or_default(),
                        problems: by_code.remove(code).unwrap_or_default(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    FormPage {
        chrome: Chrome::new(ui, "form", w.nav_form),
        sets: set_options(state, set.map(|s| s.id.as_str())),
        set_id: set.map(|s| s.id.clone()).unwrap_or_default(),
        set_title: set.map(|s| s.title.clone()).unwrap_or_default(),
        unit: f.plain("unit").unwrap_or_default().to_string(),
        rows,
        total: report.as_ref().map(|r| pts(r.total, lang)).unwrap_or_default(),
        percent: report
            .as_ref()
            .map(|r| pct(r.percent, lang))
            .unwrap_or_else(|| opt_pct(None, lang)),
        grade: report.as_ref().map(|r| text(r.grade.as_ref(), lang)).unwrap_or_default(),
        problems,
        scored: report.is_some(),
    }
}

/// `GET /form?set=…` (a blank form) or `?version=…` (a stored version to correct).
pub async fn page(State(state): State<AppState>, ui: Ui, Query(q): Query<FormQuery>) -> PageResult {
    let lang = ui.lang;
    let st = state.clone();
    let (set, fields, scored) = blocking(move || {
        if let Some(v) = q.version {
            let stored = st
                .store
                .workbook(v)?
                .ok_or_else(|| AppError::not_found("phiên bản này", "version"))?;
            let set = crate::engine::set(&st, &stored.set_id)?;
            let bytes = st.store.blob(&stored.hash)?.unwrap_or_default();
            let wb = Workbook::from_bytes(&stored.file_name, &bytes, &st.limits.workbook)
                .map_err(|e| AppError::Unreadable(e.text()))?;
            let reading = wb.inputs(&set);
            let fields = form::fields_of(&reading.inputs, &stored.unit, lang);
            let (scored, _) = form::score(&st, &set, &fields)?;
            return Ok((Some(set), fields, Some(scored)));
        }
        let set = match q.set.as_deref().filter(|s| !s.is_empty()) {
            Some(id) => Some(crate::engine::set(&st, id)?),
            None => None,
        };
        Ok((set, Fields::default(), None))
    })
    .await
    .map_err(page_err(lang))?;
    render(&page_of(&ui, &state, set.as_ref(), &fields, scored.as_ref())).map_err(page_err(lang))
}

/// `POST /form` (url-encoded fields; `action` = `score`, `save` or `download`).
pub async fn post(
    State(state): State<AppState>,
    ui: Ui,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let lang = ui.lang;
    let fields = Fields::new(pairs);
    let action = fields.plain("action").unwrap_or("score").to_string();
    let set_id = fields.plain("set").unwrap_or_default().to_string();
    let st = state.clone();
    let set = crate::engine::set(&state, &set_id).map_err(page_err(lang))?;
    let set2 = set.clone();
    enum Done {
        Page(Fields, Scored),
        Saved(String),
        Download(Vec<u8>),
        Refused(Fields, Scored),
    }
    let done = blocking(move || match action.as_str() {
        "download" => {
            let (inputs, _) = form::inputs(&set2, &fields);
            let unit = fields.plain("unit").unwrap_or_default();
            Ok(Done::Download(form::workbook(&set2, unit, &inputs)?))
        }
        "save" => match form::save(&st, &set2, &fields) {
            Ok(s) => Ok(Done::Saved(format!("/units/{}?version={}", s.saved.unit_id, s.saved.id))),
            Err(AppError::Problems { .. } | AppError::BadRequest(_)) => {
                let (scored, _) = form::score(&st, &set2, &fields)?;
                Ok(Done::Refused(fields, scored))
            }
            Err(e) => Err(e),
        },
        _ => {
            let (scored, _) = form::score(&st, &set2, &fields)?;
            Ok(Done::Page(fields, scored))
        }
    })
    .await
    .map_err(page_err(lang))?;
    match done {
        Done::Saved(to) => Ok(Redirect::to(&to).into_response()),
        Done::Download(bytes) => Ok(xlsx(bytes, "tu-danh-gia-da-dien.xlsx")),
        Done::Page(f, s) | Done::Refused(f, s) => {
            render(&page_of(&ui, &state, Some(&set), &f, Some(&s))).map_err(page_err(lang))
        }
    }
}

/// `POST /api/form/score`: the form's score so far, as `POST /api/score` gives a workbook's,
/// with every problem (blank leaves among them) in `problems`.
pub async fn live(
    State(state): State<AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields::new(pairs);
    let set = crate::engine::set(&state, fields.plain("set").unwrap_or_default())?;
    let report = blocking(move || {
        let (scored, _) = form::score(&state, &set, &fields)?;
        Ok(ScoreReport::new(&scored))
    })
    .await?;
    Ok(Json(report).into_response())
}
