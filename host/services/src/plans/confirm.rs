//! A commit the device rolls back by itself unless it is confirmed (Junos `commit confirmed
//! N`): commit, run the driver's post-deploy check on the same session, confirm only if it
//! passed. When the confirmation never comes, wait for the device to roll back and say so.

use std::time::{Duration, Instant};

use aurum_connect::Session;
use aurum_inventory::Device;
use aurum_plugin::ConfirmedCommit;
use aurum_store::PlanStatus;

use super::PlansService;
use super::session::Transcript;

/// How often a device whose commit was not confirmed is looked at.
const POLL: Duration = Duration::from_secs(2);
/// How long after the timer a rollback may take to show.
const GRACE: Duration = Duration::from_secs(30);

impl PlansService {
    /// Commits with the platform's timer, checks, confirms; Completed only once confirmed.
    pub(crate) async fn confirmed_commit(
        &self,
        device: &Device,
        session: &mut Session,
        commit: &ConfirmedCommit,
        pre_change: &str,
        transcript: &mut Transcript,
    ) -> PlanStatus {
        let command = commit
            .commit
            .command
            .replace("{minutes}", &commit.minutes.to_string());
        match session.send_command_in(&commit.commit.mode, &command).await {
            Ok(out) => transcript.sent(&command, &out.output),
            Err(error) => {
                transcript.note(&format!(
                    "`{command}` failed ({error}); nothing was committed"
                ));
                return PlanStatus::Failed;
            }
        }
        let mut failure = None;
        for check in &commit.check {
            match session.send_command_in(&check.mode, &check.command).await {
                Ok(out) => transcript.sent(&check.command, &out.output),
                Err(error) => {
                    failure = Some(format!(
                        "the post-deploy check `{}` failed: {error}",
                        check.command
                    ));
                    break;
                }
            }
        }
        if failure.is_none() {
            match session
                .send_command_in(&commit.confirm.mode, &commit.confirm.command)
                .await
            {
                Ok(out) => {
                    transcript.sent(&commit.confirm.command, &out.output);
                    transcript.note("committed and confirmed after the post-deploy check");
                    return PlanStatus::Completed;
                }
                Err(error) => failure = Some(format!("the confirmation failed: {error}")),
            }
        }
        let failure = failure.unwrap_or_default();
        transcript.note(&format!(
            "commit not confirmed: {failure}; the device rolls the change back after {} minute(s)",
            commit.minutes
        ));
        tracing::warn!(device = %device.name, "commit not confirmed: {failure}");
        let waited = self
            .wait_for_rollback(device, pre_change, commit.minutes)
            .await;
        transcript.note(&waited);
        PlanStatus::Failed
    }

    /// Looks at the device until it runs its pre-change configuration again, or the timer
    /// and a grace period have passed; says which.
    async fn wait_for_rollback(&self, device: &Device, pre_change: &str, minutes: u32) -> String {
        let deadline = Instant::now() + Duration::from_secs(u64::from(minutes) * 60) + GRACE;
        let mut last = String::from("never looked at");
        while Instant::now() < deadline {
            tokio::time::sleep(POLL).await;
            match self.fetch_config(device).await {
                Ok(config) if config == pre_change => {
                    tracing::info!(device = %device.name, "the device rolled the unconfirmed commit back");
                    return "rolled back by the device: it runs the pre-change configuration again"
                        .into();
                }
                Ok(_) => last = "it still ran the unconfirmed change".into(),
                Err(error) => last = format!("it was unreachable ({error})"),
            }
        }
        format!(
            "the device did not roll back within {minutes} minute(s) and {}s (last look: {last}); check it and restore the pre-change configuration stored on this plan",
            GRACE.as_secs()
        )
    }
}
