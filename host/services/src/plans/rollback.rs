//! Rolling a deployed plan back: the platform's checkpoint restore (IOS and EOS `configure
//! replace` of the flash copy saved before the change, NX-OS `rollback running-config
//! checkpoint`, Junos `load override` of the saved file, IOS-XR `rollback configuration to`
//! the commit before it), then the driver's save commands (a commit on Junos and IOS-XR),
//! then the device's configuration compared with the pre-change backup, and the device
//! re-checked.

use aurum_store::PlanOutcome;
use serde::Serialize;

use super::session::Transcript;
use super::{PlansService, refused};
use crate::ServiceError;
use crate::identity::{Permission, Principal};

/// What a rollback did.
#[derive(Debug, Clone, Serialize)]
pub struct RollbackReport {
    pub plan: i64,
    pub device: String,
    /// Whether the device's configuration is the pre-change backup again.
    pub restored: bool,
    pub output: String,
    pub recheck: String,
}

impl PlansService {
    /// Restores the configuration `plan`'s device had before the plan was deployed.
    pub async fn rollback(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<RollbackReport, ServiceError> {
        self.require_feature(true)?;
        let plan = self
            .plan_for(principal, Permission::DEPLOY, "roll config plans back", id)
            .await?;
        let (Some(pre_change), Some(_)) = (&plan.pre_change, plan.deploy_job) else {
            return Err(refused(format!(
                "plan {id} ({}) was never deployed, so there is no pre-change configuration to restore",
                plan.device
            )));
        };
        let device = self.store.device(&plan.device).await?;
        let (mut session, driver) = self.open(&device).await.map_err(|error| {
            refused(format!(
                "cannot connect to {} ({error}); nothing was restored",
                device.name
            ))
        })?;
        let platform = session.spec().spec.platform.clone();
        let (Some(checkpoint), Some(name)) = (
            session.spec().spec.safe_apply.checkpoint.clone(),
            &plan.checkpoint,
        ) else {
            session.close().await;
            return Err(refused(format!(
                "{} ({platform}) has no checkpoint of plan {id} to restore: its driver declares no checkpoint restore, or none was saved before the deploy; restore the pre-change configuration shown by `aurum plan show {id} --json` by hand",
                device.name
            )));
        };
        let mut transcript = Transcript::default();
        let restore = checkpoint.restore.command.replace("{name}", name);
        let restored = match session
            .send_command_in(&checkpoint.restore.mode, &restore)
            .await
        {
            Err(error) => Err(format!("`{restore}` failed: {error}")),
            Ok(out) => {
                transcript.sent(&restore, &out.output);
                match session.save().await {
                    Err(error) => Err(format!("restored but not saved: {error}")),
                    Ok(outputs) => {
                        for out in outputs {
                            transcript.sent(&out.command, &out.output);
                        }
                        self.backup_on(&mut session, &driver).await
                    }
                }
            }
        };
        session.close().await;
        let restored = match restored {
            Ok(now) if now == *pre_change => {
                transcript.note("rolled back: the device runs the pre-change configuration again");
                true
            }
            Ok(_) => {
                transcript.note("rolled back, but the configuration differs from the pre-change backup; compare them with `aurum plan show` and the latest backup");
                false
            }
            Err(error) => {
                transcript.note(&format!("rollback failed: {error}"));
                false
            }
        };
        tracing::info!(plan = id, device = %device.name, restored, "rollback");
        let output = format!(
            "{}\n# rollback by {}\n{}",
            plan.output.trim_end(),
            principal.name,
            transcript.text()
        );
        self.store
            .finish_plan(
                id,
                &PlanOutcome {
                    status: plan.status,
                    output,
                    pre_change: None,
                    checkpoint: None,
                },
            )
            .await?;
        let recheck = self
            .recheck(principal, std::slice::from_ref(&device.name), &[id])
            .await;
        Ok(RollbackReport {
            plan: id,
            device: device.name,
            restored,
            output: transcript.text().to_string(),
            recheck,
        })
    }
}
