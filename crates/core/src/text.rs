//! Bilingual text: every reason and flag is written in Vietnamese and English.

use serde::Serialize;

/// The language of a report. Vietnamese is the default: users are Vietnamese civil servants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Both versions at once.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text { vi: vi.into(), en: en.into() }
    }

    /// The version in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Folds a label for lenient matching: lower case, runs of white space collapsed, trimmed.
///
/// Unicode normalisation (NFC/NFD) is the adapter's job, before text reaches the core.
pub fn fold_label(s: &str) -> String {
    s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}
