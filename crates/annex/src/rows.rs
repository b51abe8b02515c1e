//! What the importer collects row by row, shared by its parts: the coded rows with the
//! uncoded rows under them, the pools, and every problem with its row.

use std::collections::BTreeMap;
use std::fmt;

use parscore_core::{fold_label, Decimal, Text};
use unicode_normalization::UnicodeNormalization;

/// A problem of an imported annex: a row that could not be read, or a rule of criteria sets
/// that the imported set breaks, placed on the row of its criterion where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexProblem {
    /// The row, 0-based; `None` for a problem of the set as a whole.
    pub row: Option<u32>,
    /// The criterion it concerns.
    pub code: Option<String>,
    /// What is wrong, in Vietnamese and English.
    pub message: Text,
}

impl AnnexProblem {
    pub(crate) fn new(row: u32, code: Option<&str>, vi: String, en: String) -> AnnexProblem {
        AnnexProblem { row: Some(row), code: code.map(str::to_string), message: Text::new(vi, en) }
    }

    /// The problem with its place: "dòng 14 (1.2.3): …" / "row 14 (1.2.3): …" (the English is
    /// the `Display` text).
    pub fn text(&self) -> Text {
        let place = |word: &str| {
            let mut p =
                self.row.map(|r| format!("{word} {}", u64::from(r) + 1)).unwrap_or_default();
            if let Some(code) = &self.code {
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(&if self.row.is_some() { format!("({code})") } else { code.clone() });
            }
            if p.is_empty() {
                p
            } else {
                p + ": "
            }
        };
        Text::new(place("dòng") + &self.message.vi, place("row") + &self.message.en)
    }
}

impl fmt::Display for AnnexProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

/// A pool of bonus or penalty items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PoolKind {
    Bonus,
    Penalty,
}

/// One coded row and the uncoded rows under it.
#[derive(Debug, Default)]
pub(crate) struct Entry {
    pub(crate) row: u32,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) max: Decimal,
    pub(crate) rule_text: Option<String>,
    pub(crate) guide_text: Option<String>,
    /// Lines of scoring text from uncoded rows.
    pub(crate) lines: Vec<String>,
    /// Options from uncoded rows: label and points.
    pub(crate) options: Vec<(String, Decimal)>,
    pub(crate) evidence: Vec<String>,
    pub(crate) owner: Option<String>,
    pub(crate) method: Option<String>,
    pub(crate) previous_code: Option<String>,
    pub(crate) pool: Option<PoolKind>,
}

/// The state of reading the rows below the header.
#[derive(Default)]
pub(crate) struct Rows {
    pub(crate) entries: Vec<Entry>,
    pub(crate) problems: Vec<AnnexProblem>,
    pub(crate) first_row: BTreeMap<String, u32>,
    /// The entry uncoded rows belong to.
    pub(crate) current: Option<usize>,
    /// Inside a roman-numbered domain: its number, and whether codes under it are relative
    /// ("1", "1.1" meaning 2.1, 2.1.1 under II), decided by the first code after it.
    pub(crate) roman: Option<(u32, Option<bool>)>,
    pub(crate) pool: Option<PoolKind>,
    /// The bonus and penalty headings: row and cap.
    pub(crate) bonus: Option<(u32, Decimal)>,
    pub(crate) penalty: Option<(u32, Decimal)>,
    /// A `Tổng cộng` row: row and total.
    pub(crate) total: Option<(u32, Decimal)>,
}

/// Folds text for matching words: NFC, lower case, single spaces.
pub(crate) fn fold(s: &str) -> String {
    fold_label(&s.nfc().collect::<String>())
}
