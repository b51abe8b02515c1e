//! "Tăng hạng" as a number: where a unit stood in last year's published ranking, and the
//! percentage that would have placed it one rank higher.
//!
//! Pure: it reads a list of units and percentages someone else read from a file; it opens
//! nothing. Ties share a rank (1, 2, 2, 4), as published PAR INDEX rankings and
//! [`Ranking`](crate::Ranking) do, so equalling the percentage of the units just above is
//! enough to share their rank, a better one than the unit had.

use rust_decimal::Decimal;

use crate::text::fold_label;

/// One line of a published ranking: a unit and its percentage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedLine {
    /// The unit as the ranking names it, e.g. "Sở Xây dựng".
    pub unit: String,
    /// Its percentage (Chỉ số CCHC), 0–100.
    pub percent: Decimal,
}

/// Last year's ranking as published: every unit with its percentage, in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishedRanking {
    /// The year it ranks, when the file says so.
    pub year: Option<u16>,
    /// Every unit ranked.
    pub units: Vec<RankedLine>,
}

/// Where a unit stood in a [`PublishedRanking`], and what one rank higher took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankUp {
    /// The year of the ranking, when known.
    pub year: Option<u16>,
    /// The unit as the ranking names it.
    pub unit: String,
    /// Its percentage in the ranking.
    pub percent: Decimal,
    /// Its rank: 1 + the number of units with a higher percentage.
    pub rank: usize,
    /// How many units were ranked.
    pub of: usize,
    /// The units ranked just above it; `None` when it was first.
    pub above: Option<Above>,
}

/// The units ranked just above a unit: the lowest percentage higher than its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Above {
    /// Their (shared) rank.
    pub rank: usize,
    /// Their percentage: what the unit needed to share that rank.
    pub percent: Decimal,
    /// Their names, in alphabetical order (several when tied).
    pub units: Vec<String>,
}

/// What a ranking says of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Found once.
    Ranked(RankUp),
    /// Not in the ranking.
    Missing,
    /// Named by this many lines: which one is the unit cannot be told.
    Repeated(usize),
}

impl RankUp {
    /// The percentage that would have placed the unit one rank higher: that of the units just
    /// above it; `None` when it was first.
    pub fn target(&self) -> Option<Decimal> {
        self.above.as_ref().map(|a| a.percent)
    }
}

impl PublishedRanking {
    /// Where `unit` stood (matched ignoring case and spacing, as `rank --previous-dir` matches
    /// units), and the percentage of the units just above it.
    ///
    /// ```
    /// use parscore_core::{Decimal, PublishedRanking, RankedLine, Standing};
    /// let line = |unit: &str, p: &str| RankedLine { unit: unit.into(), percent: p.parse().unwrap() };
    /// let ranking = PublishedRanking {
    ///     year: Some(2024),
    ///     units: vec![line("Sở Y tế", "80"), line("Sở Xây dựng", "78.3"), line("Sở Tư pháp", "80")],
    /// };
    /// let Standing::Ranked(r) = ranking.standing("sở xây  dựng") else { panic!() };
    /// // Two units share rank 1 with 80%; Sở Xây dựng is third, and 80% would have made it first.
    /// assert_eq!((r.rank, r.of, r.target()), (3, 3, Some("80".parse().unwrap())));
    /// assert_eq!(r.above.unwrap().units, ["Sở Tư pháp", "Sở Y tế"]);
    /// ```
    pub fn standing(&self, unit: &str) -> Standing {
        let key = fold_label(unit);
        let mine: Vec<&RankedLine> =
            self.units.iter().filter(|l| fold_label(&l.unit) == key).collect();
        let line = match mine.as_slice() {
            [] => return Standing::Missing,
            [one] => *one,
            many => return Standing::Repeated(many.len()),
        };
        let rank_of = |p: Decimal| 1 + self.units.iter().filter(|l| l.percent > p).count();
        let next = self.units.iter().map(|l| l.percent).filter(|p| *p > line.percent).min();
        let above = next.map(|percent| {
            let mut units: Vec<String> = self
                .units
                .iter()
                .filter(|l| l.percent == percent)
                .map(|l| l.unit.clone())
                .collect();
            units.sort();
            Above { rank: rank_of(percent), percent, units }
        });
        Standing::Ranked(RankUp {
            year: self.year,
            unit: line.unit.clone(),
            percent: line.percent,
            rank: rank_of(line.percent),
            of: self.units.len(),
            above,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn ranking(lines: &[(&str, &str)]) -> PublishedRanking {
        PublishedRanking {
            year: Some(2024),
            units: lines
                .iter()
                .map(|(u, p)| RankedLine { unit: (*u).into(), percent: d(p) })
                .collect(),
        }
    }

    fn ranked(r: &PublishedRanking, unit: &str) -> RankUp {
        match r.standing(unit) {
            Standing::Ranked(r) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_rank_up_is_the_lowest_percentage_above() {
        // 85 (1st), 80.5 and 80.5 (2nd, tied), 79.12 (4th), 78.3 (5th), 70 (6th).
        let r = ranking(&[
            ("E", "70"),
            ("Sở Xây dựng", "78.30"),
            ("A", "85"),
            ("C", "80.5"),
            ("D", "79.12"),
            ("B", "80.50"),
        ]);
        let x = ranked(&r, "Sở Xây dựng");
        assert_eq!((x.rank, x.of, x.percent), (5, 6, d("78.3")));
        // One rank up is D's 79.12, rank 4: equalling it shares rank 4.
        assert_eq!(x.above, Some(Above { rank: 4, percent: d("79.12"), units: vec!["D".into()] }));
        assert_eq!(x.target(), Some(d("79.12")));
        // D's next is the tie at 80.5 (rank 2), both named in order.
        let above = ranked(&r, "D").above.unwrap();
        assert_eq!((above.rank, above.units), (2, vec!["B".to_string(), "C".to_string()]));
        // B shares rank 2: one up is A's 85, rank 1.
        let b = ranked(&r, "B");
        assert_eq!((b.rank, b.target()), (2, Some(d("85"))));
    }

    #[test]
    fn the_first_has_no_rank_above() {
        let r = ranking(&[("A", "90"), ("B", "90"), ("C", "80")]);
        let a = ranked(&r, "A");
        assert_eq!((a.rank, a.target(), a.above), (1, None, None));
    }

    #[test]
    fn a_unit_absent_or_named_twice_has_no_standing() {
        let r = ranking(&[("A", "90"), ("Sở B", "80"), ("sở  b", "70")]);
        assert_eq!(r.standing("Z"), Standing::Missing);
        assert_eq!(r.standing("SỞ B"), Standing::Repeated(2));
        assert_eq!(PublishedRanking::default().standing("A"), Standing::Missing);
    }
}
