//! The REST API through the real app (`oneshot`): authentication (401), one missing
//! permission (403), success with it (200/201/204), an object-level constraint that hides and
//! refuses devices outside its saved filter (404 like a missing device), NetBox pagination,
//! and 429 with `Retry-After` on the toolkit's single and bulk paths.

use aurum_config::LoadedConfig;
use aurum_http::{AppState, app};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::Services;
use aurum_services::identity::NewUserRequest;
use aurum_store::{Store, StoreOptions};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

const INVENTORY: &str = "
secrets_groups:
  - { name: lab, username: { literal: admin }, password: { literal: pw } }
saved_filters:
  - { name: branch, filter: { role: [branch] } }
roles:
  - { name: branch }
  - { name: core }
devices:
  - { name: br1, address: 127.0.0.1, port: 1, platform: cisco_ios, role: branch, secrets_group: lab }
  - { name: br2, address: 127.0.0.1, port: 1, platform: cisco_ios, role: branch, secrets_group: lab }
  - { name: core1, address: 127.0.0.1, port: 1, platform: cisco_ios, role: core, secrets_group: lab }
";

struct Api {
    _dir: tempfile::TempDir,
    state: AppState,
}

struct Reply {
    status: StatusCode,
    retry_after: Option<String>,
    body: serde_json::Value,
}

impl Api {
    async fn start() -> Api {
        Api::start_with(|_, _| {}).await
    }

    /// [`Api::start`], with `configure` changing the configuration (given the data
    /// directory) before the services open.
    async fn start_with(configure: impl FnOnce(&mut LoadedConfig, &std::path::Path)) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let mut doc = parse_document(INVENTORY, Format::Yaml, "lab.yaml").unwrap();
        doc.platforms = shipped_platforms();
        store
            .import(
                &doc,
                "lab.yaml",
                ValidationPolicy {
                    allow_literal_secrets: true,
                },
                false,
            )
            .await
            .unwrap();
        let mut loaded = LoadedConfig::defaults();
        loaded.config.toolkit.rate_limit.commands = 1;
        loaded.config.toolkit.rate_limit.window_secs = 600;
        loaded.config.ssh.retry_attempts = 1;
        loaded.config.ssh.connect_timeout_secs = 1;
        configure(&mut loaded, dir.path());
        let services = Services::over(store, &loaded, dir.path()).unwrap();
        Api {
            state: AppState::new(services),
            _dir: dir,
        }
    }

    /// A user with these grants, and a token of theirs.
    async fn user(&self, name: &str, superuser: bool, grants: &[&str]) -> String {
        self.state
            .identity
            .add_user(&NewUserRequest {
                name: name.into(),
                password: format!("{name}'s password"),
                superuser,
                permissions: grants.iter().map(|g| g.to_string()).collect(),
                ..NewUserRequest::default()
            })
            .await
            .unwrap();
        self.state
            .identity
            .issue_token(name, None)
            .await
            .unwrap()
            .token
    }

    async fn send(&self, method: Method, path: &str, body: &str, token: Option<&str>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Token {token}"));
        }
        if !body.is_empty() {
            request = request.header("content-type", "application/json");
        }
        let response = app(self.state.clone())
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("{path}: not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        Reply {
            status,
            retry_after,
            body,
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, "", token).await
    }
}

fn names(body: &serde_json::Value) -> Vec<&str> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn devices_list_filter_page_and_hide_what_a_scoped_grant_does_not_cover() {
    let api = Api::start().await;
    let admin = api.user("root", true, &[]).await;
    let bob = api
        .user("bob", false, &["view_device:branch", "execute_show:branch"])
        .await;

    let refused = api.get("/api/devices/", None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.body["error"].as_str().unwrap().contains("Token"));

    let all = api.get("/api/devices", Some(&admin)).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(names(&all.body), ["br1", "br2", "core1"]);
    assert_eq!(all.body["count"], 3);

    let page = api
        .get("/api/devices/?limit=1&offset=1", Some(&admin))
        .await;
    assert_eq!(names(&page.body), ["br2"]);
    assert_eq!(page.body["next"], "/api/devices/?limit=1&offset=2");
    assert_eq!(page.body["previous"], "/api/devices/?limit=1&offset=0");
    let filtered = api.get("/api/devices/?role=core", Some(&admin)).await;
    assert_eq!(names(&filtered.body), ["core1"]);
    let searched = api.get("/api/devices/?q=BR", Some(&admin)).await;
    assert_eq!(names(&searched.body), ["br1", "br2"]);
    let bad = api.get("/api/devices/?colour=red", Some(&admin)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body["error"]
            .as_str()
            .unwrap()
            .contains("unknown field")
    );

    // The scoped user sees the branch devices only, and the core is "no device".
    let scoped = api.get("/api/devices/", Some(&bob)).await;
    assert_eq!(names(&scoped.body), ["br1", "br2"]);
    let hidden = api.get("/api/devices/core1/", Some(&bob)).await;
    let missing = api.get("/api/devices/nope/", Some(&bob)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden.body["error"].as_str().unwrap().replace("core1", "X"),
        missing.body["error"].as_str().unwrap().replace("nope", "X")
    );
    assert_eq!(
        api.get("/api/devices/br1", Some(&bob)).await.status,
        StatusCode::OK
    );
    let pivot = api.get("/api/compliance/pivot/", Some(&bob)).await;
    assert_eq!(pivot.status, StatusCode::OK);
    assert_eq!(pivot.body["count"], 2);

    // Secrets groups show which credentials they have, never a value or reference.
    let groups = api.get("/api/secrets-groups/", Some(&admin)).await;
    assert_eq!(groups.body["results"][0]["has_password"], true);
    assert!(!groups.body.to_string().contains("pw"), "{}", groups.body);
    assert_eq!(
        api.get("/api/secrets-groups/", Some(&bob)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_pivot_follows_what_another_process_writes() {
    use aurum_store::{ComplianceRow, DeviceOutcome, DeviceResult, OutcomeStatus};
    let api = Api::start().await;
    let admin = api.user("root", true, &[]).await;
    let first = api.get("/api/compliance/pivot/", Some(&admin)).await;
    assert_eq!(first.body["count"], 3);
    assert_eq!(first.body["features"], serde_json::json!([]));

    // Another process on the same database (a worker, the CLI) adds a device and checks it.
    let other = Store::open_in_data_dir(api._dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let more = parse_document(
        "devices:\n  - { name: br3, address: 127.0.0.1 }\n",
        Format::Yaml,
        "more.yaml",
    )
    .unwrap();
    other
        .import(&more, "more.yaml", ValidationPolicy::default(), false)
        .await
        .unwrap();
    let job = other
        .start_job("compliance", "all", "cli:ops")
        .await
        .unwrap();
    other
        .add_pending_devices(job, &[("br3".to_string(), "default".to_string())])
        .await
        .unwrap();
    let result = DeviceResult {
        outcome: DeviceOutcome {
            device: "br3".into(),
            status: OutcomeStatus::NonCompliant,
            changed: false,
            error: String::new(),
        },
        compliance: Some(vec![ComplianceRow {
            device: "br3".into(),
            feature: "ntp".into(),
            platform: "cisco_ios".into(),
            compliant: false,
            ordered: false,
            missing: "ntp server 10.0.0.1".into(),
            extra: String::new(),
            actual: String::new(),
            intended: "ntp server 10.0.0.1".into(),
            remediation: "ntp server 10.0.0.1".into(),
        }]),
        version: None,
    };
    other
        .record_device_results(job, &mut [result])
        .await
        .unwrap();

    let after = api.get("/api/compliance/pivot/?q=BR3", Some(&admin)).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.body["count"], 1, "{}", after.body);
    assert_eq!(after.body["features"], serde_json::json!(["ntp"]));
    assert_eq!(after.body["results"][0]["device"], "br3");
    assert_eq!(after.body["results"][0]["features"]["ntp"], false);
    assert_eq!(
        api.get("/api/compliance/pivot/", Some(&admin)).await.body["count"],
        4
    );

    other.delete_device("br3").await.unwrap();
    let gone = api.get("/api/compliance/pivot/", Some(&admin)).await;
    assert_eq!(gone.body["count"], 3, "{}", gone.body);
    assert!(!gone.body.to_string().contains("br3"), "{}", gone.body);
}

#[tokio::test]
async fn every_device_write_needs_its_one_permission() {
    let api = Api::start().await;
    let viewer = api.user("viewer", false, &["view_device"]).await;
    let adder = api
        .user("adder", false, &["view_device", "add_device"])
        .await;
    let changer = api
        .user("changer", false, &["view_device", "change_device"])
        .await;
    let deleter = api
        .user("deleter", false, &["view_device", "delete_device"])
        .await;
    let scoped = api
        .user("scoped", false, &["view_device", "add_device:branch"])
        .await;
    let new = r#"{"name":"br3","address":"127.0.0.1","platform":"cisco_ios","role":"branch","secrets_group":"lab"}"#;
    let changed = r#"{"name":"br3","address":"127.0.0.2","platform":"cisco_ios","role":"branch","secrets_group":"lab"}"#;

    for (method, path, body, allowed) in [
        (Method::POST, "/api/devices/", new, &adder),
        (Method::PUT, "/api/devices/br3/", changed, &changer),
        (Method::DELETE, "/api/devices/br3/", "", &deleter),
    ] {
        let anonymous = api.send(method.clone(), path, body, None).await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
        let refused = api.send(method.clone(), path, body, Some(&viewer)).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            refused.body
        );
        assert!(refused.body["error"].as_str().unwrap().contains("`viewer`"));
        let done = api.send(method.clone(), path, body, Some(allowed)).await;
        assert!(
            done.status.is_success(),
            "{method} {path}: {} {}",
            done.status,
            done.body
        );
    }
    assert_eq!(
        api.get("/api/devices/br3/", Some(&viewer)).await.status,
        StatusCode::NOT_FOUND
    );

    // A scoped add covers only devices its filter matches.
    let created = api
        .send(Method::POST, "/api/devices", new, Some(&scoped))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["address"], "127.0.0.1");
    let core = r#"{"name":"core2","platform":"cisco_ios","role":"core"}"#;
    let refused = api
        .send(Method::POST, "/api/devices", core, Some(&scoped))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let twice = api
        .send(Method::POST, "/api/devices", new, Some(&scoped))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let invalid = r#"{"name":"x1","platform":"no_such_platform"}"#;
    let rejected = api
        .send(Method::POST, "/api/devices", invalid, Some(&adder))
        .await;
    assert_eq!(
        rejected.status,
        StatusCode::BAD_REQUEST,
        "{}",
        rejected.body
    );
}

#[tokio::test]
async fn commands_jobs_and_configs_need_their_permissions() {
    let api = Api::start().await;
    let nobody = api.user("nobody", false, &[]).await;
    let runner = api
        .user("runner", false, &["run_job:branch", "view_device"])
        .await;
    let show = r#"{"device":"br1","command":"show clock"}"#;
    let start = r#"{"kind":"backup","devices":["br1"]}"#;
    for (method, path, body) in [
        (Method::POST, "/api/toolkit/run", show),
        (
            Method::POST,
            "/api/toolkit/bulk",
            r#"{"filter":{"role":["branch"]},"command":"show clock"}"#,
        ),
        (Method::POST, "/api/jobs/", start),
    ] {
        assert_eq!(
            api.send(method.clone(), path, body, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        let refused = api.send(method.clone(), path, body, Some(&nobody)).await;
        assert!(
            matches!(
                refused.status,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST
            ),
            "{path}: {} {}",
            refused.status,
            refused.body
        );
    }
    for path in [
        "/api/command-log/",
        "/api/command-log/stats",
        "/api/commands/",
        "/api/settings/",
        "/api/jobs/",
        "/api/platforms/",
    ] {
        assert_eq!(
            api.get(path, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            api.get(path, Some(&nobody)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Config versions need view_config on the device (a visible device: 403, not 404).
    let viewer = api.user("viewer", false, &["view_device"]).await;
    let configs = api
        .get("/api/devices/br1/configs/backup/", Some(&viewer))
        .await;
    assert_eq!(configs.status, StatusCode::FORBIDDEN);
    let config_viewer = api
        .user("auditor", false, &["view_device", "view_config"])
        .await;
    let configs = api
        .get("/api/devices/br1/configs/backup/", Some(&config_viewer))
        .await;
    assert_eq!(configs.status, StatusCode::OK);
    assert_eq!(configs.body, serde_json::json!([]));
    let missing = api
        .get("/api/devices/br1/configs/backup/1/", Some(&config_viewer))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // A scoped run_job starts a job on its devices and not on the core.
    let started = api
        .send(Method::POST, "/api/jobs/", start, Some(&runner))
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let job = started.body["job"].as_i64().unwrap();
    let shown = api.get(&format!("/api/jobs/{job}/"), Some(&runner)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["devices"][0]["device"], "br1");
    let core = r#"{"kind":"backup","devices":["core1"]}"#;
    let refused = api
        .send(Method::POST, "/api/jobs/", core, Some(&runner))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body["error"]
            .as_str()
            .unwrap()
            .contains("no device matches")
    );
    api.state.services.golden.stop_local_worker().await;
}

#[tokio::test]
async fn every_command_path_answers_429_with_retry_after_when_the_limit_is_reached() {
    let api = Api::start_with(|loaded, _| {
        loaded.config.toolkit.rate_limit.bypass_groups = vec!["automation".into()];
    })
    .await;
    let operator = api
        .user("operator", false, &["view_device", "execute_show"])
        .await;
    // A run already took br1's one slot of the window.
    api.state
        .store
        .reserve_rate_slot("br1", 1, 600_000)
        .await
        .unwrap();
    let single = api
        .send(
            Method::POST,
            "/api/toolkit/run",
            r#"{"device":"br1","command":"show clock"}"#,
            Some(&operator),
        )
        .await;
    assert_eq!(
        single.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        single.body
    );
    let retry: u64 = single.retry_after.unwrap().parse().unwrap();
    assert!((590..=600).contains(&retry), "{retry}");
    assert!(
        single.body["error"]
            .as_str()
            .unwrap()
            .contains("rate limit")
    );

    let bulk = api
        .send(
            Method::POST,
            "/api/toolkit/bulk",
            r#"{"filter":{"name":["br1"]},"command":"show clock"}"#,
            Some(&operator),
        )
        .await;
    assert_eq!(bulk.status, StatusCode::TOO_MANY_REQUESTS, "{}", bulk.body);
    assert!(bulk.retry_after.is_some());
    assert_eq!(bulk.body["results"][0]["device"], "br1");

    // The log records the refusals, and reading it is its own permission.
    let admin = api.user("root", true, &[]).await;
    let log = api.get("/api/command-log/?device=br1", Some(&admin)).await;
    assert_eq!(log.status, StatusCode::OK);
    assert_eq!(log.body["count"], 2);
    assert_eq!(log.body["results"][0]["username"], "operator");

    // A member of a bypass group is not held to the limit: its run reaches the device (which
    // refuses the connection here).
    api.state
        .identity
        .add_group("automation", &["execute_show".into()])
        .await
        .unwrap();
    api.state
        .identity
        .add_user(&NewUserRequest {
            name: "bot".into(),
            password: "bot's password".into(),
            groups: vec!["automation".into()],
            permissions: vec!["view_device".into()],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let bot = api
        .state
        .identity
        .issue_token("bot", None)
        .await
        .unwrap()
        .token;
    let bypassed = api
        .send(
            Method::POST,
            "/api/toolkit/run",
            r#"{"device":"br1","command":"show clock"}"#,
            Some(&bot),
        )
        .await;
    assert_eq!(bypassed.status, StatusCode::OK, "{}", bypassed.body);
    assert_eq!(bypassed.body["success"], false, "{}", bypassed.body);
    assert!(bypassed.retry_after.is_none());
}

#[tokio::test]
async fn metrics_count_requests_and_foreign_host_names_are_refused() {
    let api = Api::start().await;
    let admin = api.user("root", true, &[]).await;
    assert_eq!(
        api.get("/metrics", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    api.get("/api/devices/", Some(&admin)).await;

    let request = |host: &str| {
        Request::get("/api/devices/")
            .header("host", host)
            .header("authorization", format!("Token {admin}"))
            .body(Body::empty())
            .unwrap()
    };
    let foreign = app(api.state.clone())
        .oneshot(request("rebind.example:8080"))
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::MISDIRECTED_REQUEST);
    let local = app(api.state.clone())
        .oneshot(request("localhost:8080"))
        .await
        .unwrap();
    assert_eq!(local.status(), StatusCode::OK);

    let response = app(api.state.clone())
        .oneshot(
            Request::get("/metrics")
                .header("authorization", format!("Token {admin}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        text.contains("aurum_http_requests_total{route=\"/api/devices/\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(text.contains("status=\"421\""), "{text}");
    assert!(
        text.contains("aurum_command_runs_total{outcome=\"failed\"} 0"),
        "{text}"
    );
}

#[tokio::test]
async fn a_settings_rules_are_read_with_view_config() {
    let api = Api::start_with(|loaded, dir| {
        let file = dir.join("properties.yml");
        std::fs::write(
            &file,
            "compliance_features:\n  - { name: ntp }\ncompliance_rules:\n  - { feature_slug: ntp, platform_network_driver: cisco_ios, match_config: \"ntp server\" }\nconfig_removes:\n  - { name: clock, platform_network_driver: cisco_ios, regex: \"^! Last configuration change.*\" }\n",
        )
        .unwrap();
        let setting = aurum_config::GoldenSetting {
            properties: Some(file),
            ..aurum_config::GoldenSetting::default()
        };
        loaded.config.golden.settings.insert("lab".into(), setting);
    })
    .await;
    let viewer = api.user("viewer", false, &["view_device"]).await;
    let auditor = api.user("auditor", false, &["view_config"]).await;
    let path = "/api/settings/lab/properties/";
    assert_eq!(api.get(path, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        api.get(path, Some(&viewer)).await.status,
        StatusCode::FORBIDDEN
    );
    let read = api.get(path, Some(&auditor)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let properties = &read.body["properties"];
    assert_eq!(properties["compliance_rules"][0]["feature_slug"], "ntp");
    assert_eq!(
        properties["compliance_rules"][0]["match_config"],
        "ntp server"
    );
    assert_eq!(properties["config_removes"][0]["name"], "clock");
    assert!(
        read.body["path"]
            .as_str()
            .unwrap()
            .ends_with("properties.yml")
    );
    let unknown = api
        .get("/api/settings/nope/properties", Some(&auditor))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.body["error"].as_str().unwrap().contains("lab"),
        "{}",
        unknown.body
    );
}
