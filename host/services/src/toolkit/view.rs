//! What the toolkit tab shows besides running: the saved commands that apply to a device
//! (config commands only for principals who may run them there) and the device's rate-limit
//! state. The command log is read through [`super::ToolkitService::command_log`].

use aurum_inventory::{CommandDef, CommandKind, Device};
use serde::Serialize;

use crate::identity::{Permission, Principal};
use crate::{ServiceError, Services};

/// A device's rate-limit state: successful runs inside the window, the limit, and when the
/// oldest counted run leaves the window (epoch ms).
#[derive(Debug, Clone, Serialize)]
pub struct RateState {
    pub used: i64,
    /// 0 when the limit is off.
    pub limit: u32,
    pub window_secs: u64,
    pub frees_at: Option<i64>,
    /// The principal is on a bypass list.
    pub bypassed: bool,
}

impl Services {
    /// The saved commands for `device`'s platform, hiding config commands from principals
    /// who may not run them on it (their runs would be refused anyway); needs `view_device`
    /// on the device.
    pub async fn commands_for(
        &self,
        principal: &Principal,
        device: &Device,
    ) -> Result<Vec<CommandDef>, ServiceError> {
        self.toolkit.require_toolkit()?;
        self.authz
            .require_device(principal, Permission::VIEW_DEVICE, device)
            .await?;
        let may_config = self.toolkit.may_run_config(principal, Some(device)).await?;
        let platform = device.platform.as_deref().unwrap_or_default();
        Ok(self
            .store
            .commands()
            .await?
            .into_iter()
            .filter(|c| c.platforms.is_empty() || c.platforms.iter().any(|p| p == platform))
            .filter(|c| may_config || c.kind != CommandKind::Config)
            .collect())
    }

    /// Choices for the interface, VLAN and IP variables of commands on `device` (its synced
    /// interfaces, its location's VLANs, its addresses); needs `view_device` on it.
    pub async fn variable_choices(
        &self,
        principal: &Principal,
        device: &Device,
    ) -> Result<aurum_store::VariableChoices, ServiceError> {
        self.toolkit.require_toolkit()?;
        self.authz
            .require_device(principal, Permission::VIEW_DEVICE, device)
            .await?;
        Ok(self.store.variable_choices(&device.name).await?)
    }

    /// The rate-limit state of `device` as `principal` meets it; needs `view_device` on it.
    pub async fn rate_state(
        &self,
        principal: &Principal,
        device: &Device,
    ) -> Result<RateState, ServiceError> {
        self.toolkit.require_toolkit()?;
        self.authz
            .require_device(principal, Permission::VIEW_DEVICE, device)
            .await?;
        let limit = &self.config.toolkit.rate_limit;
        let window_ms = i64::try_from(limit.window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        let (used, frees_at) = self.store.rate_slots_held(&device.name, window_ms).await?;
        Ok(RateState {
            used,
            limit: limit.commands,
            window_secs: limit.window_secs,
            frees_at,
            bypassed: principal.listed_in(&limit.bypass_users, &limit.bypass_groups),
        })
    }
}
