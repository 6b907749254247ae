//! The compliance job: each device's current backup against its current intended config,
//! feature by feature, with remediation for what is not compliant. A task's devices are checked
//! together: their configs read in two queries, each platform's checks prepared once per job
//! (`checks`), and their results recorded by the task in one transaction.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use aurum_core::compliance::{CustomCompliance, CustomVerdict};
use aurum_core::rules::ConfigType;
use aurum_inventory::{Device, DeviceFilter, Platform};
use aurum_plugin::CompliancePlugin;
use aurum_store::{ComplianceRow, ConfigKind, DeviceResult, OutcomeStatus};

use super::GoldenService;
use super::backup::{failed, outcome};
use super::shared::JobShared;
use crate::ServiceError;

/// How many compliance tasks of this process read and check their devices at once: two per
/// core, so one task's configs are read while another's are checked, and a worker taking
/// `[ssh] concurrency` tasks of 50 devices does not hold all their configs in memory.
pub(crate) fn checking_at_once() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
}

/// What every device of a compliance task is checked with.
struct Inputs<'a> {
    setting: &'a aurum_config::GoldenSetting,
    properties: &'a aurum_core::rules::GoldenConfig,
    custom: Option<&'a dyn CustomCompliance>,
    platforms: &'a [Platform],
    scopes: &'a HashMap<String, DeviceFilter>,
    shared: &'a JobShared,
}

impl GoldenService {
    /// Checks each device's current backup against its current intended config, feature by
    /// feature, with remediation for what is not compliant; the caller records the results (a
    /// dry run records nothing). One device's failure, even a panic in a plugin, is that
    /// device's result; an `Err` is the setting's and fails every device.
    pub(crate) async fn compliance_devices(
        &self,
        devices: &[Device],
        setting_name: &str,
        setting: &aurum_config::GoldenSetting,
        shared: &JobShared,
    ) -> Result<Vec<DeviceResult>, ServiceError> {
        let properties = shared.properties(setting)?.ok_or_else(|| ServiceError::Job {
            reason: format!(
                "setting `{setting_name}` has no `properties` file with compliance rules; set [golden.settings.{setting_name}] properties"
            ),
        })?;
        let custom = match &self.config.golden.custom_compliance {
            Some(name) => Some(PluginCompliance(
                name.clone(),
                self.registry
                    .compliance(name)
                    .map_err(|e| ServiceError::Job {
                        reason: format!("{e}; fix [golden] custom_compliance"),
                    })?,
            )),
            None => None,
        };
        let inputs = Inputs {
            setting,
            properties: &properties,
            custom: custom.as_ref().map(|c| c as &dyn CustomCompliance),
            platforms: self.platforms_of(shared).await?,
            scopes: self.scopes_of(shared).await?,
            shared,
        };
        // Checking is CPU-bound: more tasks at once than cores only hold more configs in memory.
        let _slot = self
            .checking
            .acquire()
            .await
            .map_err(|_| ServiceError::Job {
                reason: "this worker is stopping".into(),
            })?;
        let names: Vec<String> = devices.iter().map(|d| d.name.clone()).collect();
        let backups = self.current_configs(ConfigKind::Backup, &names).await?;
        let intended = self.current_configs(ConfigKind::Intended, &names).await?;
        Ok(devices
            .iter()
            .map(|device| {
                let (backup, intended) = (backups.get(&device.name), intended.get(&device.name));
                let check =
                    AssertUnwindSafe(|| self.check_device(device, &inputs, backup, intended));
                let checked = std::panic::catch_unwind(check).unwrap_or_else(|_| {
                    Err(ServiceError::Job {
                        reason: "the device's check panicked; see the worker's log".into(),
                    })
                });
                match checked {
                    Ok((rows, compliant)) => {
                        let status = if compliant {
                            OutcomeStatus::Compliant
                        } else {
                            OutcomeStatus::NonCompliant
                        };
                        DeviceResult {
                            outcome: outcome(device, status, false, String::new()),
                            compliance: Some(rows),
                            version: None,
                        }
                    }
                    Err(error) => DeviceResult {
                        outcome: failed(&device.name, &error),
                        compliance: None,
                        version: None,
                    },
                }
            })
            .collect())
    }

    /// The current configs of `kind` of these devices, by device, in one query per 500.
    async fn current_configs(
        &self,
        kind: ConfigKind,
        devices: &[String],
    ) -> Result<HashMap<String, String>, ServiceError> {
        Ok(self
            .store
            .current_configs(kind, Some(devices))
            .await?
            .into_iter()
            .map(|(device, _digest, config)| (device, config))
            .collect())
    }

    /// One device's rows, and whether every feature is compliant.
    fn check_device(
        &self,
        device: &Device,
        inputs: &Inputs<'_>,
        backup: Option<&String>,
        intended: Option<&String>,
    ) -> Result<(Vec<ComplianceRow>, bool), ServiceError> {
        let not_ready = |reason: &str, hint: &str| ServiceError::DeviceInvalid {
            device: device.name.clone(),
            reason: reason.to_string(),
            hint: hint.to_string(),
        };
        let platform = device
            .platform
            .as_deref()
            .ok_or_else(|| not_ready("it has no platform", "set `platform` in the inventory"))?;
        let checks = inputs.shared.checks(
            self,
            inputs.setting,
            inputs.properties,
            inputs.platforms,
            platform,
            &device.name,
        )?;
        let backup =
            backup.ok_or_else(|| not_ready("no backup yet", "run `aurum backup` first"))?;
        let intended = intended
            .ok_or_else(|| not_ready("no intended config yet", "run `aurum intended` first"))?;
        let rules = checks.rules_for(device, inputs.scopes)?;
        let results = aurum_core::compliance::check_with(
            &checks.profile.network_os,
            &rules,
            backup,
            intended,
            inputs.custom,
        )?;
        let mut rows = Vec::with_capacity(results.len());
        for r in results {
            // Remediation is config lines to type: only text (cli) features have them, as
            // in Golden Config; a JSON or XML feature's difference is its missing/extra.
            let is_cli = rules
                .iter()
                .any(|rule| rule.feature == r.feature && rule.config_type == ConfigType::Cli);
            let remediation = match r.compliant || !is_cli {
                false => checks
                    .remediation
                    .remediate(&r.actual, &r.intended)
                    .map_err(|e| ServiceError::Job {
                        reason: format!("feature `{}`: {e}", r.feature),
                    })?,
                true => String::new(),
            };
            rows.push(ComplianceRow {
                device: device.name.clone(),
                feature: r.feature,
                platform: platform.to_string(),
                compliant: r.compliant,
                ordered: r.ordered_compliant,
                missing: r.missing,
                extra: r.extra,
                actual: r.actual,
                intended: r.intended,
                remediation,
            });
        }
        let all = rows.iter().all(|r| r.compliant);
        Ok((rows, all))
    }
}

/// A compliance plugin deciding the `custom` rules of the engine, by its registered name.
struct PluginCompliance(String, Arc<dyn CompliancePlugin>);

impl CustomCompliance for PluginCompliance {
    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<CustomVerdict, String> {
        let findings = crate::plugin_calls::timed(&self.0, "compliance", || {
            self.1.check(feature, actual, intended)
        })
        .map_err(|e| e.to_string())?;
        Ok(CustomVerdict {
            compliant: findings.compliant,
            missing: findings.missing,
            extra: findings.extra,
        })
    }
}
