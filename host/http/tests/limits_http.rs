//! The edge's limits as a client meets them: a body over `[server] max_body_bytes` is a 413
//! and a request that outlives `[server] request_timeout_secs` a 503, both in the API's JSON
//! error shape naming the setting to change; the server goes on answering after either.

use std::time::Duration;

use aurum_http::{AppState, app};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::Services;
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// One device whose SSH port accepts connections and never says a word.
fn inventory(port: u16) -> String {
    format!(
        "
secrets_groups:
  - {{ name: lab, username: {{ literal: admin }}, password: {{ literal: pw }} }}
devices:
  - {{ name: mute1, address: 127.0.0.1, port: {port}, platform: cisco_ios, secrets_group: lab }}
"
    )
}

struct Limited {
    _dir: tempfile::TempDir,
    state: AppState,
    token: String,
}

/// The app with a 4 KiB body limit and a one-second request limit, and a superuser's token.
async fn limited(port: u16) -> Limited {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let mut doc = parse_document(&inventory(port), Format::Yaml, "lab.yaml").unwrap();
    doc.platforms = shipped_platforms();
    let policy = ValidationPolicy {
        allow_literal_secrets: true,
    };
    store.import(&doc, "lab.yaml", policy, false).await.unwrap();
    let mut loaded = aurum_config::LoadedConfig::defaults();
    loaded.config.server.max_body_bytes = 4096;
    loaded.config.server.request_timeout_secs = 1;
    loaded.config.ssh.connect_timeout_secs = 30;
    loaded.config.ssh.retry_attempts = 1;
    let state = AppState::new(Services::over(store, &loaded, dir.path()).unwrap());
    state
        .identity
        .add_user(&NewUserRequest {
            name: "root".into(),
            password: "root's password".into(),
            superuser: true,
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let token = state
        .identity
        .issue_token("root", None)
        .await
        .unwrap()
        .token;
    Limited {
        _dir: dir,
        state,
        token,
    }
}

impl Limited {
    async fn post(&self, path: &str, body: String) -> (StatusCode, serde_json::Value) {
        let request = Request::post(path)
            .header("authorization", format!("Token {}", self.token))
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "{path}: {status} not JSON: {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, body)
    }

    async fn answers(&self) {
        let request = Request::get("/api/devices/")
            .header("authorization", format!("Token {}", self.token))
            .body(Body::empty())
            .unwrap();
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_and_nothing_is_created() {
    let api = limited(1).await;
    let padding = "x".repeat(8192);
    let body = format!(
        r#"{{"name":"big1","address":"127.0.0.1","platform":"cisco_ios","data":{{"notes":"{padding}"}}}}"#
    );
    let (status, refusal) = api.post("/api/devices/", body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{refusal}");
    assert!(refusal["error"].is_string(), "{refusal}");
    api.answers().await;
    let devices = api
        .state
        .store
        .devices(&aurum_inventory::DeviceFilter::default())
        .await
        .unwrap();
    assert!(devices.iter().all(|d| d.name != "big1"), "{devices:?}");
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_answered_503_naming_the_setting() {
    // Accepts the SSH connection and then says nothing, for longer than the request limit.
    let mute = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = mute.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        loop {
            let (socket, _) = mute.accept().await.unwrap();
            open.push(socket);
        }
    });
    let api = limited(port).await;
    let run = api.post(
        "/api/toolkit/run",
        r#"{"device":"mute1","command":"show clock"}"#.to_string(),
    );
    let (status, refusal) = tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect("the request limit did not end the request");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{refusal}");
    let message = refusal["error"].as_str().unwrap();
    assert!(message.contains("request_timeout_secs"), "{message}");
    api.answers().await;
    held.abort();
}
