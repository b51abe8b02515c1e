//! Applying one rule to one input: the score of a leaf and the reason for it.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::{Band, RatioInput, Rule};
use crate::num::{fmt_decimal, percent_of, round_half_away, SCORE_DP};
use crate::text::{fold_label, Lang, Text};

/// What a rule or a cell expects to be given, named in messages ("expected a percentage").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A score entered directly (`manual`).
    Score,
    /// Yes or no (`boolean`).
    YesNo,
    /// One of a `choice` rule's outcomes.
    Choice,
    /// A percentage.
    Percent,
    /// A numerator and a denominator.
    Fraction,
    /// A percentage, or a numerator and a denominator.
    PercentOrFraction,
    /// A survey result, in percent.
    SurveyResult,
    /// A count of violations (`deduction`).
    Violations,
    /// A count of items (`count`).
    Items,
    /// Any number.
    Number,
    /// A whole number.
    WholeNumber,
}

impl Expected {
    /// What `rule` needs as its input.
    ///
    /// ```
    /// use parscore_core::{Expected, Rule};
    /// assert_eq!(Expected::of(&Rule::Survey), Expected::SurveyResult);
    /// assert_eq!(Expected::of(&Rule::Survey).text().vi, "kết quả khảo sát (%)");
    /// ```
    pub fn of(rule: &Rule) -> Expected {
        match rule {
            Rule::Manual { .. } => Expected::Score,
            Rule::Boolean { .. } => Expected::YesNo,
            Rule::Choice { .. } => Expected::Choice,
            Rule::Bands { input: RatioInput::Fraction, .. }
            | Rule::Proportional { input: RatioInput::Fraction } => Expected::Fraction,
            Rule::Bands { input: RatioInput::Percent, .. }
            | Rule::Proportional { input: RatioInput::Percent } => Expected::Percent,
            Rule::Deduction { .. } => Expected::Violations,
            Rule::Count { .. } => Expected::Items,
            Rule::Survey => Expected::SurveyResult,
        }
    }

    /// The thing expected, in Vietnamese and English: "tỷ lệ %" / "a percentage".
    pub fn text(self) -> Text {
        let (vi, en) = match self {
            Expected::Score => ("điểm tự chấm", "a score"),
            Expected::YesNo => ("Có hoặc Không", "yes or no"),
            Expected::Choice => ("một trong các mức đã liệt kê", "one of the listed outcomes"),
            Expected::Percent => ("tỷ lệ %", "a percentage"),
            Expected::Fraction => ("tử số và mẫu số", "a numerator and a denominator"),
            Expected::PercentOrFraction => {
                ("tỷ lệ % hoặc tử số và mẫu số", "a percentage or a numerator and denominator")
            }
            Expected::SurveyResult => ("kết quả khảo sát (%)", "a survey result in percent"),
            Expected::Violations => ("số lần vi phạm", "a count of violations"),
            Expected::Items => ("số lượng kết quả", "a count of items"),
            Expected::Number => ("một số", "a number"),
            Expected::WholeNumber => ("một số nguyên", "a whole number"),
        };
        Text::new(vi, en)
    }
}

/// What a unit entered for a leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A score entered directly (`manual` rules).
    Score(Decimal),
    /// Yes or no (`boolean` rules).
    Yes(bool),
    /// The label of an outcome (`choice` rules), matched ignoring case and spacing.
    Choice(String),
    /// A percentage, 0–100 (`bands`, `proportional`, `survey`).
    Percent(Decimal),
    /// A numerator and denominator (`bands`, `proportional`).
    Fraction {
        /// Tử số.
        numerator: Decimal,
        /// Mẫu số.
        denominator: Decimal,
    },
    /// A count of items or violations (`count`, `deduction`).
    Count(u32),
    /// The unit declares the leaf not applicable.
    NotApplicable,
}

impl Input {
    /// A count (`count`, `deduction` rules) from a number read in a workbook: a whole number
    /// ≥ 0; anything else is [`InputError::BadCount`], whose message says so in both languages.
    ///
    /// ```
    /// use parscore_core::{Decimal, Input};
    /// assert_eq!(Input::count(Decimal::from(3)), Ok(Input::Count(3)));
    /// let err = Input::count(Decimal::from(-1)).unwrap_err();
    /// assert_eq!(err.to_string(), "-1 is negative: a count must be a whole number ≥ 0");
    /// assert_eq!(err.text().vi, "-1 là số âm: số lượng phải là số nguyên ≥ 0");
    /// ```
    pub fn count(value: Decimal) -> Result<Input, InputError> {
        let negative = value.is_sign_negative() && !value.is_zero();
        match value.to_u32() {
            Some(n) if !negative && value.fract().is_zero() => Ok(Input::Count(n)),
            _ => Err(InputError::BadCount(value)),
        }
    }
}

/// A leaf's score and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Points earned, within `0..=max`.
    pub score: Decimal,
    /// The rule applied to the input seen, e.g. "95% ≥ 90% → 2 điểm".
    pub reason: Text,
}

/// Why an input cannot be scored by a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The input is of the wrong kind for the rule.
    WrongKind {
        /// What the rule expects.
        expected: Expected,
    },
    /// A manual score above the maximum.
    AboveMax {
        /// The score entered.
        score: Decimal,
        /// The leaf's maximum.
        max: Decimal,
    },
    /// A negative number where none can be.
    Negative(Decimal),
    /// A manual score that is not a multiple of the rule's step.
    OffStep {
        /// The score entered.
        score: Decimal,
        /// The step.
        step: Decimal,
    },
    /// A percentage outside 0–100.
    PercentOutOfRange(Decimal),
    /// A fraction whose denominator is zero or smaller than its numerator.
    BadFraction {
        /// Tử số.
        numerator: Decimal,
        /// Mẫu số.
        denominator: Decimal,
    },
    /// A label that is none of the rule's options.
    UnknownChoice {
        /// The label entered.
        label: String,
        /// The labels allowed.
        options: Vec<String>,
    },
    /// A count that is negative, not whole, or beyond 4,294,967,295 (see [`Input::count`]).
    BadCount(Decimal),
}

impl InputError {
    /// What is wrong, in Vietnamese and English (the English is the `Display` text).
    pub fn text(&self) -> Text {
        let d = |v: &Decimal| fmt_decimal(*v, Lang::Vi);
        let vi = match self {
            InputError::WrongKind { expected } => format!("cần nhập {}", expected.text().vi),
            InputError::AboveMax { score, max } => {
                format!("điểm {} vượt điểm tối đa {}", d(score), d(max))
            }
            InputError::Negative(v) => format!("{} là số âm", d(v)),
            InputError::OffStep { score, step } => {
                format!("điểm {} không phải bội số của bước {}", d(score), d(step))
            }
            InputError::PercentOutOfRange(p) => format!("tỷ lệ {}% nằm ngoài 0–100", d(p)),
            InputError::BadFraction { numerator, denominator } => format!(
                "tử số {} và mẫu số {} không tạo thành tỷ lệ (mẫu số phải dương và không nhỏ \
                 hơn tử số)",
                d(numerator),
                d(denominator)
            ),
            InputError::UnknownChoice { label, options } => {
                format!("\"{label}\" không phải một trong các mức: {}", options.join("; "))
            }
            InputError::BadCount(v) => match count_fault(*v) {
                CountFault::Negative => {
                    format!("{} là số âm: số lượng phải là số nguyên ≥ 0", d(v))
                }
                CountFault::NotWhole => {
                    format!("{} không phải số nguyên: số lượng phải là số nguyên ≥ 0", d(v))
                }
                CountFault::TooLarge => format!("{} quá lớn cho một số lượng", d(v)),
            },
        };
        Text::new(vi, self.to_string())
    }
}

/// What is wrong with a count.
enum CountFault {
    Negative,
    NotWhole,
    TooLarge,
}

fn count_fault(v: Decimal) -> CountFault {
    if v.is_sign_negative() && !v.is_zero() {
        CountFault::Negative
    } else if !v.fract().is_zero() {
        CountFault::NotWhole
    } else {
        CountFault::TooLarge
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = |v: &Decimal| fmt_decimal(*v, Lang::En);
        match self {
            InputError::WrongKind { expected } => write!(f, "expected {}", expected.text().en),
            InputError::AboveMax { score, max } => {
                write!(f, "score {} exceeds the maximum {}", d(score), d(max))
            }
            InputError::Negative(v) => write!(f, "{} is negative", d(v)),
            InputError::OffStep { score, step } => {
                write!(f, "score {} is not a multiple of the step {}", d(score), d(step))
            }
            InputError::PercentOutOfRange(p) => {
                write!(f, "percentage {} is outside 0–100", d(p))
            }
            InputError::BadFraction { numerator, denominator } => write!(
                f,
                "numerator {} and denominator {} do not make a share (the denominator must be \
                 positive and at least the numerator)",
                d(numerator),
                d(denominator)
            ),
            InputError::UnknownChoice { label, options } => {
                write!(f, "unknown choice \"{label}\", expected one of: {}", options.join("; "))
            }
            InputError::BadCount(v) => match count_fault(*v) {
                CountFault::Negative => {
                    write!(f, "{} is negative: a count must be a whole number ≥ 0", d(v))
                }
                CountFault::NotWhole => {
                    write!(f, "{} is not a whole number: a count must be a whole number ≥ 0", d(v))
                }
                CountFault::TooLarge => {
                    write!(f, "{} is too large a count (at most {})", d(v), u32::MAX)
                }
            },
        }
    }
}

/// Scores one leaf: applies `rule` (with the leaf's `max`) to `input`.
///
/// Every score is a finite decimal. A `proportional` rule (`percent / 100 × max`, capped at
/// `max`) and a `survey` rule (`result / 100 × max`) are rounded **half away from zero to 4
/// decimal places** (2/3 × 1 → 0.6667; 1/3 × 1.5 → 0.5), as Excel's `ROUND(…; 4)` in the
/// template does, and their reason says so when rounding changed the value; bands, choices
/// and yes/no give the points the set writes, counts and deductions multiples of them, and a
/// manual score is what was entered. So parents and totals, sums of leaves, are exactly the
/// sums of the scores a report shows.
///
/// `Input::NotApplicable` is the caller's business (it depends on the node's `na`), so it is
/// reported here as the wrong kind of input.
///
/// ```
/// use parscore_core::{evaluate, Decimal, Input, Rule};
/// let rule = Rule::Deduction { per: "0.25".parse().unwrap() };
/// let out = evaluate(&rule, Decimal::from(1), &Input::Count(2)).unwrap();
/// assert_eq!(out.score.to_string(), "0.50");
/// assert_eq!(out.reason.vi, "1 − 2 × 0,25 → 0,5 điểm");
/// ```
pub fn evaluate(rule: &Rule, max: Decimal, input: &Input) -> Result<Outcome, InputError> {
    evaluate_with(rule, max, input, true)
}

/// [`evaluate`], building the reason only when `reasons` asks for it; otherwise the reason is
/// empty text. The score, and any error, are the same either way.
pub(crate) fn evaluate_with(
    rule: &Rule,
    max: Decimal,
    input: &Input,
    reasons: bool,
) -> Result<Outcome, InputError> {
    let vi = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let en = |d: Decimal| fmt_decimal(d, Lang::En);
    // `lhs` gives what the score came from, in Vietnamese and English; it runs only when the
    // reason is wanted, so the formatting it does costs nothing otherwise.
    let points = |score: Decimal, lhs: &dyn Fn() -> (String, String)| Outcome {
        score,
        reason: if reasons {
            let (vi_lhs, en_lhs) = lhs();
            Text::new(
                format!("{vi_lhs} → {} điểm", vi(score)),
                format!(
                    "{en_lhs} → {} point{}",
                    en(score),
                    if score == Decimal::ONE { "" } else { "s" }
                ),
            )
        } else {
            Text::new(String::new(), String::new())
        },
    };
    match (rule, input) {
        (Rule::Manual { step }, Input::Score(s)) => {
            let s = *s;
            if s.is_sign_negative() && !s.is_zero() {
                return Err(InputError::Negative(s));
            }
            if s > max {
                return Err(InputError::AboveMax { score: s, max });
            }
            if let Some(step) = step {
                if !step.is_zero() && !s.checked_rem(*step).is_some_and(|r| r.is_zero()) {
                    return Err(InputError::OffStep { score: s, step: *step });
                }
            }
            Ok(points(s, &|| ("tự chấm".into(), "self-scored".into())))
        }
        (Rule::Manual { .. }, _) => Err(InputError::WrongKind { expected: Expected::Score }),

        (Rule::Boolean { yes, no }, Input::Yes(b)) => {
            let score = if *b { max } else { Decimal::ZERO };
            Ok(points(score, &|| {
                let (vi_l, en_l) = if *b {
                    (yes.clone().unwrap_or_else(|| "Có".into()), "yes")
                } else {
                    (no.clone().unwrap_or_else(|| "Không".into()), "no")
                };
                let en_lhs = if yes.is_some() { format!("{vi_l} ({en_l})") } else { en_l.into() };
                (vi_l, en_lhs)
            }))
        }
        (Rule::Boolean { .. }, _) => Err(InputError::WrongKind { expected: Expected::YesNo }),

        (Rule::Choice { options }, Input::Choice(label)) => {
            let wanted = fold_label(label);
            match options.iter().find(|o| fold_label(&o.label) == wanted) {
                Some(o) => Ok(points(o.points, &|| (o.label.clone(), format!("\"{}\"", o.label)))),
                None => Err(InputError::UnknownChoice {
                    label: label.clone(),
                    options: options.iter().map(|o| o.label.clone()).collect(),
                }),
            }
        }
        (Rule::Choice { .. }, _) => Err(InputError::WrongKind { expected: Expected::Choice }),

        (Rule::Bands { bands, .. }, input) => {
            let p = ratio(input)?;
            // Validation guarantees exactly one band holds every percentage in 0–100.
            let band =
                bands.iter().find(|b| b.contains(p)).ok_or(InputError::PercentOutOfRange(p))?;
            Ok(points(band.points, &|| {
                let shown = shown_ratio(input);
                let (vi_b, en_b) = describe_band(band);
                (format!("{shown}% {vi_b}"), format!("{}% {en_b}", shown.replace(',', ".")))
            }))
        }

        // The same share of the maximum; a survey result says where it comes from.
        (rule @ Rule::Proportional { .. }, input)
        | (rule @ Rule::Survey, input @ Input::Percent(_)) => {
            let (from_vi, from_en) =
                if matches!(rule, Rule::Survey) { ("khảo sát ", "survey ") } else { ("", "") };
            let p = ratio(input)?;
            let (score, rounded) = share_of(p, max);
            Ok(with_rounding(
                points(score, &|| {
                    let shown = shown_ratio(input);
                    (
                        format!("{from_vi}{shown}% × {}", vi(max)),
                        format!("{from_en}{}% × {}", shown.replace(',', "."), en(max)),
                    )
                }),
                rounded && reasons,
            ))
        }
        (Rule::Survey, _) => Err(InputError::WrongKind { expected: Expected::SurveyResult }),

        (Rule::Deduction { per }, Input::Count(n)) => {
            let n = Decimal::from(*n);
            let score = (max - n * per).max(Decimal::ZERO);
            Ok(points(score, &|| {
                (
                    format!("{} − {} × {}", vi(max), n, vi(*per)),
                    format!("{} − {} × {}", en(max), n, en(*per)),
                )
            }))
        }
        (Rule::Deduction { .. }, _) => {
            Err(InputError::WrongKind { expected: Expected::Violations })
        }

        (Rule::Count { per }, Input::Count(n)) => {
            let n = Decimal::from(*n);
            let score = (n * per).min(max);
            let capped = n * per > max;
            Ok(points(score, &|| {
                (
                    format!("{} × {}{}", n, vi(*per), if capped { ", tối đa" } else { "" }),
                    format!("{} × {}{}", n, en(*per), if capped { ", capped" } else { "" }),
                )
            }))
        }
        (Rule::Count { .. }, _) => Err(InputError::WrongKind { expected: Expected::Items }),
    }
}

/// `percent / 100 × max`, capped at `max`, rounded half away from zero to [`SCORE_DP`] places;
/// and whether rounding changed it. A share of 100% gives `max` itself, whatever its decimals.
fn share_of(percent: Decimal, max: Decimal) -> (Decimal, bool) {
    let exact = percent * max / Decimal::ONE_HUNDRED;
    if exact >= max {
        return (max, false);
    }
    let score = round_half_away(exact, SCORE_DP).min(max);
    (score, score != exact)
}

/// Says in the reason that the score was rounded, when it was: "2/3 = 66,67% × 1 → 0,6667
/// điểm (làm tròn 4 chữ số thập phân)".
fn with_rounding(mut out: Outcome, rounded: bool) -> Outcome {
    if rounded {
        out.reason.vi.push_str(&format!(" (làm tròn {SCORE_DP} chữ số thập phân)"));
        out.reason.en.push_str(&format!(" (rounded to {SCORE_DP} decimal places)"));
    }
    out
}

/// The percentage a ratio input stands for.
fn ratio(input: &Input) -> Result<Decimal, InputError> {
    match input {
        Input::Percent(p) => {
            if *p < Decimal::ZERO || *p > Decimal::ONE_HUNDRED {
                return Err(InputError::PercentOutOfRange(*p));
            }
            Ok(*p)
        }
        Input::Fraction { numerator, denominator } => {
            let (n, d) = (*numerator, *denominator);
            if n < Decimal::ZERO || d <= Decimal::ZERO || n > d {
                return Err(InputError::BadFraction { numerator: n, denominator: d });
            }
            // The exact share decides the band; the shown figure (`shown_ratio`) is rounded for
            // reading only. n × 100 / d keeps the most digits, but n × 100 overflows past
            // 7.9 × 10²⁶ (a workbook with Tử số = Mẫu số = 10²⁷ crashed here); n / d ≤ 1 never
            // does.
            Ok(n.checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|m| m.checked_div(d))
                .unwrap_or_else(|| n / d * Decimal::ONE_HUNDRED))
        }
        _ => Err(InputError::WrongKind { expected: Expected::PercentOrFraction }),
    }
}

/// How a reason shows a ratio input that [`ratio`] accepted (Vietnamese decimal comma): "85"
/// or "17/20 = 85".
fn shown_ratio(input: &Input) -> String {
    match input {
        Input::Fraction { numerator: n, denominator: d } => {
            let shown = percent_of(*n, *d).map(|r| fmt_decimal(r, Lang::Vi)).unwrap_or_default();
            format!("{}/{} = {shown}", fmt_decimal(*n, Lang::Vi), fmt_decimal(*d, Lang::Vi))
        }
        Input::Percent(p) => fmt_decimal(*p, Lang::Vi),
        _ => String::new(),
    }
}

/// A band's bounds in words: "≥ 90", "từ 70 đến dưới 90".
fn describe_band(b: &Band) -> (String, String) {
    let lo = (b.from_inclusive, fmt_decimal(b.from, Lang::Vi), fmt_decimal(b.from, Lang::En));
    let hi = (b.to_inclusive, fmt_decimal(b.to, Lang::Vi), fmt_decimal(b.to, Lang::En));
    let ge = if lo.0 { "≥" } else { ">" };
    let le = if hi.0 { "≤" } else { "<" };
    if b.from.is_zero() && lo.0 {
        (format!("{le} {}%", hi.1), format!("{le} {}%", hi.2))
    } else if b.to == Decimal::ONE_HUNDRED && hi.0 {
        (format!("{ge} {}%", lo.1), format!("{ge} {}%", lo.2))
    } else {
        (
            format!(
                "∈ {}{}%; {}%{}",
                if lo.0 { "[" } else { "(" },
                lo.1,
                hi.1,
                if hi.0 { "]" } else { ")" }
            ),
            format!(
                "∈ {}{}%, {}%{}",
                if lo.0 { "[" } else { "(" },
                lo.2,
                hi.2,
                if hi.0 { "]" } else { ")" }
            ),
        )
    }
}
