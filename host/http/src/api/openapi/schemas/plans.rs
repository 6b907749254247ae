//! Config plans' shapes: creating plans, a plan, deploying and rolling back.

use super::*;

pub(super) fn create_plans() -> Value {
    object(
        &[
            (
                "type",
                json!({ "type": "string", "enum": ["intended", "missing", "remediation", "manual"] }),
            ),
            ("devices", strings()),
            ("filter", schema("DeviceFilter")),
            ("features", strings()),
            (
                "template",
                json!({ "type": "string", "description": "A manual plan's template (minijinja, the device's SoT data as context)." }),
            ),
            ("change_control_id", string()),
            ("change_control_url", string()),
        ],
        &[
            "devices",
            "filter",
            "features",
            "template",
            "change_control_id",
            "change_control_url",
        ],
    )
}

pub(super) fn created_plans() -> Value {
    object(
        &[
            ("ids", array(integer())),
            ("skipped", array(pair(string(), string()))),
        ],
        &[],
    )
}

fn plan_status() -> Value {
    json!({ "type": "string", "enum": ["not_approved", "approved", "in_progress", "completed", "failed", "cancelled"] })
}

pub(super) fn plan() -> Value {
    object(
        &[
            ("id", integer()),
            ("device", string()),
            ("plan_type", string()),
            ("features", strings()),
            ("commands", string()),
            ("status", plan_status()),
            ("change_control_id", string()),
            ("change_control_url", string()),
            ("compliance_job", nullable("integer")),
            ("created_by", string()),
            ("created_at", millis()),
            ("approved_by", nullable("string")),
            ("approved_at", nullable_millis()),
            ("deploy_job", nullable("integer")),
            ("pre_change", string()),
            ("checkpoint", nullable("string")),
            ("output", string()),
            ("compliance_before", string()),
            ("compliance_after", nullable("string")),
            ("updated_at", millis()),
        ],
        &["pre_change"],
    )
}

pub(super) fn deploy() -> Value {
    object(
        &[
            ("plans", array(integer())),
            ("filter", schema("DeviceFilter")),
            ("fail_job_on_device_failure", boolean()),
        ],
        &["filter", "fail_job_on_device_failure"],
    )
}

pub(super) fn deploy_report() -> Value {
    let device = object(
        &[
            ("device", string()),
            ("sent", array(integer())),
            ("not_sent", array(pair(integer(), string()))),
            ("status", plan_status()),
            ("note", string()),
        ],
        &[],
    );
    object(
        &[
            ("job", integer()),
            (
                "status",
                json!({ "type": "string", "enum": ["running", "succeeded", "partial", "failed"] }),
            ),
            ("devices", array(device)),
            ("recheck", string()),
        ],
        &[],
    )
}

pub(super) fn rollback_report() -> Value {
    object(
        &[
            ("plan", integer()),
            ("device", string()),
            ("restored", boolean()),
            ("output", string()),
            ("recheck", string()),
        ],
        &[],
    )
}
