use std::time::Instant;

use aurum_graphql::Api;
use aurum_store::Store;

use aurum_services::identity::IdentityService;
use aurum_services::plans::PlansService;

/// What every handler can reach. Cheap to clone: the store is a pool handle and the GraphQL
/// schema is built once and shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub graphql: Api,
    pub identity: IdentityService,
    /// Config plans and deployments; `None` in apps built over a bare store (the probes'
    /// tests), whose plan routes then say so.
    pub plans: Option<PlansService>,
    pub started: Instant,
}

impl AppState {
    /// The state with the plans service, as `aurum serve` runs it.
    pub fn with_plans(mut self, plans: PlansService) -> Self {
        self.plans = Some(plans);
        self
    }

    pub fn new(store: Store) -> Self {
        Self {
            graphql: Api::new(store.clone()),
            identity: IdentityService::new(store.clone()),
            plans: None,
            store,
            started: Instant::now(),
        }
    }
}
