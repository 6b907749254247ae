//! The inventory's paths: devices and the kinds devices point at, each with list, show,
//! create, replace, patch and delete.

use serde_json::{Value, json};

use aurum_inventory::ObjectKind;

use super::common::{Op, device_filter_params, list_params, paginated, path_param, schema};
use crate::api::objects::KINDS;

fn name_param(what: &str) -> Value {
    path_param(
        "name",
        json!({ "type": "string" }),
        &format!("The {what}'s name."),
    )
}

pub(super) fn paths() -> Vec<(String, Value)> {
    let mut paths = vec![
        (
            "/api/devices/".to_string(),
            json!({
                "get": Op::new("inventory", "devices_list", "List devices")
                    .describe("Field filters (`?role=leaf,spine&location=ams1`), `q=` on names, NetBox pages. Devices outside the user's `view_device` grants are left out.")
                    .params(list_params())
                    .params(device_filter_params())
                    .reply(200, "One page of devices.", paginated(schema("Device")))
                    .errors(&[400, 403])
                    .build(),
                "post": Op::new("inventory", "devices_create", "Create a device")
                    .describe("Validated as an import is; needs `add_device`.")
                    .body(schema("Device"))
                    .reply(201, "The device as stored.", schema("Device"))
                    .errors(&[400, 403, 409, 413])
                    .build(),
            }),
        ),
        (
            "/api/devices/{name}/".to_string(),
            json!({
                "parameters": [name_param("device")],
                "get": Op::new("inventory", "devices_show", "Show a device")
                    .reply(200, "The device.", schema("Device"))
                    .errors(&[403, 404])
                    .build(),
                "put": Op::new("inventory", "devices_update", "Replace a device")
                    .describe("The whole device, validated as an import is; it keeps its name (a body naming another device is a 400). Needs `change_device` on it, before and after.")
                    .body(schema("Device"))
                    .reply(200, "The device as stored.", schema("Device"))
                    .errors(&[400, 403, 404, 409, 413])
                    .build(),
                "patch": Op::new("inventory", "devices_patch", "Change some fields of a device")
                    .describe("A JSON merge patch (RFC 7396) over the stored device: the fields given replace the stored ones, `null` removes one. Checked as `PUT` is.")
                    .body(schema("DevicePatch"))
                    .reply(200, "The device as stored.", schema("Device"))
                    .errors(&[400, 403, 404, 409, 413])
                    .build(),
                "delete": Op::new("inventory", "devices_delete", "Delete a device")
                    .empty(204, "Deleted.")
                    .errors(&[403, 404, 409])
                    .build(),
            }),
        ),
    ];
    for (segment, kind) in KINDS {
        paths.extend(kind_paths(segment, kind));
    }
    paths
}

/// The component schemas of a kind: what a client sends, and what it gets back.
pub(super) fn kind_schemas(kind: ObjectKind) -> (&'static str, &'static str) {
    match kind {
        ObjectKind::Platform => ("Platform", "Platform"),
        ObjectKind::Location => ("Location", "Location"),
        ObjectKind::Role | ObjectKind::Tenant | ObjectKind::Tag => ("NamedObject", "NamedObject"),
        ObjectKind::SecretsGroup => ("SecretsGroup", "SecretsGroupView"),
        ObjectKind::SavedFilter => ("SavedFilter", "SavedFilter"),
    }
}

fn kind_paths(segment: &str, kind: ObjectKind) -> Vec<(String, Value)> {
    let label = kind.label();
    let id = segment.replace('-', "_");
    let (input, view) = kind_schemas(kind);
    let object = label.replace(' ', "");
    let in_use = match kind {
        ObjectKind::Location => "devices, child locations or VLANs",
        ObjectKind::SavedFilter => "grants (`PERM:FILTER`) or golden-config settings' `scope`",
        _ => "devices",
    };
    vec![
        (
            format!("/api/{segment}/"),
            json!({
                "get": Op::new("inventory", &format!("{id}_list"), &format!("List {segment}"))
                    .describe(&format!("`q=` on name and description, NetBox pages; needs `view_{object}`."))
                    .params(list_params())
                    .reply(200, "One page.", paginated(schema(view)))
                    .errors(&[400, 403])
                    .build(),
                "post": Op::new("inventory", &format!("{id}_create"), &format!("Create a {label}"))
                    .describe(&format!("Validated as an import is (a bad field is a 400 naming it); a name that exists is a 409. Needs `add_{object}`."))
                    .body(schema(input))
                    .reply(201, "As stored.", schema(view))
                    .errors(&[400, 403, 409, 413])
                    .build(),
            }),
        ),
        (
            format!("/api/{segment}/{{name}}/"),
            json!({
                "parameters": [name_param(label)],
                "get": Op::new("inventory", &format!("{id}_show"), &format!("Show a {label}"))
                    .reply(200, "The object.", schema(view))
                    .errors(&[403, 404])
                    .build(),
                "put": Op::new("inventory", &format!("{id}_update"), &format!("Replace a {label}"))
                    .describe(&format!("The whole object; it keeps its name (`name` may be left out). One synced from a source of truth is a 409: change it there. Needs `change_{object}`."))
                    .body(schema(input))
                    .reply(200, "As stored.", schema(view))
                    .errors(&[400, 403, 404, 409, 413])
                    .build(),
                "patch": Op::new("inventory", &format!("{id}_patch"), &format!("Change some fields of a {label}"))
                    .describe(&format!("A JSON merge patch (RFC 7396) over the stored object: the fields given replace the stored ones, `null` removes one. Needs `change_{object}`."))
                    .body(schema(&format!("{input}Patch")))
                    .reply(200, "As stored.", schema(view))
                    .errors(&[400, 403, 404, 409, 413])
                    .build(),
                "delete": Op::new("inventory", &format!("{id}_delete"), &format!("Delete a {label}"))
                    .describe(&format!("Refused (409, naming them) while {in_use} refer to it, or when a source of truth manages it. Needs `delete_{object}`."))
                    .empty(204, "Deleted.")
                    .errors(&[403, 404, 409])
                    .build(),
            }),
        ),
    ]
}
