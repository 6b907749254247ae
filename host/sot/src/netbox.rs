//! NetBox 4.x's REST API, where its shapes differ from Nautobot's:
//! - regions, sites and locations all become Aurum locations (a site's parent is its region,
//!   a location's its parent location or else its site), with ids `region:N`, `site:N`,
//!   `location:N` since the three number independently;
//! - a platform has no `network_driver`: its `slug` picks the driver (map others with
//!   `[sot.netbox] drivers`);
//! - a device's role is `role` (`device_role` before 4.0), its status a `{value, label}`
//!   choice, its location its `location` or else its `site`;
//! - there are no secrets groups; VLANs belong to a site; IP addresses are assigned through
//!   `assigned_object_type`/`assigned_object_id`;
//! - deletions are read from `api/core/object-changes/` (NetBox 4.1+) with `time_after`.

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

const INCREMENTAL: [&str; 4] = [
    "api/dcim/devices/",
    "api/dcim/interfaces/",
    "api/ipam/vlans/",
    "api/ipam/ip-addresses/",
];

pub(crate) async fn fetch(
    client: &JsonClient,
    mapping: &Mapping<'_>,
    page_size: u32,
    since: Option<&str>,
) -> Result<SyncBatch, SotError> {
    let list = |path: &'static str| {
        let mut query: Vec<(&str, String)> = vec![("limit", page_size.to_string())];
        if let Some(since) = since
            && INCREMENTAL.contains(&path)
        {
            query.push(("last_updated__gte", since.to_string()));
        }
        client.list(client.url(path, &query))
    };
    let mut batch = SyncBatch {
        source: mapping.source_name.to_string(),
        full: since.is_none(),
        ..SyncBatch::default()
    };

    let raw_platforms = list("api/dcim/platforms/")
        .await?
        .iter()
        .map(|p| {
            Ok(RawPlatform {
                id: id(p, "platform")?,
                name: text(p, "name"),
                network_driver: text(p, "slug"),
                description: text(p, "description"),
            })
        })
        .collect::<Result<Vec<_>, SotError>>()?;
    let (platforms, refused) = mapping.platforms(raw_platforms, &mut batch.notes);
    batch.platforms = platforms;

    for region in list("api/dcim/regions/").await? {
        batch.locations.push(SyncedLocation {
            id: prefixed("region", Some(id(&region, "region")?)).expect("an id"),
            name: text(&region, "name"),
            parent: prefixed("region", ref_id(region.get("parent"))),
            description: text(&region, "description"),
        });
    }
    for site in list("api/dcim/sites/").await? {
        batch.locations.push(SyncedLocation {
            id: prefixed("site", Some(id(&site, "site")?)).expect("an id"),
            name: text(&site, "name"),
            parent: prefixed("region", ref_id(site.get("region"))),
            description: text(&site, "description"),
        });
    }
    for location in list("api/dcim/locations/").await? {
        let parent = prefixed("location", ref_id(location.get("parent")))
            .or_else(|| prefixed("site", ref_id(location.get("site"))));
        batch.locations.push(SyncedLocation {
            id: prefixed("location", Some(id(&location, "location")?)).expect("an id"),
            name: text(&location, "name"),
            parent,
            description: text(&location, "description"),
        });
    }
    qualify_location_names(&mut batch.locations);
    batch.roles = named(list("api/dcim/device-roles/").await?, "role")?;
    batch.tenants = named(list("api/tenancy/tenants/").await?, "tenant")?;
    batch.tags = named(list("api/extras/tags/").await?, "tag")?;

    for device in &list("api/dcim/devices/").await? {
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

    for interface in list("api/dcim/interfaces/").await? {
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
    for vlan in list("api/ipam/vlans/").await? {
        let vid = vlan.get("vid").and_then(Value::as_u64).unwrap_or(0);
        let Ok(vid) = u16::try_from(vid) else {
            continue;
        };
        batch.vlans.push(SyncedVlan {
            id: id(&vlan, "VLAN")?,
            vid,
            name: text(&vlan, "name"),
            location: prefixed("site", ref_id(vlan.get("site"))),
        });
    }
    for ip in list("api/ipam/ip-addresses/").await? {
        let on_interface = text(&ip, "assigned_object_type") == "dcim.interface";
        batch.ip_addresses.push(SyncedIpAddress {
            id: id(&ip, "IP address")?,
            address: text(&ip, "address"),
            interface: ref_id(ip.get("assigned_object_id")).filter(|_| on_interface),
        });
    }
    if let Some(since) = since {
        batch.deleted = deletions(client, page_size, since).await?;
    }
    Ok(batch)
}

fn prefixed(kind: &str, id: Option<String>) -> Option<String> {
    id.map(|id| format!("{kind}:{id}"))
}

fn device_from(
    device: &Value,
    name: &str,
    mapping: &Mapping<'_>,
) -> Result<SyncedDevice, SotError> {
    let status = device
        .get("status")
        .and_then(|s| s.get("value"))
        .and_then(Value::as_str)
        .unwrap_or("active");
    let location = prefixed("location", ref_id(device.get("location")))
        .or_else(|| prefixed("site", ref_id(device.get("site"))));
    Ok(SyncedDevice {
        id: id(device, "device")?,
        name: name.to_string(),
        address: primary_address(device),
        platform: ref_id(device.get("platform")),
        location,
        role: ref_id(device.get("role")).or_else(|| ref_id(device.get("device_role"))),
        tenant: ref_id(device.get("tenant")),
        secrets_group: None,
        tags: ref_ids(device.get("tags")),
        status: mapping.status(name, status)?,
        data: config_context(device),
    })
}

async fn deletions(
    client: &JsonClient,
    page_size: u32,
    since: &str,
) -> Result<Vec<(SyncKind, String)>, SotError> {
    let url = client.url(
        "api/core/object-changes/",
        &[
            ("limit", page_size.to_string()),
            ("action", "delete".to_string()),
            ("time_after", since.to_string()),
        ],
    );
    let mut deleted = Vec::new();
    for change in client.list(url).await? {
        let object = ref_id(change.get("changed_object_id"));
        let kind = match text(&change, "changed_object_type").as_str() {
            "dcim.platform" => Some((SyncKind::Platform, object)),
            "dcim.region" => Some((SyncKind::Location, prefixed("region", object))),
            "dcim.site" => Some((SyncKind::Location, prefixed("site", object))),
            "dcim.location" => Some((SyncKind::Location, prefixed("location", object))),
            "dcim.devicerole" => Some((SyncKind::Role, object)),
            "tenancy.tenant" => Some((SyncKind::Tenant, object)),
            "extras.tag" => Some((SyncKind::Tag, object)),
            "dcim.device" => Some((SyncKind::Device, object)),
            "dcim.interface" => Some((SyncKind::Interface, object)),
            "ipam.vlan" => Some((SyncKind::Vlan, object)),
            "ipam.ipaddress" => Some((SyncKind::IpAddress, object)),
            _ => None,
        };
        if let Some((kind, Some(id))) = kind {
            deleted.push((kind, id));
        }
    }
    Ok(deleted)
}
