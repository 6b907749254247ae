//! Hooks: what golden-config jobs did, told to other systems as it happens. Each
//! `[hooks.NAME]` of aurum.toml is a webhook (a signed JSON POST, retried with backoff) or a
//! program (the event in its environment, within a time limit). A hook that fails never fails
//! the job: the caller records its failure on the job (`aurum jobs ID` lists them).
//!
//! Each event is emitted once per job and device, by the one process that recorded the result
//! (a task delivered twice records nothing the second time), so a receiver hears it once.

mod exec;
mod webhook;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aurum_config::{Hook, HookEvent};
use aurum_http_client::HttpClient;
use serde::Serialize;

/// One event as every hook gets it: JSON for webhooks, environment variables for programs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub event: HookEvent,
    /// When it happened, epoch milliseconds.
    pub at: i64,
    pub job: Option<i64>,
    /// The job's kind: `backup`, `intended`, `compliance`, `deploy`.
    pub kind: String,
    /// The device, for per-device events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The device's or job's status.
    pub status: String,
    /// Why the device failed; empty otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    /// What the event is about: a diff summary, the features that flipped, the job's summary
    /// and commits.
    pub details: serde_json::Value,
}

impl Event {
    /// An event stamped now.
    pub fn new(event: HookEvent, job: Option<i64>, kind: &str, status: &str) -> Event {
        let at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Event {
            event,
            at,
            job,
            kind: kind.to_string(),
            device: None,
            status: status.to_string(),
            error: String::new(),
            details: serde_json::Value::Null,
        }
    }

    pub fn device(mut self, device: &str) -> Event {
        self.device = Some(device.to_string());
        self
    }

    pub fn error(mut self, error: &str) -> Event {
        self.error = error.to_string();
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Event {
        self.details = details;
        self
    }
}

/// One hook's failure to take one event, for the job's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookFailure {
    pub hook: String,
    pub error: String,
}

/// The configured hooks, ready to deliver. Cheap to clone.
#[derive(Clone, Default)]
pub struct Hooks {
    hooks: Arc<BTreeMap<String, Hook>>,
    /// Each webhook's client (its CA file read once), or why it has none.
    clients: Arc<BTreeMap<String, Result<HttpClient, String>>>,
    /// The configuration file, to name in a secret's error.
    origin: String,
}

impl Hooks {
    pub fn new(hooks: &BTreeMap<String, Hook>, origin: &str) -> Hooks {
        let clients = hooks
            .iter()
            .filter(|(_, hook)| hook.webhook.is_some())
            .map(|(name, hook)| {
                let client = HttpClient::new(
                    hook.ca_file.as_deref(),
                    Duration::from_secs(hook.timeout_secs),
                )
                .map_err(|e| format!("[hooks.{name}] ca_file: {e}"));
                (name.clone(), client)
            })
            .collect();
        Hooks {
            hooks: Arc::new(hooks.clone()),
            clients: Arc::new(clients),
            origin: origin.to_string(),
        }
    }

    /// Whether any hook hears `event` (so callers skip the work of building one nobody hears).
    pub fn wanted(&self, event: HookEvent) -> bool {
        self.hooks.values().any(|hook| hook.hears(event))
    }

    /// Delivers `event` to every hook that hears it, all at once, and returns the failures
    /// (after a webhook's retries). Never an error: a hook's failure is the job's note.
    pub async fn deliver(&self, event: &Event) -> Vec<HookFailure> {
        let body = match serde_json::to_vec(event) {
            Ok(body) => body,
            Err(error) => {
                return vec![HookFailure {
                    hook: "*".into(),
                    error: format!("the event could not be encoded: {error}"),
                }];
            }
        };
        let deliveries = self
            .hooks
            .iter()
            .filter(|(_, hook)| hook.hears(event.event))
            .map(|(name, hook)| {
                let body = &body;
                async move {
                    let timeout = Duration::from_secs(hook.timeout_secs);
                    let result = match &hook.webhook {
                        Some(url) => {
                            let secret = match &hook.secret {
                                Some(source) => source
                                    .resolve(&self.origin)
                                    .map(Some)
                                    .map_err(|e| e.to_string()),
                                None => Ok(None),
                            };
                            let client = match self.clients.get(name) {
                                Some(Ok(client)) => Ok(client),
                                Some(Err(error)) => Err(error.clone()),
                                None => Err("no client was made for this webhook".to_string()),
                            };
                            match (secret, client) {
                                (Ok(secret), Ok(client)) => {
                                    webhook::post_with_retries(
                                        client,
                                        url,
                                        body,
                                        secret.as_deref(),
                                        hook.retries,
                                        Duration::from_millis(hook.retry_base_ms),
                                    )
                                    .await
                                }
                                (Err(error), _) | (_, Err(error)) => Err(error),
                            }
                        }
                        None => exec::run(&hook.exec, event, body, timeout).await,
                    };
                    result.err().map(|error| HookFailure {
                        hook: name.clone(),
                        error,
                    })
                }
            });
        let failures: Vec<HookFailure> = futures_util::future::join_all(deliveries)
            .await
            .into_iter()
            .flatten()
            .collect();
        for failure in &failures {
            tracing::warn!(
                hook = %failure.hook,
                event = event.event.as_str(),
                "hook failed: {}",
                failure.error
            );
        }
        failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hooks(toml_text: &str) -> Hooks {
        let parsed: BTreeMap<String, Hook> = toml::from_str(toml_text).unwrap();
        Hooks::new(&parsed, "aurum.toml")
    }

    #[tokio::test]
    async fn a_failing_program_is_a_failure_named_by_hook_and_a_quiet_one_is_not() {
        let hooks = hooks(
            "[ok]\nexec = [\"/bin/sh\", \"-c\", \"test \\\"$AURUM_DEVICE\\\" = r1\"]\n\
             [bad]\nexec = [\"/bin/sh\", \"-c\", \"echo nope >&2; exit 3\"]\n\
             [deaf]\nexec = [\"/bin/false\"]\nevents = [\"plan_deployed\"]\n",
        );
        let event = Event::new(HookEvent::DeviceFailed, Some(1), "backup", "failed").device("r1");
        let failures = hooks.deliver(&event).await;
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].hook, "bad");
        assert!(
            failures[0].error.contains("exit status: 3"),
            "{}",
            failures[0].error
        );
        assert!(failures[0].error.contains("nope"), "{}", failures[0].error);
        assert!(hooks.wanted(HookEvent::PlanDeployed));
    }

    #[tokio::test]
    async fn a_webhook_whose_secret_is_missing_fails_naming_the_variable() {
        let hooks = hooks(
            "[signed]\nwebhook = \"http://127.0.0.1:9/\"\nsecret = { env = \"AURUM_TEST_NO_SUCH_SECRET\" }\n",
        );
        let event = Event::new(HookEvent::JobFinished, Some(1), "backup", "succeeded");
        let failures = hooks.deliver(&event).await;
        assert!(
            failures[0].error.contains("AURUM_TEST_NO_SUCH_SECRET"),
            "{failures:?}"
        );
    }
}
