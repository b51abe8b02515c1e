//! Every route over HTTP, and the limits: what a client gets for good, bad and hostile input.

use parscore_core::{catalog, Lang};
use parscore_read::Workbook;
use parscore_server::RequestLimits;
use parscore_write::{write_template, TemplateMeta};

use crate::support::{bytes, fixture, Server};

const F2024: &str = "so-xay-dung-2024.xlsx";
const F2025: &str = "so-xay-dung-2025.xlsx";

/// The JSON `parscore score --format json` printed for the 2025 fixture (its snapshot).
fn cli_score_json() -> serde_json::Value {
    let snap = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/snapshots/score-2025-json.snap"),
    )
    .unwrap();
    let json = snap.splitn(3, "---\n").nth(2).unwrap();
    serde_json::from_str(json).unwrap()
}

async fn upload(s: &Server, name: &str) -> crate::support::Reply {
    s.multipart("/api/workbooks", &[("file", name, &bytes(name))], &[]).await
}

#[tokio::test]
async fn health_answers_ok() {
    let s = Server::new();
    let r = s.get("/api/health").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), serde_json::json!({"status": "ok"}));
}

#[tokio::test]
async fn score_gives_the_same_json_as_the_command_line_and_stores_nothing() {
    let s = Server::new();
    let r = s.multipart("/api/score", &[("file", F2025, &bytes(F2025))], &[]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let mut expected = cli_score_json();
    // The command line names the file as given (fixtures/…); the server, as uploaded.
    expected["file"] = serde_json::json!(F2025);
    assert_eq!(r.json(), expected);
    assert_eq!(r.json()["total"], "77.55");
    assert_eq!(s.counts().workbooks, 0);
}

#[tokio::test]
async fn score_with_a_set_field_and_an_unknown_set() {
    let s = Server::new();
    let ok = s
        .multipart("/api/score", &[("file", F2025, &bytes(F2025))], &[("set", "lai-chau/so/2025")])
        .await;
    assert_eq!(ok.status, 200);
    let other = s
        .multipart("/api/score", &[("file", F2025, &bytes(F2025))], &[("set", "lai-chau/so/2024")])
        .await;
    // Made for 2025, scored on 2024: refused at the sheet, as `parscore score --set` does.
    assert_eq!(other.status, 422, "{}", other.text());
    assert!(other.text().contains("lai-chau/so/2025"), "{}", other.text());
    let unknown =
        s.multipart("/api/score", &[("file", F2025, &bytes(F2025))], &[("set", "x/y/2025")]).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.json()["error"]["vi"].as_str().unwrap().contains("không có bộ tiêu chí"));
}

#[tokio::test]
async fn a_workbook_with_problems_gets_every_problem_at_its_cell_and_is_stored_only_as_an_attempt()
{
    let s = Server::new();
    let name = "score-above-max.xlsx";
    let r = s
        .multipart(
            "/api/workbooks",
            &[("file", name, &bytes(name))],
            &[("set", "lai-chau/so/2024")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    let body = r.json();
    let p = &body["problems"][0];
    assert_eq!(p["file"], name);
    assert_eq!(p["sheet"], "Tự đánh giá");
    assert_eq!(p["cell"], "H63");
    assert_eq!(p["code"], "4.3.1");
    assert_eq!(p["message"]["vi"], "điểm 2 vượt điểm tối đa 1,5");
    let c = s.counts();
    assert_eq!((c.workbooks, c.blobs, c.units, c.attempts), (0, 0, 0, 1));
}

#[tokio::test]
async fn hostile_fixtures_get_their_located_error_and_store_nothing() {
    let s = Server::new();
    // Each refused as `parscore score` refuses it, naming the file.
    let cases = [
        ("pdf-renamed.xlsx", "PDF"),
        ("zip-bomb.xlsx", "zip-bomb.xlsx"),
        ("shared-strings-bomb.xlsx", "shared-strings-bomb.xlsx"),
        ("looping-sectors.xls", "looping-sectors.xls"),
        ("truncated.xlsx", "truncated.xlsx"),
        ("random-bytes.xlsx", "random-bytes.xlsx"),
        ("password-protected.xlsx", "password-protected.xlsx"),
        ("far-apart-cells.ods", "far-apart-cells.ods"),
        ("one-million-rows.xlsx", "one-million-rows.xlsx"),
        ("html-renamed.xls", "HTML"),
    ];
    for (name, says) in cases {
        let b = bytes(&format!("bad/{name}"));
        let r = s.multipart("/api/workbooks", &[("file", name, &b)], &[]).await;
        assert_eq!(r.status, 422, "{name}: {}", r.text());
        let error = r.json()["error"]["en"].as_str().unwrap().to_string();
        assert!(error.contains(says), "{name}: {error}");
        assert!(r.json()["error"]["vi"].as_str().unwrap().starts_with(name), "{name}");
    }
    let c = s.counts();
    assert_eq!((c.workbooks, c.blobs, c.units), (0, 0, 0));
    assert_eq!(c.attempts, cases.len() as u64);
}

#[tokio::test]
async fn workbooks_are_stored_once_and_ranked() {
    let s = Server::new();
    let first = upload(&s, F2024).await;
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.header("location"), "/api/workbooks/1");
    let r = upload(&s, F2025).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["percent"], "77.55");
    // The same bytes again: the stored record, not a second copy.
    let again = upload(&s, F2025).await;
    assert_eq!(again.status, 200);
    let c = s.counts();
    assert_eq!((c.workbooks, c.blobs, c.units), (2, 2, 1));

    let stored = s.get("/api/workbooks/2").await;
    assert_eq!(stored.status, 200);
    assert_eq!(stored.json(), r.json());
    assert_eq!(s.get("/api/workbooks/99").await.status, 404);

    let rank = s.get("/api/rank?year=2025").await;
    assert_eq!(rank.status, 200);
    let rank = rank.json();
    assert_eq!(rank["set"], "lai-chau/so/2025");
    assert_eq!(rank["ranked"], 1);
    let unit = &rank["units"][0];
    assert_eq!(unit["unit"], "Sở Xây dựng");
    assert_eq!(unit["percent"], "77.55");
    // Last year's 78.30 (the 2024 set's self-assessed 78.3 points of 100): −0.75 points.
    assert_eq!(unit["previous"]["percent"], "78.30");
    assert_eq!(unit["previous"]["delta"], "-0.75");
    assert_eq!(s.get("/api/rank?year=2024").await.json()["units"][0]["percent"], "78.30");
    assert_eq!(s.get("/api/rank?year=abc").await.status, 400);
    assert_eq!(s.get("/api/rank?year=2024&set=lai-chau/so/2025").await.status, 400);
}

#[tokio::test]
async fn an_oversized_upload_gets_413_and_stores_nothing() {
    let limits = RequestLimits { max_request: 20_000, ..RequestLimits::default() };
    let s = Server::with(limits);
    let r = upload(&s, F2025).await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"]["vi"].as_str().unwrap().contains("--max-request-size"));
    assert_eq!(s.counts().attempts, 0);
    assert_eq!(s.counts().workbooks, 0);
}

#[tokio::test]
async fn a_file_over_the_workbook_size_limit_gets_413() {
    let mut limits = RequestLimits::default();
    limits.workbook.max_file_size = 10_000;
    let s = Server::with(limits);
    let r = upload(&s, F2025).await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"]["en"].as_str().unwrap().contains("--max-file-size"));
}

#[tokio::test]
async fn too_many_files_get_413() {
    let limits = RequestLimits { max_files: 1, ..RequestLimits::default() };
    let s = Server::with(limits);
    let (a, b) = (bytes(F2024), bytes(F2025));
    let r = s.multipart("/submit", &[("files", F2024, &a), ("files", F2025, &b)], &[]).await;
    assert_eq!(r.status, 413);
    assert!(r.text().contains("--max-files"), "{}", r.text());
    assert_eq!(s.counts().workbooks, 0);
}

#[tokio::test]
async fn the_api_takes_one_file_per_request() {
    let s = Server::new();
    let (a, b) = (bytes(F2024), bytes(F2025));
    let two = s.multipart("/api/workbooks", &[("file", F2024, &a), ("file", F2025, &b)], &[]).await;
    assert_eq!(two.status, 400);
    let none = s.multipart("/api/workbooks", &[], &[("set", "lai-chau/so/2025")]).await;
    assert_eq!(none.status, 400);
    assert!(none.json()["error"]["vi"].as_str().unwrap().contains("thiếu tệp"));
}

#[tokio::test]
async fn the_pages_answer_in_vietnamese_and_english() {
    let s = Server::new();
    upload(&s, F2024).await;
    upload(&s, F2025).await;
    let pages = [
        ("/sets", "Bộ tiêu chí", "Criteria sets"),
        ("/sets/view?id=lai-chau/so/2025", "Cây tiêu chí", "Criteria tree"),
        ("/submit", "Kéo thả bảng tính vào đây", "Drop workbooks here"),
        ("/units", "Sở Xây dựng", "Sở Xây dựng"),
        ("/units/1?set=lai-chau/so/2025", "77,55%", "77.55%"),
        ("/units/1?set=lai-chau/so/2025&target=80", "Còn thiếu: 2,45", "Gap: 2.45"),
        ("/form", "Chọn bộ tiêu chí", "Choose a criteria set"),
        ("/form?set=lai-chau/so/2025", "Điểm hiện tại", "Current score"),
        ("/form?version=2", "77,55%", "77.55%"),
        ("/rank", "Xếp hạng", "Ranking"),
        ("/rank?year=2025", "<svg", "<svg"),
    ];
    for (uri, vi, en) in pages {
        let r = s.get(uri).await;
        assert_eq!(r.status, 200, "{uri}: {}", r.text());
        assert!(r.text().contains(vi), "{uri} lacks {vi}");
        assert!(r.header("content-security-policy").contains("default-src 'none'"));
        let r = s.get_en(uri).await;
        assert!(r.text().contains(en), "{uri} (en) lacks {en}");
        assert!(r.text().contains("<html lang=\"en\">"), "{uri}");
    }
    // The unit's page shows last year beside this year, and the flags.
    let unit = s.get("/units/1?set=lai-chau/so/2025").await.text();
    assert!(unit.contains("78,30%"), "last year");
    assert!(unit.contains("−0,75"), "the change");
    assert!(unit.contains("giảm so với năm trước"), "a flag");
    let rank = s.get("/rank?set=lai-chau/so/2025").await.text();
    assert!(rank.contains("heat-"), "the heat map");
    assert!(rank.contains("/units/1?set=lai-chau/so/2025"), "a link to the unit");
}

#[tokio::test]
async fn downloads_are_workbooks() {
    let s = Server::new();
    upload(&s, F2024).await;
    upload(&s, F2025).await;
    for uri in [
        "/sets/template?id=lai-chau/so/2025&unit=S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p",
        "/units/1/score.xlsx?set=lai-chau/so/2025",
        "/units/1/compare.xlsx?set=lai-chau/so/2025",
        "/units/1/plan.xlsx?set=lai-chau/so/2025&target=80",
        "/rank.xlsx?year=2025",
    ] {
        let r = s.get(uri).await;
        assert_eq!(r.status, 200, "{uri}: {}", r.text());
        assert!(r.body.starts_with(b"PK"), "{uri}");
        assert!(r.header("content-disposition").starts_with("attachment"), "{uri}");
    }
    let original = s.get("/units/1/workbook?set=lai-chau/so/2025").await;
    assert_eq!(original.body, bytes(F2025));
    // Last year has no last year: no comparison to download.
    assert_eq!(s.get("/units/1/compare.xlsx?set=lai-chau/so/2024").await.status, 404);
    assert_eq!(s.get("/units/1?set=lai-chau/so/2025&target=abc").await.status, 400);
}

#[tokio::test]
async fn the_submit_form_works_without_javascript() {
    let s = Server::new();
    let (a, bad) = (bytes(F2025), bytes("score-above-max.xlsx"));
    let r = s
        .multipart(
            "/submit",
            &[("files", F2025, &a), ("files", "score-above-max.xlsx", &bad)],
            &[("set", "")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = r.text();
    assert!(page.contains("77,55%"));
    // score-above-max.xlsx records no set: that is its error, at the file.
    assert!(page.contains("không ghi bộ tiêu chí"), "{page}");
    let r = s
        .multipart(
            "/submit",
            &[("files", "score-above-max.xlsx", &bad)],
            &[("set", "lai-chau/so/2024")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = r.text();
    assert!(page.contains("H63"), "the problem's cell");
    assert!(page.contains("điểm 2 vượt điểm tối đa 1,5"));
    assert_eq!(s.counts().workbooks, 1);
    assert_eq!(s.counts().attempts, 2);
    assert!(s.get("/submit").await.text().contains("score-above-max.xlsx"), "recent attempts");
}

#[tokio::test]
async fn text_from_a_workbook_is_escaped_in_every_page() {
    let s = Server::new();
    let set = catalog::find("lai-chau/so/2025").unwrap();
    let inputs = Workbook::open(&fixture(F2025)).unwrap().inputs(&set).inputs;
    let unit = "<script>alert(1)</script>";
    let xlsx = write_template(&set, &TemplateMeta { unit: unit.into(), year: 2025 }, Some(&inputs))
        .unwrap();
    let r = s.multipart("/api/workbooks", &[("file", "<b>x</b>.xlsx", &xlsx)], &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    for uri in ["/units", "/units/1?set=lai-chau/so/2025", "/rank?year=2025", "/form?version=1"] {
        let page = s.get(uri).await.text();
        assert!(!page.contains("<script>alert"), "{uri}");
        assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{uri}");
        assert!(!page.contains("<b>x</b>"), "{uri}");
    }
}

#[tokio::test]
async fn the_language_switch_stays_on_this_server() {
    let s = Server::new();
    let r = s.get("/lang?to=en&back=/units").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), "/units");
    assert!(r.header("set-cookie").starts_with("parscore_lang=en"));
    let away = s.get("/lang?to=en&back=//evil.example/").await;
    assert_eq!(away.header("location"), "/");
    assert_eq!(s.get("/").await.header("location"), "/submit");
    let missing = s.get("/nowhere").await;
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("không tìm thấy trang này"));
    assert_eq!(s.get("/assets/app.css").await.status, 200);
    assert_eq!(
        s.get("/assets/app.js").await.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(s.get("/assets/../Cargo.toml").await.status, 404);
}

fn fields_of_fixture() -> Vec<(String, String)> {
    let set = catalog::find("lai-chau/so/2025").unwrap();
    let inputs = Workbook::open(&fixture(F2025)).unwrap().inputs(&set).inputs;
    let mut f =
        vec![("set".to_string(), set.id.clone()), ("unit".to_string(), "Sở Tư pháp".to_string())];
    for (code, e) in &inputs.entries {
        use parscore_core::Input;
        let n = |d: parscore_core::Decimal| parscore_core::fmt_decimal(d, Lang::Vi);
        let mut put = |p: &str, v: String| f.push((format!("{p}:{code}"), v));
        if let Some(ev) = &e.evidence {
            put("e", ev.clone());
        }
        match &e.value {
            Some(Input::Score(d)) => put("s", n(*d)),
            Some(Input::Yes(b)) => put("v", if *b { "Có".into() } else { "Không".into() }),
            Some(Input::Choice(c)) => put("v", c.clone()),
            Some(Input::Percent(p)) => put("v", n(*p)),
            Some(Input::Fraction { numerator, denominator }) => {
                put("n", n(*numerator));
                put("d", n(*denominator));
            }
            Some(Input::Count(c)) => put("v", c.to_string()),
            Some(Input::NotApplicable) => put("na", "1".into()),
            None => {}
        }
    }
    f
}

#[tokio::test]
async fn the_online_form_scores_live_saves_a_version_and_downloads_what_score_reads_back() {
    let s = Server::new();
    let mut fields = fields_of_fixture();
    let live = s.form("/api/form/score", &fields).await;
    assert_eq!(live.status, 200, "{}", live.text());
    assert_eq!(live.json()["total"], "77.55");
    assert_eq!(live.json()["problems"], serde_json::json!([]));

    // The downloaded workbook scores the same through the upload door.
    fields.push(("action".into(), "download".into()));
    let dl = s.form("/form", &fields).await;
    assert!(dl.body.starts_with(b"PK"));
    let scored = s.multipart("/api/score", &[("file", "filled.xlsx", &dl.body)], &[]).await;
    assert_eq!(scored.json()["total"], "77.55");
    assert_eq!(scored.json()["unit"], "Sở Tư pháp");

    fields.pop();
    fields.push(("action".into(), "save".into()));
    let saved = s.form("/form", &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert!(saved.header("location").starts_with("/units/1?version="));
    assert_eq!(s.counts().workbooks, 1);
    let rank = s.get("/api/rank?year=2025").await.json();
    assert_eq!(rank["units"][0]["unit"], "Sở Tư pháp");
}

#[tokio::test]
async fn the_online_form_says_what_is_wrong_and_saves_nothing_then() {
    let s = Server::new();
    let mut fields = fields_of_fixture();
    // 1.1.4 takes a percentage: "nhiều" is none.
    for f in fields.iter_mut().filter(|(k, _)| k == "v:1.1.4") {
        f.1 = "nhiều".into();
    }
    let live = s.form("/api/form/score", &fields).await.json();
    let p = live["problems"].as_array().unwrap();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0]["code"], "1.1.4");
    assert!(p[0]["message"]["vi"].as_str().unwrap().starts_with("Số liệu: "));
    fields.push(("action".into(), "save".into()));
    let page = s.form("/form", &fields).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("1 lỗi cần sửa"), "{}", page.text());
    assert_eq!(s.counts().workbooks, 0);

    // A blank form scores 0 and lists every leaf as missing.
    let blank = s.form("/api/form/score", &[("set".into(), "lai-chau/so/2025".into())]).await;
    assert_eq!(blank.json()["total"], "0");
    assert!(blank.json()["problems"].as_array().unwrap().len() > 10);
}

#[tokio::test]
async fn criteria_are_imported_and_checked_in_the_browser() {
    let s = Server::new();
    let annex = bytes("annex-ca-mau-linh-vuc-1.ods");
    let r = s
        .multipart(
            "/sets/import",
            &[("annex", "annex-ca-mau-linh-vuc-1.ods", &annex)],
            &[("id", "ca-mau/so/2013"), ("year", "2013"), ("level", "so")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // Only domain 1's first rows are known: the set does not validate; rows are named.
    assert!(r.text().contains("chưa hợp lệ"), "{}", r.text());
    assert!(r.text().contains("dòng 6 (1)"), "{}", r.text());

    let json = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../criteria/lai-chau/so-2025.json"),
    )
    .unwrap()
    .replace("\"lai-chau/so/2025\"", "\"tinh-x/so/2025\"");
    let r = s
        .multipart("/sets/check", &[("file", "tinh-x.json", json.as_bytes())], &[("save", "1")])
        .await;
    assert!(r.text().contains("Đã lưu"), "{}", r.text());
    assert!(s.get("/sets").await.text().contains("tinh-x/so/2025"));
    assert_eq!(s.counts().sets, 1);
    let bad = bytes("bad/not-json.json");
    let r = s.multipart("/sets/check", &[("file", "not-json.json", &bad)], &[]).await;
    assert!(r.text().contains("chưa hợp lệ"));
    // A shipped id is not replaced.
    let shipped = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../criteria/lai-chau/so-2025.json"),
    )
    .unwrap();
    let r =
        s.multipart("/sets/check", &[("file", "so-2025.json", &shipped)], &[("save", "1")]).await;
    assert!(r.text().contains("bộ tiêu chí có sẵn"), "{}", r.text());
}
