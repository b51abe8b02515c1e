//! Last year's ranking from a file, for the plan's "tăng hạng" target: a `parscore rank` JSON
//! report, the workbook `parscore rank --format xlsx` writes, or a province's published table
//! with a unit column and a percentage column (xlsx, xls or ods).
//!
//! JSON is read with serde; a workbook enters through [`Book::open`] like every other. The
//! ranking itself (who was above whom) is the core's
//! [`PublishedRanking`](parscore_core::PublishedRanking); this only reads the lines.

use parscore_core::{fmt_decimal, fold_label, Decimal, Lang, PublishedRanking, RankedLine, Text};
use serde::Deserialize;

use crate::cells;
use crate::error::ReadError;
use crate::grid::Grid;
use crate::header::fold_header;
use crate::limits::Limits;
use crate::open::Book;
use crate::Data;

/// The headers of the unit column, folded (see [`fold_header`]).
const UNIT_HEADERS: [&str; 12] = [
    "đơn vị",
    "tên đơn vị",
    "cơ quan",
    "tên cơ quan",
    "cơ quan, đơn vị",
    "tên cơ quan, đơn vị",
    "sở, ban, ngành",
    "tên sở, ban, ngành",
    "cơ quan, địa phương",
    "tên cơ quan, địa phương",
    "đơn vị, địa phương",
    "unit",
];

/// The headers of the percentage column, folded, once "năm 2024" is taken out of them.
const PERCENT_HEADERS: [&str; 16] = [
    "chỉ số cchc",
    "chỉ số cchc (%)",
    "chỉ số",
    "chỉ số (%)",
    "chỉ số cải cách hành chính",
    "chỉ số cải cách hành chính (%)",
    "chỉ số par index",
    "par index",
    "tỷ lệ đạt (%)",
    "tỷ lệ đạt",
    "tỷ lệ (%)",
    "tỉ lệ đạt (%)",
    "tỉ lệ (%)",
    "kết quả (%)",
    "kết quả chỉ số (%)",
    "percent",
];

/// How many rows of a sheet are searched for the header.
const HEADER_WITHIN: usize = 40;

/// The lines of a `parscore rank --format json` report that a ranking needs.
#[derive(Deserialize)]
struct RankJson {
    year: Option<u16>,
    units: Vec<UnitJson>,
}

#[derive(Deserialize)]
struct UnitJson {
    unit: String,
    percent: Number,
}

/// A decimal as a string, as every parscore report writes it ("78.30"), or a JSON number as a
/// person may type it (read from its text, never as a float).
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Text(String),
    Number(serde_json::Number),
}

impl Number {
    fn text(&self) -> String {
        match self {
            Number::Text(s) => s.trim().to_string(),
            Number::Number(n) => n.to_string(),
        }
    }
}

/// Reads last year's ranking from `bytes`, the file `file` (named in messages): JSON when the
/// text starts with `{`, else a workbook, within `limits`.
///
/// In a workbook, the first sheet holding a header row with a unit column (`Đơn vị`, `Tên cơ
/// quan, đơn vị`, `Sở, ban, ngành`, `Unit`, …) and a percentage column (`Chỉ số CCHC (%)`,
/// `Chỉ số`, `Tỷ lệ đạt (%)`, `Percent`, …, with or without "năm 2024") is read, each row
/// with a unit and a percentage being a line; rows without a percentage (group headings) and
/// averages or totals (`Trung bình`, `Bình quân`, `Tổng`) are skipped. A percentage is a
/// number from 0 to 100, or a share up to 1 (Excel's "78,3%"). The year is the JSON's, else
/// "năm 2024" in the percentage header or the rows above it, else a year in the title.
///
/// Fails, naming the file, on unreadable bytes, a JSON that is not a `rank` report, a
/// workbook without such a header, a table without a single line, and, all listed together,
/// percentages that cannot be read or are not between 0 and 100.
///
/// ```
/// use parscore_read::{read_ranking, Limits};
/// let json = r#"{"year": 2024, "units": [{"unit": "Sở Xây dựng", "percent": "78.30"}]}"#;
/// let ranking = read_ranking("xep-hang.json", json.as_bytes(), &Limits::default())?;
/// assert_eq!((ranking.year, ranking.units[0].percent), (Some(2024), "78.3".parse().unwrap()));
/// # Ok::<(), parscore_read::ReadError>(())
/// ```
pub fn read_ranking(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<PublishedRanking, ReadError> {
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let ranking = if text.trim_ascii_start().starts_with(b"{") {
        from_json(file, text)?
    } else {
        from_workbook(file, bytes, limits)?
    };
    if ranking.units.is_empty() {
        return Err(problem(
            file,
            Text::new(
                "bảng xếp hạng không có đơn vị nào kèm tỷ lệ phần trăm",
                "the ranking holds no unit with a percentage",
            ),
        ));
    }
    Ok(ranking)
}

fn problem(file: &str, reason: Text) -> ReadError {
    ReadError::Ranking { file: file.into(), reason }
}

fn from_json(file: &str, text: &[u8]) -> Result<PublishedRanking, ReadError> {
    let parsed: RankJson = serde_json::from_slice(text).map_err(|e| {
        problem(
            file,
            Text::new(
                format!(
                    "không phải báo cáo JSON của `parscore rank` (cần \"units\": [{{\"unit\", \
                     \"percent\"}}]): {e}"
                ),
                format!(
                    "not a `parscore rank` JSON report (expected \"units\": [{{\"unit\", \
                     \"percent\"}}]): {e}"
                ),
            ),
        )
    })?;
    let mut units = Vec::new();
    let mut bad = Vec::new();
    for (i, u) in parsed.units.iter().enumerate() {
        let text = u.percent.text();
        let parsed = text.parse::<Decimal>().map_err(|_| cells::describe(&Data::String(text)));
        match parsed {
            Ok(p) if in_range(p) => units.push(RankedLine { unit: u.unit.clone(), percent: p }),
            Ok(p) => bad.push(out_of_range(&format!("units[{i}]"), p)),
            Err(what) => bad.push(unreadable(&format!("units[{i}]"), &what)),
        }
    }
    finish(file, PublishedRanking { year: parsed.year, units }, bad)
}

fn from_workbook(file: &str, bytes: &[u8], limits: &Limits) -> Result<PublishedRanking, ReadError> {
    let mut book = Book::open(file, bytes, limits)?;
    let names = book.sheet_names();
    for name in &names {
        let Some(grid) = book.sheet(name)? else { continue };
        let Some(header) = find(&grid) else { continue };
        let (ranking, bad) = lines(&grid, name, &header);
        return finish(file, ranking, bad);
    }
    Err(problem(
        file,
        Text::new(
            format!(
                "không trang tính nào có dòng tiêu đề gồm cột đơn vị (\"Đơn vị\", \"Tên cơ quan, \
                 đơn vị\", …) và cột tỷ lệ (\"Chỉ số CCHC (%)\", \"Tỷ lệ đạt (%)\", …) (các trang \
                 tính: {})",
                names.join(", ")
            ),
            format!(
                "no sheet has a header row with a unit column (\"Đơn vị\", \"Tên cơ quan, đơn \
                 vị\", …) and a percentage column (\"Chỉ số CCHC (%)\", \"Tỷ lệ đạt (%)\", …) \
                 (sheets: {})",
                names.join(", ")
            ),
        ),
    ))
}

/// Every line read, or every problem together.
fn finish(
    file: &str,
    ranking: PublishedRanking,
    bad: Vec<Text>,
) -> Result<PublishedRanking, ReadError> {
    if bad.is_empty() {
        return Ok(ranking);
    }
    let join = |lang: Lang| bad.iter().map(|t| t.get(lang)).collect::<Vec<_>>().join("; ");
    Err(problem(file, Text::new(join(Lang::Vi), join(Lang::En))))
}

fn in_range(p: Decimal) -> bool {
    p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED
}

fn out_of_range(place: &str, p: Decimal) -> Text {
    Text::new(
        format!("{place}: tỷ lệ {}% không nằm trong khoảng 0–100", fmt_decimal(p, Lang::Vi)),
        format!("{place}: the percentage {}% is not between 0 and 100", fmt_decimal(p, Lang::En)),
    )
}

fn unreadable(place: &str, what: &Text) -> Text {
    Text::new(
        format!("{place}: cần tỷ lệ phần trăm, gặp {}", what.vi),
        format!("{place}: expected a percentage, found {}", what.en),
    )
}

/// Where the table is: the header's row, the unit and percentage columns, and the year.
struct Header {
    row: u32,
    unit: u32,
    percent: u32,
    year: Option<u16>,
}

/// The header row among the first rows of `grid`, with the year it or the rows above name.
fn find(grid: &Grid) -> Option<Header> {
    let mut above: Vec<String> = Vec::new();
    for (row, cells_of_row) in grid.rows().take(HEADER_WITHIN) {
        let (mut unit, mut percent) = (None, None);
        for (col, cell) in cells_of_row.cells() {
            let Some(text) = cells::text(Some(cell)) else { continue };
            let folded = fold_header(&text);
            if unit.is_none() && UNIT_HEADERS.contains(&folded.as_str()) {
                unit = Some(col);
            }
            let (bare, year) = without_year(&folded);
            if percent.is_none() && PERCENT_HEADERS.contains(&bare.as_str()) {
                percent = Some((col, year));
            }
        }
        if let (Some(unit), Some((percent, header_year))) = (unit, percent) {
            let year = header_year
                .or_else(|| above.iter().find_map(|t| after_nam(t)))
                .or_else(|| above.first().and_then(|t| any_year(t)));
            return Some(Header { row, unit, percent, year });
        }
        above.extend(cells_of_row.cells().filter_map(|(_, c)| cells::text(Some(c))));
    }
    None
}

/// The lines under the header, and the problems of their percentages.
fn lines(grid: &Grid, sheet: &str, h: &Header) -> (PublishedRanking, Vec<Text>) {
    let mut units = Vec::new();
    let mut bad = Vec::new();
    for (row, r) in grid.rows_from(h.row.saturating_add(1)) {
        let Some(unit) = cells::text(r.get(h.unit)) else { continue };
        let Some(cell) = r.get(h.percent) else { continue };
        let folded = fold_label(&unit);
        if ["trung bình", "bình quân", "tổng", "average", "total"]
            .iter()
            .any(|w| folded.starts_with(w))
        {
            continue;
        }
        let place = format!("'{sheet}'!{}", parscore_sheet::cell_name(row, h.percent));
        match cells::percent(cell) {
            Ok(p) if in_range(p) => units.push(RankedLine { unit, percent: p }),
            Ok(p) => bad.push(out_of_range(&place, p)),
            Err(what) => bad.push(unreadable(&place, &what)),
        }
    }
    (PublishedRanking { year: h.year, units }, bad)
}

/// `folded` without "năm 2024" (and the space before it), and that year.
fn without_year(folded: &str) -> (String, Option<u16>) {
    match folded.find("năm ") {
        Some(at) => {
            let rest = folded.get(at + "năm ".len()..).unwrap_or("");
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            match year_of(&digits) {
                Some(y) => {
                    let head = folded.get(..at).unwrap_or("").trim_end();
                    let tail = rest.get(digits.len()..).unwrap_or("").trim_start();
                    let bare =
                        if tail.is_empty() { head.to_string() } else { format!("{head} {tail}") };
                    (bare, Some(y))
                }
                None => (folded.to_string(), None),
            }
        }
        None => (folded.to_string(), None),
    }
}

/// The year after the first "năm" of `text` ("… NĂM 2024 …").
fn after_nam(text: &str) -> Option<u16> {
    without_year(&fold_label(text)).1
}

/// The first four-digit year (1990–2100) standing alone in `text` ("RANKING 2024").
fn any_year(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit()).find_map(year_of)
}

fn year_of(digits: &str) -> Option<u16> {
    let y: u16 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    (1990..=2100).contains(&y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn years_are_taken_out_of_headers_and_found_in_titles() {
        assert_eq!(
            without_year("chỉ số cchc năm 2024 (%)"),
            ("chỉ số cchc (%)".into(), Some(2024))
        );
        assert_eq!(without_year("chỉ số cchc năm 2024"), ("chỉ số cchc".into(), Some(2024)));
        assert_eq!(without_year("tỷ lệ đạt (%)"), ("tỷ lệ đạt (%)".into(), None));
        assert_eq!(after_nam("KẾT QUẢ CHỈ SỐ CCHC NĂM 2024"), Some(2024));
        assert_eq!(any_year("PAR INDEX RANKING 2024"), Some(2024));
        assert_eq!(any_year("Quyết định 608/QĐ-UBND"), None);
    }

    #[test]
    fn a_rank_report_in_json_gives_its_year_and_lines() {
        let json = r#"{"set": "x", "year": 2024, "units": [
            {"rank": 1, "unit": "Sở A", "percent": "85.10"},
            {"rank": 2, "unit": "Sở B", "percent": 78.30}]}"#;
        let r = read_ranking("r.json", json.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(r.year, Some(2024));
        let lines: Vec<(&str, Decimal)> =
            r.units.iter().map(|l| (l.unit.as_str(), l.percent)).collect();
        assert_eq!(lines, [("Sở A", d("85.1")), ("Sở B", d("78.3"))]);
    }

    #[test]
    fn bad_json_names_the_file_and_what_was_expected() {
        let err = read_ranking("r.json", br#"{"units": 3}"#, &Limits::default()).unwrap_err();
        let vi = err.text().vi;
        assert!(vi.starts_with("r.json: không phải báo cáo JSON của `parscore rank`"), "{vi}");
        let json =
            br#"{"units": [{"unit": "A", "percent": "cao"}, {"unit": "B", "percent": "120"}]}"#;
        let err = read_ranking("r.json", json, &Limits::default()).unwrap_err();
        assert_eq!(
            err.text().vi,
            "r.json: units[0]: cần tỷ lệ phần trăm, gặp nội dung \"cao\"; units[1]: tỷ lệ 120% \
             không nằm trong khoảng 0–100"
        );
        let err = read_ranking("r.json", br#"{"units": []}"#, &Limits::default()).unwrap_err();
        assert_eq!(err.to_string(), "r.json: the ranking holds no unit with a percentage");
    }

    fn fixture(name: &str) -> (String, Vec<u8>) {
        let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        (path, bytes)
    }

    #[test]
    fn a_published_table_is_read_under_its_header_without_headings_or_averages() {
        // fixtures/xep-hang-2024.csv as LibreOffice saved it: three title rows, the header
        // "STT | Tên cơ quan, đơn vị | Chỉ số CCHC năm 2024 (%) | Xếp hạng", a group heading
        // without a percentage, 18 units with percentages typed as text ("78,30"), and an
        // average row.
        let (path, bytes) = fixture("xep-hang-2024.ods");
        let r = read_ranking(&path, &bytes, &Limits::default()).unwrap();
        assert_eq!((r.year, r.units.len()), (Some(2024), 18));
        let first = r.units.first().unwrap();
        assert_eq!((first.unit.as_str(), first.percent), ("Văn phòng UBND tỉnh", d("88.45")));
        let sxd = r.units.iter().find(|l| l.unit == "Sở Xây dựng").unwrap();
        assert_eq!(sxd.percent, d("78.3"));
        assert!(r.units.iter().all(|l| !l.unit.starts_with("Trung bình")));
    }

    #[test]
    fn the_rank_json_fixture_reads_like_the_report() {
        let (path, bytes) = fixture("xep-hang-2024.json");
        let r = read_ranking(&path, &bytes, &Limits::default()).unwrap();
        let units: Vec<&str> = r.units.iter().map(|l| l.unit.as_str()).collect();
        assert_eq!(units, ["Sở Tư pháp", "Sở Công Thương", "Sở Xây dựng", "Ban Dân tộc"]);
        assert_eq!(r.year, Some(2024));
    }

    #[test]
    fn a_workbook_without_a_ranking_table_says_what_it_looked_for() {
        let (path, bytes) = fixture("so-xay-dung-2024.xlsx");
        let err = read_ranking(&path, &bytes, &Limits::default()).unwrap_err();
        let vi = err.text().vi;
        assert!(vi.contains("không trang tính nào có dòng tiêu đề gồm cột đơn vị"), "{vi}");
        assert!(vi.contains("(các trang tính: Tự đánh giá"), "{vi}");
    }
}
