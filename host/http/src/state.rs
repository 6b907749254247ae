use std::time::Instant;

use aurum_graphql::Api;
use aurum_store::Store;

use aurum_services::identity::IdentityService;

/// What every handler can reach. Cheap to clone: the store is a pool handle and the GraphQL
/// schema is built once and shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub graphql: Api,
    pub identity: IdentityService,
    pub started: Instant,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self {
            graphql: Api::new(store.clone()),
            identity: IdentityService::new(store.clone()),
            store,
            started: Instant::now(),
        }
    }
}
