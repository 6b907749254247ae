//! `components.schemas`: the JSON shapes the handlers read and write, field for field as the
//! serde derives of their types produce them (`additionalProperties: false` where the type
//! refuses unknown fields). The types live in the inventory, store and services crates, which
//! stay free of OpenAPI; each shape is described here and named by a marker type that the
//! handlers' `#[utoipa::path]` attributes refer to (`body = schemas::Device`), so a handler
//! cannot name a shape that is not described. The schemathesis check (`tests/openapi.rs`)
//! validates every response it gets against these, so a field renamed in a type fails CI.

use serde_json::{Map, Value, json};

use super::common::FILTER_FIELDS;

mod inventory;
mod plans;
mod rules;
mod service;

use inventory::{
    credential_ref, device, location, named_object, patch_of, platform, saved_filter,
    secrets_group, secrets_group_view,
};
use plans::{create_plans, created_plans, deploy, deploy_report, plan, rollback_report};
use rules::properties_view;
use service::{graphql_request, graphql_response, health, readiness};

/// One marker type per component: `ToSchema` names it, `PartialSchema` gives its shape.
macro_rules! components {
    ($($name:ident => $shape:expr,)*) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` component.")]
            #[allow(dead_code, reason = "some are named only by other shapes' references")]
            pub(crate) struct $name;

            impl utoipa::PartialSchema for $name {
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                    described(stringify!($name), $shape)
                }
            }

            impl utoipa::ToSchema for $name {
                fn name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(stringify!($name))
                }
            }
        )*

        /// Every component, for the document (shapes refer to each other by name, so all
        /// are listed, not only those a handler names) and for the tests.
        pub(super) fn all() -> Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)> {
            vec![$((stringify!($name).to_string(), described(stringify!($name), $shape)),)*]
        }

        /// Every component as written here, before utoipa's types hold it.
        #[cfg(test)]
        pub(super) fn written() -> Vec<(&'static str, Value)> {
            vec![$((stringify!($name), $shape),)*]
        }
    };
}

/// One marker per NetBox page of a component, its envelope from `common::page_of`.
macro_rules! pages {
    ($($name:ident => $item:ident,)*) => {
        $(
            #[doc = concat!("A page of `", stringify!($item), "`.")]
            pub(crate) struct $name;

            impl utoipa::PartialSchema for $name {
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                    super::common::page_of(stringify!($item))
                }
            }

            impl utoipa::ToSchema for $name {
                fn name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(stringify!($name))
                }
            }
        )*
    };
}

pages! {
    DevicePage => Device,
    PlatformPage => Platform,
    LocationPage => Location,
    NamedObjectPage => NamedObject,
    SecretsGroupViewPage => SecretsGroupView,
    SavedFilterPage => SavedFilter,
    CommandDefPage => CommandDef,
    CommandLogEntryPage => CommandLogEntry,
    JobRecordPage => JobRecord,
    PlanPage => Plan,
}

/// A shape in utoipa's types. Every shape here is one utoipa can hold (the test below
/// round-trips each), so a failure is a mistake in this file.
fn described(name: &str, shape: Value) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    serde_json::from_value(shape)
        .unwrap_or_else(|e| panic!("the `{name}` schema is not one utoipa can hold: {e}"))
}

components! {
    Error => error(),
    DeviceFilter => device_filter(),
    Device => device(),
    DevicePatch => patch_of(device()),
    CredentialRef => credential_ref(),
    Platform => platform(),
    PlatformPatch => patch_of(platform()),
    Location => location(),
    LocationPatch => patch_of(location()),
    NamedObject => named_object(),
    NamedObjectPatch => patch_of(named_object()),
    SecretsGroup => secrets_group(),
    SecretsGroupPatch => patch_of(secrets_group()),
    SecretsGroupView => secrets_group_view(),
    SavedFilter => saved_filter(),
    SavedFilterPatch => patch_of(saved_filter()),
    CommandDef => command_def(),
    CommandLogEntry => command_log_entry(),
    CommandStats => command_stats(),
    PivotPage => pivot_page(),
    VersionSummary => version_summary(),
    ConfigVersion => config_version(),
    VersionDiff => version_diff(),
    ComplianceRow => compliance_row(),
    Rendered => rendered(),
    Postprocessed => postprocessed(),
    StartJob => start_job(),
    JobStarted => job_started(),
    JobRecord => job_record(),
    JobEvent => job_event(),
    SettingView => setting_view(),
    PropertiesView => properties_view(),
    RunCommand => command_body(true),
    BulkCommand => command_body(false),
    RunOutcome => run_outcome(),
    BulkResults => bulk_results(),
    CreatePlans => create_plans(),
    CreatedPlans => created_plans(),
    Plan => plan(),
    Deploy => deploy(),
    DeployReport => deploy_report(),
    RollbackReport => rollback_report(),
    ProvisionRequest => provision_request(),
    ProvisionedToken => provisioned_token(),
    ConfigKind => json!({ "type": "string", "enum": ["backup", "intended"] }),
    OpenApiDocument => json!({ "type": "object", "description": "OpenAPI 3.1, JSON." }),
    Health => health(),
    Readiness => readiness(),
    GraphqlRequest => graphql_request(),
    GraphqlResponse => graphql_response(),
}

/// A server-sent event of a job's progress.
fn job_event() -> Value {
    json!({
        "type": "object",
        "required": ["event", "data"],
        "properties": {
            "event": { "type": "string", "enum": ["device", "end"] },
            "data": { "type": "string" },
        },
    })
}

/// A reference to the component schema `name`.
fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An array of `items`.
fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// A `kind` or JSON `null` (OpenAPI 3.1 spells nullable as a type list).
fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
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
    let mut shape = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        shape["required"] = json!(required);
    }
    shape
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
            (
                "id",
                json!({ "type": "integer", "description": "The entry's number: `GET /log/{id}/` in the web UI." }),
            ),
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
                json!({ "type": "array", "items": { "type": "object" }, "description": "The TextFSM records, when parsing was asked for." }),
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

#[cfg(test)]
mod tests {
    /// utoipa's types hold every shape as written: nothing dropped, nothing added.
    #[test]
    fn every_shape_survives_utoipas_types() {
        let changed: Vec<String> = super::written()
            .into_iter()
            .filter_map(|(name, shape)| {
                let held = std::panic::catch_unwind(|| super::described(name, shape.clone()))
                    .map(|held| serde_json::to_value(held).unwrap());
                match held {
                    Ok(held) if held == shape => None,
                    Ok(held) => Some(format!("{name}: written {shape}\n  held {held}")),
                    Err(_) => Some(format!("{name}: not held")),
                }
            })
            .collect();
        assert!(changed.is_empty(), "{}", changed.join("\n"));
    }
}
