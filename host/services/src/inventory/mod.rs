//! The inventory as front ends list and edit it: pages, field filters and `q=` search over
//! every kind, with the permission check of `crate::authz` on each call (devices by object,
//! so a scoped `view_device` hides the devices outside its saved filter).

mod body;
mod devices;
mod edit;
mod objects;
mod page;

pub use aurum_inventory::ObjectKind;
pub use devices::DeviceQuery;
pub use edit::Change;
pub use objects::SecretsGroupView;
pub use page::{DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest, matches_q};

use std::sync::Arc;

use aurum_config::Config;
use aurum_store::Store;

use crate::authz::Authz;

/// Inventory reads and writes for the API and the UI. Cheap to clone.
#[derive(Debug, Clone)]
pub struct InventoryService {
    store: Store,
    authz: Authz,
    config: Arc<Config>,
}

impl InventoryService {
    /// Over `store`, with the configuration's import policy (literal secrets) and the
    /// settings whose scopes keep a saved filter from being deleted.
    pub fn new(store: Store, config: Arc<Config>) -> InventoryService {
        InventoryService {
            authz: Authz::new(store.clone()),
            store,
            config,
        }
    }
}
