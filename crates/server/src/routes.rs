//! The map from addresses to handlers, and the layers every request passes: the body limit
//! (`--max-request-size`, enforced while a body streams in) and the headers that keep a page
//! from loading anything from elsewhere.
//!
//! Accounts will add an extractor per role to the handlers that need one (so a route cannot
//! forget its check), not a change of this map.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;
use crate::{api, assets, pages};

/// What the browser may load: this server's own files only, no inline script, no frames.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

async fn security_headers(request: axum::extract::Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The server's routes over `state`.
pub fn app(state: AppState) -> Router {
    let body_limit = usize::try_from(state.limits.max_request).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(pages::home))
        .route("/lang", get(pages::switch_lang))
        .route("/sets", get(pages::sets::list))
        .route("/sets/view", get(pages::sets::view))
        .route("/sets/template", get(pages::sets::template))
        .route("/sets/import", post(pages::sets::import))
        .route("/sets/check", post(pages::sets::check))
        .route("/submit", get(pages::submit::page).post(pages::submit::post))
        .route("/units", get(pages::units::list))
        .route("/units/{id}", get(pages::units::page))
        .route("/units/{id}/score.xlsx", get(pages::units::score_xlsx))
        .route("/units/{id}/compare.xlsx", get(pages::units::compare_xlsx))
        .route("/units/{id}/plan.xlsx", get(pages::units::plan_xlsx))
        .route("/units/{id}/workbook", get(pages::units::workbook))
        .route("/form", get(pages::online::page).post(pages::online::post))
        .route("/rank", get(pages::rank::page))
        .route("/rank.xlsx", get(pages::rank::download))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/health", get(api::health))
        .route("/api/score", post(api::score))
        .route("/api/workbooks", post(api::submit))
        .route("/api/workbooks/{id}", get(api::workbook))
        .route("/api/rank", get(api::rank))
        .route("/api/form/score", post(pages::online::live))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}
