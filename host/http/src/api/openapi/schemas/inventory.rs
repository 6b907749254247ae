//! The inventory's shapes: devices, platforms, locations, roles, tenants and tags, secrets
//! groups and saved filters, and the `PATCH` form of each.

use super::*;

pub(super) fn device() -> Value {
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
pub(super) fn patch_of(mut schema: Value) -> Value {
    if let Some(fields) = schema.as_object_mut() {
        fields.remove("required");
    }
    schema
}

/// A credential by reference: exactly one of `env`, `file`, `stored` or (labs, when
/// `[inventory] allow_literal_secrets` is on) `literal`.
pub(super) fn credential_ref() -> Value {
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

pub(super) fn platform() -> Value {
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

pub(super) fn location() -> Value {
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
pub(super) fn named_object() -> Value {
    object(
        &[("name", name()), ("description", string())],
        &["description"],
    )
}

/// A secrets group as a client writes it: credentials by reference.
pub(super) fn secrets_group() -> Value {
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
pub(super) fn secrets_group_view() -> Value {
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

pub(super) fn saved_filter() -> Value {
    object(
        &[
            ("name", name()),
            ("description", string()),
            ("filter", schema("DeviceFilter")),
        ],
        &["description"],
    )
}
