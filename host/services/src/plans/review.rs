//! Looking at plans, approving and cancelling them, and changing an unapproved plan's
//! commands. A refusal says what state the plan is in and what would be allowed.

use aurum_store::{PlanRecord, PlanStatus};

use super::{PlansService, refused};
use crate::ServiceError;
use crate::identity::{Permission, Principal};

impl PlansService {
    /// Plans, newest first, optionally of one status.
    pub async fn list(
        &self,
        principal: &Principal,
        status: Option<PlanStatus>,
    ) -> Result<Vec<PlanRecord>, ServiceError> {
        self.require_feature(false)?;
        let scope = self
            .scope_of(principal, Permission::VIEW_CONFIG, "list config plans")
            .await?;
        // Many plans share a device: each device is looked up once.
        let mut covered = std::collections::HashMap::new();
        let mut visible = Vec::new();
        for plan in self.store.plans(status).await? {
            let sees = match covered.get(&plan.device) {
                Some(sees) => *sees,
                None => {
                    let sees = self.covers(&scope, &plan.device).await?;
                    covered.insert(plan.device.clone(), sees);
                    sees
                }
            };
            if sees {
                visible.push(plan);
            }
        }
        Ok(visible)
    }

    /// One plan, with its commands, approval and what its deployment did.
    pub async fn show(&self, principal: &Principal, id: i64) -> Result<PlanRecord, ServiceError> {
        self.require_feature(false)?;
        self.visible_plan(principal, id).await
    }

    /// Approves a Not Approved plan, recording who and when; its commands are fixed from now.
    pub async fn approve(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<PlanRecord, ServiceError> {
        self.require_feature(false)?;
        self.plan_for(
            principal,
            Permission::APPROVE_PLAN,
            "approve config plans",
            id,
        )
        .await?;
        if !self.store.approve_plan(id, &principal.name).await? {
            let plan = self.store.plan(id).await?;
            return Err(refused(format!(
                "plan {id} ({}) is {}; only a Not Approved plan can be approved",
                plan.device,
                plan.status.label()
            )));
        }
        tracing::info!(plan = id, user = %principal.name, "plan approved");
        Ok(self.store.plan(id).await?)
    }

    /// Cancels a plan that is not in progress, completed or cancelled; a cancelled plan is
    /// never sent, even by a deploy that queued it before.
    pub async fn cancel(&self, principal: &Principal, id: i64) -> Result<PlanRecord, ServiceError> {
        self.require_feature(false)?;
        self.plan_for(
            principal,
            Permission::APPROVE_PLAN,
            "cancel config plans",
            id,
        )
        .await?;
        if !self.store.cancel_plan(id).await? {
            let plan = self.store.plan(id).await?;
            return Err(refused(format!(
                "plan {id} ({}) is {}; only a Not Approved, Approved or Failed plan can be cancelled",
                plan.device,
                plan.status.label()
            )));
        }
        tracing::info!(plan = id, user = %principal.name, "plan cancelled");
        Ok(self.store.plan(id).await?)
    }

    /// Replaces the commands of a plan that is not approved yet.
    pub async fn edit(
        &self,
        principal: &Principal,
        id: i64,
        commands: &str,
    ) -> Result<PlanRecord, ServiceError> {
        self.require_feature(false)?;
        self.plan_for(principal, Permission::CHANGE_PLAN, "edit config plans", id)
            .await?;
        if !self.store.replace_plan_commands(id, commands).await? {
            let plan = self.store.plan(id).await?;
            return Err(refused(format!(
                "plan {id} ({}) is {}; an approved plan's commands never change — make a new plan instead",
                plan.device,
                plan.status.label()
            )));
        }
        tracing::info!(plan = id, user = %principal.name, "plan commands changed");
        Ok(self.store.plan(id).await?)
    }
}
