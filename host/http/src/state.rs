use std::sync::Arc;
use std::time::Instant;

use aurum_graphql::Api;
use aurum_services::Services;
use aurum_services::identity::IdentityService;
use aurum_store::Store;

use crate::metrics::HttpMetrics;

/// What every handler can reach, shared: axum clones its routes' state for each connection
/// and each request, so cloning it is one reference count, not the services' many handles.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The state's parts, reached through [`AppState`]'s `Deref`.
pub struct Shared {
    /// Only the readiness probe uses the store directly (its ping); everything else goes
    /// through the services.
    pub store: Store,
    pub graphql: Api,
    pub identity: IdentityService,
    pub services: Arc<Services>,
    /// This process's HTTP request counters, for `/metrics`.
    pub metrics: Arc<HttpMetrics>,
    pub started: Instant,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(Shared {
            graphql: Api::new(services.store.clone())
                .with_configs_off(&aurum_services::features::configs_off(&services.config)),
            identity: services.identity.clone(),
            store: services.store.clone(),
            services: Arc::new(services),
            metrics: Arc::default(),
            started: Instant::now(),
        }))
    }
}
