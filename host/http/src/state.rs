use std::time::Instant;

use aurum_graphql::Api;
use aurum_store::Store;

use aurum_services::Services;
use aurum_services::identity::IdentityService;

/// What every handler can reach. Cheap to clone: the store is a pool handle and the GraphQL
/// schema is built once and shared.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub graphql: Api,
    pub identity: IdentityService,
    /// Every service, for the web UI; `None` serves the API over a bare store only.
    pub services: Option<Services>,
    pub started: Instant,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self {
            graphql: Api::new(store.clone()),
            identity: IdentityService::new(store.clone()),
            store,
            services: None,
            started: Instant::now(),
        }
    }

    /// The app over every service: the API and the web UI.
    pub fn with_services(services: Services) -> Self {
        Self {
            services: Some(services.clone()),
            identity: services.identity.clone(),
            ..Self::new(services.store)
        }
    }
}
