//! Program hooks: run once per event with the event in the environment, within the hook's time
//! limit; a non-zero exit (with its stderr) or a timeout is the hook's failure.

use std::process::Stdio;
use std::time::Duration;

use super::Event;

/// Runs `program` for `event`; `json` is the event as the webhook body would carry it.
pub(super) async fn run(
    program: &[String],
    event: &Event,
    json: &[u8],
    timeout: Duration,
) -> Result<(), String> {
    let (first, args) = program
        .split_first()
        .ok_or_else(|| "`exec` is empty".to_string())?;
    let mut command = tokio::process::Command::new(first);
    command
        .args(args)
        .env("AURUM_EVENT", event.event.as_str())
        .env("AURUM_EVENT_JSON", String::from_utf8_lossy(json).as_ref())
        .env("AURUM_KIND", &event.kind)
        .env("AURUM_STATUS", &event.status)
        .env(
            "AURUM_JOB",
            event.job.map(|j| j.to_string()).unwrap_or_default(),
        )
        .env("AURUM_DEVICE", event.device.as_deref().unwrap_or_default())
        .env("AURUM_ERROR", &event.error)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start `{first}`: {e}; check the hook's `exec`"))?;
    match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Err(_) => Err(format!(
            "`{first}` did not finish within {timeout:?} (killed); raise the hook's timeout_secs"
        )),
        Ok(Err(error)) => Err(format!("waiting for `{first}`: {error}")),
        Ok(Ok(output)) if output.status.success() => Ok(()),
        Ok(Ok(output)) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr: String = stderr.trim().chars().take(500).collect();
            Err(format!("`{first}` ended with {}: {stderr}", output.status))
        }
    }
}
