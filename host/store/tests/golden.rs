//! Configuration history and job records, on SQLite and PostgreSQL alike.

mod common;
#[path = "golden/job_list.rs"]
mod job_list;

use aurum_store::{
    ComplianceRow, ConfigKind, DeviceOutcome, DeviceResult, JobStatus, NewVersion, OutcomeStatus,
};
use common::TestDb;

async fn a_version_is_written_only_on_change_and_history_answers_by_date(db: &TestDb) {
    let store = &db.store;
    assert!(
        store
            .save_config_version("r1", ConfigKind::Backup, "hostname r1\n", None)
            .await
            .unwrap()
    );
    assert!(
        !store
            .save_config_version("r1", ConfigKind::Backup, "hostname r1\n", None)
            .await
            .unwrap()
    );
    let first = store
        .current_config("r1", ConfigKind::Backup)
        .await
        .unwrap()
        .unwrap();
    let before = store.data_versions().await.unwrap().configs;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert!(
        store
            .save_config_version("r1", ConfigKind::Backup, "hostname r1-new\n", None)
            .await
            .unwrap()
    );
    let after = store.data_versions().await.unwrap().configs;
    assert!(after > before, "a new version moves the configs counter");
    store
        .save_config_version("r1", ConfigKind::Backup, "hostname r1-new\n", None)
        .await
        .unwrap();
    assert_eq!(
        store.data_versions().await.unwrap().configs,
        after,
        "an unchanged config does not"
    );
    let history = store
        .config_history("r1", ConfigKind::Backup)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].valid_until,
        Some(history[1].valid_from),
        "validity periods touch"
    );
    let then = store
        .config_at("r1", ConfigKind::Backup, first.valid_from)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(then.config, "hostname r1\n");
    let now = store
        .config_at("r1", ConfigKind::Backup, history[1].valid_from + 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.config, "hostname r1-new\n");
    assert!(
        store
            .config_at("r1", ConfigKind::Backup, first.valid_from - 1)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .current_config("r1", ConfigKind::Intended)
            .await
            .unwrap()
            .is_none(),
        "kinds are separate"
    );
}

async fn jobs_record_devices_and_interrupted_jobs_fail(db: &TestDb) {
    let store = &db.store;
    let job = store
        .start_job("backup", "role=leaf", "alice")
        .await
        .unwrap();
    store
        .record_job_device(
            job,
            &DeviceOutcome {
                device: "r1".into(),
                status: OutcomeStatus::Failed,
                changed: false,
                error: "timeout".into(),
            },
        )
        .await
        .unwrap();
    let abandoned = store.start_job("intended", "all", "alice").await.unwrap();
    store
        .finish_job(job, JobStatus::Partial, "1 failed", &["abc123".to_string()])
        .await
        .unwrap();
    assert_eq!(
        store.fail_interrupted_jobs().await.unwrap(),
        0,
        "a job just started holds its first lease"
    );
    // Renewed, it stays alive; left to run out, it is failed however alive its PID looks.
    store
        .renew_job_lease(abandoned, std::time::Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(store.fail_interrupted_jobs().await.unwrap(), 0);
    sqlx::query("UPDATE jobs SET lease_until = $1 WHERE id = $2")
        .bind(1_i64)
        .bind(abandoned)
        .execute(&store.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(store.fail_interrupted_jobs().await.unwrap(), 1);
    let record = store.job(abandoned).await.unwrap();
    assert_eq!(record.status, JobStatus::Failed);
    assert!(record.summary.starts_with("interrupted"));
    let finished = store.job(job).await.unwrap();
    assert_eq!(finished.devices[0].error, "timeout");
    assert_eq!(finished.commits, ["abc123"]);
    assert_eq!(store.jobs(10).await.unwrap().len(), 2);
}

async fn a_job_counts_its_devices_off_once_each_and_one_caller_finalises(db: &TestDb) {
    let store = &db.store;
    let job = store.start_job("backup", "all", "alice").await.unwrap();
    assert!(
        store.unfinalised_jobs().await.unwrap().is_empty(),
        "a job whose devices are not recorded yet is nobody's to finalise"
    );
    store
        .add_pending_devices(
            job,
            &[("r1".into(), "dc".into()), ("r2".into(), "lab".into())],
        )
        .await
        .unwrap();
    assert_eq!(store.pending_devices(job).await.unwrap(), 2);
    let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        store
            .pending_of(job, &names(&["r1", "r2", "nope"]))
            .await
            .unwrap(),
        names(&["r1", "r2"]).into_iter().collect()
    );
    let ok = |device: &str| DeviceOutcome {
        device: device.into(),
        status: OutcomeStatus::Ok,
        changed: true,
        error: String::new(),
    };
    assert_eq!(
        store.record_device_result(job, &ok("r1")).await.unwrap(),
        Some(1)
    );
    assert_eq!(
        store.record_device_result(job, &ok("r1")).await.unwrap(),
        None,
        "a task delivered twice counts once"
    );
    assert_eq!(
        store.pending_of(job, &names(&["r1", "r2"])).await.unwrap(),
        names(&["r2"]).into_iter().collect()
    );
    assert_eq!(
        store.record_device_result(job, &ok("r2")).await.unwrap(),
        Some(0)
    );
    let lease = std::time::Duration::from_secs(30);
    assert!(
        store
            .unfinalised_jobs()
            .await
            .unwrap()
            .contains(&(job, "backup".to_string()))
    );
    assert!(store.claim_finalisation(job, lease).await.unwrap());
    assert!(
        !store.claim_finalisation(job, lease).await.unwrap(),
        "exactly one finaliser"
    );
    assert!(store.unfinalised_jobs().await.unwrap().is_empty());
    // A finaliser that died: its claim runs out and another worker takes the job over.
    sqlx::query("UPDATE jobs SET finalising = 1 WHERE id = $1")
        .bind(job)
        .execute(&store.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(
        store.unfinalised_jobs().await.unwrap(),
        [(job, "backup".to_string())]
    );
    assert!(store.claim_finalisation(job, lease).await.unwrap());
    let devices = store.job_devices(job).await.unwrap();
    assert_eq!(
        devices
            .iter()
            .map(|d| d.setting.as_str())
            .collect::<Vec<_>>(),
        ["dc", "lab"]
    );
    assert!(
        store
            .pending_of(job, &names(&["r1"]))
            .await
            .unwrap()
            .is_empty(),
        "every device is recorded"
    );
}

async fn a_schedule_firing_is_claimed_once(db: &TestDb) {
    let store = &db.store;
    assert!(store.claim_schedule_tick("nightly", 1_000).await.unwrap());
    assert!(!store.claim_schedule_tick("nightly", 1_000).await.unwrap());
    assert!(store.claim_schedule_tick("nightly", 1_002).await.unwrap());
    assert!(store.claim_schedule_tick("hourly", 1_000).await.unwrap());
}

async fn a_task_run_twice_stores_its_version_once_and_says_changed_both_times(db: &TestDb) {
    let store = &db.store;
    let job = store.start_job("backup", "all", "alice").await.unwrap();
    let later = store.start_job("backup", "all", "alice").await.unwrap();
    let save =
        |job| store.save_config_version("r9", ConfigKind::Backup, "hostname r9\n", Some(job));
    assert!(save(job).await.unwrap());
    assert!(
        save(job).await.unwrap(),
        "the same job's version: changed in this job"
    );
    assert!(!save(later).await.unwrap(), "another job: unchanged");
    let history = store
        .config_history("r9", ConfigKind::Backup)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
}

async fn hook_failures_are_kept_on_their_job(db: &TestDb) {
    let store = &db.store;
    let job = store.start_job("backup", "all", "alice").await.unwrap();
    assert!(store.hook_failures(job).await.unwrap().is_empty());
    store
        .record_hook_failure(job, "notify", "device_failed", "r1", "connection refused")
        .await
        .unwrap();
    store
        .record_hook_failure(job, "notify", "job_finished", "", "timeout")
        .await
        .unwrap();
    let failures = store.hook_failures(job).await.unwrap();
    assert_eq!(
        failures
            .iter()
            .map(|f| (f.event.as_str(), f.device.as_str(), f.error.as_str()))
            .collect::<Vec<_>>(),
        [
            ("device_failed", "r1", "connection refused"),
            ("job_finished", "", "timeout")
        ]
    );
}

async fn one_committer_holds_a_repository_at_a_time(db: &TestDb) {
    let store = db.store.clone();
    let first = store.lock_repository("/repos/backups").await.unwrap();
    // Another repository is free meanwhile.
    drop(store.lock_repository("/repos/intended").await.unwrap());
    let waiting = {
        let store = store.clone();
        tokio::spawn(async move { store.lock_repository("/repos/backups").await.map(drop) })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!waiting.is_finished(), "the second committer waits");
    drop(first);
    tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
        .await
        .expect("the lock is released when its holder drops it")
        .unwrap()
        .unwrap();
}

/// A compliance task's devices: recorded together with their rows, each device once.
async fn a_task_records_its_devices_and_their_compliance_rows_at_once(db: &TestDb) {
    let store = &db.store;
    let row = |device: &str, feature: String, compliant: bool| ComplianceRow {
        device: device.into(),
        feature,
        platform: "cisco_ios".into(),
        compliant,
        ordered: compliant,
        missing: String::new(),
        extra: String::new(),
        actual: "ntp server 10.0.0.1".into(),
        intended: "ntp server 10.0.0.1".into(),
        remediation: String::new(),
    };
    let result =
        |device: &str, status, error: &str, rows: Option<Vec<ComplianceRow>>| DeviceResult {
            outcome: DeviceOutcome {
                device: device.into(),
                status,
                changed: false,
                error: error.into(),
            },
            compliance: rows,
            version: None,
        };
    let pending = |job, devices: &[&str]| {
        let devices: Vec<(String, String)> = devices
            .iter()
            .map(|d| (d.to_string(), "default".to_string()))
            .collect();
        async move { store.add_pending_devices(job, &devices).await.unwrap() }
    };
    let first = store.start_job("compliance", "all", "alice").await.unwrap();
    pending(first, &["r1", "r2"]).await;
    let old = |device: &str| Some(vec![row(device, "old".into(), false)]);
    store
        .record_device_results(
            first,
            &mut [
                result("r1", OutcomeStatus::NonCompliant, "", old("r1")),
                result("r2", OutcomeStatus::NonCompliant, "", old("r2")),
            ],
        )
        .await
        .unwrap();

    let job = store.start_job("compliance", "all", "alice").await.unwrap();
    pending(job, &["r1", "r2", "r3", "r4"]).await;
    // Many features, all in one JSON list.
    let many: Vec<ComplianceRow> = (0..250)
        .map(|f| row("r1", format!("f{f:03}"), true))
        .collect();
    let mut results = [
        result("r1", OutcomeStatus::Compliant, "", Some(many)),
        result("r2", OutcomeStatus::Failed, "no backup yet", None),
        result(
            "r3",
            OutcomeStatus::NonCompliant,
            "",
            Some(vec![row("r3", "ntp".into(), false)]),
        ),
    ];
    let recorded = store
        .record_device_results(job, &mut results)
        .await
        .unwrap();
    assert_eq!(recorded.remaining, Some(1));
    assert_eq!(recorded.devices.len(), 3);
    let again = store
        .record_device_results(job, &mut results)
        .await
        .unwrap();
    assert_eq!(again.remaining, None, "a task delivered twice counts once");
    assert!(again.devices.is_empty());
    assert_eq!(store.pending_devices(job).await.unwrap(), 1);

    let r1 = store.device_compliance("r1", None).await.unwrap();
    assert_eq!(r1.len(), 250, "the new rows replace the old ones");
    assert!(r1.iter().all(|r| r.compliant && r.feature != "old"));
    let r2 = store.device_compliance("r2", None).await.unwrap();
    assert_eq!(r2.len(), 1, "a failed device keeps its stored results");
    assert_eq!(r2[0].feature, "old");
    let devices = store.job_devices(job).await.unwrap();
    let outcome = |name: &str| {
        let device = devices.iter().find(|d| d.outcome.device == name).unwrap();
        (device.outcome.status, device.outcome.error.as_str())
    };
    assert_eq!(outcome("r2"), (OutcomeStatus::Failed, "no backup yet"));
    assert_eq!(outcome("r3"), (OutcomeStatus::NonCompliant, ""));
    assert_eq!(outcome("r4"), (OutcomeStatus::Pending, ""));

    store
        .finish_job(job, JobStatus::Failed, "interrupted", &[])
        .await
        .unwrap();
    assert!(
        store
            .pending_of(job, &["r4".to_string()])
            .await
            .unwrap()
            .is_empty(),
        "a job that is no longer running has no device waiting"
    );
}

/// The overview's totals, summed by the database: per feature and per device, over the
/// inventory's devices only (results of a device no longer in it are left out).
async fn compliance_totals_are_summed_over_the_inventorys_devices(db: &TestDb) {
    let store = &db.store;
    let before = store.data_versions().await.unwrap();
    let inventory = aurum_inventory::parse_document(
        "devices:\n  - name: r1\n  - name: r2\n  - name: r3\n",
        aurum_inventory::Format::Yaml,
        "fleet.yaml",
    )
    .unwrap();
    store
        .import(&inventory, "fleet.yaml", Default::default(), false)
        .await
        .unwrap();
    let row = |device: &str, feature: &str, compliant: bool| ComplianceRow {
        device: device.into(),
        feature: feature.into(),
        platform: "cisco_ios".into(),
        compliant,
        ordered: compliant,
        missing: String::new(),
        extra: String::new(),
        actual: String::new(),
        intended: String::new(),
        remediation: String::new(),
    };
    let mut results: Vec<DeviceResult> = [
        ("r1", vec![row("r1", "ntp", true), row("r1", "snmp", true)]),
        ("r2", vec![row("r2", "ntp", false), row("r2", "snmp", true)]),
        ("gone", vec![row("gone", "ntp", false)]),
    ]
    .into_iter()
    .map(|(device, rows)| DeviceResult {
        outcome: DeviceOutcome {
            device: device.into(),
            status: OutcomeStatus::Compliant,
            changed: false,
            error: String::new(),
        },
        compliance: Some(rows),
        version: None,
    })
    .collect();
    let job = store.start_job("compliance", "all", "alice").await.unwrap();
    let devices: Vec<(String, String)> = ["r1", "r2", "gone"]
        .iter()
        .map(|d| (d.to_string(), "default".to_string()))
        .collect();
    store.add_pending_devices(job, &devices).await.unwrap();
    let imported = store.data_versions().await.unwrap();
    assert!(
        imported.devices > before.devices,
        "adding devices moves their version"
    );
    assert_eq!(imported.compliance, before.compliance);
    store
        .record_device_results(job, &mut results)
        .await
        .unwrap();
    let recorded = store.data_versions().await.unwrap();
    assert!(
        recorded.compliance > imported.compliance,
        "new results move theirs"
    );
    assert_eq!(recorded.devices, imported.devices);
    assert_eq!(
        store.data_versions().await.unwrap(),
        recorded,
        "reading moves nothing"
    );
    assert_eq!(
        store
            .compliance_of_devices(&["r2".to_string(), "r1".to_string(), "r3".to_string()])
            .await
            .unwrap(),
        [
            ("r1".to_string(), "ntp".to_string(), true),
            ("r1".to_string(), "snmp".to_string(), true),
            ("r2".to_string(), "ntp".to_string(), false),
            ("r2".to_string(), "snmp".to_string(), true),
        ],
        "a page's results, by device and feature; r3 has none"
    );
    let totals = store.compliance_totals().await.unwrap();
    assert_eq!(
        totals.features,
        [("ntp".to_string(), 1, 2), ("snmp".to_string(), 2, 2)],
        "`gone`'s failing ntp is not counted"
    );
    assert_eq!(
        (totals.checked_devices, totals.compliant_devices),
        (2, 1),
        "r1 and r2 checked (r3 never, `gone` not in the inventory); r1 compliant in all"
    );
    // A feature only a removed device was checked for is no column of the totals.
    let only_gone = DeviceResult {
        outcome: DeviceOutcome {
            device: "gone".into(),
            status: OutcomeStatus::Compliant,
            changed: false,
            error: String::new(),
        },
        compliance: Some(vec![row("gone", "aaa", true)]),
        version: None,
    };
    let job = store.start_job("compliance", "all", "alice").await.unwrap();
    store
        .add_pending_devices(job, &[("gone".to_string(), "default".to_string())])
        .await
        .unwrap();
    store
        .record_device_results(job, &mut [only_gone])
        .await
        .unwrap();
    let totals = store.compliance_totals().await.unwrap();
    assert_eq!(totals.features.len(), 2, "{:?}", totals.features);
    assert_eq!((totals.checked_devices, totals.compliant_devices), (2, 1));
    let again = store.data_versions().await.unwrap();
    assert!(again.compliance > recorded.compliance);
    store.delete_device("r3").await.unwrap();
    let deleted = store.data_versions().await.unwrap();
    assert!(
        deleted.devices > again.devices,
        "removing a device moves the version"
    );
    assert_eq!(deleted.compliance, again.compliance);
}

/// A backup task's configs are stored with its results, in one transaction: the outcome says
/// whether each device changed, a task delivered again changes nothing more, and a device
/// that is no longer pending stores no version.
async fn a_task_stores_its_versions_with_its_results(db: &TestDb) {
    let store = &db.store;
    store
        .save_config_version("r1", ConfigKind::Backup, "hostname r1\n", None)
        .await
        .unwrap();
    let job = store.start_job("backup", "all", "alice").await.unwrap();
    let devices: Vec<(String, String)> = ["r1", "r2", "r3"]
        .iter()
        .map(|d| (d.to_string(), "default".to_string()))
        .collect();
    store.add_pending_devices(job, &devices).await.unwrap();
    let backed_up = |device: &str, config: &str| DeviceResult {
        outcome: DeviceOutcome {
            device: device.into(),
            status: OutcomeStatus::Ok,
            changed: false,
            error: String::new(),
        },
        compliance: None,
        version: Some(NewVersion {
            kind: ConfigKind::Backup,
            config: config.into(),
        }),
    };
    let before = store.data_versions().await.unwrap().configs;
    let mut results = [
        backed_up("r1", "hostname r1\n"),
        backed_up("r2", "hostname r2\n"),
    ];
    let recorded = store
        .record_device_results(job, &mut results)
        .await
        .unwrap();
    assert_eq!(recorded.remaining, Some(1));
    let told: Vec<(OutcomeStatus, bool)> = results
        .iter()
        .map(|r| (r.outcome.status, r.outcome.changed))
        .collect();
    assert_eq!(
        told,
        [(OutcomeStatus::Unchanged, false), (OutcomeStatus::Ok, true)]
    );
    let stored = store
        .current_config("r2", ConfigKind::Backup)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.config.as_str(), stored.job_id),
        ("hostname r2\n", Some(job))
    );
    assert!(store.data_versions().await.unwrap().configs > before);
    let devices = store.job_devices(job).await.unwrap();
    let r2 = devices.iter().find(|d| d.outcome.device == "r2").unwrap();
    assert_eq!(
        (r2.outcome.status, r2.outcome.changed),
        (OutcomeStatus::Ok, true)
    );

    // Delivered again after r2 was recorded, with configs fetched since, beside r3 which
    // still waits: r3 is recorded with its version, r2 stores nothing.
    let mut again = [
        backed_up("r2", "hostname r2-later\n"),
        backed_up("r3", "hostname r3\n"),
    ];
    let recorded = store.record_device_results(job, &mut again).await.unwrap();
    assert_eq!(
        recorded.devices,
        std::collections::HashSet::from(["r3".to_string()])
    );
    assert_eq!(recorded.remaining, Some(0));
    assert!(
        store
            .current_config("r3", ConfigKind::Backup)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store
            .config_history("r2", ConfigKind::Backup)
            .await
            .unwrap()
            .len(),
        1,
        "a device no longer pending stores no version"
    );
}

on_both_databases!(
    a_task_stores_its_versions_with_its_results,
    compliance_totals_are_summed_over_the_inventorys_devices,
    a_task_records_its_devices_and_their_compliance_rows_at_once,
    a_task_run_twice_stores_its_version_once_and_says_changed_both_times,
    hook_failures_are_kept_on_their_job,
    one_committer_holds_a_repository_at_a_time,
    a_schedule_firing_is_claimed_once,
    a_version_is_written_only_on_change_and_history_answers_by_date,
    jobs_record_devices_and_interrupted_jobs_fail,
    a_job_counts_its_devices_off_once_each_and_one_caller_finalises,
);
