//! Removing a platform, location, role, tenant, tag, secrets group or saved filter. What a
//! device (or a child location, a VLAN, a user's grant) still refers to is refused naming
//! the referrers, never removed from under them: the schema's `ON DELETE CASCADE` of tags
//! would otherwise untag devices silently. An object a source of truth manages is deleted
//! there, as a synced device is.

use aurum_inventory::ObjectKind;
use sqlx::AssertSqlSafe;

use crate::error::QueryContext;
use crate::write_tx::WriteTx;
use crate::{Store, StoreError};

/// How many referrers a refusal names before it says how many more there are.
const NAMED: usize = 10;

impl Store {
    /// Deletes the `kind` object `name`, in one transaction with the checks that it exists,
    /// is Aurum's own and nothing refers to it.
    pub async fn delete_object(&self, kind: ObjectKind, name: &str) -> Result<(), StoreError> {
        let table = kind.table();
        let mut tx = self
            .begin_write()
            .await
            .context("starting an object's deletion")?;
        let id: Option<(i64,)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id FROM {table} WHERE name = $1"
        )))
        .bind(name)
        .fetch_optional(&mut *tx)
        .await
        .context("finding the object to delete")?;
        let Some((id,)) = id else {
            return Err(StoreError::NotFound {
                what: kind.label(),
                name: name.to_string(),
                hint: "list them without the name to see what exists".to_string(),
            });
        };
        let what = format!("{} `{name}`", kind.label());
        if kind.syncable()
            && let Some(source) = super::sync::managed_by(&mut *tx, table, name).await?
        {
            return Err(StoreError::Conflict {
                what,
                message: format!(
                    "it is synced from {source}, so it is deleted there: delete it in {source} and run `aurum sot sync`"
                ),
            });
        }
        let users = referrers(&mut tx, kind, id, name).await?;
        if !users.is_empty() {
            return Err(StoreError::Conflict {
                what,
                message: format!(
                    "it is still used by {}; change or delete those first",
                    users.join("; ")
                ),
            });
        }
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE id = $1")))
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("deleting an inventory object")?;
        tx.commit()
            .await
            .context("committing an object's deletion")?;
        Ok(())
    }
}

/// What refers to the object, one phrase per kind of referrer (`devices r1, r2`), empty
/// when nothing does.
async fn referrers(
    tx: &mut WriteTx,
    kind: ObjectKind,
    id: i64,
    name: &str,
) -> Result<Vec<String>, StoreError> {
    let device_query = match kind {
        ObjectKind::Platform => Some("SELECT name FROM devices WHERE platform_id = $1"),
        ObjectKind::Location => Some("SELECT name FROM devices WHERE location_id = $1"),
        ObjectKind::Role => Some("SELECT name FROM devices WHERE role_id = $1"),
        ObjectKind::Tenant => Some("SELECT name FROM devices WHERE tenant_id = $1"),
        ObjectKind::SecretsGroup => Some("SELECT name FROM devices WHERE secrets_group_id = $1"),
        ObjectKind::Tag => Some(
            "SELECT d.name FROM devices d JOIN device_tags t ON t.device_id = d.id WHERE t.tag_id = $1",
        ),
        ObjectKind::SavedFilter => None,
    };
    let mut phrases = Vec::new();
    if let Some(query) = device_query {
        push(&mut phrases, "devices", names(tx, query, id).await?);
    }
    if kind == ObjectKind::Location {
        let children = names(tx, "SELECT name FROM locations WHERE parent_id = $1", id).await?;
        push(&mut phrases, "child locations", children);
        let vlans = names(tx, "SELECT name FROM vlans WHERE location_id = $1", id).await?;
        push(&mut phrases, "VLANs", vlans);
    }
    if kind == ObjectKind::SavedFilter {
        push(&mut phrases, "grants", scoped_grants(tx, name).await?);
    }
    Ok(phrases)
}

async fn names(tx: &mut WriteTx, query: &'static str, id: i64) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = sqlx::query_as(query)
        .bind(id)
        .fetch_all(&mut **tx)
        .await
        .context("finding what refers to an object")?;
    let mut names: Vec<String> = rows.into_iter().map(|(n,)| n).collect();
    names.sort();
    Ok(names)
}

/// The users' and groups' grants scoped by the saved filter `name` (`bob: view_device:name`).
async fn scoped_grants(tx: &mut WriteTx, name: &str) -> Result<Vec<String>, StoreError> {
    let mut grants = Vec::new();
    for (query, holder) in [
        ("SELECT username, permission FROM user_permissions", "user"),
        (
            "SELECT group_name, permission FROM group_permissions",
            "group",
        ),
    ] {
        let rows: Vec<(String, String)> = sqlx::query_as(query)
            .fetch_all(&mut **tx)
            .await
            .context("finding grants scoped by a saved filter")?;
        grants.extend(
            rows.into_iter()
                .filter(|(_, grant)| grant.split_once(':').is_some_and(|(_, s)| s == name))
                .map(|(who, grant)| format!("{holder} {who}'s `{grant}`")),
        );
    }
    grants.sort();
    Ok(grants)
}

/// `devices r1, r2 and 3 more`, or nothing for no names.
fn push(phrases: &mut Vec<String>, what: &str, names: Vec<String>) {
    if names.is_empty() {
        return;
    }
    let mut phrase = format!("{what} {}", names[..names.len().min(NAMED)].join(", "));
    if names.len() > NAMED {
        phrase.push_str(&format!(" and {} more", names.len() - NAMED));
    }
    phrases.push(phrase);
}

#[cfg(test)]
mod tests {
    use super::push;

    #[test]
    fn a_long_list_of_referrers_is_cut_short_with_a_count() {
        let mut phrases = Vec::new();
        push(&mut phrases, "devices", Vec::new());
        assert!(phrases.is_empty());
        let many: Vec<String> = (0..12).map(|i| format!("r{i:02}")).collect();
        push(&mut phrases, "devices", many);
        assert_eq!(
            phrases,
            ["devices r00, r01, r02, r03, r04, r05, r06, r07, r08, r09 and 2 more"]
        );
    }
}
