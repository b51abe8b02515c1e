//! Loading what the commands work on: a workbook read and scored on its set, two years paired
//! and compared. It prints nothing: problems that stop a command travel as [`Unscored`], which
//! `main` renders.

use std::path::Path;

use parscore_core::{
    compare, Basis, CompareOptions, Comparison, Decimal, RankUp, ScoreOptions, Standing,
};
use parscore_docx::Letterhead;
use parscore_read::{Limits, Workbook};
use parscore_report::{check_pair_years, Scored};
use parscore_sheet::CellProblem;

use crate::msg::bail_t;
use crate::sets;

/// Reads `path` and scores it with `set_arg` (or the set the workbook records), within
/// `limits` (a broken limit names the flag raising it).
pub fn score_file(
    path: &Path,
    set_arg: Option<&str>,
    limits: &Limits,
    options: &ScoreOptions,
) -> anyhow::Result<Scored> {
    let wb = Workbook::open_with(path, limits).map_err(crate::limits::explain)?;
    let set = match (set_arg, wb.set_id()) {
        (Some(arg), _) => sets::resolve(arg)?.set,
        // A workbook names a shipped set only: never a file (its record could say /dev/zero).
        (None, Some(id)) if !parscore_core::is_set_id(id) => {
            let (path, id) = (path.display(), crate::term::clip(id, 60));
            bail_t!(
                format!(
                    "{path}: bảng tính ghi bộ tiêu chí \"{id}\", không phải mã bộ tiêu chí \
                     (tỉnh/cấp/năm, như lai-chau/so/2025); dùng --set với mã hoặc tệp JSON của bộ \
                     tiêu chí"
                ),
                format!(
                    "{path}: the workbook records the criteria set \"{id}\", which is not a set id \
                     (province/level/year, such as lai-chau/so/2025); pass --set with its id or \
                     JSON file"
                ),
            )
        }
        (None, Some(id)) => match sets::shipped_set(id) {
            Some(set) => set,
            None => {
                let path = path.display();
                bail_t!(
                    format!(
                        "{path}: bảng tính được lập theo bộ tiêu chí {id}, bộ này không có sẵn trong \
                         parscore; dùng --set với tệp JSON của bộ tiêu chí"
                    ),
                    format!(
                        "{path}: the workbook was made for criteria set {id}, which this parscore \
                         does not ship; pass --set with its JSON file"
                    ),
                )
            }
        },
        (None, None) => {
            let path = path.display();
            bail_t!(
                format!(
                    "{path}: bảng tính không ghi bộ tiêu chí; dùng --set MÃ hoặc --set TỆP.json"
                ),
                format!(
                    "{path}: the workbook does not record its criteria set; pass --set ID or --set \
                     FILE.json"
                ),
            )
        }
    };
    Ok(Scored::new(&wb, &set, options))
}

/// Workbooks whose problems stop the command: every problem of each, to be shown together.
#[derive(Debug)]
pub struct Unscored {
    /// Each workbook refused, in the order given.
    pub workbooks: Vec<Refused>,
}

/// One workbook refused, with every problem found in it.
#[derive(Debug)]
pub struct Refused {
    /// The file.
    pub file: String,
    /// Every problem.
    pub problems: Vec<CellProblem>,
    /// Made for another set or year: `--lenient` would not help.
    pub for_another_set: bool,
}

impl std::fmt::Display for Unscored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files: Vec<&str> = self.workbooks.iter().map(|w| w.file.as_str()).collect();
        write!(f, "problems in {}; not scored", files.join(", "))
    }
}

impl std::error::Error for Unscored {}

/// Whether the command may go on with `workbooks`: without `lenient`, none may have a problem;
/// with it, none may be made for another set or year (its score would look plausible and be
/// wrong). Every workbook that stops it is in the error, with all its problems.
pub fn require_scoreable(workbooks: &[&Scored], lenient: bool) -> anyhow::Result<()> {
    let refused: Vec<Refused> = workbooks
        .iter()
        .filter(|s| !s.problems.is_empty() && (!lenient || s.for_another_set))
        .map(|s| Refused {
            file: s.file.clone(),
            problems: s.problems.clone(),
            for_another_set: s.for_another_set,
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(anyhow::Error::new(Unscored { workbooks: refused }))
    }
}

/// How two years are read and compared.
pub struct PairOptions<'a> {
    pub previous_set: Option<&'a str>,
    pub set: Option<&'a str>,
    /// Both years on this basis; by default last year appraised where its workbook has
    /// appraised scores, this year self-assessed.
    pub basis: Option<Basis>,
    pub low_threshold: Decimal,
    pub lenient: bool,
}

/// Both years scored, and compared.
pub struct Pair {
    pub previous: Scored,
    pub current: Scored,
    pub comparison: Comparison,
}

/// Scores both workbooks (every problem of both stops it together) and compares them.
pub fn pair(
    previous: &Path,
    current: &Path,
    o: &PairOptions<'_>,
    limits: &Limits,
) -> anyhow::Result<Pair> {
    let options = ScoreOptions::default();
    let previous = score_file(previous, o.previous_set, limits, &options)?;
    let current = score_file(current, o.set, limits, &options)?;
    require_scoreable(&[&previous, &current], o.lenient)?;
    let comparison = compare_scored(&previous, &current, o.basis, o.low_threshold)?;
    Ok(Pair { previous, current, comparison })
}

/// Compares two scored workbooks on `basis` (default: last year appraised where the workbook
/// has appraised scores, this year self-assessed); last year's must be of an earlier year.
pub fn compare_scored(
    previous: &Scored,
    current: &Scored,
    basis: Option<Basis>,
    low_threshold: Decimal,
) -> anyhow::Result<Comparison> {
    check_pair_years((&previous.file, previous.card.year()), (&current.file, current.card.year()))
        .map_err(crate::msg::text)?;
    let mut options = CompareOptions::default_for(&previous.card, &current.card);
    if let Some(b) = basis {
        options.previous_basis = b;
        options.current_basis = b;
    }
    options.low_threshold = low_threshold;
    Ok(compare(&previous.card, &current.card, &options))
}

/// Where `unit` (the unit this year's workbook `workbook` names) stood in the ranking file
/// `path`, and what one rank up took. The file must name the unit once.
pub fn rank_up(
    path: &Path,
    unit: Option<&str>,
    workbook: &str,
    limits: &Limits,
) -> anyhow::Result<RankUp> {
    let file = path.display().to_string();
    let bytes = parscore_read::read_file(path, limits)?;
    let ranking = parscore_read::read_ranking(&file, &bytes, limits)?;
    let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        bail_t!(
            format!(
                "{workbook}: bảng tính không ghi tên đơn vị, nên không tìm được đơn vị trong bảng \
                 xếp hạng {file}"
            ),
            format!("{workbook}: the workbook names no unit to look for in the ranking {file}"),
        )
    };
    match ranking.standing(unit) {
        Standing::Ranked(r) => Ok(r),
        Standing::Missing => {
            let mut names: Vec<&str> =
                ranking.units.iter().map(|l| l.unit.as_str()).take(8).collect();
            if ranking.units.len() > names.len() {
                names.push("…");
            }
            let (n, names) = (ranking.units.len(), names.join(", "));
            bail_t!(
                format!(
                    "{file}: bảng xếp hạng không có đơn vị \"{unit}\" (tên đơn vị ghi trong {workbook}); \
                     {n} đơn vị: {names}"
                ),
                format!(
                    "{file}: the ranking has no unit \"{unit}\" (the unit {workbook} names); {n} \
                     units: {names}"
                ),
            )
        }
        Standing::Repeated(n) => bail_t!(
            format!(
                "{file}: đơn vị \"{unit}\" có {n} dòng trong bảng xếp hạng; chỉ giữ lại một dòng"
            ),
            format!("{file}: the unit \"{unit}\" has {n} lines in the ranking; keep only one"),
        ),
    }
}

/// The letterhead file of a Kế hoạch (`--letterhead`), read within `limits` like every file
/// from outside.
pub fn letterhead(path: &Path, limits: &Limits) -> anyhow::Result<Letterhead> {
    let file = path.display().to_string();
    let bytes = parscore_read::read_file(path, limits)?;
    let Ok(json) = std::str::from_utf8(&bytes) else {
        bail_t!(
            format!("{file}: tệp thông tin văn bản phải là văn bản JSON mã UTF-8"),
            format!("{file}: the letterhead file must be JSON text in UTF-8"),
        )
    };
    Ok(Letterhead::from_json(&file, json.trim_start_matches('\u{feff}'))?)
}
