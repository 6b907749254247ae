use std::time::Instant;

use aurum_store::Store;

/// What every handler can reach. Cheap to clone: the store is a pool handle.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub started: Instant,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            started: Instant::now(),
        }
    }
}
