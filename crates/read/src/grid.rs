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
pub struct Grid {
    cells: Vec<((u32, u32), Data)>,
}

impl Grid {
    /// A grid from cells in any order; empty values are dropped. `Err` with the position of a
    /// cell written twice (a malformed file): which of its values is meant cannot be told, and
    /// calamine's "the last wins" would hide a value that another program shows.
    pub(crate) fn from_cells(mut cells: Cells) -> Result<Grid, (u32, u32)> {
        cells.retain(|(_, d)| !matches!(d, Data::Empty));
        cells.sort_by_key(|(pos, _)| *pos);
        if let Some(pair) = cells.windows(2).find(|w| matches!(w, [a, b] if a.0 == b.0)) {
            return Err(pair.first().map_or((0, 0), |(pos, _)| *pos));
        }
        Ok(Grid { cells })
    }

    /// The first row holding a value.
    pub fn first_row(&self) -> Option<u32> {
        self.cells.first().map(|((row, _), _)| *row)
    }

    /// The rows holding values, in order, each with its number.
    ///
    /// A row borrows its run of cells: the reader walks every row of every workbook, and a
    /// vector of cells per row was an allocation per row for nothing.
    pub fn rows(&self) -> impl Iterator<Item = (u32, Row<'_>)> + '_ {
        rows_of(&self.cells)
    }

    /// The value at (`row`, `col`), 0-based; `None` when the cell is empty.
    pub fn cell(&self, row: u32, col: u32) -> Option<&Data> {
        let i = self.cells.binary_search_by_key(&(row, col), |(pos, _)| *pos).ok()?;
        self.cells.get(i).map(|(_, d)| d)
    }

    /// The rows from `row` on (inclusive), found by binary search rather than by walking the
    /// rows before it.
    pub fn rows_from(&self, row: u32) -> impl Iterator<Item = (u32, Row<'_>)> + '_ {
        let start = self.cells.partition_point(|((r, _), _)| *r < row);
        rows_of(self.cells.get(start..).unwrap_or_default())
    }
}

/// The rows of `cells` (sorted by position), each with its number.
fn rows_of(cells: &[((u32, u32), Data)]) -> impl Iterator<Item = (u32, Row<'_>)> + '_ {
    cells.chunk_by(|a, b| a.0 .0 == b.0 .0).filter_map(|cells| {
        let row = cells.first()?.0 .0;
        Some((row, Row { cells }))
    })
}

/// One row's non-empty cells, in column order.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    cells: &'a [((u32, u32), Data)],
}

impl<'a> Row<'a> {
    /// The value in column `col`, 0-based; `None` when the cell is empty.
    pub fn get(&self, col: u32) -> Option<&'a Data> {
        let i = self.cells.binary_search_by_key(&col, |((_, c), _)| *c).ok()?;
        self.cells.get(i).map(|(_, d)| d)
    }

    /// The cells as (column, value), in column order.
    pub fn cells(&self) -> impl Iterator<Item = (u32, &'a Data)> + 'a {
        self.cells.iter().map(|((_, col), d)| (*col, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_sorted_and_refuses_a_repeated_position() {
        let repeated = Grid::from_cells(vec![
            ((5, 1), Data::Int(2)),
            ((0, 0), Data::String("a".into())),
            ((5, 1), Data::Int(3)),
        ]);
        assert_eq!(repeated.unwrap_err(), (5, 1));
        let g = Grid::from_cells(vec![
            ((5, 1), Data::Int(4)),
            ((0, 0), Data::String("a".into())),
            ((2, 0), Data::Empty),
            ((2, 0), Data::Empty),
        ])
        .unwrap();
        assert_eq!(g.first_row(), Some(0));
        let rows: Vec<u32> = g.rows().map(|(r, _)| r).collect();
        assert_eq!(rows, [0, 5]);
        assert_eq!(g.rows_from(1).count(), 1);
        assert_eq!(g.rows_from(5).map(|(r, _)| r).collect::<Vec<_>>(), [5]);
        assert_eq!(g.rows_from(6).count(), 0);
        let (_, row) = g.rows_from(5).next().unwrap();
        assert_eq!(row.get(1), Some(&Data::Int(4)));
        assert_eq!(row.get(0), None);
        assert_eq!(row.cells().collect::<Vec<_>>(), [(1, &Data::Int(4))]);
    }
}
