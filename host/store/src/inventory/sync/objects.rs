//! Platforms, locations (with parents), and the kinds that are only a name and a
//! description: roles, tenants, tags, secrets groups (whose credentials stay Aurum's own).

use aurum_inventory::{
    SyncAction, SyncChange, SyncKind, SyncedLocation, SyncedNamed, SyncedPlatform,
};
use sqlx::AssertSqlSafe;

use super::Applier;
use super::placement::{Existing, ExistingRow, describe_changes};
use crate::StoreError;
use crate::error::QueryContext;

/// The name-and-description kinds, in the order `SyncBatch` lists them.
pub(super) const NAMED_KINDS: [SyncKind; 4] = [
    SyncKind::Role,
    SyncKind::Tenant,
    SyncKind::Tag,
    SyncKind::SecretsGroup,
];

/// id, name, source, source_id, driver, description.
type PlatformRow = (i64, String, Option<String>, Option<String>, String, String);
/// id, name, source, source_id, description.
type NamedRow = (i64, String, Option<String>, Option<String>, String);

impl Applier<'_> {
    pub(super) async fn platforms(
        &mut self,
        platforms: &[SyncedPlatform],
    ) -> Result<(), StoreError> {
        let rows: Vec<PlatformRow> = sqlx::query_as(
            "SELECT id, name, source, source_id, driver, description FROM platforms",
        )
        .fetch_all(&mut *self.tx)
        .await
        .context("reading platforms for the sync")?;
        let rows = rows
            .into_iter()
            .map(
                |(id, name, source, source_id, driver, description)| ExistingRow {
                    id,
                    name,
                    source,
                    source_id,
                    fields: (driver, description),
                },
            )
            .collect();
        let mut existing = Existing::new(self.source, rows);
        for platform in platforms {
            let placement = existing.place(
                SyncKind::Platform,
                self.source,
                &platform.id,
                &platform.name,
            )?;
            let (action, id, detail) = placement.decide(|row| {
                describe_changes(&[
                    ("name", row.name.clone(), platform.name.clone()),
                    ("driver", row.fields.0.clone(), platform.driver.clone()),
                    (
                        "description",
                        row.fields.1.clone(),
                        platform.description.clone(),
                    ),
                ])
            });
            let id = match (action, id) {
                (None, Some(id)) => {
                    self.report.unchanged += 1;
                    id
                }
                (_, Some(id)) => {
                    sqlx::query(
                        "UPDATE platforms SET name = $1, driver = $2, description = $3, source = $4, \
                         source_id = $5 WHERE id = $6",
                    )
                    .bind(&platform.name)
                    .bind(&platform.driver)
                    .bind(&platform.description)
                    .bind(self.source)
                    .bind(&platform.id)
                    .bind(id)
                    .execute(&mut *self.tx)
                    .await
                    .context("updating a synced platform")?;
                    id
                }
                (_, None) => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO platforms (name, driver, network_os, description, source, source_id) \
                         VALUES ($1, $2, '', $3, $4, $5) RETURNING id",
                    )
                    .bind(&platform.name)
                    .bind(&platform.driver)
                    .bind(&platform.description)
                    .bind(self.source)
                    .bind(&platform.id)
                    .fetch_one(&mut *self.tx)
                    .await
                    .context("creating a synced platform")?;
                    id
                }
            };
            if let Some(action) = action {
                self.change(SyncKind::Platform, action, &platform.name, detail);
            }
            existing.record(&platform.id, id);
        }
        self.ids.insert(SyncKind::Platform, existing.into_ids());
        Ok(())
    }

    /// Locations in two passes, names then parents, so a parent may come after its child.
    pub(super) async fn locations(
        &mut self,
        locations: &[SyncedLocation],
    ) -> Result<(), StoreError> {
        let as_named: Vec<SyncedNamed> = locations
            .iter()
            .map(|l| SyncedNamed {
                id: l.id.clone(),
                name: l.name.clone(),
                description: l.description.clone(),
            })
            .collect();
        let parents: Vec<(Option<i64>, i64)> =
            sqlx::query_as("SELECT parent_id, id FROM locations")
                .fetch_all(&mut *self.tx)
                .await
                .context("reading location parents for the sync")?;
        let parent_of: std::collections::HashMap<i64, Option<i64>> = parents
            .into_iter()
            .map(|(parent, id)| (id, parent))
            .collect();
        self.named(SyncKind::Location, &as_named).await?;
        for location in locations {
            let id = self.resolve(SyncKind::Location, Some(&location.id), &location.name)?;
            let parent = self.resolve(
                SyncKind::Location,
                location.parent.as_deref(),
                &format!("location `{}`", location.name),
            )?;
            let Some(id) = id else { continue };
            if parent_of.get(&id).copied().flatten() == parent {
                continue;
            }
            sqlx::query("UPDATE locations SET parent_id = $1 WHERE id = $2")
                .bind(parent)
                .bind(id)
                .execute(&mut *self.tx)
                .await
                .context("linking a synced location to its parent")?;
            let already = self
                .report
                .changes
                .iter()
                .any(|c| c.kind == SyncKind::Location && c.name == location.name);
            if !already {
                self.report.unchanged = self.report.unchanged.saturating_sub(1);
                self.change(
                    SyncKind::Location,
                    SyncAction::Update,
                    &location.name,
                    "parent".into(),
                );
            }
        }
        Ok(())
    }

    /// A kind whose rows are a name (and, but for secrets groups, a description).
    pub(super) async fn named(
        &mut self,
        kind: SyncKind,
        objects: &[SyncedNamed],
    ) -> Result<(), StoreError> {
        let table = kind.table();
        let has_description = kind != SyncKind::SecretsGroup;
        let description = if has_description { "description" } else { "''" };
        let rows: Vec<NamedRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id, name, source, source_id, {description} FROM {table}"
        )))
        .fetch_all(&mut *self.tx)
        .await
        .context("reading objects for the sync")?;
        let rows = rows
            .into_iter()
            .map(|(id, name, source, source_id, description)| ExistingRow {
                id,
                name,
                source,
                source_id,
                fields: description,
            })
            .collect();
        let mut existing = Existing::new(self.source, rows);
        for object in objects {
            let wanted_description = if has_description {
                object.description.clone()
            } else {
                String::new()
            };
            let placement = existing.place(kind, self.source, &object.id, &object.name)?;
            let (action, id, detail) = placement.decide(|row| {
                describe_changes(&[
                    ("name", row.name.clone(), object.name.clone()),
                    (
                        "description",
                        row.fields.clone(),
                        wanted_description.clone(),
                    ),
                ])
            });
            let set_description = if has_description {
                ", description = $5"
            } else {
                ""
            };
            let id = match (action, id) {
                (None, Some(id)) => {
                    self.report.unchanged += 1;
                    id
                }
                (_, Some(id)) => {
                    let mut update = sqlx::query(AssertSqlSafe(format!(
                        "UPDATE {table} SET name = $1, source = $2, source_id = $3{set_description} WHERE id = $4"
                    )))
                    .bind(&object.name)
                    .bind(self.source)
                    .bind(&object.id)
                    .bind(id);
                    if has_description {
                        update = update.bind(&wanted_description);
                    }
                    update
                        .execute(&mut *self.tx)
                        .await
                        .context("updating a synced object")?;
                    id
                }
                (_, None) => {
                    let (columns, values) = if has_description {
                        (", description", ", $4")
                    } else {
                        ("", "")
                    };
                    let mut insert = sqlx::query_as::<_, (i64,)>(AssertSqlSafe(format!(
                        "INSERT INTO {table} (name, source, source_id{columns}) VALUES ($1, $2, $3{values}) RETURNING id"
                    )))
                    .bind(&object.name)
                    .bind(self.source)
                    .bind(&object.id);
                    if has_description {
                        insert = insert.bind(&wanted_description);
                    }
                    insert
                        .fetch_one(&mut *self.tx)
                        .await
                        .context("creating a synced object")?
                        .0
                }
            };
            if let Some(action) = action {
                self.change(kind, action, &object.name, detail);
            }
            existing.record(&object.id, id);
        }
        self.ids.insert(kind, existing.into_ids());
        Ok(())
    }

    pub(super) fn change(
        &mut self,
        kind: SyncKind,
        action: SyncAction,
        name: &str,
        detail: String,
    ) {
        self.report.changes.push(SyncChange {
            kind,
            action,
            name: name.to_string(),
            detail,
        });
    }
}
