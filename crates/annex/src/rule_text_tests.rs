//! Every scoring form the importer reads, with the wording of real decisions: the Cà Mau rows of
//! the reference's section 3, the forms of its section 4, and `describe`'s own output.

use parscore_core::{catalog, describe, Band, ChoiceOption, Decimal, Lang, Na, RatioInput, Rule};

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn band(from: &str, fi: bool, to: &str, ti: bool, points: &str) -> Band {
    Band { from: d(from), from_inclusive: fi, to: d(to), to_inclusive: ti, points: d(points) }
}

fn choice(options: &[(&str, &str)]) -> Rule {
    Rule::Choice {
        options: options
            .iter()
            .map(|(l, p)| ChoiceOption { label: (*l).into(), points: d(p) })
            .collect(),
    }
}

fn boolean(yes: &str, no: &str) -> Rule {
    Rule::Boolean { yes: Some(yes.into()), no: Some(no.into()) }
}

#[test]
fn options_with_points_are_a_choice() {
    // Cà Mau 1.1.1, with each separator decisions use, and the decimal comma.
    let expected = choice(&[
        ("Ban hành kịp thời", "1"),
        ("Ban hành không kịp thời", "0.5"),
        ("Không ban hành", "0"),
    ]);
    for text in [
        "Ban hành kịp thời: 1 | Ban hành không kịp thời: 0,5 | Không ban hành: 0",
        "Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0",
        "- Ban hành kịp thời: 1 điểm;\n- Ban hành không kịp thời: 0,5 điểm;\n- Không ban hành: 0 điểm.",
        "Ban hành kịp thời: 1 điểm; Ban hành không kịp thời: 0.5 điểm; Không ban hành: 0 điểm.",
    ] {
        assert_eq!(parse_rule(text, d("1")), Some(expected.clone()), "{text}");
    }
}

#[test]
fn a_yes_and_a_no_worth_the_maximum_and_zero_are_a_boolean() {
    // Cà Mau 1.1.3 and 1.2.2.
    assert_eq!(
        parse_rule("Đạt yêu cầu: 1 | Không đạt yêu cầu: 0", d("1")),
        Some(boolean("Đạt yêu cầu", "Không đạt yêu cầu"))
    );
    // Cà Mau 1.1.2 and 1.2.1: conjunctions, the no starting with "Không".
    assert_eq!(
        parse_rule(
            "Xác định đầy đủ nhiệm vụ và có bố trí kinh phí: 1\nKhông xác định đầy đủ nhiệm vụ hoặc không bố trí kinh phí: 0",
            d("1")
        ),
        Some(boolean(
            "Xác định đầy đủ nhiệm vụ và có bố trí kinh phí",
            "Không xác định đầy đủ nhiệm vụ hoặc không bố trí kinh phí"
        ))
    );
    assert_eq!(parse_rule("Có: 1,5; Không: 0", d("1.5")), Some(boolean("Có", "Không")));
    // The yes may be the negated one, and may come second.
    assert_eq!(
        parse_rule("Vượt số được giao: 0; Không vượt số được giao: 1", d("1")),
        Some(boolean("Không vượt số được giao", "Vượt số được giao"))
    );
    // Two options that are not a yes and a no stay a choice; so do points other than max / 0.
    assert_eq!(
        parse_rule("Kịp thời: 1; Chậm: 0", d("1")),
        Some(choice(&[("Kịp thời", "1"), ("Chậm", "0")]))
    );
    assert_eq!(
        parse_rule("Đạt: 1; Không đạt: 0,5", d("1")),
        Some(choice(&[("Đạt", "1"), ("Không đạt", "0.5")]))
    );
}

#[test]
fn percentage_tiers_are_bands_with_the_bounds_the_words_say() {
    // Cà Mau 1.1.4: "trên" excludes 90, "từ 70% - 90%" includes both ends, "dưới" excludes 70.
    let ca_mau = "Thực hiện trên 90% kế hoạch: 2 | Thực hiện từ 70% - 90% kế hoạch: 1 | Dưới 70% kế hoạch: 0";
    assert_eq!(
        parse_rule(ca_mau, d("2")),
        Some(Rule::Bands {
            input: RatioInput::Percent,
            bands: vec![
                band("0", true, "70", false, "0"),
                band("70", true, "90", true, "1"),
                band("90", false, "100", true, "2"),
            ],
        })
    );
    // Section 4: "Từ 90% trở lên … ; từ 80% đến dưới 90%: 01 điểm; …; dưới 50%: 0 điểm".
    let tiers = "Từ 90% trở lên: 2 điểm; từ 80% đến dưới 90%: 01 điểm; từ 70% đến dưới 80%: 0,5 điểm; từ 50% đến dưới 70%: 0,25 điểm; dưới 50%: 0 điểm";
    assert_eq!(
        parse_rule(tiers, d("2")),
        Some(Rule::Bands {
            input: RatioInput::Percent,
            bands: vec![
                band("0", true, "50", false, "0"),
                band("50", true, "70", false, "0.25"),
                band("70", true, "80", false, "0.5"),
                band("80", true, "90", false, "1"),
                band("90", true, "100", true, "2"),
            ],
        })
    );
    // Words between the percentage and "trở lên"; "đến" alone includes the upper bound.
    assert_eq!(
        parse_rule("Từ 95% dự toán trở lên: 1; từ 85% đến 95%: 0,5; Dưới 85%: 0", d("1")),
        Some(Rule::Bands {
            input: RatioInput::Percent,
            bands: vec![
                band("0", true, "85", false, "0"),
                band("85", true, "95", true, "0.5"),
                band("95", true, "100", true, "1"),
            ],
        })
    );
}

#[test]
fn a_ratio_defined_as_a_fraction_makes_the_input_a_fraction() {
    // Section 4's ratio definition, then tiers.
    let text = "Tỷ lệ % = (Tổng số hồ sơ TTHC được giải quyết đúng hạn / Tổng số hồ sơ tiếp nhận, giải quyết) × 100. Từ 90% trở lên: 1 điểm; từ 70% đến dưới 90%: 0,5 điểm; dưới 70%: 0 điểm.";
    assert_eq!(
        parse_rule(text, d("1")),
        Some(Rule::Bands {
            input: RatioInput::Fraction,
            bands: vec![
                band("0", true, "70", false, "0"),
                band("70", true, "90", false, "0.5"),
                band("90", true, "100", true, "1"),
            ],
        })
    );
}

#[test]
fn share_times_maximum_is_proportional() {
    // Section 4: "Điểm = Tỷ lệ × điểm tối đa".
    let percent = Some(Rule::Proportional { input: RatioInput::Percent });
    let fraction = Some(Rule::Proportional { input: RatioInput::Fraction });
    assert_eq!(parse_rule("Điểm = Tỷ lệ × điểm tối đa", d("2")), percent);
    assert_eq!(
        parse_rule("Điểm = Tỷ lệ % thực hiện kế hoạch tuyên truyền CCHC × 0,5 điểm.", d("0.5")),
        percent
    );
    assert_eq!(
        parse_rule(
            "Điểm = (Số câu hỏi được trả lời đúng thời hạn / Tổng số câu hỏi tiếp nhận) × 1 điểm.",
            d("1")
        ),
        fraction
    );
    // Times a number that is not the maximum is not this rule.
    assert_eq!(parse_rule("Điểm = Tỷ lệ × 0,5 điểm", d("1")), None);
}

#[test]
fn each_violation_deducts() {
    // Section 4: "bị 0 điểm và bị trừ 0,25 điểm"; "mỗi lần … bị trừ 25% điểm".
    assert_eq!(
        parse_rule(
            "Đủ số lượng, đúng thời hạn: 1 điểm. Mỗi báo cáo chậm trừ 0,25 điểm, tối thiểu 0 điểm.",
            d("1")
        ),
        Some(Rule::Deduction { per: d("0.25") })
    );
    assert_eq!(
        parse_rule("Mỗi lần chậm báo cáo bị trừ 25% điểm", d("2")),
        Some(Rule::Deduction { per: d("0.5") })
    );
}

#[test]
fn each_item_counts_up_to_a_cap() {
    // Section 4: "mỗi ứng dụng …: 1 điểm, tổng điểm … không quá 5 điểm".
    assert_eq!(
        parse_rule("Mỗi ứng dụng được đưa vào sử dụng: 1 điểm, tổng điểm không quá 5 điểm", d("5")),
        Some(Rule::Count { per: d("1") })
    );
    assert_eq!(
        parse_rule("Mỗi sáng kiến được công nhận được 0,5 điểm, tối đa 1 điểm", d("1")),
        Some(Rule::Count { per: d("0.5") })
    );
}

#[test]
fn survey_and_self_scored_forms() {
    assert_eq!(
        parse_rule(
            "Điểm = Tỷ lệ % hài lòng theo kết quả điều tra xã hội học (SIPAS) × 1,5 điểm.",
            d("1.5")
        ),
        Some(Rule::Survey)
    );
    assert_eq!(
        parse_rule("Tự chấm từ 0 đến 1 điểm, bước 0,25", d("1")),
        Some(Rule::Manual { step: Some(d("0.25")) })
    );
    assert_eq!(parse_rule("Tự chấm từ 0 đến 2 điểm", d("2")), Some(Rule::Manual { step: None }));
    assert_eq!(
        parse_rule(
            "Các trường hợp khác, Hội đồng thẩm định chấm từ 0 đến dưới 1 điểm (bước 0,25 điểm)",
            d("1")
        ),
        Some(Rule::Manual { step: Some(d("0.25")) })
    );
}

#[test]
fn not_applicable_sentences() {
    // Section 4: "Trong năm đánh giá không có phản ánh, kiến nghị … được tính 02 điểm" is full
    // points; its general wording in decisions is "… thì được tính điểm tối đa".
    let full =
        "Đạt: 1; Không đạt: 0. Trong năm không có phản ánh, kiến nghị thì được tính điểm tối đa.";
    assert_eq!(parse_na(full), Some(Na::Full));
    assert_eq!(parse_rule(full, d("1")), Some(boolean("Đạt", "Không đạt")));
    let exclude = "Đạt: 1; Không đạt: 0. Cơ quan không có thủ tục hành chính thì không đánh giá tiêu chí này.";
    assert_eq!(parse_na(exclude), Some(Na::Exclude));
    assert_eq!(parse_na("Có: 4; Không: 0. Không phát sinh: tính điểm tối đa"), Some(Na::Full));
    assert_eq!(
        parse_na("Có: 4; Không: 0. Không áp dụng: loại khỏi điểm tối đa"),
        Some(Na::Exclude)
    );
    assert_eq!(parse_na("Mỗi kết quả được 0,5 điểm, tối đa 2 điểm"), None);
}

#[test]
fn text_in_no_known_form_is_not_guessed() {
    for text in [
        "",
        "Hội đồng thẩm định xem xét, quyết định",
        "Thực hiện tốt: 1 điểm; thực hiện còn hạn chế: 0,5 điểm; không thực hiện: 0 điểm. Hội đồng thẩm định chấm căn cứ báo cáo.",
        "Ban hành kịp thời: 1",
        "Từ 70% và 90%: 1",
    ] {
        assert_eq!(parse_rule(text, d("1")), None, "{text}");
    }
}

/// `describe` must read back into the same rule and na, for every leaf of every shipped set.
#[test]
fn describe_reads_back_exactly() {
    for (shipped, set) in catalog::load_all() {
        let set = set.unwrap();
        for node in set.all_nodes().into_iter().filter(|n| n.is_leaf()) {
            let text = describe(node, Lang::Vi);
            let what = format!("{} {}: {text}", shipped.path, node.code);
            assert_eq!(parse_rule(&text, node.max).as_ref(), node.rule.as_ref(), "{what}");
            assert_eq!(parse_na(&text), node.na, "{what}");
        }
    }
    // Bounds describe writes that the shipped sets lack.
    let node = |bands: Vec<Band>| parscore_core::Node {
        code: "1".into(),
        name: "x".into(),
        max: d("1"),
        children: vec![],
        rule: Some(Rule::Bands { input: RatioInput::Percent, bands }),
        guidance: None,
        evidence: vec![],
        owner: None,
        method: parscore_core::Method::SelfAssessed,
        previous_code: None,
        na: None,
    };
    for bands in [
        vec![band("0", true, "100", true, "1")],
        vec![
            band("0", true, "50", true, "0"),
            band("50", false, "60", false, "0.5"),
            band("60", true, "100", true, "1"),
        ],
        vec![
            band("0", true, "72.5", false, "0"),
            band("72.5", true, "100", false, "0.5"),
            band("100", true, "100", true, "1"),
        ],
    ] {
        let n = node(bands);
        let text = describe(&n, Lang::Vi);
        assert_eq!(parse_rule(&text, n.max), n.rule, "{text}");
    }
}

/// The shipped sets' `guidance` is decision wording; the importer reads nearly all of it into
/// the set's own rule. Where it cannot, the difference is listed here.
#[test]
fn reads_the_shipped_guidance_wording() {
    // The guidance words a label at more length than the set: the yes of a boolean (1.4.2,
    // 3.2.4, 4.4.1), the first option of 4.1.1 ("… theo quy định của Chính phủ …").
    let kind_only = ["1.4.2", "3.2.4", "4.1.1", "4.4.1"];
    let unreadable = ["4.4.2"]; // "Thực hiện tốt: 1 …. Hội đồng thẩm định chấm căn cứ …"
    for (shipped, set) in catalog::load_all() {
        let set = set.unwrap();
        for node in set.all_nodes().into_iter().filter(|n| n.is_leaf()) {
            let text = node.guidance.as_deref().unwrap();
            let what = format!("{} {}: {text}", shipped.path, node.code);
            let got = parse_rule(text, node.max);
            if unreadable.contains(&node.code.as_str()) {
                assert_eq!(got, None, "{what}");
            } else if kind_only.contains(&node.code.as_str()) {
                assert_eq!(got.map(|r| r.kind()), node.rule.as_ref().map(Rule::kind), "{what}");
            } else {
                assert_eq!(got.as_ref(), node.rule.as_ref(), "{what}");
            }
            assert_eq!(parse_na(text), node.na, "{what}");
        }
    }
}
