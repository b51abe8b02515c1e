//! Scoring text → rule: the forms provincial decisions write their scoring in, read into the
//! core's [`Rule`]. Pure functions of the text and the criterion's maximum.
//!
//! It must not guess: text in none of the forms below gives `None`, and the importer makes the
//! criterion a manual rule that keeps the text, for a person to finish.
//!
//! Forms read (each tested with real wording in `rule_text_tests.rs`):
//! - options "label: points" separated by `;`, `|` or new lines, decimal comma or point →
//!   `choice`; two options worth the maximum and 0 whose labels are a yes and a no (exactly one
//!   starts with "Không"/"Chưa": "Đạt yêu cầu" / "Không đạt yêu cầu") → `boolean`; options whose
//!   labels are all percentage tiers ("Từ 90% trở lên", "từ 70% đến dưới 90%", "trên 90%",
//!   "dưới 70%", "từ 70% - 90%") → `bands`;
//! - a first sentence "Tỷ lệ … = … / …" (a ratio defined as numerator / denominator) → the bands
//!   or proportional rule that follows takes a fraction;
//! - "điều tra xã hội học" / SIPAS → `survey`;
//! - "Tự chấm từ 0 đến X điểm, bước Y" → `manual` with that step;
//! - "mỗi … trừ 0,25 điểm" (or "trừ 25% điểm") → `deduction`;
//! - "mỗi … được 0,5 điểm, tối đa …" (or "mỗi …: 0,5 điểm, tối đa …") → `count`;
//! - "Điểm = tỷ lệ × điểm tối đa" (or "× `<the maximum>` điểm") → `proportional`;
//! - a last sentence saying what "not applicable" does ("Không phát sinh: tính điểm tối đa",
//!   "… thì được tính điểm tối đa" → full points; "Không áp dụng: loại khỏi điểm tối đa",
//!   "… thì không đánh giá tiêu chí này" → left out of the maximum) → [`parse_na`].

use parscore_core::{fold_label, Band, ChoiceOption, Decimal, Na, RatioInput, Rule};
use unicode_normalization::UnicodeNormalization;

use parscore_read::cells::parse_text_number;

/// The rule that `text` words, for a criterion worth `max`; `None` when the text is in no form
/// the importer knows. A trailing "not applicable" sentence is ignored here (see [`parse_na`]).
///
/// ```
/// use parscore_core::{Decimal, Rule};
/// use parscore_annex::parse_rule;
///
/// let rule = parse_rule("Đạt yêu cầu: 1; Không đạt yêu cầu: 0", Decimal::ONE);
/// assert_eq!(
///     rule,
///     Some(Rule::Boolean { yes: Some("Đạt yêu cầu".into()), no: Some("Không đạt yêu cầu".into()) })
/// );
/// assert_eq!(parse_rule("Hội đồng xem xét, quyết định", Decimal::ONE), None);
/// ```
pub fn parse_rule(text: &str, max: Decimal) -> Option<Rule> {
    let text: String = text.nfc().collect();
    let (body, _) = split_na(&text);
    let (body, fraction) = split_ratio(body);
    let rule = parse_body(body, max)?;
    Some(match rule {
        Rule::Bands { bands, .. } if fraction => Rule::Bands { input: RatioInput::Fraction, bands },
        Rule::Proportional { .. } if fraction => Rule::Proportional { input: RatioInput::Fraction },
        other => other,
    })
}

/// What the last sentence of `text` says "not applicable" does, if it says.
///
/// ```
/// use parscore_core::Na;
/// use parscore_annex::parse_na;
///
/// assert_eq!(parse_na("Có: 4; Không: 0. Không phát sinh: tính điểm tối đa"), Some(Na::Full));
/// assert_eq!(parse_na("Đạt: 1; Không đạt: 0"), None);
/// ```
pub fn parse_na(text: &str) -> Option<Na> {
    let text: String = text.nfc().collect();
    split_na(&text).1
}

/// Reads options given as rows (label, points) — or split from text — into a rule: bands when
/// every label is a percentage tier, boolean for a yes/no pair worth `max` and 0, else choice.
/// `None` for a single option that is not a tier (a choice needs two).
pub(crate) fn rule_from_options(options: &[(String, Decimal)], max: Decimal) -> Option<Rule> {
    let tiers: Option<Vec<Band>> =
        options.iter().map(|(label, points)| tier(&fold(label), *points)).collect();
    if let Some(mut bands) = tiers.filter(|t| !t.is_empty()) {
        // Decisions list tiers highest first; sets (and `describe`) list them from 0% up.
        bands.sort_by(|a, b| a.from.cmp(&b.from).then(b.from_inclusive.cmp(&a.from_inclusive)));
        return Some(Rule::Bands { input: RatioInput::Percent, bands });
    }
    if let [(a, pa), (b, pb)] = options {
        let (yes, no) = match (*pa == max, *pb == max) {
            (true, false) if pb.is_zero() => (a, b),
            (false, true) if pa.is_zero() => (b, a),
            _ => (a, a),
        };
        if yes != no && max > Decimal::ZERO && negated(&fold(yes)) != negated(&fold(no)) {
            return Some(Rule::Boolean { yes: Some(yes.clone()), no: Some(no.clone()) });
        }
    }
    (options.len() >= 2).then(|| Rule::Choice {
        options: options
            .iter()
            .map(|(label, points)| ChoiceOption { label: label.clone(), points: *points })
            .collect(),
    })
}

/// Whether a folded label starts with a negation: "không …", "chưa …".
fn negated(label: &str) -> bool {
    ["không", "chưa"].iter().any(|w| label == *w || label.starts_with(&format!("{w} ")))
}

/// NFC, lower case, single spaces.
fn fold(s: &str) -> String {
    fold_label(&s.nfc().collect::<String>())
}

/// Splits off a last sentence about "not applicable"; the body is the text before it.
fn split_na(text: &str) -> (&str, Option<Na>) {
    let text = text.trim();
    let cut = [". ", "\n"].iter().filter_map(|sep| text.rfind(sep).map(|i| (i, sep.len()))).max();
    let (body, last) = match cut {
        Some((i, len)) => (text.get(..i).unwrap_or(""), text.get(i + len..).unwrap_or("")),
        None => ("", text),
    };
    let last = fold(last.trim().trim_end_matches('.'));
    const EXCLUDE: &[&str] = &[
        "loại khỏi điểm tối đa",
        "không đánh giá tiêu chí",
        "không tính vào điểm tối đa",
        "không chấm điểm tiêu chí",
    ];
    const FULL: &[&str] = &["tính điểm tối đa", "được tính đủ điểm", "đạt điểm tối đa"];
    let na = if EXCLUDE.iter().any(|p| last.contains(p)) {
        Some(Na::Exclude)
    } else if FULL.iter().any(|p| last.contains(p)) {
        Some(Na::Full)
    } else {
        None
    };
    match na {
        Some(na) => (body.trim(), Some(na)),
        None => (text, None),
    }
}

/// Splits off a first sentence defining the ratio as a fraction ("Tỷ lệ % = (A / B) × 100").
fn split_ratio(body: &str) -> (&str, bool) {
    let end = [". ", "\n"].iter().filter_map(|sep| body.find(sep).map(|i| (i, sep.len()))).min();
    let Some((i, len)) = end else { return (body, false) };
    let first = fold(body.get(..i).unwrap_or(""));
    let is_ratio = (first.starts_with("tỷ lệ") || first.starts_with("tỉ lệ"))
        && first.contains('=')
        && first.contains('/');
    if is_ratio {
        (body.get(i + len..).unwrap_or("").trim(), true)
    } else {
        (body, false)
    }
}

fn parse_body(body: &str, max: Decimal) -> Option<Rule> {
    if body.trim().is_empty() {
        return None;
    }
    let options: Option<Vec<(String, Decimal)>> = segments(body).into_iter().map(option).collect();
    if let Some(rule) = options.and_then(|o| rule_from_options(&o, max)) {
        return Some(rule);
    }
    let f = fold(body);
    if ["điều tra xã hội học", "điều tra xhh", "sipas"].iter().any(|w| f.contains(w)) {
        return Some(Rule::Survey);
    }
    if ["tự chấm", "chấm từ 0", "chấm điểm từ 0"].iter().any(|w| f.contains(w)) {
        let step = after(&f, "bước ").and_then(|rest| number(rest)).map(|(n, _)| n);
        return Some(Rule::Manual { step });
    }
    if f.contains("mỗi") {
        if let Some(per) = deduction(&f, max) {
            return Some(Rule::Deduction { per });
        }
        if f.contains("tối đa") || f.contains("không quá") {
            let per = ["được ", "cộng ", ": "].iter().find_map(|w| {
                f.match_indices(w).find_map(|(i, _)| points_then_word(f.get(i + w.len()..)?))
            });
            if let Some(per) = per {
                return Some(Rule::Count { per });
            }
        }
    }
    proportional(&f, max)
}

/// The text after the first occurrence of `word`.
fn after<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    s.find(word).and_then(|i| s.get(i + word.len()..))
}

/// "trừ 0,25 điểm" → 0.25; "trừ 25% điểm" → 25% of `max`.
fn deduction(f: &str, max: Decimal) -> Option<Decimal> {
    f.match_indices("trừ ").find_map(|(i, w)| {
        let (n, rest) = number(f.get(i + w.len()..)?)?;
        let rest = rest.trim_start();
        match rest.strip_prefix('%') {
            Some(t) if t.trim_start().starts_with("điểm") => {
                Some(max * n / Decimal::ONE_HUNDRED)
            }
            None if rest.starts_with("điểm") => Some(n),
            _ => None,
        }
    })
}

/// A number followed by "điểm": "0,5 điểm, tối đa 2 điểm" → 0.5.
fn points_then_word(s: &str) -> Option<Decimal> {
    let (n, rest) = number(s)?;
    rest.trim_start().starts_with("điểm").then_some(n)
}

/// "Điểm = tỷ lệ × điểm tối đa", "Điểm = (A / B) × 1 điểm": the share times the maximum.
fn proportional(f: &str, max: Decimal) -> Option<Rule> {
    let (i, len) = ["×", " x ", "*"].iter().find_map(|m| f.find(m).map(|i| (i, m.len())))?;
    let before = f.get(..i)?;
    let after = f.get(i + len..)?.trim_start();
    let is_ratio = before.contains("tỷ lệ") || before.contains("tỉ lệ") || before.contains('/');
    if !is_ratio {
        return None;
    }
    let times_max = match after.strip_prefix("điểm tối đa") {
        // describe writes "× điểm tối đa (2)": the number, when given, must be the maximum.
        Some(rest) => match rest.trim_start().strip_prefix('(').and_then(number) {
            Some((n, _)) => n == max,
            None => true,
        },
        None => number(after).is_some_and(|(n, rest)| {
            let rest = rest.trim_start();
            n == max && (rest.is_empty() || rest.starts_with("điểm") || rest.starts_with('.'))
        }),
    };
    let input = if before.contains('/') { RatioInput::Fraction } else { RatioInput::Percent };
    times_max.then_some(Rule::Proportional { input })
}

/// The leading number of `s` ("0,25 điểm" → 0.25, rest " điểm").
fn number(s: &str) -> Option<(Decimal, &str)> {
    let s = s.trim_start();
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(s.len());
    let digits = s.get(..end)?.trim_end_matches(['.', ',']);
    let rest = s.get(digits.len()..)?;
    if digits.is_empty() {
        return None;
    }
    parse_text_number(digits).map(|n| (n, rest))
}

/// The pieces of an options text: split on `;`, `|` and new lines, bullets and final stops
/// removed, empty pieces dropped.
fn segments(body: &str) -> Vec<&str> {
    body.split([';', '|', '\n'])
        .map(|s| {
            let s = s.trim();
            let s = ["- ", "+ ", "• ", "* ", "– "]
                .iter()
                .find_map(|b| s.strip_prefix(b))
                .unwrap_or(s)
                .trim_start();
            s.trim_end_matches(['.', ',']).trim_end()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// "Ban hành không kịp thời: 0,5 điểm" → ("Ban hành không kịp thời", 0.5).
fn option(segment: &str) -> Option<(String, Decimal)> {
    let (label, points) = segment.rsplit_once(':')?;
    let label = label.trim();
    if label.is_empty() {
        return None;
    }
    let mut p = points.trim();
    for unit in ["điểm", "đ"] {
        if let Some(rest) = p.strip_suffix(unit) {
            p = rest.trim_end();
            break;
        }
    }
    let (n, rest) = number(p)?;
    rest.trim().is_empty().then(|| (label.to_string(), n))
}

/// A percentage in folded text: where it starts and ends (after the `%`), and its value.
struct Pct {
    start: usize,
    end: usize,
    value: Decimal,
}

fn percentages(f: &str) -> Vec<Pct> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = f.get(from..).and_then(|s| s.find(|c: char| c.is_ascii_digit())) {
        let start = from + rel;
        let Some(tail) = f.get(start..) else { break };
        let Some((value, rest)) = number(tail) else { break };
        let num_end = f.len() - rest.len();
        let after_space = rest.trim_start();
        if after_space.starts_with('%') {
            let end = f.len() - after_space.len() + 1;
            out.push(Pct { start, end, value });
            from = end;
        } else {
            from = num_end.max(start + 1);
        }
    }
    out
}

/// The last word of `s` ("thực hiện trên" → "trên").
fn last_word(s: &str) -> &str {
    s.split_whitespace().last().unwrap_or("")
}

/// A percentage tier in folded text, with the bounds its words say.
fn tier(f: &str, points: Decimal) -> Option<Band> {
    let hundred = Decimal::ONE_HUNDRED;
    let band = |from, from_inclusive, to, to_inclusive| Band {
        from,
        from_inclusive,
        to,
        to_inclusive,
        points,
    };
    if f.trim() == "mọi tỷ lệ" || f.trim() == "mọi tỉ lệ" {
        return Some(band(Decimal::ZERO, true, hundred, true));
    }
    match percentages(f).as_slice() {
        [p] => {
            let before = last_word(f.get(..p.start)?);
            let after = f.get(p.end..)?;
            let x = p.value;
            Some(match before {
                "trên" | "hơn" | "vượt" => band(x, false, hundred, true),
                "dưới" => band(Decimal::ZERO, true, x, false),
                "đến" | "tới" | "quá" => band(Decimal::ZERO, true, x, true),
                _ if after.contains("trở xuống") => band(Decimal::ZERO, true, x, true),
                _ if before == "từ" || after.contains("trở lên") => {
                    band(x, true, hundred, true)
                }
                // A bare percentage ("Đạt 100%") is that value exactly.
                _ => band(x, true, x, true),
            })
        }
        [a, b] => {
            let from_inclusive = last_word(f.get(..a.start)?) != "trên";
            let to_inclusive = match last_word(f.get(a.end..b.start)?) {
                "dưới" => false,
                "đến" | "tới" | "-" | "–" | "—" => true,
                _ => return None,
            };
            Some(band(a.value, from_inclusive, b.value, to_inclusive))
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "rule_text_tests.rs"]
mod tests;
