//! The one permission check every service path makes, whoever calls it (CLI, REST API,
//! GraphQL, the web UI, bulk runs, jobs).
//!
//! A grant is a permission name (`execute_show`), or a permission limited to the devices a
//! saved filter selects (`execute_show:branch-routers`), NetBox's object permissions with a
//! saved filter as the constraint. A grant without a scope covers every object; a scoped
//! grant covers only the devices its filter matches, so a user who may run show commands on
//! branch routers cannot on the core. Superusers (and the local CLI owner) pass every check.

use aurum_inventory::{Device, DeviceFilter};
use aurum_store::Store;

use crate::ServiceError;
use crate::identity::{Permission, Principal};

/// What separates a permission from the saved filter that limits it in a grant.
pub const SCOPE_SEPARATOR: char = ':';

/// One granted permission, as stored: the permission and, for a scoped grant, the saved
/// filter whose devices it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub permission: Permission,
    pub scope: Option<String>,
}

impl Grant {
    /// Parses `PERMISSION` or `PERMISSION:SAVED_FILTER`; an unknown permission is refused
    /// listing the known ones.
    pub fn parse(text: &str) -> Result<Grant, ServiceError> {
        let (name, scope) = match text.split_once(SCOPE_SEPARATOR) {
            Some((name, scope)) => (name, Some(scope.trim().to_string())),
            None => (text, None),
        };
        if scope.as_deref() == Some("") {
            return Err(ServiceError::Identity {
                reason: format!(
                    "grant `{text}` names no saved filter after `{SCOPE_SEPARATOR}`; write PERMISSION or PERMISSION{SCOPE_SEPARATOR}SAVED_FILTER"
                ),
            });
        }
        Ok(Grant {
            permission: Permission::named(name.trim())?,
            scope,
        })
    }

    /// The stored form, `execute_show` or `execute_show:branch-routers`.
    pub fn to_text(&self) -> String {
        match &self.scope {
            Some(scope) => format!("{}{SCOPE_SEPARATOR}{scope}", self.permission),
            None => self.permission.to_string(),
        }
    }
}

/// Whether `principal` holds `permission` without a scope (for things that are not devices:
/// starting any job, reading settings, adding a platform). Superusers always do.
pub fn allows(principal: &Principal, permission: Permission) -> bool {
    principal.superuser || principal.permissions.contains(permission.as_str())
}

/// Whether `principal` holds `permission` at all, scoped or not (a user with a scoped grant
/// may start a job, which then covers only the devices of its scope).
pub fn allows_somewhere(principal: &Principal, permission: Permission) -> bool {
    allows(principal, permission) || !scopes(principal, permission).is_empty()
}

/// Refuses unless `principal` holds `permission` without a scope.
pub fn require(principal: &Principal, permission: Permission) -> Result<(), ServiceError> {
    if allows(principal, permission) {
        return Ok(());
    }
    Err(forbidden(principal, permission, "this installation"))
}

/// The refusal for a missing permission, naming the user, the permission and the object.
pub fn forbidden(principal: &Principal, permission: Permission, object: &str) -> ServiceError {
    ServiceError::Forbidden {
        user: principal.name.clone(),
        permission: permission.to_string(),
        object: object.to_string(),
    }
}

/// The saved filters that limit `principal`'s scoped grants of `permission`.
fn scopes(principal: &Principal, permission: Permission) -> Vec<&str> {
    principal
        .permissions
        .iter()
        .filter_map(|grant| grant.split_once(SCOPE_SEPARATOR))
        .filter(|(name, _)| *name == permission.as_str())
        .map(|(_, scope)| scope)
        .collect()
}

/// Checks on devices, which need the saved filters of scoped grants from the store.
#[derive(Debug, Clone)]
pub struct Authz {
    store: Store,
}

/// What a principal's grants of one permission cover, resolved once for many devices.
#[derive(Debug, Clone)]
pub enum DeviceScope {
    All,
    /// Only devices one of these filters matches (none: no device at all).
    Matching(Vec<DeviceFilter>),
}

impl DeviceScope {
    pub fn covers(&self, device: &Device) -> bool {
        match self {
            DeviceScope::All => true,
            DeviceScope::Matching(filters) => filters.iter().any(|f| f.matches(device)),
        }
    }
}

impl Authz {
    pub fn new(store: Store) -> Authz {
        Authz { store }
    }

    /// The devices `principal`'s grants of `permission` cover. A scoped grant naming a saved
    /// filter that no longer exists covers nothing (and is logged), so deleting a filter
    /// never widens a grant.
    pub async fn device_scope(
        &self,
        principal: &Principal,
        permission: Permission,
    ) -> Result<DeviceScope, ServiceError> {
        if allows(principal, permission) {
            return Ok(DeviceScope::All);
        }
        let mut filters = Vec::new();
        for scope in scopes(principal, permission) {
            match self.store.saved_filter(scope).await {
                Ok(saved) => filters.push(saved.filter),
                Err(aurum_store::StoreError::NotFound { .. }) => {
                    tracing::warn!(user = %principal.name, %permission, filter = scope,
                        "a scoped grant names a saved filter that does not exist; it covers no device");
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(DeviceScope::Matching(filters))
    }

    /// Refuses unless `principal` may do `permission` on `device`.
    pub async fn require_device(
        &self,
        principal: &Principal,
        permission: Permission,
        device: &Device,
    ) -> Result<(), ServiceError> {
        if self
            .device_scope(principal, permission)
            .await?
            .covers(device)
        {
            return Ok(());
        }
        Err(forbidden(
            principal,
            permission,
            &format!("device {}", device.name),
        ))
    }

    /// The devices among `devices` that `principal` may do `permission` on, in their order.
    pub async fn retain_devices(
        &self,
        principal: &Principal,
        permission: Permission,
        devices: Vec<Device>,
    ) -> Result<Vec<Device>, ServiceError> {
        let scope = self.device_scope(principal, permission).await?;
        Ok(devices.into_iter().filter(|d| scope.covers(d)).collect())
    }

    /// What a GraphQL request of `principal` may read of configurations: every device's with
    /// `view_config` unscoped, else those of the devices its scoped grants cover.
    pub async fn graphql_access(
        &self,
        principal: &Principal,
    ) -> Result<aurum_graphql::Access, ServiceError> {
        match self
            .device_scope(principal, Permission::VIEW_CONFIG)
            .await?
        {
            DeviceScope::All => Ok(aurum_graphql::Access::All),
            DeviceScope::Matching(filters) if filters.is_empty() => {
                Ok(aurum_graphql::Access::Configs(Default::default()))
            }
            scope => {
                let devices = self.store.devices(&DeviceFilter::default()).await?;
                Ok(aurum_graphql::Access::Configs(
                    devices
                        .into_iter()
                        .filter(|d| scope.covers(d))
                        .map(|d| d.name)
                        .collect(),
                ))
            }
        }
    }

    /// The device named `name` if `principal` may see it (`view_device` on it): otherwise
    /// the same "no device" error as for a name that does not exist, so a refusal never
    /// tells which devices exist.
    pub async fn visible_device(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<Device, ServiceError> {
        let device = self.store.device(name).await?;
        let view = Permission::named("view_device")?;
        if self.device_scope(principal, view).await?.covers(&device) {
            Ok(device)
        } else {
            Err(aurum_store::StoreError::NotFound {
                what: "device",
                name: name.to_string(),
                hint: "list devices with `aurum inventory list`".to_string(),
            }
            .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(grants: &[&str]) -> Principal {
        Principal::user("bob", &[]).granted(grants)
    }

    #[test]
    fn grants_parse_with_and_without_a_scope_and_typos_are_refused() {
        let grant = Grant::parse("execute_show:branch-routers").unwrap();
        assert_eq!(grant.permission, Permission::EXECUTE_SHOW);
        assert_eq!(grant.scope.as_deref(), Some("branch-routers"));
        assert_eq!(grant.to_text(), "execute_show:branch-routers");
        assert_eq!(Grant::parse("deploy").unwrap().scope, None);
        assert!(
            Grant::parse("execute_shows:x")
                .unwrap_err()
                .to_string()
                .contains("`execute_shows`")
        );
        assert!(
            Grant::parse("deploy:")
                .unwrap_err()
                .to_string()
                .contains("no saved filter")
        );
    }

    #[test]
    fn a_scoped_grant_is_not_a_global_one() {
        let bob = principal(&["execute_show:branch"]);
        assert!(!allows(&bob, Permission::EXECUTE_SHOW));
        assert!(allows_somewhere(&bob, Permission::EXECUTE_SHOW));
        assert!(!allows_somewhere(&bob, Permission::RUN_JOB));
        assert!(require(&bob, Permission::EXECUTE_SHOW).is_err());
        let error = require(&principal(&[]), Permission::RUN_JOB)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`bob`") && error.contains("`run_job`"),
            "{error}"
        );
        assert!(allows(&principal(&["run_job"]), Permission::RUN_JOB));
    }

    #[test]
    fn a_scope_covers_the_devices_its_filters_match() {
        let mut branch = Device::named("br1");
        branch.role = Some("branch".into());
        let core = Device::named("core1");
        let scope =
            DeviceScope::Matching(vec![DeviceFilter::parse_terms(&["role=branch"]).unwrap()]);
        assert!(scope.covers(&branch));
        assert!(!scope.covers(&core));
        assert!(!DeviceScope::Matching(Vec::new()).covers(&branch));
        assert!(DeviceScope::All.covers(&core));
    }
}
