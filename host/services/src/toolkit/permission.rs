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
        let toolkit = &self.config.toolkit;
        let permission = match kind {
            CommandKind::Show => Permission::EXECUTE_SHOW,
            CommandKind::Config
                if principal.listed_in(&toolkit.config_users, &toolkit.config_groups) =>
            {
                return Ok(());
            }
            CommandKind::Config => Permission::EXECUTE_CONFIG,
        };
        let allowed = match device {
            Some(device) => self
                .authz
                .device_scope(principal, permission)
                .await?
                .covers(device),
            None => authz::allows(principal, permission),
        };
        match (allowed, kind) {
            (true, _) => Ok(()),
            (false, CommandKind::Config) => Err(ServiceError::PermissionDenied {
                user: principal.name.clone(),
                device: name.to_string(),
                command: text.to_string(),
            }),
            (false, CommandKind::Show) => Err(authz::forbidden(
                principal,
                permission,
                &format!("device {name}"),
            )),
        }
    }
}
