//! Golden-config jobs end to end on the simulator: files and commits in the repositories,
//! history rows only on significant change, template errors naming file and line, pushes to a
//! local bare remote retried after a rejection, and failures that fail the job loudly.

mod common;

use std::path::Path;

use aurum_config::GoldenSetting;
use aurum_inventory::DeviceFilter;
use aurum_services::golden::JobRequest;
use aurum_services::plugin_calls::calls_of;
use aurum_sim::Faults;
use aurum_store::{ConfigKind, JobStatus, OutcomeStatus};
use common::{Lab, change_ntp, git};

fn request(filter: &[&str]) -> JobRequest {
    JobRequest {
        filter: DeviceFilter::parse_terms(filter).unwrap(),
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    }
}

/// One setting whose templates folder holds `template` for every platform.
fn setting(config: &mut aurum_config::Config, dir: &Path, template: &str, remote: Option<String>) {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    for platform in [
        "cisco_ios",
        "cisco_nxos",
        "cisco_iosxr",
        "arista_eos",
        "juniper_junos",
    ] {
        std::fs::write(templates.join(format!("{platform}.j2")), template).unwrap();
    }
    std::fs::write(
        dir.join("properties.yml"),
        "- { feature_slug: ntp, platform_network_driver: cisco_ios, config_ordered: false, match_config: \"ntp server\", config_type: cli }\n\
         - { feature_slug: hostname, platform_network_driver: cisco_ios, config_ordered: true, match_config: \"hostname\", config_type: cli }\n",
    )
    .unwrap();
    config.golden.settings.insert(
        "lab".to_string(),
        GoldenSetting {
            templates,
            properties: Some(dir.join("properties.yml")),
            backup_remote: remote.map(aurum_config::GitRemote::plain),
            backup_path: "{{ device.location }}/{{ device.platform }}/{{ device.name }}.cfg".into(),
            ..GoldenSetting::default()
        },
    );
    config.toolkit.config_users = vec!["admin".into()];
}

/// The three jobs over the lab's simulated devices.
async fn backup(lab: &Lab) -> aurum_services::golden::JobReport {
    lab.golden
        .backup(&request(&["role=lab"]), |_| {})
        .await
        .unwrap()
}

async fn intended(lab: &Lab) -> aurum_services::golden::JobReport {
    lab.golden
        .intended(&request(&["role=lab"]), |_| {})
        .await
        .unwrap()
}

async fn compliance(lab: &Lab) -> aurum_services::golden::JobReport {
    lab.golden
        .compliance(&request(&["role=lab"]), |_| {})
        .await
        .unwrap()
}

const TEMPLATE: &str = "hostname {{ device.name }}\n!\nntp server 10.0.0.1\nntp server 10.0.0.2\n";

/// Renders, backs up and checks compliance: the first device's error.
async fn compliance_error(lab: &Lab) -> String {
    intended(lab).await;
    backup(lab).await;
    compliance(lab).await.devices.remove(0).error
}

/// Renders, adds an NTP server on the device, backs up and checks compliance: the device's
/// `ntp` row.
async fn ntp_after_drift(lab: &Lab, server: &str) -> aurum_store::ComplianceRow {
    intended(lab).await;
    change_ntp(lab, "sim-ios-0001", server).await;
    backup(lab).await;
    compliance(lab).await;
    let mut rows = lab
        .store
        .device_compliance("sim-ios-0001", Some("ntp"))
        .await
        .unwrap();
    rows.remove(0)
}

#[tokio::test]
async fn backups_land_at_their_paths_with_one_commit_and_history_only_on_change() {
    let lab = Lab::start(5, |config, dir| setting(config, dir, TEMPLATE, None)).await;
    let cleaned_before = calls_of("cisco_ios", "driver", "ok");
    let report = backup(&lab).await;
    assert_eq!(report.status, JobStatus::Succeeded, "{report:?}");
    assert_eq!(report.commits.len(), 1);
    // Each device's backup went through its driver's `clean`, counted for /metrics (other
    // tests of this binary may add theirs at the same time, hence at least).
    assert!(
        calls_of("cisco_ios", "driver", "ok") > cleaned_before,
        "{:?}",
        aurum_services::plugin_calls::plugin_calls()
    );
    let repo = lab.path("repos/backups");
    let ios = std::fs::read_to_string(repo.join("lab1/cisco_ios/sim-ios-0001.cfg")).unwrap();
    assert!(ios.contains("hostname sim-ios-0001\n"), "{ios}");
    assert!(!ios.contains("s3cr3t"), "secrets masked by the driver");
    assert!(
        std::fs::read_to_string(repo.join("lab1/juniper_junos/sim-junos-0005.cfg"))
            .unwrap()
            .contains("set system host-name sim-junos-0005")
    );
    let log = git(&repo, &["log", "--format=%B"]);
    assert!(
        log.contains("aurum backup (lab): 5 added, 0 changed, 0 failed"),
        "{log}"
    );

    let again = backup(&lab).await;
    assert!(
        again.commits.is_empty(),
        "nothing changed, nothing committed"
    );
    assert!(
        again
            .devices
            .iter()
            .all(|d| d.status == OutcomeStatus::Unchanged),
        "{again:?}"
    );
    assert_eq!(
        lab.store
            .config_history("sim-ios-0001", ConfigKind::Backup)
            .await
            .unwrap()
            .len(),
        1
    );

    change_ntp(&lab, "sim-ios-0001", "192.0.2.77").await;
    let changed = backup(&lab).await;
    assert_eq!(changed.devices.iter().filter(|d| d.changed).count(), 1);
    assert_eq!(
        lab.store
            .config_history("sim-ios-0001", ConfigKind::Backup)
            .await
            .unwrap()
            .len(),
        2
    );
    let log = git(&repo, &["log", "--format=%s"]);
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.starts_with("aurum backup (lab): 0 added, 1 changed, 0 failed"),
        "{log}"
    );
}

#[tokio::test]
async fn a_failing_device_makes_the_job_partial_and_never_stops_the_others() {
    let lab = Lab::start(3, |config, dir| setting(config, dir, TEMPLATE, None)).await;
    lab.fleet
        .device("sim-nxos-0002")
        .unwrap()
        .set_faults(Faults {
            reject_auth: true,
            ..Faults::default()
        });
    let report = backup(&lab).await;
    assert_eq!(report.status, JobStatus::Partial);
    let failed: Vec<_> = report
        .devices
        .iter()
        .filter(|d| d.status == OutcomeStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0].error.contains("authentication to sim-nxos-0002"),
        "{}",
        failed[0].error
    );
    let log = git(&lab.path("repos/backups"), &["log", "--format=%B"]);
    assert!(log.contains("failed: sim-nxos-0002"), "{log}");
    let job = lab.store.job(report.job_id.unwrap()).await.unwrap();
    assert_eq!(job.devices.len(), 3);

    let none = lab
        .golden
        .backup(&request(&["role=nothing"]), |_| {})
        .await
        .unwrap_err();
    assert!(
        none.to_string().contains("no device matches role=nothing"),
        "{none}"
    );
}

#[tokio::test]
async fn a_rejected_push_is_rebased_and_retried_and_a_dead_remote_fails_the_job() {
    let remotes = tempfile::tempdir().unwrap();
    let bare = remotes.path().join("backups.git");
    std::fs::create_dir_all(&bare).unwrap();
    git(&bare, &["init", "--bare", "--initial-branch=main"]);
    let remote = bare.display().to_string();
    let lab = Lab::start(1, |config, dir| {
        setting(config, dir, TEMPLATE, Some(remote.clone()))
    })
    .await;
    let first = backup(&lab).await;
    assert_eq!(first.status, JobStatus::Succeeded, "{first:?}");
    assert_eq!(
        git(&bare, &["log", "--format=%s", "main"]).lines().count(),
        1
    );

    // Someone else pushes to the remote: our next push is rejected until we rebase.
    let other = remotes.path().join("other");
    std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(&bare)
        .arg(&other)
        .status()
        .unwrap();
    std::fs::write(other.join("README"), "managed by aurum\n").unwrap();
    git(&other, &["add", "README"]);
    git(&other, &["commit", "-q", "-m", "a human was here"]);
    git(&other, &["push", "-q", "origin", "main"]);

    change_ntp(&lab, "sim-ios-0001", "192.0.2.88").await;
    let second = backup(&lab).await;
    assert_eq!(second.status, JobStatus::Succeeded, "{second:?}");
    let history = git(&bare, &["log", "--format=%s", "main"]);
    assert_eq!(history.lines().count(), 3, "{history}");
    assert!(
        history.contains("a human was here") && history.starts_with("aurum backup"),
        "{history}"
    );

    let dead = Lab::start(1, |config, dir| {
        setting(
            config,
            dir,
            TEMPLATE,
            Some("/nonexistent/remote.git".into()),
        )
    })
    .await;
    let report = backup(&dead).await;
    assert_eq!(report.status, JobStatus::Failed);
    assert!(report.summary.contains("push failed"), "{}", report.summary);
    let job = dead.store.job(report.job_id.unwrap()).await.unwrap();
    assert_eq!(
        job.status,
        JobStatus::Failed,
        "the failure is recorded, not only printed"
    );
}

#[tokio::test]
async fn intended_configs_render_store_and_compare() {
    let lab = Lab::start(1, |config, dir| setting(config, dir, TEMPLATE, None)).await;
    let job = intended(&lab).await;
    assert_eq!(job.status, JobStatus::Succeeded, "{job:?}");
    let stored = lab
        .store
        .current_config("sim-ios-0001", ConfigKind::Intended)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.config,
        "hostname sim-ios-0001\n!\nntp server 10.0.0.1\nntp server 10.0.0.2\n"
    );
    assert!(lab.path("repos/intended/lab1/sim-ios-0001.cfg").is_file());

    backup(&lab).await;
    let clean = compliance(&lab).await;
    assert_eq!(
        clean.devices[0].status,
        OutcomeStatus::Compliant,
        "{clean:?}"
    );
    change_ntp(&lab, "sim-ios-0001", "192.0.2.99").await;
    backup(&lab).await;
    let drift = compliance(&lab).await;
    assert_eq!(drift.devices[0].status, OutcomeStatus::NonCompliant);
    let ntp = lab
        .store
        .device_compliance("sim-ios-0001", Some("ntp"))
        .await
        .unwrap();
    assert_eq!(ntp[0].extra, "ntp server 192.0.2.99");
    assert_eq!(ntp[0].remediation.trim(), "no ntp server 192.0.2.99");

    let rendered = lab
        .golden
        .render_one(
            &aurum_services::identity::Principal::owner(),
            "sim-ios-0001",
        )
        .await
        .unwrap();
    assert!(
        rendered.diff.is_empty(),
        "nothing changed since the stored render: {}",
        rendered.diff
    );
}

#[tokio::test]
async fn a_template_error_names_the_file_and_line() {
    let lab = Lab::start(1, |config, dir| {
        setting(
            config,
            dir,
            "hostname {{ device.name }}\nntp server {{ ntp_server }}\n",
            None,
        )
    })
    .await;
    let report = intended(&lab).await;
    assert_eq!(report.status, JobStatus::Failed);
    let error = &report.devices[0].error;
    assert!(error.contains("cisco_ios.j2:2"), "{error}");
    assert!(error.contains("undefined"), "{error}");
    assert!(
        lab.store
            .current_config("sim-ios-0001", ConfigKind::Intended)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn custom_rules_are_decided_by_the_configured_compliance_plugin() {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins/rhai/unordered_lines.rhai");
    let lab = Lab::start(1, |config, dir| {
        setting(config, dir, "hostname {{ device.name }}\n!\nntp server 10.0.0.2\nntp server 10.0.0.1\n", None);
        std::fs::write(
            dir.join("properties.yml"),
            "- { feature_slug: ntp, platform_network_driver: cisco_ios, config_ordered: true, match_config: \"ntp server\", config_type: custom }\n",
        )
        .unwrap();
        config.plugins.insert(
            "unordered_lines".into(),
            aurum_config::PluginEntry {
                kind: aurum_config::PluginKind::Compliance,
                backend: aurum_config::PluginBackend::Rhai(script.clone()),
                sha256: None,
                limits: Default::default(),
            },
        );
        config.golden.custom_compliance = Some("unordered_lines".into());
    })
    .await;
    backup(&lab).await;
    intended(&lab).await;
    let checked_before = calls_of("unordered_lines", "compliance", "ok");
    let same_lines = compliance(&lab).await;
    assert!(
        calls_of("unordered_lines", "compliance", "ok") > checked_before,
        "the compliance job's plugin calls are counted for /metrics"
    );
    assert_eq!(
        same_lines.devices[0].status,
        OutcomeStatus::Compliant,
        "the plugin ignores order: {same_lines:?}"
    );

    change_ntp(&lab, "sim-ios-0001", "192.0.2.55").await;
    backup(&lab).await;
    let drift = compliance(&lab).await;
    assert_eq!(drift.devices[0].status, OutcomeStatus::NonCompliant);
    let ntp = lab
        .store
        .device_compliance("sim-ios-0001", Some("ntp"))
        .await
        .unwrap();
    assert_eq!(ntp[0].extra.trim(), "ntp server 192.0.2.55", "{:?}", ntp[0]);
}

#[tokio::test]
async fn remediation_options_come_from_the_configuration_and_typos_are_named() {
    let lab = Lab::start(1, |config, dir| {
        setting(config, dir, TEMPLATE, None);
        let table = toml::from_str("negation_prefix = \"undo \"").unwrap();
        config.golden.remediation.insert("cisco_ios".into(), table);
    })
    .await;
    let ntp = ntp_after_drift(&lab, "192.0.2.66").await;
    assert_eq!(ntp.remediation.trim(), "undo ntp server 192.0.2.66");

    let typo = Lab::start(1, |config, dir| {
        setting(config, dir, TEMPLATE, None);
        let table = toml::from_str("negation_prefx = \"undo \"").unwrap();
        config.golden.remediation.insert("cisco_ios".into(), table);
    })
    .await;
    let error = &compliance_error(&typo).await;
    assert!(
        error.contains("[golden.remediation.cisco_ios]") && error.contains("negation_prefx"),
        "{error}"
    );
}

#[tokio::test]
async fn a_remediation_plugin_named_per_platform_replaces_the_builtin_engine() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins/rhai/add_only.rhai");
    let with_plugin = |name: &'static str| {
        let script = script.clone();
        move |config: &mut aurum_config::Config, dir: &Path| {
            let template = format!("{TEMPLATE}ntp server 10.0.0.3\n");
            setting(config, dir, &template, None);
            config.plugins.insert(
                "add_only".into(),
                aurum_config::PluginEntry {
                    kind: aurum_config::PluginKind::Remediation,
                    backend: aurum_config::PluginBackend::Rhai(script.clone()),
                    sha256: None,
                    limits: Default::default(),
                },
            );
            let table = toml::from_str(&format!("plugin = \"{name}\"")).unwrap();
            config.golden.remediation.insert("cisco_ios".into(), table);
        }
    };
    let lab = Lab::start(1, with_plugin("add_only")).await;
    let ntp = ntp_after_drift(&lab, "192.0.2.77").await;
    assert!(!ntp.compliant, "{:?}", ntp);
    // The builtin engine would also say `no ntp server 192.0.2.77`; this plugin only adds.
    assert_eq!(ntp.remediation.trim(), "ntp server 10.0.0.3", "{:?}", ntp);

    // The same from Golden Config's `remediation_settings`, with nothing in aurum.toml.
    let imported = Lab::start(1, |config, dir| {
        with_plugin("add_only")(config, dir);
        config.golden.remediation.clear();
        std::fs::write(
            dir.join("properties.yml"),
            "compliance_rules:\n  - { feature_slug: ntp, platform_network_driver: cisco_ios, config_ordered: false, match_config: \"ntp server\", config_type: cli }\n\
             remediation_settings:\n  - { platform_network_driver: cisco_ios, remediation_type: custom_remediation, remediation_options: { plugin: add_only } }\n",
        )
        .unwrap();
    })
    .await;
    let ntp = ntp_after_drift(&imported, "192.0.2.78").await;
    assert_eq!(ntp.remediation.trim(), "ntp server 10.0.0.3", "{:?}", ntp);

    let unknown = Lab::start(1, with_plugin("add_onyl")).await;
    let error = &compliance_error(&unknown).await;
    assert!(
        error.contains("[golden.remediation.cisco_ios]") && error.contains("add_onyl"),
        "{error}"
    );
}

#[tokio::test]
async fn rules_scoped_by_a_saved_filter_apply_only_to_its_devices() {
    let lab = Lab::start(1, |config, dir| {
        setting(config, dir, TEMPLATE, None);
        std::fs::write(
            dir.join("properties.yml"),
            "- { feature_slug: hostname, platform_network_driver: cisco_ios, match_config: hostname }\n\
             - { feature_slug: ntp, platform_network_driver: cisco_ios, match_config: \"ntp server\", scope: edge-only }\n\
             - { feature_slug: logging, platform_network_driver: cisco_ios, match_config: logging, scope: lab-only }\n",
        )
        .unwrap();
    })
    .await;
    let filters = aurum_inventory::parse_document(
        "saved_filters:\n  - { name: edge-only, filter: { role: [edge] } }\n  - { name: lab-only, filter: { role: [lab] } }\n",
        aurum_inventory::Format::Yaml,
        "filters.yaml",
    )
    .unwrap();
    lab.store
        .import(&filters, "filters.yaml", Default::default(), false)
        .await
        .unwrap();
    backup(&lab).await;
    intended(&lab).await;
    compliance(&lab).await;
    let features: Vec<String> = lab
        .store
        .device_compliance("sim-ios-0001", None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.feature)
        .collect();
    assert_eq!(
        features,
        ["hostname", "logging"],
        "ntp is scoped to edge devices only"
    );
}

/// Counts what a job says it covers before its first result, and the results.
#[derive(Default)]
struct Counted {
    started: std::sync::Mutex<Vec<usize>>,
    results: std::sync::atomic::AtomicUsize,
}

impl aurum_services::golden::JobProgress for &Counted {
    fn started(&self, devices: usize) {
        self.started.lock().unwrap().push(devices);
    }

    fn device(&self, _: &aurum_services::golden::DeviceEvent) {
        self.results
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn progress_counts_the_devices_of_the_settings_scopes_not_every_match() {
    let lab = Lab::start(3, |config, dir| {
        setting(config, dir, TEMPLATE, None);
        let lab = config.golden.settings.get_mut("lab").unwrap();
        lab.scope = Some("ios-only".into());
    })
    .await;
    let filters = aurum_inventory::parse_document(
        "saved_filters:\n  - { name: ios-only, filter: { platform: [cisco_ios] } }\n",
        aurum_inventory::Format::Yaml,
        "filters.yaml",
    )
    .unwrap();
    lab.store
        .import(&filters, "filters.yaml", Default::default(), false)
        .await
        .unwrap();
    let matching = lab
        .store
        .devices(&DeviceFilter::parse_terms(&["role=lab"]).unwrap())
        .await
        .unwrap()
        .len();
    assert_eq!(matching, 3, "the filter matches every lab device");

    for dry_run in [true, false] {
        let counted = Counted::default();
        let request = JobRequest {
            dry_run,
            ..request(&["role=lab"])
        };
        let report = lab
            .golden
            .run_job_reporting(aurum_services::golden::JobKind::Backup, &request, &counted)
            .await
            .unwrap();
        let in_scope = report.devices.len();
        assert_eq!(in_scope, 1, "only the IOS device is in the setting's scope");
        assert_eq!(
            *counted.started.lock().unwrap(),
            [in_scope],
            "dry run: {dry_run}"
        );
        assert_eq!(
            counted.results.load(std::sync::atomic::Ordering::SeqCst),
            in_scope
        );
    }
}

#[tokio::test]
async fn a_compliance_flip_is_told_to_the_hooks_once_naming_the_feature() {
    let events = tempfile::tempdir().unwrap();
    let log = events.path().join("events.log");
    let hook = format!(
        "events = [\"compliance_changed\"]\n\
         exec = [\"/bin/sh\", \"-c\", \"echo \\\"$AURUM_DEVICE $AURUM_EVENT_JSON\\\" >> {}\"]\n",
        log.display()
    );
    let lab = Lab::start(1, |config, dir| {
        setting(config, dir, TEMPLATE, None);
        config
            .hooks
            .insert("flips".into(), toml::from_str(&hook).unwrap());
    })
    .await;
    intended(&lab).await;
    backup(&lab).await;
    // The first check and a check that finds the same: nothing flipped.
    assert_eq!(
        compliance(&lab).await.devices[0].status.as_str(),
        "compliant"
    );
    compliance(&lab).await;
    assert!(!log.exists(), "{:?}", std::fs::read_to_string(&log));

    change_ntp(&lab, "sim-ios-0001", "192.0.2.66").await;
    backup(&lab).await;
    assert_eq!(
        compliance(&lab).await.devices[0].status.as_str(),
        "non-compliant"
    );
    let told = std::fs::read_to_string(&log).unwrap();
    assert_eq!(told.lines().count(), 1, "{told}");
    let (device, json) = told.trim().split_once(' ').unwrap();
    assert_eq!(device, "sim-ios-0001");
    let event: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(event["event"], "compliance_changed");
    assert_eq!(
        event["details"]["features"],
        serde_json::json!([{ "feature": "ntp", "was": true, "now": false }])
    );
}
