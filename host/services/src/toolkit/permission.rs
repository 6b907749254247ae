//! Who may run what: show commands need `execute_show` on the device; config commands need to
//! be listed in `[toolkit] config_users` / `config_groups` or hold `execute_config` on the
//! device. The per-device rate limit, the other refusal a permitted run can meet, is in
//! [`super::rate_limit`].

use aurum_inventory::{CommandKind, Device};

use super::{Principal, ToolkitService};
use crate::ServiceError;
use crate::authz;
use crate::identity::Permission;

impl ToolkitService {
    /// Whether `principal` may run this kind of command on this device (the rate limit comes
    /// after, in [`super::rate_limit::reserve`], once nothing else can refuse the run). A
    /// device outside the inventory (`--host`) needs the grant unscoped.
    pub(super) async fn permit(
        &self,
        principal: &Principal,
        device: Option<&Device>,
        name: &str,
        text: &str,
        kind: CommandKind,
    ) -> Result<(), ServiceError> {
        match kind {
            CommandKind::Config if self.may_run_config(principal, device).await? => Ok(()),
            CommandKind::Config => Err(ServiceError::PermissionDenied {
                user: principal.name.clone(),
                device: name.to_string(),
                command: text.to_string(),
            }),
            CommandKind::Show => {
                let permission = Permission::EXECUTE_SHOW;
                if self.covers(principal, permission, device).await? {
                    Ok(())
                } else {
                    Err(authz::forbidden(
                        principal,
                        permission,
                        &format!("device {name}"),
                    ))
                }
            }
        }
    }

    /// Refuses a bulk run outright when `principal` may run this kind of command on no
    /// device at all; a grant scoped to some devices passes, and each device is then checked
    /// by [`Self::permit`].
    pub(super) fn permit_somewhere(
        &self,
        principal: &Principal,
        kind: CommandKind,
    ) -> Result<(), ServiceError> {
        let toolkit = &self.config.toolkit;
        let (permission, allowed) = match kind {
            CommandKind::Show => (
                Permission::EXECUTE_SHOW,
                authz::allows_somewhere(principal, Permission::EXECUTE_SHOW),
            ),
            CommandKind::Config => (
                Permission::EXECUTE_CONFIG,
                principal.listed_in(&toolkit.config_users, &toolkit.config_groups)
                    || authz::allows_somewhere(principal, Permission::EXECUTE_CONFIG),
            ),
        };
        match allowed {
            true => Ok(()),
            false => Err(authz::forbidden(principal, permission, "any device")),
        }
    }

    /// Whether `principal` may run config commands on `device` (`None`: a `--host` target):
    /// listed in `[toolkit] config_users` / `config_groups`, or holding `execute_config` on
    /// it. The web UI asks it to decide whether to offer config commands at all; every run is
    /// still checked by [`Self::permit`], which asks the same.
    pub async fn may_run_config(
        &self,
        principal: &Principal,
        device: Option<&Device>,
    ) -> Result<bool, ServiceError> {
        let toolkit = &self.config.toolkit;
        if principal.listed_in(&toolkit.config_users, &toolkit.config_groups) {
            return Ok(true);
        }
        self.covers(principal, Permission::EXECUTE_CONFIG, device)
            .await
    }

    /// Whether `principal`'s grants of `permission` cover `device`; a device outside the
    /// inventory needs the grant unscoped.
    async fn covers(
        &self,
        principal: &Principal,
        permission: Permission,
        device: Option<&Device>,
    ) -> Result<bool, ServiceError> {
        Ok(match device {
            Some(device) => self
                .authz
                .device_scope(principal, permission)
                .await?
                .covers(device),
            None => authz::allows(principal, permission),
        })
    }
}
