//! Config plans and their deployment: plans built from compliance results, intended configs
//! or a template (`create`), reviewed, approved and cancelled (`review`), deployed as a job of
//! per-device tasks (`deploy`, `device`, `confirm`), checked again afterwards (`recheck`), and
//! rolled back where the platform can (`rollback`).
//!
//! Permissions, checked here for every caller: `view_config` to create, list and show plans
//! (they carry configuration), `approve_plan` to approve and cancel, `deploy` to deploy and
//! roll back.

mod checkpoint;
mod confirm;
mod create;
mod deploy;
mod device;
mod logged;
mod postprocess;
mod queued;
mod recheck;
mod review;
mod rollback;
mod session;

use std::sync::Arc;

use aurum_config::{Config, Feature, FeaturesConfig};
use aurum_plugin::Registry;
use aurum_store::Store;

use crate::ServiceError;
use crate::authz;
use crate::golden::GoldenService;
use crate::identity::{Permission, Principal};
use crate::postprocess::PostprocessService;
use crate::toolkit::ToolkitService;

pub use create::{CreatedPlans, PlanRequest, PlanType};
pub use deploy::{DeployReport, DeployRequest, DeviceDeploy};
pub use rollback::RollbackReport;

/// Plans and deployments. Cheap to clone.
#[derive(Clone)]
pub struct PlansService {
    store: Store,
    golden: GoldenService,
    toolkit: ToolkitService,
    /// The `[postprocessing]` chain every deploy's commands go through.
    postprocess: PostprocessService,
    registry: Arc<Registry>,
    /// `[features]`: `plans` for every plan call, `deploy` too for deploying and rolling back.
    features: FeaturesConfig,
}

impl PlansService {
    pub fn new(
        store: Store,
        golden: GoldenService,
        toolkit: ToolkitService,
        postprocess: PostprocessService,
        registry: Arc<Registry>,
        config: &Config,
    ) -> Self {
        Self {
            store,
            golden,
            toolkit,
            postprocess,
            registry,
            features: config.features.clone(),
        }
    }

    /// Refuses every plan call when `[features] plans` is off, and deploying and rolling back
    /// when `deploy` is.
    fn require_feature(&self, deploying: bool) -> Result<(), ServiceError> {
        let off = |feature: Feature| ServiceError::FeatureDisabled {
            feature: feature.key(),
        };
        if !self.features.enabled(Feature::Plans) {
            return Err(off(Feature::Plans));
        }
        if deploying && !self.features.enabled(Feature::Deploy) {
            return Err(off(Feature::Deploy));
        }
        Ok(())
    }
}

impl std::fmt::Debug for PlansService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlansService").finish_non_exhaustive()
    }
}

/// Refuses `principal` unless it holds `permission` unscoped, naming what it guards.
fn require(
    principal: &Principal,
    permission: Permission,
    action: &str,
) -> Result<(), ServiceError> {
    if authz::allows(principal, permission) {
        Ok(())
    } else {
        Err(authz::forbidden(
            principal,
            permission,
            &format!("`{action}`"),
        ))
    }
}

fn refused(reason: impl Into<String>) -> ServiceError {
    ServiceError::Plan {
        reason: reason.into(),
    }
}
