//! Writes a folder of filled self-assessment workbooks for benchmarks and tests:
//!
//! ```sh
//! cargo run --release -p parscore-write --example make_units -- OUT_DIR N [SEED]
//! ```
//!
//! N workbooks of the shipped 2025 set (`lai-chau/so/2025`), `don-vi-0001.xlsx` … for the units
//! "Đơn vị 0001" …, each written with parscore's own template and filled with varied, valid
//! inputs. A small PRNG (SplitMix64) seeded from SEED (default 2025) and the unit's number
//! makes them, so the same arguments always write the same files, whatever the thread timing,
//! and without a dependency for randomness. Each unit has a "quality" that tilts all its
//! answers, so the percentages spread out as real rankings do.

use std::path::{Path, PathBuf};

use parscore_core::{catalog, score, CriteriaSet, Decimal, Input, Inputs, Node, RatioInput, Rule};
use parscore_write::{write_template, TemplateMeta};
use rayon::prelude::*;

const SET: &str = "lai-chau/so/2025";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, n, seed) = match args.as_slice() {
        [dir, n] => (PathBuf::from(dir), n.parse::<usize>()?, 2025),
        [dir, n, seed] => (PathBuf::from(dir), n.parse::<usize>()?, seed.parse::<u64>()?),
        _ => return Err("usage: make_units OUT_DIR N [SEED]".into()),
    };
    let set = catalog::find(SET).ok_or(format!("no shipped set {SET}"))?;
    std::fs::create_dir_all(&dir)?;
    let width = n.to_string().len().max(4);
    (1..=n).into_par_iter().try_for_each(|i| write_unit(&set, &dir, i, width, seed))?;
    println!("{n} workbooks of {SET} written to {}", dir.display());
    Ok(())
}

fn write_unit(
    set: &CriteriaSet,
    dir: &Path,
    i: usize,
    width: usize,
    seed: u64,
) -> Result<(), String> {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let unit = format!("Đơn vị {i:0width$}");
    let inputs = fill(set, &mut rng, i);
    // The generator promises valid inputs: a problem here is a bug in it, not in the data.
    let card = score(set, &inputs);
    if let Some(p) = card.problems.first() {
        return Err(format!("{unit}: generated an invalid input: {p}"));
    }
    let meta = TemplateMeta { unit, year: set.year };
    let bytes = write_template(set, &meta, Some(&inputs)).map_err(|e| e.to_string())?;
    let path = dir.join(format!("don-vi-{i:0width$}.xlsx"));
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Inputs for every leaf, tilted by the unit's quality (0.4–1: the chance of a good answer).
fn fill(set: &CriteriaSet, rng: &mut Rng, unit: usize) -> Inputs {
    let quality = 0.4 + 0.6 * rng.unit();
    let mut inputs = Inputs::default();
    let leaves = set.nodes().into_iter().filter(|n| n.is_leaf());
    for (k, node) in leaves.enumerate() {
        let Some(rule) = &node.rule else { continue };
        let input = if node.na.is_some() && rng.unit() < 0.08 {
            Input::NotApplicable
        } else {
            input(node, rule, quality, rng)
        };
        let entry = inputs.set(&node.code, input);
        if rng.unit() < 0.9 {
            entry.evidence = Some(format!(
                "Văn bản số {}/BC-ĐV{unit} ngày {:02}/{:02}/2025",
                10 + k,
                1 + rng.below(28),
                1 + rng.below(12)
            ));
        }
    }
    inputs
}

fn input(node: &Node, rule: &Rule, quality: f64, rng: &mut Rng) -> Input {
    // A share of 0–1 around the unit's quality.
    let share = |rng: &mut Rng| (quality + (rng.unit() - 0.5) * 0.5).clamp(0.0, 1.0);
    match rule {
        Rule::Manual { step } => {
            let step = step.unwrap_or(Decimal::new(25, 2));
            let steps = (node.max / step).trunc();
            let k = (decimal(share(rng)) * steps).round();
            Input::Score(k * step)
        }
        Rule::Boolean { .. } => Input::Yes(rng.unit() < quality),
        Rule::Choice { options } => {
            let mut by_points: Vec<_> = options.iter().collect();
            by_points.sort_by_key(|o| std::cmp::Reverse(o.points));
            let pick = if rng.unit() < quality { 0 } else { rng.below(by_points.len()) };
            let label = by_points.get(pick).map(|o| o.label.clone()).unwrap_or_default();
            Input::Choice(label)
        }
        Rule::Bands { input: RatioInput::Fraction, .. }
        | Rule::Proportional { input: RatioInput::Fraction } => {
            let denominator = 1 + rng.below(500) as u64;
            let numerator = (share(rng) * denominator as f64).round() as u64;
            Input::Fraction {
                numerator: Decimal::from(numerator.min(denominator)),
                denominator: Decimal::from(denominator),
            }
        }
        // Percentages to one decimal, as units report them (85.5%).
        Rule::Bands { .. } | Rule::Proportional { .. } | Rule::Survey => {
            let tenths = (share(rng) * 1000.0).round() as i64;
            Input::Percent(Decimal::new(tenths.clamp(0, 1000), 1))
        }
        Rule::Deduction { .. } => {
            let count = if rng.unit() < quality { 0 } else { 1 + rng.below(3) };
            Input::Count(count as u32)
        }
        Rule::Count { per } => {
            let needed = (node.max / per).ceil();
            let count = (decimal(share(rng)) * (needed + Decimal::ONE)).floor();
            Input::Count(count.to_string().parse().unwrap_or(0))
        }
    }
}

/// A share in hundredths, exactly: the inputs must be decimals, not floats.
fn decimal(share: f64) -> Decimal {
    Decimal::new((share * 100.0).round() as i64, 2)
}

/// SplitMix64: a tiny, well-mixed generator; plenty for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}
