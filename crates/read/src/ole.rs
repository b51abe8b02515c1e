//! Reading an OLE file's structure before calamine does: its sector chains (which must end)
//! and its `Workbook` stream (which [`crate::xls_scan`] sizes).
//!
//! An `.xls` (and an encrypted `.xlsx`) is an OLE compound file: streams stored as chains of
//! sectors, each sector's successor listed in a table (the FAT, and the mini FAT for small
//! streams). calamine follows a chain until it ends, so a chain that loops back on itself never
//! ends: fuzzing found a 5 kB file on which calamine grew one buffer past 2 GB. A valid file
//! has no loop anywhere in its tables, so any loop is refused here as damage.

use crate::error::ReadError;

/// Markers of the tables: free sector, end of chain, a FAT or DIFAT sector. All are ≥ this.
const RESERVED: u32 = 0xFFFF_FFFA;
/// The header holds the first 109 DIFAT entries (where the FAT's own sectors are).
const HEADER_DIFAT: usize = 109;

/// Refuses an OLE file whose FAT or mini FAT loops, and returns its `Workbook` stream (the
/// cells of an `.xls`) when it has one. `Ok(None)` for anything it cannot make sense of, which
/// calamine then reports in its own words.
pub(crate) fn check(file: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
    let Some(ole) = Ole::new(bytes) else { return Ok(None) };
    let fat = ole.fat();
    let looped = |vi: &str, en: &str| ReadError::Damaged {
        file: file.into(),
        reason: parscore_core::Text::new(
            format!("{vi} có chuỗi sector vòng lại chính nó (tệp OLE bị hỏng)"),
            format!("its {en} makes a chain of sectors loop back on itself (a corrupt OLE file)"),
        ),
    };
    if has_loop(&fat) {
        return Err(looped("bảng sector (FAT)", "sector table (FAT)"));
    }
    // Now every FAT chain ends, so reading the mini FAT's chain is bounded.
    let mini = ole.chain(u32_at(bytes, 0x3C).unwrap_or(u32::MAX), &fat);
    if has_loop(&mini) {
        return Err(looped("bảng sector nhỏ (mini FAT)", "mini sector table"));
    }
    Ok(ole.workbook(&fat, &mini))
}

/// An OLE file's bytes and its sector size.
struct Ole<'a> {
    bytes: &'a [u8],
    size: usize,
}

impl<'a> Ole<'a> {
    fn new(bytes: &'a [u8]) -> Option<Ole<'a>> {
        let shift = u16::from_le_bytes([*bytes.get(0x1E)?, *bytes.get(0x1F)?]);
        // 512-byte sectors (version 3) or 4096-byte ones (version 4); calamine refuses others.
        let size = match shift {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        Some(Ole { bytes, size })
    }

    /// Sector `id`: it starts after the header, which takes one sector.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = usize::try_from(id).ok()?.checked_add(1)?.checked_mul(self.size)?;
        self.bytes.get(start..start.checked_add(self.size)?)
    }

    fn sector_count(&self) -> usize {
        self.bytes.len() / self.size
    }

    /// The FAT: the entries of the sectors the DIFAT lists (the header's 109, then the DIFAT
    /// chain, each DIFAT sector's last entry pointing to the next; bounded by the file).
    fn fat(&self) -> Vec<u32> {
        let mut ids: Vec<u32> =
            (0..HEADER_DIFAT).filter_map(|i| u32_at(self.bytes, 0x4C + 4 * i)).collect();
        let mut next = u32_at(self.bytes, 0x44).unwrap_or(u32::MAX);
        let mut steps = 0;
        while next < RESERVED && steps <= self.sector_count() {
            let Some(sector) = self.sector(next) else { break };
            let mut entries = words(sector);
            next = entries.pop().unwrap_or(u32::MAX);
            ids.extend(entries);
            steps += 1;
        }
        ids.iter()
            .filter(|id| **id < RESERVED)
            .take(self.sector_count())
            .filter_map(|id| self.sector(*id))
            .flat_map(words)
            .collect()
    }

    /// The concatenated words of the chain starting at `start` in `fat` (which has no loop).
    fn chain(&self, start: u32, fat: &[u32]) -> Vec<u32> {
        words(&self.chain_bytes(start, fat, |id| self.sector(id)))
    }

    /// The bytes of the chain from `start` in `table`, each link's unit read by `unit`; at most
    /// one pass over the table, so a loop (already refused) could not make it endless.
    fn chain_bytes<'s>(
        &self,
        start: u32,
        table: &[u32],
        unit: impl Fn(u32) -> Option<&'s [u8]>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id < RESERVED && steps <= table.len() {
            let Some(bytes) = unit(id) else { break };
            out.extend_from_slice(bytes);
            id = table.get(usize::try_from(id).unwrap_or(usize::MAX)).copied().unwrap_or(u32::MAX);
            steps += 1;
        }
        out
    }

    /// The `Workbook` (BIFF8) or `Book` (BIFF5) stream, if the directory lists one.
    fn workbook(&self, fat: &[u32], mini_fat: &[u32]) -> Option<Vec<u8>> {
        let dir = self.chain_bytes(u32_at(self.bytes, 0x30)?, fat, |id| self.sector(id));
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let root = entries.first()?;
        let entry = entries.iter().find(|e| {
            let name = entry_name(e);
            name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book")
        })?;
        let start = u32_at(entry, 0x74)?;
        let size = usize::try_from(u32_at(entry, 0x78)?).ok()?;
        let cutoff = usize::try_from(u32_at(self.bytes, 0x38)?).ok()?;
        let mut stream = if size < cutoff {
            // Small streams live in 64-byte mini sectors inside the root entry's stream.
            let mini_stream = self.chain_bytes(u32_at(root, 0x74)?, fat, |id| self.sector(id));
            let mini = |id: u32| {
                let at = usize::try_from(id).ok()?.checked_mul(64)?;
                mini_stream.get(at..at.checked_add(64)?)
            };
            self.chain_bytes(start, mini_fat, mini)
        } else {
            self.chain_bytes(start, fat, |id| self.sector(id))
        };
        stream.truncate(size);
        Some(stream)
    }
}

/// A directory entry's name: UTF-16, its length in bytes (with the final 0) at 0x40.
fn entry_name(entry: &[u8]) -> String {
    let len = entry
        .get(0x40..0x42)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b| usize::from(u16::from_le_bytes(b)));
    let units: Vec<u16> = entry
        .get(..len.min(64))
        .unwrap_or_default()
        .chunks_exact(2)
        .filter_map(|c| c.try_into().ok().map(u16::from_le_bytes))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]))
}

fn words(sector: &[u8]) -> Vec<u32> {
    // Trailing bytes that do not make a whole word are not part of any table.
    sector.chunks_exact(4).filter_map(|w| w.try_into().ok()).map(u32::from_le_bytes).collect()
}

/// Whether following `table` (entry i = the sector after i) from any entry comes back to an
/// entry already on the way. Each entry is visited once: O(entries).
fn has_loop(table: &[u32]) -> bool {
    // 0: not seen, 1: on the current walk, 2: known to end.
    let mut state = vec![0u8; table.len()];
    let index = |id: u32| usize::try_from(id).ok().filter(|i| *i < table.len());
    for start in 0..table.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state.get(i).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = 1;
                    }
                    path.push(i);
                    at = table.get(i).copied().and_then(index);
                }
                Some(1) => return true,
                _ => break,
            }
        }
        for i in path {
            if let Some(s) = state.get_mut(i) {
                *s = 2;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_are_found_and_chains_that_end_are_not() {
        // 0 → 1 → end, 2 → 1, 3 free.
        assert!(!has_loop(&[1, 0xFFFF_FFFE, 1, 0xFFFF_FFFF]));
        // 0 → 1 → 2 → 0.
        assert!(has_loop(&[1, 2, 0]));
        // A sector that is its own successor.
        assert!(has_loop(&[0xFFFF_FFFE, 1]));
        assert!(!has_loop(&[]));
    }

    #[test]
    fn the_shipped_xls_fixture_passes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/so-xay-dung-2024.xls");
        let bytes = std::fs::read(path).unwrap();
        assert!(Ole::new(&bytes).is_some());
        let stream = check("so-xay-dung-2024.xls", &bytes).unwrap().unwrap();
        // A BIFF8 stream starts with a BOF record: type 0x0809.
        assert_eq!(stream.get(..2), Some(&[0x09, 0x08][..]));
    }
}
