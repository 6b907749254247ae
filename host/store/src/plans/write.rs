//! Changing plans: each change is one conditional statement on the plan's current status, so
//! concurrent callers (an approver, a canceller, a deploy job) can never both win.

use super::{NewPlan, PlanStatus};
use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// What a finished deploy (or rollback) leaves on a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOutcome {
    pub status: PlanStatus,
    pub output: String,
    pub pre_change: Option<String>,
    pub checkpoint: Option<String>,
}

impl Store {
    /// Stores new plans (status Not Approved) in one transaction; returns their ids in order.
    pub async fn create_plans(&self, plans: &[NewPlan]) -> Result<Vec<i64>, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .context("starting to store plans")?;
        let now = now_millis();
        let mut ids = Vec::with_capacity(plans.len());
        for plan in plans {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO config_plans (device, plan_type, features, commands, status, change_control_id, \
                 change_control_url, compliance_job, created_by, created_at, output, compliance_before, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '', $11, $10) RETURNING id",
            )
            .bind(&plan.device)
            .bind(&plan.plan_type)
            .bind(plan.features.join(","))
            .bind(&plan.commands)
            .bind(PlanStatus::NotApproved.as_str())
            .bind(&plan.change_control_id)
            .bind(&plan.change_control_url)
            .bind(plan.compliance_job)
            .bind(&plan.created_by)
            .bind(now)
            .bind(&plan.compliance_before)
            .fetch_one(&mut *tx)
            .await
            .context("storing a plan")?;
            ids.push(id);
        }
        tx.commit().await.context("committing new plans")?;
        Ok(ids)
    }

    /// Approves a Not Approved plan, recording who and when. `false`: it was not Not Approved.
    pub async fn approve_plan(&self, id: i64, user: &str) -> Result<bool, StoreError> {
        let now = now_millis();
        let done = sqlx::query(
            "UPDATE config_plans SET status = $1, approved_by = $2, approved_at = $3, updated_at = $3 \
             WHERE id = $4 AND status = $5",
        )
        .bind(PlanStatus::Approved.as_str())
        .bind(user)
        .bind(now)
        .bind(id)
        .bind(PlanStatus::NotApproved.as_str())
        .execute(&self.pool)
        .await
        .context("approving a plan")?;
        Ok(done.rows_affected() == 1)
    }

    /// Cancels a plan that is not being deployed, completed or cancelled already. `false`: it
    /// was in one of those states.
    pub async fn cancel_plan(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE config_plans SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ($4, $5, $6)",
        )
        .bind(PlanStatus::Cancelled.as_str())
        .bind(now_millis())
        .bind(id)
        .bind(PlanStatus::NotApproved.as_str())
        .bind(PlanStatus::Approved.as_str())
        .bind(PlanStatus::Failed.as_str())
        .execute(&self.pool)
        .await
        .context("cancelling a plan")?;
        Ok(done.rows_affected() == 1)
    }

    /// Replaces the commands of a plan nobody has approved; an approved plan's commands never
    /// change. `false`: the plan is approved (or past that).
    pub async fn replace_plan_commands(&self, id: i64, commands: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE config_plans SET commands = $1, updated_at = $2 \
             WHERE id = $3 AND status = $4 AND approved_by IS NULL",
        )
        .bind(commands)
        .bind(now_millis())
        .bind(id)
        .bind(PlanStatus::NotApproved.as_str())
        .execute(&self.pool)
        .await
        .context("changing a plan's commands")?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves an approved plan to In Progress for deploy job `job`, at the moment its commands
    /// are about to be sent. `false`: it is no longer approved (cancelled since it was queued,
    /// say) and must not be sent.
    pub async fn claim_plan(&self, id: i64, job: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE config_plans SET status = $1, deploy_job = $2, updated_at = $3 \
             WHERE id = $4 AND status = $5 AND approved_by IS NOT NULL",
        )
        .bind(PlanStatus::InProgress.as_str())
        .bind(job)
        .bind(now_millis())
        .bind(id)
        .bind(PlanStatus::Approved.as_str())
        .execute(&self.pool)
        .await
        .context("claiming a plan for deployment")?;
        Ok(done.rows_affected() == 1)
    }

    /// Records how a deploy or rollback of a plan ended.
    pub async fn finish_plan(&self, id: i64, outcome: &PlanOutcome) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE config_plans SET status = $1, output = $2, pre_change = COALESCE($3, pre_change), \
             checkpoint = COALESCE($4, checkpoint), updated_at = $5 WHERE id = $6",
        )
        .bind(outcome.status.as_str())
        .bind(&outcome.output)
        .bind(outcome.pre_change.as_deref())
        .bind(outcome.checkpoint.as_deref())
        .bind(now_millis())
        .bind(id)
        .execute(&self.pool)
        .await
        .context("recording a plan's deployment")?;
        Ok(())
    }

    /// Records the compliance re-check after a deploy (feature -> compliant, as JSON).
    pub async fn set_plan_compliance_after(
        &self,
        id: i64,
        compliance: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE config_plans SET compliance_after = $1, updated_at = $2 WHERE id = $3")
            .bind(compliance)
            .bind(now_millis())
            .bind(id)
            .execute(&self.pool)
            .await
            .context("recording a plan's compliance after deployment")?;
        Ok(())
    }
}
