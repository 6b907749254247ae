//! `[features]`: switches that take whole capabilities out of an installation (a team that
//! only wants Oxidized-style backups turns the rest off). Every switch is on by default; a
//! switched-off feature is refused by the services for every caller (CLI, API, web UI,
//! schedules) with an error naming its switch, and the web UI leaves it out of navigation.

use serde::{Deserialize, Serialize};

/// One capability a `[features]` switch turns on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Backup jobs and the backup history.
    Backup,
    /// Intended jobs, the intended history and the render preview.
    Intended,
    /// Compliance jobs, results, the overview and the pivot.
    Compliance,
    /// Running commands on devices (single and bulk) and the saved commands.
    Toolkit,
    /// The regex search across configs.
    ConfigSearch,
    /// Config plans: creating, reviewing, approving, cancelling.
    Plans,
    /// Deploying approved plans and rolling them back.
    Deploy,
    /// Rendering a device's intended config through the postprocessing chain on request.
    Postprocessing,
}

impl Feature {
    pub const ALL: [Feature; 8] = [
        Feature::Backup,
        Feature::Intended,
        Feature::Compliance,
        Feature::Toolkit,
        Feature::ConfigSearch,
        Feature::Plans,
        Feature::Deploy,
        Feature::Postprocessing,
    ];

    /// The switch's key in `[features]`.
    pub fn key(self) -> &'static str {
        match self {
            Feature::Backup => "backup",
            Feature::Intended => "intended",
            Feature::Compliance => "compliance",
            Feature::Toolkit => "toolkit",
            Feature::ConfigSearch => "config_search",
            Feature::Plans => "plans",
            Feature::Deploy => "deploy",
            Feature::Postprocessing => "postprocessing",
        }
    }
}

/// The `[features]` section: one switch per [`Feature`], all on unless set to `false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeaturesConfig {
    pub backup: bool,
    pub intended: bool,
    pub compliance: bool,
    pub toolkit: bool,
    pub config_search: bool,
    pub plans: bool,
    pub deploy: bool,
    pub postprocessing: bool,
}

impl Default for FeaturesConfig {
    fn default() -> Self {
        Self {
            backup: true,
            intended: true,
            compliance: true,
            toolkit: true,
            config_search: true,
            plans: true,
            deploy: true,
            postprocessing: true,
        }
    }
}

impl FeaturesConfig {
    /// Whether `feature`'s switch is on.
    pub fn enabled(&self, feature: Feature) -> bool {
        match feature {
            Feature::Backup => self.backup,
            Feature::Intended => self.intended,
            Feature::Compliance => self.compliance,
            Feature::Toolkit => self.toolkit,
            Feature::ConfigSearch => self.config_search,
            Feature::Plans => self.plans,
            Feature::Deploy => self.deploy,
            Feature::Postprocessing => self.postprocessing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_is_on_by_default_and_keys_match_the_fields() {
        let defaults = FeaturesConfig::default();
        assert!(Feature::ALL.iter().all(|f| defaults.enabled(*f)));
        for feature in Feature::ALL {
            let text = format!("{} = false", feature.key());
            let parsed: FeaturesConfig = toml::from_str(&text).unwrap();
            assert!(!parsed.enabled(feature), "{text}");
            assert_eq!(
                Feature::ALL.iter().filter(|f| !parsed.enabled(**f)).count(),
                1,
                "{text} turns off only its own feature"
            );
        }
    }
}
