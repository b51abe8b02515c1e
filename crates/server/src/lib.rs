//! `parscore serve`: the whole engine in a browser, on one office PC, offline.
//!
//! One process serves server-rendered pages (Vietnamese, with an English switch; they work
//! without JavaScript, and a small embedded script adds drag and drop, progress and live
//! scores) and a JSON API under `/api` that the pages use too. Every scored workbook is kept
//! in an embedded SQLite store in the data folder ([`store`]), so pages never rescore the
//! whole province.
//!
//! This crate is an edge, like the command line: handlers parse the request, call the library
//! crates through [`engine`] (the same calls as the CLI: `Workbook::from_bytes`,
//! `Scored::new`, `compare`, `plan`, `Ranking`) and render the report types; no scoring, no
//! Excel parsing and no SQL in a handler. The API's JSON is the report types' JSON.
//!
//! Without accounts (a later version adds them) the server answers only on a loopback
//! address: [`ServeConfig::check`] refuses any other.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod api;
mod assets;
mod charts;
pub mod engine;
mod error;
mod form;
mod pages;
mod routes;
mod state;
pub mod store;
mod ui;
mod upload;
mod words;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;

pub use error::AppError;
pub use routes::app;
pub use state::{AppState, RequestLimits, Sets};
pub use store::{Store, StoreError};

/// How `parscore serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The data folder (database and lock file), created when missing.
    pub data: PathBuf,
    /// The address to listen on; only loopback addresses are accepted.
    pub listen: SocketAddr,
    /// The limits of each request.
    pub limits: RequestLimits,
}

/// Why the server cannot start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// `--listen` names an address other machines can reach, and there are no accounts yet.
    #[error(
        "{0} is not a loopback address: without accounts, anyone on the network could read and \
         change every unit's scores; parscore serve listens only on 127.0.0.1 or ::1 until \
         accounts exist"
    )]
    NotLoopback(SocketAddr),
    /// The store cannot be opened (or another server holds it).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

impl ServeError {
    /// The message in Vietnamese and English.
    pub fn text(&self) -> parscore_core::Text {
        let vi = match self {
            ServeError::NotLoopback(addr) => format!(
                "{addr} không phải địa chỉ nội bộ của máy (loopback): khi chưa có tài khoản, bất \
                 kỳ ai trong mạng cũng đọc và sửa được điểm của mọi đơn vị; parscore serve chỉ \
                 nghe trên 127.0.0.1 hoặc ::1 cho đến khi có tài khoản"
            ),
            ServeError::Store(e) => return e.text(),
            ServeError::Bind { addr, source } => format!("không nghe được trên {addr}: {source}"),
            ServeError::Io(e) => format!("máy chủ đã dừng: {e}"),
        };
        parscore_core::Text::new(vi, self.to_string())
    }
}

impl ServeConfig {
    /// Refuses a non-loopback `listen` address.
    ///
    /// ```
    /// use parscore_server::{RequestLimits, ServeConfig, ServeError};
    /// let config = |listen: &str| ServeConfig {
    ///     data: "parscore-data".into(),
    ///     listen: listen.parse().unwrap(),
    ///     limits: RequestLimits::default(),
    /// };
    /// assert!(config("127.0.0.1:8080").check().is_ok());
    /// assert!(config("[::1]:8080").check().is_ok());
    /// assert!(matches!(config("0.0.0.0:8080").check(), Err(ServeError::NotLoopback(_))));
    /// ```
    pub fn check(&self) -> Result<(), ServeError> {
        if self.listen.ip().is_loopback() {
            Ok(())
        } else {
            Err(ServeError::NotLoopback(self.listen))
        }
    }
}

/// Opens the store, binds the address and serves until `shutdown` completes; `ready` is
/// told the bound address (the URL to print) once the server accepts connections.
///
/// Fails before serving when the address is not loopback, the store cannot be opened or is
/// held by another server, or the address cannot be bound.
pub async fn serve(
    config: ServeConfig,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    config.check()?;
    let store = Store::open(&config.data)?;
    let state = AppState::new(store, config.limits)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind { addr: config.listen, source })?;
    let addr = listener.local_addr()?;
    ready(addr);
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await?;
    Ok(())
}

/// Runs [`serve`] on a new runtime until Ctrl-C (or SIGTERM), then stops cleanly: requests
/// under way finish, the store is closed and the folder unlocked.
pub fn run(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(config, ready, stop_signal()))
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        // Without a signal handler the server still stops with the process.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
