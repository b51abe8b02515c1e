//! `parscore template`: the fill-in workbook for a criteria set.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use parscore_excel::TemplateMeta;

use crate::{files, sets};

pub fn run(
    set_arg: &str,
    unit: &str,
    year: Option<u16>,
    out: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let set = sets::resolve(set_arg)?.set;
    if let Some(y) = year {
        if y != set.year {
            bail!("--year {y} does not match the criteria set {} (year {})", set.id, set.year);
        }
    }
    let meta = TemplateMeta { unit: unit.to_string(), year: set.year };
    let bytes = parscore_excel::write_template(&set, &meta, None)?;
    files::write_atomic(out, &bytes, force, &[])?;
    eprintln!("parscore: wrote {} ({}, {})", out.display(), set.id, set.year);
    Ok(ExitCode::SUCCESS)
}
