//! The server's one error: what went wrong, as a status, a message in both languages and the
//! same located problems as the command line's JSON.
//!
//! The API answers it as JSON (`{"error": {"vi", "en"}, "problems": [...]}`); pages wrap it in
//! [`PageError`] to answer it as an HTML page in the reader's language. It never carries a
//! path of the server's disk or a stack trace to the browser.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use parscore_core::{Lang, Text};
use parscore_report::ProblemReport;
use parscore_sheet::CellProblem;
use serde::Serialize;

use crate::store::StoreError;

/// Why a request could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request itself is wrong (a missing field, a bad number): 400.
    #[error("{}", .0.en)]
    BadRequest(Text),
    /// Nothing at that address: 404.
    #[error("{}", .0.en)]
    NotFound(Text),
    /// Over a request limit (size, file count): 413.
    #[error("{}", .0.en)]
    TooLarge(Text),
    /// The upload is not a workbook that can be read (not a workbook, damaged, over a
    /// workbook limit, made for an unknown set): 422.
    #[error("{}", .0.en)]
    Unreadable(Text),
    /// The workbook was read, and has problems at its cells: 422, with every problem.
    #[error("{file}: {} problem(s); not scored", problems.len())]
    Problems {
        /// The file's label.
        file: String,
        /// Every problem, located.
        problems: Vec<CellProblem>,
    },
    /// The store failed: 500.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else that is the server's fault (a template, a task): 500.
    #[error("{}", .0.en)]
    Internal(Text),
}

/// The JSON body of an error.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: Text,
    /// The located problems (empty when the error is not about cells).
    pub problems: Vec<ProblemReport>,
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unreadable(_) | AppError::Problems { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message in both languages.
    pub fn text(&self) -> Text {
        match self {
            AppError::BadRequest(t)
            | AppError::NotFound(t)
            | AppError::TooLarge(t)
            | AppError::Unreadable(t)
            | AppError::Internal(t) => t.clone(),
            AppError::Problems { file, problems } => {
                let n = problems.len();
                Text::new(
                    format!("{file}: {n} lỗi; chưa chấm điểm, chưa lưu"),
                    format!("{file}: {n} problem(s); not scored, not stored"),
                )
            }
            AppError::Store(e) => e.text(),
        }
    }

    /// The located problems.
    pub fn problems(&self) -> &[CellProblem] {
        match self {
            AppError::Problems { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: self.text(), problems: ProblemReport::all(self.problems()) }
    }

    /// A page that does not exist.
    pub fn not_found(what_vi: &str, what_en: &str) -> AppError {
        AppError::NotFound(Text::new(
            format!("không tìm thấy {what_vi}"),
            format!("{what_en} not found"),
        ))
    }

    /// A blocking task that did not finish (it panicked): the server's fault.
    pub fn task(e: &tokio::task::JoinError) -> AppError {
        AppError::Internal(Text::new(
            format!("lỗi máy chủ khi xử lý yêu cầu ({e})"),
            format!("the server failed while handling the request ({e})"),
        ))
    }

    /// A template that did not render: the server's fault.
    pub fn template(e: &askama::Error) -> AppError {
        AppError::Internal(Text::new(
            format!("lỗi máy chủ khi dựng trang ({e})"),
            format!("the server failed to render the page ({e})"),
        ))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status(), axum::Json(self.body())).into_response()
    }
}

/// An [`AppError`] answered as an HTML page in `lang`.
#[derive(Debug)]
pub struct PageError {
    /// The error.
    pub error: AppError,
    /// The reader's language.
    pub lang: Lang,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.error.status();
        let page = crate::pages::error_page(&self.error, self.lang);
        (status, page).into_response()
    }
}
