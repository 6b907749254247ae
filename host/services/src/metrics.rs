//! The fleet's numbers for `/metrics`: jobs and device results by kind and status, command
//! runs, hook failures, and the golden-config gauges per feature, read from the store (so every process
//! serving `/metrics` reports the same whole fleet); and this process's plugin calls.

use aurum_store::{CommandStats, Counts};

use crate::{ServiceError, Services};

/// One reading of the fleet's counters and gauges.
#[derive(Debug, Clone, Default)]
pub struct FleetMetrics {
    /// (kind, status, jobs)
    pub jobs: Counts,
    /// (job kind, device status, results)
    pub job_devices: Counts,
    /// (feature, devices with a result, compliant devices)
    pub features: Vec<(String, i64, i64)>,
    pub commands: CommandStats,
    /// (hook, event, failures)
    pub hook_failures: Counts,
    /// This process's plugin calls (see `plugin_calls`), by plugin, kind and result.
    pub plugin_calls: Vec<crate::plugin_calls::PluginCalls>,
}

impl Services {
    /// Reads the fleet's metrics; any authenticated caller may (they are counts, naming
    /// features and job kinds only).
    pub async fn fleet_metrics(&self) -> Result<FleetMetrics, ServiceError> {
        Ok(FleetMetrics {
            jobs: self.store.job_counts().await?,
            job_devices: self.store.job_device_counts().await?,
            features: self.store.compliance_feature_counts().await?,
            commands: self
                .store
                .command_stats(&aurum_store::CommandLogQuery::default())
                .await?,
            hook_failures: self.store.hook_failure_counts().await?,
            plugin_calls: crate::plugin_calls::plugin_calls(),
        })
    }
}
