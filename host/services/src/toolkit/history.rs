//! The saved commands and the command log as front ends read them. The log holds outputs,
//! so reading it (rows, statistics, the export) needs `view_command` unscoped.

use aurum_inventory::CommandDef;
use aurum_store::{CommandLogEntry, CommandLogQuery, CommandStats};

use super::{Principal, ToolkitService};
use crate::ServiceError;
use crate::authz;
use crate::identity::Permission;

impl ToolkitService {
    /// The saved commands, by name.
    pub async fn commands(&self, principal: &Principal) -> Result<Vec<CommandDef>, ServiceError> {
        self.require_toolkit()?;
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().commands().await?)
    }

    /// Log entries matching `query`, newest first.
    pub async fn command_log(
        &self,
        principal: &Principal,
        query: &CommandLogQuery,
    ) -> Result<Vec<CommandLogEntry>, ServiceError> {
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command_log(query).await?)
    }

    /// Counts of runs, failures, devices, users and the top commands since `since_ms`.
    pub async fn command_stats(
        &self,
        principal: &Principal,
        since_ms: Option<i64>,
    ) -> Result<CommandStats, ServiceError> {
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command_stats(since_ms).await?)
    }
}
