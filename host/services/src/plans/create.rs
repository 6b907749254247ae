//! Making plans: per device, the commands of one plan type, the compliance job they came
//! from and the compliance at that moment; all of a request's plans stored in one transaction.

use std::collections::BTreeMap;

use aurum_inventory::{Device, DeviceFilter};
use aurum_store::{ComplianceRow, ConfigKind, NewPlan};
use minijinja::Value;
use serde::Serialize;

use super::PlansService;
use crate::ServiceError;
use crate::identity::{Permission, Principal};

/// Where a plan's commands come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanType {
    /// The whole intended configuration (or the intended sections of the chosen features).
    Intended,
    /// The lines the running configuration lacks, from the last compliance results.
    Missing,
    /// The remediation of the last compliance results: what turns running into intended.
    Remediation,
    /// Commands rendered per device from a template with the device's SoT data.
    Manual,
}

impl PlanType {
    pub const NAMES: &'static str = "intended, missing, remediation, manual";

    pub fn as_str(self) -> &'static str {
        match self {
            PlanType::Intended => "intended",
            PlanType::Missing => "missing",
            PlanType::Remediation => "remediation",
            PlanType::Manual => "manual",
        }
    }

    pub fn parse(name: &str) -> Option<PlanType> {
        [
            PlanType::Intended,
            PlanType::Missing,
            PlanType::Remediation,
            PlanType::Manual,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

/// What to plan, for which devices.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub plan_type: PlanType,
    /// The devices: a filter, or `name=` for a selection.
    pub filter: DeviceFilter,
    /// Only these compliance features (empty: every feature).
    pub features: Vec<String>,
    /// A manual plan's template text (minijinja, sandboxed; the context is the device's SoT
    /// data, as its intended template sees it).
    pub template: Option<String>,
    pub change_control_id: String,
    pub change_control_url: String,
}

/// The plans made, and the devices that needed none (with why).
#[derive(Debug, Clone, Serialize)]
pub struct CreatedPlans {
    pub ids: Vec<i64>,
    pub skipped: Vec<(String, String)>,
}

impl PlansService {
    /// Makes one plan per device of the request that has something to change.
    pub async fn create(
        &self,
        principal: &Principal,
        request: &PlanRequest,
    ) -> Result<CreatedPlans, ServiceError> {
        self.require_feature(false)?;
        let scope = self
            .scope_of(principal, Permission::ADD_PLAN, "create config plans")
            .await?;
        match (request.plan_type, &request.template) {
            (PlanType::Manual, None) => {
                return Err(invalid(
                    "a manual plan needs its commands: give --template FILE (a minijinja template rendered per device)",
                ));
            }
            (PlanType::Manual, Some(_)) => {}
            (_, Some(_)) => {
                return Err(invalid(format!(
                    "--template is for manual plans; a {} plan takes its commands from the stored configs",
                    request.plan_type.as_str()
                )));
            }
            _ => {}
        }
        let mut devices = self.store.devices(&request.filter).await?;
        // Devices outside the grant are as if they did not match, so the refusal below never
        // tells which devices exist.
        devices.retain(|device| scope.covers(device));
        if devices.is_empty() {
            return Err(invalid(format!(
                "no device matches {}; check the device name or filter with `aurum inventory list`",
                request.filter.describe()
            )));
        }
        let mut plans = Vec::new();
        let mut skipped = Vec::new();
        for device in &devices {
            let rows = self.store.device_compliance(&device.name, None).await?;
            let unknown: Vec<&String> = request
                .features
                .iter()
                .filter(|f| !rows.is_empty() && !rows.iter().any(|r| &r.feature == *f))
                .collect();
            if !unknown.is_empty() {
                let known: Vec<&str> = rows.iter().map(|r| r.feature.as_str()).collect();
                return Err(invalid(format!(
                    "{} has no compliance feature {}; its features are: {}",
                    device.name,
                    unknown
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    known.join(", ")
                )));
            }
            let chosen: Vec<&ComplianceRow> = rows
                .iter()
                .filter(|r| request.features.is_empty() || request.features.contains(&r.feature))
                .collect();
            let commands = match self.commands(principal, device, request, &chosen).await? {
                Ok(commands) => commands,
                Err(reason) => {
                    skipped.push((device.name.clone(), reason));
                    continue;
                }
            };
            let before: BTreeMap<&str, bool> = rows
                .iter()
                .map(|r| (r.feature.as_str(), r.compliant))
                .collect();
            plans.push(NewPlan {
                device: device.name.clone(),
                plan_type: request.plan_type.as_str().to_string(),
                features: request.features.clone(),
                commands,
                change_control_id: request.change_control_id.clone(),
                change_control_url: request.change_control_url.clone(),
                compliance_job: self.store.last_compliance_job(&device.name).await?,
                created_by: principal.name.clone(),
                compliance_before: serde_json::to_string(&before).unwrap_or_default(),
            });
        }
        let ids = self.store.create_plans(&plans).await?;
        for (id, plan) in ids.iter().zip(&plans) {
            tracing::info!(plan = id, device = %plan.device, kind = %plan.plan_type, user = %principal.name, "plan created");
        }
        Ok(CreatedPlans { ids, skipped })
    }

    /// The device's commands for the request, or why it needs no plan.
    async fn commands(
        &self,
        principal: &Principal,
        device: &Device,
        request: &PlanRequest,
        rows: &[&ComplianceRow],
    ) -> Result<Result<String, String>, ServiceError> {
        let from_rows = |pick: fn(&ComplianceRow) -> &str| -> Result<String, String> {
            if rows.is_empty() {
                return Err("no compliance results; run `aurum compliance run` first".into());
            }
            let text = join(rows.iter().filter(|r| !r.compliant).map(|r| pick(r)));
            if text.trim().is_empty() {
                Err("compliant in the chosen features: nothing to change".into())
            } else {
                Ok(text)
            }
        };
        Ok(match request.plan_type {
            PlanType::Missing => from_rows(|r| &r.missing),
            PlanType::Remediation => from_rows(|r| &r.remediation),
            PlanType::Intended if !request.features.is_empty() => {
                Ok(join(rows.iter().map(|r| r.intended.as_str())))
            }
            PlanType::Intended => match self
                .store
                .current_config(&device.name, ConfigKind::Intended)
                .await?
            {
                Some(version) => Ok(version.config),
                None => Err("no intended configuration stored; run `aurum intended` first".into()),
            },
            PlanType::Manual => {
                let template = request.template.as_deref().unwrap_or_default();
                let data = self.golden.device_context(principal, &device.name).await?;
                Ok(render_manual(&device.name, template, &data)?)
            }
        })
    }
}

/// A request the caller must change before it can make any plan.
fn invalid(reason: impl Into<String>) -> ServiceError {
    ServiceError::PlanInvalid {
        reason: reason.into(),
    }
}

/// Non-empty texts, one after the other, each ending in a newline.
fn join<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for text in texts.map(str::trim_end).filter(|t| !t.is_empty()) {
        out.push_str(text);
        out.push('\n');
    }
    out
}

/// A manual plan's commands for one device: the template in Aurum's sandbox (no files, fuel
/// limit, strict undefined) with the device's SoT data as context.
fn render_manual(
    device: &str,
    template: &str,
    data: &serde_json::Value,
) -> Result<String, ServiceError> {
    let env = crate::golden::template_environment(None);
    env.render_str(template, Value::from_serialize(data))
        .map_err(|e| ServiceError::Template {
            location: format!("the manual plan template for {device}"),
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_template_sees_the_device_and_stays_in_its_sandbox() {
        let data = serde_json::json!({"device": {"name": "r1", "data": {"asn": 65001}}});
        let text = render_manual(
            "r1",
            "router bgp {{ device.data.asn }}\n description {{ device.name }}\n",
            &data,
        )
        .unwrap();
        assert_eq!(text, "router bgp 65001\n description r1\n");
        let undefined = render_manual("r1", "{{ device.nothing.here }}", &data).unwrap_err();
        assert!(
            undefined
                .to_string()
                .contains("manual plan template for r1"),
            "{undefined}"
        );
        let include = render_manual("r1", "{% include '/etc/passwd' %}", &data).unwrap_err();
        assert!(include.to_string().contains("r1"), "{include}");
    }

    #[test]
    fn plan_types_parse_by_name() {
        assert_eq!(PlanType::parse("remediation"), Some(PlanType::Remediation));
        assert_eq!(PlanType::parse("bogus"), None);
    }
}
