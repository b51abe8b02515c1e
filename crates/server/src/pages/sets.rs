//! *Bộ tiêu chí*: the sets the server knows, one set's tree with maxima and rules in words,
//! the template for a unit, an annex imported in the browser (`criteria import`), and a JSON
//! set checked (`criteria check`) and optionally kept.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use parscore_annex::{import_annex_bytes, ImportOptions};
use parscore_core::{catalog, describe, CriteriaSet, Lang, Level, LoadError, Node, Text};
use parscore_write::TemplateMeta;
use serde::Deserialize;

use super::{page_err, pts, render, Chrome, PageResult};
use crate::api::blocking;
use crate::error::AppError;
use crate::state::{AppState, Origin};
use crate::ui::Ui;
use crate::upload;

struct SetRow {
    id: String,
    title: String,
    year: u16,
    level: String,
    origin: &'static str,
    nodes: usize,
}

#[derive(Template)]
#[template(path = "sets.html")]
struct SetsPage {
    chrome: Chrome,
    sets: Vec<SetRow>,
}

/// `GET /sets`: every set, and the import and check forms.
pub async fn list(State(state): State<AppState>, ui: Ui) -> PageResult {
    let chrome = Chrome::new(&ui, "sets", ui_words(&ui).nav_sets);
    let w = chrome.w;
    let sets = state
        .sets
        .all()
        .into_iter()
        .map(|(s, origin)| SetRow {
            id: s.id.clone(),
            title: s.title.clone(),
            year: s.year,
            level: s.level.to_string(),
            origin: match origin {
                Origin::Shipped => w.origin_shipped,
                Origin::Imported => w.origin_imported,
            },
            nodes: s.nodes().len(),
        })
        .collect();
    render(&SetsPage { chrome, sets }).map_err(page_err(ui.lang))
}

fn ui_words(ui: &Ui) -> &'static crate::words::Words {
    crate::words::words(ui.lang)
}

/// `?id=…`.
#[derive(Debug, Deserialize)]
pub struct IdQuery {
    id: String,
    unit: Option<String>,
}

struct TreeRow {
    code: String,
    name: String,
    depth: usize,
    max: String,
    rule: String,
    evidence: Vec<String>,
    owner: String,
    leaf: bool,
}

#[derive(Template)]
#[template(path = "set.html")]
struct SetPage {
    chrome: Chrome,
    id: String,
    source: String,
    year: u16,
    total: String,
    previous: String,
    rows: Vec<TreeRow>,
    pools: Vec<(String, String, Vec<TreeRow>)>,
}

fn tree_row(n: &Node, lang: Lang) -> TreeRow {
    TreeRow {
        code: n.code.clone(),
        name: n.name.clone(),
        depth: n.depth(),
        max: pts(n.max, lang),
        rule: describe(n, lang),
        evidence: n.evidence.clone(),
        owner: n.owner.clone().unwrap_or_default(),
        leaf: n.is_leaf(),
    }
}

fn found(state: &AppState, id: &str) -> Result<CriteriaSet, AppError> {
    state.sets.get(id).ok_or_else(|| AppError::not_found("bộ tiêu chí này", "criteria set"))
}

/// `GET /sets/view?id=…`: the tree with maxima, rules in words, evidence and owners.
pub async fn view(State(state): State<AppState>, ui: Ui, Query(q): Query<IdQuery>) -> PageResult {
    let lang = ui.lang;
    let set = found(&state, &q.id).map_err(page_err(lang))?;
    let w = ui_words(&ui);
    let pools = [(w.bonus, &set.bonus), (w.penalty, &set.penalty)]
        .into_iter()
        .filter_map(|(name, pool)| {
            pool.as_ref().map(|p| {
                let rows = p.items.iter().map(|n| tree_row(n, lang)).collect();
                (name.to_string(), pts(p.cap, lang), rows)
            })
        })
        .collect();
    let page = SetPage {
        chrome: Chrome::new(&ui, "sets", set.title.clone()),
        id: set.id.clone(),
        source: set.provenance.source.clone(),
        year: set.year,
        total: pts(set.total, lang),
        previous: set.previous.clone().unwrap_or_default(),
        rows: set.nodes().into_iter().map(|n| tree_row(n, lang)).collect(),
        pools,
    };
    render(&page).map_err(page_err(lang))
}

/// `GET /sets/template?id=…&unit=…`: the fill-in workbook of the set for the unit.
pub async fn template(
    State(state): State<AppState>,
    ui: Ui,
    Query(q): Query<IdQuery>,
) -> PageResult {
    let lang = ui.lang;
    let set = found(&state, &q.id).map_err(page_err(lang))?;
    let unit = q.unit.unwrap_or_default().trim().to_string();
    let bytes = blocking(move || {
        let meta = TemplateMeta { unit, year: set.year };
        parscore_write::write_template(&set, &meta, None).map_err(|e| write_error(&e))
    })
    .await
    .map_err(page_err(lang))?;
    Ok(xlsx(bytes, "tu-danh-gia.xlsx"))
}

/// A writer's refusal: an xlsx limit, the server's to report.
pub fn write_error(e: &parscore_write::WriteError) -> AppError {
    AppError::Internal(Text::new(format!("không ghi được bảng tính: {e}"), e.to_string()))
}

/// An xlsx download named `name` (a fixed ASCII name: nothing from the request).
pub fn xlsx(bytes: Vec<u8>, name: &'static str) -> axum::response::Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (header::CONTENT_DISPOSITION, &format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "set_result.html")]
struct ResultPage {
    chrome: Chrome,
    valid: bool,
    saved: bool,
    id: String,
    problems: Vec<String>,
    manual: Vec<(String, String)>,
}

fn level(s: Option<&str>) -> Level {
    match s {
        Some("xa") => Level::Xa,
        Some("huyen") => Level::Huyen,
        Some("tinh") => Level::Tinh,
        _ => Level::So,
    }
}

/// `POST /sets/import` (multipart `annex`, `id`, `year`, `level`, `title`, `source`,
/// `previous`): reads the annex as `criteria import` does, shows its problems and the rules it
/// could not read, and keeps the set when it validates.
pub async fn import(State(state): State<AppState>, ui: Ui, multipart: Multipart) -> PageResult {
    let lang = ui.lang;
    let tmp = state.store.dir().join("tmp");
    let up = upload::read(multipart, &state.limits, &tmp).await.map_err(page_err(lang))?;
    let id = up.field("id").unwrap_or_default().to_string();
    let year = crate::api::year(up.field("year")).map_err(page_err(lang))?;
    let (Some(year), false) = (year, id.is_empty()) else {
        return Err(page_err(lang)(AppError::BadRequest(Text::new(
            "cần mã bộ tiêu chí và năm đánh giá",
            "the set id and the assessment year are needed",
        ))));
    };
    let opts = ImportOptions {
        id: id.clone(),
        year,
        level: level(up.field("level")),
        title: up.field("title").map(str::to_string),
        source: up.field("source").map(str::to_string),
        previous: up.field("previous").map(str::to_string),
    };
    let Upload { files, .. } = up;
    let Some(file) = files.into_iter().next() else {
        return Err(page_err(lang)(no_file()));
    };
    let st = state.clone();
    let (valid, saved, problems, manual) = blocking(move || {
        let label = file.label.clone();
        let bytes = file
            .bytes()
            .map_err(|e| AppError::Internal(Text::new(e.to_string(), e.to_string())))?;
        let imported = import_annex_bytes(&label, &label, &bytes, &opts, &st.limits.workbook)
            .map_err(|e| AppError::Unreadable(e.text()))?;
        let mut problems: Vec<Text> = imported.problems.iter().map(|p| p.text()).collect();
        let manual = imported.manual_nodes.clone();
        let (valid, saved) = match imported.into_set() {
            Ok(set) => (true, keep(&st, set, &mut problems)?),
            Err(e) => {
                problems.extend(load_problems(&e));
                (false, false)
            }
        };
        Ok((valid, saved, problems, manual))
    })
    .await
    .map_err(page_err(lang))?;
    let page = ResultPage {
        chrome: Chrome::new(&ui, "sets", ui_words(&ui).import_title),
        valid,
        saved,
        id,
        problems: problems.iter().map(|t| t.get(lang).to_string()).collect(),
        manual,
    };
    render(&page).map_err(page_err(lang))
}

use crate::upload::Upload;

fn no_file() -> AppError {
    AppError::BadRequest(Text::new("chưa chọn tệp", "no file was chosen"))
}

fn load_problems(e: &LoadError) -> Vec<Text> {
    match e {
        LoadError::Invalid { problems, .. } => problems.iter().map(|p| p.text()).collect(),
        _ => vec![e.text()],
    }
}

/// Keeps `set` in the store and the server's sets, unless it would replace a shipped set
/// (said in `problems`); its `previous` links are checked against the sets known.
fn keep(state: &AppState, set: CriteriaSet, problems: &mut Vec<Text>) -> Result<bool, AppError> {
    if state.sets.is_shipped(&set.id) {
        problems.push(Text::new(
            format!("{} là mã của một bộ tiêu chí có sẵn; hãy dùng mã khác", set.id),
            format!("{} is the id of a shipped set; use another id", set.id),
        ));
        return Ok(false);
    }
    let known: Vec<CriteriaSet> = state.sets.all().into_iter().map(|(s, _)| s).collect();
    let refs: Vec<&CriteriaSet> = known.iter().collect();
    let links = catalog::check_links(&set, &refs);
    problems.extend(links.iter().map(|p| p.text()));
    state.store.save_set(&set.id, set.year, &set.title, &set.to_json())?;
    state.sets.add(set);
    Ok(true)
}

/// `POST /sets/check` (multipart `file`, `save`): validates a JSON set as `criteria check`
/// does; keeps it when valid and asked to.
pub async fn check(State(state): State<AppState>, ui: Ui, multipart: Multipart) -> PageResult {
    let lang = ui.lang;
    let tmp = state.store.dir().join("tmp");
    let up = upload::read(multipart, &state.limits, &tmp).await.map_err(page_err(lang))?;
    let save = up.field("save").is_some();
    let Some(file) = up.files.into_iter().next() else {
        return Err(page_err(lang)(no_file()));
    };
    let st = state.clone();
    let (valid, saved, id, problems) = blocking(move || {
        let bytes = file
            .bytes()
            .map_err(|e| AppError::Internal(Text::new(e.to_string(), e.to_string())))?;
        // The same door as `criteria check`: size, byte-order mark and encoding checked.
        match CriteriaSet::from_slice(&bytes) {
            Ok(set) => {
                let id = set.id.clone();
                let mut problems = Vec::new();
                let saved = if save { keep(&st, set, &mut problems)? } else { false };
                Ok((true, saved, id, problems))
            }
            Err(e) => Ok((false, false, String::new(), load_problems(&e))),
        }
    })
    .await
    .map_err(page_err(lang))?;
    let page = ResultPage {
        chrome: Chrome::new(&ui, "sets", ui_words(&ui).check_title),
        valid,
        saved,
        id,
        problems: problems.iter().map(|t| t.get(lang).to_string()).collect(),
        manual: Vec::new(),
    };
    render(&page).map_err(page_err(lang))
}
