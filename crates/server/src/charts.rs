//! Charts drawn by the server as inline SVG: a grouped bar chart of percentages (each
//! domain, last year beside this year). Only geometry is computed here, in whole pixels from
//! the reports' decimals; the markup is `templates/chart.html`, escaped like any page, and
//! every bar carries its value as text for screen readers and print.

use parscore_core::{Decimal, Lang};

use crate::pages::pct;

/// The plot's height in pixels for 100%.
const PLOT: u32 = 180;
const TOP: u32 = 16;
const LEFT: u32 = 44;
const BAR: u32 = 16;
const GAP: u32 = 18;

/// A series of bars (a year).
#[derive(Debug, Clone)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Its CSS class (the colour).
    pub class: &'static str,
    /// The legend swatch's x.
    pub x: u32,
}

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Height.
    pub h: u32,
    /// Its series' class.
    pub class: &'static str,
    /// What it shows, in words ("1 — năm nay: 91,50%").
    pub title: String,
}

/// A group of bars (a domain) under its label.
#[derive(Debug, Clone)]
pub struct Group {
    /// The label under the group.
    pub label: String,
    /// The label's x (the group's middle).
    pub x: u32,
    /// Its bars.
    pub bars: Vec<Bar>,
}

/// A horizontal grid line with its label.
#[derive(Debug, Clone)]
pub struct Tick {
    /// Its y.
    pub y: u32,
    /// "50%".
    pub label: String,
}

/// A grouped bar chart of percentages.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Its title (also the SVG's accessible name).
    pub title: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The plot's left edge and right edge.
    pub left: u32,
    /// The plot's right edge.
    pub right: u32,
    /// The baseline's y.
    pub base: u32,
    /// The labels' y.
    pub label_y: u32,
    /// The legend's y.
    pub legend_y: u32,
    /// The series, in the legend.
    pub series: Vec<Series>,
    /// The groups.
    pub groups: Vec<Group>,
    /// The grid.
    pub ticks: Vec<Tick>,
}

/// A whole number of pixels for `value` percent of the plot (0–100, clamped).
fn px(value: Decimal) -> u32 {
    let v = value.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    let scaled = (v * Decimal::from(PLOT) / Decimal::ONE_HUNDRED).round_dp(0);
    u32::try_from(scaled.mantissa()).unwrap_or(0)
}

/// The chart titled `title` of `groups` (a label and one optional percentage per series, in
/// the order of `series`: `(name, class)`); a missing value draws no bar.
pub fn grouped(
    title: String,
    series: &[(String, &'static str)],
    groups: &[(String, Vec<Option<Decimal>>)],
    lang: Lang,
) -> Chart {
    let per = u32::try_from(series.len()).unwrap_or(1).max(1);
    let group_w = per * BAR + GAP;
    let n = u32::try_from(groups.len()).unwrap_or(0);
    let width = LEFT + n * group_w + GAP;
    let base = TOP + PLOT;
    let mut out = Vec::new();
    for (i, (label, values)) in groups.iter().enumerate() {
        let gx = LEFT + GAP / 2 + u32::try_from(i).unwrap_or(0) * group_w;
        let mut bars = Vec::new();
        for (j, (value, (name, class))) in values.iter().zip(series).enumerate() {
            let Some(v) = value else { continue };
            let h = px(*v);
            bars.push(Bar {
                x: gx + u32::try_from(j).unwrap_or(0) * BAR,
                y: base - h,
                h,
                class,
                title: format!("{label} — {name}: {}", pct(*v, lang)),
            });
        }
        out.push(Group { label: label.clone(), x: gx + per * BAR / 2, bars });
    }
    let ticks = [0u32, 25, 50, 75, 100]
        .iter()
        .map(|t| Tick { y: base - px(Decimal::from(*t)), label: format!("{t}%") })
        .collect();
    let series = series
        .iter()
        .enumerate()
        .map(|(i, (name, class))| Series {
            name: name.clone(),
            class,
            x: LEFT + u32::try_from(i).unwrap_or(0) * 140,
        })
        .collect();
    Chart {
        title,
        width: width.max(320),
        height: base + 56,
        left: LEFT,
        right: width.max(320) - 4,
        base,
        label_y: base + 16,
        legend_y: base + 36,
        series,
        groups: out,
        ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_whole_pixels_of_the_percentage() {
        // 91.50% of 180 px = 164.7 → 165; 50% = 90.
        let chart = grouped(
            "t".into(),
            &[("a".into(), "prev"), ("b".into(), "cur")],
            &[("1".into(), vec![Some("91.50".parse().unwrap()), Some(Decimal::from(50))])],
            Lang::Vi,
        );
        let bars = &chart.groups[0].bars;
        assert_eq!(bars[0].h, 165);
        assert_eq!(bars[1].h, 90);
        assert_eq!(bars[0].title, "1 — a: 91,50%");
    }
}
