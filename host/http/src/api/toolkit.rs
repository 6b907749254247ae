//! The toolkit over HTTP: `POST /api/toolkit/run` runs one command on one device,
//! `POST /api/toolkit/bulk` on every device of a filter; both return the raw output and, with
//! `"parse": true`, the TextFSM records. Permissions and the rate limit are the services'
//! (a refusal by the limit is 429 with `Retry-After`, a bulk run's too when every device was
//! refused by it).

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header::RETRY_AFTER};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use aurum_inventory::{CommandKind, DeviceFilter};
use aurum_services::ServiceError;
use aurum_services::identity::Principal;
use aurum_services::toolkit::{CommandRequest, RunOutcome};

use crate::api::openapi::{E400, E403, E404, E413, E429, schemas};
use crate::{AppState, HttpError};

/// What to run: free text (`command`, with `kind`) or a saved command (`saved`, with
/// `variables`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommandBody {
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    kind: CommandKind,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    variables: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    parse: bool,
}

impl CommandBody {
    fn request(&self) -> Result<CommandRequest, HttpError> {
        match (&self.command, &self.saved) {
            (Some(text), None) => Ok(CommandRequest::Text {
                text: text.clone(),
                kind: self.kind,
            }),
            (None, Some(name)) => Ok(CommandRequest::Saved {
                name: name.clone(),
                variables: self.variables.clone().into_iter().collect(),
            }),
            _ => Err(HttpError::BadRequest(
                "give exactly one of `command` (free text) or `saved` (a saved command's name)"
                    .to_string(),
            )),
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct RunBody {
    device: String,
    #[serde(flatten)]
    command: CommandBody,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BulkBody {
    #[serde(default)]
    filter: DeviceFilter,
    #[serde(flatten)]
    command: CommandBody,
}

#[utoipa::path(
    post,
    path = "/api/toolkit/run/",
    tag = "toolkit",
    operation_id = "toolkit_run",
    summary = "Run one command on one device",
    description = "Needs `execute_show` (or `execute_config` for config commands) on the device; rate-limited.",
    request_body = schemas::RunCommand,
    responses(
        (status = 200, description = "The raw output and, with `parse`, the records; a failure at the device is `success: false`.", body = schemas::RunOutcome),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 413, response = E413),
        (status = 429, response = E429),
    ),
)]
pub(crate) async fn run(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(body): Json<RunBody>,
) -> Result<Json<RunOutcome>, HttpError> {
    let request = body.command.request()?;
    let toolkit = &state.services.toolkit;
    if body.command.parse {
        toolkit.check_templates()?;
    }
    let mut outcome = toolkit
        .run_named(&principal, &body.device, &request)
        .await?;
    if body.command.parse && outcome.success {
        toolkit.parse(&mut outcome)?;
    }
    Ok(Json(outcome))
}

#[derive(Debug, Serialize)]
pub(crate) struct BulkDevice {
    device: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<RunOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u64>,
}

#[utoipa::path(
    post,
    path = "/api/toolkit/bulk/",
    tag = "toolkit",
    operation_id = "toolkit_bulk",
    summary = "Run one command on every device of a filter",
    description = "A result per device; 429 with `Retry-After` when the rate limit refused every device.",
    request_body = schemas::BulkCommand,
    responses(
        (status = 200, description = "A result per device.", body = schemas::BulkResults),
        (status = 429, description = "The rate limit refused every device.", body = schemas::BulkResults),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn bulk(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(body): Json<BulkBody>,
) -> Result<Response, HttpError> {
    let request = body.command.request()?;
    let toolkit = &state.services.toolkit;
    if body.command.parse {
        toolkit.check_templates()?;
    }
    let results = toolkit.run_bulk(&principal, &body.filter, &request).await?;
    let mut devices = Vec::with_capacity(results.len());
    for result in results {
        devices.push(match result.result {
            Ok(mut outcome) => {
                if body.command.parse && outcome.success {
                    toolkit.parse(&mut outcome)?;
                }
                BulkDevice {
                    device: result.device,
                    outcome: Some(outcome),
                    error: None,
                    retry_after_secs: None,
                }
            }
            Err(error) => BulkDevice {
                device: result.device,
                retry_after_secs: match &error {
                    ServiceError::RateLimited {
                        retry_after_secs, ..
                    } => Some(*retry_after_secs),
                    _ => None,
                },
                outcome: None,
                error: Some(error.to_string()),
            },
        });
    }
    let all_limited = devices.iter().all(|d| d.retry_after_secs.is_some());
    let body = Json(serde_json::json!({ "count": devices.len(), "results": devices }));
    if all_limited {
        let soonest = devices
            .iter()
            .filter_map(|d| d.retry_after_secs)
            .min()
            .unwrap_or(1);
        let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(soonest.max(1)));
        return Ok(response);
    }
    Ok(body.into_response())
}
