//! The objects devices point at, listed whole: what the GraphQL layer resolves a device's
//! relations from (one query per kind and request, however many devices it returns).

use aurum_inventory::{Location, NamedObject};

use crate::error::QueryContext;
use crate::{Store, StoreError};

impl Store {
    /// Every location with its parent's name, sorted by name.
    pub async fn locations(&self) -> Result<Vec<Location>, StoreError> {
        let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT l.name, p.name, l.description FROM locations l \
             LEFT JOIN locations p ON p.id = l.parent_id ORDER BY l.name",
        )
        .fetch_all(&self.pool)
        .await
        .context("listing locations")?;
        Ok(rows
            .into_iter()
            .map(|(name, parent, description)| Location {
                name,
                parent,
                description,
            })
            .collect())
    }

    /// Every role, sorted by name.
    pub async fn roles(&self) -> Result<Vec<NamedObject>, StoreError> {
        self.named_objects("roles").await
    }

    /// Every tenant, sorted by name.
    pub async fn tenants(&self) -> Result<Vec<NamedObject>, StoreError> {
        self.named_objects("tenants").await
    }

    /// Every tag, sorted by name.
    pub async fn tags(&self) -> Result<Vec<NamedObject>, StoreError> {
        self.named_objects("tags").await
    }
}
