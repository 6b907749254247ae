use std::collections::BTreeSet;

use aurum_inventory::{
    InventoryDocument, InventoryError, KnownNames, ValidationPolicy, validate_document,
};
use sqlx::AssertSqlSafe;

use super::rows::{credential_to_json, secrets_to_json};
use crate::error::QueryContext;
use crate::time::now_millis;
use crate::write_tx::WriteTx;
use crate::{Store, StoreError};

/// What an import changed, for the operator's confirmation line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub devices_created: usize,
    pub devices_updated: usize,
    /// Platforms, locations, roles, tenants, tags, secrets groups and saved filters written.
    pub other_objects: usize,
    /// Whether the changes were kept: false for a dry run.
    pub applied: bool,
}

impl Store {
    /// Imports a whole file in one transaction: every object is upserted by name, and either
    /// everything is applied or, if any row is invalid, nothing is and every problem is
    /// reported. `dry_run` validates and counts without keeping anything.
    pub async fn import(
        &self,
        doc: &InventoryDocument,
        file: &str,
        policy: ValidationPolicy,
        dry_run: bool,
    ) -> Result<ImportSummary, StoreError> {
        // A write transaction from the start: two imports at once (API writes) would otherwise
        // both read, then fail with "database is locked" when SQLite upgrades one to write.
        let mut tx = self
            .begin_write()
            .await
            .context("starting the import transaction")?;
        let known = known_names(&mut tx).await?;
        let issues = validate_document(doc, &known, policy);
        if !issues.is_empty() {
            tx.rollback()
                .await
                .context("rolling back a rejected import")?;
            return Err(InventoryError::Rejected {
                file: file.to_string(),
                issues,
            }
            .into());
        }

        refuse_managed(&mut tx, doc).await?;

        let mut summary = ImportSummary::default();
        let now = now_millis();
        for platform in &doc.platforms {
            sqlx::query(
                "INSERT INTO platforms (name, driver, network_os, description) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (name) DO UPDATE SET driver = excluded.driver, \
                 network_os = excluded.network_os, description = excluded.description",
            )
            .bind(&platform.name)
            .bind(&platform.driver)
            .bind(&platform.network_os)
            .bind(&platform.description)
            .execute(&mut *tx)
            .await
            .context("writing a platform")?;
        }

        // Locations in two passes: names first, then parents, so order in the file is free.
        for location in &doc.locations {
            upsert_named(&mut tx, "locations", &location.name, &location.description).await?;
        }
        for location in &doc.locations {
            sqlx::query("UPDATE locations SET parent_id = (SELECT id FROM locations WHERE name = $1) WHERE name = $2")
                .bind(&location.parent)
                .bind(&location.name)
                .execute(&mut *tx)
                .await
                .context("linking a location to its parent")?;
        }
        for (table, objects) in [
            ("roles", &doc.roles),
            ("tenants", &doc.tenants),
            ("tags", &doc.tags),
        ] {
            for object in objects {
                upsert_named(&mut tx, table, &object.name, &object.description).await?;
            }
        }
        // Objects devices refer to without the file defining them are created empty.
        for device in &doc.devices {
            for (table, name) in [
                ("locations", &device.location),
                ("roles", &device.role),
                ("tenants", &device.tenant),
            ] {
                if let Some(name) = name {
                    ensure_named(&mut tx, table, name).await?;
                }
            }
            for tag in &device.tags {
                ensure_named(&mut tx, "tags", tag).await?;
            }
        }

        for group in &doc.secrets_groups {
            sqlx::query(
                "INSERT INTO secrets_groups (name, username, password, enable_secret, private_key, secrets) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET username = excluded.username, \
                 password = excluded.password, enable_secret = excluded.enable_secret, \
                 private_key = excluded.private_key, secrets = excluded.secrets",
            )
            .bind(&group.name)
            .bind(credential_to_json(&group.username))
            .bind(credential_to_json(&group.password))
            .bind(credential_to_json(&group.enable_secret))
            .bind(credential_to_json(&group.private_key))
            .bind(secrets_to_json(&group.secrets))
            .execute(&mut *tx)
            .await
            .context("writing a secrets group")?;
        }
        for saved in &doc.saved_filters {
            let filter = serde_json::to_string(&saved.filter).expect("a filter always serialises");
            sqlx::query(
                "INSERT INTO saved_filters (name, description, filter) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET description = excluded.description, filter = excluded.filter",
            )
            .bind(&saved.name)
            .bind(&saved.description)
            .bind(filter)
            .execute(&mut *tx)
            .await
            .context("writing a saved filter")?;
        }
        summary.other_objects = doc.object_count() - doc.devices.len();

        let existing: BTreeSet<String> = sqlx::query_as::<_, (String,)>("SELECT name FROM devices")
            .fetch_all(&mut *tx)
            .await
            .context("listing existing devices")?
            .into_iter()
            .map(|(n,)| n)
            .collect();
        for device in &doc.devices {
            let data = serde_json::to_string(&device.data).expect("JSON values always serialise");
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO devices (name, address, port, platform_id, location_id, role_id, tenant_id, \
                 secrets_group_id, status, data, created_at, updated_at) VALUES ($1, $2, $3, \
                 (SELECT id FROM platforms WHERE name = $4), (SELECT id FROM locations WHERE name = $5), \
                 (SELECT id FROM roles WHERE name = $6), (SELECT id FROM tenants WHERE name = $7), \
                 (SELECT id FROM secrets_groups WHERE name = $8), $9, $10, $11, $11) \
                 ON CONFLICT (name) DO UPDATE SET address = excluded.address, port = excluded.port, \
                 platform_id = excluded.platform_id, location_id = excluded.location_id, \
                 role_id = excluded.role_id, tenant_id = excluded.tenant_id, \
                 secrets_group_id = excluded.secrets_group_id, status = excluded.status, \
                 data = excluded.data, updated_at = excluded.updated_at \
                 RETURNING id",
            )
            .bind(&device.name)
            .bind(&device.address)
            .bind(i64::from(device.port))
            .bind(&device.platform)
            .bind(&device.location)
            .bind(&device.role)
            .bind(&device.tenant)
            .bind(&device.secrets_group)
            .bind(device.status.as_str())
            .bind(data)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .context("writing a device")?;
            sqlx::query("DELETE FROM device_tags WHERE device_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("replacing a device's tags")?;
            for tag in &device.tags {
                sqlx::query("INSERT INTO device_tags (device_id, tag_id) SELECT $1, id FROM tags WHERE name = $2")
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await
                    .context("tagging a device")?;
            }
            if existing.contains(&device.name) {
                summary.devices_updated += 1;
            } else {
                summary.devices_created += 1;
            }
        }

        if dry_run {
            tx.rollback().await.context("discarding a dry-run import")?;
        } else {
            tx.commit().await.context("committing the import")?;
            summary.applied = true;
        }
        Ok(summary)
    }
}

/// Objects synced from a source of truth are edited there: an import (a file, or a device
/// written through the API) that would change one is refused, so the next sync cannot
/// silently undo it. Devices merely referring to a synced location or platform are fine.
async fn refuse_managed(tx: &mut WriteTx, doc: &InventoryDocument) -> Result<(), StoreError> {
    let defined = [
        (
            "devices",
            "device",
            doc.devices
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "platforms",
            "platform",
            doc.platforms.iter().map(|p| p.name.as_str()).collect(),
        ),
        (
            "locations",
            "location",
            doc.locations.iter().map(|l| l.name.as_str()).collect(),
        ),
        (
            "roles",
            "role",
            doc.roles.iter().map(|o| o.name.as_str()).collect(),
        ),
        (
            "tenants",
            "tenant",
            doc.tenants.iter().map(|o| o.name.as_str()).collect(),
        ),
        (
            "tags",
            "tag",
            doc.tags.iter().map(|o| o.name.as_str()).collect(),
        ),
    ];
    for (table, what, names) in defined {
        for name in names {
            if let Some(source) = super::sync::managed_by(&mut **tx, table, name).await? {
                return Err(StoreError::Conflict {
                    what: format!("{what} `{name}`"),
                    message: format!(
                        "it is synced from {source}, so it is changed there: edit it in {source} and run `aurum sot sync`"
                    ),
                });
            }
        }
    }
    Ok(())
}

async fn known_names(tx: &mut WriteTx) -> Result<KnownNames, StoreError> {
    let mut known = KnownNames::default();
    for (table, set) in [
        ("platforms", &mut known.platforms),
        ("locations", &mut known.locations),
        ("secrets_groups", &mut known.secrets_groups),
    ] {
        let names: Vec<(String,)> =
            sqlx::query_as(AssertSqlSafe(format!("SELECT name FROM {table}")))
                .fetch_all(&mut **tx)
                .await
                .context("reading existing names")?;
        set.extend(names.into_iter().map(|(n,)| n));
    }
    Ok(known)
}

async fn upsert_named(
    tx: &mut WriteTx,
    table: &'static str,
    name: &str,
    description: &str,
) -> Result<(), StoreError> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO {table} (name, description) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET description = excluded.description"
    )))
    .bind(name)
    .bind(description)
    .execute(&mut **tx)
    .await
    .context("writing a location, role, tenant or tag")?;
    Ok(())
}

async fn ensure_named(tx: &mut WriteTx, table: &'static str, name: &str) -> Result<(), StoreError> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO {table} (name, description) VALUES ($1, '') ON CONFLICT (name) DO NOTHING"
    )))
    .bind(name)
    .execute(&mut **tx)
    .await
    .context("creating a referenced location, role, tenant or tag")?;
    Ok(())
}
