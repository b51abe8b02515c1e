//! Loading a criteria set: parsing its JSON and validating it into a [`CriteriaSet`], or
//! every reason it cannot be one ([`LoadError`]).

use crate::model::{CriteriaSet, SetDef};
use crate::text::Text;
use crate::validate::{self, SetProblem};

/// Why a criteria set could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The text is not JSON of the expected shape.
    #[error("not a valid criteria file: {0}")]
    Syntax(String),
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
            LoadError::Syntax(e) => format!("không phải tệp bộ tiêu chí hợp lệ: {e}"),
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
    /// Problems carry the criterion code and, where it can be found, the line in `json`.
    pub fn from_json(json: &str) -> Result<CriteriaSet, LoadError> {
        let def: SetDef =
            serde_json::from_str(json).map_err(|e| LoadError::Syntax(e.to_string()))?;
        let mut problems = validate::check(&def);
        for p in &mut problems {
            p.locate(json);
        }
        if problems.is_empty() {
            Ok(CriteriaSet::trusted(def))
        } else {
            Err(LoadError::Invalid { id: def.id, problems })
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
