//! Which plans a principal may see and act on. A plan belongs to its device, so grants scope
//! plans as they scope devices: `approve_plan:branch` approves the plans of the devices the
//! `branch` saved filter selects and no others. Seeing a plan needs `view_config` on its
//! device (a plan carries configuration); a plan outside it is "no such plan", as a missing
//! one, so a refusal never tells which plans exist.

use aurum_store::{PlanRecord, StoreError};

use super::PlansService;
use crate::ServiceError;
use crate::authz::{self, DeviceScope};
use crate::identity::{Permission, Principal};

impl PlansService {
    /// What `principal`'s grants of `permission` cover; refused (naming `action`) when it
    /// holds the permission nowhere.
    pub(super) async fn scope_of(
        &self,
        principal: &Principal,
        permission: Permission,
        action: &str,
    ) -> Result<DeviceScope, ServiceError> {
        if !authz::allows_somewhere(principal, permission) {
            return Err(authz::forbidden(
                principal,
                permission,
                &format!("`{action}`"),
            ));
        }
        self.authz.device_scope(principal, permission).await
    }

    /// Whether `scope` covers the device named `device`; a device no longer in the inventory
    /// is covered by an unscoped grant only.
    pub(super) async fn covers(
        &self,
        scope: &DeviceScope,
        device: &str,
    ) -> Result<bool, ServiceError> {
        if matches!(scope, DeviceScope::All) {
            return Ok(true);
        }
        match self.store.device(device).await {
            Ok(found) => Ok(scope.covers(&found)),
            Err(StoreError::NotFound { .. }) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Plan `id` when `principal` may see it; otherwise the error of a plan that does not
    /// exist.
    pub(super) async fn visible_plan(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<PlanRecord, ServiceError> {
        let scope = self
            .scope_of(principal, Permission::VIEW_CONFIG, "view config plans")
            .await?;
        let plan = self.store.plan(id).await?;
        if self.covers(&scope, &plan.device).await? {
            Ok(plan)
        } else {
            Err(StoreError::NotFound {
                what: "plan",
                name: id.to_string(),
                hint: "list the plans with `aurum plan list`".into(),
            }
            .into())
        }
    }

    /// Plan `id`, visible to `principal` and with `permission` on its device; a plan it may
    /// see but not act on is refused naming the plan and its device.
    pub(super) async fn plan_for(
        &self,
        principal: &Principal,
        permission: Permission,
        action: &str,
        id: i64,
    ) -> Result<PlanRecord, ServiceError> {
        let scope = self.scope_of(principal, permission, action).await?;
        let plan = self.visible_plan(principal, id).await?;
        if self.covers(&scope, &plan.device).await? {
            Ok(plan)
        } else {
            Err(authz::forbidden(
                principal,
                permission,
                &format!("plan {id} of device {}", plan.device),
            ))
        }
    }
}
