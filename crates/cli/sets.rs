//! Finding a criteria set from what the user typed: a shipped id, or a path to a JSON file.

use std::path::Path;

use anyhow::{bail, Context};
use parscore_core::{catalog, CriteriaSet, LoadError};

/// A set and where it came from (a shipped file's path or the user's path), for messages.
pub struct Located {
    pub set: CriteriaSet,
    #[allow(dead_code)] // Kept for messages of commands that name their sources.
    pub origin: String,
}

/// Resolves `arg` as a shipped set id first, then as a file path.
pub fn resolve(arg: &str) -> anyhow::Result<Located> {
    for (shipped, loaded) in catalog::load_all() {
        if let Ok(set) = &loaded {
            if set.id == arg {
                return Ok(Located { set: set.clone(), origin: shipped.path.into() });
            }
        }
    }
    let path = Path::new(arg);
    if !path.exists() {
        let ids: Vec<String> = catalog::load_all()
            .into_iter()
            .filter_map(|(_, r)| r.ok())
            .map(|s| s.id.clone())
            .collect();
        bail!(
            "no criteria set {arg:?}: not a shipped id ({}) nor an existing file",
            ids.join(", ")
        );
    }
    let json = std::fs::read_to_string(path).with_context(|| format!("cannot read {arg}"))?;
    match CriteriaSet::from_json(&json) {
        Ok(set) => Ok(Located { set, origin: arg.into() }),
        Err(e) => Err(invalid(arg, &e)),
    }
}

/// An error listing every problem of an invalid set, one per line.
pub fn invalid(origin: &str, err: &LoadError) -> anyhow::Error {
    match err {
        LoadError::Syntax(_) => anyhow::anyhow!("{origin}: {err}"),
        LoadError::Invalid { problems, .. } => {
            let lines: Vec<String> = problems.iter().map(|p| format!("  {origin}: {p}")).collect();
            anyhow::anyhow!("{origin}: {err}:\n{}", lines.join("\n"))
        }
    }
}
