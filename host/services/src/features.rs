//! The `[features]` switches as the services enforce them: one check every entry point of a
//! switchable capability makes first, so the CLI, the API, the web UI and schedules refuse a
//! switched-off feature alike, with an error naming the switch.

use aurum_config::{Config, Feature};
use aurum_store::ConfigKind;

use crate::golden::JobKind;

use crate::{ServiceError, Services};

/// The kinds of stored configuration whose feature is switched off: GraphQL refuses their
/// fields (`aurum_graphql::Api::with_configs_off`).
pub fn configs_off(config: &Config) -> Vec<ConfigKind> {
    [ConfigKind::Backup, ConfigKind::Intended]
        .into_iter()
        .filter(|kind| !config.features.enabled(of_kind(*kind)))
        .collect()
}

/// `Ok` when `feature` is on in `config`, else [`ServiceError::FeatureDisabled`].
pub fn require(config: &Config, feature: Feature) -> Result<(), ServiceError> {
    if config.features.enabled(feature) {
        Ok(())
    } else {
        Err(ServiceError::FeatureDisabled {
            feature: feature.key(),
        })
    }
}

/// The switch of a kind of stored configuration: its history, diffs and search.
pub fn of_kind(kind: ConfigKind) -> Feature {
    match kind {
        ConfigKind::Backup => Feature::Backup,
        ConfigKind::Intended => Feature::Intended,
    }
}

/// The switch of a kind of golden-config job.
pub fn of_job(kind: JobKind) -> Feature {
    match kind {
        JobKind::Backup => Feature::Backup,
        JobKind::Intended => Feature::Intended,
        JobKind::Compliance => Feature::Compliance,
        JobKind::Deploy => Feature::Deploy,
    }
}

/// Refuses the first switched-off kind of `kinds` (a run-all is refused whole, before any of
/// its jobs starts, rather than stopping half-way).
pub fn require_jobs(config: &Config, kinds: &[JobKind]) -> Result<(), ServiceError> {
    kinds
        .iter()
        .try_for_each(|kind| require(config, of_job(*kind)))
}

impl Services {
    /// Whether `feature` is on (for front ends deciding what to offer; the services refuse a
    /// switched-off one anyway).
    pub fn feature_enabled(&self, feature: Feature) -> bool {
        self.config.features.enabled(feature)
    }

    /// [`require`] for a front end about to offer `feature` without calling a service yet
    /// (an empty search form).
    pub fn require_feature(&self, feature: Feature) -> Result<(), ServiceError> {
        require(&self.config, feature)
    }

    /// The kind of stored configuration pages show first: backups, unless switched off.
    pub fn default_config_kind(&self) -> ConfigKind {
        if self.feature_enabled(Feature::Backup) || !self.feature_enabled(Feature::Intended) {
            ConfigKind::Backup
        } else {
            ConfigKind::Intended
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switched_off_feature_is_refused_naming_its_switch() {
        let mut config = Config::default();
        assert!(require(&config, Feature::ConfigSearch).is_ok());
        config.features.config_search = false;
        let error = require(&config, Feature::ConfigSearch).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("[features]"), "{message}");
        assert!(message.contains("config_search"), "{message}");
        assert!(require(&config, Feature::Toolkit).is_ok());
    }
}
