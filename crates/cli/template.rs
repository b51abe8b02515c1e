//! `parscore template`: the fill-in workbook for a criteria set.

use std::path::Path;
use std::process::ExitCode;

use parscore_core::Lang;
use parscore_excel::TemplateMeta;

use crate::{files, sets};

pub fn run(
    set_arg: &str,
    unit: &str,
    year: Option<u16>,
    out: &Path,
    force: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let set = sets::resolve(set_arg)?.set;
    if let Some(y) = year {
        if y != set.year {
            let (id, year) = (&set.id, set.year);
            crate::msg::bail_t!(
                format!("--year {y} không khớp với bộ tiêu chí {id} (năm {year})"),
                format!("--year {y} does not match the criteria set {id} (year {year})"),
            );
        }
    }
    let meta = TemplateMeta { unit: unit.to_string(), year: set.year };
    let bytes = parscore_excel::write_template(&set, &meta, None)?;
    files::write_atomic(out, &bytes, force, &[])?;
    crate::msg::wrote_detail(out, &format!(" ({}, {})", set.id, set.year), lang);
    Ok(ExitCode::SUCCESS)
}
