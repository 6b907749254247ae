//! A commit the device rolls back by itself unless it is confirmed (Junos `commit confirmed
//! N`, an EOS configuration session's `commit timer`): commit, run the driver's post-deploy
//! check on the same session, confirm only if it passed (then save, where the platform's
//! commit does not). When the confirmation never comes, wait for the device to roll back and
//! say so.

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
    /// Commits with the platform's timer, checks, confirms; Completed only once confirmed
    /// (and saved, with `save_after`). `name` is the deploy's name for the change on the
    /// device (its EOS session).
    pub(crate) async fn confirmed_commit(
        &self,
        device: &Device,
        session: &mut Session,
        commit: &ConfirmedCommit,
        name: &str,
        pre_change: &str,
        transcript: &mut Transcript,
    ) -> PlanStatus {
        let filled = |command: &str| commit.with_timer(command).replace("{name}", name);
        let command = filled(&commit.commit.command);
        match session.send_command_in(&commit.commit.mode, &command).await {
            Ok(out) => transcript.sent(&command, &out.output),
            Err(error) => {
                transcript.note(&format!(
                    "`{command}` failed ({error}); nothing was committed"
                ));
                // A change staged in the platform's own way in (an EOS session) would stay
                // pending on the device: it is discarded.
                if let Some(abort) = &commit.abort {
                    super::device::discard(session, abort, name, transcript).await;
                }
                return PlanStatus::Failed;
            }
        }
        let mut failure = None;
        for check in &commit.check {
            let command = filled(&check.command);
            match session.send_command_in(&check.mode, &command).await {
                Ok(out) => transcript.sent(&command, &out.output),
                Err(error) => {
                    failure = Some(format!("the post-deploy check `{command}` failed: {error}"));
                    break;
                }
            }
        }
        if failure.is_none() {
            let confirm = filled(&commit.confirm.command);
            match session
                .send_command_in(&commit.confirm.mode, &confirm)
                .await
            {
                Ok(out) => {
                    transcript.sent(&confirm, &out.output);
                    if !commit.save_after {
                        transcript.note("committed and confirmed after the post-deploy check");
                        return PlanStatus::Completed;
                    }
                    return save_confirmed(session, transcript).await;
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

/// The driver's save commands after a confirmed commit that changed only the running
/// configuration (EOS); a failed save leaves the change running but not persisted.
async fn save_confirmed(session: &mut Session, transcript: &mut Transcript) -> PlanStatus {
    match session.save().await {
        Ok(outputs) => {
            for out in outputs {
                transcript.sent(&out.command, &out.output);
            }
            transcript.note("committed, confirmed after the post-deploy check, and saved");
            PlanStatus::Completed
        }
        Err(error) => {
            transcript.note(&format!(
                "committed and confirmed, but the save failed ({error}); the change runs but is lost at the next reload"
            ));
            PlanStatus::Failed
        }
    }
}
