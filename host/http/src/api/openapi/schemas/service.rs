//! The service's own endpoints beside the REST API: the probes' answers (`health.rs`) and
//! GraphQL's wire format (async-graphql's `Request` and `Response`).

use super::*;

/// `GET /healthz`: the process answers.
pub(super) fn health() -> Value {
    object(
        &[
            ("status", json!({ "type": "string", "enum": ["ok"] })),
            ("version", string()),
            ("uptime_secs", integer()),
        ],
        &[],
    )
}

/// `GET /readyz`: the database answers with the expected schema, or why not.
pub(super) fn readiness() -> Value {
    object(
        &[
            (
                "status",
                json!({ "type": "string", "enum": ["ready", "not ready"] }),
            ),
            (
                "database",
                json!({ "type": "string", "enum": ["sqlite", "postgres"] }),
            ),
            ("schema_version", nullable("integer")),
            ("error", string()),
        ],
        &["schema_version", "error"],
    )
}

/// A GraphQL request as clients send it.
pub(super) fn graphql_request() -> Value {
    json!({
        "type": "object",
        "required": ["query"],
        "properties": {
            "query": { "type": "string", "description": "The GraphQL document; the schema is the inventory's (devices, platforms, locations, config fields with `view_config`)." },
            "variables": { "type": ["object", "null"] },
            "operationName": { "type": ["string", "null"] },
        },
    })
}

/// A GraphQL answer: `data`, and `errors` when the query had any (still a 200).
pub(super) fn graphql_response() -> Value {
    json!({
        "type": "object",
        "properties": {
            "data": { "type": ["object", "null"], "description": "What the query selected; null when it could not run." },
            "errors": array(json!({
                "type": "object",
                "required": ["message"],
                "properties": { "message": string() },
            })),
            "extensions": { "type": "object" },
        },
    })
}
