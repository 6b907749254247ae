//! Interfaces, VLANs and IP addresses: what the toolkit offers as choices for a command's
//! interface, VLAN and IP variables. A local row is adopted by its natural key (device and
//! interface name, location and VID, address).

use std::collections::HashMap;

use aurum_inventory::{SyncKind, SyncedInterface, SyncedIpAddress, SyncedVlan};

use super::Applier;
use super::placement::{Existing, ExistingRow, describe_changes};
use crate::StoreError;
use crate::error::QueryContext;

/// id, device_id, name, source, source_id, description, enabled.
type InterfaceRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    i64,
);
/// id, vid, name, location_id, source, source_id.
type VlanRow = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
);
/// id, address, interface_id, source, source_id.
type AddressRow = (i64, String, Option<i64>, Option<String>, Option<String>);

impl Applier<'_> {
    pub(super) async fn interfaces(
        &mut self,
        interfaces: &[SyncedInterface],
    ) -> Result<(), StoreError> {
        let names: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM devices")
            .fetch_all(&mut *self.tx)
            .await
            .context("reading device names for the sync")?;
        let device_names: HashMap<i64, String> = names.into_iter().collect();
        let rows: Vec<InterfaceRow> = sqlx::query_as(
            "SELECT id, device_id, name, source, source_id, description, enabled FROM interfaces",
        )
        .fetch_all(&mut *self.tx)
        .await
        .context("reading interfaces for the sync")?;
        let rows = rows
            .into_iter()
            .map(
                |(id, device, name, source, source_id, description, enabled)| ExistingRow {
                    id,
                    name: interface_key(device, &name),
                    source,
                    source_id,
                    fields: (device, name, description, enabled != 0),
                },
            )
            .collect();
        let mut existing = Existing::new(self.source, rows);
        for interface in interfaces {
            let Some(device) = self.resolve(
                SyncKind::Device,
                Some(&interface.device),
                &format!("interface `{}`", interface.name),
            )?
            else {
                continue;
            };
            let label = format!(
                "{} {}",
                device_names.get(&device).map_or("?", String::as_str),
                interface.name
            );
            let key = interface_key(device, &interface.name);
            let placement =
                existing.place(SyncKind::Interface, self.source, &interface.id, &key)?;
            let (action, id, detail) = placement.decide(|row| {
                let (old_device, old_name, old_description, old_enabled) = &row.fields;
                let mut detail = describe_changes(&[
                    ("name", old_name.clone(), interface.name.clone()),
                    (
                        "description",
                        old_description.clone(),
                        interface.description.clone(),
                    ),
                    (
                        "enabled",
                        old_enabled.to_string(),
                        interface.enabled.to_string(),
                    ),
                ]);
                if *old_device != device {
                    detail = if detail.is_empty() {
                        "device".into()
                    } else {
                        format!("device; {detail}")
                    };
                }
                detail
            });
            let id = match (action, id) {
                (None, Some(id)) => {
                    self.report.unchanged += 1;
                    id
                }
                (_, Some(id)) => {
                    sqlx::query(
                        "UPDATE interfaces SET device_id = $1, name = $2, description = $3, enabled = $4, \
                         source = $5, source_id = $6 WHERE id = $7",
                    )
                    .bind(device)
                    .bind(&interface.name)
                    .bind(&interface.description)
                    .bind(i64::from(interface.enabled))
                    .bind(self.source)
                    .bind(&interface.id)
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await
                    .context("updating a synced interface")?;
                    id
                }
                (_, None) => {
                    sqlx::query_as::<_, (i64,)>(
                        "INSERT INTO interfaces (device_id, name, description, enabled, source, source_id) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(device)
                    .bind(&interface.name)
                    .bind(&interface.description)
                    .bind(i64::from(interface.enabled))
                    .bind(self.source)
                    .bind(&interface.id)
                    .fetch_one(&mut *self.tx)
                    .await
                    .context("creating a synced interface")?
                    .0
                }
            };
            if let Some(action) = action {
                self.change(SyncKind::Interface, action, &label, detail);
            }
            existing.record(&interface.id, id);
        }
        self.ids.insert(SyncKind::Interface, existing.into_ids());
        Ok(())
    }

    pub(super) async fn vlans(&mut self, vlans: &[SyncedVlan]) -> Result<(), StoreError> {
        let rows: Vec<VlanRow> =
            sqlx::query_as("SELECT id, vid, name, location_id, source, source_id FROM vlans")
                .fetch_all(&mut *self.tx)
                .await
                .context("reading VLANs for the sync")?;
        let rows = rows
            .into_iter()
            .map(|(id, vid, name, location, source, source_id)| ExistingRow {
                id,
                name: vlan_key(location, vid),
                source,
                source_id,
                fields: (vid, name, location),
            })
            .collect();
        let mut existing = Existing::new(self.source, rows);
        for vlan in vlans {
            let label = format!("{} ({})", vlan.vid, vlan.name);
            let location = self.resolve(
                SyncKind::Location,
                vlan.location.as_deref(),
                &format!("VLAN {label}"),
            )?;
            let vid = i64::from(vlan.vid);
            let key = vlan_key(location, vid);
            let placement = existing.place(SyncKind::Vlan, self.source, &vlan.id, &key)?;
            let (action, id, detail) = placement.decide(|row| {
                let (old_vid, old_name, old_location) = &row.fields;
                let mut detail = describe_changes(&[
                    ("vid", old_vid.to_string(), vid.to_string()),
                    ("name", old_name.clone(), vlan.name.clone()),
                ]);
                if *old_location != location {
                    detail = if detail.is_empty() {
                        "location".into()
                    } else {
                        format!("{detail}; location")
                    };
                }
                detail
            });
            let id = match (action, id) {
                (None, Some(id)) => {
                    self.report.unchanged += 1;
                    id
                }
                (_, Some(id)) => {
                    sqlx::query(
                        "UPDATE vlans SET vid = $1, name = $2, location_id = $3, source = $4, source_id = $5 WHERE id = $6",
                    )
                    .bind(vid)
                    .bind(&vlan.name)
                    .bind(location)
                    .bind(self.source)
                    .bind(&vlan.id)
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await
                    .context("updating a synced VLAN")?;
                    id
                }
                (_, None) => {
                    sqlx::query_as::<_, (i64,)>(
                        "INSERT INTO vlans (vid, name, location_id, source, source_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(vid)
                    .bind(&vlan.name)
                    .bind(location)
                    .bind(self.source)
                    .bind(&vlan.id)
                    .fetch_one(&mut *self.tx)
                    .await
                    .context("creating a synced VLAN")?
                    .0
                }
            };
            if let Some(action) = action {
                self.change(SyncKind::Vlan, action, &label, detail);
            }
            existing.record(&vlan.id, id);
        }
        self.ids.insert(SyncKind::Vlan, existing.into_ids());
        Ok(())
    }

    pub(super) async fn ip_addresses(
        &mut self,
        addresses: &[SyncedIpAddress],
    ) -> Result<(), StoreError> {
        let rows: Vec<AddressRow> =
            sqlx::query_as("SELECT id, address, interface_id, source, source_id FROM ip_addresses")
                .fetch_all(&mut *self.tx)
                .await
                .context("reading IP addresses for the sync")?;
        let rows = rows
            .into_iter()
            .map(|(id, address, interface, source, source_id)| ExistingRow {
                id,
                name: address,
                source,
                source_id,
                fields: interface,
            })
            .collect();
        let mut existing = Existing::new(self.source, rows);
        for ip in addresses {
            // An address on an interface the sync did not bring (a VM's, say) is kept unbound.
            let interface = ip.interface.as_deref().and_then(|interface| {
                self.ids
                    .get(&SyncKind::Interface)
                    .and_then(|ids| ids.get(interface))
                    .copied()
            });
            let placement =
                existing.place(SyncKind::IpAddress, self.source, &ip.id, &ip.address)?;
            let (action, id, detail) = placement.decide(|row| {
                let mut detail =
                    describe_changes(&[("address", row.name.clone(), ip.address.clone())]);
                if row.fields != interface {
                    detail = if detail.is_empty() {
                        "interface".into()
                    } else {
                        format!("{detail}; interface")
                    };
                }
                detail
            });
            let id = match (action, id) {
                (None, Some(id)) => {
                    self.report.unchanged += 1;
                    id
                }
                (_, Some(id)) => {
                    sqlx::query(
                        "UPDATE ip_addresses SET address = $1, interface_id = $2, source = $3, source_id = $4 WHERE id = $5",
                    )
                    .bind(&ip.address)
                    .bind(interface)
                    .bind(self.source)
                    .bind(&ip.id)
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await
                    .context("updating a synced IP address")?;
                    id
                }
                (_, None) => {
                    sqlx::query_as::<_, (i64,)>(
                        "INSERT INTO ip_addresses (address, interface_id, source, source_id) VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(&ip.address)
                    .bind(interface)
                    .bind(self.source)
                    .bind(&ip.id)
                    .fetch_one(&mut *self.tx)
                    .await
                    .context("creating a synced IP address")?
                    .0
                }
            };
            if let Some(action) = action {
                self.change(SyncKind::IpAddress, action, &ip.address, detail);
            }
            existing.record(&ip.id, id);
        }
        self.ids.insert(SyncKind::IpAddress, existing.into_ids());
        Ok(())
    }
}

/// Interfaces are unique per device, not globally: the placement key joins both.
fn interface_key(device: i64, name: &str) -> String {
    format!("{device}\u{0}{name}")
}

/// VLANs are adopted by location and VID.
fn vlan_key(location: Option<i64>, vid: i64) -> String {
    format!("{location:?}\u{0}{vid}")
}
