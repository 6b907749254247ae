//! `GET /api/docs/` through the real app: refused without credentials, answered with a token
//! or the web UI's session cookie, an HTML page of every operation (the new inventory writes
//! among them) whose policy and links load nothing from another site.

use aurum_config::LoadedConfig;
use aurum_http::{AppState, app};
use aurum_services::Services;
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(
    state: &AppState,
    path: &str,
    headers: &[(header::HeaderName, String)],
) -> (StatusCode, Option<String>, Option<String>, String) {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = app(state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let header = |name: header::HeaderName| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let (kind, policy) = (
        header(header::CONTENT_TYPE),
        header(header::CONTENT_SECURITY_POLICY),
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        kind,
        policy,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn the_docs_page_needs_a_token_or_a_session_and_loads_nothing_from_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let state =
        AppState::new(Services::over(store, &LoadedConfig::defaults(), dir.path()).unwrap());
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
    let session = state
        .identity
        .login("reader", "reader's password")
        .await
        .unwrap();

    let (status, _, _, body) = get(&state, "/api/docs/", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, _, body) = get(
        &state,
        "/api/docs",
        &[(header::COOKIE, "aurum_session=forged".into())],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(body.contains("/login"), "{body}");

    let by_token = get(
        &state,
        "/api/docs/",
        &[(header::AUTHORIZATION, format!("Token {token}"))],
    )
    .await;
    let by_session = get(
        &state,
        "/api/docs",
        &[(
            header::COOKIE,
            format!("theme=dark; aurum_session={}", session.id),
        )],
    )
    .await;
    for (status, kind, policy, html) in [by_token, by_session] {
        assert_eq!(status, StatusCode::OK, "{html:.300}");
        assert!(kind.unwrap().starts_with("text/html"));
        assert!(policy.unwrap().contains("default-src 'self'"));
        for expected in [
            "id=\"tag-inventory\"",
            "Create a platform",
            "<code>/api/locations/{name}/</code>",
            "Delete a saved filter",
            "id=\"schema-SecretsGroupView\"",
            "/static/tabler.min.css",
        ] {
            assert!(html.contains(expected), "{expected} is not on the page");
        }
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "an external asset"
        );
    }
}
