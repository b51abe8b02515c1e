//! The load of `benches/serve.sh`: uploads every workbook of a folder to a running
//! `parscore serve` with N concurrent clients over loopback, measures one more client's
//! `POST /api/score` latency while that runs, then the ranking page once all are stored.
//!
//! ```sh
//! cargo run --release -p parscore-server --example load -- http://127.0.0.1:8080 DIR [CLIENTS]
//! ```
//!
//! It prints one line of `key=value` pairs for the script to read. Bounded: each workbook is
//! sent once, the latency probe stops when the uploads do, the page is fetched 20 times.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

fn multipart(name: &str, bytes: &[u8]) -> (String, Bytes) {
    let boundary = "----parscore-load-4b1e";
    let mut body = format!(
        "--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         content-type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), Bytes::from(body))
}

async fn post(client: &Http, url: &str, (ctype, body): &(String, Bytes)) -> (u16, Duration) {
    let start = Instant::now();
    let req = axum::http::Request::post(url)
        .header("content-type", ctype.as_str())
        .body(Full::new(body.clone()))
        .unwrap_or_else(|e| panic!("request: {e}"));
    let res = client.request(req).await.unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = res.status().as_u16();
    let _ = res.into_body().collect().await;
    (status, start.elapsed())
}

async fn get(client: &Http, url: &str) -> (u16, Duration, usize) {
    let start = Instant::now();
    let req = axum::http::Request::get(url)
        .body(Full::new(Bytes::new()))
        .unwrap_or_else(|e| panic!("{e}"));
    let res = client.request(req).await.unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = res.status().as_u16();
    let body = res.into_body().collect().await.map(|b| b.to_bytes().len()).unwrap_or(0);
    (status, start.elapsed(), body)
}

fn percentile(sorted: &[Duration], p: usize) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() * p).div_ceil(100)).saturating_sub(1).min(sorted.len() - 1);
    sorted.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let dir = PathBuf::from(args.next().unwrap_or_else(|| panic!("usage: load URL DIR [CLIENTS]")));
    let clients: usize = args.next().map_or(8, |n| n.parse().unwrap_or(8));

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    files.sort();
    let bodies: Arc<Vec<(String, Bytes)>> = Arc::new(
        files
            .iter()
            .map(|p| {
                let name =
                    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                multipart(&name, &std::fs::read(p).unwrap_or_default())
            })
            .collect(),
    );
    let probe_body = bodies.first().cloned().unwrap_or_else(|| panic!("no workbooks"));
    let client: Http = Client::builder(TokioExecutor::new()).build_http();

    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, bodies, next) = (client.clone(), bodies.clone(), next.clone());
        let url = format!("{base}/api/workbooks");
        tasks.push(tokio::spawn(async move {
            let mut bad = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = bodies.get(i) else { break };
                let (status, _) = post(&client, &url, body).await;
                if status != 201 && status != 200 {
                    bad += 1;
                }
            }
            bad
        }));
    }
    // The latency probe: one scoring request every 20 ms while the uploads run.
    let probe = {
        let (client, done, n) = (client.clone(), done.clone(), bodies.len());
        let url = format!("{base}/api/score");
        let next = next.clone();
        tokio::spawn(async move {
            let mut lat = Vec::new();
            while next.load(Ordering::Relaxed) < n && done.load(Ordering::Relaxed) == 0 {
                let (status, d) = post(&client, &url, &probe_body).await;
                assert_eq!(status, 200, "POST /api/score answered {status}");
                lat.push(d);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            lat
        })
    };
    let mut failed = 0;
    for t in tasks {
        failed += t.await.unwrap_or(1);
    }
    let upload_secs = start.elapsed().as_secs_f64();
    done.store(1, Ordering::Relaxed);
    let mut lat = probe.await.unwrap_or_default();
    lat.sort();

    let mut page = Vec::new();
    let mut page_bytes = 0;
    for _ in 0..20 {
        let (status, d, n) = get(&client, &format!("{base}/rank?year=2025")).await;
        assert_eq!(status, 200);
        page.push(d);
        page_bytes = n;
    }
    page.sort();
    let mut api = Vec::new();
    for _ in 0..20 {
        let (status, d, _) = get(&client, &format!("{base}/api/rank?year=2025")).await;
        assert_eq!(status, 200);
        api.push(d);
    }
    api.sort();
    println!(
        "uploads={} failed={failed} clients={clients} upload_secs={upload_secs:.3} wb_per_sec={:.1} \
         score_probes={} score_p50_ms={:.1} score_p99_ms={:.1} score_max_ms={:.1} \
         rank_page_median_ms={:.1} rank_page_max_ms={:.1} rank_page_kb={} api_rank_median_ms={:.1}",
        bodies.len(),
        bodies.len() as f64 / upload_secs,
        lat.len(),
        percentile(&lat, 50),
        percentile(&lat, 99),
        percentile(&lat, 100),
        percentile(&page, 50),
        percentile(&page, 100),
        page_bytes / 1000,
        percentile(&api, 50),
    );
}
