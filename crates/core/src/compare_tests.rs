//! Comparing `tests/data/mini.json` (last year, test/so/2025) with `tests/data/mini-next.json`
//! (this year, test/so/2026). Between them: 1.2.3 was renumbered 1.2.2 (`previous_code`), the
//! old 1.2.2 was removed, a new 1.2.3 added, 1.1.3's max went 2 → 1 and 1.1.4's 1 → 2.
//! Every expected number is worked out by hand beside its assertion.

use rust_decimal::Decimal;

use crate::basis::{Basis, NodeSide};
use crate::compare::{compare, CompareOptions, Comparison};
use crate::flag::{flags, FlagKind};
use crate::model::CriteriaSet;
use crate::rule::Input;
use crate::scoring::Section;
use crate::scoring::{score, Inputs, Scorecard};

const MINI: &str = include_str!("../tests/data/mini.json");
const NEXT: &str = include_str!("../tests/data/mini-next.json");

pub(crate) fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub(crate) fn previous_set() -> CriteriaSet {
    CriteriaSet::from_json(MINI).unwrap()
}

pub(crate) fn current_set() -> CriteriaSet {
    CriteriaSet::from_json(NEXT).unwrap()
}

/// Last year: self-assessed 18.2 of 20 (91.00%, Xuất sắc); the council cut it to 16.7 (83.50%).
pub(crate) fn previous_inputs() -> Inputs {
    let mut i = Inputs::default();
    let e = i.set("1.1.1", Input::Choice("Ban hành kịp thời".into())); // 1
    e.appraised = Some(d("1"));
    e.evidence = Some("Kế hoạch 05/KH-SXD".into());
    i.set("1.1.2", Input::Yes(true)).appraised = Some(d("0")); // 1, cut to 0
    i.set("1.1.3", Input::Percent(d("95"))).appraised = Some(d("2")); // > 90% → 2
    i.set("1.1.4", Input::Score(d("1"))).appraised = Some(d("0.5")); // 1, cut to 0.5
    i.set("1.2.1", Input::Count(0)).appraised = Some(d("1")); // 1 − 0 = 1
    i.set("1.2.2", Input::Count(2)).appraised = Some(d("1")); // 2 × 0.5 = 1
                                                              // 9/10 = 90% × 2 = 1.8; not appraised: the appraised basis falls back to 1.8.
    i.set("1.2.3", Input::Fraction { numerator: d("9"), denominator: d("10") });
    i.set("2.1", Input::Yes(true)).appraised = Some(d("4")); // 4
    i.set("2.2", Input::Percent(d("90"))); // survey 90% × 6 = 5.4
    i
}

/// This year, self-assessed: 14 + bonus 0.5 = 14.5 of 20 (72.50%, Khá).
pub(crate) fn current_inputs() -> Inputs {
    let mut i = Inputs::default();
    i.set("1.1.1", Input::Choice("Ban hành không kịp thời".into())).evidence =
        Some("Kế hoạch 03/KH-SXD".into()); // 0.5
    i.set("1.1.2", Input::Yes(false)); // 0
    i.set("1.1.3", Input::Percent(d("95"))).evidence = Some("Báo cáo 12/BC-SXD".into()); // 1 of 1
    i.set("1.1.4", Input::Score(d("0.75"))); // 0.75 of 2, no evidence
    let e = i.set("1.2.1", Input::Count(1)); // 1 − 0.25 = 0.75
    e.evidence = Some("Sổ theo dõi báo cáo".into());
    e.appraised = Some(d("0.5")); // an early appraisal, to show this year's cut
    i.set("1.2.2", Input::Fraction { numerator: d("19"), denominator: d("20") }).evidence =
        Some("Phần mềm một cửa".into()); // 95% × 2 = 1.9
    i.set("1.2.3", Input::Score(d("0"))); // 0 of 2
    i.set("2.1", Input::Yes(true)); // 4 of 4, no evidence
    i.set("2.2", Input::Percent(d("85"))); // survey 85% × 6 = 5.1
    i.set("T.1", Input::Count(1)); // bonus 0.5
    i
}

pub(crate) fn cards(previous: &Inputs, current: &Inputs) -> (Scorecard, Scorecard) {
    (score(&previous_set(), previous), score(&current_set(), current))
}

/// The comparison with `options` (default: last year appraised, this year self-assessed).
pub(crate) fn comparison_with(options: Option<CompareOptions>) -> Comparison {
    let (pc, cc) = cards(&previous_inputs(), &current_inputs());
    assert!(
        pc.problems.is_empty() && cc.problems.is_empty(),
        "{:?} {:?}",
        pc.problems,
        cc.problems
    );
    let options = options.unwrap_or_else(|| CompareOptions::default_for(&pc, &cc));
    compare(&pc, &cc, &options)
}

fn kinds(f: &[crate::flag::Flag]) -> Vec<FlagKind> {
    f.iter().map(|f| f.kind).collect()
}

#[test]
fn default_options_take_last_year_as_appraised_when_it_was() {
    let (pc, cc) = cards(&previous_inputs(), &current_inputs());
    let o = CompareOptions::default_for(&pc, &cc);
    assert_eq!((o.previous_basis, o.current_basis), (Basis::Appraised, Basis::SelfAssessed));
    assert_eq!(o.low_threshold, d("50"));
    // Without any appraised score last year there is nothing to take but the self-assessment;
    // this year's early appraisal of 1.2.1 does not change this year's basis.
    let mut plain = previous_inputs();
    for e in plain.entries.values_mut() {
        e.appraised = None;
    }
    let (pc, cc) = cards(&plain, &current_inputs());
    let o = CompareOptions::default_for(&pc, &cc);
    assert_eq!((o.previous_basis, o.current_basis), (Basis::SelfAssessed, Basis::SelfAssessed));
}

#[test]
fn every_node_of_either_year_is_matched_added_or_removed() {
    let c = comparison_with(None);
    let codes: Vec<&str> = c.changes.iter().map(|n| n.code.as_str()).collect();
    // This year's order; 1.2.3 is new, so it is not among the matched.
    assert_eq!(
        codes,
        [
            "1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2", "1.2.1", "1.2.2", "2", "2.1",
            "2.2", "T.1", "P.1"
        ]
    );
    let added: Vec<&str> = c.added.iter().map(|n| n.code.as_str()).collect();
    let removed: Vec<&str> = c.removed.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(added, ["1.2.3"]);
    assert_eq!(removed, ["1.2.2"]);
    // 14 matched + 1 added = this year's 15 rows; 14 matched + 1 removed = last year's 15.
    assert_eq!(c.changes.len() + c.added.len(), 15);
    assert_eq!(c.changes.len() + c.removed.len(), 15);
    assert!(c.notes.is_empty());
}

#[test]
fn a_renumbered_node_matches_its_previous_code_not_its_new_one() {
    let c = comparison_with(None);
    let n = c.change("1.2.2").unwrap();
    // 1.2.2 ← 1.2.3: 1.8 (no appraisal: self-assessed stands in) → 1.9, delta +0.1, 90% → 95%.
    assert_eq!(n.previous_code.as_deref(), Some("1.2.3"));
    assert_eq!(n.name, "Tỷ lệ hồ sơ giải quyết đúng hạn");
    assert_eq!((n.previous.score, n.current.score, n.delta), (d("1.8"), d("1.9"), d("0.1")));
    assert_eq!((n.previous.percent, n.current.percent), (Some(d("90")), Some(d("95"))));
    assert_eq!(n.delta_percent, Some(d("5")));
    assert!(n.previous.fallback && !n.max_changed);
    // 1.9 of 2: partial, not decreased, evidence cited.
    assert_eq!(kinds(&n.flags), [FlagKind::Partial]);
    // Last year's 1.2.3 is claimed by the renumbered node, so this year's new 1.2.3 is added,
    // not matched to it by code; last year's 1.2.2 (1 of 2, appraised 1) is removed.
    let added = &c.added[0];
    assert_eq!((added.side.score, added.side.max), (d("0"), d("2")));
    assert_eq!(kinds(&added.flags), [FlagKind::Zero]);
    let removed = &c.removed[0];
    assert_eq!(removed.name, "Ứng dụng công nghệ thông tin");
    assert_eq!((removed.side.score, removed.side.max), (d("1"), d("2")));
    assert!(removed.flags.is_empty());
    // Unchanged codes carry no previous code.
    assert_eq!(c.change("1.2.1").unwrap().previous_code, None);
}

#[test]
fn a_changed_maximum_is_compared_by_percent() {
    let c = comparison_with(None);
    // 1.1.3: 2 of 2 → 1 of 1, delta −1 point, but 100% → 100%: not decreased, full.
    let n = c.change("1.1.3").unwrap();
    assert!(n.max_changed);
    assert_eq!(n.delta, d("-1"));
    assert_eq!(n.delta_percent, Some(d("0")));
    assert_eq!(kinds(&n.flags), [FlagKind::Full]);
    assert_eq!(
        n.note.as_ref().unwrap().vi,
        "điểm tối đa thay đổi 2 → 1: so sánh theo tỷ lệ % điểm tối đa"
    );
    assert_eq!(
        n.note.as_ref().unwrap().en,
        "maximum changed 2 → 1: compared by percent of the maximum"
    );
    // 1.1.4: appraised 0.5 of 1 → 0.75 of 2, delta +0.25 point, but 50% → 37.5%: decreased;
    // 37.5% < 50%: low; 0.75 claimed without evidence.
    let n = c.change("1.1.4").unwrap();
    assert_eq!(n.delta, d("0.25"));
    assert_eq!(n.delta_percent, Some(d("-12.5")));
    assert_eq!(kinds(&n.flags), [FlagKind::Low, FlagKind::Decreased, FlagKind::NoEvidence]);
    let reasons: Vec<&str> = n.flags.iter().map(|f| f.reason.vi.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "điểm thấp: 0,75/2 (37,5%), dưới 50%",
            "giảm so với năm trước: 50% → 37,5% điểm tối đa",
            "thiếu tài liệu kiểm chứng cho 0,75 điểm tự chấm",
        ]
    );
    assert_eq!(n.flags[1].reason.en, "decreased from last year: 50% → 37.5% of the maximum");
    // Same maximum: 1.2.1 compared in points, 1 → 0.75.
    let n = c.change("1.2.1").unwrap();
    assert!(!n.max_changed && n.note.is_none());
    assert_eq!(kinds(&n.flags), [FlagKind::Partial, FlagKind::Decreased]);
    assert_eq!(n.flags[1].reason.vi, "giảm so với năm trước: 1 → 0,75");
}

#[test]
fn the_appraised_basis_falls_back_to_self_assessed_scores_and_says_so() {
    let c = comparison_with(None);
    let prev = |code: &str| c.change(code).unwrap().previous.clone();
    // 1.1 = 1 + 0 + 2 + 0.5 = 3.5, every leaf appraised.
    assert_eq!((prev("1.1").score, prev("1.1").fallback), (d("3.5"), false));
    // 1.2 = 1 + 1 + 1.8 (1.2.3 self-assessed) = 3.8; the scorer gives 1.2 no appraised sum.
    assert_eq!((prev("1.2").score, prev("1.2").fallback), (d("3.8"), true));
    assert_eq!(prev("1.2").appraised, None);
    // 1 = 3.5 + 3.8 = 7.3, inheriting the fallback.
    assert_eq!((prev("1").score, prev("1").fallback), (d("7.3"), true));
    // 2 = 4 + 5.4: the survey item is taken as it is, not marked.
    assert_eq!((prev("2.2").score, prev("2.2").fallback), (d("5.4"), false));
    assert_eq!((prev("2").score, prev("2").fallback), (d("9.4"), false));
    // Pools left blank (0), without appraisal: marked.
    assert!(prev("T.1").fallback);
    // Total 7.3 + 9.4 + 0 − 0 = 16.7 of 20 → 83.50%, Khá (70 ≤ p < 90), graded by the set.
    assert_eq!(c.previous.basis, Basis::Appraised);
    assert_eq!((c.previous.total, c.previous.max), (d("16.7"), d("20")));
    assert_eq!(c.previous.percent.to_string(), "83.50");
    assert_eq!(c.previous.grade.as_ref().unwrap().vi, "Khá");
    assert!(c.previous.fallback);
    // This year self-assessed: 1 = 0.5+0+1+0.75 + 0.75+1.9+0 = 4.9; 2 = 4 + 5.1 = 9.1;
    // 14 + bonus 0.5 = 14.5 of 20 → 72.50%, Khá.
    assert_eq!(c.current.basis, Basis::SelfAssessed);
    assert_eq!(c.current.total, d("14.5"));
    assert_eq!(c.current.percent.to_string(), "72.50");
    assert_eq!(c.current.grade.as_ref().unwrap().en, "Fair");
    assert!(!c.current.fallback);
    // 14.5 − 16.7 = −2.2 points; 72.50 − 83.50 = −11.00%.
    assert_eq!(c.delta_points, d("-2.2"));
    assert_eq!(c.delta_percent.to_string(), "-11.00");
    // 1.1.2: appraised 0 → 0: zero, but not a decrease.
    assert_eq!(kinds(&c.change("1.1.2").unwrap().flags), [FlagKind::Zero]);
}

#[test]
fn the_self_assessed_basis_uses_the_scorecards_own_totals() {
    let c = comparison_with(Some(CompareOptions {
        previous_basis: Basis::SelfAssessed,
        current_basis: Basis::SelfAssessed,
        low_threshold: d("50"),
    }));
    // Last year self-assessed: 1 = 1+1+2+1 + 1+1+1.8 = 8.8; 2 = 4 + 5.4 = 9.4; 18.2 of 20 →
    // 91.00%, Xuất sắc.
    assert_eq!(c.previous.total, d("18.2"));
    assert_eq!(c.previous.percent.to_string(), "91.00");
    assert_eq!(c.previous.grade.as_ref().unwrap().vi, "Xuất sắc");
    assert!(!c.previous.fallback);
    // 14.5 − 18.2 = −3.7 points; 72.50 − 91.00 = −18.50%.
    assert_eq!(c.delta_points, d("-3.7"));
    assert_eq!(c.delta_percent.to_string(), "-18.50");
    // 1.1.2 self-assessed 1 → 0: now a decrease as well as a zero.
    assert_eq!(kinds(&c.change("1.1.2").unwrap().flags), [FlagKind::Zero, FlagKind::Decreased]);
}

#[test]
fn the_councils_cut_is_shown_per_node_and_year() {
    let c = comparison_with(None);
    let n = |code: &str| c.change(code).unwrap();
    // Last year: 1.1.2 1 − 0 = 1; 1.1.4 1 − 0.5 = 0.5; 1.1 5 − 3.5 = 1.5; 1.1.1 1 − 1 = 0.
    assert_eq!(n("1.1.2").previous.cut, Some(d("1")));
    assert_eq!(n("1.1.4").previous.cut, Some(d("0.5")));
    assert_eq!(n("1.1").previous.cut, Some(d("1.5")));
    assert_eq!(n("1.1.1").previous.cut, Some(d("0")));
    // 1.2.3 (now 1.2.2) was never appraised: no cut.
    assert_eq!(n("1.2.2").previous.cut, None);
    // This year, whatever the basis: 1.2.1 self 0.75 − appraised 0.5 = 0.25.
    assert_eq!(n("1.2.1").current.cut, Some(d("0.25")));
    assert_eq!(n("1.2.1").current.score, d("0.75"));
    assert_eq!(n("1.1.1").current.cut, None);
}

#[test]
fn domains_and_pool_items_are_compared_but_not_flagged() {
    let c = comparison_with(None);
    // Domain 1: 7.3 → 4.9, delta −2.4.
    let one = c.change("1").unwrap();
    assert_eq!(one.delta, d("-2.4"));
    assert!(one.flags.is_empty());
    // Bonus T.1: 0 → 0.5.
    let t = c.change("T.1").unwrap();
    assert_eq!((t.section, t.delta), (Section::Bonus, d("0.5")));
    assert!(t.flags.is_empty());
    assert_eq!(c.change("P.1").unwrap().section, Section::Penalty);
    // Criterion 1.1: appraised 3.5 of 5 (70%) → 2.25 (45%): low and decreased.
    assert_eq!(kinds(&c.change("1.1").unwrap().flags), [FlagKind::Low, FlagKind::Decreased]);
}

#[test]
fn each_flag_and_its_level() {
    let c = comparison_with(None);
    let k = |code: &str| kinds(&c.change(code).unwrap().flags);
    // 1.1.1: 0.5 of 1 = 50%, exactly the threshold: partial, not low; 1 → 0.5: decreased.
    assert_eq!(k("1.1.1"), [FlagKind::Partial, FlagKind::Decreased]);
    // 1.1.2: 0 of 1: zero only — a zero is not also low or partial.
    assert_eq!(k("1.1.2"), [FlagKind::Zero]);
    // 2.1: 4 of 4 without evidence: full, and the council would ask for the evidence.
    assert_eq!(k("2.1"), [FlagKind::Full, FlagKind::NoEvidence]);
    // 2.2: survey 5.4 → 5.1, decreased; a survey item needs no evidence.
    assert_eq!(k("2.2"), [FlagKind::Partial, FlagKind::Decreased]);
    let zero = &c.change("1.1.2").unwrap().flags[0].reason;
    assert_eq!(
        (zero.vi.as_str(), zero.en.as_str()),
        ("chưa đạt điểm: 0/1", "scored nothing: 0 of 1")
    );
    let full = &c.change("2.1").unwrap().flags[0].reason;
    assert_eq!(full.vi, "đạt tối đa: 4/4, cần giữ vững");
    let partial = &c.change("1.1.1").unwrap().flags[0].reason;
    assert_eq!(partial.en, "below the maximum: 0.5 of 1, 0.5 short");
    // A threshold of 60%: 50% is now low.
    let cur = &c.change("1.1.1").unwrap().current;
    assert_eq!(kinds(&flags(cur, None, d("60"))), [FlagKind::Low]);
}

#[test]
fn excluded_and_pending_nodes_get_no_flags() {
    let mut inputs = current_inputs();
    inputs.set("1.2.2", Input::NotApplicable); // na exclude: leaves the maximum
    inputs.entries.remove("2.2"); // survey pending
    let card = score(&current_set(), &inputs);
    assert!(card.problems.is_empty(), "{:?}", card.problems);
    for code in ["1.2.2", "2.2"] {
        let side = NodeSide::self_assessed(card.node(code).unwrap());
        assert!(flags(&side, None, d("50")).is_empty(), "{code}");
    }
    // Compared with last year's 1.8 of 2, an excluded 1.2.2 (0 of 0) is not "decreased" either,
    // and the note says it was not compared.
    let pc = score(&previous_set(), &previous_inputs());
    let options = CompareOptions::default_for(&pc, &card);
    let c = compare(&pc, &card, &options);
    let n = c.change("1.2.2").unwrap();
    assert!(n.flags.is_empty() && n.max_changed);
    assert_eq!(n.delta_percent, None);
    assert_eq!(
        n.note.as_ref().unwrap().en,
        "applicable maximum 2 → 0: not applicable in one year, not compared"
    );
}

#[test]
fn previous_codes_are_not_followed_into_a_set_they_do_not_name() {
    // Comparing this year's set with itself: its previous_code 1.2.3 points into test/so/2025,
    // not into test/so/2026, so 1.2.2 matches 1.2.2 by code and a note says why.
    let cs = current_set();
    let cc = score(&cs, &current_inputs());
    let c = compare(&cc, &cc, &CompareOptions::default_for(&cc, &cc));
    assert!(c.added.is_empty() && c.removed.is_empty());
    assert_eq!(c.change("1.2.2").unwrap().previous_code, None);
    assert_eq!(c.notes.len(), 1);
    assert_eq!(
        c.notes[0].en,
        "the previous codes of test/so/2026 do not point into test/so/2026: nodes matched by code only"
    );
    // Same card both sides: no change anywhere. Its 1.2.1 appraisal makes last year appraised:
    // 1.2.1 is 0.5 there against 0.75 here.
    assert_eq!(c.change("1.1.4").unwrap().delta, d("0"));
    assert_eq!(c.change("1.2.1").unwrap().delta, d("0.25"));
}
