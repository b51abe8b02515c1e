//! The document's parts, read back from the .docx as Word reads them: the package unzipped,
//! `word/document.xml` turned into lines of text (a paragraph a line, table cells joined by
//! " | ").

use std::io::Read;

use parscore_core::{catalog, plan, score, Inputs, Plan, PlanOptions};

use crate::{write_kehoach, Letterhead};

/// Every part of the package, by name.
fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().into_owned(), s)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    &parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}")).1
}

/// The text of WordprocessingML: a line a paragraph and a table row, " | " after each table
/// cell (a cell's paragraphs on lines of their own).
pub(crate) fn text_of(xml: &str) -> String {
    let marked = xml
        .replace("</w:p></w:tc>", "</w:tc>")
        .replace("</w:p>", "\n")
        .replace("</w:tc>", " | ")
        .replace("</w:tr>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in marked.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
}

/// The plan of an empty workbook on the 2025 set: every leaf scores 0, so every leaf is a task.
fn empty_plan(target: Option<&str>) -> (Plan, parscore_core::CriteriaSet) {
    let set = catalog::find("lai-chau/so/2025").unwrap();
    let card = score(&set, &Inputs::default());
    let options = PlanOptions {
        target_percent: target.map(|t| t.parse().unwrap()),
        ..PlanOptions::default()
    };
    (plan(&card, None, &options), set)
}

#[test]
fn every_item_is_a_task_once_and_the_priority_ones_are_marked() {
    let (p, set) = empty_plan(Some("10"));
    let bytes = write_kehoach(&p, &set, "Sở Xây dựng", &Letterhead::default()).unwrap();
    let parts = parts(&bytes);
    let text = text_of(part(&parts, "word/document.xml"));
    for item in &p.items {
        let title = format!("{}. {}", item.code, item.name);
        assert_eq!(text.matches(&title).count(), 1, "{title}");
    }
    // 10% of 100 = 10 points from 0; the items lose their whole maximum, largest first, so
    // the marked ones are those the core marked, each with "(*)" in its STT cell.
    let marked = p.items.iter().filter(|i| i.closes_gap).count();
    assert!(marked > 0);
    assert_eq!(text.matches("\n(*) | ").count(), marked, "{text}");
    // The owners' table ends with the total of every task and every point lost: 90, the
    // applicable maximum (nothing scored; the survey's 10 points are pending, not lost).
    let items = p.items.len();
    assert_eq!(p.items.iter().map(|i| i.points_lost).sum::<parscore_core::Decimal>(), 90.into());
    assert!(text.contains(&format!("Tổng cộng |  | {items} | 90 | ")), "{text}");
}

#[test]
fn without_a_letterhead_the_unit_fills_visible_placeholders() {
    let (p, set) = empty_plan(None);
    let bytes = write_kehoach(&p, &set, "", &Letterhead::default()).unwrap();
    let parts = parts(&bytes);
    let text = text_of(part(&parts, "word/document.xml"));
    // The superior body first, then the issuer: both unknown.
    assert!(text.starts_with("…\n…\n | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"), "{text}");
    for placeholder in [
        "Số: …/KH-… | …, ngày … tháng … năm 2025",
        "Căn cứ Quyết định số …/QĐ-UBND ngày … công bố kết quả Chỉ số cải cách hành chính năm 2024;",
        "(CHỨC VỤ NGƯỜI KÝ)",
        "(Họ và tên)",
        "- …;\n- Lưu: VT, ….",
    ] {
        assert!(text.contains(placeholder), "{placeholder} in {text}");
    }
    // No target: no priority marks, and the aim is stated without a number.
    assert!(!text.contains("(*)"));
    assert!(text.contains("Chỉ số cải cách hành chính năm 2025 của … cao hơn năm 2024"), "{text}");
}

#[test]
fn a_plan_with_nothing_to_recover_says_so() {
    let (mut p, set) = empty_plan(None);
    p.keep = p.items.iter().map(|i| i.code.clone()).collect();
    p.items.clear();
    let bytes = write_kehoach(&p, &set, "Sở Xây dựng", &Letterhead::default()).unwrap();
    let text = text_of(part(&parts(&bytes), "word/document.xml"));
    assert!(text.contains("Không có tiêu chí thành phần nào bị mất điểm"), "{text}");
    assert!(!text.contains("Phân công thực hiện theo đơn vị chủ trì"));
    // Kept in the order of the set, whatever the order given.
    assert!(
        text.contains(
            "Giữ vững 10 tiêu chí đã đạt điểm tối đa: 1.1.1 (Ban hành kế hoạch CCHC năm); 1.1.2 ("
        ),
        "{text}"
    );
    assert!(!text.contains("Khắc phục 0 tiêu chí"), "{text}");
}

#[test]
fn the_package_is_deflated_with_its_content_types_first() {
    let (p, set) = empty_plan(Some("50"));
    let bytes = write_kehoach(&p, &set, "Sở Xây dựng", &Letterhead::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name().unwrap(), "[Content_Types].xml");
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(f.compression(), zip::CompressionMethod::Deflated, "{:?}", f.name());
    }
}

#[test]
fn the_sections_references_come_first_as_the_schema_orders_them() {
    let (p, set) = empty_plan(None);
    let bytes = write_kehoach(&p, &set, "Sở Xây dựng", &Letterhead::default()).unwrap();
    let parts = parts(&bytes);
    let doc = part(&parts, "word/document.xml");
    let sect = &doc[doc.rfind("<w:sectPr>").unwrap()..];
    assert!(sect.starts_with("<w:sectPr><w:headerReference w:type=\"default\""), "{sect}");
    let (first, size) = (sect.find("w:type=\"first\"").unwrap(), sect.find("<w:pgSz").unwrap());
    assert!(first < size, "{sect}");
    assert!(sect.ends_with("<w:titlePg /></w:sectPr></w:body></w:document>"), "{sect}");
}
