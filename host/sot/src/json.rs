//! Reading fields out of a REST object, with errors that name the object.

use aurum_inventory::SyncedNamed;
use serde_json::Value;

use crate::SotError;

/// A reference's id: `{"id": ..., "url": ...}` at any depth, or a bare id (NetBox's
/// integers, Nautobot's UUIDs), as a string.
pub(crate) fn ref_id(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Object(map) => map.get("id").and_then(scalar_text),
        other => scalar_text(other),
    }
}

/// The ids of a list of references (tags, a VLAN's locations).
pub(crate) fn ref_ids(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|i| ref_id(Some(i))).collect())
        .unwrap_or_default()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The object's own id, which every synced object must have.
pub(crate) fn id(object: &Value, what: &str) -> Result<String, SotError> {
    ref_id(Some(object)).ok_or_else(|| SotError::Object {
        object: format!("{what} {}", describe(object)),
        message: "it has no `id`".to_string(),
    })
}

/// A text field, empty when missing or null.
pub(crate) fn text(object: &Value, field: &str) -> String {
    object
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A short name for an object in an error: its `display`, `name` or `id`.
pub(crate) fn describe(object: &Value) -> String {
    ["display", "name", "id"]
        .iter()
        .find_map(|field| object.get(*field).and_then(scalar_text))
        .map(|name| format!("`{name}`"))
        .unwrap_or_else(|| "(unnamed)".to_string())
}

/// The host part of a device's primary IP (`10.0.0.1/24` -> `10.0.0.1`), IPv4 first: its
/// management address.
pub(crate) fn primary_address(device: &Value) -> Option<String> {
    let address = device
        .get("primary_ip4")
        .or_else(|| device.get("primary_ip6"))
        .and_then(|ip| ip.get("address"))
        .and_then(Value::as_str)?;
    Some(address.split('/').next().unwrap_or(address).to_string())
}

/// The rendered config context (`?include=config_context`), templates' `device.data`.
pub(crate) fn config_context(device: &Value) -> Value {
    match device.get("config_context") {
        Some(context @ Value::Object(_)) => context.clone(),
        _ => Value::Object(Default::default()),
    }
}

/// Roles, tenants, tags and secrets groups: an id, a name and a description each.
pub(crate) fn named(objects: Vec<Value>, what: &str) -> Result<Vec<SyncedNamed>, SotError> {
    objects
        .iter()
        .map(|object| {
            Ok(SyncedNamed {
                id: id(object, what)?,
                name: text(object, "name"),
                description: text(object, "description"),
            })
        })
        .collect()
}
