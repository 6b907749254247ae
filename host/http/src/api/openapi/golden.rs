//! Golden-config paths: a device's config versions, diff, compliance, render preview and
//! postprocessed config; the compliance pivot; jobs; settings.

use serde_json::{Value, json};

use super::common::{Op, array, device_filter_params, list_params, path_param, schema};

fn device_param() -> Value {
    path_param("name", json!({ "type": "string" }), "The device's name.")
}

fn kind_param() -> Value {
    path_param(
        "kind",
        json!({ "type": "string", "enum": ["backup", "intended"] }),
        "Which configuration.",
    )
}

fn version_number() -> Value {
    json!({ "type": "integer", "minimum": 1 })
}

fn job_param() -> Value {
    path_param("id", json!({ "type": "integer" }), "The job's id.")
}

pub(super) fn paths() -> Vec<(String, Value)> {
    let paths: Vec<(&str, Value)> = vec![
        (
            "/api/devices/{name}/configs/{kind}/",
            json!({
                "parameters": [device_param(), kind_param()],
                "get": Op::new("golden", "configs_versions", "A device's config versions")
                    .describe("Oldest first, without their text; needs `view_config` on the device.")
                    .reply(200, "The versions.", array(schema("VersionSummary")))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/devices/{name}/configs/{kind}/diff/",
            json!({
                "parameters": [device_param(), kind_param()],
                "get": Op::new("golden", "configs_diff", "Diff two config versions")
                    .params([
                        json!({ "name": "from", "in": "query", "required": true, "schema": version_number() }),
                        json!({ "name": "to", "in": "query", "required": true, "schema": version_number() }),
                    ])
                    .reply(200, "A unified diff.", schema("VersionDiff"))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/devices/{name}/configs/{kind}/{number}/",
            json!({
                "parameters": [
                    device_param(),
                    kind_param(),
                    path_param("number", version_number(), "The version's number, from 1 (oldest)."),
                ],
                "get": Op::new("golden", "configs_version", "One config version, with its text")
                    .reply(200, "The version.", schema("ConfigVersion"))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/devices/{name}/compliance/",
            json!({
                "parameters": [device_param()],
                "get": Op::new("golden", "device_compliance", "A device's compliance per feature")
                    .reply(200, "The last results.", array(schema("ComplianceRow")))
                    .errors(&[403, 404])
                    .build(),
            }),
        ),
        (
            "/api/devices/{name}/intended/preview/",
            json!({
                "parameters": [device_param()],
                "get": Op::new("golden", "intended_preview", "Render a device's intended config now")
                    .describe("Stores nothing; the diff is to the stored intended config.")
                    .reply(200, "The render.", schema("Rendered"))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/devices/{name}/postprocessing/",
            json!({
                "parameters": [device_param()],
                "get": Op::new("golden", "postprocessing", "A device's intended config through [postprocessing]")
                    .describe("The one response carrying secret values (`Cache-Control: no-store`): needs `view_config` on the device and `view_secrets`.")
                    .reply(200, "The postprocessed config.", schema("Postprocessed"))
                    .errors(&[403, 404, 422])
                    .build(),
            }),
        ),
        (
            "/api/compliance/pivot/",
            json!({
                "get": Op::new("golden", "compliance_pivot", "Devices × features")
                    .describe("One page of devices (filters and `q=` as for devices), each feature's result, and the feature columns.")
                    .params(list_params())
                    .params(device_filter_params())
                    .reply(200, "One page of the pivot.", schema("PivotPage"))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/jobs/",
            json!({
                "get": Op::new("jobs", "jobs_list", "Recent jobs (the last 100)")
                    .reply(200, "The jobs, newest first.", array(schema("JobRecord")))
                    .errors(&[403])
                    .build(),
                "post": Op::new("jobs", "jobs_start", "Start a job")
                    .describe("backup, intended, compliance or run-all, for a filter or a selection; needs `run_job`, narrowed to the user's grants.")
                    .body(schema("StartJob"))
                    .reply(202, "Started.", schema("JobStarted"))
                    .errors(&[400, 403, 404, 413])
                    .build(),
            }),
        ),
        (
            "/api/jobs/{id}/",
            json!({
                "parameters": [job_param()],
                "get": Op::new("jobs", "jobs_show", "A job's status and per-device results")
                    .reply(200, "The job.", schema("JobRecord"))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/jobs/{id}/events/",
            json!({
                "parameters": [job_param()],
                "get": Op::new("jobs", "jobs_events", "A job's progress as server-sent events")
                    .describe("A `device` event (JSON data) per result of a job this process runs, then `end`.")
                    .reply_as(200, "The event stream.", "text/event-stream", json!({
                        "type": "object",
                        "required": ["event", "data"],
                        "properties": {
                            "event": { "type": "string", "enum": ["device", "end"] },
                            "data": { "type": "string" },
                        },
                    }))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/settings/",
            json!({
                "get": Op::new("golden", "settings", "The golden-config settings in force")
                    .describe("Needs `view_config`; remotes' credentials are never shown.")
                    .reply(200, "The settings.", array(schema("SettingView")))
                    .errors(&[403])
                    .build(),
            }),
        ),
    ];
    paths
        .into_iter()
        .map(|(path, item)| (path.to_string(), item))
        .collect()
}
