//! Accessibility basics of every page, checked in the HTML a signed-in administrator gets on
//! a seeded data set (devices with backup and intended history, compliance results, saved
//! commands with variables, a job, a command-log entry, a plan): every form field labelled,
//! every image with `alt`, links and buttons named, tables with headers, no positive
//! `tabindex`, `lang`, a title, one `h1` and the skip link (see `support/html.rs`).

#[path = "support/html.rs"]
mod html;

use aurum_http::{AppState, app};
use aurum_inventory::{CommandsDocument, Format, ValidationPolicy, parse_document};
use aurum_services::identity::NewUserRequest;
use aurum_store::{
    ComplianceRow, ConfigKind, DeviceOutcome, DeviceResult, JobStatus, NewPlan, OutcomeStatus,
    Store, StoreOptions,
};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

const INVENTORY: &str = "
locations:
  - { name: ams1 }
roles:
  - { name: edge }
tags:
  - { name: lab }
saved_filters:
  - { name: edges, filter: { role: [edge] } }
devices:
  - { name: r1, address: 192.0.2.1, platform: cisco_ios, location: ams1, role: edge, tags: [lab] }
  - { name: r2, address: 192.0.2.2, platform: cisco_ios, location: ams1, role: edge }
";

const COMMANDS: &str = "commands:
  - name: intf
    command: show interfaces <interface>
    variables:
      - { name: interface, kind: interface }
  - name: set-description
    kind: config
    command: description <text>
    variables:
      - { name: text }
";

async fn seeded() -> (tempfile::TempDir, AppState, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
        .await
        .unwrap();
    let mut document = parse_document(INVENTORY, Format::Yaml, "inventory.yaml").unwrap();
    document.platforms = aurum_inventory::shipped_platforms();
    store
        .import(
            &document,
            "inventory.yaml",
            ValidationPolicy::default(),
            false,
        )
        .await
        .unwrap();
    let commands = CommandsDocument::parse(COMMANDS, "commands.yaml").unwrap();
    store.upsert_commands(&commands.commands).await.unwrap();
    for (kind, texts) in [
        (
            ConfigKind::Backup,
            [
                "hostname r1\nntp server 10.0.0.1\n",
                "hostname r1\nntp server 10.0.0.2\n",
            ],
        ),
        (
            ConfigKind::Intended,
            [
                "hostname r1\nntp server 10.0.0.9\n",
                "hostname r1\nntp server 10.0.0.2\n",
            ],
        ),
    ] {
        for text in texts {
            store
                .save_config_version("r1", kind, text, None)
                .await
                .unwrap();
        }
    }
    let job = store.start_job("compliance", "all", "root").await.unwrap();
    store
        .add_pending_devices(job, &[("r1".into(), "default".into())])
        .await
        .unwrap();
    let row = |feature: &str, compliant: bool| ComplianceRow {
        device: "r1".into(),
        feature: feature.into(),
        platform: "cisco_ios".into(),
        compliant,
        ordered: false,
        missing: if compliant {
            String::new()
        } else {
            "ntp server 10.0.0.9".into()
        },
        extra: String::new(),
        actual: "ntp server 10.0.0.2".into(),
        intended: "ntp server 10.0.0.9".into(),
        remediation: if compliant {
            String::new()
        } else {
            "ntp server 10.0.0.9".into()
        },
    };
    store
        .record_device_results(
            job,
            &mut [DeviceResult {
                outcome: DeviceOutcome {
                    device: "r1".into(),
                    status: OutcomeStatus::NonCompliant,
                    changed: false,
                    error: String::new(),
                },
                compliance: Some(vec![row("ntp", false), row("hostname", true)]),
                version: None,
            }],
        )
        .await
        .unwrap();
    store
        .finish_job(job, JobStatus::Partial, "1 non-compliant", &[])
        .await
        .unwrap();
    let plan = store
        .create_plans(&[NewPlan {
            device: "r1".into(),
            plan_type: "remediation".into(),
            features: vec!["ntp".into()],
            commands: "ntp server 10.0.0.9\n".into(),
            change_control_id: "CHG-1".into(),
            change_control_url: "https://itsm.example.net/CHG-1".into(),
            compliance_job: Some(job),
            created_by: "root".into(),
            compliance_before: r#"{"ntp": false, "hostname": true}"#.into(),
        }])
        .await
        .unwrap()[0];
    let loaded = aurum_config::LoadedConfig::defaults();
    let state = AppState::new(aurum_services::Services::over(store, &loaded, dir.path()).unwrap());
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
    (dir, state, job, plan)
}

async fn fetch(
    state: &AppState,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, Vec<String>, String) {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app(state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, cookies, String::from_utf8_lossy(&body).into_owned())
}

fn cookie_value(cookies: &[String], name: &str) -> String {
    cookies
        .iter()
        .filter_map(|c| c.split(';').next()?.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .unwrap_or_else(|| panic!("no {name} cookie in {cookies:?}"))
}

/// Logs `root` in through the form; the session cookie.
async fn log_in(state: &AppState) -> String {
    let (_, cookies, _) = fetch(state, "/login", None).await;
    let token = cookie_value(&cookies, "aurum_login_csrf");
    let body = serde_urlencoded::to_string([
        ("username", "root"),
        ("password", "root's password"),
        ("login_csrf", token.as_str()),
        ("next", "/"),
    ])
    .unwrap();
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("aurum_login_csrf={token}"))
        .body(Body::from(body))
        .unwrap();
    let response = app(state.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<String> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    format!("aurum_session={}", cookie_value(&cookies, "aurum_session"))
}

#[tokio::test]
async fn every_page_labels_its_fields_names_its_controls_and_has_one_h1() {
    let (_dir, state, job, plan) = seeded().await;
    let (status, _, login) = fetch(&state, "/login", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut failures: Vec<String> = html::problems(&login)
        .into_iter()
        .map(|p| format!("/login: {p}"))
        .collect();
    let cookie = log_in(&state).await;
    let pages = [
        "/".to_string(),
        "/golden/".into(),
        "/golden/?q=r&state=ok&sort=-backup".into(),
        "/golden/?per_page=1&page=2".into(),
        "/devices/".into(),
        "/devices/?location=ams1&sort=-name".into(),
        "/devices/r1/".into(),
        "/devices/r1/configs/".into(),
        "/devices/r1/configs/?kind=intended&from=1&to=2".into(),
        "/devices/r1/compliance/".into(),
        "/devices/r1/compliance/?feature=ntp".into(),
        "/devices/r1/postprocessing/".into(),
        "/devices/r1/plans/".into(),
        "/compliance/".into(),
        "/search/".into(),
        "/search/?q=ntp&kind=backup".into(),
        "/jobs/".into(),
        "/jobs/?kind=backup&sort=-kind".into(),
        format!("/jobs/{job}/"),
        "/log/".into(),
        "/log/?q=show&outcome=ok&sort=-device".into(),
        "/settings/".into(),
        "/plans/".into(),
        format!("/plans/{plan}/"),
        "/tokens/".into(),
        // An error page is a page too.
        "/devices/no-such-device/".into(),
    ];
    for path in &pages {
        let (status, _, body) = fetch(&state, path, Some(&cookie)).await;
        let expected = if path.contains("no-such-device") {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}: {body}");
        if path == "/compliance/" {
            // The pivot's columns are the checked features (not the [features] switches).
            assert!(body.contains("<th>ntp</th>"), "{body}");
        }
        failures.extend(
            html::problems(&body)
                .into_iter()
                .map(|p| format!("{path}: {p}")),
        );
    }
    assert!(
        failures.is_empty(),
        "accessibility problems:\n{}",
        failures.join("\n")
    );
}
