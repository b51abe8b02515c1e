//! The pages: server-rendered HTML (askama, escaping on for every value) that works without
//! JavaScript. Each module builds a view of the report types in the reader's language and
//! renders its template; the words come from [`crate::words`], the data's texts from the
//! reports' `Text` values.

pub mod online;
pub mod rank;
pub mod sets;
pub mod submit;
pub mod units;

use askama::Template;
use axum::extract::Query;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use parscore_core::{fmt_decimal, fmt_percent, Decimal, Lang, Text};
use parscore_report::ProblemReport;
use serde::Deserialize;

use crate::error::{AppError, PageError};
use crate::ui::{self, Ui};
use crate::words::{words, Words};

/// What every page shows around its content: the words, the language, the navigation.
#[derive(Debug)]
pub struct Chrome {
    /// The words in the reader's language.
    pub w: &'static Words,
    /// `vi` or `en`.
    pub lang: &'static str,
    /// The other language's code.
    pub other: &'static str,
    /// The address of this page, for the language switch.
    pub here: String,
    /// Which navigation entry is this page's.
    pub nav: &'static str,
    /// The page's title.
    pub title: String,
}

impl Chrome {
    /// The chrome of a page titled `title` under navigation entry `nav`.
    pub fn new(ui: &Ui, nav: &'static str, title: impl Into<String>) -> Chrome {
        let other = match ui.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        Chrome {
            w: words(ui.lang),
            lang: ui::code(ui.lang),
            other: ui::code(other),
            here: ui.here.clone(),
            nav,
            title: title.into(),
        }
    }
}

/// A page's result: HTML, or an error page in the reader's language.
pub type PageResult = Result<Response, PageError>;

/// Renders `page`; a template that fails is the server's fault.
pub fn render(page: &impl Template) -> Result<Response, AppError> {
    let html = page.render().map_err(|e| AppError::template(&e))?;
    Ok(Html(html).into_response())
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    message: String,
    problems: Vec<ProblemRow>,
}

/// `error` as an HTML page in `lang`.
pub fn error_page(error: &AppError, lang: Lang) -> Html<String> {
    let ui = Ui { lang, here: "/".into() };
    let w = words(lang);
    let page = ErrorPage {
        chrome: Chrome::new(&ui, "", w.error_title),
        message: error.text().get(lang).to_string(),
        problems: ProblemRow::all(&parscore_report::ProblemReport::all(error.problems()), lang),
    };
    // The error page has no data that could fail to render; a failure gives the bare message.
    Html(page.render().unwrap_or_else(|_| error.text().get(lang).to_string()))
}

/// Attaches the reader's language to an error, for a page.
pub fn page_err(lang: Lang) -> impl Fn(AppError) -> PageError {
    move |error| PageError { error, lang }
}

/// A located problem as a table row.
#[derive(Debug, Clone)]
pub struct ProblemRow {
    /// The sheet.
    pub sheet: String,
    /// The cell, or empty.
    pub cell: String,
    /// The criterion code, or empty.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

impl ProblemRow {
    /// The rows of `problems` in `lang`.
    pub fn all(problems: &[ProblemReport], lang: Lang) -> Vec<ProblemRow> {
        problems
            .iter()
            .map(|p| ProblemRow {
                sheet: p.sheet.clone(),
                cell: p.cell.clone().unwrap_or_default(),
                code: p.code.clone().unwrap_or_default(),
                message: p.message.get(lang).to_string(),
            })
            .collect()
    }
}

/// Points as the reader writes them ("0,5" / "0.5").
pub fn pts(d: Decimal, lang: Lang) -> String {
    fmt_decimal(d, lang)
}

/// A percentage with two decimals and its sign ("77,55%").
pub fn pct(d: Decimal, lang: Lang) -> String {
    format!("{}%", fmt_percent(d, lang))
}

/// An optional percentage, or a dash.
pub fn opt_pct(d: Option<Decimal>, lang: Lang) -> String {
    d.map(|d| pct(d, lang)).unwrap_or_else(|| "—".into())
}

/// A change with its sign ("+1,25" / "−0,50"), as `compare` writes changes.
pub fn signed(d: Decimal, lang: Lang) -> String {
    let s = fmt_percent(d.abs(), lang);
    if d > Decimal::ZERO {
        format!("+{s}")
    } else if d < Decimal::ZERO {
        format!("−{s}")
    } else {
        s
    }
}

/// A change of percentage in percentage points, as `compare` writes it: "−0,75 điểm %",
/// "−0.75 pp" (78,30% to 77,55% is 0.75 points of percentage, not 0.75%).
pub fn signed_pp(d: Decimal, lang: Lang) -> String {
    let unit = if lang == Lang::Vi { "điểm %" } else { "pp" };
    format!("{} {unit}", signed(d, lang))
}

/// An optional text in `lang`, or empty.
pub fn text(t: Option<&Text>, lang: Lang) -> String {
    t.map(|t| t.get(lang).to_string()).unwrap_or_default()
}

/// `?to=en&back=/path`.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    to: String,
    back: Option<String>,
}

/// `GET /lang?to=en&back=/path`: keeps the choice in a cookie and goes back to the page (a
/// path of this server only).
pub async fn switch_lang(Query(q): Query<LangQuery>) -> Response {
    let code = if q.to == "en" { "en" } else { "vi" };
    let back = q.back.filter(|b| ui::is_local(b)).unwrap_or_else(|| "/".into());
    let cookie = format!("{}={code}; Path=/; Max-Age=31536000; SameSite=Strict", ui::COOKIE);
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// `GET /`: the submission page is where work starts.
pub async fn home() -> Redirect {
    Redirect::to("/submit")
}

/// `GET /…` that matches no route.
pub async fn not_found(ui: Ui) -> PageError {
    PageError { error: AppError::not_found("trang này", "page"), lang: ui.lang }
}
