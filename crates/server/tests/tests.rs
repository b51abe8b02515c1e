//! The server's tests, one target (it links once): every route and limit over HTTP requests
//! to the router (`http`), and the pages in a real headless Chromium (`browser`).

mod browser;
mod http;
mod support;
