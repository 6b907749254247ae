//! The REST API's OpenAPI 3.1 description, served at `GET /api/schema/` and printed by
//! `aurum api schema`. It is written beside the handlers, one file per group of routes, rather
//! than derived: the response types live in the inventory, store and services crates, and
//! deriving schemas there would put an OpenAPI library into every domain crate. Drift is
//! caught instead: `coverage.rs` fails when a route and method of `api::routes()` is missing
//! here or one here is not routed, and the schemathesis check (`tests/openapi.rs`) validates
//! real responses against these schemas.

mod common;
mod golden;
mod html;
mod inventory;
mod plans;
mod schemas;
mod toolkit;

#[cfg(test)]
mod coverage;

use axum::Json;
use serde_json::{Map, Value, json};

use common::{Op, schema};

/// The whole document. Paths are written with the trailing slash, as NetBox does; each also
/// answers without it.
pub fn document() -> Value {
    let mut paths = Map::new();
    let groups = [
        inventory::paths(),
        golden::paths(),
        plans::paths(),
        toolkit::paths(),
        own_paths(),
    ];
    for (path, item) in groups.into_iter().flatten() {
        paths.insert(path, item);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Aurum REST API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Golden configuration for network devices. NetBox conventions: `?limit=&offset=` pages answered as `{count, next, previous, results}`, field filters, `?q=` search; errors are `{\"error\": \"...\"}`. Every path answers with or without its trailing slash.",
        },
        "security": [{ "token": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Token <token>`, from `aurum user token NAME` or `POST /api/tokens/provision/`.",
                },
            },
            "schemas": schemas::all(),
            "responses": common::error_responses(),
        },
    })
}

/// The token exchange (open) and this description itself.
fn own_paths() -> Vec<(String, Value)> {
    vec![
        (
            "/api/tokens/provision/".to_string(),
            json!({
                "post": Op::new("auth", "tokens_provision", "Exchange a user name and password for a new token")
                    .open()
                    .body(schema("ProvisionRequest"))
                    .reply(201, "The token, shown this once.", schema("ProvisionedToken"))
                    .errors(&[400, 401, 413])
                    .build(),
            }),
        ),
        (
            "/api/docs/".to_string(),
            json!({
                "get": Op::new("schema", "docs", "This description as an HTML page")
                    .describe("Rendered on the server (operations by tag, parameters, bodies, responses, schemas), loading nothing but the app's own stylesheet. A browser signed in to the web UI may read it without a token.")
                    .reply_as(200, "The page.", "text/html", json!({ "type": "string" }))
                    .build(),
            }),
        ),
        (
            "/api/schema/".to_string(),
            json!({
                "get": Op::new("schema", "schema", "This OpenAPI description")
                    .reply(200, "OpenAPI 3.1, JSON.", json!({ "type": "object" }))
                    .build(),
            }),
        ),
        (
            "/api/openapi.json".to_string(),
            json!({
                "get": Op::new("schema", "openapi_json", "This OpenAPI description, at the name tools look for")
                    .reply(200, "OpenAPI 3.1, JSON.", json!({ "type": "object" }))
                    .build(),
            }),
        ),
    ]
}

/// `GET /api/docs/`: the description as an HTML page, behind a token or a web session.
/// Its policy lets it load nothing from elsewhere.
pub(crate) async fn docs_handler(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    headers: axum::http::HeaderMap,
) -> Result<impl axum::response::IntoResponse, crate::HttpError> {
    let principal = crate::auth::token_or_session(&state, &headers).await?;
    tracing::debug!(user = %principal.name, "API docs page");
    Ok((
        [(
            axum::http::header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'none'",
        )],
        axum::response::Html(html::page(&document())),
    ))
}

/// `GET /api/schema/`: behind the token like every API path (it names no data, but nothing
/// over HTTP is answered to an unknown caller).
pub(crate) async fn schema_handler() -> Json<Value> {
    Json(document())
}
