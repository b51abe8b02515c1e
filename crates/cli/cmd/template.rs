//! `parscore template`: the fill-in workbook for a criteria set.

use std::path::Path;

use parscore_core::Lang;
use parscore_write::TemplateMeta;

use crate::exit::Exit;
use crate::{files, msg, sets};

pub fn run(
    set_arg: &str,
    unit: &str,
    year: Option<u16>,
    out: &Path,
    force: bool,
    lang: Lang,
) -> anyhow::Result<Exit> {
    let set = sets::resolve(set_arg)?.set;
    if let Some(y) = year {
        if y != set.year {
            let (id, year) = (&set.id, set.year);
            msg::bail_t!(
                format!("--year {y} không khớp với bộ tiêu chí {id} (năm {year})"),
                format!("--year {y} does not match the criteria set {id} (year {year})"),
            );
        }
    }
    let meta = TemplateMeta { unit: unit.to_string(), year: set.year };
    let bytes = parscore_write::write_template(&set, &meta, None)?;
    files::write_atomic(out, &bytes, force, &[])?;
    msg::wrote_detail(out, &format!(" ({}, {})", set.id, set.year), lang);
    Ok(Exit::Ok)
}
