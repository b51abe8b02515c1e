//! A sheet's non-empty cells, sparse.
//!
//! calamine's `Range` is dense: one value for every cell of the bounding box, so two values in
//! A1 and L1048576 cost twelve million cells. The reader keeps only the cells that hold
//! something, sorted by position, so memory follows what the file really contains.

use calamine::Data;

/// Cells as read: ((row, column), value), 0-based, in any order.
pub(crate) type Cells = Vec<((u32, u32), Data)>;

/// Non-empty cells sorted by (row, column), each position once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    cells: Vec<((u32, u32), Data)>,
}

impl Grid {
    /// A grid from cells in any order; empty values are dropped and, where a position repeats
    /// (a malformed file), the last value wins, as in calamine's own ranges.
    pub(crate) fn from_cells(mut cells: Cells) -> Grid {
        cells.retain(|(_, d)| !matches!(d, Data::Empty));
        // A stable sort keeps file order within a position, so the last written is last.
        cells.sort_by_key(|(pos, _)| *pos);
        let mut out: Vec<((u32, u32), Data)> = Vec::with_capacity(cells.len());
        for cell in cells {
            match out.last_mut() {
                Some(last) if last.0 == cell.0 => *last = cell,
                _ => out.push(cell),
            }
        }
        Grid { cells: out }
    }

    /// The value at (row, column), 0-based; `None` when the cell is empty.
    pub(crate) fn get(&self, row: u32, col: u32) -> Option<&Data> {
        let i = self.cells.binary_search_by_key(&(row, col), |(pos, _)| *pos).ok()?;
        self.cells.get(i).map(|(_, d)| d)
    }

    /// The first row holding a value.
    pub(crate) fn first_row(&self) -> Option<u32> {
        self.cells.first().map(|((row, _), _)| *row)
    }

    /// The rows holding values, in order, each with its cells as (column, value).
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u32, Vec<(u32, &Data)>)> + '_ {
        self.cells.chunk_by(|a, b| a.0 .0 == b.0 .0).filter_map(|chunk| {
            let row = chunk.first()?.0 .0;
            Some((row, chunk.iter().map(|((_, col), d)| (*col, d)).collect()))
        })
    }

    /// The rows from `row` on (inclusive).
    pub(crate) fn rows_from(
        &self,
        row: u32,
    ) -> impl Iterator<Item = (u32, Vec<(u32, &Data)>)> + '_ {
        self.rows().skip_while(move |(r, _)| *r < row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_sorted_and_the_last_of_a_repeated_position() {
        let g = Grid::from_cells(vec![
            ((5, 1), Data::Int(2)),
            ((0, 0), Data::String("a".into())),
            ((5, 1), Data::Int(3)),
            ((2, 0), Data::Empty),
        ]);
        assert_eq!(g.get(5, 1), Some(&Data::Int(3)));
        assert_eq!(g.get(2, 0), None);
        assert_eq!(g.first_row(), Some(0));
        let rows: Vec<u32> = g.rows().map(|(r, _)| r).collect();
        assert_eq!(rows, [0, 5]);
        assert_eq!(g.rows_from(1).count(), 1);
    }
}
