//! The compliance job: each device's current backup against its current intended config,
//! feature by feature, with remediation for what is not compliant.

use std::sync::Arc;

use aurum_core::compliance::{CustomCompliance, CustomVerdict};
use aurum_core::rules::ConfigType;
use aurum_plugin::CompliancePlugin;
use aurum_store::{ComplianceRow, ConfigKind, OutcomeStatus};

use super::GoldenService;
use super::backup::{failed, outcome};
use super::shared::JobShared;
use crate::ServiceError;
use crate::platform::PlatformProfile;

impl GoldenService {
    /// Checks one device's current backup against its current intended config, feature by
    /// feature, and (unless a dry run, `job` = `None`) stores the results with remediation.
    pub(crate) async fn compliance_device(
        &self,
        device: &aurum_inventory::Device,
        setting_name: &str,
        setting: &aurum_config::GoldenSetting,
        job: Option<i64>,
        shared: &JobShared,
    ) -> Result<aurum_store::DeviceOutcome, ServiceError> {
        let properties = shared.properties(setting)?.ok_or_else(|| ServiceError::Job {
            reason: format!(
                "setting `{setting_name}` has no `properties` file with compliance rules; set [golden.settings.{setting_name}] properties"
            ),
        })?;
        let custom = match &self.config.golden.custom_compliance {
            Some(name) => Some(PluginCompliance(self.registry.compliance(name).map_err(
                |e| ServiceError::Job {
                    reason: format!("{e}; fix [golden] custom_compliance"),
                },
            )?)),
            None => None,
        };
        let platforms = self.platforms_of(shared).await?;
        let scopes = self.scopes_of(shared).await?;
        let not_ready = |reason: &str, hint: &str| ServiceError::DeviceInvalid {
            device: device.name.clone(),
            reason: reason.to_string(),
            hint: hint.to_string(),
        };
        let result: Result<(Vec<ComplianceRow>, bool), ServiceError> = async {
            let platform = device.platform.as_deref().ok_or_else(|| {
                not_ready("it has no platform", "set `platform` in the inventory")
            })?;
            // A platform missing from the inventory is taken to be driven by the driver of
            // its name, as a `--host` run is.
            let (driver, network_os) = platforms
                .iter()
                .find(|p| p.name == platform)
                .map_or((platform, ""), |p| {
                    (p.driver.as_str(), p.network_os.as_str())
                });
            let spec = self.toolkit.driver_spec(driver).map_err(|e| {
                not_ready(
                    &format!("platform `{platform}` has no usable driver `{driver}` ({e})"),
                    "register the driver plugin in [plugins] or fix the platform's `driver`",
                )
            })?;
            let profile =
                PlatformProfile::from_spec(platform, &spec.spec, network_os).map_err(|e| {
                    not_ready(
                        &e,
                        "set the platform's `network_os` in the inventory or fix its driver",
                    )
                })?;
            let network_os = profile.network_os.as_str();
            let backup = self
                .store
                .current_config(&device.name, ConfigKind::Backup)
                .await?
                .ok_or_else(|| not_ready("no backup yet", "run `aurum backup` first"))?;
            let intended = self
                .store
                .current_config(&device.name, ConfigKind::Intended)
                .await?
                .ok_or_else(|| not_ready("no intended config yet", "run `aurum intended` first"))?;
            let mut rules = Vec::new();
            for spec in properties
                .compliance_rules
                .iter()
                // Golden Config keys rules by the platform's network driver: a rule for
                // `cisco_ios` covers every platform driven by it.
                .filter(|r| r.applies_to(platform) || r.applies_to(driver))
            {
                if let Some(scope) = &spec.scope {
                    let filter = scopes.get(scope).ok_or_else(|| ServiceError::Job {
                        reason: format!(
                            "rule `{}` is scoped to saved filter `{scope}`, which does not exist",
                            spec.feature_slug
                        ),
                    })?;
                    if !filter.matches(device) {
                        continue;
                    }
                }
                rules.push(spec.to_rule()?);
            }
            let results = aurum_core::compliance::check_with(
                network_os,
                &rules,
                &backup.config,
                &intended.config,
                custom.as_ref().map(|c| c as &dyn CustomCompliance),
            )?;
            let remediator = shared.remediator(self, setting, &properties, &profile)?;
            let mut rows = Vec::with_capacity(results.len());
            for r in &results {
                // Remediation is config lines to type: only text (cli) features have them, as
                // in Golden Config; a JSON or XML feature's difference is its missing/extra.
                let is_cli = rules
                    .iter()
                    .any(|rule| rule.feature == r.feature && rule.config_type == ConfigType::Cli);
                let remediation = match r.compliant || !is_cli {
                    false => remediator.remediate(&r.actual, &r.intended).map_err(|e| {
                        ServiceError::Job {
                            reason: format!("feature `{}`: {e}", r.feature),
                        }
                    })?,
                    true => String::new(),
                };
                rows.push(ComplianceRow {
                    device: device.name.clone(),
                    feature: r.feature.clone(),
                    platform: platform.to_string(),
                    compliant: r.compliant,
                    ordered: r.ordered_compliant,
                    missing: r.missing.clone(),
                    extra: r.extra.clone(),
                    actual: r.actual.clone(),
                    intended: r.intended.clone(),
                    remediation,
                });
            }
            let all = rows.iter().all(|r| r.compliant);
            Ok((rows, all))
        }
        .await;
        Ok(match result {
            Ok((rows, compliant)) => {
                if job.is_some() {
                    self.store.save_compliance(&device.name, &rows).await?;
                }
                let status = if compliant {
                    OutcomeStatus::Compliant
                } else {
                    OutcomeStatus::NonCompliant
                };
                outcome(device, status, false, String::new())
            }
            Err(error) => failed(device, &error),
        })
    }
}

/// A compliance plugin deciding the `custom` rules of the engine.
struct PluginCompliance(Arc<dyn CompliancePlugin>);

impl CustomCompliance for PluginCompliance {
    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<CustomVerdict, String> {
        let findings = self
            .0
            .check(feature, actual, intended)
            .map_err(|e| e.to_string())?;
        Ok(CustomVerdict {
            compliant: findings.compliant,
            missing: findings.missing,
            extra: findings.extra,
        })
    }
}
