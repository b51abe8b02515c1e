//! `parscore criteria import` and `parscore criteria export`: a province's annex table into a
//! criteria set, and any set back into an annex table. The reading and writing live in
//! `parscore_annex`; this only resolves arguments, writes files and reports.

use std::path::Path;

use parscore_annex::{export_annex, import_annex, ImportOptions};
use parscore_core::{Lang, Level};
use parscore_read::Limits;

use crate::args::ImportDetails;
use crate::exit::Exit;
use crate::render::{escape, print};
use crate::{files, msg, sets};

/// The arguments of `criteria import`.
pub struct ImportArgs<'a> {
    pub annex: &'a Path,
    pub id: &'a str,
    pub year: u16,
    pub level: Level,
    pub details: ImportDetails,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub lang: Lang,
}

/// Imports `annex` as the set `id` for `year` and `level`: its JSON to `output` (or stdout),
/// the criteria left for a person and the problems on stderr, in `lang`. An error (exit 2) when
/// the set does not validate or a row could not be read; the JSON is still written, for the
/// person to fix.
pub fn import(a: ImportArgs<'_>) -> anyhow::Result<Exit> {
    let ImportArgs { annex, id, year, level, details, output, force, lang } = a;
    let vi = lang == Lang::Vi;
    let ImportDetails { title, source, previous } = details;
    let opts = ImportOptions { id: id.to_string(), year, level, title, source, previous };
    let imported = import_annex(annex, &opts, &Limits::default())?;
    let json = serde_json::to_string_pretty(&imported.def)? + "\n";
    match output {
        Some(path) => files::write_atomic(path, json.as_bytes(), force, &[annex])?,
        None => print(&json)?,
    }
    let file = annex.display();
    if let Some(old) = &imported.exported_from {
        let old = escape(old);
        if vi {
            eprintln!(
                "parscore: {file}: phụ lục này được xuất từ bộ tiêu chí {old}; đã giữ các tiêu \
                 chí, tổng điểm, xếp loại và trạng thái, nhưng không giữ tiêu đề, bộ tiêu chí năm \
                 trước, văn bản căn cứ và ghi chú của bộ đó: hãy ghi bằng --title, --previous và \
                 --source"
            );
        } else {
            eprintln!(
                "parscore: {file}: this annex was exported from the set {old}; its criteria, \
                 total, grades and status were kept, but not its title, previous set, source or \
                 notes, which describe that set: give them with --title, --previous and --source"
            );
        }
    }
    for (code, text) in &imported.manual_nodes {
        let text = match (text.is_empty(), vi) {
            (true, true) => "không có cách chấm".to_string(),
            (true, false) => "no scoring text".to_string(),
            (false, _) => format!("\"{text}\""),
        };
        let text = escape(&text).replace('\n', " ");
        if vi {
            eprintln!(
                "parscore: {file}: {code}: không đọc được cách chấm ({text}); đã để chấm thủ \
                 công: cần hoàn thiện bằng tay"
            );
        } else {
            eprintln!(
                "parscore: {file}: {code}: cannot read the rule ({text}); made it manual: finish \
                 it by hand"
            );
        }
    }
    for problem in &imported.problems {
        eprintln!("parscore: {file}: {}", escape(problem.text().get(lang)));
    }
    if let Some(path) = output {
        msg::wrote_detail(path, &format!(" ({id}, {year})"), lang);
    }
    if imported.problems.is_empty() {
        return Ok(Exit::Ok);
    }
    let n = imported.problems.len();
    msg::bail_t!(
        format!("{file}: bộ tiêu chí chưa hợp lệ: {} cần sửa", msg::problems(n, Lang::Vi)),
        format!("{file}: the set does not validate: {} to fix", msg::problems(n, Lang::En)),
    )
}

/// Writes the set `set_arg` (a shipped id or a JSON file) as an annex table to `output`.
pub fn export(set_arg: &str, output: &Path, force: bool, lang: Lang) -> anyhow::Result<Exit> {
    let set = sets::resolve(set_arg)?.set;
    let bytes = export_annex(&set)?;
    let input = Path::new(set_arg);
    let inputs: &[&Path] = if input.exists() { &[input] } else { &[] };
    files::write_atomic(output, &bytes, force, inputs)?;
    msg::wrote_detail(output, &format!(" ({}, {})", set.id, set.year), lang);
    Ok(Exit::Ok)
}
