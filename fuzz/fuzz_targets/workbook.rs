//! Arbitrary bytes to the workbook reader, as if a unit had emailed them: open with the default
//! limits, read the inputs for the shipped 2025 set, score them and place every problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parscore_core::{catalog, score, CriteriaSet};
use parscore_read::{Limits, Workbook};

fn set() -> &'static CriteriaSet {
    static SET: std::sync::OnceLock<Option<CriteriaSet>> = std::sync::OnceLock::new();
    SET.get_or_init(|| catalog::find("lai-chau/so/2025")).as_ref().unwrap_or_else(|| std::process::abort())
}

fuzz_target!(|data: &[u8]| {
    let book = match Workbook::from_bytes("fuzz.xlsx", data, &Limits::default()) {
        Ok(book) => book,
        Err(e) => {
            // A panic inside calamine is caught and reported as damage; the fuzzer would not see
            // it as a crash, so it is logged for the run's report.
            let message = e.to_string();
            if message.contains("the spreadsheet parser failed") {
                eprintln!("caught: {message}");
            }
            return;
        }
    };
    let set = set();
    let reading = book.inputs(set);
    let card = score(set, &reading.inputs);
    for p in reading.all_problems(set, &card.problems) {
        let _ = p.to_string();
    }
});
