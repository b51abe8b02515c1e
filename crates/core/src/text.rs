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
    // One string built in place: readers fold every header and label cell of every workbook,
    // and a vector of lowered words joined afterwards cost several allocations a cell.
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            // `str::to_lowercase`, not per character: it lowers a word-final Σ to ς.
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold_label;

    #[test]
    fn folds_case_and_spacing() {
        assert_eq!(fold_label("  Ban  hành\tKỊP thời \n"), "ban hành kịp thời");
        assert_eq!(fold_label("N/A"), "n/a");
        assert_eq!(fold_label(""), "");
        assert_eq!(fold_label("ΟΔΟΣ"), "οδος");
    }
}
