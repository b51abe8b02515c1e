//! The error of the Word writer: a letterhead file that is not what was expected, or docx-rs
//! unable to pack the document.

use parscore_core::Text;

/// A Kế hoạch could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The letterhead (`--letterhead`) is not what was expected.
    #[error("{file}: {}", reason.en)]
    Letterhead {
        /// The file.
        file: String,
        /// What is wrong with it, and what was expected.
        reason: Text,
    },
    /// docx-rs could not pack the document (its zip writer failed).
    #[error("cannot write the Word document: {0}")]
    Pack(String),
}

impl DocxError {
    /// The message in Vietnamese and English (the English is the `Display` text).
    ///
    /// ```
    /// let err = parscore_docx::Letterhead::from_json("kh.json", "[]").unwrap_err();
    /// assert!(err.text().vi.starts_with("kh.json: tệp thông tin văn bản không đúng mẫu"));
    /// ```
    pub fn text(&self) -> Text {
        let vi = match self {
            DocxError::Letterhead { file, reason } => format!("{file}: {}", reason.vi),
            DocxError::Pack(e) => format!("không ghi được văn bản Word: {e}"),
        };
        Text::new(vi, self.to_string())
    }
}
