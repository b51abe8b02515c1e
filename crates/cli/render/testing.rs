//! Test helpers: Sở Xây dựng's fixtures, scored after a change to their inputs.

use std::path::{Path, PathBuf};

use parscore_core::{catalog, Decimal, Input, Inputs, ScoreOptions};
use parscore_read::Workbook;
use parscore_report::Scored;

pub(crate) fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// Sở Xây dựng's workbook of `year`, scored after `change` to its inputs.
pub(crate) fn scored(year: u16, change: impl FnOnce(&mut Inputs)) -> Scored {
    let path = fixture(&format!("so-xay-dung-{year}.xlsx"));
    let set = catalog::find(&format!("lai-chau/so/{year}")).unwrap();
    let wb = Workbook::open(&path).unwrap();
    let mut reading = wb.inputs(&set);
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    change(&mut reading.inputs);
    let card = parscore_core::score_with(&set, &reading.inputs, &ScoreOptions::default());
    Scored {
        file: path.display().to_string(),
        unit: wb.unit(),
        card,
        problems: Vec::new(),
        notes: Vec::new(),
        for_another_set: false,
    }
}

/// 2025 with two shares that do not end: 3.3.1 (proportional, max 1) 2/3 instead of 19/20,
/// and 8.1.1 (survey, max 1.5) 77.7777% instead of 80%.
pub(crate) fn thirds() -> Scored {
    scored(2025, |i| {
        i.set("3.3.1", Input::Fraction { numerator: d("2"), denominator: d("3") });
        i.set("8.1.1", Input::Percent(d("77.7777")));
    })
}
