//! What every handler shares: the store, the criteria sets and the limits, in one
//! [`AppState`] passed with axum's `State`.
//!
//! The sets are the shipped ones (from the binary) and those imported in the browser (from the
//! store, validated again on start); both are found by id through [`Sets`]. Accounts, rounds
//! and an audit log will join this state as more fields, not as globals.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use parscore_core::{catalog, CriteriaSet};
use parscore_read::Limits;

use crate::store::{Store, StoreError};

/// Bounds on what one request may bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    /// The workbook reader's limits, applied to each uploaded file.
    pub workbook: Limits,
    /// The largest request body, in bytes (default 50 MB).
    pub max_request: u64,
    /// The most files one request may upload (default 100).
    pub max_files: usize,
}

impl Default for RequestLimits {
    fn default() -> RequestLimits {
        RequestLimits { workbook: Limits::default(), max_request: 50_000_000, max_files: 100 }
    }
}

/// Where a set comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Built into parscore.
    Shipped,
    /// Imported in the browser, kept in the store.
    Imported,
}

/// The criteria sets the server knows, by id.
#[derive(Debug, Default)]
pub struct Sets {
    inner: RwLock<BTreeMap<String, (CriteriaSet, Origin)>>,
}

impl Sets {
    /// The shipped sets and the valid ones of `store`.
    pub fn load(store: &Store) -> Result<Sets, StoreError> {
        let mut map = BTreeMap::new();
        for (_, loaded) in catalog::load_all() {
            if let Ok(set) = loaded {
                map.insert(set.id.clone(), (set, Origin::Shipped));
            }
        }
        for (id, json) in store.sets()? {
            // A set stored by this server validated when it was stored; one that no longer
            // does (a newer parscore is stricter) is left out rather than stopping the start.
            if let Ok(set) = CriteriaSet::from_json(&json) {
                if set.id == id && !map.contains_key(&id) {
                    map.insert(id, (set, Origin::Imported));
                }
            }
        }
        Ok(Sets { inner: RwLock::new(map) })
    }

    /// The set `id`.
    pub fn get(&self, id: &str) -> Option<CriteriaSet> {
        let map = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(id).map(|(s, _)| s.clone())
    }

    /// Every set with its origin, by id.
    pub fn all(&self) -> Vec<(CriteriaSet, Origin)> {
        let map = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.values().cloned().collect()
    }

    /// Whether `id` is a shipped set (which an import may not replace).
    pub fn is_shipped(&self, id: &str) -> bool {
        let map = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(id).is_some_and(|(_, o)| *o == Origin::Shipped)
    }

    /// Adds or replaces an imported set.
    pub fn add(&self, set: CriteriaSet) {
        let mut map = self.inner.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.insert(set.id.clone(), (set, Origin::Imported));
    }
}

/// The state every handler receives.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<Store>,
    /// The criteria sets.
    pub sets: Arc<Sets>,
    /// The request limits.
    pub limits: RequestLimits,
}

impl AppState {
    /// The state over an open store, its sets loaded.
    pub fn new(store: Store, limits: RequestLimits) -> Result<AppState, StoreError> {
        let sets = Sets::load(&store)?;
        Ok(AppState { store: Arc::new(store), sets: Arc::new(sets), limits })
    }
}
