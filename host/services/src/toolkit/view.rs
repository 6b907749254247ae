//! What the toolkit shows besides running: the saved commands that apply to a device (config
//! commands only for principals who may run them), the device's rate-limit state, and the
//! command log with its statistics. Reading the log needs `view_command`.

use aurum_inventory::{CommandDef, CommandKind, Device};
use aurum_store::{CommandLogEntry, CommandLogQuery, CommandStats};
use serde::Serialize;

use crate::device_list::require;
use crate::identity::Principal;
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
    /// who may not run them (their runs would be refused anyway).
    pub async fn commands_for(
        &self,
        principal: &Principal,
        device: &Device,
    ) -> Result<Vec<CommandDef>, ServiceError> {
        require(principal, "view_device")?;
        let may_config = self.toolkit.may_run_config(principal);
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

    /// The rate-limit state of `device` as `principal` meets it.
    pub async fn rate_state(
        &self,
        principal: &Principal,
        device: &str,
    ) -> Result<RateState, ServiceError> {
        require(principal, "view_device")?;
        let limit = &self.config.toolkit.rate_limit;
        let window_ms = i64::try_from(limit.window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        let (used, frees_at) = self.store.rate_slots_held(device, window_ms).await?;
        Ok(RateState {
            used,
            limit: limit.commands,
            window_secs: limit.window_secs,
            frees_at,
            bypassed: principal.listed_in(&limit.bypass_users, &limit.bypass_groups),
        })
    }

    /// Command log entries, newest first; needs `view_command`.
    pub async fn command_log(
        &self,
        principal: &Principal,
        query: &CommandLogQuery,
    ) -> Result<Vec<CommandLogEntry>, ServiceError> {
        require(principal, "view_command")?;
        Ok(self.store.command_log(query).await?)
    }

    /// Command log counts since `since_ms` (all time when `None`); needs `view_command`.
    pub async fn command_stats(
        &self,
        principal: &Principal,
        since_ms: Option<i64>,
    ) -> Result<CommandStats, ServiceError> {
        require(principal, "view_command")?;
        Ok(self.store.command_stats(since_ms).await?)
    }
}
