//! A read-only GraphQL API over Aurum's inventory (async-graphql), shaped like Nautobot's so
//! that Golden Config users can bring their source-of-truth queries with small edits:
//! `query ($device_id: ID!) { device(id: $device_id) { name platform { network_driver } } }`.
//!
//! Two users: `POST /graphql` and `aurum graphql` for operators exploring the inventory, and
//! the intended job, which runs each setting's `sot_query` per device and renders templates
//! from its `data` ([`SotQuery`]). It lives in its own crate so its compile cost stays off the
//! crates that do not serve it. Secrets are never reachable: a secrets group shows its name.

mod access;
mod error;
mod lookup;
mod objects;
mod query;
mod sot;

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};
use aurum_store::Store;

pub use access::Access;
pub use async_graphql::{Request, Response, Variables};
pub use error::GraphqlError;
pub use sot::SotQuery;

use crate::lookup::Lookup;
use crate::query::QueryRoot;

/// Deep enough for a device's location's parent's parent, shallow enough that no query can
/// make the server walk relations without end.
const MAX_DEPTH: usize = 16;

/// The most fields (each counted once per place it is asked for) one query may select: a page
/// of devices with their relations and configs fits; a query repeating fields by aliases to
/// make the server work without end does not.
const MAX_COMPLEXITY: usize = 2_000;

type AurumSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

fn build() -> AurumSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The schema as SDL, for `aurum graphql --sdl` and the docs; needs no database.
pub fn sdl() -> String {
    build().sdl()
}

/// The GraphQL API over one store. Cheap to clone: the schema and the store are shared handles.
#[derive(Clone)]
pub struct Api {
    schema: AurumSchema,
    store: Store,
    /// Related objects shared by every request of this handle (see [`Api::for_job`]).
    shared: Option<Arc<Lookup>>,
    /// The kinds of configuration whose `[features]` switch is off: their fields are errors.
    configs_off: ConfigsOff,
}

/// The kinds of stored configuration a request may not read at all, because their feature
/// (`backup`, `intended`) is switched off in aurum.toml.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConfigsOff(pub(crate) Vec<aurum_store::ConfigKind>);

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").field("store", &self.store).finish()
    }
}

impl Api {
    pub fn new(store: Store) -> Api {
        Api {
            schema: build(),
            store,
            shared: None,
            configs_off: ConfigsOff::default(),
        }
    }

    /// The same API with the `backup_config` / `intended_config` fields of `kinds` refused,
    /// naming the `[features]` switch: a switched-off feature is gone from GraphQL too.
    pub fn with_configs_off(mut self, kinds: &[aurum_store::ConfigKind]) -> Api {
        self.configs_off = ConfigsOff(kinds.to_vec());
        self
    }

    /// A handle whose requests share one read of the related objects (platforms, locations,
    /// roles, tenants, tags): what a job running one query per device wants, so a thousand
    /// devices cost a thousand device reads rather than six thousand. Related objects changed
    /// while the handle lives are not seen; make one per job.
    pub fn for_job(&self) -> Api {
        Api {
            shared: Some(Arc::new(Lookup::new(self.store.clone()))),
            ..self.clone()
        }
    }

    /// Runs one request. Each request reads every related kind (platforms, locations, ...) at
    /// most once, however many devices it returns (or once per [`Api::for_job`] handle). Errors are in the response, as GraphQL
    /// clients expect, never a panic or a transport error.
    pub async fn execute(&self, request: Request) -> Response {
        self.execute_with(request, Access::all()).await
    }

    /// [`Api::execute`] for a request whose reads of configurations `access` limits (every
    /// request over HTTP).
    pub async fn execute_with(&self, request: Request, access: Access) -> Response {
        let lookup = match &self.shared {
            Some(shared) => shared.clone(),
            None => Arc::new(Lookup::new(self.store.clone())),
        };
        let request = request
            .data(lookup)
            .data(access)
            .data(self.configs_off.clone());
        self.schema.execute(request).await
    }

    /// Runs `query` with JSON `variables` and returns the whole response as JSON
    /// (`{"data": ..., "errors": [...]}`), as `aurum graphql` prints it.
    pub async fn execute_json(
        &self,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        let response = self
            .execute(Request::new(query).variables(Variables::from_json(variables)))
            .await;
        serde_json::to_value(&response).unwrap_or_else(|e| {
            serde_json::json!({ "errors": [{ "message": format!("the response is not JSON: {e}") }] })
        })
    }
}

/// The response's errors in one line: `message (line L, column C); ...`.
pub fn error_messages(errors: &[async_graphql::ServerError]) -> String {
    errors
        .iter()
        .map(|error| match error.locations.first() {
            Some(at) => format!("{} (line {}, column {})", error.message, at.line, at.column),
            None => error.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
