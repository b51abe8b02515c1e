//! `parscore serve` as a process: it prints its URL, refuses a non-loopback address and a
//! second server on the same data folder, stops cleanly on Ctrl-C (SIGINT), and keeps every
//! upload it acknowledged through a `kill -9`.
//!
//! The HTTP here is written by hand over a `TcpStream` (one request per connection), so the
//! binary's tests need no HTTP client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{parscore, root, scratch};

/// A running server, killed when dropped.
struct Serve {
    child: Child,
    addr: String,
    stderr: BufReader<ChildStderr>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `parscore serve` on `data` at a free port; returns once it printed its URL.
fn start(data: &Path) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parscore"))
        .args(["serve", "--data"])
        .arg(data)
        .args(["--listen", "127.0.0.1:0"])
        .current_dir(root())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    // "parscore: đang phục vụ tại http://127.0.0.1:PORT/ (dữ liệu trong …); …"
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| {
        panic!("no URL in {line:?}");
    });
    assert!(line.starts_with("parscore: đang phục vụ tại http://127.0.0.1:"), "{line}");
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    Serve { child, addr, stderr }
}

/// One HTTP request; the status and body of the answer.
fn request(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    request(addr, &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"), b"")
}

fn upload(addr: &str, file: &str) -> (u16, String) {
    let bytes = std::fs::read(root().join("fixtures").join(file)).unwrap();
    let b = "----e2e-boundary";
    let mut body = format!(
        "--{b}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"{file}\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    let head = format!(
        "POST /api/workbooks HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: \
         multipart/form-data; boundary={b}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    request(addr, &head, &body)
}

#[test]
fn serve_refuses_an_address_other_machines_reach() {
    let data = scratch("serve-public");
    let run = parscore(&["serve", "--data", data.to_str().unwrap(), "--listen", "0.0.0.0:8080"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("0.0.0.0:8080 không phải địa chỉ nội bộ của máy (loopback)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("cho đến khi có tài khoản"), "{}", run.stderr);
    let en = parscore(&["serve", "--listen", "0.0.0.0:8080", "--lang", "en"]);
    assert!(en.stderr.contains("is not a loopback address"), "{}", en.stderr);
}

#[test]
fn serve_answers_refuses_a_second_server_and_stops_on_ctrl_c() {
    let data = scratch("serve-twice");
    let mut first = start(&data);
    assert_eq!(get(&first.addr, "/api/health"), (200, "{\"status\":\"ok\"}".into()));
    let second = parscore(&["serve", "--data", data.to_str().unwrap(), "--listen", "127.0.0.1:0"]);
    assert_eq!(second.code, 2);
    assert!(second.stderr.contains("đang được một parscore serve khác dùng"), "{}", second.stderr);

    // Ctrl-C: the server finishes, says so and exits 0.
    let pid = first.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let since = Instant::now();
    let status = loop {
        if let Some(s) = first.child.try_wait().unwrap() {
            break s;
        }
        assert!(since.elapsed() < Duration::from_secs(10), "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    first.stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("parscore: đã dừng"), "{rest}");
    // The folder is free again.
    drop(start(&data));
}

#[test]
fn what_serve_acknowledged_survives_kill_9() {
    let data = scratch("serve-kill");
    let mut server = start(&data);
    let (status, _) = upload(&server.addr, "so-xay-dung-2024.xlsx");
    assert_eq!(status, 201);
    let (status, body) = upload(&server.addr, "so-xay-dung-2025.xlsx");
    assert_eq!(status, 201, "{body}");
    // SIGKILL: no shutdown, no chance to flush anything the store had not committed.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    drop(server);

    let server = start(&data);
    let (status, body) = get(&server.addr, "/api/rank?year=2025");
    assert_eq!(status, 200);
    let rank: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(rank["units"][0]["unit"], "Sở Xây dựng");
    assert_eq!(rank["units"][0]["percent"], "77.55");
    assert_eq!(rank["units"][0]["previous"]["percent"], "78.30");
}
