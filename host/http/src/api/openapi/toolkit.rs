//! The toolkit's paths: saved commands, the command log (page, statistics, export), and
//! running a command on one device or in bulk.

use serde_json::{Value, json};

use super::common::{Op, array, list_params, paginated, query_param, schema};

/// The command log's filters (`commands.rs`).
fn log_filters() -> Vec<Value> {
    vec![
        query_param(
            "device",
            json!({ "type": "string" }),
            "Only this device's entries.",
        ),
        query_param(
            "username",
            json!({ "type": "string" }),
            "Only this user's entries.",
        ),
        query_param(
            "since",
            json!({ "type": "integer" }),
            "Only entries at or after this time, in Unix epoch milliseconds.",
        ),
    ]
}

pub(super) fn paths() -> Vec<(String, Value)> {
    let paths: Vec<(&str, Value)> = vec![
        (
            "/api/commands/",
            json!({
                "get": Op::new("toolkit", "commands_list", "Saved commands")
                    .describe("`q=` on name and command text, NetBox pages; needs `view_command`.")
                    .params(list_params())
                    .reply(200, "One page.", paginated(schema("CommandDef")))
                    .errors(&[400, 403, 404])
                    .build(),
            }),
        ),
        (
            "/api/command-log/",
            json!({
                "get": Op::new("toolkit", "command_log", "The command log, newest first")
                    .describe("Every command sent (or refused), secrets masked; needs `view_command`.")
                    .params(list_params().into_iter().filter(|p| p["name"] != "q"))
                    .params(log_filters())
                    .reply(200, "One page.", paginated(schema("CommandLogEntry")))
                    .errors(&[400, 403])
                    .build(),
            }),
        ),
        (
            "/api/command-log/stats/",
            json!({
                "get": Op::new("toolkit", "command_log_stats", "Command log statistics")
                    .params(log_filters())
                    .reply(200, "Counts and the most-run commands.", schema("CommandStats"))
                    .errors(&[400, 403])
                    .build(),
            }),
        ),
        (
            "/api/command-log/export/",
            json!({
                "get": Op::new("toolkit", "command_log_export", "Every matching log entry")
                    .params(log_filters())
                    .reply(200, "The entries, newest first.", array(schema("CommandLogEntry")))
                    .errors(&[400, 403])
                    .build(),
            }),
        ),
        (
            "/api/toolkit/run/",
            json!({
                "post": Op::new("toolkit", "toolkit_run", "Run one command on one device")
                    .describe("Needs `execute_show` (or `execute_config` for config commands) on the device; rate-limited.")
                    .body(schema("RunCommand"))
                    .reply(200, "The raw output and, with `parse`, the records; a failure at the device is `success: false`.", schema("RunOutcome"))
                    .errors(&[400, 403, 404, 413, 429])
                    .build(),
            }),
        ),
        (
            "/api/toolkit/bulk/",
            json!({
                "post": Op::new("toolkit", "toolkit_bulk", "Run one command on every device of a filter")
                    .describe("A result per device; 429 with `Retry-After` when the rate limit refused every device.")
                    .body(schema("BulkCommand"))
                    .reply(200, "A result per device.", schema("BulkResults"))
                    .reply(429, "The rate limit refused every device.", schema("BulkResults"))
                    .errors(&[400, 403, 413])
                    .build(),
            }),
        ),
    ];
    paths
        .into_iter()
        .map(|(path, item)| (path.to_string(), item))
        .collect()
}
