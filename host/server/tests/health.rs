//! Health and readiness as a load balancer sees them.

use aurum_server::{AppState, app};
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(state: AppState, path: &str) -> (StatusCode, serde_json::Value) {
    let response = app(state)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn healthy_and_ready_on_a_fresh_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let state = AppState::new(store);
    let (status, body) = get(state.clone(), "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    let (status, body) = get(state, "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn not_ready_when_the_database_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    store.close().await;
    let state = AppState::new(store);
    let (status, body) = get(state.clone(), "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "not ready");
    assert!(
        body["error"].as_str().unwrap().contains("database"),
        "{body}"
    );
    // Liveness does not depend on the database.
    let (status, _) = get(state, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
}
