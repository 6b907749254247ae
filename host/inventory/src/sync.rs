//! What a sync from an external source of truth (Nautobot, NetBox) brings: its objects with
//! their ids there, references between them by those ids, and what it deleted. The client
//! that fetches them and the store that applies them share these types and nothing else, so
//! the store never sees HTTP and the client never sees SQL.

use serde::Serialize;

use crate::DeviceStatus;

/// One sync's objects. A full sync holds everything the source has (what it lacks is
/// deleted here); an incremental one holds what changed since the last sync, plus the ids
/// the source reported deleted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncBatch {
    /// The source's name as configured (`nautobot`, `netbox`); objects are marked with it.
    pub source: String,
    /// Everything the source has: objects of this source missing from the batch are deleted.
    pub full: bool,
    pub platforms: Vec<SyncedPlatform>,
    pub locations: Vec<SyncedLocation>,
    pub roles: Vec<SyncedNamed>,
    pub tenants: Vec<SyncedNamed>,
    pub tags: Vec<SyncedNamed>,
    /// By name only: credentials stay Aurum's own (a source's secret values never travel).
    pub secrets_groups: Vec<SyncedNamed>,
    pub devices: Vec<SyncedDevice>,
    pub interfaces: Vec<SyncedInterface>,
    pub vlans: Vec<SyncedVlan>,
    pub ip_addresses: Vec<SyncedIpAddress>,
    /// An incremental sync's deletions, by kind and source id.
    pub deleted: Vec<(SyncKind, String)>,
    /// What the client left out and why (a platform without a driver nobody uses, a device
    /// without a name), for the operator's report.
    pub notes: Vec<String>,
}

impl SyncBatch {
    pub fn object_count(&self) -> usize {
        self.platforms.len()
            + self.locations.len()
            + self.roles.len()
            + self.tenants.len()
            + self.tags.len()
            + self.secrets_groups.len()
            + self.devices.len()
            + self.interfaces.len()
            + self.vlans.len()
            + self.ip_addresses.len()
    }
}

/// The kinds a sync writes, in the order they are applied (referenced before referring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    Platform,
    Location,
    Role,
    Tenant,
    Tag,
    SecretsGroup,
    Device,
    Interface,
    Vlan,
    IpAddress,
}

impl SyncKind {
    pub const ALL: [SyncKind; 10] = [
        SyncKind::Platform,
        SyncKind::Location,
        SyncKind::Role,
        SyncKind::Tenant,
        SyncKind::Tag,
        SyncKind::SecretsGroup,
        SyncKind::Device,
        SyncKind::Interface,
        SyncKind::Vlan,
        SyncKind::IpAddress,
    ];

    /// The table the kind lives in.
    pub fn table(self) -> &'static str {
        match self {
            SyncKind::Platform => "platforms",
            SyncKind::Location => "locations",
            SyncKind::Role => "roles",
            SyncKind::Tenant => "tenants",
            SyncKind::Tag => "tags",
            SyncKind::SecretsGroup => "secrets_groups",
            SyncKind::Device => "devices",
            SyncKind::Interface => "interfaces",
            SyncKind::Vlan => "vlans",
            SyncKind::IpAddress => "ip_addresses",
        }
    }

    /// The singular an operator reads in a change line.
    pub fn label(self) -> &'static str {
        match self {
            SyncKind::Platform => "platform",
            SyncKind::Location => "location",
            SyncKind::Role => "role",
            SyncKind::Tenant => "tenant",
            SyncKind::Tag => "tag",
            SyncKind::SecretsGroup => "secrets group",
            SyncKind::Device => "device",
            SyncKind::Interface => "interface",
            SyncKind::Vlan => "VLAN",
            SyncKind::IpAddress => "IP address",
        }
    }
}

/// A platform; `driver` is already the Aurum driver its `network_driver` maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedPlatform {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub description: String,
}

/// A location; `parent` is the parent's source id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedLocation {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub description: String,
}

/// A role, tenant, tag or secrets group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedNamed {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// A device; every reference is the referenced object's source id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncedDevice {
    pub id: String,
    pub name: String,
    /// The primary IP's host part (no prefix length).
    pub address: Option<String>,
    pub platform: Option<String>,
    pub location: Option<String>,
    pub role: Option<String>,
    pub tenant: Option<String>,
    pub secrets_group: Option<String>,
    pub tags: Vec<String>,
    pub status: DeviceStatus,
    /// The config context, handed to templates as `device.data`.
    pub data: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedInterface {
    pub id: String,
    pub device: String,
    pub name: String,
    pub description: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedVlan {
    pub id: String,
    pub vid: u16,
    pub name: String,
    pub location: Option<String>,
}

/// An address with its prefix length (`10.0.0.1/24`), on an interface or on none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedIpAddress {
    pub id: String,
    pub address: String,
    pub interface: Option<String>,
}

/// One change a sync made (or, dry, would make), for the operator's report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SyncChange {
    pub kind: SyncKind,
    pub action: SyncAction,
    /// The object's name in Aurum (for interfaces `DEVICE INTERFACE`).
    pub name: String,
    /// What changed, for an update (`platform: a -> b`); empty otherwise.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncAction {
    Create,
    /// A local object of the same name taken over by the source.
    Adopt,
    Update,
    Delete,
}

impl SyncAction {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncAction::Create => "create",
            SyncAction::Adopt => "adopt",
            SyncAction::Update => "update",
            SyncAction::Delete => "delete",
        }
    }
}

/// What a sync changed, kind by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub source: String,
    pub full: bool,
    /// Whether the changes were kept: false for a dry run.
    pub applied: bool,
    /// Objects the batch held that were already as the source has them.
    pub unchanged: usize,
    pub changes: Vec<SyncChange>,
    /// The batch's notes: what was left out and why.
    pub notes: Vec<String>,
}

impl SyncReport {
    pub fn count(&self, action: SyncAction) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
}
