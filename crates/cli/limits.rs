//! The `--max-file-size`, `--max-unpacked-size` and `--max-rows` flags of the commands that read
//! workbooks, and the hint that tells which flag raises a limit a workbook broke.

use clap::Args;
use parscore_read::{Limit, Limits, ReadError};

/// Bounds on the workbooks read: a file over one is refused before it is parsed.
#[derive(Debug, Clone, Copy, Args)]
pub struct LimitArgs {
    /// Refuse workbooks larger than SIZE (e.g. 50MB, 200MB, 1GB; units are powers of 1000).
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Refuse workbooks whose content expands beyond SIZE once unzipped (a decompression bomb).
    #[arg(long, value_name = "SIZE", default_value = "250MB", value_parser = parse_size)]
    pub max_unpacked_size: u64,
    /// Refuse sheets with a value below row ROWS.
    #[arg(long, value_name = "ROWS", default_value_t = 100_000)]
    pub max_rows: u32,
}

impl From<LimitArgs> for Limits {
    fn from(a: LimitArgs) -> Limits {
        Limits {
            gate: None,
            max_file_size: a.max_file_size,
            max_unpacked_size: a.max_unpacked_size,
            max_rows: a.max_rows,
        }
    }
}

/// Parses "50MB", "1.5GB", "800kB", "1048576" (bytes) or "2MiB": decimal units, as file
/// managers show sizes, and binary ones for those who want them.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    if number.is_empty() {
        return Err(format!("{s:?} is not a size; write a size like 50MB"));
    }
    let unit_bytes: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        other => return Err(format!("unknown unit {other:?}; write a size like 50MB or 1GB")),
    };
    let value: f64 =
        number.parse().map_err(|_| format!("{s:?} is not a size; write a size like 50MB"))?;
    let bytes = value * unit_bytes as f64;
    if !(bytes.is_finite() && bytes >= 1.0 && bytes <= u64::MAX as f64) {
        return Err(format!("{s:?} is not a usable size; write a size like 50MB"));
    }
    Ok(bytes as u64)
}

/// The flag that raises `limit`.
fn flag(limit: Limit) -> &'static str {
    match limit {
        Limit::FileSize => "--max-file-size SIZE",
        Limit::UnpackedSize => "--max-unpacked-size SIZE",
        Limit::Rows => "--max-rows ROWS",
    }
}

/// A workbook error for the terminal, in both languages: a broken limit says which flag
/// raises it.
pub fn explain(err: ReadError) -> anyhow::Error {
    match err.limit() {
        Some(limit) => {
            let text = err.text();
            crate::msg::error(
                format!(
                    "{}; nếu đây đúng là bảng tự đánh giá, hãy nâng giới hạn bằng {}",
                    text.vi,
                    flag(limit)
                ),
                format!(
                    "{}; if the workbook is genuine, raise the limit with {}",
                    text.en,
                    flag(limit)
                ),
            )
        }
        None => err.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: LimitArgs,
    }

    #[test]
    fn sizes_in_the_units_people_write() {
        assert_eq!(parse_size("50MB"), Ok(50_000_000));
        assert_eq!(parse_size("1.5 GB"), Ok(1_500_000_000));
        assert_eq!(parse_size("800kB"), Ok(800_000));
        assert_eq!(parse_size("2MiB"), Ok(2_097_152));
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert!(parse_size("50 MQ").unwrap_err().contains("unknown unit"));
        assert!(parse_size("MB").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn the_flags_default_to_the_library_limits() {
        let cli = Cli::parse_from(["parscore"]);
        assert_eq!(Limits::from(cli.limits), Limits::default());
    }
}
