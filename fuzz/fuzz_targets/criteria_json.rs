//! Arbitrary text to the criteria loader. A set that loads is valid, so everything downstream
//! must work on it without panicking: scoring with no inputs and with extreme inputs for every
//! leaf, describing its rules, and writing its template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parscore_core::{describe, evaluate, score, CriteriaSet, Decimal, Input, Inputs, Lang};

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let Ok(set) = CriteriaSet::from_json(json) else { return };
    let _ = score(&set, &Inputs::default());
    let big = Decimal::MAX;
    let extremes = [
        Input::Count(u32::MAX),
        Input::Count(0),
        Input::Percent(Decimal::ONE_HUNDRED),
        Input::Percent(Decimal::ZERO),
        Input::Fraction { numerator: big, denominator: big },
        Input::Fraction { numerator: Decimal::new(1, 28), denominator: big },
        Input::Score(Decimal::ZERO),
        Input::Yes(true),
        Input::NotApplicable,
    ];
    let mut filled = Inputs::default();
    for node in set.all_nodes() {
        let _ = describe(node, Lang::Vi);
        let _ = describe(node, Lang::En);
        if let Some(rule) = &node.rule {
            for input in &extremes {
                let _ = evaluate(rule, node.max, input);
            }
            filled.set(&node.code, Input::Count(u32::MAX));
        }
    }
    let _ = score(&set, &filled);
    // Writing a template is slow; small sets (like the mini seed) still cover it.
    if set.all_nodes().len() <= 24 {
        let meta = parscore_write::TemplateMeta { unit: String::new(), year: set.year };
        let _ = parscore_write::write_template(&set, &meta, None);
    }
});
