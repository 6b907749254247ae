//! What a compliance job checks on one platform, prepared once per job rather than once per
//! device: the platform's profile (its driver's dialect and remediation rules), the rules of the
//! setting's properties that apply to it, compiled, and its remediation.

use std::borrow::Cow;
use std::collections::HashMap;

use aurum_core::rules::{GoldenConfig as Properties, Rule};
use aurum_inventory::{Device, DeviceFilter, Platform};

use super::GoldenService;
use super::remediation::Remediation;
use crate::ServiceError;
use crate::platform::PlatformProfile;

/// One platform's compliance checks under one setting's properties.
pub(crate) struct PlatformChecks {
    pub(crate) profile: PlatformProfile,
    /// The rules for the platform, in file order.
    rules: Vec<Rule>,
    /// Beside each rule, the saved filter it is scoped to, if any.
    scopes: Vec<Option<String>>,
    pub(crate) remediation: Remediation,
}

impl PlatformChecks {
    /// The checks of `platform` (an inventory platform name) under `properties`. The errors
    /// say what `device`, the first device of the platform to ask, needs.
    pub(crate) fn new(
        service: &GoldenService,
        properties: &Properties,
        platforms: &[Platform],
        platform: &str,
        device: &str,
    ) -> Result<PlatformChecks, ServiceError> {
        let not_ready = |reason: &str, hint: &str| ServiceError::DeviceInvalid {
            device: device.to_string(),
            reason: reason.to_string(),
            hint: hint.to_string(),
        };
        // A platform missing from the inventory is taken to be driven by the driver of its
        // name, as a `--host` run is.
        let (driver, network_os) = platforms
            .iter()
            .find(|p| p.name == platform)
            .map_or((platform, ""), |p| {
                (p.driver.as_str(), p.network_os.as_str())
            });
        let spec = service.toolkit.driver_spec(driver).map_err(|e| {
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
        let (mut rules, mut scopes) = (Vec::new(), Vec::new());
        for spec in properties
            .compliance_rules
            .iter()
            // Golden Config keys rules by the platform's network driver: a rule for
            // `cisco_ios` covers every platform driven by it.
            .filter(|r| r.applies_to(platform) || r.applies_to(driver))
        {
            rules.push(spec.to_rule()?);
            scopes.push(spec.scope.clone());
        }
        let remediation = Remediation::for_platform(
            &service.config.golden,
            &properties.remediation_settings,
            &service.registry,
            &profile,
        )
        .map_err(|reason| ServiceError::Job { reason })?;
        Ok(PlatformChecks {
            profile,
            rules,
            scopes,
            remediation,
        })
    }

    /// The rules that apply to `device`: all of them, unless some are scoped to a saved filter
    /// (`scopes`, by name) that leaves the device out.
    pub(crate) fn rules_for(
        &self,
        device: &Device,
        scopes: &HashMap<String, DeviceFilter>,
    ) -> Result<Cow<'_, [Rule]>, ServiceError> {
        if self.scopes.iter().all(Option::is_none) {
            return Ok(Cow::Borrowed(&self.rules));
        }
        let mut rules = Vec::with_capacity(self.rules.len());
        for (rule, scope) in self.rules.iter().zip(&self.scopes) {
            if let Some(scope) = scope {
                let filter = scopes.get(scope).ok_or_else(|| ServiceError::Job {
                    reason: format!(
                        "rule `{}` is scoped to saved filter `{scope}`, which does not exist",
                        rule.feature
                    ),
                })?;
                if !filter.matches(device) {
                    continue;
                }
            }
            rules.push(rule.clone());
        }
        Ok(Cow::Owned(rules))
    }
}
