//! The JSON API under `/api`: the report types' JSON, exactly as `parscore … --format json`
//! writes it, and errors as `{"error": {"vi", "en"}, "problems": [...]}` with their status.
//!
//! Each handler reads the request, runs [`crate::engine`] on a blocking thread, and answers.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use parscore_core::{ScoreOptions, Text};
use serde::Deserialize;

use crate::engine::{self, Source};
use crate::error::AppError;
use crate::state::AppState;
use crate::upload::{self, Upload, Uploaded};

/// `GET /api/health`: `{"status":"ok"}` while the server answers.
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

/// Runs blocking work (a workbook parse, SQLite) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| AppError::task(&e))?
}

/// Reads an upload that must carry exactly one file in the field `file`.
pub async fn one_file(
    state: &AppState,
    multipart: Multipart,
) -> Result<(Uploaded, Upload), AppError> {
    let tmp = state.store.dir().join("tmp");
    let mut upload = upload::read(multipart, &state.limits, &tmp).await?;
    let mut files = std::mem::take(&mut upload.files).into_iter().filter(|f| f.field == "file");
    let Some(file) = files.next() else {
        return Err(AppError::BadRequest(Text::new(
            "thiếu tệp bảng tính (trường multipart \"file\")",
            "no workbook file (multipart field \"file\")",
        )));
    };
    if files.next().is_some() {
        return Err(AppError::BadRequest(Text::new(
            "mỗi yêu cầu gửi một tệp trong trường \"file\"; gửi từng tệp một",
            "one file per request in the field \"file\"; send them one by one",
        )));
    }
    Ok((file, upload))
}

fn read_bytes(file: Uploaded) -> Result<(String, Vec<u8>), AppError> {
    let label = file.label.clone();
    let bytes = file.bytes().map_err(|e| {
        AppError::Internal(Text::new(
            format!("không đọc lại được tệp tạm ({e})"),
            format!("cannot read the temporary file back ({e})"),
        ))
    })?;
    Ok((label, bytes))
}

/// `POST /api/score` (multipart `file`, optional `set`): the workbook's score, the same JSON
/// as `parscore score --format json`, or 422 with its located problems. Nothing is stored.
pub async fn score(
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (file, upload) = one_file(&state, multipart).await?;
    let set = upload.field("set").map(str::to_string);
    let report = blocking(move || {
        let (label, bytes) = read_bytes(file)?;
        let scored =
            engine::score(&state, &label, &bytes, set.as_deref(), &ScoreOptions::default())?;
        Ok(parscore_report::ScoreReport::new(&scored))
    })
    .await?;
    Ok(Json(report).into_response())
}

/// `POST /api/workbooks` (multipart `file`, optional `set`): scores the workbook and stores
/// it; 201 with the stored scorecard (200 when the same file was already stored), `Location`
/// naming it. A workbook with problems is recorded as a failed attempt only: 422.
pub async fn submit(
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (file, upload) = one_file(&state, multipart).await?;
    let set = upload.field("set").map(str::to_string);
    let submitted = blocking(move || {
        let (label, bytes) = read_bytes(file)?;
        engine::submit(&state, &label, &bytes, set.as_deref(), Source::Upload)
    })
    .await?;
    let status = if submitted.saved.created { StatusCode::CREATED } else { StatusCode::OK };
    let location = format!("/api/workbooks/{}", submitted.saved.id);
    let unit = format!("/units/{}?set={}", submitted.saved.unit_id, submitted.report.set);
    Ok((
        status,
        [
            (header::LOCATION, location),
            (header::HeaderName::from_static("x-parscore-unit-page"), unit),
        ],
        Json(submitted.report),
    )
        .into_response())
}

/// `GET /api/workbooks/{id}`: a stored workbook's scorecard, as it was answered when stored
/// (its bytes scored again on its set: the same JSON every time).
pub async fn workbook(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let report = blocking(move || {
        let stored = state
            .store
            .workbook(id)?
            .ok_or_else(|| AppError::not_found("bảng tính đã lưu này", "stored workbook"))?;
        let scored = engine::rescore(&state, &stored)?;
        Ok(parscore_report::ScoreReport::new(&scored))
    })
    .await?;
    Ok(Json(report).into_response())
}

/// The query of a ranking.
#[derive(Debug, Deserialize)]
pub struct RankQuery {
    /// The year.
    pub year: Option<String>,
    /// The set's id.
    pub set: Option<String>,
}

/// The year of a query: a number, or a 400 saying so.
pub fn year(q: Option<&str>) -> Result<Option<u16>, AppError> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(y) => y.parse().map(Some).map_err(|_| {
            AppError::BadRequest(Text::new(
                format!("năm {y:?} không hợp lệ; ghi năm như 2025"),
                format!("{y:?} is not a year; write one like 2025"),
            ))
        }),
    }
}

/// `GET /api/rank?year=2025[&set=ID]`: the ranking of the stored units, the same JSON as
/// `parscore rank --format json`.
pub async fn rank(
    State(state): State<AppState>,
    Query(q): Query<RankQuery>,
) -> Result<Response, AppError> {
    let year = year(q.year.as_deref())?;
    let view = blocking(move || engine::rank(&state, year, q.set.as_deref())).await?;
    Ok(Json(view.report()).into_response())
}
