//! One config plan's page (`/plans/{id}/`) and a device's Plans tab. The page shows what a
//! reviewer needs before approving and what the deploy did after: the commands as stored
//! (secrets still template references; the deploy renders them), who made and approved it and
//! when, its change control, the device's transcript and why the deploy stopped, compliance
//! before and after, and the buttons for the actions this user may take now. The buttons post
//! to the same handlers as the list's, which call the plans service (it checks again).

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use aurum_config::Feature;
use aurum_services::authz;
use aurum_services::identity::{Permission, Principal};
use aurum_store::{PlanRecord, PlanStatus};

use super::{Page, Viewer, WebState, error_page};

/// A feature's compliance before the plan and after its deploy's re-check.
#[derive(Debug, Serialize)]
struct ComplianceChange {
    feature: String,
    before: Option<bool>,
    after: Option<bool>,
}

/// `GET /plans/{id}/`.
pub(crate) async fn detail(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    let services = &state.services;
    let plan = match services.plans.show(&viewer.principal, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    // The deploy job's word on this device (why it stopped), for who may read jobs.
    let deploy_result = match plan.deploy_job {
        Some(job) => services
            .golden
            .job(&viewer.principal, job)
            .await
            .ok()
            .and_then(|job| job.devices.into_iter().find(|d| d.device == plan.device)),
        None => None,
    };
    let deploy_on = services.feature_enabled(Feature::Deploy);
    Page::new("plan.html", Some(&viewer))
        .with("status_label", plan.status.label())
        .with("change_control_link", web_link(&plan.change_control_url))
        .with("actions", actions(&viewer.principal, &plan, deploy_on))
        .with("compliance", compliance_changes(&plan))
        .with("deploy_result", deploy_result)
        .with("plan", plan)
        .render(&state)
        .into_response()
}

/// `GET /devices/{name}/plans/`: the device's plans, newest first, each linked to its page.
pub(crate) async fn device_tab(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
) -> Response {
    let services = &state.services;
    let principal = &viewer.principal;
    let found = async {
        let device = services.device(principal, &name).await?;
        let plans: Vec<PlanRecord> = services
            .plans
            .list(principal, None)
            .await?
            .into_iter()
            .filter(|p| p.device == device.name)
            .collect();
        Ok::<_, aurum_services::ServiceError>((device, plans))
    }
    .await;
    match found {
        Ok((device, plans)) => Page::new("device_plans.html", Some(&viewer))
            .with("tab", "plans")
            .with("device", device)
            .with("plans", plans)
            .render(&state)
            .into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// The actions `principal` may take on `plan` in its status, in the order the page offers
/// them. The service refuses anything else anyway; this only keeps dead buttons off the page.
fn actions(principal: &Principal, plan: &PlanRecord, deploy_on: bool) -> Vec<&'static str> {
    // A scoped grant may cover this plan's device; the service decides per device.
    let approver = authz::allows_somewhere(principal, Permission::APPROVE_PLAN);
    let deployer = deploy_on && authz::allows_somewhere(principal, Permission::DEPLOY);
    let deployed = plan.deploy_job.is_some() && plan.pre_change.is_some();
    let mut actions = Vec::new();
    match plan.status {
        PlanStatus::NotApproved if approver => actions.extend(["approve", "cancel"]),
        PlanStatus::Approved => {
            if deployer {
                actions.push("deploy");
            }
            if approver {
                actions.push("cancel");
            }
        }
        PlanStatus::Failed if approver => actions.push("cancel"),
        _ => {}
    }
    if deployer
        && deployed
        && plan.checkpoint.is_some()
        && matches!(plan.status, PlanStatus::Completed | PlanStatus::Failed)
    {
        actions.push("rollback");
    }
    actions
}

/// `url` when it is an http(s) address, so a plan's change-control URL becomes a link only
/// then (never a `javascript:` one); anything else is shown as text.
fn web_link(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim())
}

/// Feature by feature, compliance when the plan was made and after its deploy (each stored as
/// a JSON object of feature -> compliant; an unreadable one counts as unknown).
fn compliance_changes(plan: &PlanRecord) -> Vec<ComplianceChange> {
    let read =
        |text: &str| -> BTreeMap<String, bool> { serde_json::from_str(text).unwrap_or_default() };
    let before = read(&plan.compliance_before);
    let after = read(plan.compliance_after.as_deref().unwrap_or_default());
    let features: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    features
        .into_iter()
        .map(|feature| ComplianceChange {
            feature: feature.clone(),
            before: before.get(feature).copied(),
            after: after.get(feature).copied(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(status: PlanStatus) -> PlanRecord {
        PlanRecord {
            id: 1,
            device: "r1".into(),
            plan_type: "manual".into(),
            features: vec![],
            commands: String::new(),
            status,
            change_control_id: String::new(),
            change_control_url: String::new(),
            compliance_job: None,
            created_by: "carol".into(),
            created_at: 0,
            approved_by: None,
            approved_at: None,
            deploy_job: Some(7),
            pre_change: Some("hostname r1\n".into()),
            checkpoint: Some("aurum-1".into()),
            output: String::new(),
            compliance_before: r#"{"ntp": false, "aaa": true}"#.into(),
            compliance_after: Some(r#"{"ntp": true}"#.into()),
            updated_at: 0,
        }
    }

    #[test]
    fn actions_follow_status_permission_and_the_deploy_switch() {
        let mut carol = Principal::default();
        carol.permissions.insert("approve_plan".into());
        assert_eq!(
            actions(&carol, &plan(PlanStatus::NotApproved), true),
            ["approve", "cancel"]
        );
        assert_eq!(
            actions(&carol, &plan(PlanStatus::Approved), true),
            ["cancel"]
        );
        let admin = Principal::owner();
        assert_eq!(
            actions(&admin, &plan(PlanStatus::Approved), true),
            ["deploy", "cancel"]
        );
        assert_eq!(
            actions(&admin, &plan(PlanStatus::Approved), false),
            ["cancel"]
        );
        assert_eq!(
            actions(&admin, &plan(PlanStatus::Completed), true),
            ["rollback"]
        );
        assert!(actions(&admin, &plan(PlanStatus::Completed), false).is_empty());
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(web_link(" https://itsm/CHG-1 "), Some("https://itsm/CHG-1"));
        assert_eq!(web_link("HTTP://itsm/1"), Some("HTTP://itsm/1"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link(""), None);
    }

    #[test]
    fn compliance_before_and_after_are_joined_by_feature() {
        let changes = compliance_changes(&plan(PlanStatus::Completed));
        let rows: Vec<_> = changes
            .iter()
            .map(|c| (c.feature.as_str(), c.before, c.after))
            .collect();
        assert_eq!(
            rows,
            [("aaa", Some(true), None), ("ntp", Some(false), Some(true))]
        );
    }
}
