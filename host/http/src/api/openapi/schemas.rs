//! `components.schemas`: the JSON shapes the handlers read and write, field for field as the
//! serde derives of their types produce them (`additionalProperties: false` where the type
//! refuses unknown fields). The schemathesis check (`tests/openapi.rs`) validates every
//! response it gets against these, so a field renamed in a type fails CI.

use serde_json::{Map, Value, json};

use super::common::{FILTER_FIELDS, array, nullable, schema};

/// Every component schema by name.
pub(super) fn all() -> Value {
    let schemas: Vec<(&str, Value)> = vec![
        ("Error", error()),
        ("DeviceFilter", device_filter()),
        ("Device", device()),
        ("DevicePatch", patch_of(device())),
        ("CredentialRef", credential_ref()),
        ("Platform", platform()),
        ("PlatformPatch", patch_of(platform())),
        ("Location", location()),
        ("LocationPatch", patch_of(location())),
        ("NamedObject", named_object()),
        ("NamedObjectPatch", patch_of(named_object())),
        ("SecretsGroup", secrets_group()),
        ("SecretsGroupPatch", patch_of(secrets_group())),
        ("SecretsGroupView", secrets_group_view()),
        ("SavedFilter", saved_filter()),
        ("SavedFilterPatch", patch_of(saved_filter())),
        ("CommandDef", command_def()),
        ("CommandLogEntry", command_log_entry()),
        ("CommandStats", command_stats()),
        ("PivotPage", pivot_page()),
        ("VersionSummary", version_summary()),
        ("ConfigVersion", config_version()),
        ("VersionDiff", version_diff()),
        ("ComplianceRow", compliance_row()),
        ("Rendered", rendered()),
        ("Postprocessed", postprocessed()),
        ("StartJob", start_job()),
        ("JobStarted", job_started()),
        ("JobRecord", job_record()),
        ("SettingView", setting_view()),
        ("RunCommand", command_body(true)),
        ("BulkCommand", command_body(false)),
        ("RunOutcome", run_outcome()),
        ("BulkResults", bulk_results()),
        ("CreatePlans", create_plans()),
        ("CreatedPlans", created_plans()),
        ("Plan", plan()),
        ("Deploy", deploy()),
        ("DeployReport", deploy_report()),
        ("RollbackReport", rollback_report()),
        ("ProvisionRequest", provision_request()),
        ("ProvisionedToken", provisioned_token()),
    ];
    Value::Object(
        schemas
            .into_iter()
            .map(|(name, schema)| (name.to_string(), schema))
            .collect::<Map<_, _>>(),
    )
}

/// An object with these `(name, schema)` properties, all of them required unless listed in
/// `optional`, and no others.
fn object(properties: &[(&str, Value)], optional: &[&str]) -> Value {
    let required: Vec<&str> = properties
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !optional.contains(name))
        .collect();
    let properties: Map<String, Value> = properties
        .iter()
        .map(|(name, schema)| (name.to_string(), schema.clone()))
        .collect();
    json!({
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    })
}

/// An object's name: not empty. That it has no space at either end is said, not a pattern:
/// Python's idea of a space (schemathesis) is not Rust's, and names of objects a device's
/// import created are answered too.
fn name() -> Value {
    json!({
        "type": "string",
        "minLength": 1,
        "description": "Unique among its kind; no space at either end (refused with a 400).",
    })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn integer() -> Value {
    json!({ "type": "integer" })
}

fn boolean() -> Value {
    json!({ "type": "boolean" })
}

fn strings() -> Value {
    array(string())
}

/// Epoch milliseconds.
fn millis() -> Value {
    json!({ "type": "integer", "description": "Unix epoch milliseconds." })
}

fn nullable_millis() -> Value {
    json!({ "type": ["integer", "null"], "description": "Unix epoch milliseconds." })
}

/// A `[first, second]` pair, as serde writes a Rust tuple. Each item may be either type:
/// schemathesis' validator refuses 3.1's `prefixItems` in response schemas.
fn pair(first: Value, second: Value) -> Value {
    let types = match first["type"] == second["type"] {
        true => first["type"].clone(),
        false => json!([first["type"], second["type"]]),
    };
    json!({ "type": "array", "items": { "type": types }, "minItems": 2, "maxItems": 2 })
}

fn error() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": { "type": "string", "description": "What went wrong and what to do about it." } },
        "additionalProperties": false,
    })
}

fn device_filter() -> Value {
    let fields: Vec<(&str, Value)> = FILTER_FIELDS
        .iter()
        .map(|field| (*field, strings()))
        .collect();
    let mut filter = object(&fields, &FILTER_FIELDS);
    filter["description"] = json!(
        "Every listed field must match; within a field any value may. Names take `*` wildcards; an empty filter selects every device."
    );
    filter
}

fn device() -> Value {
    let statuses: Vec<&str> = aurum_inventory::DeviceStatus::ALL
        .iter()
        .map(|status| status.as_str())
        .collect();
    object(
        &[
            ("name", name()),
            (
                "address",
                json!({ "type": "string", "description": "An IP address or a DNS name." }),
            ),
            (
                "port",
                json!({ "type": "integer", "minimum": 1, "maximum": 65535, "default": 22 }),
            ),
            ("platform", string()),
            ("location", string()),
            ("role", string()),
            ("tenant", string()),
            ("tags", strings()),
            (
                "status",
                json!({ "type": "string", "enum": statuses, "default": "active" }),
            ),
            ("secrets_group", string()),
            (
                "data",
                json!({ "type": "object", "description": "Free-form source-of-truth data, `device.data` in templates." }),
            ),
        ],
        &[
            "address",
            "port",
            "platform",
            "location",
            "role",
            "tenant",
            "tags",
            "status",
            "secrets_group",
            "data",
        ],
    )
}

/// The same object with every field optional: the body of a `PATCH` (a JSON merge patch,
/// whose `null` removes a field).
fn patch_of(mut schema: Value) -> Value {
    if let Some(fields) = schema.as_object_mut() {
        fields.remove("required");
    }
    schema
}

/// A credential by reference: exactly one of `env`, `file`, `stored` or (labs, when
/// `[inventory] allow_literal_secrets` is on) `literal`.
fn credential_ref() -> Value {
    let mut reference = object(
        &[
            ("env", string()),
            ("file", string()),
            ("stored", string()),
            ("literal", string()),
        ],
        &["env", "file", "stored", "literal"],
    );
    reference["minProperties"] = json!(1);
    reference["maxProperties"] = json!(1);
    reference["description"] = json!(
        "Where the credential lives: an environment variable, a file, a secret stored with `aurum secrets set`, or (labs only) the value itself."
    );
    reference
}

fn platform() -> Value {
    object(
        &[
            ("name", name()),
            (
                "driver",
                json!({ "type": "string", "minLength": 1, "description": "The driver plugin's registered name." }),
            ),
            (
                "network_os",
                json!({ "type": "string", "description": "The dialect configs are parsed as; empty: the driver's." }),
            ),
            ("description", string()),
        ],
        &["network_os", "description"],
    )
}

fn location() -> Value {
    object(
        &[
            ("name", name()),
            (
                "parent",
                json!({ "type": "string", "description": "The location this one is inside; it must exist." }),
            ),
            ("description", string()),
        ],
        &["parent", "description"],
    )
}

/// Roles, tenants and tags.
fn named_object() -> Value {
    object(
        &[("name", name()), ("description", string())],
        &["description"],
    )
}

/// A secrets group as a client writes it: credentials by reference.
fn secrets_group() -> Value {
    let reference = schema("CredentialRef");
    object(
        &[
            ("name", name()),
            ("username", reference.clone()),
            ("password", reference.clone()),
            ("enable_secret", reference.clone()),
            ("private_key", reference.clone()),
            (
                "secrets",
                json!({ "type": "object", "additionalProperties": reference, "description": "Further secrets by key, for templates (`render_secrets`)." }),
            ),
        ],
        &[
            "username",
            "password",
            "enable_secret",
            "private_key",
            "secrets",
        ],
    )
}

/// A secrets group as the API answers it: which credentials it has, never a reference.
fn secrets_group_view() -> Value {
    object(
        &[
            ("name", string()),
            ("has_username", boolean()),
            ("has_password", boolean()),
            ("has_enable_secret", boolean()),
            ("has_private_key", boolean()),
            ("secrets", strings()),
        ],
        &[],
    )
}

fn saved_filter() -> Value {
    object(
        &[
            ("name", name()),
            ("description", string()),
            ("filter", schema("DeviceFilter")),
        ],
        &["description"],
    )
}

fn command_def() -> Value {
    let variable = object(
        &[
            ("name", string()),
            (
                "kind",
                json!({ "type": "string", "enum": ["text", "interface", "vlan", "ip"] }),
            ),
            ("description", string()),
        ],
        &["description"],
    );
    object(
        &[
            ("name", string()),
            ("command", string()),
            ("kind", command_kind()),
            ("platforms", strings()),
            ("variables", array(variable)),
            ("description", string()),
        ],
        &["platforms", "variables", "description"],
    )
}

fn command_kind() -> Value {
    json!({ "type": "string", "enum": ["show", "config"] })
}

fn command_log_entry() -> Value {
    object(
        &[
            ("at", millis()),
            ("username", string()),
            ("device", string()),
            ("command", string()),
            ("kind", string()),
            ("driver", string()),
            ("transport", string()),
            ("success", boolean()),
            ("output", string()),
            ("error", string()),
            ("duration_ms", integer()),
        ],
        &[],
    )
}

fn command_stats() -> Value {
    object(
        &[
            ("total", integer()),
            ("succeeded", integer()),
            ("failed", integer()),
            ("devices", integer()),
            ("users", integer()),
            ("top_commands", array(pair(string(), integer()))),
        ],
        &[],
    )
}

fn pivot_page() -> Value {
    let row = object(
        &[
            ("device", string()),
            (
                "features",
                json!({ "type": "object", "additionalProperties": { "type": "boolean" } }),
            ),
            ("compliant", integer()),
            ("non_compliant", integer()),
        ],
        &[],
    );
    object(
        &[
            ("features", strings()),
            ("count", integer()),
            ("next", nullable("string")),
            ("previous", nullable("string")),
            ("results", array(row)),
        ],
        &[],
    )
}

fn version_summary() -> Value {
    object(
        &[
            ("number", json!({ "type": "integer", "minimum": 1 })),
            ("digest", string()),
            ("valid_from", millis()),
            ("valid_until", nullable_millis()),
            ("job_id", nullable("integer")),
        ],
        &[],
    )
}

fn config_version() -> Value {
    object(
        &[
            ("device", string()),
            ("config", string()),
            ("digest", string()),
            ("valid_from", millis()),
            ("valid_until", nullable_millis()),
            ("job_id", nullable("integer")),
        ],
        &[],
    )
}

fn version_diff() -> Value {
    object(
        &[
            ("device", string()),
            ("from", integer()),
            ("to", integer()),
            ("diff", string()),
        ],
        &[],
    )
}

fn compliance_row() -> Value {
    let text = ["missing", "extra", "actual", "intended", "remediation"];
    let mut properties = vec![
        ("device", string()),
        ("feature", string()),
        ("platform", string()),
        ("compliant", boolean()),
        ("ordered", boolean()),
    ];
    properties.extend(text.iter().map(|name| (*name, string())));
    object(&properties, &[])
}

fn rendered() -> Value {
    object(
        &[
            ("device", string()),
            ("config", string()),
            ("diff", string()),
        ],
        &[],
    )
}

fn postprocessed() -> Value {
    object(
        &[
            ("device", string()),
            ("steps", strings()),
            ("config", string()),
        ],
        &[],
    )
}

fn start_job() -> Value {
    object(
        &[
            (
                "kind",
                json!({ "type": "string", "enum": ["backup", "intended", "compliance", "run-all"] }),
            ),
            ("filter", schema("DeviceFilter")),
            (
                "devices",
                json!({ "type": "array", "items": { "type": "string" }, "description": "Devices by name, added to the filter's names." }),
            ),
            ("setting", string()),
        ],
        &["filter", "devices", "setting"],
    )
}

fn job_started() -> Value {
    object(
        &[
            ("job", integer()),
            ("kind", string()),
            (
                "status",
                json!({ "type": "string", "description": "The job's status path." }),
            ),
            (
                "events",
                json!({ "type": "string", "description": "The job's progress stream." }),
            ),
        ],
        &[],
    )
}

fn job_record() -> Value {
    let outcome = object(
        &[
            ("device", string()),
            (
                "status",
                json!({ "type": "string", "enum": ["pending", "ok", "unchanged", "failed", "compliant", "non-compliant"] }),
            ),
            ("changed", boolean()),
            ("error", string()),
        ],
        &[],
    );
    object(
        &[
            ("id", integer()),
            ("kind", string()),
            ("scope", string()),
            ("started_by", string()),
            (
                "status",
                json!({ "type": "string", "enum": ["running", "succeeded", "partial", "failed"] }),
            ),
            ("started_at", millis()),
            ("finished_at", nullable_millis()),
            ("summary", string()),
            ("commits", strings()),
            ("devices", array(outcome)),
        ],
        &[],
    )
}

/// A `[golden.settings.NAME]` as configured, its remotes' credentials left out.
fn setting_view() -> Value {
    json!({
        "type": "object",
        "required": ["name", "weight", "has_backup_remote", "has_intended_remote", "has_templates_repo"],
        "properties": {
            "name": { "type": "string" },
            "weight": { "type": "integer" },
            "scope": { "type": "string" },
            "has_backup_remote": { "type": "boolean" },
            "has_intended_remote": { "type": "boolean" },
            "has_templates_repo": { "type": "boolean" },
        },
        "additionalProperties": true,
    })
}

/// What to run: free text (`command`, with `kind`) or a saved command (`saved`, with
/// `variables`), on one `device` or on the devices of a `filter`.
fn command_body(one_device: bool) -> Value {
    let mut properties = vec![
        (
            "command",
            json!({ "type": "string", "description": "Free text; or give `saved`." }),
        ),
        ("kind", command_kind()),
        (
            "saved",
            json!({ "type": "string", "description": "A saved command's name; or give `command`." }),
        ),
        (
            "variables",
            json!({ "type": "object", "additionalProperties": { "type": "string" } }),
        ),
        (
            "parse",
            json!({ "type": "boolean", "description": "Add the TextFSM records as `parsed`." }),
        ),
    ];
    let mut optional = vec!["command", "kind", "saved", "variables", "parse"];
    match one_device {
        true => properties.insert(0, ("device", string())),
        false => {
            properties.insert(0, ("filter", schema("DeviceFilter")));
            optional.push("filter");
        }
    }
    object(&properties, &optional)
}

fn run_outcome() -> Value {
    object(
        &[
            ("device", string()),
            ("platform", string()),
            ("command", string()),
            ("kind", string()),
            ("driver", string()),
            ("transport", string()),
            ("success", boolean()),
            ("output", string()),
            (
                "parsed",
                json!({ "description": "The TextFSM records, when parsing was asked for." }),
            ),
            (
                "unparsed",
                json!({ "type": "string", "description": "Why there are no records although parsing was asked for." }),
            ),
            ("error", string()),
            (
                "guidance",
                json!({ "type": "string", "description": "What to do about the error." }),
            ),
            (
                "duration",
                json!({ "type": "integer", "minimum": 0, "description": "Milliseconds." }),
            ),
        ],
        &["parsed", "unparsed", "error", "guidance"],
    )
}

fn bulk_results() -> Value {
    let device = object(
        &[
            ("device", string()),
            ("outcome", schema("RunOutcome")),
            ("error", string()),
            (
                "retry_after_secs",
                json!({ "type": "integer", "minimum": 0 }),
            ),
        ],
        &["outcome", "error", "retry_after_secs"],
    );
    object(&[("count", integer()), ("results", array(device))], &[])
}

fn create_plans() -> Value {
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

fn created_plans() -> Value {
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

fn plan() -> Value {
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

fn deploy() -> Value {
    object(
        &[
            ("plans", array(integer())),
            ("filter", schema("DeviceFilter")),
            ("fail_job_on_device_failure", boolean()),
        ],
        &["filter", "fail_job_on_device_failure"],
    )
}

fn deploy_report() -> Value {
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

fn rollback_report() -> Value {
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

fn provision_request() -> Value {
    object(
        &[
            ("username", string()),
            ("password", string()),
            ("expires_days", json!({ "type": "integer", "minimum": 0 })),
        ],
        &["expires_days"],
    )
}

fn provisioned_token() -> Value {
    object(
        &[
            ("username", string()),
            ("token", string()),
            ("prefix", string()),
            ("expires_at", nullable_millis()),
        ],
        &[],
    )
}
