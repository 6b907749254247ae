//! How an [`HttpError`] reaches an HTTP client: a status that says whose fault it was and a
//! JSON `{"error": ...}` body. Failures of the server itself are logged in full and answered
//! without their detail, so nothing about the database leaks to a client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header::WWW_AUTHENTICATE};
use axum::response::{IntoResponse, Response};

use aurum_services::ServiceError;
use aurum_services::identity::TOKEN_SCHEME;

use crate::HttpError;

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let HttpError::Service(service) = &self else {
            tracing::error!(error = %self, "request failed");
            return internal_error();
        };
        let status = match service {
            ServiceError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            ServiceError::PermissionDenied { .. } | ServiceError::SecretsForbidden { .. } => {
                StatusCode::FORBIDDEN
            }
            ServiceError::Store(aurum_store::StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            ServiceError::Postprocess { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::UnknownPermission { .. }
            | ServiceError::InvalidName { .. }
            | ServiceError::DeviceInvalid { .. }
            | ServiceError::CommandInvalid { .. } => StatusCode::BAD_REQUEST,
            ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "request failed");
            return internal_error();
        }
        let mut response = (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static(TOKEN_SCHEME));
        }
        response
    }
}

/// A failure of the server itself: logged in full by the caller, answered without detail.
fn internal_error() -> Response {
    let message = "internal error; the server log has the details";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}
