//! *Nộp / chấm điểm*: one or many workbooks scored and stored. Without JavaScript the form
//! posts every file at once and the answer lists each; with it, the page's script sends each
//! file to `POST /api/workbooks` in turn and shows the progress.

use askama::Template;
use axum::extract::{Multipart, State};
use parscore_core::Lang;
use parscore_report::ProblemReport;

use super::{page_err, pct, pts, render, text, Chrome, PageResult, ProblemRow};
use crate::api::blocking;
use crate::engine::{self, Source};
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::Ui;
use crate::upload;

/// A set to choose.
pub struct SetOption {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// The sets, newest year first, `chosen` selected.
pub fn set_options(state: &AppState, chosen: Option<&str>) -> Vec<SetOption> {
    let mut sets: Vec<_> = state.sets.all().into_iter().map(|(s, _)| s).collect();
    sets.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.id.cmp(&b.id)));
    sets.into_iter()
        .map(|s| SetOption {
            selected: chosen == Some(s.id.as_str()),
            id: s.id.clone(),
            title: format!("{} — {}", s.id, s.title),
        })
        .collect()
}

struct AttemptRow {
    when: String,
    file: String,
    message: String,
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    chrome: Chrome,
    sets: Vec<SetOption>,
    attempts: Vec<AttemptRow>,
    max_files: usize,
}

fn attempt_rows(state: &AppState, lang: Lang) -> Result<Vec<AttemptRow>, AppError> {
    let rows = state.store.attempts(10)?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let error: Option<serde_json::Value> =
                a.error.as_deref().and_then(|e| serde_json::from_str(e).ok());
            let problems: Vec<serde_json::Value> =
                serde_json::from_str(&a.problems).unwrap_or_default();
            let key = crate::ui::code(lang);
            let message = match error {
                Some(e) => e.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string(),
                None => {
                    let n = problems.len();
                    match lang {
                        Lang::Vi => format!("{n} lỗi tại các ô"),
                        Lang::En => format!("{n} problem(s) at cells"),
                    }
                }
            };
            AttemptRow { when: a.created_at, file: a.file_name, message }
        })
        .collect())
}

/// `GET /submit`: the drop zone and file input.
pub async fn page(State(state): State<AppState>, ui: Ui) -> PageResult {
    let lang = ui.lang;
    let st = state.clone();
    let attempts = blocking(move || attempt_rows(&st, lang)).await.map_err(page_err(lang))?;
    let chrome = Chrome::new(&ui, "submit", crate::words::words(lang).nav_submit);
    let page = SubmitPage {
        chrome,
        sets: set_options(&state, None),
        attempts,
        max_files: state.limits.max_files,
    };
    render(&page).map_err(page_err(lang))
}

/// One file's outcome.
struct FileResult {
    file: String,
    ok: bool,
    created: bool,
    unit: String,
    total: String,
    percent: String,
    grade: String,
    link: String,
    message: String,
    problems: Vec<ProblemRow>,
}

#[derive(Template)]
#[template(path = "submit_result.html")]
struct ResultPage {
    chrome: Chrome,
    results: Vec<FileResult>,
}

/// `POST /submit` (multipart `files`, optional `set`): scores and stores each file, and lists
/// what happened to each.
pub async fn post(State(state): State<AppState>, ui: Ui, multipart: Multipart) -> PageResult {
    let lang = ui.lang;
    let tmp = state.store.dir().join("tmp");
    let up = upload::read(multipart, &state.limits, &tmp).await.map_err(page_err(lang))?;
    let set = up.field("set").map(str::to_string);
    let mut results = Vec::new();
    for file in up.files {
        let st = state.clone();
        let set = set.clone();
        let label = file.label.clone();
        let name = label.clone();
        let outcome = blocking(move || {
            let bytes = file.bytes().map_err(|e| {
                AppError::Internal(parscore_core::Text::new(e.to_string(), e.to_string()))
            })?;
            Ok(engine::submit(&st, &label, &bytes, set.as_deref(), Source::Upload))
        })
        .await
        .map_err(page_err(lang))?;
        results.push(match outcome {
            Ok(s) => FileResult {
                file: name,
                ok: true,
                created: s.saved.created,
                unit: s.report.unit.clone().unwrap_or_default(),
                total: pts(s.report.total, lang),
                percent: pct(s.report.percent, lang),
                grade: text(s.report.grade.as_ref(), lang),
                link: format!("/units/{}?set={}", s.saved.unit_id, s.report.set),
                message: String::new(),
                problems: Vec::new(),
            },
            Err(e @ (AppError::Unreadable(_) | AppError::Problems { .. })) => FileResult {
                file: name,
                ok: false,
                created: false,
                unit: String::new(),
                total: String::new(),
                percent: String::new(),
                grade: String::new(),
                link: String::new(),
                message: e.text().get(lang).to_string(),
                problems: ProblemRow::all(&ProblemReport::all(e.problems()), lang),
            },
            Err(e) => return Err(page_err(lang)(e)),
        });
    }
    if results.is_empty() {
        return Err(page_err(lang)(AppError::BadRequest(parscore_core::Text::new(
            "chưa chọn bảng tính nào",
            "no workbook was chosen",
        ))));
    }
    let chrome = Chrome::new(&ui, "submit", crate::words::words(lang).results_title);
    render(&ResultPage { chrome, results }).map_err(page_err(lang))
}
