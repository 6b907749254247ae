//! Deletions: after a full sync, this source's objects the batch lacks; after an incremental
//! one, the ids the source reported deleted. Referring kinds go first (IP addresses before
//! interfaces before devices before platforms), and an object a local one still refers to
//! stops the whole sync with its name, rather than leaving a dangling reference.

use std::collections::HashSet;

use aurum_inventory::{SyncAction, SyncBatch, SyncKind};
use sqlx::AssertSqlSafe;

use super::Applier;
use crate::StoreError;
use crate::error::QueryContext;

impl Applier<'_> {
    pub(super) async fn remove(&mut self, batch: &SyncBatch) -> Result<(), StoreError> {
        for kind in SyncKind::ALL.into_iter().rev() {
            let table = kind.table();
            let label_column = match kind {
                SyncKind::IpAddress => "address",
                SyncKind::Interface => {
                    "(SELECT d.name FROM devices d WHERE d.id = device_id) || ' ' || name"
                }
                _ => "name",
            };
            let rows: Vec<(i64, String, String)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT id, {label_column}, source_id FROM {table} WHERE source = $1 AND source_id IS NOT NULL"
            )))
            .bind(self.source)
            .fetch_all(&mut *self.tx)
            .await
            .context("reading synced objects for deletions")?;
            let doomed: Vec<(i64, String)> = if batch.full {
                let kept = ids_in_batch(batch, kind);
                rows.into_iter()
                    .filter(|(_, _, source_id)| !kept.contains(source_id.as_str()))
                    .map(|(id, name, _)| (id, name))
                    .collect()
            } else {
                let deleted: HashSet<&str> = batch
                    .deleted
                    .iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, id)| id.as_str())
                    .collect();
                rows.into_iter()
                    .filter(|(_, _, source_id)| deleted.contains(source_id.as_str()))
                    .map(|(id, name, _)| (id, name))
                    .collect()
            };
            for (id, name) in doomed {
                if kind == SyncKind::Device {
                    sqlx::query("DELETE FROM device_tags WHERE device_id = $1")
                        .bind(id)
                        .execute(&mut *self.tx)
                        .await
                        .context("deleting a removed device's tags")?;
                }
                let result =
                    sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE id = $1")))
                        .bind(id)
                        .execute(&mut *self.tx)
                        .await;
                if let Err(error) = result {
                    return Err(StoreError::Conflict {
                        what: format!("{} `{name}`", kind.label()),
                        message: format!(
                            "{} no longer has it, but Aurum objects that did not come from {} still refer to it ({error}); \
                             point them elsewhere (or delete them) and sync again",
                            self.source, self.source
                        ),
                    });
                }
                self.change(kind, SyncAction::Delete, &name, String::new());
            }
        }
        Ok(())
    }
}

fn ids_in_batch(batch: &SyncBatch, kind: SyncKind) -> HashSet<&str> {
    match kind {
        SyncKind::Platform => batch.platforms.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Location => batch.locations.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Role => batch.roles.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Tenant => batch.tenants.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Tag => batch.tags.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::SecretsGroup => batch.secrets_groups.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Device => batch.devices.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Interface => batch.interfaces.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::Vlan => batch.vlans.iter().map(|o| o.id.as_str()).collect(),
        SyncKind::IpAddress => batch.ip_addresses.iter().map(|o| o.id.as_str()).collect(),
    }
}
