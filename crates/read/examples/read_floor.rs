//! The benchmark's floor: open every workbook under a folder with calamine and read every cell
//! of its self-assessment sheet, nothing else — no metadata, no header search, no scoring.
//!
//! ```sh
//! cargo run --release -p parscore-read --example read_floor -- DIR
//! ```
//!
//! It runs on every core with rayon, as `parscore rank` does, so `benches/run.sh` compares
//! like with like. It prints the number of workbooks and of non-empty cells read (so the
//! reading cannot be optimised away, and a failure is seen).

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use parscore_sheet::layout::SHEET;
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: read_floor DIR")?;
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files)?;
    let cells: Vec<Result<usize, String>> = files.par_iter().map(|p| read(p)).collect();
    let mut total = 0;
    for (file, n) in files.iter().zip(cells) {
        total += n.map_err(|e| format!("{}: {e}", file.display()))?;
    }
    println!("{} workbooks, {total} non-empty cells", files.len());
    Ok(())
}

/// Opens `path` and counts the non-empty cells of its self-assessment sheet.
fn read(path: &Path) -> Result<usize, String> {
    let mut book = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let range = book.worksheet_range(SHEET).map_err(|e| e.to_string())?;
    Ok(range.used_cells().filter(|(_, _, c)| !matches!(c, Data::Empty)).count())
}

/// The workbooks under `dir`, as `parscore rank` finds them (hidden and lock files skipped).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("xlsx" | "xlsm" | "xls" | "ods")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
