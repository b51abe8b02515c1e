//! Finding a criteria set: from what the user typed (a shipped id, or a path to a JSON file), or
//! from what a workbook records (a shipped id only: a workbook is never allowed to name a file).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use parscore_core::{catalog, CriteriaSet, LoadError};

/// A set and where it came from (a shipped file's path or the user's path), for messages.
pub struct Located {
    pub set: CriteriaSet,
    #[allow(dead_code)] // Kept for messages of commands that name their sources.
    pub origin: String,
}

/// The shipped sets, parsed and validated once per process.
///
/// `catalog::load_all` parses and validates every shipped JSON file on each call, about a
/// millisecond's work; `parscore rank` resolves a set for each of thousands of workbooks.
fn shipped() -> &'static [(catalog::Shipped, Result<CriteriaSet, LoadError>)] {
    static SHIPPED: OnceLock<Vec<(catalog::Shipped, Result<CriteriaSet, LoadError>)>> =
        OnceLock::new();
    SHIPPED.get_or_init(catalog::load_all)
}

/// The shipped set with `id`: the only sets a workbook's own record may name.
pub fn shipped_set(id: &str) -> Option<CriteriaSet> {
    shipped().iter().filter_map(|(_, r)| r.as_ref().ok()).find(|s| s.id == id).cloned()
}

/// Resolves `arg`, typed on the command line, as a shipped set id first, then as the path of a
/// criteria file (a regular file, read up to `MAX_SET_BYTES`).
pub fn resolve(arg: &str) -> anyhow::Result<Located> {
    for (shipped, loaded) in shipped() {
        if let Ok(set) = loaded {
            if set.id == arg {
                return Ok(Located { set: set.clone(), origin: shipped.path.into() });
            }
        }
    }
    let path = Path::new(arg);
    if !path.exists() {
        let ids: Vec<String> =
            shipped().iter().filter_map(|(_, r)| r.as_ref().ok()).map(|s| s.id.clone()).collect();
        let ids = ids.join(", ");
        crate::msg::bail_t!(
            format!(
                "không có bộ tiêu chí {arg:?}: không phải mã bộ tiêu chí có sẵn ({ids}) cũng không \
                 phải tệp đang có"
            ),
            format!("no criteria set {arg:?}: not a shipped id ({ids}) nor an existing file"),
        );
    }
    // A criteria file named with --set is read once per process, not once per workbook of a
    // batch; a file does not change in the seconds a command runs.
    static FILES: OnceLock<Mutex<BTreeMap<String, CriteriaSet>>> = OnceLock::new();
    let cache = FILES.get_or_init(Mutex::default);
    if let Some(set) = cache.lock().ok().and_then(|c| c.get(arg).cloned()) {
        return Ok(Located { set, origin: arg.into() });
    }
    let bytes = read_criteria_file(path)?;
    match CriteriaSet::from_slice(&bytes) {
        Ok(set) => {
            if let Ok(mut c) = cache.lock() {
                c.insert(arg.to_string(), set.clone());
            }
            Ok(Located { set, origin: arg.into() })
        }
        Err(e) => Err(invalid(arg, &e)),
    }
}

/// The bytes of a criteria file: a regular file only (a pipe or a device could block or never
/// end), no more than `MAX_SET_BYTES` of it.
fn read_criteria_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let shown = path.display();
    let io = |e: std::io::Error| {
        let t = crate::msg::io_text(&e);
        crate::msg::error(
            format!("không đọc được tệp {shown}: {}", t.vi),
            format!("cannot read {shown}: {}", t.en),
        )
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        crate::msg::bail_t!(
            format!("{shown}: không phải tệp thông thường, không đọc làm bộ tiêu chí"),
            format!("{shown}: is not a regular file; it is not read as a criteria set"),
        );
    }
    let limit = parscore_core::MAX_SET_BYTES as u64 + 4;
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(io)?.take(limit).read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// An error listing every problem of an invalid set, one per line, in both languages.
pub fn invalid(origin: &str, err: &LoadError) -> anyhow::Error {
    match err {
        LoadError::Syntax { .. } | LoadError::Encoding { .. } | LoadError::TooLarge { .. } => {
            let t = err.text();
            crate::msg::error(format!("{origin}: {}", t.vi), format!("{origin}: {}", t.en))
        }
        LoadError::Invalid { problems, .. } => {
            let lines = |lang: parscore_core::Lang| {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|p| format!("  {origin}: {}", p.text().get(lang)))
                    .collect();
                lines.join("\n")
            };
            let t = err.text();
            crate::msg::error(
                format!("{origin}: {}:\n{}", t.vi, lines(parscore_core::Lang::Vi)),
                format!("{origin}: {}:\n{}", t.en, lines(parscore_core::Lang::En)),
            )
        }
    }
}
