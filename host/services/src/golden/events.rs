//! Progress of golden-config jobs as typed events, one per device result, for progress bars and
//! (later) the web UI.

use aurum_store::{DeviceOutcome, OutcomeStatus};
use serde::{Deserialize, Serialize};

/// The kinds of job whose devices are tasks on the queue: the golden-config jobs a user
/// starts for a filter, and deploys of approved plans (started from the plans).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    Backup,
    Intended,
    Compliance,
    Deploy,
}

impl JobKind {
    /// Every kind, as the jobs page offers them for its filter.
    pub const ALL: [JobKind; 4] = [
        JobKind::Backup,
        JobKind::Intended,
        JobKind::Compliance,
        JobKind::Deploy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Backup => "backup",
            JobKind::Intended => "intended",
            JobKind::Compliance => "compliance",
            JobKind::Deploy => "deploy",
        }
    }

    /// The golden-config job named `backup`, `intended` or `compliance`: the kinds a user
    /// starts for a filter. A deploy is not one of them (it starts from approved plans).
    pub fn parse(name: &str) -> Option<JobKind> {
        match name {
            "backup" => Some(JobKind::Backup),
            "intended" => Some(JobKind::Intended),
            "compliance" => Some(JobKind::Compliance),
            _ => None,
        }
    }

    /// The kind of a recorded job, deploys included (jobs of other kinds are not run from
    /// the queue).
    pub fn of_record(name: &str) -> Option<JobKind> {
        match name {
            "deploy" => Some(JobKind::Deploy),
            other => JobKind::parse(other),
        }
    }
}

/// What a caller waiting on a job hears: how many devices the job covers once its scope is
/// resolved (so a progress bar counts the devices of the settings' scopes, not every device
/// the filter matched), then each device's result. Any `Fn(&DeviceEvent)` is one that only
/// listens to results.
pub trait JobProgress {
    /// The job covers `devices` devices; called once, before any result.
    fn started(&self, devices: usize) {
        let _ = devices;
    }

    /// One device's result.
    fn device(&self, event: &DeviceEvent);
}

impl<F: Fn(&DeviceEvent)> JobProgress for F {
    fn device(&self, event: &DeviceEvent) {
        self(event)
    }
}

/// One device's result within a job, as it happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceEvent {
    pub kind: JobKind,
    /// `None` for a dry run.
    pub job: Option<i64>,
    pub device: String,
    /// `ok`, `unchanged`, `failed`, `compliant` or `non-compliant`.
    pub status: OutcomeStatus,
    pub changed: bool,
    /// Why the device failed; empty otherwise.
    pub error: String,
}

impl DeviceEvent {
    pub fn new(kind: JobKind, job: Option<i64>, outcome: &DeviceOutcome) -> DeviceEvent {
        DeviceEvent {
            kind,
            job,
            device: outcome.device.clone(),
            status: outcome.status,
            changed: outcome.changed,
            error: outcome.error.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [JobKind::Backup, JobKind::Intended, JobKind::Compliance] {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
        assert_eq!(JobKind::parse("run-all"), None);
    }

    #[test]
    fn an_event_carries_the_outcome_of_its_device() {
        let outcome = DeviceOutcome {
            device: "r1".into(),
            status: OutcomeStatus::Failed,
            changed: false,
            error: "timeout".into(),
        };
        let event = DeviceEvent::new(JobKind::Backup, Some(7), &outcome);
        assert_eq!(
            (
                event.job,
                event.device.as_str(),
                event.status,
                event.error.as_str()
            ),
            (Some(7), "r1", OutcomeStatus::Failed, "timeout")
        );
    }
}
