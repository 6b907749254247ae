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

    /// Log entries matching `query`, in its order and window.
    pub async fn command_log(
        &self,
        principal: &Principal,
        query: &CommandLogQuery,
    ) -> Result<Vec<CommandLogEntry>, ServiceError> {
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command_log(query).await?)
    }

    /// How many entries `query`'s filter and search match, for a page's pager.
    pub async fn command_log_count(
        &self,
        principal: &Principal,
        query: &CommandLogQuery,
    ) -> Result<i64, ServiceError> {
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command_log_count(query).await?)
    }

    /// One entry by its number; a number not in the log is the store's `NotFound`.
    pub async fn command_log_entry(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<CommandLogEntry, ServiceError> {
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command_log_entry(id).await?)
    }

    /// Counts of runs, failures, devices, users and the top commands among the entries
    /// `query`'s filter and search match.
    pub async fn command_stats(
        &self,
        principal: &Principal,
        query: &CommandLogQuery,
    ) -> Result<CommandStats, ServiceError> {
        authz::require(principal, Permission::VIEW_COMMAND)?;
        Ok(self.store().command_stats(query).await?)
    }
}
