//! axum's own refusals (a path segment that is not a number, a malformed query string or
//! JSON body) answer `text/plain`; the API promises one JSON error shape, so this layer turns
//! every such 4xx into `{"error": "..."}` with the same status, naming where the parameters
//! are described. Found by the schemathesis check (undocumented content type).

use axum::Json;
use axum::body::to_bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

/// axum's rejection messages are one line; anything longer is not one of them.
const MAX_REJECTION_BYTES: usize = 16 * 1024;

pub(crate) async fn as_json(response: Response) -> Response {
    let plain = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/plain"));
    if !response.status().is_client_error() || !plain {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match to_bytes(body, MAX_REJECTION_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => "the request was refused".to_string(),
    };
    let message = format!("{text}; GET /api/schema/ describes every parameter and body");
    let mut json = (parts.status, Json(serde_json::json!({ "error": message }))).into_response();
    for (name, value) in parts
        .headers
        .iter()
        .filter(|(name, _)| *name != CONTENT_TYPE)
    {
        if name != axum::http::header::CONTENT_LENGTH {
            json.headers_mut().insert(name.clone(), value.clone());
        }
    }
    json
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_path_that_is_not_a_number_is_refused_as_json() {
        let app =
            axum::Router::new()
                .route(
                    "/n/{id}",
                    get(
                        |axum::extract::Path(id): axum::extract::Path<i64>| async move {
                            id.to_string()
                        },
                    ),
                )
                .layer(axum::middleware::map_response(super::as_json));
        let request = Request::get("/n/ten").body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("Cannot parse"),
            "{body}"
        );
    }
}
