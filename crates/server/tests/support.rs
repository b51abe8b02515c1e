//! What the tests share: a server over a fresh data folder, multipart bodies, the fixtures.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use parscore_server::{app, AppState, RequestLimits, Store};
use tower::ServiceExt;

/// A fixture's path.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

/// A fixture's bytes.
pub fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// A server over a fresh data folder (removed when dropped).
pub struct Server {
    /// Kept so the folder lives as long as the server.
    pub _dir: tempfile::TempDir,
    pub state: AppState,
    pub router: Router,
}

impl Server {
    pub fn new() -> Server {
        Server::with(RequestLimits::default())
    }

    pub fn with(limits: RequestLimits) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let state = AppState::new(store, limits).unwrap();
        let router = app(state.clone());
        Server { _dir: dir, state, router }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, body }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn get_en(&self, uri: &str) -> Reply {
        let req = Request::get(uri).header("cookie", "parscore_lang=en").body(Body::empty());
        self.send(req.unwrap()).await
    }

    /// POSTs a multipart body of `files` (field, file name, bytes) and text `fields`.
    pub async fn multipart(
        &self,
        uri: &str,
        files: &[(&str, &str, &[u8])],
        fields: &[(&str, &str)],
    ) -> Reply {
        let (ctype, body) = multipart(files, fields);
        let req = Request::post(uri).header("content-type", ctype).body(Body::from(body));
        self.send(req.unwrap()).await
    }

    /// POSTs a url-encoded form.
    pub async fn form(&self, uri: &str, fields: &[(String, String)]) -> Reply {
        let body = serde_urlencoded(fields);
        let req = Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body));
        self.send(req.unwrap()).await
    }

    pub fn counts(&self) -> parscore_server::store::Counts {
        self.state.store.counts().unwrap()
    }
}

fn serde_urlencoded(fields: &[(String, String)]) -> String {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    let pairs: Vec<String> = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    pairs.join("&")
}

/// A multipart/form-data body and its content type.
pub fn multipart(files: &[(&str, &str, &[u8])], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----parscore-test-boundary-7d3f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"; \
                 filename=\"{file}\"\r\ncontent-type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// An answer.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    }
}
