//! Writing to the terminal: aligned tables, escaping of workbook text, colour, broken pipes.

use std::io::{self, Write};

use crate::term::escape;

/// Whether an error is a closed pipe (`parscore … | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The display width of a cell: one column per character (criteria text is NFC).
fn width(s: &str) -> usize {
    s.chars().count()
}

/// Column alignment in a table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A plain text table, its columns padded to the widest cell.
pub struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str], align: &[Align]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            align: align.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.into_iter().map(|c| escape(&c).replace('\n', " ")).collect());
    }

    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, cell) in cells.iter().enumerate().take(cols) {
                let w = widths.get(i).copied().unwrap_or(0);
                let pad = " ".repeat(w.saturating_sub(width(cell)));
                let right = self.align.get(i) == Some(&Align::Right);
                if i > 0 {
                    s.push_str("  ");
                }
                if right {
                    s.push_str(&pad);
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    if i + 1 < cols {
                        s.push_str(&pad);
                    }
                }
            }
            s.trim_end().to_string()
        };
        let mut out = line(&self.header);
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }
}

/// Writes `text` to stdout; a closed pipe surfaces as an error that `main` treats as success.
/// A standard output that is not open at all (`parscore … >&-`) is an error: Rust would drop
/// what is written to it without a word, and the run would seem to succeed.
pub fn print(text: &str) -> anyhow::Result<()> {
    if stdout_was_closed() {
        return Err(crate::msg::error(
            "đầu ra chuẩn (stdout) đã đóng: không in được kết quả; hãy ghi ra tệp bằng -o TỆP",
            "the standard output is closed: nothing could be printed; write to a file with -o FILE",
        ));
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Whether the process started with its standard output closed. Rust's runtime opens
/// `/dev/null` (read-write) in place of a closed standard stream before `main`, so a closed
/// stdout looks like a redirection to `/dev/null`; a shell's `> /dev/null` opens it write-only.
/// So: stdout is `/dev/null` opened read-write. Linux only (`/proc`); elsewhere, false.
fn stdout_was_closed() -> bool {
    let target = std::fs::read_link("/proc/self/fd/1");
    if target.ok().as_deref() != Some(std::path::Path::new("/dev/null")) {
        return false;
    }
    let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
    let flags = info.lines().find_map(|l| l.strip_prefix("flags:")).map(str::trim);
    // O_ACCMODE is 0o3, O_RDWR 0o2; the flags are written in octal.
    flags.and_then(|f| u32::from_str_radix(f, 8).ok()).is_some_and(|f| f & 0o3 == 0o2)
}

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
