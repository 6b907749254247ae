//! Applying a sync from an external source of truth: one transaction per sync, objects found
//! by their id in the source (a rename there is a rename here), a local object of the same
//! name adopted, the source's deletions applied, and either all of it kept or, on any error
//! or a dry run, none of it.

mod devices;
mod network;
mod objects;
mod placement;
mod removal;

use std::collections::HashMap;

use aurum_inventory::{SyncBatch, SyncKind, SyncReport};
use sqlx::{Any, Transaction};

use crate::error::QueryContext;
use crate::{Store, StoreError};

/// When a source was last synced (epoch milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncState {
    pub last_synced_at: i64,
    pub last_full_at: i64,
}

/// The transaction and the report one sync writes into.
pub(super) struct Applier<'a> {
    tx: Transaction<'static, Any>,
    source: &'a str,
    report: SyncReport,
    /// Per kind, source id to row id: what later kinds' references resolve through.
    ids: HashMap<SyncKind, HashMap<String, i64>>,
}

impl Applier<'_> {
    /// The row id the reference `source_id` to a `kind` object resolves to; a reference to
    /// an object the source never sent is an error naming both ends.
    fn resolve(
        &self,
        kind: SyncKind,
        source_id: Option<&str>,
        referrer: &str,
    ) -> Result<Option<i64>, StoreError> {
        let Some(source_id) = source_id else {
            return Ok(None);
        };
        match self.ids.get(&kind).and_then(|ids| ids.get(source_id)) {
            Some(&id) => Ok(Some(id)),
            None => Err(StoreError::Conflict {
                what: referrer.to_string(),
                message: format!(
                    "it refers to {} {source_id} of {}, which the sync did not receive; run a full sync (`aurum sot sync --full`)",
                    kind.label(),
                    self.source
                ),
            }),
        }
    }
}

impl Store {
    /// Applies `batch` in one transaction. `started_at` is when the fetch began, recorded as
    /// the point the next incremental sync asks for changes since. A dry run computes every
    /// change and rolls back.
    pub async fn apply_sync(
        &self,
        batch: &SyncBatch,
        started_at: i64,
        dry_run: bool,
    ) -> Result<SyncReport, StoreError> {
        let tx = self
            .pool
            .begin()
            .await
            .context("starting the sync transaction")?;
        let mut applier = Applier {
            tx,
            source: &batch.source,
            report: SyncReport {
                source: batch.source.clone(),
                full: batch.full,
                applied: !dry_run,
                notes: batch.notes.clone(),
                ..SyncReport::default()
            },
            ids: HashMap::new(),
        };
        applier.platforms(&batch.platforms).await?;
        applier.locations(&batch.locations).await?;
        for (kind, objects) in objects::NAMED_KINDS.iter().zip([
            &batch.roles,
            &batch.tenants,
            &batch.tags,
            &batch.secrets_groups,
        ]) {
            applier.named(*kind, objects).await?;
        }
        applier.devices(&batch.devices).await?;
        applier.interfaces(&batch.interfaces).await?;
        applier.vlans(&batch.vlans).await?;
        applier.ip_addresses(&batch.ip_addresses).await?;
        applier.remove(batch).await?;
        applier.report.changes.sort();

        let Applier { mut tx, report, .. } = applier;
        if dry_run {
            tx.rollback().await.context("rolling back a dry-run sync")?;
            return Ok(report);
        }
        let full_at = if batch.full { started_at } else { 0 };
        sqlx::query(
            "INSERT INTO sot_sync_state (source, last_synced_at, last_full_at) VALUES ($1, $2, $3) \
             ON CONFLICT (source) DO UPDATE SET last_synced_at = excluded.last_synced_at, \
             last_full_at = CASE WHEN excluded.last_full_at > 0 THEN excluded.last_full_at \
             ELSE sot_sync_state.last_full_at END",
        )
        .bind(&batch.source)
        .bind(started_at)
        .bind(full_at)
        .execute(&mut *tx)
        .await
        .context("recording the sync")?;
        tx.commit().await.context("committing the sync")?;
        Ok(report)
    }

    /// When `source` was last synced; `None` before its first sync.
    pub async fn sync_state(&self, source: &str) -> Result<Option<SyncState>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT last_synced_at, last_full_at FROM sot_sync_state WHERE source = $1",
        )
        .bind(source)
        .fetch_optional(&self.pool)
        .await
        .context("reading the last sync")?;
        Ok(row.map(|(last_synced_at, last_full_at)| SyncState {
            last_synced_at,
            last_full_at,
        }))
    }

    /// Names of `source`'s synced objects by their id there (every kind), for the references
    /// an import from that source holds as ids (a dynamic group's filter).
    pub async fn synced_names(&self, source: &str) -> Result<HashMap<String, String>, StoreError> {
        let mut names = HashMap::new();
        for kind in SyncKind::ALL {
            if matches!(
                kind,
                SyncKind::Interface | SyncKind::Vlan | SyncKind::IpAddress
            ) {
                continue;
            }
            let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT source_id, name FROM {} WHERE source = $1 AND source_id IS NOT NULL",
                kind.table()
            )))
            .bind(source)
            .fetch_all(&self.pool)
            .await
            .context("reading synced names")?;
            names.extend(rows);
        }
        Ok(names)
    }

    /// The source that manages the `kind` object `name` (`devices`, `platforms`, ...), if any:
    /// local edits of a synced object are refused, so the next sync cannot silently undo them.
    pub(crate) async fn managed_by(
        &self,
        table: &'static str,
        name: &str,
    ) -> Result<Option<String>, StoreError> {
        managed_by(&self.pool, table, name).await
    }
}

pub(crate) async fn managed_by<'e, E>(
    executor: E,
    table: &'static str,
    name: &str,
) -> Result<Option<String>, StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row: Option<(Option<String>,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT source FROM {table} WHERE name = $1"
    )))
    .bind(name)
    .fetch_optional(executor)
    .await
    .context("reading which source manages an object")?;
    Ok(row.and_then(|(source,)| source))
}
