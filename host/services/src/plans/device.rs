//! One device of a deploy job: the pre-change backup (and on-device checkpoint where the
//! platform keeps one), the device's plans claimed at the moment of sending (so a plan
//! cancelled after it was queued is never sent), postprocessing, the lines sent one by one in
//! configuration mode (or the platform's own way in, e.g. an EOS configuration session)
//! watching each answer for the driver's failure indicators, stopping at the first failure
//! (and discarding the change where the platform can), then the driver's save or a confirmed
//! commit.

use aurum_connect::{ConnectError, Session};
use aurum_inventory::Device;
use aurum_plugin::Command;
use aurum_store::{PlanOutcome, PlanRecord, PlanStatus};
use serde::Serialize;

use super::PlansService;
use super::checkpoint::save_checkpoint;
use super::logged::DeployRecord;
use super::session::Transcript;
use crate::ServiceError;
use crate::identity::Principal;

/// The mode every driver names for configuration commands.
const CONFIGURATION: &str = "configuration";

/// How one device's deploy ended.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceDeploy {
    pub device: String,
    /// The plans sent to it (claimed at send time), in order.
    pub sent: Vec<i64>,
    /// Plans not sent, with why (cancelled since queued, the device unreachable, ...).
    pub not_sent: Vec<(i64, String)>,
    /// Completed, Failed, or Approved when nothing was sent.
    pub status: PlanStatus,
    pub note: String,
}

impl PlansService {
    /// Deploys `plans` (one device's, in order) as part of deploy job `job`.
    pub(crate) async fn deploy_device(
        &self,
        principal: &Principal,
        job: i64,
        device: &Device,
        plans: &[PlanRecord],
    ) -> Result<DeviceDeploy, ServiceError> {
        let (mut session, driver) = match self.open(device).await {
            Ok(opened) => opened,
            Err(error) => {
                return Ok(not_sent(
                    device,
                    plans,
                    format!("cannot connect ({error}); nothing was sent"),
                ));
            }
        };
        let result = self
            .deploy_on(principal, job, device, plans, &mut session, &driver)
            .await;
        session.close().await;
        result
    }

    async fn deploy_on(
        &self,
        principal: &Principal,
        job: i64,
        device: &Device,
        plans: &[PlanRecord],
        session: &mut Session,
        driver: &str,
    ) -> Result<DeviceDeploy, ServiceError> {
        let started = std::time::Instant::now();
        let mut transcript = Transcript::default();
        let pre_change = match self.backup_on(session, driver).await {
            Ok(config) => config,
            Err(error) => {
                return Ok(not_sent(
                    device,
                    plans,
                    format!("the pre-change backup failed ({error}); nothing was sent"),
                ));
            }
        };
        transcript.note(&format!(
            "pre-change backup taken ({} lines)",
            pre_change.lines().count()
        ));
        let safe_apply = session.spec().spec.safe_apply.clone();
        // The deploy's name on the device: its checkpoint, its configuration session.
        let name = format!("aurum-plan-{}", plans[0].id);
        let checkpoint = match &safe_apply.checkpoint {
            None => None,
            Some(checkpoint) => {
                let host_name = format!("{name}.cfg");
                match save_checkpoint(session, checkpoint, &host_name, &mut transcript).await {
                    Ok(saved) => Some(saved),
                    Err(why) => {
                        return Ok(not_sent(device, plans, format!("{why}; nothing was sent")));
                    }
                }
            }
        };
        let mut claimed = Vec::new();
        let mut skipped = Vec::new();
        for plan in plans {
            if self.store.claim_plan(plan.id, job).await? {
                claimed.push(plan);
            } else {
                let now = self.store.plan(plan.id).await?;
                let why = format!("plan {} is {} now; not sent", plan.id, now.status.label());
                tracing::warn!(device = %device.name, plan = plan.id, "{why}");
                skipped.push((plan.id, why));
            }
        }
        let sent: Vec<i64> = claimed.iter().map(|p| p.id).collect();
        if claimed.is_empty() {
            return Ok(DeviceDeploy {
                device: device.name.clone(),
                sent,
                not_sent: skipped,
                status: PlanStatus::Approved,
                note: "no plan of this device was still approved; nothing was sent".into(),
            });
        }
        let joined: String = claimed
            .iter()
            .map(|p| p.commands.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let status = match self
            .postprocess(principal, device, &joined, &mut transcript)
            .await
        {
            Err(error) => {
                transcript.note(&format!(
                    "postprocessing failed ({error}); nothing was sent"
                ));
                PlanStatus::Failed
            }
            Ok(commands) => {
                let commit = safe_apply.confirmed_commit.as_ref();
                let enter = commit.and_then(|c| c.enter.as_ref());
                match self
                    .send_lines(device, session, enter, &name, &commands, &mut transcript)
                    .await
                {
                    Err(stopped) => {
                        if stopped == Stopped::AtLine
                            && let Some(abort) = commit.and_then(|c| c.abort.as_ref())
                        {
                            discard(session, abort, &name, &mut transcript).await;
                        }
                        PlanStatus::Failed
                    }
                    Ok(()) => match commit {
                        Some(commit) => {
                            self.confirmed_commit(
                                device,
                                session,
                                commit,
                                &name,
                                &pre_change,
                                &mut transcript,
                            )
                            .await
                        }
                        None => save(session, &mut transcript).await,
                    },
                }
            }
        };
        let default_mode = session.spec().spec.default_mode.clone();
        if let Err(error) = session.enter_mode(&default_mode).await {
            transcript.note(&format!("could not return to {default_mode} mode: {error}"));
        }
        let outcome = PlanOutcome {
            status,
            output: transcript.text().to_string(),
            pre_change: Some(pre_change),
            checkpoint,
        };
        for plan in &claimed {
            self.store.finish_plan(plan.id, &outcome).await?;
        }
        self.log_deploy(
            principal,
            session,
            DeployRecord {
                device: &device.name,
                driver,
                plans: &sent,
                commands: &joined,
                transcript: &outcome.output,
                status,
                took: started.elapsed(),
            },
        )
        .await;
        tracing::info!(device = %device.name, plans = ?sent, status = status.label(), "deployed");
        let note = transcript
            .text()
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or_default()
            .to_string();
        Ok(DeviceDeploy {
            device: device.name.clone(),
            sent,
            not_sent: skipped,
            status,
            note,
        })
    }

    /// Sends every non-blank line in configuration mode (entered with `enter`, `{name}`
    /// filled in, where the platform applies changes through its own way in), one at a time;
    /// stops at the first line the device rejects, so nothing after it is sent.
    async fn send_lines(
        &self,
        device: &Device,
        session: &mut Session,
        enter: Option<&Command>,
        name: &str,
        commands: &str,
        transcript: &mut Transcript,
    ) -> Result<(), Stopped> {
        if let Err(error) = enter_configuration(session, enter, name, transcript).await {
            transcript.note(&format!(
                "could not enter configuration mode ({error}); nothing was sent"
            ));
            return Err(Stopped::NotEntered);
        }
        let lines: Vec<&str> = commands
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        for (index, line) in lines.iter().enumerate() {
            let shown = transcript.mask(line);
            match session.send_command_shown(line, &shown).await {
                Ok(out) => {
                    tracing::info!(device = %device.name, line = index + 1, "sent a plan line");
                    transcript.sent(line, &out.output);
                }
                Err(error) => {
                    let (answer, why) = match &error {
                        ConnectError::CommandRejected {
                            output, line: bad, ..
                        } => (output.clone(), format!("the device answered `{bad}`")),
                        other => (String::new(), other.to_string()),
                    };
                    transcript.sent(line, &answer);
                    let rest = lines.len() - index - 1;
                    let why = transcript.mask(&format!(
                        "line {} of {} (`{shown}`) failed: {why}; stopped, the {rest} line(s) after it were not sent",
                        index + 1,
                        lines.len()
                    ));
                    tracing::warn!(device = %device.name, "{why}");
                    transcript.note(&why);
                    return Err(Stopped::AtLine);
                }
            }
        }
        Ok(())
    }
}

/// Where sending a device's lines stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stopped {
    /// Configuration mode could not be entered; nothing was typed.
    NotEntered,
    /// A line was rejected; the lines before it were sent.
    AtLine,
}

/// Enters configuration mode: through `enter` (`{name}` filled in) when the platform has its
/// own way in, e.g. an EOS configuration session, else through the driver's transition.
async fn enter_configuration(
    session: &mut Session,
    enter: Option<&Command>,
    name: &str,
    transcript: &mut Transcript,
) -> Result<(), String> {
    let Some(enter) = enter else {
        return session
            .enter_mode(CONFIGURATION)
            .await
            .map_err(|e| e.to_string());
    };
    let command = enter.command.replace("{name}", name);
    let out = session
        .send_command_in(&enter.mode, &command)
        .await
        .map_err(|e| format!("`{command}` failed: {e}"))?;
    transcript.sent(&command, &out.output);
    if session.mode() != CONFIGURATION {
        return Err(format!(
            "`{command}` left the session in {} mode, not configuration mode; check the driver's `safe_apply.confirmed_commit.enter`",
            session.mode()
        ));
    }
    Ok(())
}

/// Discards a change whose line was rejected (EOS: `abort` in its session), so none of it
/// reaches the running configuration.
pub(super) async fn discard(
    session: &mut Session,
    abort: &Command,
    name: &str,
    transcript: &mut Transcript,
) {
    let command = abort.command.replace("{name}", name);
    match session.send_command_in(&abort.mode, &command).await {
        Ok(out) => {
            transcript.sent(&command, &out.output);
            transcript.note("the change was discarded: none of its lines reached the running configuration");
        }
        Err(error) => transcript.note(&format!(
            "`{command}` failed ({error}); check whether the device kept the lines sent before the failure"
        )),
    }
}

/// The driver's save commands; Completed when every one succeeds.
async fn save(session: &mut Session, transcript: &mut Transcript) -> PlanStatus {
    match session.save().await {
        Ok(outputs) => {
            for out in outputs {
                transcript.sent(&out.command, &out.output);
            }
            transcript.note("sent and saved");
            PlanStatus::Completed
        }
        Err(error) => {
            transcript.note(&format!("the change was sent but the save failed: {error}"));
            PlanStatus::Failed
        }
    }
}

/// A device none of whose plans were sent: they stay as they were (Approved), with why.
fn not_sent(device: &Device, plans: &[PlanRecord], why: String) -> DeviceDeploy {
    tracing::warn!(device = %device.name, "{why}");
    DeviceDeploy {
        device: device.name.clone(),
        sent: Vec::new(),
        not_sent: plans.iter().map(|p| (p.id, why.clone())).collect(),
        status: PlanStatus::Approved,
        note: why,
    }
}
