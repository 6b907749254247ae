//! `[hooks.NAME]`: tell other systems what golden-config jobs did, as Oxidized's hooks do: a
//! webhook (a signed JSON POST) or a program run with the event in its environment.

use serde::{Deserialize, Serialize};

use crate::SecretSource;

/// One hook: which events, and where they go (exactly one of `webhook` and `exec`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hook {
    /// The events this hook hears; none listed is every event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<HookEvent>,
    /// `http://` or `https://HOST:PORT/PATH` the event is POSTed to as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// PEM file of the CA that signed an https receiver's certificate, beside the system's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<std::path::PathBuf>,
    /// The shared secret the webhook's body is signed with (HMAC-SHA256, hex, in the
    /// `X-Aurum-Signature: sha256=...` header); usually `{ env = "NAME" }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretSource>,
    /// A program and its arguments, run once per event with `AURUM_EVENT`, `AURUM_JOB`,
    /// `AURUM_DEVICE`, ... and the whole event as JSON in `AURUM_EVENT_JSON`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exec: Vec<String>,
    /// Time limit for one delivery (one POST, or one run of the program).
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Tries after the first for a webhook that fails (doubling from `retry_base_ms`).
    #[serde(default = "default_retries")]
    pub retries: u32,
    #[serde(default = "default_retry_base")]
    pub retry_base_ms: u64,
}

fn default_timeout() -> u64 {
    10
}

fn default_retries() -> u32 {
    3
}

fn default_retry_base() -> u64 {
    500
}

/// What a hook can hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HookEvent {
    /// A device's backup stored a new version (its config changed); carries the diff summary.
    DeviceBackedUp,
    /// A device failed within a job.
    DeviceFailed,
    /// A job ended (after its commit and push).
    JobFinished,
    /// A compliance check flipped at least one feature of a device.
    ComplianceChanged,
    /// A plan was deployed to a device.
    PlanDeployed,
}

impl HookEvent {
    /// Every event, in the order the docs list them.
    pub const ALL: [HookEvent; 5] = [
        HookEvent::DeviceBackedUp,
        HookEvent::DeviceFailed,
        HookEvent::JobFinished,
        HookEvent::ComplianceChanged,
        HookEvent::PlanDeployed,
    ];

    /// The event's name as configured and as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            HookEvent::DeviceBackedUp => "device_backed_up",
            HookEvent::DeviceFailed => "device_failed",
            HookEvent::JobFinished => "job_finished",
            HookEvent::ComplianceChanged => "compliance_changed",
            HookEvent::PlanDeployed => "plan_deployed",
        }
    }
}

impl Hook {
    /// Whether this hook hears `event`.
    pub fn hears(&self, event: HookEvent) -> bool {
        self.events.is_empty() || self.events.contains(&event)
    }

    /// What is wrong with the hook, for the configuration's validation.
    pub(crate) fn problem(&self) -> Option<(&'static str, String)> {
        match (&self.webhook, self.exec.is_empty()) {
            (Some(_), false) | (None, true) => Some((
                "webhook",
                "set exactly one of `webhook = \"http://...\"` and `exec = [\"program\", ...]`"
                    .to_string(),
            )),
            (Some(url), true) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                Some((
                    "webhook",
                    format!("`{url}`: a webhook is an http:// or https:// URL"),
                ))
            }
            (None, false) if self.ca_file.is_some() => Some((
                "ca_file",
                "only webhooks use a CA file; drop `ca_file` or use `webhook`".to_string(),
            )),
            (None, false) if self.secret.is_some() => Some((
                "secret",
                "only webhooks are signed; drop `secret` or use `webhook`".to_string(),
            )),
            _ if self.timeout_secs == 0 => Some(("timeout_secs", "must be at least 1".to_string())),
            _ => None,
        }
    }
}

/// `[workers]`: how job liveness is kept across processes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkersConfig {
    /// How often a worker tells the database it is alive, and renews its jobs' leases.
    pub heartbeat_secs: u64,
    /// How long a worker's (or a job's) silence is tolerated before its tasks run elsewhere
    /// and its job counts as abandoned. At least twice the heartbeat.
    pub lease_secs: u64,
}

impl Default for WorkersConfig {
    fn default() -> Self {
        Self {
            heartbeat_secs: 1,
            lease_secs: 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(toml_text: &str) -> Hook {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn a_hook_is_a_webhook_or_a_program_never_both() {
        assert!(
            hook("webhook = \"http://127.0.0.1:9/x\"")
                .problem()
                .is_none()
        );
        assert!(hook("exec = [\"/bin/true\"]").problem().is_none());
        let both = hook("webhook = \"http://127.0.0.1:9/x\"\nexec = [\"/bin/true\"]");
        assert_eq!(both.problem().unwrap().0, "webhook");
        assert_eq!(
            hook("events = [\"job_finished\"]").problem().unwrap().0,
            "webhook"
        );
        assert!(
            hook("webhook = \"https://example.net/x\"")
                .problem()
                .is_none()
        );
        assert!(
            hook("webhook = \"ftp://example.net/x\"")
                .problem()
                .unwrap()
                .1
                .contains("http:// or https://")
        );
    }

    #[test]
    fn events_are_named_in_snake_case_and_none_listed_is_all() {
        let some = hook("webhook = \"http://127.0.0.1:9/\"\nevents = [\"device_failed\"]");
        assert!(some.hears(HookEvent::DeviceFailed));
        assert!(!some.hears(HookEvent::JobFinished));
        let all = hook("exec = [\"/bin/true\"]");
        assert!(HookEvent::ALL.iter().all(|e| all.hears(*e)));
        for event in HookEvent::ALL {
            let parsed: Hook = toml::from_str(&format!(
                "exec = [\"/bin/true\"]\nevents = [\"{}\"]",
                event.as_str()
            ))
            .unwrap();
            assert_eq!(parsed.events, vec![event]);
        }
        assert!(toml::from_str::<Hook>("webhook = \"http://x/\"\nevents = [\"nope\"]").is_err());
    }
}
