//! The improvement plan of `tests/data/mini-next.json`, with and without last year's comparison
//! (the fixtures of `compare_tests`). Every expected number is worked out by hand beside it.

use std::cmp::Ordering;

use crate::compare::{compare, CompareOptions};
use crate::compare_tests::{current_inputs, current_set, d, previous_inputs, previous_set};
use crate::flag::FlagKind;
use crate::plan::{cmp_codes, plan, Plan, PlanItem, PlanOptions};
use crate::rule::Input;
use crate::scoring::{score, Inputs};

/// The plan of this year's `inputs`, against last year (appraised) when `with_previous`.
fn plan_of(inputs: &Inputs, with_previous: bool, target: Option<&str>) -> Plan {
    let (ps, cs) = (previous_set(), current_set());
    let pc = score(&ps, &previous_inputs());
    let cc = score(&cs, inputs);
    assert!(cc.problems.is_empty(), "{:?}", cc.problems);
    let options = PlanOptions { target_percent: target.map(d), ..PlanOptions::default() };
    let comparison = with_previous.then(|| {
        let o = CompareOptions::default_for(&pc, &cc);
        compare(&pc, &cc, &o)
    });
    plan(&cc, comparison.as_ref(), &options)
}

fn codes(p: &Plan) -> Vec<&str> {
    p.items.iter().map(|i| i.code.as_str()).collect()
}

#[test]
fn items_are_ranked_by_points_lost_and_full_leaves_are_kept() {
    let p = plan_of(&current_inputs(), true, None);
    // Points lost (max − score): 1.2.3 2 − 0 = 2; 1.1.4 2 − 0.75 = 1.25; 1.1.2 1 − 0 = 1;
    // 2.2 6 − 5.1 = 0.9; 1.1.1 1 − 0.5 = 0.5; 1.2.1 1 − 0.75 = 0.25; 1.2.2 2 − 1.9 = 0.1;
    // 2.1 4 − 4 = 0 (in the plan for its missing evidence only).
    assert_eq!(codes(&p), ["1.2.3", "1.1.4", "1.1.2", "2.2", "1.1.1", "1.2.1", "1.2.2", "2.1"]);
    let lost: Vec<String> = p.items.iter().map(|i| i.points_lost.normalize().to_string()).collect();
    assert_eq!(lost, ["2", "1.25", "1", "0.9", "0.5", "0.25", "0.1", "0"]);
    // 1.1.3, 1 of 1 with evidence, is the only leaf with nothing to fix.
    assert_eq!(p.keep, ["1.1.3"]);
    // The plan repeats the totals: 14.5 of 20, 72.50%, and last year's appraised 83.50%.
    assert_eq!((p.total, p.max, p.percent.to_string()), (d("14.5"), d("20"), "72.50".to_string()));
    assert_eq!(p.previous.as_ref().unwrap().percent.to_string(), "83.50");
    assert!(p.target.is_none() && p.notes.is_empty());
}

#[test]
fn items_carry_their_criterion_previous_score_owner_and_evidence() {
    let p = plan_of(&current_inputs(), true, None);
    let item = |code: &str| p.items.iter().find(|i| i.code == code).unwrap();
    // 1.2.2 was 1.2.3 last year: 1.8 of 2 (self-assessed, never appraised).
    let i = item("1.2.2");
    assert_eq!(
        (i.criterion_code.as_str(), i.criterion_name.as_str()),
        ("1.2", "Báo cáo và kiểm tra")
    );
    assert_eq!(i.previous_code.as_deref(), Some("1.2.3"));
    assert_eq!((i.previous_score, i.previous_max), (Some(d("1.8")), Some(d("2"))));
    assert_eq!((i.score, i.target_score, i.max), (d("1.9"), d("2"), d("2")));
    assert_eq!(i.evidence.as_deref(), Some("Phần mềm một cửa"));
    // 1.1.4: 0.75 of 2, no evidence cited where the set asks for a report; the set names the owner.
    let i = item("1.1.4");
    assert!(i.missing_evidence);
    assert_eq!(i.expected_evidence, ["Báo cáo tuyên truyền CCHC"]);
    assert_eq!(i.owner.as_deref(), Some("Phòng Pháp chế"));
    assert_eq!(i.previous_score, Some(d("0.5"))); // appraised 0.5 of 1
    assert_eq!(i.previous_max, Some(d("1")));
    // 1.2.3 is new: no previous score.
    assert_eq!(item("1.2.3").previous_score, None);
    // 2.1 is a criterion without sub-criteria: it is its own group; full but without evidence.
    let i = item("2.1");
    assert_eq!(
        (i.criterion_code.as_str(), i.criterion_name.as_str()),
        ("2.1", "Xử lý phản ánh, kiến nghị")
    );
    assert_eq!(
        i.flags.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FlagKind::Full, FlagKind::NoEvidence]
    );
    assert!(i.missing_evidence);
}

#[test]
fn last_years_self_score_standing_in_for_an_appraisal_is_marked() {
    let p = plan_of(&current_inputs(), true, None);
    let item = |code: &str| p.items.iter().find(|i| i.code == code).unwrap();
    // 1.2.2 ← 1.2.3 was never appraised: last year's 1.8 is its self-assessed score.
    assert!(item("1.2.2").previous_fallback);
    // 1.1.4 was appraised 0.5; 1.2.3 is new; without a comparison nothing is marked.
    assert!(!item("1.1.4").previous_fallback);
    assert!(!item("1.2.3").previous_fallback);
    assert!(p.previous.as_ref().unwrap().fallback);
    let alone = plan_of(&current_inputs(), false, None);
    assert!(alone.items.iter().all(|i| !i.previous_fallback));
}

#[test]
fn evidence_to_add_leaves_out_what_the_unit_cited() {
    let mut inputs = current_inputs();
    // 1.1.4 asks for "Báo cáo tuyên truyền CCHC": cited by its name (other case, punctuation
    // and a number around it), nothing is left to add.
    inputs.set("1.1.4", Input::Score(d("0.75"))).evidence =
        Some("BÁO CÁO tuyên truyền CCHC, số 7/BC-SXD".into());
    let p = plan_of(&inputs, false, None);
    let item = |code: &str| p.items.iter().find(|i| i.code == code).unwrap();
    assert_eq!(item("1.1.4").expected_evidence, ["Báo cáo tuyên truyền CCHC"]);
    assert!(item("1.1.4").evidence_to_add.is_empty());
    // 1.1.1 asks for "Kế hoạch CCHC năm"; "Kế hoạch 03/KH-SXD" does not name it: still listed.
    assert_eq!(item("1.1.1").evidence_to_add, ["Kế hoạch CCHC năm"]);
    // Nothing cited: everything the set asks for (none for 1.2.3).
    let p = plan_of(&current_inputs(), false, None);
    let item = |code: &str| p.items.iter().find(|i| i.code == code).unwrap();
    assert_eq!(item("1.1.4").evidence_to_add, ["Báo cáo tuyên truyền CCHC"]);
    assert!(item("1.2.3").evidence_to_add.is_empty());
}

#[test]
fn evidence_named_in_part_leaves_the_rest_to_add() {
    let expected =
        ["Quyết định giao kế hoạch vốn đầu tư công", "Báo cáo tình hình giải ngân vốn đầu tư công"]
            .map(String::from);
    // The report is cited by its name, the decision is not.
    let cited = "Báo cáo tình hình giải ngân vốn đầu tư công năm 2025 (số 12/BC-SXD)";
    assert_eq!(
        PlanItem::evidence_to_add(&expected, Some(cited)),
        ["Quyết định giao kế hoạch vốn đầu tư công"]
    );
    // Whole words only: "Báo cáo tình hình giải ngân vốn đầu tư công trình" is another report.
    let other = "Báo cáo tình hình giải ngân vốn đầu tư côngtrình";
    assert_eq!(PlanItem::evidence_to_add(&expected, Some(other)), expected);
    // Both named, on two lines: nothing to add; nothing cited: both.
    let both =
        "Quyết định giao kế hoạch vốn đầu tư công\nBáo cáo tình hình giải ngân vốn đầu tư công";
    assert!(PlanItem::evidence_to_add(&expected, Some(both)).is_empty());
    assert_eq!(PlanItem::evidence_to_add(&expected, Some("  ")), expected);
}

#[test]
fn ties_put_decreases_first_then_zeros() {
    let mut inputs = current_inputs();
    inputs.set("1.1.4", Input::Score(d("1"))); // 1 of 2 = 50%; last year 0.5 of 1 = 50%: not decreased
    inputs.set("1.2.1", Input::Count(4)); // 1 − 4 × 0.25 → 0; last year 1: zero, decreased
    inputs.set("1.2.2", Input::Fraction { numerator: d("1"), denominator: d("2") }); // 50% × 2 = 1; last year 1.8: decreased
    let p = plan_of(&inputs, true, None);
    // Four items lose exactly 1 point (1.1.2 zero, 1.1.4 partial, 1.2.1 zero and decreased,
    // 1.2.2 partial and decreased): decreases first (1.2.1 zero before 1.2.2), then the zero
    // 1.1.2, then the partial 1.1.4. 1.2.3 (2 lost) still leads, 2.2 (0.9) follows.
    assert_eq!(codes(&p)[..6], ["1.2.3", "1.2.1", "1.2.2", "1.1.2", "1.1.4", "2.2"]);
}

#[test]
fn without_last_year_zeros_come_before_partials_of_equal_loss() {
    let mut inputs = current_inputs();
    inputs.set("1.1.4", Input::Score(d("1"))); // 1 of 2: partial, 1 lost
    inputs.set("1.2.1", Input::Count(4)); // 0 of 1: zero, 1 lost
    let p = plan_of(&inputs, false, None);
    // 1 lost each: the zeros 1.1.2 and 1.2.1 (in code order), then the partial 1.1.4 although
    // its code comes before 1.2.1. Nothing is "decreased" without a previous year.
    assert_eq!(codes(&p)[..4], ["1.2.3", "1.1.2", "1.2.1", "1.1.4"]);
    assert!(p.items.iter().all(|i| i.flags.iter().all(|f| f.kind != FlagKind::Decreased)));
    assert!(p.items.iter().all(|i| i.previous_score.is_none()));
    assert!(p.previous.is_none());
}

#[test]
fn codes_order_naturally() {
    assert_eq!(cmp_codes("1.2", "1.10"), Ordering::Less);
    assert_eq!(cmp_codes("1.10.1", "1.9.3"), Ordering::Greater);
    assert_eq!(cmp_codes("1", "1.1"), Ordering::Less);
    assert_eq!(cmp_codes("2", "10"), Ordering::Less);
    assert_eq!(cmp_codes("9.1", "T.1"), Ordering::Less);
    assert_eq!(cmp_codes("1.2.3", "1.2.3"), Ordering::Equal);
}

#[test]
fn a_target_marks_the_fewest_recoveries_that_reach_it() {
    let p = plan_of(&current_inputs(), true, Some("90"));
    let t = p.target.unwrap();
    // 90% of 20 = 18; 18 − 14.5 = 3.5 to find.
    assert_eq!((t.score, t.gap_points), (d("18"), d("3.5")));
    // Largest first: 1.2.3 2 (2 < 3.5), + 1.1.4 1.25 (3.25 < 3.5), + 1.1.2 1 (4.25 ≥ 3.5).
    let closing: Vec<&str> =
        p.items.iter().filter(|i| i.closes_gap).map(|i| i.code.as_str()).collect();
    assert_eq!(closing, ["1.2.3", "1.1.4", "1.1.2"]);
    // All items: 2 + 1.25 + 1 + 0.9 + 0.5 + 0.25 + 0.1 + 0 = 6 ≥ 3.5.
    assert!(t.gap_closable);
    assert_eq!((t.recoverable, t.shortfall), (d("6"), d("0")));
}

#[test]
fn a_target_already_reached_needs_no_recovery() {
    let p = plan_of(&current_inputs(), true, Some("70"));
    let t = p.target.unwrap();
    // 70% of 20 = 14 ≤ 14.5: no gap.
    assert_eq!((t.score, t.gap_points), (d("14"), d("0")));
    assert!(t.gap_closable);
    assert!(p.items.iter().all(|i| !i.closes_gap));
}

#[test]
fn a_gap_beyond_every_recovery_is_reported_not_closable() {
    let mut inputs = current_inputs();
    inputs.set("P.1", Input::Count(2)); // penalty 2 × 1 = 2, within the cap 2
    let p = plan_of(&inputs, true, Some("100"));
    let t = p.target.unwrap();
    // Total 14 + 0.5 − 2 = 12.5; 100% of 20 = 20; gap 7.5 > the 6 recoverable: short by 1.5.
    assert_eq!(p.total, d("12.5"));
    assert_eq!((t.gap_points, t.recoverable), (d("7.5"), d("6")));
    assert!(!t.gap_closable);
    assert_eq!(t.shortfall, d("1.5"));
    assert!(p.items.iter().all(|i| !i.closes_gap));
    // A penalty is not an item to improve: pools are not judged.
    assert!(p.items.iter().all(|i| i.code != "P.1"));
}

#[test]
fn excluded_and_pending_leaves_are_neither_items_nor_kept() {
    let mut inputs = current_inputs();
    inputs.set("1.2.2", Input::NotApplicable); // excluded
    inputs.entries.remove("2.2"); // survey pending
    let p = plan_of(&inputs, false, Some("80"));
    assert!(!codes(&p).contains(&"1.2.2") && !codes(&p).contains(&"2.2"));
    assert!(!p.keep.contains(&"1.2.2".to_string()) && !p.keep.contains(&"2.2".to_string()));
    // Max 20 − 2 − 6 = 12; total 0.5+0+1+0.75 + 0.75+0 + 4 + 0.5 bonus = 7.5; 80% of 12 = 9.6.
    let t = p.target.unwrap();
    assert_eq!((p.max, p.total, t.score, t.gap_points), (d("12"), d("7.5"), d("9.6"), d("2.1")));
    assert_eq!(
        p.notes[0].en,
        "survey results not yet in: the target is over the self-assessed part"
    );
}

#[test]
fn a_comparison_of_another_card_is_ignored_with_a_note() {
    // Compare last year with itself, then plan this year with that comparison.
    let (ps, cs) = (previous_set(), current_set());
    let pc = score(&ps, &previous_inputs());
    let cc = score(&cs, &current_inputs());
    let wrong = compare(&pc, &pc, &CompareOptions::default_for(&pc, &pc));
    let p = plan(&cc, Some(&wrong), &PlanOptions::default());
    assert!(p.previous.is_none());
    assert!(p.items.iter().all(|i| i.previous_score.is_none()));
    assert_eq!(p.notes[0].en, "the comparison is of test/so/2025, not test/so/2026: ignored");
    // Same items as without any comparison.
    assert_eq!(codes(&p), codes(&plan_of(&current_inputs(), false, None)));
}

/// The plan of `current_inputs()` against last year, with `target` and a ranking of `year`
/// where last year's unit stood at 83.5% between units at `above` and below it.
fn plan_ranked(target: Option<&str>, above: &str, year: u16) -> Plan {
    use crate::rank_up::{PublishedRanking, RankedLine, Standing};
    let line = |unit: &str, p: &str| RankedLine { unit: unit.into(), percent: d(p) };
    let ranking = PublishedRanking {
        year: Some(year),
        units: vec![
            line("Sở A", "95"),
            line("Sở B", above),
            line("Sở X", "83.5"),
            line("Sở C", "60"),
        ],
    };
    let Standing::Ranked(rank_up) = ranking.standing("Sở X") else { panic!("Sở X is ranked") };
    let (ps, cs) = (previous_set(), current_set());
    let pc = score(&ps, &previous_inputs());
    let cc = score(&cs, &current_inputs());
    let comparison = compare(&pc, &cc, &CompareOptions::default_for(&pc, &cc));
    let options = PlanOptions {
        target_percent: target.map(d),
        rank_up: Some(rank_up),
        ..PlanOptions::default()
    };
    plan(&cc, Some(&comparison), &options)
}

#[test]
fn a_ranking_raises_the_target_to_one_rank_up() {
    use crate::plan::TargetSource;
    // Sở X was 3rd of 4 with 83.5%; Sở B, 2nd, had 86.25%: equalling it is one rank up.
    let p = plan_ranked(Some("83.5"), "86.25", last_year());
    let t = p.target.unwrap();
    assert_eq!((t.percent, t.source, t.asked), (d("86.25"), TargetSource::RankUp, Some(d("83.5"))));
    // 86.25% of 20 = 17.25; 17.25 − 14.5 = 2.75 to find: 1.2.3's 2, then 1.1.4's 1.25.
    assert_eq!((t.score, t.gap_points), (d("17.25"), d("2.75")));
    let closing: Vec<&str> =
        p.items.iter().filter(|i| i.closes_gap).map(|i| i.code.as_str()).collect();
    assert_eq!(closing, ["1.2.3", "1.1.4"]);
    let r = p.rank_up.unwrap();
    assert_eq!((r.rank, r.of, r.above.unwrap().rank), (3, 4, 2));
    assert!(p.notes.is_empty(), "{:?}", p.notes);

    // Asking for more than one rank up keeps the asked target; so does asking the same.
    for asked in ["90", "86.25"] {
        let t = plan_ranked(Some(asked), "86.25", last_year()).target.unwrap();
        assert_eq!((t.percent, t.source), (d(asked), TargetSource::Asked));
    }
    // Without --target the ranking alone sets it.
    let t = plan_ranked(None, "86.25", last_year()).target.unwrap();
    assert_eq!((t.percent, t.source, t.asked), (d("86.25"), TargetSource::RankUp, None));
}

#[test]
fn a_ranking_of_another_year_is_noted() {
    let p = plan_ranked(None, "86.25", last_year() - 1);
    let year = last_year();
    assert_eq!(
        p.notes.iter().map(|n| n.en.as_str()).collect::<Vec<_>>(),
        [format!("the ranking is of {}, not {year}", year - 1)]
    );
}

/// The year of `previous_set()`: the comparison's last year.
fn last_year() -> u16 {
    previous_set().year
}
