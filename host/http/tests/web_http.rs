//! Browser sessions as the web UI's HTTP client meets them, without a browser: a signed-out
//! page goes to the login form; the login form needs its CSRF cookie back; a login sets a
//! session cookie; unsafe requests need the session's CSRF token; five wrong passwords lock a
//! name; logging out ends the session.

use aurum_http::{AppState, app};
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

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

#[tokio::test]
async fn plans_are_approved_and_cancelled_from_their_page_by_who_may() {
    let (_dir, state) = state().await;
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec![
                "view_device".into(),
                "view_config".into(),
                "approve_plan".into(),
            ],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let plan = |device: &str| aurum_store::NewPlan {
        device: device.into(),
        plan_type: "manual".into(),
        features: vec![],
        commands: "ntp server 10.9.9.9\n".into(),
        change_control_id: String::new(),
        change_control_url: String::new(),
        compliance_job: None,
        created_by: "carol".into(),
        compliance_before: String::new(),
    };
    let ids = state
        .services
        .store
        .create_plans(&[plan("r1"), plan("r2")])
        .await
        .unwrap();

    let (cookie, csrf) = signed_in(&state, "carol", "carol's password").await;
    let page = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        page.body
            .contains(&format!(r#"action="/plans/{}/approve""#, ids[0])),
        "{}",
        page.body
    );
    let form = format!("csrf_token={csrf}");
    let approved = send(
        &state,
        post_form(&format!("/plans/{}/approve", ids[0]), &cookie, &[], &form),
    )
    .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let cancelled = send(
        &state,
        post_form(&format!("/plans/{}/cancel", ids[1]), &cookie, &[], &form),
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let status = |id: i64| {
        let store = state.services.store.clone();
        async move { store.plan(id).await.unwrap().status }
    };
    assert_eq!(status(ids[0]).await, aurum_store::PlanStatus::Approved);
    assert_eq!(status(ids[1]).await, aurum_store::PlanStatus::Cancelled);
    let page = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        page.body
            .contains(&format!(r#"action="/plans/{}/deploy""#, ids[0])),
        "an approved plan offers Deploy: {}",
        page.body
    );

    // Carol may approve, not deploy; the refusal names the permission and sends nothing.
    let refused = send(
        &state,
        post_form(&format!("/plans/{}/deploy", ids[0]), &cookie, &[], &form),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("deploy"), "{}", refused.body);
    assert_eq!(status(ids[0]).await, aurum_store::PlanStatus::Approved);
}

#[tokio::test]
async fn a_commands_variables_offer_the_devices_synced_interfaces_vlans_and_addresses() {
    use aurum_inventory::{
        CommandsDocument, DeviceStatus, Format, SyncBatch, SyncedDevice, SyncedInterface,
        SyncedIpAddress, SyncedLocation, SyncedPlatform, SyncedVlan, ValidationPolicy,
        parse_document,
    };
    let (_dir, state) = state().await;
    let store = &state.services.store;
    let batch = SyncBatch {
        source: "nautobot".into(),
        full: true,
        platforms: vec![SyncedPlatform {
            id: "p".into(),
            name: "cisco_ios".into(),
            driver: "cisco_ios".into(),
            description: String::new(),
        }],
        locations: vec![SyncedLocation {
            id: "l".into(),
            name: "ams1".into(),
            parent: None,
            description: String::new(),
        }],
        devices: vec![SyncedDevice {
            id: "d".into(),
            name: "r1".into(),
            address: Some("192.0.2.1".into()),
            platform: Some("p".into()),
            location: Some("l".into()),
            role: None,
            tenant: None,
            secrets_group: None,
            tags: Vec::new(),
            status: DeviceStatus::Active,
            data: serde_json::json!({}),
        }],
        interfaces: vec![SyncedInterface {
            id: "i".into(),
            device: "d".into(),
            name: "GigabitEthernet0/1".into(),
            description: String::new(),
            enabled: true,
        }],
        vlans: vec![SyncedVlan {
            id: "v".into(),
            vid: 42,
            name: "users".into(),
            location: Some("l".into()),
        }],
        ip_addresses: vec![SyncedIpAddress {
            id: "a".into(),
            address: "192.0.2.1/24".into(),
            interface: Some("i".into()),
        }],
        ..SyncBatch::default()
    };
    store.apply_sync(&batch, 0, false).await.unwrap();
    let commands = CommandsDocument::parse(
        "commands:\n  - name: intf\n    command: show interfaces <interface>\n    variables:\n      - { name: interface, kind: interface }\n",
        "commands.yaml",
    )
    .unwrap();
    store.upsert_commands(&commands.commands).await.unwrap();
    // Unused here, but a stray local device must not leak its choices into r1's.
    let other = parse_document("devices:\n  - name: r2\n", Format::Yaml, "r2.yaml").unwrap();
    store
        .import(&other, "r2.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();

    let login = log_in(&state, "alice", "alice's password").await;
    let session = cookie_value(&login.cookies, "aurum_session").expect("a session cookie");
    let page = send(
        &state,
        get("/devices/r1/", Some(&format!("aurum_session={session}"))),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("list=\"choices-interface\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<option value=\"GigabitEthernet0&#x2f;1\">"), // HTML-escaped `/`
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<option value=\"42\">users</option>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<option value=\"192.0.2.1\">"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_postprocessing_tab_renders_secrets_only_for_who_may_see_them_and_keeps_nothing() {
    use aurum_inventory::{Format, ValidationPolicy, parse_document};
    const COMMUNITY: &str = "web-tab-community-7f3a";
    // SAFETY: no other test of this binary reads or writes this variable.
    unsafe { std::env::set_var("AURUM_WEB_TAB_COMMUNITY", COMMUNITY) };
    let (_dir, state) = state().await;
    let store = &state.services.store;
    let inventory = parse_document(
        "secrets_groups:\n  - name: sg\n    secrets: { community: { env: AURUM_WEB_TAB_COMMUNITY } }\ndevices:\n  - name: r1\n    secrets_group: sg\n",
        Format::Yaml,
        "inventory.yaml",
    )
    .unwrap();
    store
        .import(
            &inventory,
            "inventory.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    store
        .save_config_version(
            "r1",
            aurum_store::ConfigKind::Intended,
            "hostname r1\nsnmp-server community {{ \"sg\" | secret(\"community\") }} RO\n",
            None,
        )
        .await
        .unwrap();
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec![
                "view_device".into(),
                "view_config".into(),
                "view_secrets".into(),
            ],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();

    let (cookie, csrf) = signed_in(&state, "carol", "carol's password").await;
    let tab = send(&state, get("/devices/r1/postprocessing/", Some(&cookie))).await;
    assert_eq!(tab.status, StatusCode::OK, "{}", tab.body);
    assert!(
        tab.body.contains("render_secrets") && !tab.body.contains(COMMUNITY),
        "{}",
        tab.body
    );
    let form = format!("csrf_token={csrf}");
    let rendered = send(
        &state,
        post_form("/devices/r1/postprocessing", &cookie, &[], &form),
    )
    .await;
    assert_eq!(rendered.status, StatusCode::OK, "{}", rendered.body);
    assert!(
        rendered
            .body
            .contains(&format!("snmp-server community {COMMUNITY} RO")),
        "{}",
        rendered.body
    );
    assert_eq!(rendered.cache_control.as_deref(), Some("no-store"));
    let unsigned = send(
        &state,
        post_form(
            "/devices/r1/postprocessing",
            &cookie,
            &[],
            "csrf_token=forged",
        ),
    )
    .await;
    assert!(
        !unsigned.body.contains(COMMUNITY),
        "a forged form gets nothing"
    );

    // alice may see the device, not its config: the tab says why, and shows no secret.
    let (cookie, csrf) = signed_in(&state, "alice", "alice's password").await;
    let refused = send(
        &state,
        post_form(
            "/devices/r1/postprocessing",
            &cookie,
            &[],
            &format!("csrf_token={csrf}"),
        ),
    )
    .await;
    assert!(!refused.body.contains(COMMUNITY), "{}", refused.body);
    assert!(
        refused.body.contains("postprocessing-error") && refused.body.contains("view_config"),
        "{}",
        refused.body
    );

    // Nothing of it was kept: in no file of the data directory (database, WAL, repositories).
    let mut folders = vec![_dir.path().to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !bytes
                        .windows(COMMUNITY.len())
                        .any(|w| w == COMMUNITY.as_bytes()),
                    "the secret is in {}",
                    path.display()
                );
            }
        }
    }
}

/// Imports `yaml` as an inventory.
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

#[tokio::test]
async fn switched_off_features_leave_the_navigation_and_are_refused_by_pages_and_the_api() {
    let mut loaded = aurum_config::LoadedConfig::defaults();
    let features = &mut loaded.config.features;
    features.compliance = false;
    features.config_search = false;
    features.toolkit = false;
    features.plans = false;
    features.postprocessing = false;
    let (_dir, state) = state_with(loaded).await;
    import(&state, "devices:\n  - name: r1\n").await;
    add_admin(&state, "root").await;
    let (cookie, csrf) = signed_in(&state, "root", "root's password").await;

    let devices = send(&state, get("/devices/", Some(&cookie))).await;
    assert_eq!(devices.status, StatusCode::OK, "{}", devices.body);
    for gone in ["/compliance/", "/search/", "/plans/"] {
        assert!(
            !devices.body.contains(&format!(r#"href="{gone}""#)),
            "{gone} is still in the navigation: {}",
            devices.body
        );
    }
    for kept in ["/devices/", "/golden/", "/jobs/", "/log/", "/settings/"] {
        assert!(
            devices.body.contains(&format!(r#"href="{kept}""#)),
            "{kept}"
        );
    }
    assert!(!devices.body.contains(r#"<option value="compliance">"#));

    // Pages of a switched-off feature are 404 naming the switch.
    for (path, switch) in [
        ("/compliance/", "compliance"),
        ("/search/", "config_search"),
        ("/search/?q=ntp", "config_search"),
        ("/plans/", "plans"),
        ("/plans/1/", "plans"),
        ("/devices/r1/compliance/", "compliance"),
        ("/devices/r1/postprocessing/", "postprocessing"),
        ("/devices/r1/plans/", "plans"),
    ] {
        let page = send(&state, get(path, Some(&cookie))).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}: {}", page.body);
        assert!(
            page.body.contains("[features]") && page.body.contains(&format!("{switch} = false")),
            "{path}: {}",
            page.body
        );
    }
    // The device opens on a tab that is still on, and offers only those.
    let device = send(&state, get("/devices/r1/", Some(&cookie))).await;
    assert_eq!(device.status, StatusCode::SEE_OTHER);
    assert_eq!(device.location.as_deref(), Some("/devices/r1/configs/"));
    let configs = send(&state, get("/devices/r1/configs/", Some(&cookie))).await;
    assert_eq!(configs.status, StatusCode::OK, "{}", configs.body);
    for gone in [
        "/devices/r1/compliance/",
        "/devices/r1/plans/",
        r#"/devices/r1/""#,
    ] {
        assert!(!configs.body.contains(gone), "{gone}: {}", configs.body);
    }
    let settings = send(&state, get("/settings/", Some(&cookie))).await;
    assert!(
        settings.body.contains("feature-switches"),
        "{}",
        settings.body
    );

    // A job of a switched-off kind is refused before anything is recorded.
    let refused = send(
        &state,
        post_form(
            "/golden/run",
            &cookie,
            &[],
            &format!("csrf_token={csrf}&kind=compliance"),
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    assert!(
        refused.body.contains("compliance = false"),
        "{}",
        refused.body
    );

    // The API refuses the same, as JSON naming the switch.
    let token = state
        .identity
        .issue_token("root", None)
        .await
        .unwrap()
        .token;
    for (method, path, body, switch) in [
        ("GET", "/api/compliance/pivot/", "", "compliance"),
        ("GET", "/api/devices/r1/compliance/", "", "compliance"),
        (
            "GET",
            "/api/devices/r1/postprocessing/",
            "",
            "postprocessing",
        ),
        ("GET", "/api/commands/", "", "toolkit"),
        (
            "POST",
            "/api/toolkit/run",
            r#"{"device": "r1", "command": "show version"}"#,
            "toolkit",
        ),
        ("GET", "/api/plans/", "", "plans"),
        ("POST", "/api/deploy", r#"{"plans": [1]}"#, "plans"),
        (
            "POST",
            "/api/jobs/",
            r#"{"kind": "run-all", "devices": ["r1"]}"#,
            "compliance",
        ),
    ] {
        let answer = send(&state, api(method, path, &token, body)).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {}",
            answer.body
        );
        let error: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        let error = error["error"].as_str().unwrap();
        assert!(
            error.contains(&format!("{switch} = false")),
            "{method} {path}: {error}"
        );
    }
    let owner = aurum_services::identity::Principal::owner();
    let jobs = state.services.golden.jobs(&owner, 10).await.unwrap();
    assert!(jobs.is_empty(), "no job was recorded: {jobs:?}");
}

#[tokio::test]
async fn a_plans_page_shows_its_commands_transcript_failure_compliance_and_the_users_actions() {
    let (_dir, state) = state().await;
    import(&state, "devices:\n  - name: r1\n").await;
    add_admin(&state, "root").await;
    state
        .identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec![
                "view_device".into(),
                "view_config".into(),
                "approve_plan".into(),
            ],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let store = &state.services.store;
    let ids = store
        .create_plans(&[aurum_store::NewPlan {
            device: "r1".into(),
            plan_type: "remediation".into(),
            features: vec!["snmp".into()],
            commands: "snmp-server community {{ \"sg\" | secret(\"community\") }} RO\nntp server 10.9.9.9\n".into(),
            change_control_id: "CHG-4711".into(),
            change_control_url: "https://itsm.example.net/CHG-4711".into(),
            compliance_job: None,
            created_by: "carol".into(),
            compliance_before: r#"{"snmp": false, "ntp": true}"#.into(),
        }])
        .await
        .unwrap();
    let id = ids[0];
    assert!(store.approve_plan(id, "root").await.unwrap());
    // A deploy that stopped at the second line, as the deploy job records one.
    let job = store.start_job("deploy", "plans", "root").await.unwrap();
    store
        .add_pending_devices(job, &[("r1".into(), String::new())])
        .await
        .unwrap();
    assert!(store.claim_plan(id, job).await.unwrap());
    store
        .record_device_result(
            job,
            &aurum_store::DeviceOutcome {
                device: "r1".into(),
                status: aurum_store::OutcomeStatus::Failed,
                changed: false,
                error: "line 2 `ntp server 10.9.9.9` was refused: % Invalid input".into(),
            },
        )
        .await
        .unwrap();
    store
        .finish_job(job, aurum_store::JobStatus::Failed, "1 failed", &[])
        .await
        .unwrap();
    store
        .finish_plan(
            id,
            &aurum_store::PlanOutcome {
                status: aurum_store::PlanStatus::Failed,
                output:
                    "> snmp-server community <secret> RO\n> ntp server 10.9.9.9\n% Invalid input\n"
                        .into(),
                pre_change: Some("hostname r1\n".into()),
                checkpoint: Some("aurum-plan-1".into()),
            },
        )
        .await
        .unwrap();
    store
        .set_plan_compliance_after(id, r#"{"snmp": true, "ntp": true}"#)
        .await
        .unwrap();

    let (cookie, _) = signed_in(&state, "root", "root's password").await;
    let list = send(&state, get("/plans/", Some(&cookie))).await;
    assert!(
        list.body.contains(&format!(r#"href="/plans/{id}/""#)),
        "{}",
        list.body
    );
    let tab = send(&state, get("/devices/r1/plans/", Some(&cookie))).await;
    assert_eq!(tab.status, StatusCode::OK, "{}", tab.body);
    assert!(
        tab.body.contains(&format!(r#"href="/plans/{id}/""#)),
        "{}",
        tab.body
    );

    let page = send(&state, get(&format!("/plans/{id}/"), Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "Failed",
        "remediation",
        "by carol",
        "by root",
        "CHG-4711",
        // minijinja escapes `/` in HTML; browsers read it back.
        r#"href="https:&#x2f;&#x2f;itsm.example.net&#x2f;CHG-4711""#,
        // The secret is still its template reference, escaped as HTML.
        "secret(&quot;community&quot;)",
        "% Invalid input",
        "line 2 `ntp server 10.9.9.9` was refused",
        &format!(r#"href="/jobs/{job}/""#),
        "not compliant",
        &format!(r#"action="/plans/{id}/cancel""#),
        &format!(r#"action="/plans/{id}/rollback""#),
        "hostname r1",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    assert!(
        !page
            .body
            .contains(&format!(r#"action="/plans/{id}/deploy""#))
    );

    // Carol may cancel, not roll back: her page offers only that, and it returns here.
    let (carol, carol_csrf) = signed_in(&state, "carol", "carol's password").await;
    let page = send(&state, get(&format!("/plans/{id}/"), Some(&carol))).await;
    assert!(
        page.body
            .contains(&format!(r#"action="/plans/{id}/cancel""#))
    );
    assert!(
        !page
            .body
            .contains(&format!(r#"action="/plans/{id}/rollback""#))
    );
    let forged = send(
        &state,
        post_form(
            &format!("/plans/{id}/cancel"),
            &carol,
            &[],
            "csrf_token=forged",
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let refused = send(
        &state,
        post_form(
            &format!("/plans/{id}/rollback"),
            &carol,
            &[],
            &format!("csrf_token={carol_csrf}"),
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let cancelled = send(
        &state,
        post_form(
            &format!("/plans/{id}/cancel"),
            &carol,
            &[],
            &format!("csrf_token={carol_csrf}"),
        ),
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    assert_eq!(cancelled.location, Some(format!("/plans/{id}/")));
    assert_eq!(
        store.plan(id).await.unwrap().status,
        aurum_store::PlanStatus::Cancelled
    );
}
