//! Authentication as an HTTP client meets it: `POST /graphql` needs `Authorization: Token`,
//! every bad token is a 401 saying why, a user name and password buy a token, and the probes
//! stay open without revealing where the database is.

use aurum_http::{AppState, app};
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

const QUERY: &str = r#"{"query":"{ devices { name } }"}"#;

async fn state() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let state = app_state(store, dir.path());
    state
        .identity
        .add_user(&NewUserRequest {
            name: "alice".into(),
            password: "alice's password".into(),
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    (dir, state)
}

async fn send(
    state: &AppState,
    path: &str,
    authorization: Option<&str>,
    body: &str,
) -> (StatusCode, Option<String>, serde_json::Value) {
    let mut request = Request::post(path).header("content-type", "application/json");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = app(state.clone())
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, challenge, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn graphql_needs_a_valid_token_and_says_what_is_wrong() {
    let (_dir, state) = state().await;
    let token = state.identity.issue_token("alice", Some(30)).await.unwrap();

    let (status, challenge, body) = send(&state, "/graphql", None, QUERY).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(challenge.as_deref(), Some("Token"));
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Authorization: Token"),
        "{body}"
    );
    assert!(
        body.get("data").is_none(),
        "no inventory without a token: {body}"
    );

    // The last digit changed (to 1 where it was 0, so the token always differs).
    let (kept, last) = token.token.split_at(token.token.len() - 1);
    let wrong = format!("{kept}{}", if last == "0" { "1" } else { "0" });
    for (header, says) in [
        (format!("Token {wrong}"), "invalid API token"),
        ("Token nonsense".to_string(), "invalid API token"),
        (format!("Basic {}", token.token), "must be `Token <token>`"),
    ] {
        let (status, _, body) = send(&state, "/graphql", Some(&header), QUERY).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{header}");
        assert!(
            body["error"].as_str().unwrap().contains(says),
            "{header}: {body}"
        );
    }

    let (status, _, body) = send(
        &state,
        "/graphql",
        Some(&format!("Token {}", token.token)),
        QUERY,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let lower = format!("token  {}", token.token);
    assert_eq!(
        send(&state, "/graphql", Some(&lower), QUERY).await.0,
        StatusCode::OK,
        "the scheme is case-insensitive"
    );
    assert_eq!(body["data"]["devices"], serde_json::json!([]));
    let used = state.identity.tokens("alice").await.unwrap();
    assert!(used[0].last_used_at.is_some(), "the use is recorded");
}

#[tokio::test]
async fn a_removed_user_s_token_stops_working() {
    let (_dir, state) = state().await;
    let token = state.identity.issue_token("alice", None).await.unwrap();
    let header = format!("Token {}", token.token);
    assert_eq!(
        send(&state, "/graphql", Some(&header), QUERY).await.0,
        StatusCode::OK
    );
    state.identity.remove_user("alice").await.unwrap();
    assert_eq!(
        send(&state, "/graphql", Some(&header), QUERY).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_password_buys_a_token_and_a_wrong_one_does_not() {
    let (_dir, state) = state().await;
    let (status, _, body) = send(
        &state,
        "/api/tokens/provision",
        None,
        r#"{"username":"alice","password":"alice's password","expires_days":7}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["expires_at"].as_i64().is_some(), "{body}");
    let token = body["token"].as_str().unwrap();
    let header = format!("Token {token}");
    assert_eq!(
        send(&state, "/graphql", Some(&header), QUERY).await.0,
        StatusCode::OK
    );

    for wrong in [
        r#"{"username":"alice","password":"guess"}"#,
        r#"{"username":"nobody","password":"alice's password"}"#,
    ] {
        let (status, challenge, body) = send(&state, "/api/tokens/provision", None, wrong).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong}");
        assert_eq!(challenge.as_deref(), Some("Token"));
        assert_eq!(
            body["error"], "wrong user name or password",
            "same answer for both"
        );
    }
}

#[tokio::test]
async fn readiness_names_the_kind_of_database_only() {
    let (dir, state) = state().await;
    let response = app(state)
        .oneshot(Request::get("/readyz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8(body.to_vec()).unwrap();
    assert!(body.contains(r#""database":"sqlite""#), "{body}");
    assert!(!body.contains(&*dir.path().to_string_lossy()), "{body}");
}
