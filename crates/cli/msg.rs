//! Errors in both languages: [`Localized`] carries a [`Text`] through `anyhow`, and [`render`]
//! prints an error chain in the user's language. It must not decide exit codes or print.

use parscore_core::{Lang, Text};
use parscore_excel::ReadError;

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

/// Returns early with [`error`]`(vi, en)`.
macro_rules! bail_t {
    ($vi:expr, $en:expr $(,)?) => {
        return Err($crate::msg::error($vi, $en))
    };
}
pub(crate) use bail_t;

/// The whole chain of `err`, each cause after a colon as `{:#}` prints it, in `lang` wherever
/// a cause knows both languages (a [`Localized`] message, a [`ReadError`]).
pub fn render(err: &anyhow::Error, lang: Lang) -> String {
    let parts: Vec<String> = err
        .chain()
        .map(|e| {
            if let Some(l) = e.downcast_ref::<Localized>() {
                l.0.get(lang).to_string()
            } else if let Some(r) = e.downcast_ref::<ReadError>() {
                r.display(lang)
            } else {
                e.to_string()
            }
        })
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

/// "parscore: wrote FILE" on stderr, in `lang`.
pub fn wrote(path: &std::path::Path, lang: Lang) {
    wrote_detail(path, "", lang);
}

/// "parscore: wrote FILE DETAIL" on stderr, in `lang`; `detail` starts with a space.
pub fn wrote_detail(path: &std::path::Path, detail: &str, lang: Lang) {
    match lang {
        Lang::Vi => eprintln!("parscore: đã ghi {}{detail}", path.display()),
        Lang::En => eprintln!("parscore: wrote {}{detail}", path.display()),
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
}
