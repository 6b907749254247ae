//! The kinds devices point at (platforms, locations, roles, tenants, tags, secrets groups,
//! saved filters): listed with `q=` and pages, shown by name, each behind its `view_*`
//! permission. Secrets groups show which credentials they have, never their references or
//! values.

use serde::Serialize;
use serde_json::Value;

use aurum_inventory::{ObjectKind, SecretsGroup};
use aurum_store::StoreError;

use super::{InventoryService, Page, PageRequest, matches_q};
use crate::ServiceError;
use crate::authz;
use crate::identity::{Permission, Principal};

/// The permission `VERB_OBJECT` for a kind (`view_platform`, `add_secretsgroup`, ...).
pub(super) fn permission(verb: &str, kind: ObjectKind) -> Result<Permission, ServiceError> {
    let object = match kind {
        ObjectKind::Platform => "platform",
        ObjectKind::Location => "location",
        ObjectKind::Role => "role",
        ObjectKind::Tenant => "tenant",
        ObjectKind::Tag => "tag",
        ObjectKind::SecretsGroup => "secretsgroup",
        ObjectKind::SavedFilter => "savedfilter",
    };
    Permission::named(&format!("{verb}_{object}"))
}

/// A secrets group as the API shows it: which credentials it has, nothing of them.
#[derive(Debug, Clone, Serialize)]
pub struct SecretsGroupView {
    pub name: String,
    pub has_username: bool,
    pub has_password: bool,
    pub has_enable_secret: bool,
    pub has_private_key: bool,
    /// The keys of its further secrets (`secrets:`), for templates; never their references.
    pub secrets: Vec<String>,
}

impl From<SecretsGroup> for SecretsGroupView {
    fn from(group: SecretsGroup) -> Self {
        SecretsGroupView {
            has_username: group.username.is_some(),
            has_password: group.password.is_some(),
            has_enable_secret: group.enable_secret.is_some(),
            has_private_key: group.private_key.is_some(),
            secrets: group.secrets.keys().cloned().collect(),
            name: group.name,
        }
    }
}

impl InventoryService {
    /// One page of a kind's objects whose name or description contains `q`.
    pub async fn objects(
        &self,
        principal: &Principal,
        kind: ObjectKind,
        q: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Value>, ServiceError> {
        let all = self.all_objects(principal, kind).await?;
        let matching: Vec<Value> = all
            .into_iter()
            .filter(|object| {
                let field = |name: &str| object.get(name).and_then(Value::as_str).unwrap_or("");
                matches_q(q, &[field("name"), field("description")])
            })
            .collect();
        Ok(Page::of(matching, page))
    }

    /// One object of a kind by name.
    pub async fn object(
        &self,
        principal: &Principal,
        kind: ObjectKind,
        name: &str,
    ) -> Result<Value, ServiceError> {
        self.all_objects(principal, kind)
            .await?
            .into_iter()
            .find(|object| object.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| {
                StoreError::NotFound {
                    what: kind.label(),
                    name: name.to_string(),
                    hint: "list them without the name to see what exists".to_string(),
                }
                .into()
            })
    }

    async fn all_objects(
        &self,
        principal: &Principal,
        kind: ObjectKind,
    ) -> Result<Vec<Value>, ServiceError> {
        authz::require(principal, permission("view", kind)?)?;
        self.listed(kind).await
    }

    /// Every object of a kind as the API shows it, unchecked (callers check).
    pub(super) async fn listed(&self, kind: ObjectKind) -> Result<Vec<Value>, ServiceError> {
        let store = &self.store;
        let values = match kind {
            ObjectKind::Platform => to_values(store.platforms().await?),
            ObjectKind::Location => to_values(store.locations().await?),
            ObjectKind::Role => to_values(store.roles().await?),
            ObjectKind::Tenant => to_values(store.tenants().await?),
            ObjectKind::Tag => to_values(store.tags().await?),
            ObjectKind::SecretsGroup => to_values(
                store
                    .secrets_groups()
                    .await?
                    .into_iter()
                    .map(SecretsGroupView::from)
                    .collect(),
            ),
            ObjectKind::SavedFilter => to_values(store.saved_filters().await?),
        };
        Ok(values)
    }
}

fn to_values<T: Serialize>(items: Vec<T>) -> Vec<Value> {
    items
        .into_iter()
        .map(|item| serde_json::to_value(item).unwrap_or(Value::Null))
        .collect()
}
