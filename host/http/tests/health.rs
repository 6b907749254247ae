//! Health and readiness as a load balancer sees them.

use aurum_http::{AppState, app};
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The app's state over `store`, with the services on default settings in `dir`.
fn app_state(store: Store, dir: &std::path::Path) -> AppState {
    let loaded = aurum_config::LoadedConfig::defaults();
    AppState::new(aurum_services::Services::over(store, &loaded, dir).unwrap())
}

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
    let state = app_state(store, dir.path());
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
    let state = app_state(store, dir.path());
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

/// The test PostgreSQL's URL with a password in its userinfo and again as `password=` (the
/// test machine trusts loopback, so an added password does no harm), and that password.
fn postgres_url_with_passwords() -> (String, String) {
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let (scheme, rest) = url.split_once("://").unwrap();
    let (userinfo, host) = rest.split_once('@').unwrap();
    let (url, password) = match userinfo.split_once(':') {
        Some((_, password)) => (url.clone(), password.to_string()),
        None => (
            format!("{scheme}://{userinfo}:hunter2-secret@{host}"),
            "hunter2-secret".to_string(),
        ),
    };
    let separator = if url.contains('?') { '&' } else { '?' };
    (format!("{url}{separator}password={password}"), password)
}

#[tokio::test]
async fn readiness_names_the_database_kind_and_no_credential() {
    let (url, password) = postgres_url_with_passwords();
    let schema = format!("aurum_readyz_test_{}", std::process::id());
    let options = StoreOptions {
        postgres_schema: Some(schema.clone()),
        ..StoreOptions::default()
    };
    let store = Store::open(&url, &options).await.unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let (status, body) = get(app_state(store.clone(), scratch.path()), "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // An unauthenticated probe learns the database's kind only: no URL, user or host.
    assert_eq!(body["database"], "postgres", "{body}");
    assert!(!body.to_string().contains(&password), "{body}");
    assert!(!body.to_string().contains("127.0.0.1"), "{body}");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP SCHEMA \"{schema}\" CASCADE"
    )))
    .execute(&store.pool_for_tests())
    .await
    .unwrap();
    store.close().await;
}
