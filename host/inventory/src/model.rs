use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{CredentialRef, DeviceFilter};

/// A kind of device: which driver plugin talks to it and which network OS its configs are
/// parsed as. Devices refer to platforms by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub name: String,
    /// The driver plugin's registered name.
    pub driver: String,
    /// The dialect configs are parsed as for compliance (netutils' names, e.g. `cisco_ios`);
    /// empty: the one its driver names. Given, it overrides the driver's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub network_os: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Roles, tenants and tags: things with a name that devices point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedObject {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A site, building or room; locations nest through `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The credentials used to log in to a device, by reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsGroup {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<CredentialRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<CredentialRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_secret: Option<CredentialRef>,
    /// An SSH private key (OpenSSH or PEM text), tried before the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<CredentialRef>,
    /// Further secrets by key (an SNMP community, a TACACS key, a local user's password), for
    /// templates: `render_secrets` looks them up by group and key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, CredentialRef>,
}

impl SecretsGroup {
    pub fn references(&self) -> impl Iterator<Item = &CredentialRef> {
        [
            &self.username,
            &self.password,
            &self.enable_secret,
            &self.private_key,
        ]
        .into_iter()
        .flatten()
        .chain(self.secrets.values())
    }

    /// The reference behind `key`: `username`, `password`, `enable_secret`, `private_key` or
    /// one of [`SecretsGroup::secrets`].
    pub fn reference(&self, key: &str) -> Option<&CredentialRef> {
        match key {
            "username" => self.username.as_ref(),
            "password" => self.password.as_ref(),
            "enable_secret" => self.enable_secret.as_ref(),
            "private_key" => self.private_key.as_ref(),
            other => self.secrets.get(other),
        }
    }
}

/// A named device selection (Nautobot's dynamic groups); jobs take their scope from one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedFilter {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub filter: DeviceFilter,
}

/// Lifecycle status, with NetBox's names, so imported files keep their meaning.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DeviceStatus {
    #[default]
    Active,
    Planned,
    Staged,
    Offline,
    Failed,
    Inventory,
    Decommissioning,
}

impl DeviceStatus {
    pub const ALL: [DeviceStatus; 7] = [
        DeviceStatus::Active,
        DeviceStatus::Planned,
        DeviceStatus::Staged,
        DeviceStatus::Offline,
        DeviceStatus::Failed,
        DeviceStatus::Inventory,
        DeviceStatus::Decommissioning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Active => "active",
            DeviceStatus::Planned => "planned",
            DeviceStatus::Staged => "staged",
            DeviceStatus::Offline => "offline",
            DeviceStatus::Failed => "failed",
            DeviceStatus::Inventory => "inventory",
            DeviceStatus::Decommissioning => "decommissioning",
        }
    }
}

impl fmt::Display for DeviceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeviceStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let wanted = text.trim().to_ascii_lowercase();
        DeviceStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<_> = DeviceStatus::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown status `{text}`; use one of {}", names.join(", "))
            })
    }
}

/// A network device as the source of truth describes it. Related objects are referred to by
/// name, which is what operators write and what survives export and re-import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub name: String,
    /// Management address: an IP address or a DNS name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default = "default_port", skip_serializing_if = "is_default_port")]
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: DeviceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets_group: Option<String>,
    /// Free-form source-of-truth data, handed to templates as `device.data`.
    #[serde(default = "empty_object", skip_serializing_if = "is_empty_object")]
    pub data: serde_json::Value,
}

impl Device {
    /// A device with only a name, the rest defaulted as an import would.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            address: None,
            port: default_port(),
            platform: None,
            location: None,
            role: None,
            tenant: None,
            tags: Vec::new(),
            status: DeviceStatus::default(),
            secrets_group: None,
            data: empty_object(),
        }
    }
}

pub(crate) fn default_port() -> u16 {
    22
}

fn is_default_port(port: &u16) -> bool {
    *port == default_port()
}

pub(crate) fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

fn is_empty_object(value: &serde_json::Value) -> bool {
    value.as_object().is_some_and(|map| map.is_empty())
}
