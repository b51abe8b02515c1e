//! The set's details in the rows above the annex table: title, total, provenance, grades.
//! parscore writes them on export; a province's own annex has none, and the importer then
//! falls back to its options and defaults.

use calamine::{Data, Range};
use parscore_core::{Decimal, Grade, ProvenanceStatus};

use super::import::{fold, RowProblem};
use super::{fold_header, keys, words};
use crate::cells;

/// What the rows above the table say; `None` where they say nothing.
#[derive(Debug, Default)]
pub(super) struct Details {
    pub(super) id: Option<String>,
    pub(super) title: Option<String>,
    pub(super) total: Option<Decimal>,
    pub(super) previous: Option<String>,
    pub(super) status: Option<ProvenanceStatus>,
    pub(super) source: Option<String>,
    pub(super) notes: Option<String>,
    pub(super) grades: Vec<Grade>,
    pub(super) problems: Vec<RowProblem>,
}

/// Every key, in the order parscore writes them.
const KEYS: [&str; 10] = [
    keys::ID,
    keys::TITLE,
    keys::YEAR,
    keys::LEVEL,
    keys::TOTAL,
    keys::PREVIOUS,
    keys::STATUS,
    keys::SOURCE,
    keys::NOTES,
    keys::GRADE,
];

fn key_of(cell: &Data) -> Option<&'static str> {
    let text = fold_header(&cells::text(Some(cell))?);
    KEYS.into_iter().find(|k| fold_header(k) == text)
}

impl Details {
    /// Whether a row is one of the details (its first non-empty cell is a key).
    pub(super) fn is_key_row(row: &[Data]) -> bool {
        row.iter().find(|c| !matches!(c, Data::Empty)).and_then(key_of).is_some()
    }

    /// Reads the details from the rows above `header_row` (0-based, absolute).
    pub(super) fn read(range: &Range<Data>, header_row: u32) -> Details {
        let mut d = Details::default();
        let Some((r0, c0)) = range.start() else { return d };
        let c1 = range.end().map_or(c0, |(_, c)| c);
        for row in r0..header_row {
            let at = |col: u32| range.get_value((row, col)).filter(|c| !matches!(c, Data::Empty));
            let Some(k) = (c0..=c1).find(|c| at(*c).is_some()) else { continue };
            let Some(key) = at(k).and_then(key_of) else { continue };
            let text = |i: u32| cells::text(at(k + i));
            // A key row with an empty value says the value is empty (notes may be).
            let said = || Some(text(1).unwrap_or_default());
            let mut number =
                |i: u32, what: &str| match at(k + i).map(|c| cells::decimal(c).map_err(|e| e.en)) {
                    Some(Ok(v)) => Some(v),
                    Some(Err(e)) => {
                        let msg = format!("{what} is {e}; expected a number");
                        d.problems.push(RowProblem::new(row, None, msg));
                        None
                    }
                    None => {
                        d.problems.push(RowProblem::new(row, None, format!("{what} is missing")));
                        None
                    }
                };
            match key {
                keys::TOTAL => d.total = number(1, "the total"),
                keys::GRADE => {
                    let min = number(2, "the grade's lowest percentage");
                    if let (Some(label), Some(min)) = (text(1), min) {
                        d.grades.push(Grade { min, label, label_en: text(3) });
                    }
                }
                keys::ID => d.id = text(1),
                keys::TITLE => d.title = said(),
                keys::PREVIOUS => d.previous = said(),
                keys::SOURCE => d.source = said(),
                keys::NOTES => d.notes = said(),
                keys::STATUS => {
                    let said = text(1).map(|s| fold(&s)).unwrap_or_default();
                    d.status = if said.contains(words::RECONSTRUCTION) || said == "reconstruction" {
                        Some(ProvenanceStatus::Reconstruction)
                    } else if said.contains(words::OFFICIAL) || said == "official" {
                        Some(ProvenanceStatus::Official)
                    } else {
                        let msg = format!(
                            "the status \"{said}\" is neither \"{}\" nor \"{}\"",
                            words::OFFICIAL,
                            words::RECONSTRUCTION
                        );
                        d.problems.push(RowProblem::new(row, None, msg));
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
