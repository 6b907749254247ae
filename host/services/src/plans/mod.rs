//! Config plans and their deployment: plans built from compliance results, intended configs
//! or a template (`create`), reviewed, approved and cancelled (`review`), deployed as a job of
//! per-device tasks (`deploy`, `device`, `confirm`), checked again afterwards (`recheck`), and
//! rolled back where the platform can (`rollback`).
//!
//! Permissions, checked here for every caller and scoped by device (`access`): `view_config`
//! to list and show plans (they carry configuration), `add_plan` to create them,
//! `change_plan` to edit an unapproved plan's commands, `approve_plan` to approve and cancel,
//! `deploy` to deploy and roll back.

mod access;
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
use crate::authz::Authz;
use crate::golden::GoldenService;
use crate::postprocess::PostprocessService;
use crate::toolkit::ToolkitService;

pub use create::{CreatedPlans, PlanRequest, PlanType};
pub use deploy::{DeployReport, DeployRequest, DeviceDeploy};
pub use rollback::RollbackReport;

/// Plans and deployments. Cheap to clone.
#[derive(Clone)]
pub struct PlansService {
    store: Store,
    /// Which devices' plans a principal's scoped grants cover.
    authz: Authz,
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
            authz: Authz::new(store.clone()),
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

fn refused(reason: impl Into<String>) -> ServiceError {
    ServiceError::Plan {
        reason: reason.into(),
    }
}
