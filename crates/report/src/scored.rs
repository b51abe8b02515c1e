//! A workbook read and scored: what every report starts from.

use parscore_core::{score_with, CriteriaSet, ScoreOptions, Scorecard};
use parscore_read::Workbook;
use parscore_sheet::CellProblem;

/// A workbook scored on a set, with every problem found reading and scoring it.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The file, as given.
    pub file: String,
    /// The unit the workbook names ([`Workbook::unit`]: the name its sheet shows, else the one
    /// recorded when the template was made).
    pub unit: Option<String>,
    /// The scorecard (it carries its set).
    pub card: Scorecard,
    /// Every problem, located; a strict caller refuses a scorecard that has any.
    pub problems: Vec<CellProblem>,
    /// What a reader of the score should know but does not stop it, located: the sheet names
    /// another unit than the template was made for ([`Workbook::unit_note`]).
    pub notes: Vec<CellProblem>,
    /// Made for another set, version or year: not even a lenient caller scores it, since its
    /// cells answer other criteria.
    pub for_another_set: bool,
}

impl Scored {
    /// Reads the inputs `set` needs from `workbook` and scores them with `options`.
    ///
    /// ```
    /// use parscore_core::{catalog, ScoreOptions};
    /// use parscore_read::Workbook;
    /// use parscore_report::Scored;
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/so-xay-dung-2025.xlsx");
    /// let book = Workbook::open(std::path::Path::new(path)).unwrap();
    /// let set = catalog::find("lai-chau/so/2025").unwrap();
    /// let scored = Scored::new(&book, &set, &ScoreOptions::default());
    /// assert!(scored.problems.is_empty());
    /// assert_eq!(scored.card.total, "77.55".parse().unwrap());
    /// ```
    pub fn new(workbook: &Workbook, set: &CriteriaSet, options: &ScoreOptions) -> Scored {
        let reading = workbook.inputs(set);
        let card = score_with(set, &reading.inputs, options);
        let problems = reading.all_problems(&card);
        Scored {
            file: workbook.file.clone(),
            unit: workbook.unit(),
            notes: workbook.unit_note().into_iter().collect(),
            for_another_set: reading.is_for_another_set(),
            card,
            problems,
        }
    }

    /// The set it was scored on.
    pub fn set(&self) -> &CriteriaSet {
        &self.card.set
    }
}
