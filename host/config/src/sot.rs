//! `[sot.nautobot]` and `[sot.netbox]`: an external source of truth Aurum keeps its inventory
//! in sync with (`aurum sot sync`). Objects that come from it are changed there, not here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::SecretSource;

/// The sources of truth to sync from; none configured is the default (the inventory is
/// Aurum's own, imported from files or edited through the API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SotConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nautobot: Option<SotServer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netbox: Option<SotServer>,
}

/// One server: where it is, the API token (`{ env = "NAUTOBOT_TOKEN" }`), and how its
/// platforms and statuses map onto Aurum's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SotServer {
    /// The server's base URL, e.g. `https://nautobot.example.net`.
    pub url: String,
    pub token: SecretSource,
    /// Time limit for one page of the REST API.
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Objects per page (the server may cap it: Nautobot's MAX_PAGE_SIZE is 1,000).
    #[serde(default = "default_page_size")]
    pub page_size: u32,
    /// PEM file of the CA that signed an https server's certificate, beside the system's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// A platform's `network_driver` to the Aurum driver that talks to it, where the names
    /// differ (`cisco_xe = "cisco_ios"`); unlisted, the driver is the `network_driver` itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub drivers: BTreeMap<String, String>,
    /// A device status name there to Aurum's (`Maintenance = "offline"`); unlisted, the
    /// lower-cased name must be one of Aurum's (active, planned, staged, offline, failed,
    /// inventory, decommissioning).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub statuses: BTreeMap<String, String>,
}

impl SotConfig {
    /// No source configured: nothing to print in the effective configuration.
    pub fn is_unset(&self) -> bool {
        self.nautobot.is_none() && self.netbox.is_none()
    }
}

fn default_timeout() -> u64 {
    30
}

fn default_page_size() -> u32 {
    500
}

impl SotServer {
    /// Relative files are relative to the configuration file.
    pub(crate) fn rebase(&mut self, base: &std::path::Path) {
        self.token.rebase(base);
        if let Some(path) = &mut self.ca_file
            && path.is_relative()
        {
            *path = base.join(&*path);
        }
    }
}
