//! Which years may be compared: last year's must come before this year's. One check, worded
//! for two workbooks (`compare`, `plan`, `score --previous`) and for two folders (`rank
//! --previous-dir`).

use parscore_core::Text;

/// Two workbooks to compare: `previous` (of `previous_year`) must be of an earlier year than
/// `current`.
///
/// ```
/// use parscore_report::check_pair_years;
/// assert!(check_pair_years(("a.xlsx", 2024), ("b.xlsx", 2025)).is_ok());
/// let err = check_pair_years(("b.xlsx", 2025), ("a.xlsx", 2024)).unwrap_err();
/// assert_eq!(err.en, "b.xlsx is for 2025 and a.xlsx for 2024: give last year's workbook first");
/// ```
pub fn check_pair_years(previous: (&str, u16), current: (&str, u16)) -> Result<(), Text> {
    let ((p, py), (c, cy)) = (previous, current);
    if py == cy {
        return Err(Text::new(
            format!("{p} và {c} đều là năm {cy}: so sánh cần bảng tính của hai năm khác nhau"),
            format!("{p} and {c} are both for {cy}: a comparison needs two different years"),
        ));
    }
    if py > cy {
        return Err(Text::new(
            format!("{p} là năm {py} còn {c} là năm {cy}: hãy ghi bảng tính năm trước trước"),
            format!("{p} is for {py} and {c} for {cy}: give last year's workbook first"),
        ));
    }
    Ok(())
}

/// `--previous-dir` must hold an earlier year than the ranking: a folder of the same year (or
/// the ranked folder itself) would print changes that compare nothing.
pub fn check_folder_years(previous_year: u16, current_year: u16) -> Result<(), Text> {
    if previous_year < current_year {
        return Ok(());
    }
    let (then, now) = (previous_year, current_year);
    Err(Text::new(
        format!(
            "--previous-dir là các bảng tính năm {then}, nhưng bảng xếp hạng là năm {now}: thư mục \
             năm trước phải là của một năm trước đó"
        ),
        format!(
            "--previous-dir holds workbooks of {then}, but the ranking is of {now}: last year's \
             folder must be of an earlier year"
        ),
    ))
}

/// A note, not an error: last year's folder is older than the year before this one (a gap is
/// possible, e.g. a year without a ranking).
pub fn folder_gap(previous_year: u16, current_year: u16) -> Option<Text> {
    let (then, now) = (previous_year, current_year);
    (then < now && then + 1 != now).then(|| {
        Text::new(
            format!(
                "thư mục năm trước là năm {then}, cách năm {now} hơn một năm: so sánh với kết quả \
                 năm {then}"
            ),
            format!(
                "last year's folder is for {then}, more than a year before {now}: the changes are \
                 since {then}"
            ),
        )
    })
}
