//! Validation: each rule a criteria set must keep, and that all problems come out together.

use crate::load::LoadError;
use crate::model::CriteriaSet;

const MINI: &str = include_str!("../tests/data/mini.json");

fn problems(json: &str) -> Vec<String> {
    match CriteriaSet::from_json(json) {
        Ok(_) => Vec::new(),
        Err(LoadError::Invalid { problems, .. }) => {
            problems.iter().map(|p| p.to_string()).collect()
        }
        Err(e) => vec![e.to_string()],
    }
}

/// Replaces exactly one occurrence of `from` in the mini set.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(MINI.matches(from).count(), 1, "{from}");
    MINI.replace(from, to)
}

#[test]
fn the_mini_set_is_valid() {
    assert_eq!(problems(MINI), Vec::<String>::new());
}

#[test]
fn a_changed_leaf_maximum_names_the_leaf_and_its_parent() {
    // 1.1.4's max 1 → 1.5: 1.1's children now sum to 1 + 1 + 2 + 1.5 = 5.5, not 5.
    let json = edit(
        r#""code": "1.1.4", "name": "Tự đánh giá công tác tuyên truyền", "max": "1""#,
        r#""code": "1.1.4", "name": "Tự đánh giá công tác tuyên truyền", "max": "1.5""#,
    );
    assert_eq!(
        problems(&json),
        ["line 18: 1.1: its children's maxima sum to 5.5, not its maximum 5 (1.1.1 = 1, 1.1.2 = 1, 1.1.3 = 2, 1.1.4 = 1.5)"]
    );
}

#[test]
fn domains_must_sum_to_the_total() {
    let json = edit(r#""total": "20""#, r#""total": "100""#);
    assert_eq!(
        problems(&json),
        ["the domains' maxima sum to 20, not the set's total 100 (1 = 10, 2 = 10)"]
    );
}

#[test]
fn codes_must_be_unique_and_under_their_parent() {
    let json = edit(r#""code": "1.2.2""#, r#""code": "1.2.1""#);
    assert_eq!(problems(&json), ["line 41: 1.2.1: duplicate code"]);
    let json = edit(r#""code": "1.2.2""#, r#""code": "1.3.2""#);
    assert_eq!(
        problems(&json),
        ["line 41: 1.3.2: code is not under its parent 1.2: expected 1.2.<number>"]
    );
}

#[test]
fn points_never_exceed_the_maximum() {
    let json = edit(
        r#"{ "label": "Ban hành kịp thời", "points": "1" }"#,
        r#"{ "label": "Ban hành kịp thời", "points": "1.5" }"#,
    );
    assert_eq!(
        problems(&json),
        ["line 20: 1.1.1: choice option \"Ban hành kịp thời\" gives 1.5 points, outside 0..1 (the maximum)"]
    );
}

#[test]
fn the_best_outcome_must_reach_the_maximum() {
    // 1.1.1 (max 1): its best option "Ban hành kịp thời" 1 → 0.75, so full marks are out of reach.
    let choice = edit(
        r#"{ "label": "Ban hành kịp thời", "points": "1" }"#,
        r#"{ "label": "Ban hành kịp thời", "points": "0.75" }"#,
    );
    assert_eq!(
        problems(&choice),
        ["line 20: 1.1.1: no option gives the maximum 1: the best gives 0.75; fix the points or the maximum"]
    );
    // 1.1.3 (max 2): its top band (90%, 100%] 2 → 1.5; the next band gives 1, so the best is 1.5.
    let bands = edit(
        r#""to": "100", "to_inclusive": true, "points": "2""#,
        r#""to": "100", "to_inclusive": true, "points": "1.5""#,
    );
    assert_eq!(
        problems(&bands),
        ["line 28: 1.1.3: no band gives the maximum 2: the best gives 1.5; fix the points or the maximum"]
    );
}

#[test]
fn bands_must_cover_0_to_100_without_gaps_or_overlaps() {
    // [70, 90] and (90, 100] → [70, 90) and (90, 100]: 90 itself falls in no band.
    let gap = edit(r#""to": "90", "to_inclusive": true"#, r#""to": "90", "to_inclusive": false"#);
    assert_eq!(problems(&gap), ["line 28: 1.1.3: bands [70%, 90%) and (90%, 100%] leave a gap"]);
    let overlap =
        edit(r#""from": "90", "from_inclusive": false"#, r#""from": "90", "from_inclusive": true"#);
    assert_eq!(problems(&overlap), ["line 28: 1.1.3: bands [70%, 90%] and [90%, 100%] overlap"]);
    let short = edit(
        r#""to": "100", "to_inclusive": true, "points": "2""#,
        r#""to": "99", "to_inclusive": true, "points": "2""#,
    );
    assert_eq!(
        problems(&short),
        ["line 28: 1.1.3: bands must end at 100% inclusive; the highest is (90%, 99%]"]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let json = edit(r#""total": "20""#, r#""total": "21""#)
        .replace(r#""code": "1.2.2""#, r#""code": "1.2.1""#)
        .replace(r#""min": "0", "label": "Yếu""#, r#""min": "10", "label": "Yếu""#);
    assert_eq!(problems(&json).len(), 3, "{:?}", problems(&json));
}

#[test]
fn decimals_must_be_strings_and_syntax_errors_give_the_line() {
    let json = edit(r#""total": "20""#, r#""total": 20"#);
    // In the criteria format's words, with the place, in both languages.
    let err = CriteriaSet::from_json(&json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a valid criteria file: wrong kind of value: the integer 20, expected a number \
         written as a string, such as \"0.5\" (line 6, column 13)"
    );
    assert_eq!(
        err.text().vi,
        "không phải tệp bộ tiêu chí hợp lệ: sai kiểu dữ liệu: có số nguyên 20, cần một số viết \
         trong chuỗi, như \"0.5\" (dòng 6, cột 13)"
    );
    assert_eq!(
        problems("{ not json"),
        ["not a valid criteria file: key must be a string (line 1, column 3)"]
    );
}

#[test]
fn a_survey_rule_needs_the_survey_method() {
    let json = edit(r#""max": "6", "method": "survey","#, r#""max": "6","#);
    assert_eq!(
        problems(&json),
        ["line 53: 2.2: a survey rule and \"method\": \"survey\" go together"]
    );
}
