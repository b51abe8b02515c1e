//! The bounds a workbook must keep before the reader spends memory or time on it.
//!
//! Workbooks arrive by email from many units; a few are huge, some are hostile (a zip that
//! expands to gigabytes, a sheet reaching row 1,048,576). Each bound here is checked before the
//! work it protects, and a refusal names the bound, so the caller can say how to raise it.

use std::fmt;
use std::sync::{Condvar, Mutex};

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
    /// Shared by workbooks read at the same time (`parscore rank` reads one per core): what they
    /// may unpack together; a workbook waits for room before it is opened. `None`: no sharing.
    pub gate: Option<&'static MemoryGate>,
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
        Limits {
            gate: None,
            max_file_size: 50_000_000,
            max_unpacked_size: 250_000_000,
            max_rows: 100_000,
        }
    }
}

/// Room for the bytes workbooks read at the same time unpack: each takes what it may unpack
/// (its zip entries' declared sizes, or its file's size for an xls) before calamine opens it,
/// waiting while others hold the room, and gives it back when it has been read. So the memory of
/// a batch is bounded by the gate, whatever the number of cores.
///
/// ```
/// use parscore_read::MemoryGate;
/// let gate = MemoryGate::new(100);
/// let a = gate.take(60);
/// assert_eq!(gate.in_use(), 60);
/// drop(a);
/// let _big = gate.take(500); // more than the gate holds: it waits for an empty gate
/// assert_eq!(gate.in_use(), 100);
/// ```
#[derive(Debug)]
pub struct MemoryGate {
    total: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

impl PartialEq for MemoryGate {
    /// One gate is only ever equal to itself.
    fn eq(&self, other: &MemoryGate) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for MemoryGate {}

impl MemoryGate {
    /// A gate of `total` bytes.
    pub const fn new(total: u64) -> MemoryGate {
        MemoryGate { total, used: Mutex::new(0), freed: Condvar::new() }
    }

    /// Takes `bytes` (at most the whole gate), waiting until they are free.
    pub fn take(&self, bytes: u64) -> GatePass<'_> {
        let bytes = bytes.min(self.total);
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        while *used + bytes > self.total {
            used = self.freed.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        *used += bytes;
        GatePass { gate: self, bytes }
    }

    /// The bytes taken now.
    pub fn in_use(&self) -> u64 {
        *self.used.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Room taken from a [`MemoryGate`], given back when dropped.
#[derive(Debug)]
pub struct GatePass<'a> {
    gate: &'a MemoryGate,
    bytes: u64,
}

impl Drop for GatePass<'_> {
    fn drop(&mut self) {
        let mut used = self.gate.used.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(self.bytes);
        self.gate.freed.notify_all();
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
