//! Creating, changing and deleting platforms, locations, roles, tenants, tags, secrets groups
//! and saved filters. Each needs `add_*`, `change_*` or `delete_*` of its kind (not scoped:
//! these are not devices). A write goes through the import, so it is validated and refused
//! for a synced object exactly as a file's rows are; a delete is refused while devices, child
//! locations, grants or golden-config settings still refer to the object, naming them.
//! Secrets groups take credential references and answer which credentials they have, never a
//! reference or a value.

use aurum_inventory::{
    InventoryDocument, Location, NamedObject, ObjectKind, Platform, SavedFilter, SecretsGroup,
    ValidationPolicy,
};
use aurum_store::StoreError;
use serde_json::Value;

use super::InventoryService;
use super::body::{invalid, merge_patch, typed};
use super::objects::{SecretsGroupView, permission};
use crate::ServiceError;
use crate::authz;
use crate::identity::{Permission, Principal};

/// A change: the whole object (`PUT`) or a merge patch over the stored one (`PATCH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Replace,
    Patch,
}

/// One object of any kind, typed.
enum Object {
    Platform(Platform),
    Location(Location),
    Named(NamedObject),
    SecretsGroup(SecretsGroup),
    SavedFilter(SavedFilter),
}

impl Object {
    fn parse(kind: ObjectKind, what: &str, body: Value) -> Result<Object, ServiceError> {
        Ok(match kind {
            ObjectKind::Platform => Object::Platform(typed(what, body)?),
            ObjectKind::Location => Object::Location(typed(what, body)?),
            ObjectKind::Role | ObjectKind::Tenant | ObjectKind::Tag => {
                Object::Named(typed(what, body)?)
            }
            ObjectKind::SecretsGroup => Object::SecretsGroup(typed(what, body)?),
            ObjectKind::SavedFilter => Object::SavedFilter(typed(what, body)?),
        })
    }

    fn name(&self) -> &str {
        match self {
            Object::Platform(o) => &o.name,
            Object::Location(o) => &o.name,
            Object::Named(o) => &o.name,
            Object::SecretsGroup(o) => &o.name,
            Object::SavedFilter(o) => &o.name,
        }
    }

    /// A document holding just this object, for the import.
    fn document(self, kind: ObjectKind) -> InventoryDocument {
        let mut document = InventoryDocument::default();
        match self {
            Object::Platform(o) => document.platforms.push(o),
            Object::Location(o) => document.locations.push(o),
            Object::Named(o) => match kind {
                ObjectKind::Role => document.roles.push(o),
                ObjectKind::Tenant => document.tenants.push(o),
                _ => document.tags.push(o),
            },
            Object::SecretsGroup(o) => document.secrets_groups.push(o),
            Object::SavedFilter(o) => document.saved_filters.push(o),
        }
        document
    }

    /// How the API shows it: as stored, except a secrets group, which shows only which
    /// credentials it has.
    fn view(&self) -> Value {
        let value = match self {
            Object::Platform(o) => serde_json::to_value(o),
            Object::Location(o) => serde_json::to_value(o),
            Object::Named(o) => serde_json::to_value(o),
            Object::SecretsGroup(o) => serde_json::to_value(SecretsGroupView::from(o.clone())),
            Object::SavedFilter(o) => serde_json::to_value(o),
        };
        value.unwrap_or(Value::Null)
    }
}

impl InventoryService {
    /// Creates a `kind` object from `body`; a name that exists is a conflict.
    pub async fn create_object(
        &self,
        principal: &Principal,
        kind: ObjectKind,
        body: Value,
    ) -> Result<Value, ServiceError> {
        require(principal, permission("add", kind)?, kind, None)?;
        let name = body.get("name").and_then(Value::as_str).map(str::to_string);
        let what = describe(kind, name.as_deref());
        if !body.is_object() {
            return Err(invalid(&what, "the body must be a JSON object".into()));
        }
        if let Some(name) = &name
            && self.stored(kind, name).await?.is_some()
        {
            return Err(StoreError::AlreadyExists {
                what: kind.label(),
                name: name.clone(),
                hint: "change it with PUT or PATCH on its path instead, or pick another name"
                    .to_string(),
            }
            .into());
        }
        let object = Object::parse(kind, &what, body)?;
        self.write(kind, object).await
    }

    /// Replaces (`PUT`) or patches (`PATCH`) the `kind` object `name`. The name stays: a body
    /// naming another object is refused.
    pub async fn change_object(
        &self,
        principal: &Principal,
        kind: ObjectKind,
        name: &str,
        change: Change,
        mut body: Value,
    ) -> Result<Value, ServiceError> {
        require(principal, permission("change", kind)?, kind, Some(name))?;
        let what = describe(kind, Some(name));
        let Some(mut current) = self.stored(kind, name).await? else {
            return Err(not_found(kind, name));
        };
        if !body.is_object() {
            return Err(invalid(&what, "the body must be a JSON object".into()));
        }
        let merged = match change {
            Change::Replace => {
                if let Value::Object(fields) = &mut body {
                    fields
                        .entry("name")
                        .or_insert_with(|| Value::String(name.to_string()));
                }
                body
            }
            Change::Patch => {
                merge_patch(&mut current, body);
                current
            }
        };
        if merged.get("name").and_then(Value::as_str) != Some(name) {
            return Err(invalid(
                &what,
                format!(
                    "`name` must stay `{name}`: a {} keeps its name; create the new one and delete this one",
                    kind.label()
                ),
            ));
        }
        let object = Object::parse(kind, &what, merged)?;
        if let Object::Location(location) = &object {
            self.refuse_parent_cycle(location).await?;
        }
        self.write(kind, object).await
    }

    /// Deletes the `kind` object `name`, unless something still refers to it.
    pub async fn delete_object(
        &self,
        principal: &Principal,
        kind: ObjectKind,
        name: &str,
    ) -> Result<(), ServiceError> {
        require(principal, permission("delete", kind)?, kind, Some(name))?;
        if kind == ObjectKind::SavedFilter {
            let settings: Vec<&str> = self
                .config
                .golden
                .settings
                .iter()
                .filter(|(_, setting)| setting.scope.as_deref() == Some(name))
                .map(|(setting, _)| setting.as_str())
                .collect();
            if !settings.is_empty() && self.stored(kind, name).await?.is_some() {
                return Err(StoreError::Conflict {
                    what: describe(kind, Some(name)),
                    message: format!(
                        "it is the scope of the golden-config setting(s) {} in aurum.toml; change their `scope` first",
                        settings.join(", ")
                    ),
                }
                .into());
            }
        }
        Ok(self.store.delete_object(kind, name).await?)
    }

    /// Validates and writes one object through the import; answers it as the API shows it.
    async fn write(&self, kind: ObjectKind, object: Object) -> Result<Value, ServiceError> {
        let view = object.view();
        let source = describe(kind, Some(object.name()));
        let policy = ValidationPolicy {
            allow_literal_secrets: self.config.inventory.allow_literal_secrets,
        };
        self.store
            .import(&object.document(kind), &source, policy, false)
            .await?;
        Ok(view)
    }

    /// The stored object in full (a secrets group with its references), for a patch to
    /// start from; `None` when there is none of that name.
    async fn stored(&self, kind: ObjectKind, name: &str) -> Result<Option<Value>, ServiceError> {
        let found = match kind {
            ObjectKind::SecretsGroup => self
                .store
                .secrets_group(name)
                .await?
                .map(|group| serde_json::to_value(group).unwrap_or(Value::Null)),
            _ => self
                .listed(kind)
                .await?
                .into_iter()
                .find(|o| o.get("name").and_then(Value::as_str) == Some(name)),
        };
        Ok(found)
    }

    /// A location may not become its own ancestor.
    async fn refuse_parent_cycle(&self, location: &Location) -> Result<(), ServiceError> {
        let parents: std::collections::HashMap<String, Option<String>> = self
            .store
            .locations()
            .await?
            .into_iter()
            .map(|l| (l.name, l.parent))
            .collect();
        let mut next = location.parent.clone();
        let mut steps = 0;
        while let Some(parent) = next {
            if parent == location.name {
                return Err(invalid(
                    &describe(ObjectKind::Location, Some(&location.name)),
                    format!(
                        "`parent`: `{}` is inside `{}` already, so it cannot be its parent",
                        location.parent.as_deref().unwrap_or_default(),
                        location.name
                    ),
                ));
            }
            steps += 1;
            if steps > parents.len() {
                break;
            }
            next = parents.get(&parent).cloned().flatten();
        }
        Ok(())
    }
}

/// A refusal unless `principal` holds `permission` unscoped, naming the object.
fn require(
    principal: &Principal,
    permission: Permission,
    kind: ObjectKind,
    name: Option<&str>,
) -> Result<(), ServiceError> {
    if authz::allows(principal, permission) {
        return Ok(());
    }
    let object = match name {
        Some(_) => describe(kind, name),
        None => format!("{}s", kind.label()),
    };
    Err(authz::forbidden(principal, permission, &object))
}

/// `platform `ios``, or `a new platform` without a name.
fn describe(kind: ObjectKind, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{} `{name}`", kind.label()),
        None => format!("a new {}", kind.label()),
    }
}

fn not_found(kind: ObjectKind, name: &str) -> ServiceError {
    StoreError::NotFound {
        what: kind.label(),
        name: name.to_string(),
        hint: "list them without the name to see what exists, or create it with POST".to_string(),
    }
    .into()
}
