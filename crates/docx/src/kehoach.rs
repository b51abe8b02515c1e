//! The Kế hoạch itself, part by part in the order of Nghị định 30/2020/NĐ-CP, Phụ lục I: the
//! issuing bodies beside the national motto, number and sign beside place and date (IV, the
//! layout of ô 1–4), the kind and title, the grounds, sections I to IV, and the recipients
//! beside the signature block (ô 7 and 9). Section II, the goals, is `goals.rs`; section III,
//! the tasks, is `tasks.rs`.
//!
//! Every number comes from the plan the core drew up; the prose around it is default wording
//! for the unit to edit.

use docx_rs::{AlignmentType, Docx, Header, PageMargin, PageNum, Paragraph, TableRow};
use parscore_core::{CriteriaSet, Plan};

use crate::blocks::{
    body, cell, centred, fonts, heading, line, rule, run, table, text, Look, BODY_PT, CELL_PAD,
    HEADER_DISTANCE, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH,
    TEXT_WIDTH,
};
use crate::error::DocxError;
use crate::letterhead::{Letterhead, BLANK};
use crate::metrics::width_twips;
use crate::{goals, tasks};

/// The issuing bodies' column of the top block, 65 mm; the motto's is the rest (100 mm), wide
/// enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt.
const LEFT: u32 = 3685;
const RIGHT: u32 = TEXT_WIDTH - LEFT;
/// Phụ lục I, II.1: the motto's first line 12–13 pt and the second a point larger; at 12 and
/// 13 both fit the column in one line.
const MOTTO_PT: u32 = 12;
const SLOGAN_PT: u32 = 13;
/// Phụ lục I, II.2–3: the bodies' names and "Số: …" 13 pt.
const BODY_NAME_PT: u32 = 13;

/// What every part needs: the plan and its set, the unit's name, the years.
pub(crate) struct Ctx<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) set: &'a CriteriaSet,
    /// The unit as the body of the text names it, e.g. "Sở Xây dựng".
    pub(crate) unit: String,
    pub(crate) year: u16,
    pub(crate) previous_year: u16,
    /// Who coordinates and reports.
    pub(crate) coordinator: String,
}

/// Writes the Kế hoạch of `plan` (drawn up on `set` for `unit`) with the unit's `letterhead`,
/// and returns the .docx bytes.
///
/// A4 portrait with the decree's margins, Times New Roman throughout (body 14 pt), page numbers
/// centred at the top from page 2. The text is Vietnamese only: it is the unit's own state
/// document. Fails only when docx-rs cannot pack the document.
///
/// ```
/// use parscore_core::{catalog, plan, score, Inputs, PlanOptions};
/// use parscore_docx::{write_kehoach, Letterhead};
///
/// let set = catalog::find("lai-chau/so/2025").expect("shipped set");
/// let card = score(&set, &Inputs::default());
/// let p = plan(&card, None, &PlanOptions::default());
/// let bytes = write_kehoach(&p, &set, "Sở Xây dựng", &Letterhead::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), parscore_docx::DocxError>(())
/// ```
pub fn write_kehoach(
    plan: &Plan,
    set: &CriteriaSet,
    unit: &str,
    letterhead: &Letterhead,
) -> Result<Vec<u8>, DocxError> {
    let previous_year = plan.previous.as_ref().map_or(plan.year.saturating_sub(1), |p| p.year);
    let coordinator = letterhead
        .coordinator
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .or_else(|| {
            // The division that usually coordinates administrative reform in a department.
            plan.items.iter().filter_map(|i| i.owner.clone()).find(|o| o.starts_with("Văn phòng"))
        })
        .unwrap_or_else(|| BLANK.to_string());
    let unit = Some(unit.trim()).filter(|u| !u.is_empty()).unwrap_or(BLANK).to_string();
    let ctx = Ctx { plan, set, unit, year: plan.year, previous_year, coordinator };

    let mut doc = page(Docx::new());
    doc = doc.add_table(top_block(letterhead, &ctx));
    for p in title(letterhead, &ctx) {
        doc = doc.add_paragraph(p);
    }
    for p in purposes(&ctx) {
        doc = doc.add_paragraph(p);
    }
    doc = goals::section(doc, &ctx);
    doc = tasks::section(doc, &ctx);
    let mut closing = organisation(&ctx);
    if let Some(last) = closing.pop() {
        // The last paragraph stays on the page of the signature: a signature alone on a page
        // signs nothing.
        closing.push(last.keep_next(true).keep_lines(true));
    }
    for p in closing {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(line(vec![], AlignmentType::Left, BODY_PT).keep_next(true));
    doc = doc.add_table(closing_block(letterhead));

    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| DocxError::Pack(e.to_string()))?;
    deflate(&out.into_inner())
}

/// `xml` with the header and footer references first in the section's properties, where
/// the schema of WordprocessingML puts them (CT_SectPr: references, then pgSz, pgMar, …);
/// docx-rs writes them after the page's size and margins. LibreOffice reads either; Word
/// checks the order of some elements, so the document keeps the schema's.
fn references_first(xml: &str) -> String {
    let (Some(start), Some(end)) = (xml.rfind("<w:sectPr>"), xml.rfind("</w:sectPr>")) else {
        return xml.to_string();
    };
    let open = start + "<w:sectPr>".len();
    let (Some(head), Some(body), Some(tail)) =
        (xml.get(..open), xml.get(open..end), xml.get(end..))
    else {
        return xml.to_string();
    };
    let mut references = String::new();
    let mut rest = String::new();
    for element in body.split_inclusive("/>") {
        let trimmed = element.trim_start();
        if trimmed.starts_with("<w:headerReference") || trimmed.starts_with("<w:footerReference") {
            references.push_str(element);
        } else {
            rest.push_str(element);
        }
    }
    format!("{head}{references}{rest}{tail}")
}

/// The same package with every part deflated: docx-rs stores its parts uncompressed, which
/// makes a plan of fifty tasks half a megabyte to email; deflated it is a twentieth of that.
/// The parts keep their order ([Content_Types].xml first, as Word expects).
fn deflate(stored: &[u8]) -> Result<Vec<u8>, DocxError> {
    use std::io::{Read, Write};
    let err = |e: &dyn std::fmt::Display| DocxError::Pack(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| err(&e))?;
        if part.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).map_err(|e| err(&e))?;
        let name = part.name().map_err(|e| err(&e))?.into_owned();
        if name == "word/document.xml" {
            if let Ok(xml) = std::str::from_utf8(&bytes) {
                bytes = references_first(xml).into_bytes();
            }
        }
        out.start_file(name, options).map_err(|e| err(&e))?;
        out.write_all(&bytes).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

/// A4 portrait, the margins, the default font and size, and the page number centred in the
/// top margin of every page but the first (Phụ lục I, I.7).
fn page(doc: Docx) -> Docx {
    let margin = |v: u32| i32::try_from(v).unwrap_or(0);
    let number =
        Paragraph::new().align(AlignmentType::Center).fonts(fonts()).add_page_num(PageNum::new());
    doc.page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(margin(MARGIN_TOP))
                .bottom(margin(MARGIN_BOTTOM))
                .left(margin(MARGIN_LEFT))
                .right(margin(MARGIN_RIGHT))
                .header(margin(HEADER_DISTANCE))
                .footer(margin(HEADER_DISTANCE)),
        )
        .default_fonts(fonts())
        .default_size(usize::try_from(BODY_PT * 2).unwrap_or(28))
        .header(Header::new().add_paragraph(number))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
}

/// Ô 1–4: the superior and issuing bodies (the issuer bold, a rule under it a third to a half
/// as long) beside the motto (a rule as long as its second line); under them "Số: …" beside
/// place and date in italics.
fn top_block(l: &Letterhead, ctx: &Ctx<'_>) -> docx_rs::Table {
    let issuer = l.issuer_line(&ctx.unit);
    let content = |w: u32| w.saturating_sub(2 * CELL_PAD);
    let issuer_width = width_twips(&issuer, BODY_NAME_PT, true).min(content(LEFT));
    let slogan = "Độc lập - Tự do - Hạnh phúc";
    let left = cell(
        vec![
            centred(&l.superior_line(), Look::plain(BODY_NAME_PT)),
            centred(&issuer, Look::bold(BODY_NAME_PT)),
            rule(issuer_width * 2 / 5, content(LEFT)),
        ],
        LEFT,
    );
    let right = cell(
        vec![
            centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Look::bold(MOTTO_PT)),
            centred(slogan, Look::bold(SLOGAN_PT)),
            rule(width_twips(slogan, SLOGAN_PT, true), content(RIGHT)),
        ],
        RIGHT,
    );
    let number = cell(vec![centred(&l.number_line(), Look::plain(BODY_NAME_PT))], LEFT);
    let date = cell(vec![centred(&l.date_line(ctx.year), Look::italic(BODY_PT))], RIGHT);
    let top = TableRow::new(vec![
        left.vertical_align(docx_rs::VAlignType::Top),
        right.vertical_align(docx_rs::VAlignType::Top),
    ]);
    let spacer = TableRow::new(vec![cell(vec![], LEFT), cell(vec![], RIGHT)]).row_height(120.0);
    table(vec![top, spacer, TableRow::new(vec![number, date])], &[LEFT, RIGHT], false)
}

/// Ô 5a: "KẾ HOẠCH" and the title, bold and centred, a rule under the title; then the grounds
/// and the sentence that issues the plan.
fn title(l: &Letterhead, ctx: &Ctx<'_>) -> Vec<Paragraph> {
    let title = l.title_line(ctx.year);
    let line_width = width_twips(&title, BODY_PT, true).min(TEXT_WIDTH);
    let mut out = vec![
        line(vec![], AlignmentType::Center, BODY_PT),
        line(vec![], AlignmentType::Center, BODY_PT),
        centred("KẾ HOẠCH", Look::bold(BODY_PT)),
        centred(&title, Look::bold(BODY_PT)),
        rule(line_width * 2 / 5, TEXT_WIDTH),
        line(vec![], AlignmentType::Center, BODY_PT),
    ];
    out.extend(l.grounds_lines(ctx.previous_year, ctx.year).iter().map(|g| text(g)));
    let mut lower = title.chars();
    let lowered: String = match lower.next() {
        Some(first) => first.to_lowercase().chain(lower).collect(),
        None => String::new(),
    };
    out.push(text(&format!("{} ban hành Kế hoạch {lowered}, cụ thể như sau:", ctx.unit)));
    out
}

/// A body paragraph starting with a dash, as the items of a section are written.
pub(crate) fn dash(s: &str) -> Paragraph {
    text(&format!("- {s}"))
}

/// I. MỤC ĐÍCH, YÊU CẦU.
fn purposes(ctx: &Ctx<'_>) -> Vec<Paragraph> {
    let (unit, year, prev) = (&ctx.unit, ctx.year, ctx.previous_year);
    vec![
        heading("I. MỤC ĐÍCH, YÊU CẦU"),
        heading("1. Mục đích"),
        dash(&format!(
            "Khắc phục những tồn tại, hạn chế trong kết quả Chỉ số cải cách hành chính năm \
             {prev} và trong kết quả tự đánh giá năm {year}; giữ vững các tiêu chí đã đạt điểm \
             tối đa, cải thiện các tiêu chí còn bị mất điểm, trước hết là các tiêu chí không đạt \
             điểm hoặc giảm điểm so với năm {prev}."
        )),
        dash(&format!(
            "Nâng cao trách nhiệm của người đứng đầu và của từng phòng, đơn vị thuộc {unit} trong \
             thực hiện nhiệm vụ cải cách hành chính, góp phần nâng cao Chỉ số cải cách hành \
             chính năm {year} của {unit}."
        )),
        heading("2. Yêu cầu"),
        dash(
            "Nhiệm vụ được phân công cụ thể cho từng phòng, đơn vị, bảo đảm rõ người, rõ việc, \
             rõ thời gian, rõ kết quả.",
        ),
        dash(
            "Mỗi nhiệm vụ có tài liệu kiểm chứng đầy đủ, đúng quy định, được cập nhật và lưu \
             trữ kịp thời để phục vụ tự đánh giá, chấm điểm và thẩm định.",
        ),
    ]
}

/// IV. TỔ CHỨC THỰC HIỆN.
fn organisation(ctx: &Ctx<'_>) -> Vec<Paragraph> {
    let (unit, year, lead) = (&ctx.unit, ctx.year, &ctx.coordinator);
    let titled =
        |t: &str, s: String| body(vec![run(t, Look::bold(BODY_PT)), run(&s, Look::plain(BODY_PT))]);
    vec![
        heading("IV. TỔ CHỨC THỰC HIỆN"),
        titled(
            &format!("1. {lead}: "),
            format!(
                "là đầu mối theo dõi, đôn đốc các phòng, đơn vị thực hiện Kế hoạch; tổng hợp kết \
                 quả, báo cáo lãnh đạo {unit} định kỳ hằng quý và trước ngày {BLANK} để phục vụ tự \
                 đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year}."
            ),
        ),
        titled(
            &format!("2. Các phòng, đơn vị thuộc {unit}: "),
            format!(
                "căn cứ nhiệm vụ được phân công tại Mục III, xây dựng kế hoạch chi tiết, bảo đảm \
                 rõ người, rõ việc, rõ thời gian, rõ kết quả; chủ động triển khai, thu thập và lưu \
                 trữ đầy đủ tài liệu kiểm chứng; báo cáo kết quả thực hiện về {lead} theo thời hạn \
                 được giao."
            ),
        ),
        titled(
            "3. Người đứng đầu các phòng, đơn vị ",
            format!(
                "chịu trách nhiệm trước lãnh đạo {unit} về kết quả các tiêu chí được giao; kết quả \
                 thực hiện là căn cứ đánh giá, xếp loại mức độ hoàn thành nhiệm vụ năm {year}."
            ),
        ),
        text(&format!(
            "Trên đây là Kế hoạch cải thiện và nâng cao Chỉ số cải cách hành chính năm {year} của \
             {unit}. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị kịp \
             thời báo cáo lãnh đạo {unit} (qua {lead}) để xem xét, giải quyết./."
        )),
    ]
}

/// Ô 9a beside ô 7: "Nơi nhận:" (12 pt, bold italic) and one recipient a line (11 pt), beside
/// the signer's authority and title (bold capitals), room for the signature and seal, and the
/// name (bold).
fn closing_block(l: &Letterhead) -> docx_rs::Table {
    let half = TEXT_WIDTH / 2;
    let mut left = vec![line(
        vec![run("Nơi nhận:", Look { pt: 12, bold: true, italic: true })],
        AlignmentType::Left,
        12,
    )];
    left.extend(
        l.recipient_lines()
            .iter()
            .map(|r| line(vec![run(r, Look::plain(11))], AlignmentType::Left, 11)),
    );
    let (authority, position, name) = l.signer_lines();
    let mut right: Vec<Paragraph> =
        authority.iter().map(|a| centred(a, Look::bold(BODY_PT))).collect();
    right.push(centred(&position, Look::bold(BODY_PT)));
    for _ in 0..4 {
        right.push(centred("", Look::plain(BODY_PT)));
    }
    right.push(centred(&name, Look::bold(BODY_PT)));
    let row = TableRow::new(vec![
        cell(left, half).vertical_align(docx_rs::VAlignType::Top),
        cell(right, TEXT_WIDTH - half).vertical_align(docx_rs::VAlignType::Top),
    ])
    .cant_split();
    table(vec![row], &[half, TEXT_WIDTH - half], false)
}
