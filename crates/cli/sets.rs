//! Finding a criteria set from what the user typed: a shipped id, or a path to a JSON file.

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

/// Resolves `arg` as a shipped set id first, then as a file path.
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
    let json = std::fs::read_to_string(path).map_err(|e| {
        crate::msg::error(
            format!("không đọc được tệp {arg}: {}", crate::msg::io_text(&e).vi),
            format!("cannot read {arg}: {e}"),
        )
    })?;
    match CriteriaSet::from_json(&json) {
        Ok(set) => {
            if let Ok(mut c) = cache.lock() {
                c.insert(arg.to_string(), set.clone());
            }
            Ok(Located { set, origin: arg.into() })
        }
        Err(e) => Err(invalid(arg, &e)),
    }
}

/// An error listing every problem of an invalid set, one per line, in both languages.
pub fn invalid(origin: &str, err: &LoadError) -> anyhow::Error {
    match err {
        LoadError::Syntax(_) => {
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
