//! The inventory as front ends list and edit it: pages, field filters and `q=` search over
//! every kind, with the permission check of `crate::authz` on each call (devices by object,
//! so a scoped `view_device` hides the devices outside its saved filter).

mod devices;
mod objects;
mod page;

pub use devices::DeviceQuery;
pub use objects::{ObjectKind, SecretsGroupView};
pub use page::{DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest, matches_q};

use aurum_store::Store;

use crate::authz::Authz;

/// Inventory reads and writes for the API and the UI. Cheap to clone.
#[derive(Debug, Clone)]
pub struct InventoryService {
    store: Store,
    authz: Authz,
}

impl InventoryService {
    pub fn new(store: Store) -> InventoryService {
        InventoryService {
            authz: Authz::new(store.clone()),
            store,
        }
    }
}
