//! What an import is given and gives back.

use parscore_core::{CriteriaSet, Level, LoadError, SetDef};

use crate::rows::AnnexProblem;

/// What an import needs that a province's annex table does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The set's id, `province/level/year`, e.g. `tinh-x/so/2026`.
    pub id: String,
    /// The assessment year.
    pub year: u16,
    /// The unit level the set scores.
    pub level: Level,
    /// The title; by default the annex's `Tên bộ tiêu chí`, else one naming the file.
    pub title: Option<String>,
    /// The decision it follows; by default the annex's `Căn cứ`, else the file's name.
    pub source: Option<String>,
    /// The previous year's set id; by default the annex's `Bộ tiêu chí năm trước`, else none.
    pub previous: Option<String>,
}

/// An imported set, whether or not it validates, with what a person must finish or fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The set as read.
    pub def: SetDef,
    /// The leaves whose scoring text could not be read: (code, the text, empty if none). Each
    /// became a `manual` rule that keeps the text as its guidance.
    pub manual_nodes: Vec<(String, String)>,
    /// The id recorded in an annex that parscore exported from another set (the one being
    /// imported has a new id). That set's title, previous set and provenance describe it, not
    /// the new one, so they were not carried over; the caller should say so.
    pub exported_from: Option<String>,
    /// Rows that could not be read and the set's validation problems, each with its row
    /// where it has one (`row 14 (1.2.3): …`). Empty when the set is valid and every row was
    /// read.
    pub problems: Vec<AnnexProblem>,
}

impl Imported {
    /// The validated set, or the problems that keep it from validating.
    pub fn into_set(self) -> Result<CriteriaSet, LoadError> {
        CriteriaSet::from_def(self.def)
    }
}
