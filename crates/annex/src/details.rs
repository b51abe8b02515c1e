//! The set's details in the rows above the annex table: title, total, provenance, grades.
//! parscore writes them on export; a province's own annex has none, and the importer then
//! falls back to its options and defaults.

use parscore_core::{Decimal, Grade, ProvenanceStatus};
use parscore_read::{cells, fold_header, Data, Grid, Row};

use crate::rows::{fold, AnnexProblem};
use crate::{keys, words};

/// What the rows above the table say; `None` where they say nothing.
#[derive(Debug, Default)]
pub(crate) struct Details {
    pub(crate) id: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) total: Option<Decimal>,
    pub(crate) previous: Option<String>,
    pub(crate) status: Option<ProvenanceStatus>,
    pub(crate) source: Option<String>,
    pub(crate) notes: Option<String>,
    pub(crate) notes_en: Option<String>,
    pub(crate) grades: Vec<Grade>,
    pub(crate) problems: Vec<AnnexProblem>,
}

/// Every key, in the order parscore writes them.
const KEYS: [&str; 11] = [
    keys::ID,
    keys::TITLE,
    keys::YEAR,
    keys::LEVEL,
    keys::TOTAL,
    keys::PREVIOUS,
    keys::STATUS,
    keys::SOURCE,
    keys::NOTES,
    keys::NOTES_EN,
    keys::GRADE,
];

fn key_of(cell: &Data) -> Option<&'static str> {
    let text = fold_header(&cells::text(Some(cell))?);
    KEYS.into_iter().find(|k| fold_header(k) == text)
}

impl Details {
    /// Whether a row is one of the details (its first non-empty cell is a key).
    pub(crate) fn is_key_row(row: Row<'_>) -> bool {
        row.cells().next().and_then(|(_, c)| key_of(c)).is_some()
    }

    /// Reads the details from the rows above `header_row` (0-based, absolute).
    pub(crate) fn read(grid: &Grid, header_row: u32) -> Details {
        let mut d = Details::default();
        for (row, row_cells) in grid.rows().take_while(|(r, _)| *r < header_row) {
            let at = |col: u32| row_cells.get(col);
            let Some((k, first)) = row_cells.cells().next() else { continue };
            let Some(key) = key_of(first) else { continue };
            let k = |i: u32| k.saturating_add(i);
            let text = |i: u32| cells::text(at(k(i)));
            // A key row with an empty value says the value is empty (notes may be).
            let said = || Some(text(1).unwrap_or_default());
            let mut number = |i: u32, what: (&str, &str)| match at(k(i)).map(cells::decimal) {
                Some(Ok(v)) => Some(v),
                Some(Err(e)) => {
                    d.problems.push(AnnexProblem::new(
                        row,
                        None,
                        format!("{} là {}; cần một số", what.0, e.vi),
                        format!("{} is {}; expected a number", what.1, e.en),
                    ));
                    None
                }
                None => {
                    d.problems.push(AnnexProblem::new(
                        row,
                        None,
                        format!("thiếu {}", what.0),
                        format!("{} is missing", what.1),
                    ));
                    None
                }
            };
            match key {
                keys::TOTAL => d.total = number(1, ("tổng điểm", "the total")),
                keys::GRADE => {
                    let min = number(
                        2,
                        ("mức tỷ lệ thấp nhất của xếp loại", "the grade's lowest percentage"),
                    );
                    if let (Some(label), Some(min)) = (text(1), min) {
                        d.grades.push(Grade { min, label, label_en: text(3) });
                    }
                }
                keys::ID => d.id = text(1),
                keys::TITLE => d.title = said(),
                keys::PREVIOUS => d.previous = said(),
                keys::SOURCE => d.source = said(),
                keys::NOTES => d.notes = said(),
                keys::NOTES_EN => d.notes_en = text(1),
                keys::STATUS => {
                    let said = text(1).map(|s| fold(&s)).unwrap_or_default();
                    d.status = if said.contains(words::RECONSTRUCTION) || said == "reconstruction" {
                        Some(ProvenanceStatus::Reconstruction)
                    } else if said.contains(words::OFFICIAL) || said == "official" {
                        Some(ProvenanceStatus::Official)
                    } else {
                        let (o, r) = (words::OFFICIAL, words::RECONSTRUCTION);
                        d.problems.push(AnnexProblem::new(
                            row,
                            None,
                            format!(
                                "tình trạng \"{said}\" không phải \"{o}\" cũng không phải \"{r}\""
                            ),
                            format!("the status \"{said}\" is neither \"{o}\" nor \"{r}\""),
                        ));
                        None
                    };
                }
                // The year and level come from the import's options (the id too; the one
                // recorded only tells whether the annex is another set's export).
                _ => {}
            }
        }
        d
    }
}
