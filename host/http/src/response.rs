//! How an [`HttpError`] reaches an HTTP client: a status that says whose fault it was and a
//! JSON `{"error": ...}` body. Failures of the server itself are logged in full and answered
//! without their detail, so nothing about the database leaks to a client.

use axum::Json;
use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use aurum_services::ServiceError;
use aurum_services::identity::TOKEN_SCHEME;
use aurum_store::StoreError;

use crate::HttpError;

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = match &self {
            HttpError::Service(service) => service_status(service),
            HttpError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HttpError::Bind { .. } | HttpError::Serve(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
        if let HttpError::Service(ServiceError::RateLimited {
            retry_after_secs, ..
        }) = &self
        {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from((*retry_after_secs).max(1)));
        }
        response
    }
}

/// Whose fault a service's refusal is: the client's (4xx, with the message) or the server's.
/// Missing objects and objects the user may not see are both 404, with the same message.
pub(crate) fn service_status(error: &ServiceError) -> StatusCode {
    match error {
        ServiceError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
        ServiceError::PermissionDenied { .. } | ServiceError::Forbidden { .. } => {
            StatusCode::FORBIDDEN
        }
        // A feature switched off in aurum.toml is not there at all, for every client.
        ServiceError::Store(StoreError::NotFound { .. }) | ServiceError::FeatureDisabled { .. } => {
            StatusCode::NOT_FOUND
        }
        ServiceError::Store(StoreError::AlreadyExists { .. } | StoreError::Conflict { .. })
        | ServiceError::Plan { .. } => StatusCode::CONFLICT,
        ServiceError::Store(StoreError::ImportRejected(_))
        | ServiceError::UnknownPermission { .. }
        | ServiceError::InvalidName { .. }
        | ServiceError::DeviceInvalid { .. }
        | ServiceError::ObjectInvalid { .. }
        | ServiceError::CommandInvalid { .. }
        | ServiceError::Template { .. }
        | ServiceError::Job { .. }
        | ServiceError::PlanInvalid { .. }
        | ServiceError::BadPattern { .. }
        | ServiceError::Identity { .. } => StatusCode::BAD_REQUEST,
        ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        // A step of the chain refused the device's config (a missing secret, a template
        // error): the request cannot be served as the inventory stands.
        ServiceError::Postprocess { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
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
