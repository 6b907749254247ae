use serde::{Deserialize, Serialize};

use crate::{Device, Location, NamedObject, Platform, SavedFilter, SecretsGroup};

/// A whole inventory file: what `aurum inventory import` reads and `export` writes. Every
/// section is optional; a YAML file that is a bare list is a list of devices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InventoryDocument {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<Platform>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<NamedObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tenants: Vec<NamedObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<NamedObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets_groups: Vec<SecretsGroup>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub saved_filters: Vec<SavedFilter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<Device>,
    /// For CSV files, the line each device came from, so errors point at the right row.
    #[serde(skip)]
    pub(crate) device_lines: Vec<u64>,
}

impl InventoryDocument {
    /// How an error message refers to an entry of a section.
    pub(crate) fn row_label(&self, section: &str, index: usize) -> String {
        match (section, self.device_lines.get(index)) {
            ("devices", Some(line)) => format!("row {line}"),
            _ => format!("{section}[{index}]"),
        }
    }

    /// The file as YAML, in the same shape import reads.
    pub fn to_yaml(&self) -> String {
        serde_norway::to_string(self)
            .expect("an inventory document is always representable in YAML")
    }

    pub fn object_count(&self) -> usize {
        self.platforms.len()
            + self.locations.len()
            + self.roles.len()
            + self.tenants.len()
            + self.tags.len()
            + self.secrets_groups.len()
            + self.saved_filters.len()
            + self.devices.len()
    }
}
