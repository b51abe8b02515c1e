//! The template's input cells: which cells of a leaf's row the unit fills in (as
//! [`crate::layout`] says for each rule kind) and the data validation of each, with its
//! Vietnamese prompt and error message.
//!
//! Drop-down lists that do not fit Excel's 255-character inline limit (or whose labels hold a
//! comma, the inline separator) go to the hidden sheet `Danh mục` and are referenced from there.
//!
//! The drop-downs are the normal path: what they let through, the formulas of
//! [`crate::formulas`] score exactly as parscore does (Excel lets a typed "có" through a list
//! holding "Có", and the formulas fold case). A leaf that may be "not applicable" offers the
//! label that says what that does ([`parscore_sheet::layout::na_label`]).

use parscore_core::{fmt_decimal, Decimal, Lang, Na, Node, RatioInput, Rule};
use rust_xlsxwriter::utility::{cell_range_absolute, quote_sheet_name};
use rust_xlsxwriter::{DataValidation, DataValidationRule, Formula, Worksheet, XlsxError};

use crate::error::{Context, WriteError};
use crate::formulas::{cell, text, NO, YES};
use crate::style::num;
use parscore_sheet::layout::NOT_APPLICABLE;
use parscore_sheet::{input_cols, na_label, Col};

/// The hidden sheet holding drop-down lists too long to write inline.
pub const LISTS_SHEET: &str = "Danh mục";

/// Excel's limit on an inline list, commas included, in UTF-16 units; also on the formula of
/// a custom validation.
const INLINE_LIMIT: usize = 255;

/// The cells of a leaf's row the unit fills in: its rule's input cells, Số liệu when it may be
/// "not applicable", and the evidence, explanation, appraisal and owner.
pub(crate) fn fill_cols(node: &Node) -> Vec<Col> {
    let mut cols = node.rule.as_ref().map_or(&[][..], input_cols).to_vec();
    // "Không áp dụng" is always entered in Số liệu.
    if node.na.is_some() && !cols.contains(&Col::Value) {
        cols.push(Col::Value);
    }
    cols.extend([Col::Evidence, Col::Explanation, Col::Appraised, Col::Owner]);
    cols.sort();
    cols
}

/// Drop-down lists kept on the `Danh mục` sheet, one column each, the code on top.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    columns: Vec<(String, Vec<String>)>,
}

impl Lists {
    /// The source of a drop-down of `labels`: inline when it fits, else a range on `Danh mục`.
    fn source(&mut self, code: &str, labels: &[String]) -> Result<DataValidation, XlsxError> {
        let joined = labels.join(",");
        let inline = joined.encode_utf16().count() <= INLINE_LIMIT
            && !labels.iter().any(|l| l.contains(',') || l.contains('"'));
        if inline {
            return DataValidation::new().allow_list_strings(labels);
        }
        let col = u16::try_from(self.columns.len()).unwrap_or(u16::MAX);
        let last = u32::try_from(labels.len()).unwrap_or(u32::MAX);
        self.columns.push((code.to_string(), labels.to_vec()));
        let range = cell_range_absolute(1, col, last, col);
        let reference = format!("={}!{range}", quote_sheet_name(LISTS_SHEET));
        Ok(DataValidation::new().allow_list_formula(Formula::new(reference)))
    }

    /// The hidden `Danh mục` sheet, when any list needed it.
    pub(crate) fn sheet(&self) -> Result<Option<Worksheet>, WriteError> {
        if self.columns.is_empty() {
            return Ok(None);
        }
        let mut sheet = Worksheet::new();
        sheet.set_name(LISTS_SHEET).writing(|| format!("the sheet {LISTS_SHEET}"))?;
        for (col, (code, labels)) in (0u16..).zip(&self.columns) {
            let at = || format!("the drop-down list of {code} on '{LISTS_SHEET}'");
            sheet.write_string(0, col, code).writing(at)?;
            for (row, label) in (1u32..).zip(labels) {
                sheet.write_string(row, col, label).writing(at)?;
            }
            sheet.set_column_width(col, 30).writing(at)?;
        }
        sheet.set_hidden(true);
        sheet.protect();
        Ok(Some(sheet))
    }
}

/// The data validation of every validated input cell of the leaf `node` on `row`.
pub(crate) fn validations(
    node: &Node,
    row: u32,
    lists: &mut Lists,
) -> Result<Vec<(Col, DataValidation)>, WriteError> {
    let vi = |d: Decimal| fmt_decimal(d, Lang::Vi);
    let max = vi(node.max);
    let e = cell(row, Col::Value);
    let na = node.na.is_some();
    let na_text = node.na.map(na_label).unwrap_or_default();
    // When the leaf does not apply: the label to pick from a list, or a short word to type
    // (the reader takes both) with what it does.
    let when = if node.na == Some(Na::Full) { "không phát sinh" } else { "không áp dụng" };
    let pick = if na { format!(" Nếu {when}, chọn \"{na_text}\".") } else { String::new() };
    let typed = match node.na {
        Some(Na::Full) => " Nếu không phát sinh, gõ \"Không phát sinh\" (tính điểm tối đa).",
        Some(Na::Exclude) => " Nếu không áp dụng, gõ \"Không áp dụng\" (loại khỏi điểm tối đa).",
        None => "",
    };
    let at = |col: Col| format!("the data validation of {} ({})", cell(row, col), node.code);
    let mut out = Vec::new();
    let list = |labels: Vec<String>, lists: &mut Lists| -> Result<DataValidation, WriteError> {
        let mut labels = labels;
        if na {
            labels.push(na_text.into());
        }
        lists.source(&node.code, &labels).writing(|| at(Col::Value))
    };
    // A number in `range`, or a "not applicable" word when the node allows it.
    let number_or_na = |whole: bool, hi: Option<Decimal>| -> DataValidation {
        if na {
            let int = if whole { format!(",{e}=INT({e})") } else { String::new() };
            let hi = hi.map(|h| format!(",{e}<={}", crate::formulas::lit(h))).unwrap_or_default();
            let number = format!("AND(ISNUMBER({e}),{e}>=0{hi}{int})");
            DataValidation::new().allow_custom(Formula::new(number_or_words(&e, &number, na_text)))
        } else if whole {
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        } else {
            let rule = match hi {
                Some(h) => DataValidationRule::Between(0.0, num(h)),
                None => DataValidationRule::GreaterThanOrEqualTo(0.0),
            };
            DataValidation::new().allow_decimal_number(rule)
        }
    };
    let percent_msg = "Nhập tỷ lệ phần trăm từ 0 đến 100, ví dụ 85 cho 85%. \
                       Tỷ lệ từ 1% trở xuống gõ kèm dấu %, ví dụ 0,5%.";
    let (value, title, message, error): (Option<DataValidation>, &str, String, String) =
        match &node.rule {
            Some(Rule::Choice { options }) => (
                Some(list(options.iter().map(|o| o.label.clone()).collect(), lists)?),
                "Chọn kết quả",
                format!("Chọn một kết quả trong danh sách.{pick}"),
                "Chỉ được chọn một kết quả trong danh sách.".into(),
            ),
            Some(Rule::Boolean { .. }) => (
                Some(list(vec![YES.into(), NO.into()], lists)?),
                "Có hoặc Không",
                format!("Chọn \"{YES}\" nếu đạt ({max} điểm), \"{NO}\" nếu không đạt.{pick}"),
                format!("Chỉ được chọn \"{YES}\" hoặc \"{NO}\"."),
            ),
            Some(Rule::Bands { input: RatioInput::Percent, .. })
            | Some(Rule::Proportional { input: RatioInput::Percent }) => (
                Some(number_or_na(false, Some(Decimal::ONE_HUNDRED))),
                "Tỷ lệ (%)",
                format!("{percent_msg}{typed}"),
                "Tỷ lệ phải là số từ 0 đến 100.".into(),
            ),
            Some(Rule::Survey) => (
                Some(number_or_na(false, Some(Decimal::ONE_HUNDRED))),
                "Kết quả khảo sát (%)",
                format!("Nhập kết quả điều tra xã hội học, từ 0 đến 100 (%).{typed}"),
                "Kết quả khảo sát phải là số từ 0 đến 100.".into(),
            ),
            Some(Rule::Deduction { per }) => (
                Some(number_or_na(true, None)),
                "Số vi phạm",
                format!("Nhập số vi phạm (số nguyên, từ 0); mỗi vi phạm trừ {} điểm.{typed}", vi(*per)),
                "Số vi phạm phải là số nguyên không âm.".into(),
            ),
            Some(Rule::Count { per }) => (
                Some(number_or_na(true, None)),
                "Số kết quả",
                format!(
                    "Nhập số kết quả (số nguyên, từ 0); mỗi kết quả được {} điểm, tối đa {max} điểm.{typed}",
                    vi(*per)
                ),
                "Số kết quả phải là số nguyên không âm.".into(),
            ),
            // Manual and fraction rules take their input elsewhere; Số liệu only says N/A. A
            // manual score typed beside it would still show in Excel, so it must stay blank.
            _ if na => (
                Some(list(Vec::new(), lists)?),
                if node.na == Some(Na::Full) { "Không phát sinh?" } else { "Không áp dụng?" },
                format!(
                    "Chọn \"{na_text}\" nếu tiêu chí {when}{}; để trống nếu có.",
                    if matches!(node.rule, Some(Rule::Manual { .. })) {
                        " (khi đó để trống Điểm tự chấm)"
                    } else {
                        ""
                    }
                ),
                format!("Chỉ được chọn \"{na_text}\" hoặc để trống."),
            ),
            _ => (None, "", String::new(), String::new()),
        };
    if let Some(v) = value {
        out.push((Col::Value, prompt(v, title, &message, &error).writing(|| at(Col::Value))?));
    }

    match &node.rule {
        Some(Rule::Manual { step }) => {
            let step = step.map(|s| format!(", bước {}", vi(s))).unwrap_or_default();
            let v = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, num(node.max)));
            let msg = format!("Nhập điểm tự chấm từ 0 đến {max}{step}.");
            let err = format!("Điểm phải từ 0 đến {max}{step}.");
            let v = prompt(v, "Điểm tự chấm", &msg, &err).writing(|| at(Col::SelfScore))?;
            out.push((Col::SelfScore, v));
        }
        Some(Rule::Bands { input: RatioInput::Fraction, .. })
        | Some(Rule::Proportional { input: RatioInput::Fraction }) => {
            let nonneg = || {
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            };
            let v = prompt(
                nonneg(),
                "Tử số",
                "Nhập tử số (số từ 0, không lớn hơn mẫu số).",
                "Tử số phải là số không âm.",
            );
            out.push((Col::Numerator, v.writing(|| at(Col::Numerator))?));
            let v = prompt(
                nonneg(),
                "Mẫu số",
                "Nhập mẫu số (số lớn hơn 0).",
                "Mẫu số phải là số không âm.",
            );
            out.push((Col::Denominator, v.writing(|| at(Col::Denominator))?));
        }
        _ => {}
    }

    let v =
        DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, num(node.max)));
    let msg = format!("Dành cho Hội đồng thẩm định: điểm từ 0 đến {max}.");
    let v = prompt(v, "Điểm thẩm định", &msg, &format!("Điểm thẩm định phải từ 0 đến {max}."));
    out.push((Col::Appraised, v.writing(|| at(Col::Appraised))?));
    Ok(out)
}

/// A custom validation's test: `number` holds, or the cell `e` holds a "not applicable" word —
/// `label` first, then the reader's other words as long as the formula stays within Excel's
/// 255 characters (a formula cannot use the named list there). `=` on text ignores case.
fn number_or_words(e: &str, number: &str, label: &str) -> String {
    let mut tests: Vec<String> = Vec::new();
    let folded = parscore_core::fold_label(label);
    let words = std::iter::once(folded.as_str())
        .chain(NOT_APPLICABLE.iter().copied().filter(|w| *w != folded));
    for word in words {
        let test = format!("TRIM({e})={}", text(word));
        let len =
            |tests: &[String]| format!("OR({},{number})", tests.join(",")).encode_utf16().count();
        tests.push(test);
        if len(&tests) > INLINE_LIMIT {
            tests.pop();
        }
    }
    format!("OR({},{number})", tests.join(","))
}

/// Adds the input prompt and the error message to a validation.
fn prompt(
    v: DataValidation,
    title: &str,
    message: &str,
    error: &str,
) -> Result<DataValidation, XlsxError> {
    v.set_input_title(title)?
        .set_input_message(message)?
        .set_error_title("Giá trị không hợp lệ")?
        .set_error_message(error)
}
