//! Who may run what: config commands need to be listed in `[toolkit] config_users` /
//! `config_groups` or hold `execute_config`. The per-device rate limit, the other refusal a
//! permitted run can meet, is in [`super::rate_limit`].

use aurum_inventory::CommandKind;

use super::{Principal, ToolkitService};
use crate::ServiceError;
use crate::identity::{Permission, has_permission};

impl ToolkitService {
    /// Whether `principal` may run this kind of command at all (the rate limit comes after,
    /// in [`rate_limit::reserve`], once nothing else can refuse the run). Config commands
    /// need `[toolkit] config_users`/`config_groups` to list the user or one of its groups,
    /// or the `execute_config` permission (superusers, the local CLI owner, have it).
    pub(super) fn permit(
        &self,
        principal: &Principal,
        device: &str,
        text: &str,
        kind: CommandKind,
    ) -> Result<(), ServiceError> {
        let toolkit = &self.config.toolkit;
        if kind == CommandKind::Config
            && !principal.listed_in(&toolkit.config_users, &toolkit.config_groups)
            && !has_permission(principal, Permission::EXECUTE_CONFIG)
        {
            return Err(ServiceError::PermissionDenied {
                user: principal.name.clone(),
                device: device.to_string(),
                command: text.to_string(),
            });
        }
        Ok(())
    }
}
