//! Saved commands edited over the API as a client meets it: a command whose variables do not
//! match its text is a 400 naming the variable, a second of the same name a 409, a rename
//! by `PUT` a 400, a missing one a 404; what is saved is what `GET` and the Toolkit read.

use aurum_http::{AppState, app};
use aurum_services::Services;
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn send(
    state: &AppState,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Token {token}"));
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let response = app(state.clone())
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

#[tokio::test]
async fn saved_commands_are_checked_as_an_import_is() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let loaded = aurum_config::LoadedConfig::defaults();
    let state = AppState::new(Services::over(store, &loaded, dir.path()).unwrap());
    let root = NewUserRequest {
        name: "root".into(),
        password: "root's password".into(),
        superuser: true,
        ..NewUserRequest::default()
    };
    state.identity.add_user(&root).await.unwrap();
    let token = state
        .identity
        .issue_token("root", None)
        .await
        .unwrap()
        .token;
    let uplink = json!({"name": "uplink", "command": "show interfaces <port>", "kind": "show",
        "platforms": ["cisco_ios"], "variables": [{"name": "port", "kind": "interface"}]});

    let (status, body) = send(
        &state,
        &token,
        Method::POST,
        "/api/commands/",
        Some(json!(
        {"name": "bad", "command": "show interfaces <port>"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("`<port>`"),
        "{body}"
    );

    let (status, body) = send(
        &state,
        &token,
        Method::POST,
        "/api/commands/",
        Some(uplink.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = send(&state, &token, Method::POST, "/api/commands/", Some(uplink)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, body) = send(
        &state,
        &token,
        Method::PUT,
        "/api/commands/uplink/",
        Some(json!(
        {"name": "downlink", "command": "show clock"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("keeps its name"),
        "{body}"
    );
    let (status, body) = send(
        &state,
        &token,
        Method::PUT,
        "/api/commands/gone/",
        Some(json!(
        {"name": "gone", "command": "show clock"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let (status, shown) = send(&state, &token, Method::GET, "/api/commands/uplink", None).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["variables"][0]["kind"], "interface", "{shown}");
    let (_, listed) = send(&state, &token, Method::GET, "/api/commands/?q=uplink", None).await;
    assert_eq!(listed["count"], 1, "{listed}");

    let (status, _) = send(
        &state,
        &token,
        Method::DELETE,
        "/api/commands/uplink/",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = send(
        &state,
        &token,
        Method::DELETE,
        "/api/commands/uplink/",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}
