//! Devices: every reference resolved through the source ids of the kinds already applied,
//! tags replaced as a set, `data` (the config context) compared as JSON, the SSH port kept.

use std::collections::{BTreeSet, HashMap};

use aurum_inventory::{SyncKind, SyncedDevice};

use super::Applier;
use super::placement::{Existing, ExistingRow, describe_changes};
use crate::StoreError;
use crate::error::QueryContext;
use crate::time::now_millis;

/// A device's columns as a sync compares them (references as row ids).
#[derive(Debug, Clone, PartialEq)]
struct DeviceFields {
    address: Option<String>,
    platform: Option<i64>,
    location: Option<i64>,
    role: Option<i64>,
    tenant: Option<i64>,
    secrets_group: Option<i64>,
    status: String,
    data: serde_json::Value,
    tags: BTreeSet<i64>,
}

type DeviceRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    String,
);

impl Applier<'_> {
    pub(super) async fn devices(&mut self, devices: &[SyncedDevice]) -> Result<(), StoreError> {
        let rows: Vec<DeviceRow> = sqlx::query_as(
            "SELECT id, name, source, source_id, address, platform_id, location_id, role_id, \
             tenant_id, secrets_group_id, status, data FROM devices",
        )
        .fetch_all(&mut *self.tx)
        .await
        .context("reading devices for the sync")?;
        let tag_rows: Vec<(i64, i64)> = sqlx::query_as("SELECT device_id, tag_id FROM device_tags")
            .fetch_all(&mut *self.tx)
            .await
            .context("reading device tags for the sync")?;
        let mut tags: HashMap<i64, BTreeSet<i64>> = HashMap::new();
        for (device, tag) in tag_rows {
            tags.entry(device).or_default().insert(tag);
        }
        let rows = rows
            .into_iter()
            .map(|row| {
                let (
                    id,
                    name,
                    source,
                    source_id,
                    address,
                    platform,
                    location,
                    role,
                    tenant,
                    sg,
                    status,
                    data,
                ) = row;
                ExistingRow {
                    id,
                    name,
                    source,
                    source_id,
                    fields: DeviceFields {
                        address,
                        platform,
                        location,
                        role,
                        tenant,
                        secrets_group: sg,
                        status,
                        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                        tags: tags.remove(&id).unwrap_or_default(),
                    },
                }
            })
            .collect();
        let mut existing = Existing::new(self.source, rows);
        let now = now_millis();
        for device in devices {
            let referrer = format!("device `{}`", device.name);
            let mut wanted_tags = BTreeSet::new();
            for tag in &device.tags {
                if let Some(id) = self.resolve(SyncKind::Tag, Some(tag), &referrer)? {
                    wanted_tags.insert(id);
                }
            }
            let wanted = DeviceFields {
                address: device.address.clone(),
                platform: self.resolve(
                    SyncKind::Platform,
                    device.platform.as_deref(),
                    &referrer,
                )?,
                location: self.resolve(
                    SyncKind::Location,
                    device.location.as_deref(),
                    &referrer,
                )?,
                role: self.resolve(SyncKind::Role, device.role.as_deref(), &referrer)?,
                tenant: self.resolve(SyncKind::Tenant, device.tenant.as_deref(), &referrer)?,
                secrets_group: self.resolve(
                    SyncKind::SecretsGroup,
                    device.secrets_group.as_deref(),
                    &referrer,
                )?,
                status: device.status.as_str().to_string(),
                data: device.data.clone(),
                tags: wanted_tags,
            };
            let placement =
                existing.place(SyncKind::Device, self.source, &device.id, &device.name)?;
            let (action, id, detail) = placement
                .decide(|row| device_changes(&row.name, &row.fields, &device.name, &wanted));
            let data = serde_json::to_string(&wanted.data).expect("JSON values always serialise");
            let id = match (action, id) {
                (None, Some(id)) => {
                    self.report.unchanged += 1;
                    existing.record(&device.id, id);
                    continue;
                }
                (_, Some(id)) => {
                    sqlx::query(
                        "UPDATE devices SET name = $1, address = $2, platform_id = $3, location_id = $4, \
                         role_id = $5, tenant_id = $6, secrets_group_id = $7, status = $8, data = $9, \
                         updated_at = $10, source = $11, source_id = $12 WHERE id = $13",
                    )
                    .bind(&device.name)
                    .bind(&wanted.address)
                    .bind(wanted.platform)
                    .bind(wanted.location)
                    .bind(wanted.role)
                    .bind(wanted.tenant)
                    .bind(wanted.secrets_group)
                    .bind(&wanted.status)
                    .bind(&data)
                    .bind(now)
                    .bind(self.source)
                    .bind(&device.id)
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await
                    .context("updating a synced device")?;
                    sqlx::query("DELETE FROM device_tags WHERE device_id = $1")
                        .bind(id)
                        .execute(&mut *self.tx)
                        .await
                        .context("replacing a synced device's tags")?;
                    id
                }
                (_, None) => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO devices (name, address, port, platform_id, location_id, role_id, \
                         tenant_id, secrets_group_id, status, data, created_at, updated_at, source, source_id) \
                         VALUES ($1, $2, 22, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12) RETURNING id",
                    )
                    .bind(&device.name)
                    .bind(&wanted.address)
                    .bind(wanted.platform)
                    .bind(wanted.location)
                    .bind(wanted.role)
                    .bind(wanted.tenant)
                    .bind(wanted.secrets_group)
                    .bind(&wanted.status)
                    .bind(&data)
                    .bind(now)
                    .bind(self.source)
                    .bind(&device.id)
                    .fetch_one(&mut *self.tx)
                    .await
                    .context("creating a synced device")?;
                    id
                }
            };
            for tag in &wanted.tags {
                sqlx::query("INSERT INTO device_tags (device_id, tag_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*tag)
                    .execute(&mut *self.tx)
                    .await
                    .context("tagging a synced device")?;
            }
            if let Some(action) = action {
                self.change(SyncKind::Device, action, &device.name, detail);
            }
            existing.record(&device.id, id);
        }
        self.ids.insert(SyncKind::Device, existing.into_ids());
        Ok(())
    }
}

/// The fields that differ, by name (references and data are not spelled out: ids and JSON
/// say little in a change line).
fn device_changes(
    old_name: &str,
    old: &DeviceFields,
    new_name: &str,
    new: &DeviceFields,
) -> String {
    let mut parts = vec![
        ("name", old_name.to_string(), new_name.to_string()),
        (
            "address",
            old.address.clone().unwrap_or_default(),
            new.address.clone().unwrap_or_default(),
        ),
        ("status", old.status.clone(), new.status.clone()),
    ];
    let mut detail = describe_changes(&parts);
    parts.clear();
    let references = [
        ("platform", old.platform != new.platform),
        ("location", old.location != new.location),
        ("role", old.role != new.role),
        ("tenant", old.tenant != new.tenant),
        ("secrets group", old.secrets_group != new.secrets_group),
        ("tags", old.tags != new.tags),
        ("data", old.data != new.data),
    ];
    for (field, changed) in references {
        if changed {
            if !detail.is_empty() {
                detail.push_str("; ");
            }
            detail.push_str(field);
        }
    }
    detail
}
