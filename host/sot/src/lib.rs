//! Clients for the sources of truth teams already run: Nautobot 2.x and NetBox 4.x, read
//! through their REST APIs page by page into one [`SyncBatch`] that the store applies in one
//! transaction. Nothing here writes: a failed fetch leaves Aurum as it was.
//!
//! What is read: platforms (their `network_driver` picks the Aurum driver), locations with
//! parents, roles, tenants, tags, secrets groups by name (never values), devices (primary IP,
//! status, references, config context as `data`), interfaces, VLANs and IP addresses. A full
//! sync reads everything; an incremental one reads devices, interfaces, VLANs and IPs changed
//! since the last sync (`last_updated__gte`) and the deletions the change log reports.

mod error;
mod golden_config;
mod http;
mod json;
mod mapping;
mod nautobot;
mod netbox;

use std::collections::BTreeSet;

use aurum_config::{SotServer, UtcTime};
use aurum_inventory::SyncBatch;

pub use error::SotError;
pub use golden_config::{
    DeviceConfigs, GoldenConfigExport, GoldenConfigImport, ImportedSetting, NameLookup, convert,
    fetch_device_configs, fetch_golden_config, translate_path_template,
};

/// Which API a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Nautobot,
    NetBox,
}

impl Flavor {
    /// The configuration section's name, also the mark synced objects carry.
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Nautobot => "nautobot",
            Flavor::NetBox => "netbox",
        }
    }
}

/// One fetch: the server, its resolved token, the drivers this installation has, and the
/// time of the last sync for an incremental one.
pub struct FetchRequest<'a> {
    pub flavor: Flavor,
    pub server: &'a SotServer,
    pub token: String,
    pub known_drivers: &'a BTreeSet<String>,
    /// Epoch milliseconds; `None` for a full sync.
    pub since: Option<i64>,
}

/// Reads the server into a batch (nothing is written anywhere).
pub async fn fetch(request: FetchRequest<'_>) -> Result<SyncBatch, SotError> {
    let source_name = request.flavor.name();
    if request.token.trim().is_empty() {
        return Err(SotError::Token {
            source_name: source_name.to_string(),
            message: "is empty; create an API token there and reference it, e.g. token = { env = \"NAUTOBOT_TOKEN\" }".to_string(),
        });
    }
    let client = http::JsonClient::new(source_name, request.server, request.token)?;
    let mapping = mapping::Mapping {
        source_name,
        drivers: &request.server.drivers,
        known_drivers: request.known_drivers,
        statuses: &request.server.statuses,
    };
    let since = request
        .since
        .map(|millis| UtcTime::from_millis(millis).iso8601());
    let page_size = request.server.page_size.max(1);
    match request.flavor {
        Flavor::Nautobot => nautobot::fetch(&client, &mapping, page_size, since.as_deref()).await,
        Flavor::NetBox => netbox::fetch(&client, &mapping, page_size, since.as_deref()).await,
    }
}
