//! The command toolkit end to end: inventory devices served by the simulator, the shipped
//! WASM drivers loaded through the plugin registry, permissions, the rate limit and the log.

use aurum_config::Config;
use aurum_inventory::{CommandKind, DeviceFilter};
use aurum_services::ServiceError;
use aurum_services::identity::{IdentityService, NewUserRequest, Permission};
use aurum_services::toolkit::{CommandRequest, Principal};
use aurum_sim::Faults;
use aurum_store::CommandLogQuery;

mod common;

use common::Lab;

async fn lab(configure: impl FnOnce(&mut Config)) -> Lab {
    Lab::start(5, |config, _| configure(config)).await
}

fn alice() -> Principal {
    Principal::user("alice", &["noc"]).granted(&["execute_show"])
}

fn show(text: &str) -> CommandRequest {
    CommandRequest::Text {
        text: text.into(),
        kind: CommandKind::Show,
    }
}

#[tokio::test]
async fn show_commands_run_on_every_platform_through_the_wasm_drivers() {
    let lab = lab(|_| {}).await;
    let devices = lab
        .store
        .devices(&DeviceFilter::parse_terms(&["role=lab"]).unwrap())
        .await
        .unwrap();
    let simulated: Vec<_> = devices
        .into_iter()
        .filter(|d| d.name.starts_with("sim-"))
        .collect();
    assert_eq!(simulated.len(), 5);
    let results = lab
        .toolkit
        .run_many(&alice(), simulated, &show("show version"), |_| {})
        .await;
    for result in &results {
        let outcome = result.as_ref().unwrap();
        assert!(outcome.success, "{}: {:?}", outcome.device, outcome.error);
        assert_eq!(outcome.transport, "russh");
        assert!(!outcome.output.is_empty());
    }
    let log = lab
        .store
        .command_log(&CommandLogQuery::default())
        .await
        .unwrap();
    assert_eq!(log.len(), 5);
    assert!(
        log.iter()
            .all(|e| e.success && e.username == "alice" && e.command == "show version")
    );
}

#[tokio::test]
async fn config_commands_need_their_own_permission() {
    let lab = lab(|config| config.toolkit.config_groups = vec!["netops".into()]).await;
    let device = lab.store.device("sim-ios-0001").await.unwrap();
    let change = CommandRequest::Text {
        text: "ntp server 192.0.2.55".into(),
        kind: CommandKind::Config,
    };
    // A refusal that quotes a secret is logged masked, in its command and its error.
    let secret = CommandRequest::Text {
        text: "snmp-server community n3w-s3cret RW".into(),
        kind: CommandKind::Config,
    };
    lab.toolkit
        .run(&alice(), &device, &secret)
        .await
        .unwrap_err();
    let refused = lab
        .toolkit
        .run(&alice(), &device, &change)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, ServiceError::PermissionDenied { .. }),
        "{refused:?}"
    );
    assert!(
        refused
            .to_string()
            .contains("user `alice` may not run config commands"),
        "{refused}"
    );
    assert!(
        !lab.fleet
            .device("sim-ios-0001")
            .unwrap()
            .running_config()
            .contains("192.0.2.55")
    );

    // `config_groups` matches the groups of a real, stored user.
    let identity = IdentityService::new(lab.store.clone());
    identity.add_group("netops", &[]).await.unwrap();
    identity
        .add_user(&NewUserRequest {
            name: "bob".into(),
            password: "bob's password".into(),
            groups: vec!["netops".into()],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let bob = identity
        .authenticate_password("bob", "bob's password")
        .await
        .unwrap();
    assert_eq!(bob.groups, ["netops"]);
    let outcome = lab.toolkit.run(&bob, &device, &change).await.unwrap();
    assert!(outcome.success, "{:?}", outcome.error);
    assert!(
        lab.fleet
            .device("sim-ios-0001")
            .unwrap()
            .running_config()
            .contains("ntp server 192.0.2.55")
    );

    // So does a user granted `execute_config`, in no list.
    identity
        .add_user(&NewUserRequest {
            name: "carol".into(),
            password: "carol's password".into(),
            permissions: vec![Permission::EXECUTE_CONFIG.to_string()],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let carol = identity
        .authenticate_password("carol", "carol's password")
        .await
        .unwrap();
    let outcome = lab.toolkit.run(&carol, &device, &change).await.unwrap();
    assert!(outcome.success, "{:?}", outcome.error);

    let log = lab
        .store
        .command_log(&CommandLogQuery::default())
        .await
        .unwrap();
    assert_eq!(log.len(), 4, "the refusals are logged too");
    assert!(
        log.iter()
            .any(|e| !e.success && e.transport == "none" && e.username == "alice")
    );
    let masked = log
        .iter()
        .find(|e| e.command.starts_with("snmp-server"))
        .unwrap();
    assert_eq!(masked.command, "snmp-server community <removed> RW");
    assert!(
        masked
            .error
            .contains("may not run config commands (`snmp-server community <removed> RW`"),
        "{}",
        masked.error
    );
}

#[tokio::test]
async fn the_rate_limit_refuses_with_a_retry_time_and_bypass_users_pass() {
    let lab = lab(|config| {
        config.toolkit.rate_limit.commands = 2;
        config.toolkit.rate_limit.window_secs = 600;
        config.toolkit.rate_limit.bypass_users = vec!["ops-bot".into()];
    })
    .await;
    let device = lab.store.device("sim-eos-0004").await.unwrap();
    for _ in 0..2 {
        assert!(
            lab.toolkit
                .run(&alice(), &device, &show("show clock"))
                .await
                .unwrap()
                .success
        );
    }
    let refused = lab
        .toolkit
        .run(&alice(), &device, &show("show clock"))
        .await
        .unwrap_err();
    let ServiceError::RateLimited {
        retry_after_secs, ..
    } = refused
    else {
        panic!("expected a rate limit, got {refused:?}");
    };
    assert!(
        (590..=600).contains(&retry_after_secs),
        "{retry_after_secs}"
    );
    let bot = Principal::user("ops-bot", &[]).granted(&["execute_show"]);
    assert!(
        lab.toolkit
            .run(&bot, &device, &show("show clock"))
            .await
            .unwrap()
            .success
    );
}

#[tokio::test]
async fn device_faults_become_logged_outcomes_with_guidance() {
    let lab = lab(|config| config.ssh.command_timeout_secs = 1).await;
    let rejected = lab
        .toolkit
        .run(
            &alice(),
            &lab.store.device("sim-nxos-0002").await.unwrap(),
            &show("show verison"),
        )
        .await
        .unwrap();
    assert!(!rejected.success);
    assert!(
        rejected
            .guidance
            .as_deref()
            .unwrap()
            .starts_with("command rejected"),
        "{rejected:?}"
    );
    assert!(
        rejected.output.contains("% Invalid command"),
        "{}",
        rejected.output
    );

    let junos = lab.fleet.device("sim-junos-0005").unwrap();
    junos.set_faults(Faults {
        reject_auth: true,
        ..Faults::default()
    });
    let auth = lab
        .toolkit
        .run(
            &alice(),
            &lab.store.device("sim-junos-0005").await.unwrap(),
            &show("show version"),
        )
        .await
        .unwrap();
    assert!(
        auth.guidance.as_deref().unwrap().starts_with("auth failed"),
        "{auth:?}"
    );

    let xr = lab.fleet.device("sim-iosxr-0003").unwrap();
    xr.set_faults(Faults {
        no_prompt: true,
        ..Faults::default()
    });
    let silent = lab
        .toolkit
        .run(
            &alice(),
            &lab.store.device("sim-iosxr-0003").await.unwrap(),
            &show("show version"),
        )
        .await
        .unwrap();
    assert!(
        silent
            .guidance
            .as_deref()
            .unwrap()
            .starts_with("timeout waiting for prompt"),
        "{silent:?}"
    );

    let log = lab
        .store
        .command_log(&CommandLogQuery::default())
        .await
        .unwrap();
    assert_eq!(log.iter().filter(|e| !e.success).count(), 3);
    assert!(log.iter().all(|e| !e.error.is_empty()));
}

#[tokio::test]
async fn invalid_devices_and_commands_are_refused_before_connecting() {
    let lab = lab(|_| {}).await;
    let no_platform = lab.store.device("no-platform").await.unwrap();
    let err = lab
        .toolkit
        .run(&alice(), &no_platform, &show("show version"))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("device no-platform: it has no platform"),
        "{err}"
    );

    let device = lab.store.device("sim-ios-0001").await.unwrap();
    let err = lab
        .toolkit
        .run(&alice(), &device, &show("show version\nreload"))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("newline or control character"),
        "{err}"
    );
}

#[tokio::test]
async fn output_is_parsed_with_the_real_ntc_templates() {
    let templates = std::env::var("AURUM_NTC_TEMPLATES").expect(
        "AURUM_NTC_TEMPLATES is not set (the ntc-templates `templates` folder); run the tests with `cargo xtask test`",
    );
    let lab = lab(|config| config.toolkit.textfsm_templates = Some(templates.into())).await;
    let device = lab.store.device("sim-ios-0001").await.unwrap();
    let mut outcome = lab
        .toolkit
        .run(&alice(), &device, &show("show version"))
        .await
        .unwrap();
    assert!(outcome.success, "{:?}", outcome.error);
    lab.toolkit.parse(&mut outcome).unwrap();
    let records = outcome.parsed.unwrap();
    let record = &records.as_array().unwrap()[0];
    assert_eq!(record["version"], "17.9.4a", "{record}");
    assert_eq!(record["hostname"], "sim-ios-0001", "{record}");
    assert_eq!(
        record["serial"],
        serde_json::json!(["FOC2224X0AB"]),
        "{record}"
    );

    let mut clock = lab
        .toolkit
        .run(&alice(), &device, &show("show clock"))
        .await
        .unwrap();
    lab.toolkit.parse(&mut clock).unwrap();
    assert_eq!(clock.parsed.unwrap()[0]["year"], "2026");
}

#[tokio::test]
async fn a_grant_scoped_by_a_saved_filter_covers_only_its_devices() {
    let lab = lab(|_| {}).await;
    let mut doc = aurum_inventory::InventoryDocument::default();
    doc.saved_filters.push(aurum_inventory::SavedFilter {
        name: "ios-only".into(),
        description: String::new(),
        filter: DeviceFilter::parse_terms(&["name=sim-ios-*"]).unwrap(),
    });
    lab.store
        .import(&doc, "filters.yaml", Default::default(), false)
        .await
        .unwrap();
    let identity = IdentityService::new(lab.store.clone());
    // A scope naming a filter that does not exist is refused when granted.
    let typo = identity
        .add_user(&NewUserRequest {
            name: "dave".into(),
            password: "pw".into(),
            permissions: vec!["execute_show:ios-onyl".into()],
            ..NewUserRequest::default()
        })
        .await
        .unwrap_err();
    assert!(typo.to_string().contains("ios-onyl"), "{typo}");
    identity
        .add_user(&NewUserRequest {
            name: "dave".into(),
            password: "pw".into(),
            permissions: vec![
                "execute_show:ios-only".into(),
                "view_device:ios-only".into(),
            ],
            ..NewUserRequest::default()
        })
        .await
        .unwrap();
    let dave = identity.authenticate_password("dave", "pw").await.unwrap();

    let branch = lab.store.device("sim-ios-0001").await.unwrap();
    let outcome = lab
        .toolkit
        .run(&dave, &branch, &show("show clock"))
        .await
        .unwrap();
    assert!(outcome.success, "{:?}", outcome.error);
    let core = lab.store.device("sim-nxos-0002").await.unwrap();
    let refused = lab
        .toolkit
        .run(&dave, &core, &show("show clock"))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, ServiceError::Forbidden { permission, .. } if permission == "execute_show"),
        "{refused:?}"
    );
    // By name, a device outside the view scope is "no device", as if it did not exist.
    let hidden = lab
        .toolkit
        .run_named(&dave, "sim-nxos-0002", &show("show clock"))
        .await
        .unwrap_err()
        .to_string();
    let missing = lab
        .toolkit
        .run_named(&dave, "no-such-device", &show("show clock"))
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        hidden.replace("sim-nxos-0002", "X"),
        missing.replace("no-such-device", "X")
    );

    // Jobs: no run_job at all is refused; a scoped run_job covers only its devices.
    let job = |principal: Principal| aurum_services::golden::JobRequest {
        principal,
        dry_run: true,
        ..Default::default()
    };
    let refused = lab
        .golden
        .backup(&job(dave.clone()), |_| {})
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("`run_job`"), "{refused}");
    let scoped = Principal::user("erin", &[]).granted(&["run_job:ios-only"]);
    let report = lab.golden.backup(&job(scoped), |_| {}).await.unwrap();
    assert!(!report.devices.is_empty());
    assert!(
        report
            .devices
            .iter()
            .all(|d| d.device.starts_with("sim-ios-")),
        "{:?}",
        report.devices
    );
}
