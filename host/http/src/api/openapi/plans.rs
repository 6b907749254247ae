//! The config plans' paths: create, list, show, approve, cancel, roll back, deploy.

use serde_json::{Value, json};

use super::common::{Op, array, path_param, query_param, schema};

fn plan_param() -> Value {
    path_param("id", json!({ "type": "integer" }), "The plan's id.")
}

/// One `POST /api/plans/{id}/ACTION` path.
fn action(action: &str, summary: &str, reply: Value, errors: &[u16]) -> (String, Value) {
    (
        format!("/api/plans/{{id}}/{action}/"),
        json!({
            "parameters": [plan_param()],
            "post": Op::new("plans", &format!("plans_{action}"), summary)
                .reply(200, "Done.", reply)
                .errors(errors)
                .build(),
        }),
    )
}

pub(super) fn paths() -> Vec<(String, Value)> {
    let statuses = json!({ "type": "string", "enum": ["not_approved", "approved", "in_progress", "completed", "failed", "cancelled"] });
    vec![
        (
            "/api/plans/".to_string(),
            json!({
                "get": Op::new("plans", "plans_list", "Config plans, newest first")
                    .describe("Needs `view_config`.")
                    .params([query_param("status", statuses, "Only plans in this status.")])
                    .reply(200, "The plans.", array(schema("Plan")))
                    .errors(&[400, 403, 404])
                    .build(),
                "post": Op::new("plans", "plans_create", "Make plans")
                    .describe("One plan per device of the filter or selection that has something to change.")
                    .body(schema("CreatePlans"))
                    .reply(201, "The plans made and the devices skipped.", schema("CreatedPlans"))
                    .errors(&[400, 403, 404, 409, 413])
                    .build(),
            }),
        ),
        (
            "/api/plans/{id}/".to_string(),
            json!({
                "parameters": [plan_param()],
                "get": Op::new("plans", "plans_show", "One plan")
                    .reply(200, "The plan.", schema("Plan"))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        action(
            "approve",
            "Approve a plan (`approve_plan`)",
            schema("Plan"),
            &[400, 403, 404, 409],
        ),
        action(
            "cancel",
            "Cancel a plan (`approve_plan`)",
            schema("Plan"),
            &[400, 403, 404, 409],
        ),
        action(
            "rollback",
            "Restore the device's pre-change configuration (`deploy`)",
            schema("RollbackReport"),
            &[400, 403, 404, 409],
        ),
        (
            "/api/deploy/".to_string(),
            json!({
                "post": Op::new("plans", "deploy", "Deploy approved plans")
                    .describe("One task per device, line by line, then backup and compliance again; needs `deploy`.")
                    .body(schema("Deploy"))
                    .reply(200, "What the deploy job did.", schema("DeployReport"))
                    .errors(&[400, 403, 404, 409, 413])
                    .build(),
            }),
        ),
    ]
}
