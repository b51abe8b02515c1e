//! `parscore criteria import` and `parscore criteria export`: a province's annex table into a
//! criteria set, and any set back into an annex table. The reading and writing live in
//! `parscore_excel::annex`; this only resolves arguments, writes files and reports.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use parscore_core::Level;
use parscore_excel::annex::{export_annex, import_annex, ImportOptions};

use crate::args::ImportDetails;
use crate::out::{escape, print};
use crate::{files, sets};

/// Imports `annex` as the set `id` for `year` and `level`: its JSON to `output` (or stdout),
/// the criteria left for a person and the problems on stderr. Exit 2 when the set does not
/// validate or a row could not be read; the JSON is still written, for the person to fix.
pub fn run_import(
    annex: &Path,
    id: &str,
    year: u16,
    level: &str,
    details: ImportDetails,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let level = match level {
        "so" => Level::So,
        "huyen" => Level::Huyen,
        "xa" => Level::Xa,
        "tinh" => Level::Tinh,
        other => bail!("--level {other:?} is not a level: so, huyen, xa or tinh"),
    };
    let ImportDetails { title, source, previous } = details;
    let opts = ImportOptions { id: id.to_string(), year, level, title, source, previous };
    let imported = import_annex(annex, &opts)?;
    let json = serde_json::to_string_pretty(&imported.def)? + "\n";
    match output {
        Some(path) => files::write_atomic(path, json.as_bytes(), force, &[annex])?,
        None => print(&json)?,
    }
    let file = annex.display();
    if let Some(old) = &imported.exported_from {
        eprintln!(
            "parscore: {file}: this annex was exported from the set {}; its criteria, total, \
             grades and status were kept, but not its title, previous set, source or notes, which \
             describe that set: give them with --title, --previous and --source",
            escape(old)
        );
    }
    for (code, text) in &imported.manual_nodes {
        let text =
            if text.is_empty() { "no scoring text".to_string() } else { format!("\"{text}\"") };
        eprintln!(
            "parscore: {file}: {code}: cannot read the rule ({}); made it manual: finish it by hand",
            escape(&text).replace('\n', " ")
        );
    }
    for problem in &imported.problems {
        eprintln!("parscore: {file}: {}", escape(problem));
    }
    if let Some(path) = output {
        eprintln!("parscore: wrote {} ({id}, {year})", path.display());
    }
    if imported.problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "parscore: {file}: the set does not validate: {} problem(s) to fix",
            imported.problems.len()
        );
        Ok(ExitCode::from(2))
    }
}

/// Writes the set `set_arg` (a shipped id or a JSON file) as an annex table to `output`.
pub fn run_export(set_arg: &str, output: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let set = sets::resolve(set_arg)?.set;
    let bytes = export_annex(&set)?;
    let input = Path::new(set_arg);
    let inputs: &[&Path] = if input.exists() { &[input] } else { &[] };
    files::write_atomic(output, &bytes, force, inputs)?;
    eprintln!("parscore: wrote {} ({}, {})", output.display(), set.id, set.year);
    Ok(ExitCode::SUCCESS)
}
