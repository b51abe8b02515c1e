//! The error of the writing half: rust_xlsxwriter refused something, and what was being
//! written when it did. Writing never fails on criteria or input data as such; an error here
//! means a limit of the xlsx format was hit (a text too long for a data validation, say).

use rust_xlsxwriter::XlsxError;

/// rust_xlsxwriter could not write part of a template or report.
///
/// The message names the part, e.g. "cannot write the drop-down of 'Tự đánh giá'!E7 (1.1.1)";
/// the underlying [`XlsxError`] is its [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
#[error("cannot write {what}")]
pub struct WriteError {
    what: String,
    #[source]
    source: XlsxError,
}

impl WriteError {
    /// What was being written, e.g. "the drop-down of 'Tự đánh giá'!E7 (1.1.1)".
    pub fn what(&self) -> &str {
        &self.what
    }

    /// The error rust_xlsxwriter reported.
    pub fn xlsx_error(&self) -> &XlsxError {
        &self.source
    }

    /// The message in Vietnamese and English (the English is the `Display` text); what was
    /// being written is named in English in both, as parscore's code names it, followed by
    /// rust_xlsxwriter's own words.
    pub fn text(&self) -> parscore_core::Text {
        parscore_core::Text::new(
            format!("không ghi được tệp xlsx ({}: {})", self.what, self.source),
            format!("cannot write {}: {}", self.what, self.source),
        )
    }
}

/// Attaches "what was being written" to rust_xlsxwriter's results.
pub(crate) trait Context<T> {
    /// Wraps the error with a description built only when there is an error.
    fn writing(self, what: impl FnOnce() -> String) -> Result<T, WriteError>;
}

impl<T> Context<T> for Result<T, XlsxError> {
    fn writing(self, what: impl FnOnce() -> String) -> Result<T, WriteError> {
        self.map_err(|source| WriteError { what: what(), source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_was_being_written_and_keeps_the_cause() {
        let failed: Result<(), XlsxError> = Err(XlsxError::ParameterError("too long".into()));
        let err = failed.writing(|| "the title of 'Tổng hợp'".into()).unwrap_err();
        assert_eq!(err.to_string(), "cannot write the title of 'Tổng hợp'");
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert!(cause.contains("too long"), "{cause}");
    }
}
