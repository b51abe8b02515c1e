//! The layout of the self-assessment sheet, shared by the template writer and the reader.
//!
//! The reader finds columns by header text, so users may reorder them or add their own; these
//! are the headers parscore writes and the names it looks for.
//!
//! How each input is entered, per rule kind:
//! - `manual`: the score in `Điểm tự chấm`;
//! - `boolean`: `Số liệu` = Có/Không (also the rule's own labels, x, yes/no, 1/0, đạt/không đạt);
//! - `choice`: `Số liệu` = one option's label;
//! - `bands`/`proportional` with percent input, `survey`: `Số liệu` = a percentage (85, "85%",
//!   "85,5" or a share 0.85: numbers up to 1 are read as shares of 1);
//! - `bands`/`proportional` with fraction input: `Tử số` and `Mẫu số`;
//! - `deduction`/`count`: `Số liệu` = a whole number;
//! - any rule with `na`: `Số liệu` = one of [`NOT_APPLICABLE`]; the template offers
//!   [`NA_FULL_LABEL`] or [`NA_EXCLUDE_LABEL`], which say what the choice does.

use parscore_core::{Na, RatioInput, Rule};

/// The sheet a unit fills in.
pub const SHEET: &str = "Tự đánh giá";
/// The hidden sheet recording which set, unit and year a template was made for.
pub const META_SHEET: &str = "parscore";

/// A column of the self-assessment sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Col {
    /// `Mã`: the criterion code, written as text.
    Code,
    /// `Nội dung`: the criterion's name.
    Name,
    /// `Điểm tối đa`: its maximum.
    Max,
    /// `Cách chấm`: the rule in words.
    Rule,
    /// `Số liệu`: the input (a choice, Có/Không, a percentage, a count).
    Value,
    /// `Tử số`: numerator of a ratio.
    Numerator,
    /// `Mẫu số`: denominator of a ratio.
    Denominator,
    /// `Điểm tự chấm`: the self-assessed score (the input itself for manual rules).
    SelfScore,
    /// `Tài liệu kiểm chứng`: evidence cited.
    Evidence,
    /// `Giải trình`: the unit's explanation.
    Explanation,
    /// `Điểm thẩm định`: the appraisal council's score.
    Appraised,
    /// `Đơn vị chủ trì`: the division that answers for it.
    Owner,
}

impl Col {
    /// Every column, in the template's order.
    pub const ALL: [Col; 12] = [
        Col::Code,
        Col::Name,
        Col::Max,
        Col::Rule,
        Col::Value,
        Col::Numerator,
        Col::Denominator,
        Col::SelfScore,
        Col::Evidence,
        Col::Explanation,
        Col::Appraised,
        Col::Owner,
    ];

    /// The header parscore writes.
    pub fn header(self) -> &'static str {
        match self {
            Col::Code => "Mã",
            Col::Name => "Nội dung",
            Col::Max => "Điểm tối đa",
            Col::Rule => "Cách chấm",
            Col::Value => "Số liệu",
            Col::Numerator => "Tử số",
            Col::Denominator => "Mẫu số",
            Col::SelfScore => "Điểm tự chấm",
            Col::Evidence => "Tài liệu kiểm chứng",
            Col::Explanation => "Giải trình",
            Col::Appraised => "Điểm thẩm định",
            Col::Owner => "Đơn vị chủ trì",
        }
    }

    /// Other headers real workbooks use for the same column (compared after folding).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Code => &["STT", "Mã tiêu chí", "Mã số"],
            Col::Name => {
                &["Tiêu chí", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Nội dung tiêu chí"]
            }
            Col::Max => &["Điểm tối đa (điểm)", "Điểm chuẩn"],
            Col::Rule => &["Hướng dẫn chấm điểm", "Cách tính điểm"],
            Col::Value => &["Số liệu tự đánh giá", "Kết quả"],
            Col::Numerator => &[],
            Col::Denominator => &[],
            Col::SelfScore => &["Tự đánh giá", "Điểm tự đánh giá", "Tự chấm"],
            Col::Evidence => &["Tài liệu kiểm chứng (số, ngày, trang)", "Tài liệu"],
            Col::Explanation => &["Giải trình", "Ghi chú"],
            Col::Appraised => &["SNV đánh giá", "Điểm thẩm định của Hội đồng"],
            Col::Owner => &["Đơn vị thực hiện", "Phòng chủ trì"],
        }
    }

    /// The column's position in the template (0 = A).
    pub fn index(self) -> u16 {
        // ALL lists every variant once, in order.
        Col::ALL.iter().position(|c| *c == self).unwrap_or(0) as u16
    }
}

/// The columns a leaf scored by `rule` takes its input from, in reading order: the one place
/// that maps a rule to its cells (the template's input cells, the reader's required columns,
/// the cell a scoring problem is placed on). No catch-all: a new rule kind must say here where
/// its input goes. "Not applicable" is always written in [`Col::Value`], whatever the rule.
///
/// ```
/// use parscore_core::{RatioInput, Rule};
/// use parscore_sheet::{input_cols, Col};
/// let ratio = Rule::Proportional { input: RatioInput::Fraction };
/// assert_eq!(input_cols(&ratio), [Col::Numerator, Col::Denominator]);
/// assert_eq!(input_cols(&Rule::Manual { step: None }), [Col::SelfScore]);
/// ```
pub fn input_cols(rule: &Rule) -> &'static [Col] {
    match rule {
        Rule::Manual { .. } => &[Col::SelfScore],
        Rule::Bands { input: RatioInput::Fraction, .. }
        | Rule::Proportional { input: RatioInput::Fraction } => &[Col::Numerator, Col::Denominator],
        Rule::Bands { input: RatioInput::Percent, .. }
        | Rule::Proportional { input: RatioInput::Percent }
        | Rule::Boolean { .. }
        | Rule::Choice { .. }
        | Rule::Deduction { .. }
        | Rule::Count { .. }
        | Rule::Survey => &[Col::Value],
    }
}

/// Template rows: a title and details above the header, so `HEADER_ROW` is 0-based row 4 (Excel
/// row 5) and the first criterion sits on the row below.
pub const HEADER_ROW: u32 = 4;
/// The template's row (0-based) naming the unit: [`UNIT_LABEL`] in `Mã`'s column, the name in
/// the cell beside it.
pub const UNIT_ROW: u32 = 1;
/// The label of the unit's name; the reader also takes "Đơn vị: NAME" in one cell, as parscore
/// 0.1 wrote it.
pub const UNIT_LABEL: &str = "Đơn vị:";

/// Keys of the hidden `parscore` sheet (column A), each with its value in column B.
pub mod meta {
    /// The criteria set's id.
    pub const SET_ID: &str = "set_id";
    /// [`parscore_core::CriteriaSet::content_hash`] of the set.
    pub const SET_HASH: &str = "set_hash";
    /// The unit's name, e.g. "Sở Xây dựng".
    pub const UNIT: &str = "unit";
    /// The assessment year.
    pub const YEAR: &str = "year";
    /// The parscore version that wrote the workbook.
    pub const VERSION: &str = "parscore_version";
}

/// What the template's drop-downs offer for "not applicable" on a leaf with `na: full`: the
/// leaf then scores its maximum, as the label says.
pub const NA_FULL_LABEL: &str = "Không phát sinh (tính điểm tối đa)";
/// What the template's drop-downs offer for "not applicable" on a leaf with `na: exclude`: the
/// leaf then leaves the maximum, as the label says. (Both labels use the words of the rule's
/// description in `Cách chấm`: "Không phát sinh: tính điểm tối đa", "Không áp dụng: loại khỏi
/// điểm tối đa".)
pub const NA_EXCLUDE_LABEL: &str = "Không áp dụng (loại khỏi điểm tối đa)";

/// The "not applicable" label the template offers for a leaf with `na`.
pub fn na_label(na: Na) -> &'static str {
    match na {
        Na::Full => NA_FULL_LABEL,
        Na::Exclude => NA_EXCLUDE_LABEL,
    }
}

/// Words that mean "not applicable" in the `Số liệu` column (folded): the short words users
/// write, the single label earlier templates offered ("Không áp dụng"), and
/// [`NA_FULL_LABEL`] and [`NA_EXCLUDE_LABEL`]. Any of them declares a leaf not applicable;
/// the leaf's `na` decides what that does. The template's formulas test the same list.
pub const NOT_APPLICABLE: &[&str] = &[
    "không áp dụng",
    "không phát sinh",
    "kad",
    "kpp",
    "n/a",
    "na",
    "không có phát sinh",
    "không phát sinh (tính điểm tối đa)",
    "không áp dụng (loại khỏi điểm tối đa)",
];
