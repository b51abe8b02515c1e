//! The criteria sets shipped with parscore, embedded at compile time so the binary works from
//! any folder. Add a set by adding its file to `criteria/` and a line to [`SHIPPED`].

use crate::load::LoadError;
use crate::model::CriteriaSet;
use crate::validate::{check_previous, SetProblem};

/// A criteria file embedded in the binary.
#[derive(Debug, Clone, Copy)]
pub struct Shipped {
    /// Its path in the repository, for messages.
    pub path: &'static str,
    /// Its JSON text.
    pub json: &'static str,
}

/// Every shipped set, oldest first.
pub const SHIPPED: &[Shipped] = &[
    Shipped {
        path: "criteria/lai-chau/so-2024.json",
        json: include_str!("../../../criteria/lai-chau/so-2024.json"),
    },
    Shipped {
        path: "criteria/lai-chau/so-2025.json",
        json: include_str!("../../../criteria/lai-chau/so-2025.json"),
    },
];

/// Loads every shipped set; the `Err` side lists each file that fails with its problems.
pub fn load_all() -> Vec<(Shipped, Result<CriteriaSet, LoadError>)> {
    SHIPPED.iter().map(|s| (*s, CriteriaSet::from_json(s.json))).collect()
}

/// The shipped set with `id`, if it exists and is valid.
pub fn find(id: &str) -> Option<CriteriaSet> {
    load_all().into_iter().filter_map(|(_, r)| r.ok()).find(|s| s.id == id)
}

/// Checks the `previous` links of `set` against the other sets given (shipped or not):
/// the previous set must be among them, and every `previous_code` must name one of its nodes.
pub fn check_links(set: &CriteriaSet, others: &[&CriteriaSet]) -> Vec<SetProblem> {
    let Some(prev_id) = &set.previous else { return Vec::new() };
    match others.iter().find(|o| &o.id == prev_id) {
        Some(prev) => check_previous(set, prev),
        None => vec![SetProblem::new(
            None,
            crate::text::Text::new(
                format!("bộ tiêu chí năm trước {prev_id} không có sẵn, cũng không được đưa vào"),
                format!("its previous set {prev_id} is not known"),
            ),
        )],
    }
}
