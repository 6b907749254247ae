use std::time::Instant;

use aurum_graphql::Api;
use aurum_store::Store;

use aurum_services::Services;
use aurum_services::identity::IdentityService;
use aurum_services::postprocess::PostprocessService;

/// What every handler can reach. Cheap to clone: the store is a pool handle and the GraphQL
/// schema is built once and shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub graphql: Api,
    pub identity: IdentityService,
    /// The postprocessing chain; `None` for an app over a bare store (probe and auth tests).
    pub postprocess: Option<PostprocessService>,
    pub started: Instant,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self {
            graphql: Api::new(store.clone()),
            identity: IdentityService::new(store.clone()),
            store,
            postprocess: None,
            started: Instant::now(),
        }
    }

    /// The state over every service (what `aurum serve` uses).
    pub fn from_services(services: &Services) -> Self {
        Self {
            postprocess: Some(services.postprocess.clone()),
            ..Self::new(services.store.clone())
        }
    }
}
