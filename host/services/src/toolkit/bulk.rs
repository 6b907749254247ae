//! A command on every device of a filter that the principal may see (`view_device`), each
//! checked and rate-limited like a single run, keeping each refusal's error whole so a front
//! end can answer a refusal by the rate limit with its retry time.

use aurum_inventory::DeviceFilter;
use futures_util::StreamExt;

use super::{CommandRequest, Principal, RunOutcome, ToolkitService};
use crate::ServiceError;
use crate::identity::Permission;

/// One device's part of a bulk run.
#[derive(Debug)]
pub struct BulkResult {
    pub device: String,
    pub result: Result<RunOutcome, ServiceError>,
}

impl ToolkitService {
    /// Runs `request` on the devices `filter` selects and the principal may see, `[ssh]
    /// concurrency` at a time, by device name. No such device is an error naming the filter.
    pub async fn run_bulk(
        &self,
        principal: &Principal,
        filter: &DeviceFilter,
        request: &CommandRequest,
    ) -> Result<Vec<BulkResult>, ServiceError> {
        self.require_toolkit()?;
        let kind = match request {
            CommandRequest::Text { kind, .. } => *kind,
            CommandRequest::Saved { name, .. } => self.store().command(name).await?.kind,
        };
        self.permit_somewhere(principal, kind)?;
        let devices = self.store().devices(filter).await?;
        let devices = self
            .authz()
            .retain_devices(principal, Permission::VIEW_DEVICE, devices)
            .await?;
        if devices.is_empty() {
            return Err(ServiceError::DeviceInvalid {
                device: filter.describe(),
                reason: "no device matches".to_string(),
                hint: "check the filter with GET /api/devices/".to_string(),
            });
        }
        let concurrency = self.concurrency();
        let mut results: Vec<BulkResult> = futures_util::stream::iter(devices)
            .map(|device| async move {
                BulkResult {
                    result: self.run(principal, &device, request).await,
                    device: device.name,
                }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        results.sort_by(|a, b| a.device.cmp(&b.device));
        Ok(results)
    }
}
