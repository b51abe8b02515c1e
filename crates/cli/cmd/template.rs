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
    // The workbook is what units fill in, in Vietnamese: its headers, drop-downs and formulas
    // are what the reader matches. An English copy would be a second contract to keep.
    if lang == Lang::En {
        msg::bail_t!(
            "biểu mẫu chỉ có bản tiếng Việt, ngôn ngữ các đơn vị điền; hãy bỏ --lang en",
            "the template is written in Vietnamese only, the language the units fill it in; \
             run without --lang en",
        );
    }
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
    if unit.trim().is_empty() {
        eprintln!(
            "parscore: chưa ghi tên đơn vị (--unit): đơn vị tự nhập tên vào ô cạnh \"Đơn vị:\" ở \
             dòng 2; parscore chấm điểm và xếp hạng theo tên đó"
        );
    }
    Ok(Exit::Ok)
}
