//! A command's variables offered from synced data; the postprocessing tab and its secrets;
//! switched-off features.

use super::*;
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

/// The Toolkit tab's run, as the API's: over the device's rate limit it answers 429 with the
/// seconds until the next slot, and sends nothing.
#[tokio::test]
async fn a_run_from_the_toolkit_tab_over_the_limit_is_429_with_retry_after() {
    let mut loaded = aurum_config::LoadedConfig::defaults();
    loaded.config.toolkit.rate_limit.commands = 1;
    loaded.config.toolkit.rate_limit.window_secs = 600;
    let (_dir, state) = state_with(loaded).await;
    add_admin(&state, "root").await;
    {
        use aurum_inventory::{Format, ValidationPolicy, parse_document};
        let yaml = "secrets_groups:\n  - { name: lab, username: { literal: u }, password: { literal: p } }\n\
                    devices:\n  - { name: r1, address: 127.0.0.1, port: 1, platform: cisco_ios, secrets_group: lab }\n";
        let mut document = parse_document(yaml, Format::Yaml, "inventory.yaml").unwrap();
        document.platforms = aurum_inventory::shipped_platforms();
        let store = &state.services.store;
        let policy = ValidationPolicy {
            allow_literal_secrets: true,
        };
        store
            .import(&document, "inventory.yaml", policy, false)
            .await
            .unwrap();
    }
    state
        .services
        .store
        .reserve_rate_slot("r1", 1, 600_000)
        .await
        .unwrap();
    let (cookie, csrf) = signed_in(&state, "root", "root's password").await;
    let refused = send(
        &state,
        post_form(
            "/devices/r1/run",
            &cookie,
            &[],
            &format!("csrf_token={csrf}&text=show+clock"),
        ),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    let retry: u64 = refused.retry_after.expect("Retry-After").parse().unwrap();
    assert!((590..=600).contains(&retry), "{retry}");
    assert!(refused.body.contains("rate limit"), "{}", refused.body);
}
