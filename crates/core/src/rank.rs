//! Ranking units by their percentage, and how each moved since last year.
//!
//! It only orders scores already computed; it reads nothing and scores nothing. Ties share a
//! rank and the next rank skips (1, 2, 2, 4), as published PAR INDEX rankings do. The order is
//! total — percentage descending, then unit name, then file — so a ranking never depends on the
//! order the workbooks were read in (which, read in parallel, is whichever thread finished
//! first).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::scoring::Scorecard;
use crate::text::{fold_label, Text};

/// What a ranking keeps of one unit's scorecard: the totals and each domain.
///
/// A ranking of thousands of units keeps these rather than whole scorecards, which carry every
/// criterion's name, reason and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitResult {
    /// The unit's name, e.g. "Sở Xây dựng".
    pub unit: String,
    /// The workbook it was read from, for messages and tie-breaking.
    pub file: String,
    /// The total score.
    pub total: Decimal,
    /// The applicable maximum.
    pub max: Decimal,
    /// The percentage, two decimals: the ranking key.
    pub percent: Decimal,
    /// The grade of the percentage.
    pub grade: Option<Text>,
    /// Each domain, in the order of the set.
    pub domains: Vec<DomainResult>,
}

/// One domain's score in a [`UnitResult`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainResult {
    /// The domain's code, e.g. `3`.
    pub code: String,
    /// The points earned.
    pub score: Decimal,
    /// The applicable maximum.
    pub max: Decimal,
    /// `score / max` in percent, two decimals; `None` when nothing in the domain applies.
    pub percent: Option<Decimal>,
}

impl UnitResult {
    /// Keeps what a ranking needs of `card`, scored for `unit` from `file`.
    pub fn new(unit: impl Into<String>, file: impl Into<String>, card: &Scorecard) -> UnitResult {
        UnitResult {
            unit: unit.into(),
            file: file.into(),
            total: card.total,
            max: card.max,
            percent: card.percent,
            grade: card.grade.clone(),
            domains: card
                .domains()
                .map(|d| DomainResult {
                    code: d.code.clone(),
                    score: d.score,
                    max: d.applicable_max,
                    percent: d.percent,
                })
                .collect(),
        }
    }
}

/// A unit's place in a [`Ranking`].
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// 1 for the best; tied units share a rank.
    pub rank: usize,
    /// The unit's result.
    pub result: UnitResult,
    /// Last year's result, when the ranking was compared and the unit found there.
    pub previous: Option<Previous>,
}

/// A unit's result in last year's ranking, and the change since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Previous {
    /// Last year's percentage.
    pub percent: Decimal,
    /// Last year's rank.
    pub rank: usize,
    /// This year's percentage less last year's (positive: better).
    pub delta: Decimal,
    /// Places gained: last year's rank less this year's (positive: moved up).
    pub rank_change: i64,
}

/// Units in rank order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranking {
    /// Best first; ties in the order of unit name, then file.
    pub units: Vec<Ranked>,
    /// Whether [`Ranking::compare_with`] was called, so reports show last year's columns even
    /// when no unit was found there.
    pub compared: bool,
}

impl Ranking {
    /// Ranks `results` by percentage, best first.
    ///
    /// ```
    /// use parscore_core::{Decimal, Ranking, UnitResult};
    ///
    /// let unit = |name: &str, percent: &str| UnitResult {
    ///     unit: name.into(),
    ///     file: format!("{name}.xlsx"),
    ///     total: Decimal::ZERO,
    ///     max: Decimal::ONE_HUNDRED,
    ///     percent: percent.parse().unwrap(),
    ///     grade: None,
    ///     domains: Vec::new(),
    /// };
    /// let ranking = Ranking::new(vec![unit("C", "80"), unit("A", "90"), unit("B", "80")]);
    /// let ranks: Vec<(usize, &str)> =
    ///     ranking.units.iter().map(|r| (r.rank, r.result.unit.as_str())).collect();
    /// assert_eq!(ranks, [(1, "A"), (2, "B"), (2, "C")]);
    /// ```
    pub fn new(mut results: Vec<UnitResult>) -> Ranking {
        results.sort_by(|a, b| {
            b.percent
                .cmp(&a.percent)
                .then_with(|| a.unit.cmp(&b.unit))
                .then_with(|| a.file.cmp(&b.file))
        });
        let mut units: Vec<Ranked> = Vec::with_capacity(results.len());
        for (i, result) in results.into_iter().enumerate() {
            let rank = match units.last() {
                Some(prev) if prev.result.percent == result.percent => prev.rank,
                _ => i + 1,
            };
            units.push(Ranked { rank, result, previous: None });
        }
        Ranking { units, compared: false }
    }

    /// Fills each unit's [`Previous`] from last year's ranking, matching units by name (ignoring
    /// case and spacing). A name that more than one workbook carries, this year or last, is
    /// ambiguous and left unmatched: see [`Ranking::duplicate_units`].
    pub fn compare_with(&mut self, previous: &Ranking) {
        self.compared = true;
        let ours = name_counts(self);
        let theirs = name_counts(previous);
        let last: BTreeMap<String, &Ranked> =
            previous.units.iter().map(|r| (fold_label(&r.result.unit), r)).collect();
        for unit in &mut self.units {
            let key = fold_label(&unit.result.unit);
            let unique = ours.get(&key) == Some(&1) && theirs.get(&key) == Some(&1);
            unit.previous = last.get(&key).filter(|_| unique).map(|p| Previous {
                percent: p.result.percent,
                rank: p.rank,
                delta: unit.result.percent - p.result.percent,
                rank_change: to_i64(p.rank) - to_i64(unit.rank),
            });
        }
    }

    /// Unit names carried by more than one workbook, each with its files, in name order.
    pub fn duplicate_units(&self) -> Vec<(String, Vec<String>)> {
        let mut by_name: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        for r in &self.units {
            let entry = by_name
                .entry(fold_label(&r.result.unit))
                .or_insert_with(|| (r.result.unit.clone(), Vec::new()));
            entry.1.push(r.result.file.clone());
        }
        by_name.into_values().filter(|(_, files)| files.len() > 1).collect()
    }
}

fn name_counts(ranking: &Ranking) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for r in &ranking.units {
        *counts.entry(fold_label(&r.result.unit)).or_insert(0) += 1;
    }
    counts
}

/// Ranks are positions in a `Vec`, far below `i64::MAX`; saturate rather than panic anyway.
fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn unit(name: &str, file: &str, percent: &str) -> UnitResult {
        UnitResult {
            unit: name.into(),
            file: file.into(),
            total: d(percent),
            max: Decimal::ONE_HUNDRED,
            percent: d(percent),
            grade: None,
            domains: Vec::new(),
        }
    }

    fn places(r: &Ranking) -> Vec<(usize, &str, &str)> {
        r.units.iter().map(|u| (u.rank, u.result.unit.as_str(), u.result.file.as_str())).collect()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        // 90 first; the two 80.50 share rank 2; 70 is fourth, not third; 60 fifth.
        let r = Ranking::new(vec![
            unit("D", "d.xlsx", "70"),
            unit("B", "b.xlsx", "80.50"),
            unit("A", "a.xlsx", "90"),
            unit("C", "c.xlsx", "80.50"),
            unit("E", "e.xlsx", "60"),
        ]);
        assert_eq!(
            places(&r),
            [
                (1, "A", "a.xlsx"),
                (2, "B", "b.xlsx"),
                (2, "C", "c.xlsx"),
                (4, "D", "d.xlsx"),
                (5, "E", "e.xlsx")
            ]
        );
    }

    #[test]
    fn equal_percentages_written_differently_tie() {
        // 80.5 and 80.50 are the same number: one rank.
        let r = Ranking::new(vec![unit("B", "b", "80.50"), unit("A", "a", "80.5")]);
        assert_eq!(places(&r), [(1, "A", "a"), (1, "B", "b")]);
    }

    #[test]
    fn the_order_is_the_same_whatever_the_input_order() {
        // Same percentage and same name: the file decides, so every permutation gives one order.
        let a = unit("X", "2.xlsx", "75");
        let b = unit("X", "1.xlsx", "75");
        let c = unit("W", "3.xlsx", "75");
        let want = [(1, "W", "3.xlsx"), (1, "X", "1.xlsx"), (1, "X", "2.xlsx")];
        for order in [[&a, &b, &c], [&c, &b, &a], [&b, &a, &c], [&c, &a, &b]] {
            let r = Ranking::new(order.iter().map(|u| (*u).clone()).collect());
            assert_eq!(places(&r), want);
        }
    }

    #[test]
    fn an_empty_ranking_is_empty() {
        assert_eq!(Ranking::new(Vec::new()).units, []);
    }

    #[test]
    fn compares_with_last_year_by_unit_name() {
        // Last year: B 1st (95), A 2nd (90), C 3rd (85).
        let last = Ranking::new(vec![
            unit("Sở A", "a24", "90"),
            unit("Sở  B", "b24", "95"),
            unit("Sở C", "c24", "85"),
        ]);
        // This year: A 1st (92.25), B 2nd (91), D 3rd (80, new).
        let mut now = Ranking::new(vec![
            unit("sở a", "a25", "92.25"),
            unit("Sở B", "b25", "91"),
            unit("Sở D", "d25", "80"),
        ]);
        now.compare_with(&last);
        assert!(now.compared);
        let prev = |i: usize| now.units[i].previous;
        // A: 92.25 − 90 = +2.25, from 2nd to 1st: +1 (names match ignoring case).
        assert_eq!(
            prev(0),
            Some(Previous { percent: d("90"), rank: 2, delta: d("2.25"), rank_change: 1 })
        );
        // B: 91 − 95 = −4, from 1st to 2nd: −1 (names match ignoring spacing).
        assert_eq!(
            prev(1),
            Some(Previous { percent: d("95"), rank: 1, delta: d("-4"), rank_change: -1 })
        );
        // D is new.
        assert_eq!(prev(2), None);
    }

    #[test]
    fn a_name_carried_twice_is_not_matched() {
        let last = Ranking::new(vec![unit("A", "a1", "90"), unit("A", "a2", "80")]);
        let mut now = Ranking::new(vec![unit("A", "a", "85"), unit("B", "b", "70")]);
        now.compare_with(&last);
        assert_eq!(now.units[0].previous, None);
        assert_eq!(last.duplicate_units(), [("A".to_string(), vec!["a1".into(), "a2".into()])]);
        assert!(now.duplicate_units().is_empty());
    }
}
