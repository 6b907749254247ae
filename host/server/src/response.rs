//! How a [`ServerError`] reaches an HTTP client: a status that says whose fault it was and a
//! JSON `{"error": ...}` body. Failures of the server itself are logged in full and answered
//! without their detail, so nothing about the database leaks to a client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header::WWW_AUTHENTICATE};
use axum::response::{IntoResponse, Response};

use crate::ServerError;
use crate::identity::TOKEN_SCHEME;

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = match &self {
            ServerError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            ServerError::PermissionDenied { .. } => StatusCode::FORBIDDEN,
            ServerError::UnknownPermission { .. }
            | ServerError::InvalidName { .. }
            | ServerError::DeviceInvalid { .. }
            | ServerError::CommandInvalid { .. } => StatusCode::BAD_REQUEST,
            ServerError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "request failed");
            "internal error; the server log has the details".to_string()
        } else {
            self.to_string()
        };
        let mut response = (status, Json(serde_json::json!({ "error": message }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static(TOKEN_SCHEME));
        }
        response
    }
}
