//! parscore's Word writer. Its one job: the improvement plan as the unit's own document, a
//! *Kế hoạch cải thiện và nâng cao Chỉ số cải cách hành chính*, laid out as Nghị định
//! 30/2020/NĐ-CP on văn thư (Phụ lục I) lays out an administrative document, ready to edit and
//! sign in Word or LibreOffice.
//!
//! It renders a [`Plan`](parscore_core::Plan) the core drew up, with what only the unit knows
//! (its [`Letterhead`]); it scores, ranks and judges nothing itself, and it returns bytes
//! without touching the file system (the caller writes them, atomically). The document is in
//! Vietnamese only: it is a Vietnamese state document. Its one error type is [`DocxError`].
//!
//! Where the decree's appendix sets a size or a place, the code cites it (Phụ lục I, Phần I:
//! I. general rules, II. the parts, IV. their places on the page). Phần I, I.1–7 (paper,
//! orientation, margins, font, page numbers) and II.1 (motto) were checked against the
//! appendix's published text; the sizes and styles of the other parts (II.2–9) follow the
//! appendix as the published guides to it give them.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod blocks;
mod error;
mod goals;
mod kehoach;
mod letterhead;
mod metrics;
mod tasks;

#[cfg(test)]
mod tests;

pub use error::DocxError;
pub use kehoach::write_kehoach;
pub use letterhead::{Letterhead, Signer};
