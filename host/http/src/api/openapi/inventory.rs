//! The inventory's paths: devices (CRUD) and the read-only kinds devices point at.

use serde_json::{Value, json};

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
                    .describe("The whole device; a new `name` renames it. Needs `change_device` on it.")
                    .body(schema("Device"))
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
        let label = kind.label();
        let id = segment.replace('-', "_");
        paths.push((
            format!("/api/{segment}/"),
            json!({
                "get": Op::new("inventory", &format!("{id}_list"), &format!("List {segment}"))
                    .describe(&format!("`q=` on name and description, NetBox pages; needs `view_` on {label}s."))
                    .params(list_params())
                    .reply(200, "One page.", paginated(schema("InventoryObject")))
                    .errors(&[400, 403])
                    .build(),
            }),
        ));
        paths.push((
            format!("/api/{segment}/{{name}}/"),
            json!({
                "parameters": [name_param(label)],
                "get": Op::new("inventory", &format!("{id}_show"), &format!("Show a {label}"))
                    .reply(200, "The object.", schema("InventoryObject"))
                    .errors(&[403, 404])
                    .build(),
            }),
        ));
    }
    paths
}
