//! Browser sessions as the web UI's HTTP client meets them, without a browser: a signed-out
//! page goes to the login form; the login form needs its CSRF cookie back; a login sets a
//! session cookie; unsafe requests need the session's CSRF token; five wrong passwords lock a
//! name; logging out ends the session. Pages behind a session: plans (`plans`), the
//! compliance overview's charts and filters (`compliance`), and the command variables,
//! postprocessing tab and feature switches (`features`).

use aurum_http::{AppState, app};
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[path = "web_http/compliance.rs"]
mod compliance;
#[path = "web_http/features.rs"]
mod features;
#[path = "web_http/lists.rs"]
mod lists;
#[path = "web_http/plans.rs"]
mod plans;

async fn state() -> (tempfile::TempDir, AppState) {
    state_with(aurum_config::LoadedConfig::defaults()).await
}

/// The app over a fresh store with `loaded`'s configuration, users alice and bob.
async fn state_with(loaded: aurum_config::LoadedConfig) -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let state = state_on(store, &loaded, dir.path()).await;
    (dir, state)
}

/// A store of its own on the test machine's PostgreSQL (a fresh schema, dropped by
/// [`drop_postgres`]), and the app over it with users alice and bob.
async fn postgres_state() -> (tempfile::TempDir, AppState, String) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!(
        "aurum_web_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let options = StoreOptions {
        postgres_schema: Some(schema.clone()),
        max_connections: 4,
        ..StoreOptions::default()
    };
    let store = Store::open(&url, &options).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is required for this test (set AURUM_TEST_POSTGRES_URL): {e}")
    });
    let dir = tempfile::tempdir().unwrap();
    let state = state_on(store, &aurum_config::LoadedConfig::defaults(), dir.path()).await;
    (dir, state, schema)
}

async fn drop_postgres(state: &AppState, schema: &str) {
    let store = &state.services.store;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP SCHEMA \"{schema}\" CASCADE"
    )))
    .execute(&store.pool_for_tests())
    .await
    .unwrap();
    store.close().await;
}

/// The app over `store`, with users alice and bob (`view_device`).
async fn state_on(
    store: Store,
    loaded: &aurum_config::LoadedConfig,
    data_dir: &std::path::Path,
) -> AppState {
    let state = AppState::new(aurum_services::Services::over(store, loaded, data_dir).unwrap());
    for name in ["alice", "bob"] {
        state
            .identity
            .add_user(&NewUserRequest {
                name: name.into(),
                password: format!("{name}'s password"),
                permissions: vec!["view_device".into()],
                ..NewUserRequest::default()
            })
            .await
            .unwrap();
    }
    state
}

struct Answer {
    status: StatusCode,
    location: Option<String>,
    retry_after: Option<String>,
    cache_control: Option<String>,
    cookies: Vec<String>,
    body: String,
}

async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        location: headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string()),
        retry_after: headers
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_string()),
        cache_control: headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_string()),
        cookies: headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The value a `Set-Cookie` gives cookie `name`.
fn cookie_value(cookies: &[String], name: &str) -> Option<String> {
    cookies
        .iter()
        .filter_map(|c| c.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

fn post_form(path: &str, cookie: &str, extra: &[(&str, &str)], form: &str) -> Request<Body> {
    let mut request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie);
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    request.body(Body::from(form.to_string())).unwrap()
}

/// Opens the login form and posts `user`'s `password` with the form's CSRF token.
async fn log_in(state: &AppState, user: &str, password: &str) -> Answer {
    let form = send(state, get("/login", None)).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = cookie_value(&form.cookies, "aurum_login_csrf").expect("a login CSRF cookie");
    assert!(form.body.contains(&token), "the form carries the token");
    let body = serde_urlencoded::to_string([
        ("username", user),
        ("password", password),
        ("login_csrf", token.as_str()),
        ("next", "/devices/"),
    ])
    .unwrap();
    send(
        state,
        post_form("/login", &format!("aurum_login_csrf={token}"), &[], &body),
    )
    .await
}

#[tokio::test]
async fn a_session_is_made_by_login_needs_its_csrf_token_and_ends_at_logout() {
    let (_dir, state) = state().await;
    session_lifecycle(&state).await;
}

#[tokio::test]
async fn sessions_on_postgresql_log_in_check_csrf_lock_out_and_log_out() {
    let (_dir, state, schema) = postgres_state().await;
    session_lifecycle(&state).await;
    lockout(&state).await;
    drop_postgres(&state, &schema).await;
}

/// Login, a forged login form, the session's CSRF token on unsafe requests, logout.
async fn session_lifecycle(state: &AppState) {
    let state = state.clone();

    let signed_out = send(&state, get("/devices/", None)).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        signed_out.location.as_deref(),
        Some("/login?next=%2Fdevices%2F")
    );

    // The login form without its cookie's token is refused.
    let forged = send(
        &state,
        post_form(
            "/login",
            "aurum_login_csrf=one",
            &[],
            "username=alice&password=alice%27s+password&login_csrf=other",
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(cookie_value(&forged.cookies, "aurum_session").is_none());

    let wrong = log_in(&state, "alice", "not it").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.body.contains("wrong user name or password"),
        "{}",
        wrong.body
    );

    let login = log_in(&state, "alice", "alice's password").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    assert_eq!(login.location.as_deref(), Some("/devices/"));
    let session = cookie_value(&login.cookies, "aurum_session").expect("a session cookie");
    let set = login
        .cookies
        .iter()
        .find(|c| c.starts_with("aurum_session="))
        .unwrap();
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(set.contains(attribute), "{set}");
    }
    let cookie = format!("aurum_session={session}");

    let page = send(&state, get("/devices/", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let marker = r#""X-CSRF-Token": ""#;
    let start = page
        .body
        .find(marker)
        .expect("the page carries its CSRF token")
        + marker.len();
    let csrf = &page.body[start..start + page.body[start..].find('"').unwrap()];

    // Unsafe requests without the session's token, or with another, change nothing.
    for extra in [vec![], vec![("x-csrf-token", "not-this-sessions")]] {
        let refused = send(&state, post_form("/logout", &cookie, &extra, "")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert!(refused.body.contains("CSRF token"), "{}", refused.body);
    }
    let cross_site = send(
        &state,
        post_form(
            "/logout",
            &cookie,
            &[("x-csrf-token", csrf), ("sec-fetch-site", "cross-site")],
            "",
        ),
    )
    .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    let still = send(&state, get("/devices/", Some(&cookie))).await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "the refusals kept the session"
    );

    let logout = send(
        &state,
        post_form("/logout", &cookie, &[], &format!("csrf_token={csrf}")),
    )
    .await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    assert_eq!(logout.location.as_deref(), Some("/login"));
    let after = send(&state, get("/devices/", Some(&cookie))).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the session is gone");
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_name_even_for_the_right_one() {
    let (_dir, state) = state().await;
    lockout(&state).await;
}

/// Five wrong passwords for bob lock bob, not alice.
async fn lockout(state: &AppState) {
    let state = state.clone();
    for _ in 0..5 {
        let wrong = log_in(&state, "bob", "guess").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let locked = log_in(&state, "bob", "bob's password").await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert!(
        locked.body.contains("too many failed logins"),
        "{}",
        locked.body
    );
    assert!(cookie_value(&locked.cookies, "aurum_session").is_none());
    // Another name is not locked by bob's guesses.
    let alice = log_in(&state, "alice", "alice's password").await;
    assert_eq!(alice.status, StatusCode::SEE_OTHER);
}

/// Adds the user `carol` holding `grants` and signs her in: her cookie and CSRF token.
async fn carol_signed_in(state: &AppState, grants: &[&str]) -> (String, String) {
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: grants.iter().map(|grant| grant.to_string()).collect(),
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    signed_in(state, "carol", "carol's password").await
}

/// A signed-in user's cookie and the session's CSRF token, read from a page.
async fn signed_in(state: &AppState, user: &str, password: &str) -> (String, String) {
    let login = log_in(state, user, password).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    let session = cookie_value(&login.cookies, "aurum_session").expect("a session cookie");
    let cookie = format!("aurum_session={session}");
    let page = send(state, get("/plans/", Some(&cookie))).await;
    let marker = r#"name="csrf_token" value=""#;
    let start = page.body.find(marker).expect("a form with the CSRF token") + marker.len();
    let csrf = page.body[start..start + page.body[start..].find('"').unwrap()].to_string();
    (cookie, csrf)
}

async fn import(state: &AppState, yaml: &str) {
    use aurum_inventory::{Format, ValidationPolicy, parse_document};
    let document = parse_document(yaml, Format::Yaml, "inventory.yaml").unwrap();
    state
        .services
        .store
        .import(
            &document,
            "inventory.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
}

/// Adds a superuser `name` (password: "NAME's password").
async fn add_admin(state: &AppState, name: &str) {
    state
        .identity
        .add_user(&NewUserRequest {
            name: name.into(),
            password: format!("{name}'s password"),
            superuser: true,
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
}

/// An API request with a token.
fn api(method: &str, path: &str, token: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Token {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}
