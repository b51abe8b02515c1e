//! Loading a criteria set: parsing its JSON and validating it into a [`CriteriaSet`], or
//! every reason it cannot be one ([`LoadError`]).
//!
//! A criteria file may come from anyone (an annex imported by another office, a file sent by
//! email), so loading is bounded ([`MAX_SET_BYTES`], [`MAX_NODES`]) and its errors say where and
//! what in the user's words, not in serde's ("expected struct SetDef with 11 elements").

use crate::model::{CriteriaSet, SetDef};
use crate::text::Text;
use crate::validate::{self, SetProblem};

/// The largest criteria file read, in bytes. Real sets are under 200 kB.
pub const MAX_SET_BYTES: usize = 10_000_000;
/// The most nodes (domains, criteria, sub-criteria and pool items) a set may have. Real sets
/// have a few hundred.
pub const MAX_NODES: usize = 20_000;

/// Why a criteria set could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The bytes are not UTF-8 text.
    #[error("not a valid criteria file: it is not UTF-8 text (line {line}, column {column})")]
    Encoding {
        /// The line of the first byte that is not UTF-8, 1-based.
        line: usize,
        /// Its column, in characters, 1-based.
        column: usize,
    },
    /// The file is larger than [`MAX_SET_BYTES`].
    #[error("not a valid criteria file: it is {size} bytes, over the {MAX_SET_BYTES} bytes a criteria file may have")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// The text is not JSON of the expected shape.
    #[error("not a valid criteria file: {} (line {line}, column {column})", message.en)]
    Syntax {
        /// The line, 1-based (0 when unknown).
        line: usize,
        /// The column, 1-based (0 when unknown).
        column: usize,
        /// What is wrong, in both languages.
        message: Text,
    },
    /// The JSON has the right shape but breaks the rules of a criteria set.
    #[error("{} problem(s) in criteria set {id}", problems.len())]
    Invalid {
        /// The set's id, as written.
        id: String,
        /// Every problem found, in the order of the file.
        problems: Vec<SetProblem>,
    },
}

impl LoadError {
    /// What went wrong, in Vietnamese and English (the English is the `Display` text). The
    /// problems of an invalid set are in [`LoadError::Invalid::problems`], each with its own
    /// [`SetProblem::text`].
    pub fn text(&self) -> Text {
        let vi = match self {
            LoadError::Encoding { line, column } => format!(
                "không phải tệp bộ tiêu chí hợp lệ: không phải văn bản UTF-8 (dòng {line}, cột \
                 {column}); hãy lưu tệp với bảng mã UTF-8"
            ),
            LoadError::TooLarge { size } => format!(
                "không phải tệp bộ tiêu chí hợp lệ: tệp có {size} byte, vượt mức {MAX_SET_BYTES} \
                 byte của một tệp bộ tiêu chí"
            ),
            LoadError::Syntax { line, column, message } => format!(
                "không phải tệp bộ tiêu chí hợp lệ: {} (dòng {line}, cột {column})",
                message.vi
            ),
            LoadError::Invalid { id, problems } => {
                format!("{} lỗi trong bộ tiêu chí {id}", problems.len())
            }
        };
        Text::new(vi, self.to_string())
    }
}

impl CriteriaSet {
    /// Parses and validates a criteria JSON file, reporting every problem at once.
    ///
    /// Problems carry the criterion code and, where it can be found, the line in `json`. A
    /// byte-order mark at the start is allowed (Windows editors write one).
    ///
    /// ```
    /// use parscore_core::{CriteriaSet, LoadError};
    /// let err = CriteriaSet::from_json(r#"{"id": "x/so/2025", "year": "2025"}"#).unwrap_err();
    /// let LoadError::Syntax { message, .. } = err else { panic!() };
    /// assert_eq!(message.vi, "sai kiểu dữ liệu: có chuỗi \"2025\", cần một số nguyên");
    /// ```
    pub fn from_json(json: &str) -> Result<CriteriaSet, LoadError> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        if json.len() > MAX_SET_BYTES {
            return Err(LoadError::TooLarge { size: json.len() });
        }
        let def: SetDef = serde_json::from_str(json).map_err(|e| syntax(&e))?;
        let mut problems = validate::check(&def);
        if !problems.is_empty() {
            let lines = validate::code_lines(json);
            for p in &mut problems {
                p.locate(&lines);
            }
        }
        if problems.is_empty() {
            Ok(CriteriaSet::trusted(def))
        } else {
            Err(LoadError::Invalid { id: def.id, problems })
        }
    }

    /// [`CriteriaSet::from_json`] of a file's bytes: refuses bytes that are not UTF-8, saying
    /// where the first bad byte is, and a file over [`MAX_SET_BYTES`].
    pub fn from_slice(bytes: &[u8]) -> Result<CriteriaSet, LoadError> {
        if bytes.len() > MAX_SET_BYTES.saturating_add(3) {
            return Err(LoadError::TooLarge { size: bytes.len() });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => CriteriaSet::from_json(text),
            Err(e) => {
                let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let good = std::str::from_utf8(good).unwrap_or_default();
                let line = good.matches('\n').count() + 1;
                let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Err(LoadError::Encoding { line, column })
            }
        }
    }

    /// Validates a definition built in code (e.g. by an importer).
    pub fn from_def(def: SetDef) -> Result<CriteriaSet, LoadError> {
        let problems = validate::check(&def);
        if problems.is_empty() {
            Ok(CriteriaSet::trusted(def))
        } else {
            Err(LoadError::Invalid { id: def.id, problems })
        }
    }
}

/// serde's error in the user's words, with its place.
fn syntax(e: &serde_json::Error) -> LoadError {
    use serde_json::error::Category;
    let raw = e.to_string();
    // serde appends " at line L column C"; the place is given apart.
    let said = raw.rsplit_once(" at line ").map_or(raw.as_str(), |(s, _)| s);
    let message = match e.classify() {
        Category::Eof => {
            Text::new("tệp bị cắt ngang: JSON chưa kết thúc", "the file ends before the JSON does")
        }
        Category::Syntax | Category::Io => syntax_words(said),
        Category::Data => data_words(said),
    };
    LoadError::Syntax { line: e.line(), column: e.column(), message }
}

/// serde_json's syntax messages, which name no Rust types.
fn syntax_words(said: &str) -> Text {
    let vi = match said {
        "expected value" => "cần một giá trị JSON",
        "expected `,` or `}`" => "cần dấu , hoặc }",
        "expected `,` or `]`" => "cần dấu , hoặc ]",
        "expected `:`" => "cần dấu :",
        "key must be a string" => "tên trường phải là chuỗi trong dấu ngoặc kép",
        "trailing characters" => "còn ký tự thừa sau phần JSON",
        "trailing comma" => "thừa dấu phẩy",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "chuỗi có ký tự điều khiển"
        }
        "invalid escape" => "chuỗi có ký tự thoát (\\) không hợp lệ",
        "invalid number" => "số không hợp lệ",
        _ => "JSON không hợp lệ",
    };
    Text::new(vi, said)
}

/// serde's data messages ("invalid type: string \"2025\", expected u16"), with the Rust types
/// they name put in the words of the criteria format.
fn data_words(said: &str) -> Text {
    if let Some(field) = said.strip_prefix("missing field ") {
        let f = field.trim_matches('`');
        return Text::new(format!("thiếu trường \"{f}\""), format!("missing field \"{f}\""));
    }
    if let Some(rest) = said.strip_prefix("unknown field ") {
        let f = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        return Text::new(
            format!("trường \"{f}\" không có trong định dạng bộ tiêu chí"),
            format!("the field \"{f}\" is not part of the criteria format"),
        );
    }
    if let Some(rest) = said.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let value = value.trim_matches('`');
        let allowed = allowed.replace("one of ", "").replace('`', "");
        return Text::new(
            format!("giá trị \"{value}\" không hợp lệ; các giá trị được dùng: {allowed}"),
            format!("the value \"{value}\" is not allowed; use one of: {allowed}"),
        );
    }
    for (prefix, vi_kind, en_kind) in [
        ("invalid type: ", "sai kiểu dữ liệu", "wrong kind of value"),
        ("invalid value: ", "giá trị không hợp lệ", "invalid value"),
        ("invalid length ", "độ dài không hợp lệ", "wrong length"),
    ] {
        if let Some(rest) = said.strip_prefix(prefix) {
            let (got, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let (got_vi, got_en) = kind_words(got);
            let (want_vi, want_en) = kind_words(wanted);
            return Text::new(
                format!("{vi_kind}: có {got_vi}, cần {want_vi}"),
                format!("{en_kind}: {got_en}, expected {want_en}"),
            );
        }
    }
    Text::new("dữ liệu không đúng định dạng bộ tiêu chí", said)
}

/// A kind of value as serde names it ("u16", "a string", "struct SetDef with 11 elements",
/// "string \"2025\"") in Vietnamese and plain English.
fn kind_words(s: &str) -> (String, String) {
    let s = s.trim();
    let quoted = |rest: &str| rest.trim().to_string();
    if let Some(rest) = s.strip_prefix("string ") {
        return (format!("chuỗi {}", quoted(rest)), format!("the string {}", quoted(rest)));
    }
    for (prefix, vi, en) in [
        ("integer ", "số nguyên", "the integer"),
        ("floating point ", "số", "the number"),
        ("boolean ", "giá trị logic", "the logical value"),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let v = rest.trim_matches('`');
            return (format!("{vi} {v}"), format!("{en} {v}"));
        }
    }
    let (vi, en) = match s {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i64" | "i32" => {
            ("một số nguyên", "a whole number")
        }
        "a string" | "a borrowed string" | "string" => ("một chuỗi", "a string"),
        "a sequence" | "sequence" => ("một danh sách [ … ]", "a list [ … ]"),
        "map" | "a map" => ("một đối tượng { … }", "an object { … }"),
        "null" | "unit value" => ("null", "null"),
        "a boolean" | "a bool" => ("true hoặc false", "true or false"),
        _ if s.starts_with("struct ") || s.starts_with("internally tagged enum") => {
            ("một đối tượng { … }", "an object { … }")
        }
        _ if s.contains("Decimal") || s.contains("decimal") => (
            "một số viết trong chuỗi, như \"0.5\"",
            "a number written as a string, such as \"0.5\"",
        ),
        _ => (s, s),
    };
    (vi.to_string(), en.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(json: &str) -> (usize, Text) {
        match CriteriaSet::from_json(json) {
            Err(LoadError::Syntax { line, message, .. }) => (line, message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_errors_speak_of_the_criteria_format_not_of_rust() {
        let (line, m) = message("\"hello\"");
        assert_eq!(line, 1);
        assert_eq!(m.vi, "sai kiểu dữ liệu: có chuỗi \"hello\", cần một đối tượng { … }");
        assert_eq!(m.en, "wrong kind of value: the string \"hello\", expected an object { … }");
        let (_, m) = message("{\"id\": \"x\",\n \"title\": \"t\",\n \"year\": 2025 }");
        assert_eq!(m.vi, "thiếu trường \"level\"");
        let (line, m) = message("{\n\"id\": \"x\",,\n}");
        assert_eq!((line, m.vi.as_str()), (2, "tên trường phải là chuỗi trong dấu ngoặc kép"));
        let (line, m) = message("{\n\"id\": ,\n}");
        assert_eq!((line, m.vi.as_str()), (2, "cần một giá trị JSON"));
        let (_, m) = message("{\"id\": \"x\"");
        assert_eq!(m.vi, "tệp bị cắt ngang: JSON chưa kết thúc");
    }

    #[test]
    fn a_byte_order_mark_is_allowed_and_bad_bytes_are_placed() {
        let shipped = crate::catalog::SHIPPED.first().unwrap().json;
        let with_bom = format!("\u{feff}{shipped}");
        assert!(CriteriaSet::from_json(&with_bom).is_ok());
        // The bad byte follows `  "id": "a`, ten characters: column 11 of line 2.
        let mut bytes = b"{\n  \"id\": \"a".to_vec();
        bytes.push(0xFF);
        assert_eq!(
            CriteriaSet::from_slice(&bytes).unwrap_err(),
            LoadError::Encoding { line: 2, column: 11 }
        );
    }
}
