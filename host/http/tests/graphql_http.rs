//! `POST /graphql` as a GraphQL client sees it: answers in the usual wire format, query
//! errors inside a 200, and a body that is no GraphQL request refused with a 4xx; only with a
//! user's API token (tests/auth_http.rs has the refusals).

use aurum_http::{AppState, app};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::identity::NewUserRequest;
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

async fn post(state: AppState, token: &str, body: &str) -> (StatusCode, Vec<u8>) {
    let response = app(state)
        .oneshot(
            Request::post("/graphql")
                .header("content-type", "application/json")
                .header("authorization", format!("Token {token}"))
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body.to_vec())
}

#[tokio::test]
async fn graphql_answers_queries_and_reports_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let mut doc = parse_document(
        "devices:\n  - { name: r1, platform: cisco_ios, tags: [core] }\n",
        Format::Yaml,
        "t.yaml",
    )
    .unwrap();
    doc.platforms = shipped_platforms();
    store
        .import(&doc, "t.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    let state = app_state(store, dir.path());
    state
        .identity
        .add_user(&NewUserRequest {
            name: "reader".into(),
            password: "reader's password".into(),
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let token = state
        .identity
        .issue_token("reader", None)
        .await
        .unwrap()
        .token;

    let (status, body) = post(
        state.clone(),
        &token,
        r#"{"query":"query ($device_id: ID!) { device(id: $device_id) { name tags { name } platform { network_driver } } }","variables":{"device_id":"r1"}}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "data": { "device": { "name": "r1", "tags": [{ "name": "core" }], "platform": { "network_driver": "cisco_ios" } } } })
    );

    let (status, body) = post(state.clone(), &token, r#"{"query":"{ devices { nme } }"}"#).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Unknown field \"nme\""),
        "{json}"
    );

    let (status, body) = post(state.clone(), &token, "not json").await;
    assert!(status.is_client_error(), "{status}");
    let refusal: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(refusal["error"].is_string(), "{refusal}");

    // Configs are sensitive: without view_config the field is an error, the rest answers.
    let (_, body) = post(
        state.clone(),
        &token,
        r#"{"query":"{ devices { name backup_config } }"}"#,
    )
    .await;
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("view_config"),
        "{json}"
    );
    state
        .identity
        .add_user(&NewUserRequest {
            name: "auditor".into(),
            password: "auditor's password".into(),
            permissions: vec!["view_config".into()],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let auditor = state
        .identity
        .issue_token("auditor", None)
        .await
        .unwrap()
        .token;
    let (_, body) = post(
        state.clone(),
        &auditor,
        r#"{"query":"{ devices { name backup_config } }"}"#,
    )
    .await;
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "data": { "devices": [{ "name": "r1", "backup_config": null }] } })
    );

    // A query that repeats fields by aliases past the complexity limit is refused whole.
    let fields: String = (0..2100).map(|i| format!("a{i}: name ")).collect();
    let query = serde_json::json!({ "query": format!("{{ devices {{ {fields} }} }}") });
    let (_, body) = post(state, &token, &query.to_string()).await;
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complex"),
        "{json}"
    );
}
