//! Property: a template written by parscore for the shipped 2025 set, filled with any valid
//! inputs, reads back as exactly those inputs (through `Workbook::open` and `inputs`).
//!
//! Each case fills all 86 leaves at once (writing and reading a workbook takes about a tenth
//! of a second in a debug build), so ten cases cover hundreds of cells of every kind.

use std::path::PathBuf;

use parscore_core::{catalog, CriteriaSet, Decimal, Entry, Input, Inputs, Node, RatioInput, Rule};
use parscore_read::Workbook;
use parscore_write::{write_template, TemplateMeta};
use proptest::prelude::*;

fn set() -> CriteriaSet {
    catalog::find("lai-chau/so/2025").expect("the shipped 2025 set")
}

/// `hundredths` / 100, as the decimal a person types ("0.25", "85", "12.5").
fn cents(hundredths: u32) -> Decimal {
    Decimal::new(i64::from(hundredths), 2)
}

/// Any whole number of hundredths in 0..=max.
fn up_to(max: Decimal) -> BoxedStrategy<Decimal> {
    let top = (max * Decimal::ONE_HUNDRED).trunc().to_string().parse::<u32>().unwrap_or(0);
    (0..=top).prop_map(cents).boxed()
}

/// A valid input for the rule of `node`, or nothing (a blank cell).
fn value(node: &Node) -> BoxedStrategy<Option<Input>> {
    let rule = node.rule.clone().expect("a leaf");
    let input: BoxedStrategy<Input> = match rule {
        Rule::Manual { step } => {
            let step = step.unwrap_or(cents(1));
            let steps = (node.max / step).trunc().to_string().parse::<u32>().unwrap_or(0);
            (0..=steps).prop_map(move |k| Input::Score(step * Decimal::from(k))).boxed()
        }
        Rule::Boolean { .. } => any::<bool>().prop_map(Input::Yes).boxed(),
        Rule::Choice { options } => {
            let labels: Vec<String> = options.into_iter().map(|o| o.label).collect();
            proptest::sample::select(labels).prop_map(Input::Choice).boxed()
        }
        Rule::Bands { input: RatioInput::Fraction, .. }
        | Rule::Proportional { input: RatioInput::Fraction } => (1u32..5000, 0u32..=100)
            .prop_map(|(d, pct)| Input::Fraction {
                numerator: Decimal::from(d * pct / 100),
                denominator: Decimal::from(d),
            })
            .boxed(),
        Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
            up_to(Decimal::ONE_HUNDRED).prop_map(Input::Percent).boxed()
        }
        Rule::Deduction { .. } | Rule::Count { .. } => (0u32..50).prop_map(Input::Count).boxed(),
    };
    let na = node.na.is_some();
    prop_oneof![
        1 => Just(None),
        if na { 1 } else { 0 } => Just(Some(Input::NotApplicable)),
        6 => input.prop_map(Some),
    ]
    .boxed()
}

/// Text as units write it: Vietnamese letters, digits, punctuation, and now and then
/// characters a writer must escape (`&<>"`, a control character).
fn text() -> BoxedStrategy<Option<String>> {
    let letters = "[a-zA-Z0-9ăâđêôơưĐáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ /.,;:()&<>\"\u{7}-]{0,40}";
    proptest::option::of(letters.prop_map(|s| s.trim().to_string()))
        .prop_map(|s| s.filter(|t| !t.is_empty()))
        .boxed()
}

/// A filled entry for `node`.
fn entry(node: &Node) -> BoxedStrategy<Entry> {
    (value(node), text(), text(), proptest::option::of(up_to(node.max)))
        .prop_map(|(value, evidence, explanation, appraised)| Entry {
            value,
            evidence,
            explanation,
            appraised,
            owner: None,
        })
        .boxed()
}

fn inputs(set: &CriteriaSet) -> impl Strategy<Value = Inputs> {
    let leaves: Vec<(String, BoxedStrategy<Entry>)> = set
        .all_nodes()
        .into_iter()
        .filter(|n| n.is_leaf())
        .map(|n| (n.code.clone(), entry(n)))
        .collect();
    let (codes, entries): (Vec<String>, Vec<BoxedStrategy<Entry>>) = leaves.into_iter().unzip();
    entries.prop_map(move |entries| Inputs {
        entries: codes.clone().into_iter().zip(entries).collect(),
    })
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parscore-round-trip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn a_filled_template_reads_back_as_its_inputs(filled in inputs(&set())) {
        let set = set();
        let meta = TemplateMeta { unit: "Sở Xây dựng".into(), year: set.year };
        let bytes = write_template(&set, &meta, Some(&filled)).expect("template");
        let path = scratch().join("filled.xlsx");
        std::fs::write(&path, bytes).expect("write");
        let reading = Workbook::open(&path).expect("open").inputs(&set);
        prop_assert_eq!(&reading.problems, &Vec::new());
        for (code, want) in &filled.entries {
            let got = reading.inputs.entries.get(code).cloned().unwrap_or_default();
            // The template writes each leaf's division from the set; the unit may edit it.
            let owner = set.find(code).and_then(|n| n.owner.clone());
            let want = Entry { owner: want.owner.clone().or(owner), ..want.clone() };
            prop_assert_eq!(&got, &want, "{}", code);
        }
    }
}
