//! Scoring the small test set `tests/data/mini.json`, which uses every rule kind, both `na`
//! settings, a survey item and bonus and penalty pools. Totals are worked out by hand.

use rust_decimal::Decimal;

use crate::model::CriteriaSet;
use crate::rule::Input;
use crate::scoring::{score, score_with, Inputs, NodeStatus, ProblemKind, ScoreOptions, Scorecard};

const MINI: &str = include_str!("../tests/data/mini.json");

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn mini() -> CriteriaSet {
    CriteriaSet::from_json(MINI).unwrap()
}

fn filled() -> Inputs {
    let mut i = Inputs::default();
    i.set("1.1.1", Input::Choice("Ban hành không kịp thời".into())); // 0.5
    i.set("1.1.2", Input::Yes(true)); // 1
    i.set("1.1.3", Input::Percent(d("95"))); // > 90% → 2
    i.set("1.1.4", Input::Score(d("0.75"))); // 0.75
    i.set("1.2.1", Input::Count(2)); // 1 − 2 × 0.25 = 0.5
    i.set("1.2.2", Input::Count(3)); // 3 × 0.5 = 1.5
    i.set("1.2.3", Input::NotApplicable); // excluded: max 2 leaves the total
    i.set("2.1", Input::NotApplicable); // na full → 4
    i.set("2.2", Input::Percent(d("80"))); // 80% × 6 = 4.8
    i.set("T.1", Input::Count(3)); // 1.5, pool capped at 1
    i.set("P.1", Input::Count(1)); // 1, under the cap 2
    i
}

#[test]
fn scores_every_node_and_the_total() {
    let card = score(&mini(), &filled());
    assert!(card.problems.is_empty(), "{:?}", card.problems);
    let node = |c: &str| card.node(c).unwrap();
    // 1.1 = 0.5 + 1 + 2 + 0.75 = 4.25 of 5.
    assert_eq!(node("1.1").score, d("4.25"));
    // 1.2 = 0.5 + 1.5 + 0 = 2 of 5 − 2 (excluded) = 3 → 66.67%.
    assert_eq!(node("1.2").score, d("2"));
    assert_eq!(node("1.2").applicable_max, d("3"));
    assert_eq!(node("1.2").percent, Some(d("66.67")));
    assert_eq!(node("1.2.3").status, NodeStatus::NotApplicable);
    // 1 = 6.25 of 8; 2 = 4 + 4.8 = 8.8 of 10.
    assert_eq!(node("1").score, d("6.25"));
    assert_eq!(node("1").applicable_max, d("8"));
    assert_eq!(node("2").score, d("8.8"));
    // Bonus 1.5 capped to 1; penalty 1.
    assert_eq!(card.bonus.as_ref().unwrap().applied, d("1"));
    assert_eq!(card.penalty.as_ref().unwrap().applied, d("1"));
    // Total = 6.25 + 8.8 + 1 − 1 = 15.05 of 18 → 83.6111…% → 83.61, grade Khá (70 ≤ p < 90).
    assert_eq!(card.total, d("15.05"));
    assert_eq!(card.max, d("18"));
    assert_eq!(card.percent.to_string(), "83.61");
    assert_eq!(card.grade.as_ref().unwrap().vi, "Khá");
    // Self-assessed leaves: 0.5+1+2+0.75+0.5+1.5+0+4 = 10.25 of 12 → 85.42%.
    assert_eq!(card.self_assessed.score, d("10.25"));
    assert_eq!(card.self_assessed.max, d("12"));
    assert_eq!(card.self_assessed.percent, Some(d("85.42")));
    // Survey: 4.8 of 6 → 80.00%.
    assert_eq!(card.survey.unwrap().percent.unwrap().to_string(), "80.00");
    assert!(!card.survey_pending);
    assert_eq!(node("1.1.3").reason.as_ref().unwrap().vi, "95% > 90% → 2 điểm");
}

#[test]
fn without_survey_results_the_percentage_is_over_the_self_assessed_maximum() {
    let mut inputs = filled();
    inputs.entries.remove("2.2");
    let card = score(&mini(), &inputs);
    assert!(card.problems.is_empty());
    assert!(card.survey_pending);
    assert_eq!(card.node("2.2").unwrap().status, NodeStatus::Pending);
    // Total = 6.25 + 4 + 1 − 1 = 10.25 of 18 − 6 = 12 → 85.416…% → 85.42.
    assert_eq!(card.total, d("10.25"));
    assert_eq!(card.max, d("12"));
    assert_eq!(card.percent.to_string(), "85.42");
    assert_eq!(card.survey, None);
}

#[test]
fn every_missing_or_bad_input_is_listed_and_scores_zero() {
    let mut inputs = filled();
    inputs.entries.remove("1.1.1");
    inputs.set("1.1.4", Input::Score(d("1.5")));
    inputs.set("1.2.1", Input::NotApplicable);
    inputs.set("9.9", Input::Yes(true));
    inputs.set("1.1", Input::Score(d("5")));
    let card = score(&mini(), &inputs);
    let lines: Vec<String> = card.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            "1.1: a subtotal takes no input: its score is the sum of its sub-criteria",
            "1.1.1: missing input (one of the listed outcomes)",
            "1.1.4: score 1.5 exceeds the maximum 1",
            "1.2.1: declared not applicable, but the criteria set does not allow it",
            "9.9: unknown criterion code",
        ]
    );
    assert_eq!(card.node("1.1.4").unwrap().score, Decimal::ZERO);
    assert_eq!(card.node("1.1.4").unwrap().status, NodeStatus::Invalid);
    assert!(matches!(card.problems[0].kind, ProblemKind::NotALeaf));
    let vi: Vec<String> = card.problems.iter().map(|p| p.kind_text().vi).collect();
    assert_eq!(
        vi,
        [
            "dòng tổng hợp không nhập số liệu: điểm là tổng điểm các tiêu chí thành phần",
            "thiếu dữ liệu (một trong các mức đã liệt kê)",
            "điểm 1,5 vượt điểm tối đa 1",
            "ghi là không áp dụng, nhưng bộ tiêu chí không cho phép",
            "mã tiêu chí không có trong bộ tiêu chí",
        ]
    );
}

#[test]
fn penalties_cannot_push_the_percentage_below_zero() {
    let mut inputs = Inputs::default();
    for code in ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1", "1.2.2", "1.2.3", "2.1"] {
        inputs.set(code, Input::NotApplicable);
    }
    inputs.set("1.1.1", Input::Choice("Không ban hành".into()));
    inputs.set("1.1.2", Input::Yes(false));
    inputs.set("1.1.3", Input::Percent(d("0")));
    inputs.set("1.1.4", Input::Score(d("0")));
    inputs.set("1.2.1", Input::Count(10));
    inputs.set("1.2.2", Input::Count(0));
    inputs.set("2.1", Input::Yes(false));
    inputs.set("2.2", Input::Percent(d("0")));
    inputs.set("P.1", Input::Count(3));
    let card = score(&mini(), &inputs);
    assert!(card.problems.is_empty(), "{:?}", card.problems);
    // 0 − min(3, cap 2) = −2 points → −11.1% → kept at 0.00.
    assert_eq!(card.total, d("-2"));
    assert_eq!(card.percent.to_string(), "0.00");
    assert_eq!(card.grade.unwrap().vi, "Yếu");
}

#[test]
fn shares_are_rounded_so_parents_and_parts_are_sums_of_what_is_shown() {
    let mut inputs = filled();
    // 1.2.3: 2/3 × 2 = 1.3333…→ 1.3333; 2.2: survey 77.7777% × 6 = 4.666662 → 4.6667.
    inputs.set("1.2.3", Input::Fraction { numerator: d("2"), denominator: d("3") });
    inputs.set("2.2", Input::Percent(d("77.7777")));
    let card = score(&mini(), &inputs);
    assert!(card.problems.is_empty(), "{:?}", card.problems);
    let node = |c: &str| card.node(c).unwrap();
    assert_eq!(node("1.2.3").score.normalize().to_string(), "1.3333");
    assert_eq!(node("2.2").score.normalize().to_string(), "4.6667");
    // 1.2 = 0.5 + 1.5 + 1.3333 = 3.3333 of 5; 2 = 4 + 4.6667 = 8.6667 of 10.
    assert_eq!(node("1.2").score.normalize().to_string(), "3.3333");
    assert_eq!(node("2").score.normalize().to_string(), "8.6667");
    // Total = 4.25 + 3.3333 + 8.6667 + 1 − 1 = 16.25 of 20 → 81.25%.
    assert_eq!(card.total.normalize().to_string(), "16.25");
    assert_eq!(card.percent.to_string(), "81.25");
    // The parts: self 0.5+1+2+0.75+0.5+1.5+1.3333+4 = 11.5833; survey 4.6667; with bonus 1
    // and penalty 1, 11.5833 + 4.6667 + 1 − 1 = 16.25, the total, to the last digit.
    let survey = card.survey.unwrap();
    assert_eq!(card.self_assessed.score.normalize().to_string(), "11.5833");
    assert_eq!(survey.score.normalize().to_string(), "4.6667");
    assert_eq!(card.self_assessed.score + survey.score + d("1") - d("1"), card.total);
}

#[test]
fn appraised_scores_sum_when_every_child_has_one() {
    let mut inputs = filled();
    inputs.entries.get_mut("1.1.1").unwrap().appraised = Some(d("0.5"));
    inputs.entries.get_mut("1.1.2").unwrap().appraised = Some(d("0"));
    let card = score(&mini(), &inputs);
    // 1.1 has four leaves, only two appraised: no sum.
    assert_eq!(card.node("1.1").unwrap().appraised, None);
    assert_eq!(card.node("1.1.2").unwrap().appraised, Some(d("0")));
    assert_eq!(card.appraised_total, None);
}

/// `card` with every reason taken out: what scoring without reasons must give.
fn without_reasons(mut card: Scorecard) -> Scorecard {
    let pools = card.bonus.iter_mut().chain(card.penalty.iter_mut());
    for n in card.nodes.iter_mut().chain(pools.flat_map(|p| p.items.iter_mut())) {
        n.reason = None;
    }
    card
}

#[test]
fn scoring_without_reasons_gives_the_same_card_less_the_reasons() {
    let set = mini();
    // Filled, and with a missing leaf, a refused "not applicable" and an unknown code.
    let mut bad = filled();
    bad.entries.remove("1.1.2");
    bad.set("1.1.4", Input::NotApplicable);
    bad.set("9.9", Input::Count(1));
    for inputs in [filled(), bad, Inputs::default()] {
        let full = score(&set, &inputs);
        assert!(full.nodes.iter().any(|n| n.reason.is_some()));
        let bare = score_with(&set, &inputs, &ScoreOptions { reasons: false });
        assert_eq!(bare, without_reasons(full));
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Node, Rule};

    fn any_input(node: &Node, seed: (u32, u32, u32)) -> Input {
        let (a, b, c) = seed;
        match node.rule.as_ref().unwrap() {
            Rule::Manual { .. } => Input::Score(Decimal::from(a % 5) * d("0.25")),
            Rule::Boolean { .. } => Input::Yes(a % 2 == 0),
            Rule::Choice { options } => {
                Input::Choice(options[a as usize % options.len()].label.clone())
            }
            Rule::Bands { .. } | Rule::Proportional { .. } if a % 3 == 0 => Input::Fraction {
                numerator: Decimal::from(b.min(c)),
                denominator: Decimal::from(b.max(c).max(1)),
            },
            Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
                Input::Percent(Decimal::new(i64::from(b % 10_001), 2))
            }
            Rule::Deduction { .. } | Rule::Count { .. } => Input::Count(c % 12),
        }
    }

    proptest! {
        #[test]
        fn nodes_stay_within_max_and_parents_sum_their_children(
            seeds in proptest::collection::vec((0u32..1000, 0u32..20000, 0u32..1000), 12)
        ) {
            let set = mini();
            let mut inputs = Inputs::default();
            let leaves: Vec<&Node> = set.all_nodes().into_iter().filter(|n| n.is_leaf()).collect();
            for (node, seed) in leaves.iter().zip(seeds.iter().cycle()) {
                let input = if seed.0 % 7 == 0 && node.na.is_some() {
                    Input::NotApplicable
                } else {
                    any_input(node, *seed)
                };
                inputs.set(&node.code, input);
            }
            let card = score(&set, &inputs);
            // Without reasons: the same scores, statuses, totals and problems.
            let bare = score_with(&set, &inputs, &ScoreOptions { reasons: false });
            prop_assert_eq!(&bare, &without_reasons(card.clone()));
            // A manual score of 1 or more can exceed 1.1.4's maximum: that is a problem, scored 0.
            for n in &card.nodes {
                prop_assert!(n.score >= Decimal::ZERO && n.score <= n.applicable_max, "{}", n.code);
                prop_assert!(n.applicable_max <= n.max);
                let def = set.find(&n.code).unwrap();
                if !def.children.is_empty() {
                    let kids: Decimal = def.children.iter().map(|c| card.node(&c.code).unwrap().score).sum();
                    prop_assert_eq!(kids, n.score);
                }
            }
            prop_assert!(card.percent >= Decimal::ZERO && card.percent <= Decimal::ONE_HUNDRED);
            // Every score ends within 4 places (the set's points have at most 2), and the
            // parts add up to the total exactly.
            for n in &card.nodes {
                prop_assert!(n.score.normalize().scale() <= 4, "{} = {}", n.code, n.score);
            }
            let pools = card.bonus.as_ref().map_or(Decimal::ZERO, |p| p.applied)
                - card.penalty.as_ref().map_or(Decimal::ZERO, |p| p.applied);
            let survey = card.survey.map_or(Decimal::ZERO, |p| p.score);
            prop_assert_eq!(card.self_assessed.score + survey + pools, card.total);
        }
    }
}
