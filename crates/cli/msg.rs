//! Errors in both languages: [`Localized`] carries a [`Text`] through `anyhow`, and [`render`]
//! prints an error chain in the user's language, using each library error's own `text()`. It
//! must not decide exit codes or print.

use parscore_annex::AnnexError;
use parscore_core::{Lang, LoadError, Text};
use parscore_docx::DocxError;
use parscore_read::ReadError;
use parscore_write::WriteError;

/// An error message in Vietnamese and English; `Display` is the English, so logs and `{:#}`
/// stay as they were.
#[derive(Debug)]
pub struct Localized(pub Text);

impl std::fmt::Display for Localized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for Localized {}

/// An `anyhow` error saying `vi` or `en`, whichever language the user chose.
pub fn error(vi: impl Into<String>, en: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Localized(Text::new(vi, en)))
}

/// An `anyhow` error of a text made elsewhere (a library's, a report's).
pub fn text(t: Text) -> anyhow::Error {
    anyhow::Error::new(Localized(t))
}

/// Returns early with [`error`]`(vi, en)`.
macro_rules! bail_t {
    ($vi:expr, $en:expr $(,)?) => {
        return Err($crate::msg::error($vi, $en))
    };
}
pub(crate) use bail_t;

/// The text of one error of a chain, in both languages where its type knows them.
fn text_of(e: &(dyn std::error::Error + 'static)) -> Option<Text> {
    if let Some(l) = e.downcast_ref::<Localized>() {
        Some(l.0.clone())
    } else if let Some(r) = e.downcast_ref::<ReadError>() {
        Some(r.text())
    } else if let Some(a) = e.downcast_ref::<AnnexError>() {
        Some(a.text())
    } else if let Some(w) = e.downcast_ref::<WriteError>() {
        Some(w.text())
    } else if let Some(d) = e.downcast_ref::<DocxError>() {
        Some(d.text())
    } else if let Some(l) = e.downcast_ref::<LoadError>() {
        Some(l.text())
    } else {
        e.downcast_ref::<std::io::Error>().map(io_text)
    }
}

/// An error of the system in Vietnamese, keeping the system's own words after it.
pub fn io_text(e: &std::io::Error) -> Text {
    use std::io::ErrorKind;
    let en = e.to_string();
    let vi = match e.kind() {
        ErrorKind::NotFound => "không tìm thấy tệp hoặc thư mục",
        ErrorKind::PermissionDenied => "không có quyền truy cập",
        ErrorKind::AlreadyExists => "tệp đã có",
        ErrorKind::IsADirectory => "đây là thư mục, không phải tệp",
        ErrorKind::NotADirectory => "không phải thư mục",
        ErrorKind::StorageFull => "ổ đĩa đã đầy",
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ đọc",
        ErrorKind::BrokenPipe => "đầu ra đã đóng",
        _ => "lỗi hệ thống",
    };
    Text::new(format!("{vi} ({en})"), en)
}

/// The whole chain of `err`, each cause after a colon as `{:#}` prints it, in `lang` wherever
/// a cause knows both languages.
pub fn render(err: &anyhow::Error, lang: Lang) -> String {
    let parts: Vec<String> = err
        .chain()
        .map(|e| text_of(e).map_or_else(|| e.to_string(), |t| t.get(lang).to_string()))
        .collect();
    parts.join(": ")
}

/// "N problem(s)" in `lang`.
pub fn problems(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} lỗi"),
        Lang::En => format!("{n} problem(s)"),
    }
}

/// The error of `--format xlsx` without `-o`.
pub fn xlsx_needs_output() -> anyhow::Error {
    error("--format xlsx cần -o TỆP.xlsx", "--format xlsx needs -o FILE.xlsx")
}

/// A path for a message, escaped for the terminal on one line.
fn shown(path: &std::path::Path) -> String {
    crate::term::escape_line(&path.display().to_string())
}

/// The error of `--format docx` without `-o`.
pub fn docx_needs_output() -> anyhow::Error {
    error("--format docx cần -o TỆP.docx", "--format docx needs -o FILE.docx")
}

/// "parscore: wrote FILE" on stderr, in `lang`.
pub fn wrote(path: &std::path::Path, lang: Lang) {
    wrote_detail(path, "", lang);
}

/// "parscore: wrote FILE DETAIL" on stderr, in `lang`; `detail` starts with a space.
pub fn wrote_detail(path: &std::path::Path, detail: &str, lang: Lang) {
    match lang {
        Lang::Vi => eprintln!("parscore: đã ghi {}{detail}", shown(path)),
        Lang::En => eprintln!("parscore: wrote {}{detail}", shown(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn chains_print_in_the_chosen_language() {
        let inner: anyhow::Result<()> = Err(error("không đọc được tệp", "cannot read the file"));
        let err = inner.context("t.xlsx").unwrap_err();
        assert_eq!(render(&err, Lang::Vi), "t.xlsx: không đọc được tệp");
        assert_eq!(render(&err, Lang::En), "t.xlsx: cannot read the file");
        assert_eq!(render(&err, Lang::En), format!("{err:#}"));
    }

    #[test]
    fn system_errors_say_what_happened_in_vietnamese_and_keep_the_systems_words() {
        let missing = std::io::Error::from_raw_os_error(2);
        let t = io_text(&missing);
        assert_eq!(
            t.vi,
            "không tìm thấy tệp hoặc thư mục (No such file or directory (os error 2))"
        );
        assert_eq!(t.en, "No such file or directory (os error 2)");
    }
}
