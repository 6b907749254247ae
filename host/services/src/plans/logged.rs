//! A deploy in the command log: one entry per device and deploy, as a toolkit run leaves one,
//! so "who changed this device, when, with what" has one answer whichever path sent the
//! lines. The commands are the approved plans' (secrets still as template references); the
//! output is the deploy's transcript, masked as it was written.

use std::time::Duration;

use aurum_connect::Session;
use aurum_store::{CommandLogEntry, PlanStatus};

use super::PlansService;
use crate::identity::Principal;

/// What one device's deploy sent and how it ended.
pub(super) struct DeployRecord<'a> {
    pub device: &'a str,
    pub driver: &'a str,
    pub plans: &'a [i64],
    pub commands: &'a str,
    pub transcript: &'a str,
    pub status: PlanStatus,
    pub took: Duration,
}

impl PlansService {
    /// Writes the deploy's command-log entry; a failure to write is logged, never the deploy's.
    pub(super) async fn log_deploy(
        &self,
        principal: &Principal,
        session: &Session,
        record: DeployRecord<'_>,
    ) {
        let spec = session.spec();
        let plans: Vec<String> = record.plans.iter().map(i64::to_string).collect();
        let command = format!(
            "deploy plan {}:\n{}",
            plans.join(", "),
            spec.mask_secrets(record.commands)
        );
        let success = record.status == PlanStatus::Completed;
        let entry = CommandLogEntry {
            id: 0,
            at: CommandLogEntry::now(),
            username: principal.name.clone(),
            device: record.device.to_string(),
            command,
            kind: "config".to_string(),
            driver: record.driver.to_string(),
            transport: session.transport().as_str().to_string(),
            success,
            output: spec.mask_secrets(record.transcript).into_owned(),
            error: match success {
                true => String::new(),
                false => format!("the deploy ended {}", record.status.label()),
            },
            duration_ms: i64::try_from(record.took.as_millis()).unwrap_or(i64::MAX),
        };
        if let Err(error) = self.store.log_command(&entry).await {
            tracing::error!(%error, device = record.device, "could not write the deploy's command log entry");
        }
    }
}
