//! Rules in words: the scoring text a template's `Cách chấm` column and an exported annex show.
//!
//! The Vietnamese form follows the wording of provincial decisions ("Ban hành kịp thời: 1;
//! Không ban hành: 0", "Từ 70% đến dưới 90%: 1"), so an annex importer can read it back.

use rust_decimal::Decimal;

use crate::model::{Band, Na, Node, RatioInput, Rule};
use crate::num::fmt_decimal;
use crate::text::Lang;

/// The rule of `node` in words, in `lang`, including what "not applicable" does.
pub fn describe(node: &Node, lang: Lang) -> String {
    let Some(rule) = &node.rule else {
        return match lang {
            Lang::Vi => "Tổng điểm các tiêu chí thành phần".into(),
            Lang::En => "Sum of the sub-criteria".into(),
        };
    };
    let n = |d: Decimal| fmt_decimal(d, lang);
    let max = n(node.max);
    let vi = lang == Lang::Vi;
    let mut text = match rule {
        Rule::Manual { step } => match (step, vi) {
            (Some(s), true) => format!("Tự chấm từ 0 đến {max} điểm, bước {}", n(*s)),
            (None, true) => format!("Tự chấm từ 0 đến {max} điểm"),
            (Some(s), false) => {
                format!("Self-scored from 0 to {max} points, in steps of {}", n(*s))
            }
            (None, false) => format!("Self-scored from 0 to {max} points"),
        },
        Rule::Boolean { yes, no } => {
            let (y, nn) = if vi { ("Có", "Không") } else { ("Yes", "No") };
            let yes = yes.as_deref().unwrap_or(y);
            let no = no.as_deref().unwrap_or(nn);
            format!("{yes}: {max}; {no}: 0")
        }
        Rule::Choice { options } => options
            .iter()
            .map(|o| format!("{}: {}", o.label, n(o.points)))
            .collect::<Vec<_>>()
            .join("; "),
        Rule::Bands { input, bands } => {
            let mut sorted: Vec<&Band> = bands.iter().collect();
            sorted.sort_by_key(|b| b.from);
            let tiers = sorted
                .iter()
                .map(|b| format!("{}: {}", band_words(b, lang), n(b.points)))
                .collect::<Vec<_>>()
                .join("; ");
            format!("{}{tiers}", ratio_prefix(*input, lang))
        }
        Rule::Proportional { input } => match vi {
            true => format!("{}Điểm = tỷ lệ × điểm tối đa ({max})", ratio_prefix(*input, lang)),
            false => format!("{}Points = share × maximum ({max})", ratio_prefix(*input, lang)),
        },
        Rule::Deduction { per } => match vi {
            true => format!("Mỗi vi phạm trừ {} điểm, từ {max} điểm, thấp nhất 0", n(*per)),
            false => format!("Each violation takes {} points from {max}, down to 0", n(*per)),
        },
        Rule::Count { per } => match vi {
            true => format!("Mỗi kết quả được {} điểm, tối đa {max} điểm", n(*per)),
            false => format!("Each item earns {} points, at most {max}", n(*per)),
        },
        Rule::Survey => match vi {
            true => format!("Điểm = kết quả điều tra xã hội học (%) × {max}"),
            false => format!("Points = survey result (%) × {max}"),
        },
    };
    match (node.na, vi) {
        (Some(Na::Full), true) => text.push_str(". Không phát sinh: tính điểm tối đa"),
        (Some(Na::Exclude), true) => text.push_str(". Không áp dụng: loại khỏi điểm tối đa"),
        (Some(Na::Full), false) => text.push_str(". Not applicable: full points"),
        (Some(Na::Exclude), false) => text.push_str(". Not applicable: left out of the maximum"),
        (None, _) => {}
    }
    text
}

fn ratio_prefix(input: RatioInput, lang: Lang) -> &'static str {
    match (input, lang) {
        (RatioInput::Percent, _) => "",
        (RatioInput::Fraction, Lang::Vi) => "Tỷ lệ = Tử số / Mẫu số × 100%. ",
        (RatioInput::Fraction, Lang::En) => "Share = numerator / denominator × 100%. ",
    }
}

/// A band's bounds in the words decisions use: "Dưới 70%", "Từ 70% đến 90%", "Trên 90%".
fn band_words(b: &Band, lang: Lang) -> String {
    let (from, to) = (fmt_decimal(b.from, lang), fmt_decimal(b.to, lang));
    let starts_at_zero = b.from.is_zero() && b.from_inclusive;
    let ends_at_hundred = b.to == Decimal::ONE_HUNDRED && b.to_inclusive;
    let vi = lang == Lang::Vi;
    let lower = match (b.from_inclusive, vi) {
        (true, true) => format!("Từ {from}%"),
        (false, true) => format!("Trên {from}%"),
        (true, false) => format!("From {from}%"),
        (false, false) => format!("Above {from}%"),
    };
    let upper = match (b.to_inclusive, vi) {
        (true, true) => format!("đến {to}%"),
        (false, true) => format!("dưới {to}%"),
        (true, false) => format!("up to {to}%"),
        (false, false) => format!("below {to}%"),
    };
    match (starts_at_zero, ends_at_hundred) {
        (true, true) => {
            if vi {
                "Mọi tỷ lệ".into()
            } else {
                "Any share".into()
            }
        }
        (true, false) => {
            let mut s = upper;
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + s.get(1..).unwrap_or("");
            }
            s
        }
        (false, true) if b.from_inclusive => {
            if vi {
                format!("Từ {from}% trở lên")
            } else {
                format!("{from}% or more")
            }
        }
        (false, true) => lower,
        // "Từ 70% đến dưới 90%", as decisions write it.
        (false, false) if vi && !b.to_inclusive => format!("{lower} đến {upper}"),
        (false, false) => format!("{lower} {upper}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CriteriaSet;

    #[test]
    fn rules_read_as_decisions_word_them() {
        let set = CriteriaSet::from_json(include_str!("../tests/data/mini.json")).unwrap();
        let text = |code: &str| describe(set.find(code).unwrap(), Lang::Vi);
        assert_eq!(
            text("1.1.1"),
            "Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0"
        );
        assert_eq!(text("1.1.2"), "Đạt yêu cầu: 1; Không đạt yêu cầu: 0");
        assert_eq!(text("1.1.3"), "Dưới 70%: 0; Từ 70% đến 90%: 1; Trên 90%: 2");
        assert_eq!(text("1.1.4"), "Tự chấm từ 0 đến 1 điểm, bước 0,25");
        assert_eq!(text("1.2.1"), "Mỗi vi phạm trừ 0,25 điểm, từ 1 điểm, thấp nhất 0");
        assert_eq!(text("1.2.2"), "Mỗi kết quả được 0,5 điểm, tối đa 2 điểm");
        assert_eq!(
            text("1.2.3"),
            "Tỷ lệ = Tử số / Mẫu số × 100%. Điểm = tỷ lệ × điểm tối đa (2). Không áp dụng: loại khỏi điểm tối đa"
        );
        assert_eq!(text("2.1"), "Có: 4; Không: 0. Không phát sinh: tính điểm tối đa");
        assert_eq!(text("2.2"), "Điểm = kết quả điều tra xã hội học (%) × 6");
        let lai_chau = crate::catalog::find("lai-chau/so/2025").unwrap();
        assert_eq!(
            describe(lai_chau.find("2.2.2").unwrap(), Lang::Vi),
            "Dưới 70%: 0; Từ 70% đến dưới 90%: 0,5; Từ 90% trở lên: 1"
        );
        assert_eq!(
            describe(set.find("1.1.3").unwrap(), Lang::En),
            "Below 70%: 0; From 70% up to 90%: 1; Above 90%: 2"
        );
    }
}
