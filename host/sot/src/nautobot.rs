//! Nautobot's REST API (2.x and 3.x): the objects Aurum syncs, their endpoints and fields. References
//! are read as ids at any depth; devices are read at depth 1 for their status name and primary
//! IP, with their config context included.

use aurum_inventory::{
    SyncBatch, SyncKind, SyncedDevice, SyncedInterface, SyncedIpAddress, SyncedLocation, SyncedVlan,
};
use serde_json::Value;

use crate::SotError;
use crate::http::JsonClient;
use crate::json::{config_context, describe, id, named, primary_address, ref_id, ref_ids, text};
use crate::mapping::{
    Mapping, RawPlatform, check_device_platforms, check_unique_device_names, qualify_location_names,
};

/// Where each kind lives, and its object type in the change log (for deletions).
const ENDPOINTS: [(SyncKind, &str, &str); 10] = [
    (SyncKind::Platform, "api/dcim/platforms/", "dcim.platform"),
    (SyncKind::Location, "api/dcim/locations/", "dcim.location"),
    (SyncKind::Role, "api/extras/roles/", "extras.role"),
    (SyncKind::Tenant, "api/tenancy/tenants/", "tenancy.tenant"),
    (SyncKind::Tag, "api/extras/tags/", "extras.tag"),
    (
        SyncKind::SecretsGroup,
        "api/extras/secrets-groups/",
        "extras.secretsgroup",
    ),
    (SyncKind::Device, "api/dcim/devices/", "dcim.device"),
    (
        SyncKind::Interface,
        "api/dcim/interfaces/",
        "dcim.interface",
    ),
    (SyncKind::Vlan, "api/ipam/vlans/", "ipam.vlan"),
    (
        SyncKind::IpAddress,
        "api/ipam/ip-addresses/",
        "ipam.ipaddress",
    ),
];

/// The kinds an incremental sync asks only for changes of; the others are small and read
/// whole every time.
const INCREMENTAL: [SyncKind; 4] = [
    SyncKind::Device,
    SyncKind::Interface,
    SyncKind::Vlan,
    SyncKind::IpAddress,
];

fn endpoint(kind: SyncKind) -> &'static str {
    ENDPOINTS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, path, _)| *path)
        .expect("every kind has an endpoint")
}

/// Reads the objects of a sync. `since` (an ISO 8601 time) makes it incremental.
pub(crate) async fn fetch(
    client: &JsonClient,
    mapping: &Mapping<'_>,
    page_size: u32,
    since: Option<&str>,
) -> Result<SyncBatch, SotError> {
    let list = |kind: SyncKind, extra: &'static [(&'static str, &'static str)]| {
        list_kind(client, kind, extra, page_size, since)
    };
    let mut batch = SyncBatch {
        source: mapping.source_name.to_string(),
        full: since.is_none(),
        ..SyncBatch::default()
    };

    let raw_platforms = list(SyncKind::Platform, &[("depth", "0")]).await?;
    let raw_platforms = raw_platforms
        .iter()
        .map(|p| {
            Ok(RawPlatform {
                id: id(p, "platform")?,
                name: text(p, "name"),
                network_driver: text(p, "network_driver"),
                description: text(p, "description"),
            })
        })
        .collect::<Result<Vec<_>, SotError>>()?;
    let (platforms, refused) = mapping.platforms(raw_platforms, &mut batch.notes);
    batch.platforms = platforms;

    for location in list(SyncKind::Location, &[("depth", "0")]).await? {
        batch.locations.push(SyncedLocation {
            id: id(&location, "location")?,
            name: text(&location, "name"),
            parent: ref_id(location.get("parent")),
            description: text(&location, "description"),
        });
    }
    qualify_location_names(&mut batch.locations);
    batch.roles = named(list(SyncKind::Role, &[("depth", "0")]).await?, "role")?;
    batch.tenants = named(list(SyncKind::Tenant, &[("depth", "0")]).await?, "tenant")?;
    batch.tags = named(list(SyncKind::Tag, &[("depth", "0")]).await?, "tag")?;
    batch.secrets_groups = named(
        list(SyncKind::SecretsGroup, &[("depth", "0")]).await?,
        "secrets group",
    )?;

    let devices = list(
        SyncKind::Device,
        &[("depth", "1"), ("include", "config_context")],
    )
    .await?;
    for device in &devices {
        let Some(name) = device
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
        else {
            batch.notes.push(format!(
                "skipped device {} (id {}): it has no name",
                describe(device),
                ref_id(Some(device)).unwrap_or_default()
            ));
            continue;
        };
        batch.devices.push(device_from(device, name, mapping)?);
    }
    check_device_platforms(&batch.devices, &refused)?;
    check_unique_device_names(&batch.devices, mapping.source_name)?;

    for interface in list(SyncKind::Interface, &[("depth", "0")]).await? {
        let Some(device) = ref_id(interface.get("device")) else {
            continue;
        };
        batch.interfaces.push(SyncedInterface {
            id: id(&interface, "interface")?,
            device,
            name: text(&interface, "name"),
            description: text(&interface, "description"),
            enabled: interface
                .get("enabled")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        });
    }
    // Many-to-many fields (a VLAN's locations, an address's interfaces) come only on request.
    const M2M: [(&str, &str); 2] = [("depth", "0"), ("exclude_m2m", "false")];
    for vlan in list(SyncKind::Vlan, &M2M).await? {
        let vid = vlan.get("vid").and_then(Value::as_u64).unwrap_or(0);
        let Ok(vid) = u16::try_from(vid) else {
            continue;
        };
        // Nautobot 2.2 and later assign VLANs to several locations; the first is kept.
        let location = ref_id(vlan.get("location"))
            .or_else(|| ref_ids(vlan.get("locations")).into_iter().next());
        batch.vlans.push(SyncedVlan {
            id: id(&vlan, "VLAN")?,
            vid,
            name: text(&vlan, "name"),
            location,
        });
    }
    for ip in list(SyncKind::IpAddress, &M2M).await? {
        let interface = ref_ids(ip.get("interfaces"))
            .into_iter()
            .next()
            .or_else(|| ref_id(ip.get("assigned_object_id")));
        batch.ip_addresses.push(SyncedIpAddress {
            id: id(&ip, "IP address")?,
            address: text(&ip, "address"),
            interface,
        });
    }

    if let Some(since) = since {
        batch.deleted = deletions(client, page_size, since).await?;
    }
    Ok(batch)
}

/// One kind's objects; incremental kinds only those changed since `since`. A model that has
/// no `last_updated` filter there (Nautobot 3's interfaces) is read whole: its deletions
/// still come from the change log.
async fn list_kind(
    client: &JsonClient,
    kind: SyncKind,
    extra: &[(&str, &str)],
    page_size: u32,
    since: Option<&str>,
) -> Result<Vec<Value>, SotError> {
    let mut query: Vec<(&str, String)> = vec![("limit", page_size.to_string())];
    query.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    let whole = client.url(endpoint(kind), &query);
    let Some(since) = since.filter(|_| INCREMENTAL.contains(&kind)) else {
        return client.list(whole).await;
    };
    query.push(("last_updated__gte", since.to_string()));
    match client.list(client.url(endpoint(kind), &query)).await {
        Err(SotError::Status {
            status: 400, body, ..
        }) if body.contains("last_updated__gte") => client.list(whole).await,
        result => result,
    }
}

fn device_from(
    device: &Value,
    name: &str,
    mapping: &Mapping<'_>,
) -> Result<SyncedDevice, SotError> {
    let status = device
        .get("status")
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("Active");
    Ok(SyncedDevice {
        id: id(device, "device")?,
        name: name.to_string(),
        address: primary_address(device),
        platform: ref_id(device.get("platform")),
        location: ref_id(device.get("location")),
        role: ref_id(device.get("role")),
        tenant: ref_id(device.get("tenant")),
        secrets_group: ref_id(device.get("secrets_group")),
        tags: ref_ids(device.get("tags")),
        status: mapping.status(name, status)?,
        data: config_context(device),
    })
}

/// What the change log says was deleted since `since`, for the kinds Aurum syncs.
async fn deletions(
    client: &JsonClient,
    page_size: u32,
    since: &str,
) -> Result<Vec<(SyncKind, String)>, SotError> {
    let url = client.url(
        "api/extras/object-changes/",
        &[
            ("limit", page_size.to_string()),
            ("action", "delete".to_string()),
            ("time__gte", since.to_string()),
        ],
    );
    let mut deleted = Vec::new();
    for change in client.list(url).await? {
        let object_type = text(&change, "changed_object_type");
        let Some(kind) = ENDPOINTS
            .iter()
            .find(|(_, _, t)| *t == object_type)
            .map(|(k, _, _)| *k)
        else {
            continue;
        };
        if let Some(object) = ref_id(change.get("changed_object_id")) {
            deleted.push((kind, object));
        }
    }
    Ok(deleted)
}
