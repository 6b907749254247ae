use std::collections::HashMap;

use aurum_inventory::{
    Device, DeviceFilter, InventoryDocument, Location, NamedObject, Platform, SavedFilter,
    SecretsGroup,
};

use sqlx::AssertSqlSafe;

use super::rows::{credential_from_json, data_from_json, filter_from_json, secrets_from_json};
use crate::error::QueryContext;
use crate::{Store, StoreError};

/// The device columns with related names resolved; a macro so queries stay string literals.
macro_rules! device_select {
    () => {
        "SELECT d.id, d.name, d.address, d.port, p.name, l.name, r.name, t.name, \
     sg.name, d.status, d.data \
     FROM devices d \
     LEFT JOIN platforms p ON p.id = d.platform_id \
     LEFT JOIN locations l ON l.id = d.location_id \
     LEFT JOIN roles r ON r.id = d.role_id \
     LEFT JOIN tenants t ON t.id = d.tenant_id \
     LEFT JOIN secrets_groups sg ON sg.id = d.secrets_group_id "
    };
}

pub(super) type DeviceRow = (
    i64,
    String,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);

impl Store {
    /// Every device the filter selects, sorted by name, with tags and related names resolved.
    pub async fn devices(&self, filter: &DeviceFilter) -> Result<Vec<Device>, StoreError> {
        let rows: Vec<DeviceRow> = sqlx::query_as(concat!(device_select!(), "ORDER BY d.name"))
            .fetch_all(&self.pool)
            .await
            .context("listing devices")?;
        let mut tags = self.tags_by_device().await?;
        let mut devices = Vec::with_capacity(rows.len());
        for row in rows {
            let id = row.0;
            let mut device = device_from_row(row)?;
            device.tags = tags.remove(&id).unwrap_or_default();
            if filter.matches(&device) {
                devices.push(device);
            }
        }
        Ok(devices)
    }

    /// Every device's name, sorted as [`Store::devices`] sorts them: what a page of names
    /// needs without reading whole devices (the pivot of a user who sees every device).
    pub async fn device_names(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM devices ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .context("listing device names")?;
        Ok(rows.into_iter().map(|(name,)| name).collect())
    }

    /// One device by exact name.
    pub async fn device(&self, name: &str) -> Result<Device, StoreError> {
        let row: Option<DeviceRow> = sqlx::query_as(concat!(device_select!(), "WHERE d.name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .context("reading a device")?;
        let Some(row) = row else {
            return Err(StoreError::NotFound {
                what: "device",
                name: name.to_string(),
                hint: "list devices with `aurum inventory list`".to_string(),
            });
        };
        let id = row.0;
        let mut device = device_from_row(row)?;
        let tags: Vec<(String,)> = sqlx::query_as(
            "SELECT t.name FROM device_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.device_id = $1 ORDER BY t.name",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .context("reading a device's tags")?;
        device.tags = tags.into_iter().map(|(t,)| t).collect();
        Ok(device)
    }

    async fn tags_by_device(&self) -> Result<HashMap<i64, Vec<String>>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT dt.device_id, t.name FROM device_tags dt JOIN tags t ON t.id = dt.tag_id ORDER BY t.name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing device tags")?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for (device, tag) in rows {
            tags.entry(device).or_default().push(tag);
        }
        Ok(tags)
    }

    pub async fn platforms(&self) -> Result<Vec<Platform>, StoreError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT name, driver, network_os, description FROM platforms ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing platforms")?;
        Ok(rows
            .into_iter()
            .map(|(name, driver, network_os, description)| Platform {
                name,
                driver,
                network_os,
                description,
            })
            .collect())
    }

    pub async fn saved_filters(&self) -> Result<Vec<SavedFilter>, StoreError> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT name, description, filter FROM saved_filters ORDER BY name")
                .fetch_all(&self.pool)
                .await
                .context("listing saved filters")?;
        rows.into_iter()
            .map(|(name, description, json)| {
                let filter = filter_from_json(&name, &json)?;
                Ok(SavedFilter {
                    name,
                    description,
                    filter,
                })
            })
            .collect()
    }

    /// A saved filter by name; the error lists the ones that exist.
    pub async fn saved_filter(&self, name: &str) -> Result<SavedFilter, StoreError> {
        let all = self.saved_filters().await?;
        let names: Vec<String> = all.iter().map(|f| f.name.clone()).collect();
        all.into_iter()
            .find(|f| f.name == name)
            .ok_or_else(|| StoreError::NotFound {
                what: "saved filter",
                name: name.to_string(),
                hint: if names.is_empty() {
                    "none are defined; add them under `saved_filters:` in an inventory file"
                        .to_string()
                } else {
                    format!("defined: {}", names.join(", "))
                },
            })
    }

    /// The whole inventory in the shape `import` reads, so export and re-import round-trip.
    pub async fn export(&self) -> Result<InventoryDocument, StoreError> {
        let mut doc = InventoryDocument::default();
        doc.platforms = self.platforms().await?;
        // Parents first, so the exported file imports in one pass.
        doc.locations = parents_first(self.locations().await?);
        doc.roles = self.roles().await?;
        doc.tenants = self.tenants().await?;
        doc.tags = self.tags().await?;
        doc.secrets_groups = self.secrets_groups().await?;
        doc.saved_filters = self.saved_filters().await?;
        doc.devices = self.devices(&DeviceFilter::default()).await?;
        Ok(doc)
    }

    /// Every secrets group, with its credential references (never values).
    pub async fn secrets_groups(&self) -> Result<Vec<SecretsGroup>, StoreError> {
        let rows: Vec<GroupRow> = sqlx::query_as(
            "SELECT name, username, password, enable_secret, private_key, secrets FROM secrets_groups ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing secrets groups")?;
        rows.into_iter().map(group_from_row).collect()
    }

    /// One secrets group by name.
    pub async fn secrets_group(&self, name: &str) -> Result<Option<SecretsGroup>, StoreError> {
        let row: Option<GroupRow> = sqlx::query_as(
            "SELECT name, username, password, enable_secret, private_key, secrets FROM secrets_groups WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .context("reading a secrets group")?;
        row.map(group_from_row).transpose()
    }

    pub(super) async fn named_objects(
        &self,
        table: &'static str,
    ) -> Result<Vec<NamedObject>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT name, description FROM {table} ORDER BY name"
        )))
        .fetch_all(&self.pool)
        .await
        .context("listing roles, tenants or tags")?;
        Ok(rows
            .into_iter()
            .map(|(name, description)| NamedObject { name, description })
            .collect())
    }
}

type GroupRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn group_from_row(row: GroupRow) -> Result<SecretsGroup, StoreError> {
    let (name, username, password, enable_secret, private_key, secrets) = row;
    Ok(SecretsGroup {
        secrets: secrets_from_json(&name, secrets)?,
        username: credential_from_json(&name, username)?,
        password: credential_from_json(&name, password)?,
        enable_secret: credential_from_json(&name, enable_secret)?,
        private_key: credential_from_json(&name, private_key)?,
        name,
    })
}

pub(super) fn device_from_row(row: DeviceRow) -> Result<Device, StoreError> {
    let (_, name, address, port, platform, location, role, tenant, secrets_group, status, data) =
        row;
    let status = status.parse().map_err(|message| StoreError::Corrupt {
        what: format!("status of device `{name}`"),
        message,
    })?;
    let data = data_from_json(&name, &data)?;
    Ok(Device {
        port: u16::try_from(port).map_err(|_| StoreError::Corrupt {
            what: format!("port of device `{name}`"),
            message: format!("{port} is out of range"),
        })?,
        name,
        address,
        platform,
        location,
        role,
        tenant,
        tags: Vec::new(),
        status,
        secrets_group,
        data,
    })
}

fn parents_first(mut pending: Vec<Location>) -> Vec<Location> {
    let mut ordered: Vec<Location> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let before = pending.len();
        let (ready, rest): (Vec<_>, Vec<_>) = pending.into_iter().partition(|l| {
            l.parent
                .as_ref()
                .is_none_or(|p| ordered.iter().any(|o| &o.name == p))
        });
        ordered.extend(ready);
        pending = rest;
        if pending.len() == before {
            // A cycle cannot be created through import; keep whatever is left rather than loop.
            ordered.append(&mut pending);
        }
    }
    ordered
}
