use std::sync::Arc;
use std::time::Instant;

use aurum_graphql::Api;
use aurum_services::Services;
use aurum_services::identity::IdentityService;
use aurum_store::Store;

use crate::metrics::HttpMetrics;

/// What every handler can reach. Cheap to clone: the services are pool handles and `Arc`s,
/// and the GraphQL schema is built once and shared.
#[derive(Clone)]
pub struct AppState {
    /// Only the readiness probe uses the store directly (its ping); everything else goes
    /// through the services.
    pub store: Store,
    pub graphql: Api,
    pub identity: IdentityService,
    pub services: Services,
    /// This process's HTTP request counters, for `/metrics`.
    pub metrics: Arc<HttpMetrics>,
    pub started: Instant,
}

impl AppState {
    pub fn new(services: Services) -> Self {
        Self {
            graphql: Api::new(services.store.clone())
                .with_configs_off(&aurum_services::features::configs_off(&services.config)),
            identity: services.identity.clone(),
            store: services.store.clone(),
            services,
            metrics: Arc::default(),
            started: Instant::now(),
        }
    }
}
