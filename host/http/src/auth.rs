//! Authentication at the HTTP edge: every route but the probes and the token exchange needs
//! `Authorization: Token <token>`; the handler then gets the request's [`Principal`] as an
//! extension, so everything reached over HTTP acts as a real user.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use aurum_services::identity::Principal;

use crate::api::openapi::{E400, E401, E413, schemas};
use crate::{AppState, HttpError};

/// Refuses the request with 401 unless it carries a valid, unexpired token of a stored user.
pub(crate) async fn require_token(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or_default());
    match state.identity.authenticate_header(header).await {
        Ok(principal) => {
            tracing::debug!(user = %principal.name, path = %request.uri().path(), "authenticated");
            let user = crate::edge::RequestUser(principal.name.clone());
            request.extensions_mut().insert::<Principal>(principal);
            let mut response = next.run(request).await;
            response.extensions_mut().insert(user);
            response
        }
        Err(error) => HttpError::from(error).into_response(),
    }
}

/// Who asks for a page a person reads in a browser as well as a script fetches
/// (`/api/docs/`): a token as [`require_token`] takes it, else the web UI's session cookie
/// (such pages only answer `GET`, so the session's CSRF token is not needed). Neither: 401
/// saying how to sign in. A handler calls it rather than a layer, so methods the route does
/// not answer stay 405.
pub(crate) async fn token_or_session(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Principal, HttpError> {
    let header = headers.get(AUTHORIZATION);
    if let (None, Some(id)) = (header, session_cookie(headers)) {
        return match state.identity.web_session(id).await {
            Ok(Some(session)) => Ok(session.principal),
            _ => Err(aurum_services::ServiceError::Unauthenticated {
                reason: "the browser session has ended; sign in again at /login, or send `Authorization: Token <token>`".to_string(),
            }
            .into()),
        };
    }
    let header = header.map(|value| value.to_str().unwrap_or_default());
    Ok(state.identity.authenticate_header(header).await?)
}

/// The web UI's session id (`aurum_session`), if the request carries one.
fn session_cookie(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == "aurum_session")
        .map(|(_, value)| value)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProvisionRequest {
    username: String,
    password: String,
    #[serde(default)]
    expires_days: Option<u32>,
}

#[derive(Serialize)]
pub(crate) struct ProvisionedToken {
    username: String,
    token: String,
    prefix: String,
    expires_at: Option<i64>,
}

/// `POST /api/tokens/provision`: a user name and password in, a new token out (like NetBox's
/// token provisioning), so scripts need no shell on the server to get one.
#[utoipa::path(
    post,
    path = "/api/tokens/provision/",
    tag = "auth",
    operation_id = "tokens_provision",
    summary = "Exchange a user name and password for a new token",
    security(()),
    request_body = schemas::ProvisionRequest,
    responses(
        (status = 201, description = "The token, shown this once.", body = schemas::ProvisionedToken),
        (status = 400, response = E400),
        (status = 401, response = E401),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn provision(
    State(state): State<AppState>,
    Json(request): Json<ProvisionRequest>,
) -> Result<(StatusCode, Json<ProvisionedToken>), HttpError> {
    let principal = state
        .identity
        .authenticate_password(&request.username, &request.password)
        .await?;
    let issued = state
        .identity
        .issue_token(&principal.name, request.expires_days)
        .await?;
    tracing::info!(user = %principal.name, prefix = %issued.prefix, "API token provisioned");
    Ok((
        StatusCode::CREATED,
        Json(ProvisionedToken {
            username: principal.name,
            token: issued.token,
            prefix: issued.prefix,
            expires_at: issued.expires_at,
        }),
    ))
}
