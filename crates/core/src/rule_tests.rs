//! Every rule kind at every boundary. Expected scores are worked out by hand in the comments.

use rust_decimal::Decimal;

use crate::model::{Band, ChoiceOption, RatioInput, Rule};
use crate::rule::{evaluate, evaluate_with, Input, InputError};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The score `rule` gives `input`; every test through here also checks that scoring without
/// the reason gives the same score or error, and an empty reason.
fn score(rule: &Rule, max: &str, input: Input) -> Result<String, InputError> {
    let full = evaluate(rule, d(max), &input);
    let bare = evaluate_with(rule, d(max), &input, false);
    assert_eq!(bare.as_ref().map(|o| o.score), full.as_ref().map(|o| o.score));
    assert_eq!(bare.as_ref().err(), full.as_ref().err());
    if let Ok(o) = bare {
        assert!(o.reason.vi.is_empty() && o.reason.en.is_empty());
    }
    full.map(|o| o.score.normalize().to_string())
}

fn pct(p: &str) -> Input {
    Input::Percent(d(p))
}

#[test]
fn manual_accepts_0_to_max_in_steps() {
    let rule = Rule::Manual { step: Some(d("0.25")) };
    assert_eq!(score(&rule, "1", Input::Score(d("0"))).unwrap(), "0");
    assert_eq!(score(&rule, "1", Input::Score(d("0.75"))).unwrap(), "0.75");
    assert_eq!(score(&rule, "1", Input::Score(d("1"))).unwrap(), "1");
    // 1.25 > max 1.
    assert_eq!(
        score(&rule, "1", Input::Score(d("1.25"))),
        Err(InputError::AboveMax { score: d("1.25"), max: d("1") })
    );
    // 0.3 / 0.25 = 1.2: not a whole number of steps.
    assert_eq!(
        score(&rule, "1", Input::Score(d("0.3"))),
        Err(InputError::OffStep { score: d("0.3"), step: d("0.25") })
    );
    assert_eq!(score(&rule, "1", Input::Score(d("-0.25"))), Err(InputError::Negative(d("-0.25"))));
    assert!(matches!(score(&rule, "1", Input::Yes(true)), Err(InputError::WrongKind { .. })));
    // Without a step any decimal within range is fine.
    assert_eq!(score(&Rule::Manual { step: None }, "1", Input::Score(d("0.33"))).unwrap(), "0.33");
}

#[test]
fn boolean_gives_max_or_zero() {
    let rule = Rule::Boolean {
        yes: Some("Đạt yêu cầu".into()),
        no: Some("Không đạt yêu cầu".into()),
    };
    let yes = evaluate(&rule, d("1.5"), &Input::Yes(true)).unwrap();
    assert_eq!(yes.score, d("1.5"));
    assert_eq!(yes.reason.vi, "Đạt yêu cầu → 1,5 điểm");
    assert_eq!(score(&rule, "1.5", Input::Yes(false)).unwrap(), "0");
    assert!(matches!(score(&rule, "1", pct("100")), Err(InputError::WrongKind { .. })));
}

#[test]
fn choice_matches_labels_ignoring_case_and_spacing() {
    // Cà Mau 1.1.1: "Ban hành kịp thời: 1 | Ban hành không kịp thời: 0,5 | Không ban hành: 0".
    let rule = Rule::Choice {
        options: vec![
            ChoiceOption { label: "Ban hành kịp thời".into(), points: d("1") },
            ChoiceOption { label: "Ban hành không kịp thời".into(), points: d("0.5") },
            ChoiceOption { label: "Không ban hành".into(), points: d("0") },
        ],
    };
    assert_eq!(score(&rule, "1", Input::Choice("Ban hành kịp thời".into())).unwrap(), "1");
    assert_eq!(
        score(&rule, "1", Input::Choice("  ban HÀNH   không kịp thời ".into())).unwrap(),
        "0.5"
    );
    assert_eq!(score(&rule, "1", Input::Choice("Không ban hành".into())).unwrap(), "0");
    let err = score(&rule, "1", Input::Choice("Đã ban hành".into())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown choice \"Đã ban hành\", expected one of: Ban hành kịp thời; Ban hành không kịp thời; Không ban hành"
    );
}

/// Cà Mau 1.1.4: "trên 90%: 2 | từ 70% - 90%: 1 | dưới 70%: 0", bounds made explicit:
/// [0, 70) → 0, [70, 90] → 1, (90, 100] → 2.
fn ca_mau_bands(input: RatioInput) -> Rule {
    let band = |from: &str, fi: bool, to: &str, ti: bool, points: &str| Band {
        from: d(from),
        from_inclusive: fi,
        to: d(to),
        to_inclusive: ti,
        points: d(points),
    };
    Rule::Bands {
        input,
        bands: vec![
            band("0", true, "70", false, "0"),
            band("70", true, "90", true, "1"),
            band("90", false, "100", true, "2"),
        ],
    }
}

#[test]
fn bands_honour_inclusive_and_exclusive_bounds() {
    let rule = ca_mau_bands(RatioInput::Percent);
    for (p, points) in [
        ("0", "0"),
        ("69.99", "0"),
        ("70", "1"), // "từ 70%" includes 70
        ("90", "1"), // "trên 90%" excludes 90
        ("90.01", "2"),
        ("100", "2"),
    ] {
        assert_eq!(score(&rule, "2", pct(p)).unwrap(), points, "at {p}%");
    }
    assert_eq!(score(&rule, "2", pct("100.5")), Err(InputError::PercentOutOfRange(d("100.5"))));
    assert_eq!(score(&rule, "2", pct("-1")), Err(InputError::PercentOutOfRange(d("-1"))));
    let out = evaluate(&rule, d("2"), &pct("95")).unwrap();
    assert_eq!(out.reason.vi, "95% > 90% → 2 điểm");
    assert_eq!(out.reason.en, "95% > 90% → 2 points");
    let mid = evaluate(&rule, d("2"), &pct("80")).unwrap();
    assert_eq!(mid.reason.vi, "80% ∈ [70%; 90%] → 1 điểm");
}

#[test]
fn bands_from_a_fraction_use_the_exact_share() {
    let rule = ca_mau_bands(RatioInput::Fraction);
    let frac = |n: &str, den: &str| Input::Fraction { numerator: d(n), denominator: d(den) };
    // 9/10 = 90% exactly → the [70, 90] band → 1.
    assert_eq!(score(&rule, "2", frac("9", "10")).unwrap(), "1");
    // 901/1000 = 90.1% → 2.
    assert_eq!(score(&rule, "2", frac("901", "1000")).unwrap(), "2");
    // 2/3 = 66.67% (shown rounded) → 0; 7/10 = 70% → 1.
    let out = evaluate(&rule, d("2"), &frac("2", "3")).unwrap();
    assert_eq!(out.score, d("0"));
    assert_eq!(out.reason.vi, "2/3 = 66,67% < 70% → 0 điểm");
    assert_eq!(score(&rule, "2", frac("7", "10")).unwrap(), "1");
    assert!(matches!(score(&rule, "2", frac("1", "0")), Err(InputError::BadFraction { .. })));
    assert!(matches!(score(&rule, "2", frac("11", "10")), Err(InputError::BadFraction { .. })));
}

#[test]
fn proportional_is_share_times_max() {
    let rule = Rule::Proportional { input: RatioInput::Percent };
    // 85% × 2 = 1.7; 0% → 0; 100% → 2.
    assert_eq!(score(&rule, "2", pct("85")).unwrap(), "1.7");
    assert_eq!(score(&rule, "2", pct("0")).unwrap(), "0");
    assert_eq!(score(&rule, "2", pct("100")).unwrap(), "2");
    // 1/3 × 1.5 = 0.5: 33.33…% × 1.5 carries more digits than a decimal's 28, which round
    // back to 50%, so the product is 0.5 exactly (rather than drifting as a float would) and
    // the reason need not speak of rounding.
    let third = Input::Fraction { numerator: d("1"), denominator: d("3") };
    let out = evaluate(&rule, d("1.5"), &third).unwrap();
    assert_eq!(out.score.normalize().to_string(), "0.5");
    assert_eq!(out.reason.vi, "1/3 = 33,33% × 1,5 → 0,5 điểm");
}

#[test]
fn proportional_and_survey_scores_are_rounded_to_4_places_half_away_from_zero() {
    let rule = Rule::Proportional { input: RatioInput::Fraction };
    let frac = |n: &str, den: &str| Input::Fraction { numerator: d(n), denominator: d(den) };
    // 2/3 × 1 = 0.666… → 0.6667, and the reason says it was rounded.
    let out = evaluate(&rule, d("1"), &frac("2", "3")).unwrap();
    assert_eq!(out.score.normalize().to_string(), "0.6667");
    assert_eq!(out.reason.vi, "2/3 = 66,67% × 1 → 0,6667 điểm (làm tròn 4 chữ số thập phân)");
    assert_eq!(out.reason.en, "2/3 = 66.67% × 1 → 0.6667 points (rounded to 4 decimal places)");
    // 19/20 × 1 = 0.95 exactly: nothing rounded, nothing said.
    let out = evaluate(&rule, d("1"), &frac("19", "20")).unwrap();
    assert_eq!(out.reason.vi, "19/20 = 95% × 1 → 0,95 điểm");
    // 1/7 × 2 = 0.285714… → 0.2857; 5/7 × 2 = 1.428571… → 1.4286.
    assert_eq!(score(&rule, "2", frac("1", "7")).unwrap(), "0.2857");
    assert_eq!(score(&rule, "2", frac("5", "7")).unwrap(), "1.4286");
    // A half in the fifth place goes up, where banker's rounding would go to even:
    // 12.345% × 1 = 0.12345 → 0.1235 (not 0.1234).
    let pct_rule = Rule::Proportional { input: RatioInput::Percent };
    assert_eq!(score(&pct_rule, "1", pct("12.345")).unwrap(), "0.1235");
    assert_eq!(score(&Rule::Survey, "1", pct("12.345")).unwrap(), "0.1235");
    // Survey: 81.5123% × 6 = 4.890738 → 4.8907, said in the reason.
    let out = evaluate(&Rule::Survey, d("6"), &pct("81.5123")).unwrap();
    assert_eq!(out.score.normalize().to_string(), "4.8907");
    assert_eq!(out.reason.vi, "khảo sát 81,5123% × 6 → 4,8907 điểm (làm tròn 4 chữ số thập phân)");
    // 100% is the maximum itself, even a maximum with more than 4 places.
    assert_eq!(score(&pct_rule, "0.33333", pct("100")).unwrap(), "0.33333");
}

#[test]
fn counts_are_whole_numbers_from_zero() {
    // 3 → a count of 3; 0 → 0; −1, 2.5 and 2³² are refused, saying what a count must be.
    assert_eq!(Input::count(d("3")), Ok(Input::Count(3)));
    assert_eq!(Input::count(d("0")), Ok(Input::Count(0)));
    assert_eq!(Input::count(d("2.0")), Ok(Input::Count(2)));
    let negative = Input::count(d("-1")).unwrap_err();
    assert_eq!(negative, InputError::BadCount(d("-1")));
    assert_eq!(negative.to_string(), "-1 is negative: a count must be a whole number ≥ 0");
    assert_eq!(negative.text().vi, "-1 là số âm: số lượng phải là số nguyên ≥ 0");
    let half = Input::count(d("2.5")).unwrap_err();
    assert_eq!(half.to_string(), "2.5 is not a whole number: a count must be a whole number ≥ 0");
    assert_eq!(half.text().vi, "2,5 không phải số nguyên: số lượng phải là số nguyên ≥ 0");
    let huge = Input::count(d("4294967296")).unwrap_err();
    assert_eq!(huge.to_string(), "4294967296 is too large a count (at most 4294967295)");
}

#[test]
fn input_errors_read_in_vietnamese_too() {
    let e = InputError::AboveMax { score: d("1.5"), max: d("1") };
    assert_eq!(e.text().vi, "điểm 1,5 vượt điểm tối đa 1");
    assert_eq!(e.text().en, "score 1.5 exceeds the maximum 1");
    let e = InputError::WrongKind { expected: crate::rule::Expected::Items };
    assert_eq!(e.text().vi, "cần nhập số lượng kết quả");
    assert_eq!(InputError::PercentOutOfRange(d("101")).text().vi, "tỷ lệ 101% nằm ngoài 0–100");
}

#[test]
fn deduction_floors_at_zero() {
    let rule = Rule::Deduction { per: d("0.25") };
    // 1 − 0 × 0.25 = 1; 1 − 3 × 0.25 = 0.25; 1 − 4 × 0.25 = 0; 1 − 5 × 0.25 = −0.25 → 0.
    assert_eq!(score(&rule, "1", Input::Count(0)).unwrap(), "1");
    assert_eq!(score(&rule, "1", Input::Count(3)).unwrap(), "0.25");
    assert_eq!(score(&rule, "1", Input::Count(4)).unwrap(), "0");
    assert_eq!(score(&rule, "1", Input::Count(5)).unwrap(), "0");
}

#[test]
fn count_caps_at_max() {
    let rule = Rule::Count { per: d("0.5") };
    // 0 → 0; 3 × 0.5 = 1.5; 4 × 0.5 = 2 = max; 5 × 0.5 = 2.5 → capped at 2.
    assert_eq!(score(&rule, "2", Input::Count(0)).unwrap(), "0");
    assert_eq!(score(&rule, "2", Input::Count(3)).unwrap(), "1.5");
    assert_eq!(score(&rule, "2", Input::Count(4)).unwrap(), "2");
    let capped = evaluate(&rule, d("2"), &Input::Count(5)).unwrap();
    assert_eq!(capped.score, d("2"));
    assert_eq!(capped.reason.vi, "5 × 0,5, tối đa → 2 điểm");
}

#[test]
fn survey_is_result_times_max() {
    // SIPAS 81.51% × 6 = 4.8906; 0% → 0; 100% → 6.
    assert_eq!(score(&Rule::Survey, "6", pct("81.51")).unwrap(), "4.8906");
    assert_eq!(score(&Rule::Survey, "6", pct("0")).unwrap(), "0");
    assert_eq!(score(&Rule::Survey, "6", pct("100")).unwrap(), "6");
    assert_eq!(score(&Rule::Survey, "6", pct("101")), Err(InputError::PercentOutOfRange(d("101"))));
}
