//! What the commands print, rendered from the report types of `parscore-report`: the terminal
//! tables of each report, problems and errors. It scores, compares and ranks nothing; it reads
//! no files.

pub mod compare;
pub mod plan;
pub mod problems;
pub mod rank;
pub mod score;
mod table;

pub use crate::term::{clip, escape, escape_line};
pub use table::{colour, is_broken_pipe, print, Align, Table};

use parscore_core::Lang;

/// An error for stderr, in `lang`: the located problems of workbooks that could not be scored,
/// each listed in full, or `parscore: ` and the error's chain.
pub fn error(err: &anyhow::Error, lang: Lang) -> String {
    match err.downcast_ref::<crate::load::Unscored>() {
        Some(unscored) => problems::unscored(unscored, lang),
        None => format!("parscore: {}", escape(&crate::msg::render(err, lang))),
    }
}

#[cfg(test)]
pub(crate) mod testing;
