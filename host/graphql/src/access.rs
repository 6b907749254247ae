//! What a request may read of configurations. Local callers (the CLI owner, the intended
//! job's source-of-truth queries) run with [`Access::all`]; a request over HTTP runs with the
//! access the services computed from its user's `view_config` grants, so a config field of a
//! device outside them is an error naming the permission, and the rest of the answer stands.

use std::collections::HashSet;

/// Which devices' stored configurations a request may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Every device's.
    All,
    /// These devices' only (empty: none).
    Configs(HashSet<String>),
}

impl Access {
    pub fn all() -> Access {
        Access::All
    }

    pub fn may_read_config(&self, device: &str) -> bool {
        match self {
            Access::All => true,
            Access::Configs(devices) => devices.contains(device),
        }
    }
}
