//! What a self-assessment sheet shows above its table: the unit's name (`Đơn vị: …`) and the
//! criteria set's id (`Mã bộ tiêu chí: …`). A person reads, prints and signs these; they also
//! stay when the table is pasted into a new workbook without the hidden `parscore` sheet.

use parscore_core::{fold_label, Text};
use parscore_sheet::{cell_name, CellProblem};

use crate::cells;
use crate::grid::Grid;

/// The labels of the unit's line, folded; what follows the colon (or fills the next cell) is
/// the name.
const UNIT_LABELS: &[&str] = &["đơn vị", "tên đơn vị", "cơ quan, đơn vị", "cơ quan"];
/// The label of the set's line, folded.
const SET_LABEL: &str = "mã bộ tiêu chí";

/// The heading's values, each with its cell (row, column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    /// The unit's name as the sheet shows it.
    pub unit: Option<(String, u32, u32)>,
    /// The criteria set's id as the sheet shows it.
    pub set_id: Option<String>,
}

/// Reads the heading from the rows above `header_row`: a label cell (`Đơn vị:`) holding the
/// value after its colon, or followed on its row by a cell holding it.
pub(crate) fn read(grid: &Grid, header_row: u32) -> Heading {
    let mut h = Heading::default();
    for (row, cells) in grid.rows().take_while(|(r, _)| *r < header_row) {
        let texts: Vec<(u32, String)> =
            cells.cells().filter_map(|(c, d)| Some((c, cells::text(Some(d))?))).collect();
        for (i, (col, text)) in texts.iter().enumerate() {
            let Some((label, rest)) = text.split_once(':') else { continue };
            let label = fold_label(label);
            let value = || -> Option<(String, u32)> {
                let rest = rest.trim();
                if !rest.is_empty() {
                    return Some((rest.to_string(), *col));
                }
                // The value in a cell of its own, the next one on the row holding text.
                texts.get(i + 1).map(|(c, t)| (t.clone(), *c))
            };
            if h.unit.is_none() && UNIT_LABELS.contains(&label.as_str()) {
                h.unit = value().map(|(name, c)| (name, row, c));
            } else if h.set_id.is_none() && label == SET_LABEL {
                // "lai-chau/so/2025. Ô nền vàng là …": the id is the first word.
                h.set_id = value().and_then(|(v, _)| {
                    let id = v.split_whitespace().next()?.trim_end_matches(['.', ',', ';']);
                    (!id.is_empty()).then(|| id.to_string())
                });
            }
        }
    }
    h
}

/// The unit's name by the rule the README states: the name the sheet shows, which is what the
/// unit prints and signs; the name recorded when the template was made only where the sheet
/// shows none. `None` when neither names one.
pub(crate) fn unit(heading: &Heading, recorded: Option<&str>) -> Option<String> {
    let shown = heading.unit.as_ref().map(|(n, _, _)| n.as_str());
    shown.or(recorded).map(str::trim).filter(|n| !n.is_empty()).map(str::to_string)
}

/// A note when the sheet shows one unit and the template was made for another: the shown name
/// is used, and the reader of a report should know why it is not the one the office issued.
pub(crate) fn unit_note(
    heading: &Heading,
    recorded: Option<&str>,
    file: &str,
    sheet: &str,
) -> Option<CellProblem> {
    let (shown, row, col) = heading.unit.as_ref()?;
    let recorded = recorded.map(str::trim).filter(|r| !r.is_empty())?;
    if fold_label(shown) == fold_label(recorded) {
        return None;
    }
    Some(CellProblem {
        file: file.to_string(),
        sheet: sheet.to_string(),
        cell: Some(cell_name(*row, *col)),
        code: None,
        message: Text::new(
            format!(
                "bảng ghi tên đơn vị \"{}\", biểu mẫu được lập cho \"{}\": chấm điểm và xếp hạng \
                 theo tên ghi trên bảng",
                cells::clip(shown),
                cells::clip(recorded)
            ),
            format!(
                "the sheet names the unit \"{}\", the template was made for \"{}\": scored and \
                 ranked under the name on the sheet",
                cells::clip(shown),
                cells::clip(recorded)
            ),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Data;

    fn grid(cells: &[(u32, u32, &str)]) -> Grid {
        let cells = cells.iter().map(|(r, c, s)| ((*r, *c), Data::String((*s).into()))).collect();
        Grid::from_cells(cells).unwrap()
    }

    #[test]
    fn the_name_follows_its_label_in_the_same_cell_or_the_next() {
        // parscore 0.1's templates: one merged cell "Đơn vị: Sở Xây dựng".
        let old = grid(&[
            (1, 0, "Đơn vị: Sở Xây dựng"),
            (3, 0, "Mã bộ tiêu chí: lai-chau/so/2025. Ô nền vàng…"),
        ]);
        let h = read(&old, 4);
        assert_eq!(h.unit, Some(("Sở Xây dựng".into(), 1, 0)));
        assert_eq!(h.set_id.as_deref(), Some("lai-chau/so/2025"));
        // Today's: the label in A2, the name typed in B2.
        let new = grid(&[(1, 0, "Đơn vị:"), (1, 1, " Sở Tài chính ")]);
        assert_eq!(read(&new, 4).unit, Some(("Sở Tài chính".into(), 1, 1)));
        // Nothing typed: no name; a label below the header row is not the heading's.
        assert_eq!(read(&grid(&[(1, 0, "Đơn vị:")]), 4).unit, None);
        assert_eq!(read(&grid(&[(6, 0, "Đơn vị: Sở X")]), 4).unit, None);
        // Other words with a colon are not the unit's label.
        assert_eq!(read(&grid(&[(0, 0, "Ghi chú: đơn vị tự nhập")]), 4).unit, None);
    }

    #[test]
    fn the_shown_name_wins_and_a_different_record_is_noted() {
        let shown = read(&grid(&[(1, 0, "Đơn vị:"), (1, 1, "Sở Tài chính")]), 4);
        assert_eq!(unit(&shown, Some("Sở Xây dựng")).as_deref(), Some("Sở Tài chính"));
        let note = unit_note(&shown, Some("Sở Xây dựng"), "a.xlsx", "Tự đánh giá").unwrap();
        assert_eq!(note.cell.as_deref(), Some("B2"));
        assert!(note.message.vi.contains("\"Sở Tài chính\""), "{}", note.message.vi);
        // The same name however it is cased or spaced: no note.
        assert_eq!(unit_note(&shown, Some(" sở tài  CHÍNH"), "a.xlsx", "S"), None);
        // No name on the sheet: the recorded one; neither: none.
        let blank = Heading::default();
        assert_eq!(unit(&blank, Some("Sở Xây dựng")).as_deref(), Some("Sở Xây dựng"));
        assert_eq!(unit(&blank, Some("  ")), None);
        assert_eq!(unit_note(&blank, Some("Sở Xây dựng"), "a.xlsx", "S"), None);
    }
}
