//! What only the unit knows of its document — issuing bodies, number and sign, place and date,
//! title, grounds, who coordinates, the signer, the recipients — read from a small JSON file,
//! and written the way Nghị định 30/2020/NĐ-CP, Phụ lục I writes each: numbers below 10 and
//! the months January and February with a leading 0, the bodies and the signer's title in
//! capitals, each recipient on its line after a dash and before a semicolon. Whatever the file
//! leaves out is a visible placeholder ("Số: …/KH-…") for the unit to fill in Word.

use parscore_core::Text;
use serde::Deserialize;

use crate::error::DocxError;

/// The placeholder for what the letterhead does not give.
pub(crate) const BLANK: &str = "…";

/// The unit's details of a Kế hoạch (`--letterhead ke-hoach.json`); every field is optional.
///
/// ```
/// use parscore_docx::Letterhead;
/// let json = r#"{"superior": "UBND tỉnh Lai Châu", "issuer": "Sở Xây dựng",
///     "number": "2035", "sign": "KH-SXD", "place": "Lai Châu", "date": "2025-07-08"}"#;
/// let l = Letterhead::from_json("ke-hoach.json", json)?;
/// assert_eq!(l.number_line(), "Số: 2035/KH-SXD");
/// assert_eq!(l.date_line(2025), "Lai Châu, ngày 08 tháng 7 năm 2025");
/// assert_eq!(Letterhead::default().number_line(), "Số: …/KH-…");
/// # Ok::<(), parscore_docx::DocxError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letterhead {
    /// The body directly above the issuer (*cơ quan chủ quản*), e.g. "UBND tỉnh Lai Châu".
    #[serde(default)]
    pub superior: Option<String>,
    /// The issuing body, e.g. "Sở Xây dựng"; by default the unit the workbook names.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The document's number, e.g. "2035" (a number below 10 is written "05").
    #[serde(default)]
    pub number: Option<String>,
    /// Its sign, e.g. "KH-SXD".
    #[serde(default)]
    pub sign: Option<String>,
    /// The place it is issued in, e.g. "Lai Châu".
    #[serde(default)]
    pub place: Option<String>,
    /// The date it is issued, "2025-07-08" or "08/7/2025".
    #[serde(default)]
    pub date: Option<String>,
    /// Its title (*trích yếu*); by default "Cải thiện và nâng cao Chỉ số cải cách hành chính
    /// năm …" of the plan's year.
    #[serde(default)]
    pub title: Option<String>,
    /// The documents it is based on (*Căn cứ …*), one each, without "Căn cứ".
    #[serde(default)]
    pub grounds: Vec<String>,
    /// The division that coordinates and reports (*đầu mối*), e.g. "Văn phòng Sở"; by default
    /// the plan's owner division whose name starts with "Văn phòng", if any.
    #[serde(default)]
    pub coordinator: Option<String>,
    /// Who signs.
    #[serde(default)]
    pub signer: Signer,
    /// Who receives it, one each, e.g. "UBND tỉnh (b/c)".
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Where copies are kept, after "Lưu:", e.g. "VT, VP".
    #[serde(default)]
    pub archive: Option<String>,
    /// `date`, read.
    #[serde(skip)]
    issued: Option<Date>,
}

/// The signer of a Kế hoạch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// On whose behalf, e.g. "KT. GIÁM ĐỐC"; nothing when the head signs.
    #[serde(default)]
    pub authority: Option<String>,
    /// The signer's title, e.g. "PHÓ GIÁM ĐỐC".
    #[serde(default)]
    pub position: Option<String>,
    /// The signer's name.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Date {
    day: u8,
    month: u8,
    year: u16,
}

impl Letterhead {
    /// Reads a letterhead from `json`, the text of `file` (named in messages).
    ///
    /// Fails on text that is not such an object (an unknown key included, so that a misspelt
    /// one is not silently left out) and on a date that is not a real day.
    pub fn from_json(file: &str, json: &str) -> Result<Letterhead, DocxError> {
        let bad = |reason: Text| DocxError::Letterhead { file: file.into(), reason };
        // serde would also take a JSON array for the struct's fields in order: only an object
        // names what each value is.
        let parsed = if json.trim_start().starts_with('{') {
            serde_json::from_str(json).map_err(|e| e.to_string())
        } else {
            Err("expected `{` at the start".to_string())
        };
        let mut l: Letterhead = parsed.map_err(|e| {
            bad(Text::new(
                format!(
                    "tệp thông tin văn bản không đúng mẫu (cần một đối tượng JSON với các khóa \
                     superior, issuer, number, sign, place, date, title, grounds, coordinator, \
                     signer, recipients, archive): {e}"
                ),
                format!(
                    "the letterhead file is not as expected (a JSON object with the keys \
                     superior, issuer, number, sign, place, date, title, grounds, coordinator, \
                     signer, recipients, archive): {e}"
                ),
            ))
        })?;
        if let Some(text) = l.date.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let date = parse_date(text).ok_or_else(|| {
                bad(Text::new(
                    format!(
                        "ngày \"{text}\" không hợp lệ: ghi theo dạng 2025-07-08 hoặc 08/7/2025"
                    ),
                    format!(
                        "the date \"{text}\" is not valid: write it as 2025-07-08 or 08/7/2025"
                    ),
                ))
            })?;
            l.issued = Some(date);
        }
        Ok(l)
    }

    /// "Số: 2035/KH-SXD", with "…" for what is not given ("Số: …/KH-…").
    pub fn number_line(&self) -> String {
        let number = given(&self.number).map_or_else(|| BLANK.to_string(), two_digits);
        let sign = given(&self.sign).map_or_else(|| format!("KH-{BLANK}"), |s| s.to_uppercase());
        format!("Số: {number}/{sign}")
    }

    /// "Lai Châu, ngày 08 tháng 7 năm 2025"; without a date, "…, ngày … tháng … năm `year`".
    pub fn date_line(&self, year: u16) -> String {
        let place = given(&self.place).unwrap_or(BLANK);
        match self.issued {
            Some(d) => {
                // Phụ lục I, II.4: a day below 10 and the months 1 and 2 take a leading 0.
                let month =
                    if d.month <= 2 { format!("{:02}", d.month) } else { d.month.to_string() };
                format!("{place}, ngày {:02} tháng {month} năm {}", d.day, d.year)
            }
            None => format!("{place}, ngày {BLANK} tháng {BLANK} năm {year}"),
        }
    }

    /// The superior body in capitals, or a placeholder.
    pub(crate) fn superior_line(&self) -> String {
        given(&self.superior).map_or_else(|| BLANK.to_string(), str::to_uppercase)
    }

    /// The issuing body in capitals: the letterhead's, else `unit`, else a placeholder.
    pub(crate) fn issuer_line(&self, unit: &str) -> String {
        given(&self.issuer)
            .or(Some(unit.trim()).filter(|u| !u.is_empty()))
            .map_or_else(|| BLANK.to_string(), str::to_uppercase)
    }

    /// The title, by default of `year`'s index.
    pub(crate) fn title_line(&self, year: u16) -> String {
        given(&self.title).map_or_else(
            || format!("Cải thiện và nâng cao Chỉ số cải cách hành chính năm {year}"),
            str::to_string,
        )
    }

    /// Each ground as "Căn cứ …;" (the last with ";" too: the sentence issuing the plan
    /// follows); placeholders naming last year's published result and this year's plan of the
    /// province when none is given.
    pub(crate) fn grounds_lines(&self, previous_year: u16, year: u16) -> Vec<String> {
        let given: Vec<&str> =
            self.grounds.iter().map(|g| g.trim()).filter(|g| !g.is_empty()).collect();
        if given.is_empty() {
            return vec![
                format!(
                    "Căn cứ Quyết định số {BLANK}/QĐ-UBND ngày {BLANK} công bố kết quả Chỉ số cải \
                     cách hành chính năm {previous_year};"
                ),
                format!(
                    "Căn cứ Kế hoạch số {BLANK}/KH-UBND ngày {BLANK} về xác định Chỉ số cải cách \
                     hành chính năm {year};"
                ),
            ];
        }
        given
            .iter()
            .map(|g| {
                let g = g.trim_end_matches([';', '.', ',']);
                let lower = g.to_lowercase();
                if lower.starts_with("căn cứ") {
                    format!("{g};")
                } else {
                    format!("Căn cứ {g};")
                }
            })
            .collect()
    }

    /// The signer's lines: authority (if any) and title in capitals, and name.
    pub(crate) fn signer_lines(&self) -> (Option<String>, String, String) {
        let s = &self.signer;
        (
            given(&s.authority).map(str::to_uppercase),
            given(&s.position).map_or_else(|| "(CHỨC VỤ NGƯỜI KÝ)".to_string(), str::to_uppercase),
            given(&s.name).map_or_else(|| "(Họ và tên)".to_string(), str::to_string),
        )
    }

    /// The recipients, each "- …;", then "- Lưu: VT, ….".
    pub(crate) fn recipient_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .recipients
            .iter()
            .map(|r| r.trim().trim_start_matches(['-', '–']).trim().trim_end_matches([';', '.']))
            .filter(|r| !r.is_empty())
            .map(|r| format!("- {r};"))
            .collect();
        if lines.is_empty() {
            lines.push(format!("- {BLANK};"));
        }
        let archive = given(&self.archive)
            .map(|a| a.trim_start_matches("Lưu:").trim().trim_end_matches('.').to_string())
            .unwrap_or_else(|| format!("VT, {BLANK}"));
        lines.push(format!("- Lưu: {archive}."));
        lines
    }
}

/// A field given with some text in it.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Phụ lục I, II.3: a document number below 10 takes a leading 0 ("05").
fn two_digits(n: &str) -> String {
    match n.parse::<u32>() {
        Ok(v) if v < 10 && n.len() == 1 => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// "2025-07-08", "08/7/2025" or "8-7-2025", when it is a real day.
fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).map(str::trim).collect();
    let num = |s: &&str| s.parse::<u16>().ok().filter(|_| s.chars().all(|c| c.is_ascii_digit()));
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        [d, m, y] if y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        _ => return None,
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&d) || !(1900..=2200).contains(&y) {
        return None;
    }
    Some(Date { day: u8::try_from(d).ok()?, month: u8::try_from(m).ok()?, year: y })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Letterhead {
        Letterhead::from_json("kh.json", json).unwrap()
    }

    #[test]
    fn numbers_days_and_months_take_their_zeros() {
        let l =
            read(r#"{"number": "5", "sign": "kh-sxd", "place": "Lai Châu", "date": "3/2/2025"}"#);
        assert_eq!(l.number_line(), "Số: 05/KH-SXD");
        // Day 3 → 03, February → 02; July stays 7 (see the doc test).
        assert_eq!(l.date_line(2025), "Lai Châu, ngày 03 tháng 02 năm 2025");
        assert_eq!(
            read(r#"{"date": "2025-12-31"}"#).date_line(2025),
            "…, ngày 31 tháng 12 năm 2025"
        );
        assert_eq!(read("{}").date_line(2025), "…, ngày … tháng … năm 2025");
    }

    #[test]
    fn bad_dates_and_unknown_keys_are_refused_naming_the_file() {
        for bad in ["2025-02-29", "31/4/2025", "8 tháng 7", "2025-13-01"] {
            let err = Letterhead::from_json("kh.json", &format!(r#"{{"date": "{bad}"}}"#));
            let vi = err.unwrap_err().text().vi;
            assert_eq!(
                vi,
                format!(
                    "kh.json: ngày \"{bad}\" không hợp lệ: ghi theo dạng 2025-07-08 hoặc 08/7/2025"
                )
            );
        }
        assert!(parse_date("29/2/2024").is_some()); // 2024 is a leap year
        let err = Letterhead::from_json("kh.json", r#"{"singer": {}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `singer`"), "{err}");
    }

    #[test]
    fn what_is_missing_is_a_visible_placeholder() {
        let l = Letterhead::default();
        assert_eq!(l.superior_line(), "…");
        assert_eq!(l.issuer_line("Sở Xây dựng"), "SỞ XÂY DỰNG");
        assert_eq!(l.issuer_line(" "), "…");
        assert_eq!(l.signer_lines(), (None, "(CHỨC VỤ NGƯỜI KÝ)".into(), "(Họ và tên)".into()));
        assert_eq!(l.recipient_lines(), ["- …;", "- Lưu: VT, …."]);
        assert_eq!(l.grounds_lines(2024, 2025).len(), 2);
    }

    #[test]
    fn grounds_and_recipients_are_written_the_decrees_way() {
        let l = read(
            r#"{"grounds": ["Quyết định số 608/QĐ-UBND ngày 02/4/2025 của UBND tỉnh.",
                            "Căn cứ Kế hoạch số 2039/KH-UBND ngày 12/5/2025"],
                "recipients": ["- UBND tỉnh (b/c);", "Lãnh đạo Sở"], "archive": "Lưu: VT, VP.",
                "signer": {"authority": "KT. Giám đốc", "position": "Phó Giám đốc", "name": "Nguyễn Văn A"}}"#,
        );
        assert_eq!(
            l.grounds_lines(2024, 2025),
            [
                "Căn cứ Quyết định số 608/QĐ-UBND ngày 02/4/2025 của UBND tỉnh;",
                "Căn cứ Kế hoạch số 2039/KH-UBND ngày 12/5/2025;"
            ]
        );
        assert_eq!(l.recipient_lines(), ["- UBND tỉnh (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, VP."]);
        assert_eq!(
            l.signer_lines(),
            (Some("KT. GIÁM ĐỐC".into()), "PHÓ GIÁM ĐỐC".into(), "Nguyễn Văn A".into())
        );
    }
}
