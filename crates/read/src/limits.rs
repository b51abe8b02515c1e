//! The bounds a workbook must keep before the reader spends memory or time on it.
//!
//! Workbooks arrive by email from many units; a few are huge, some are hostile (a zip that
//! expands to gigabytes, a sheet reaching row 1,048,576). Each bound here is checked before the
//! work it protects, and a refusal names the bound, so the caller can say how to raise it.

use std::fmt;

/// How much the reader accepts. `Limits::default()` suits any real self-assessment (a few
/// hundred rows, well under a megabyte) with a wide margin.
///
/// ```
/// use parscore_read::Limits;
/// let limits = Limits { max_rows: 500, ..Limits::default() };
/// assert_eq!(limits.max_file_size, 50_000_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read, in bytes (default 50 MB). Checked before the file is read.
    pub max_file_size: u64,
    /// The most a workbook may expand to, in bytes (default 250 MB): the sum of an xlsx's or
    /// ods's zip entries, from the zip's directory before anything is decompressed; what the
    /// sheets of an xls or ods would take in calamine, from a scan before calamine expands them;
    /// and the size of a sheet's cells once read (a shared string repeated in many cells).
    pub max_unpacked_size: u64,
    /// The most rows a sheet may use (default 100,000); a value below that row is refused.
    pub max_rows: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_file_size: 50_000_000, max_unpacked_size: 250_000_000, max_rows: 100_000 }
    }
}

/// Which bound of [`Limits`] a workbook broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::max_file_size`].
    FileSize,
    /// [`Limits::max_unpacked_size`].
    UnpackedSize,
    /// [`Limits::max_rows`].
    Rows,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::FileSize => "file size",
            Limit::UnpackedSize => "unpacked size",
            Limit::Rows => "rows",
        })
    }
}

/// A byte count for people: "812 bytes", "14 kB", "50 MB", "6.4 GB" (powers of 1000, one
/// decimal below 10 units, as file managers show sizes).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 4] =
        [(1_000_000_000_000, "TB"), (1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let whole = bytes / unit;
            let tenth = (bytes % unit) / (unit / 10);
            return if whole < 10 && tenth > 0 {
                format!("{whole}.{tenth} {name}")
            } else {
                format!("{whole} {name}")
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(14_300), "14 kB");
        assert_eq!(human_size(50_000_000), "50 MB");
        assert_eq!(human_size(52_400_000), "52 MB");
        assert_eq!(human_size(6_430_000_000), "6.4 GB");
        assert_eq!(human_size(u64::MAX), "18446744 TB");
    }
}
