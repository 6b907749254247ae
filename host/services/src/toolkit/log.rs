//! The command log: every run, refused or sent, leaves one entry with its command, output and
//! error masked by the driver's secret rules. The one place the log is written.

use std::sync::Arc;
use std::time::Duration;

use aurum_connect::CompiledSpec;
use aurum_inventory::CommandKind;
use aurum_store::CommandLogEntry;

use super::{CommandRequest, Principal, RunOutcome, ToolkitService};
use crate::ServiceError;

/// A run refused before anything was sent, with what was known of it by then: its log entry
/// shows the final command text and is masked with the driver's rules when those are known.
pub(super) struct Refusal {
    error: ServiceError,
    command: Option<(String, CommandKind)>,
    driver: Option<(String, Arc<CompiledSpec>)>,
}

impl Refusal {
    pub(super) fn new(error: ServiceError) -> Refusal {
        Refusal {
            error,
            command: None,
            driver: None,
        }
    }

    pub(super) fn with_driver(mut self, driver: &str, spec: &Arc<CompiledSpec>) -> Refusal {
        self.driver = Some((driver.to_string(), spec.clone()));
        self
    }

    pub(super) fn with_command(mut self, text: &str, kind: CommandKind) -> Refusal {
        self.command = Some((text.to_string(), kind));
        self
    }
}

impl ToolkitService {
    /// Writes the log entry of a run, its command, output and error masked with the rules of
    /// `spec` (the run's driver) when it is known. The one place the log is written.
    pub(super) async fn log(
        &self,
        principal: &Principal,
        outcome: &RunOutcome,
        spec: Option<&CompiledSpec>,
    ) {
        let mask = |text: &str| match spec {
            Some(spec) => spec.mask_secrets(text).into_owned(),
            None => text.to_string(),
        };
        let command = mask(&outcome.command);
        // Errors quote the command inside a sentence, where line-anchored masks cannot see it.
        let error = outcome
            .error
            .as_deref()
            .unwrap_or_default()
            .replace(&outcome.command, &command);
        let entry = CommandLogEntry {
            id: 0,
            at: CommandLogEntry::now(),
            username: principal.name.clone(),
            device: outcome.device.clone(),
            kind: outcome.kind.clone(),
            driver: outcome.driver.clone(),
            transport: outcome.transport.clone(),
            success: outcome.success,
            output: mask(&outcome.output),
            error: mask(&error),
            command,
            duration_ms: outcome.duration.as_millis() as i64,
        };
        if let Err(error) = self.store.log_command(&entry).await {
            tracing::error!(%error, device = %outcome.device, "could not write the command log");
        }
    }

    /// Logs a refused run and hands its error back.
    pub(super) async fn refuse(
        &self,
        principal: &Principal,
        device: &str,
        request: &CommandRequest,
        refusal: Refusal,
    ) -> ServiceError {
        let (command, kind) = match (&refusal.command, request) {
            (Some((text, kind)), _) => (text.clone(), kind.as_str()),
            (None, CommandRequest::Text { text, kind }) => (text.clone(), kind.as_str()),
            (None, CommandRequest::Saved { name, .. }) => (format!("saved:{name}"), "show"),
        };
        let (driver, spec) = match &refusal.driver {
            Some((driver, spec)) => (driver.clone(), Some(spec.as_ref())),
            None => (String::new(), None),
        };
        let outcome = RunOutcome {
            device: device.to_string(),
            platform: String::new(),
            command,
            kind: kind.to_string(),
            driver,
            transport: "none".to_string(),
            success: false,
            output: String::new(),
            parsed: None,
            unparsed: None,
            error: Some(refusal.error.to_string()),
            guidance: None,
            duration: Duration::ZERO,
        };
        self.log(principal, &outcome, spec).await;
        refusal.error
    }
}
