//! Golden-config jobs on the job engine: progress events per device, a hung device that holds
//! up nobody, dry runs that record nothing, and tasks of a job that died doing nothing when a
//! worker picks them up later.

mod common;

use std::time::Duration;

use aurum_config::GoldenSetting;
use aurum_inventory::DeviceFilter;
use aurum_services::golden::{JobKind, JobRequest};
use aurum_sim::Faults;
use aurum_store::{ConfigKind, JobStatus, OutcomeStatus};
use common::Lab;

fn request() -> JobRequest {
    JobRequest {
        filter: DeviceFilter::parse_terms(&["role=lab".to_string()]).unwrap(),
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    }
}

async fn lab() -> Lab {
    lab_with(|_| {}).await
}

async fn lab_with(tune: impl FnOnce(&mut aurum_config::Config)) -> Lab {
    Lab::start(3, |config, dir| {
        config.golden.settings.insert(
            "lab".into(),
            GoldenSetting {
                templates: dir.join("templates"),
                ..GoldenSetting::default()
            },
        );
        config.ssh.concurrency = 2;
        tune(config);
    })
    .await
}

#[tokio::test]
async fn every_device_result_is_an_event_for_subscribers_and_the_progress_callback() {
    let lab = lab().await;
    let mut events = lab.golden.subscribe();
    let seen = std::sync::Mutex::new(Vec::new());
    let report = lab
        .golden
        .backup(&request(), |event| {
            seen.lock().unwrap().push(event.device.clone())
        })
        .await
        .unwrap();
    assert_eq!(report.status, JobStatus::Succeeded, "{report:?}");
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen, ["sim-ios-0001", "sim-iosxr-0003", "sim-nxos-0002"]);
    let mut broadcast = Vec::new();
    while let Ok(event) = events.try_recv() {
        assert_eq!(event.kind, JobKind::Backup);
        assert_eq!(event.job, report.job_id);
        assert_eq!(event.status, OutcomeStatus::Ok);
        assert!(event.changed);
        broadcast.push(event.device);
    }
    broadcast.sort();
    assert_eq!(broadcast, seen);
}

#[tokio::test]
async fn a_dry_run_does_the_work_and_records_nothing() {
    let lab = lab().await;
    let report = lab
        .golden
        .backup(
            &JobRequest {
                dry_run: true,
                ..request()
            },
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.job_id, None);
    assert_eq!(report.devices.len(), 3);
    assert!(report.devices.iter().all(|d| d.changed), "{report:?}");
    assert!(lab.store.jobs(10).await.unwrap().is_empty());
    assert!(
        lab.store
            .current_config("sim-ios-0001", ConfigKind::Backup)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!lab.path("repos/backups/lab1").exists());
}

#[tokio::test]
async fn tasks_of_a_job_that_died_do_nothing_and_the_next_job_runs() {
    let lab = lab().await;
    // A job enqueued by a process that then died: its tasks wait, its record is failed (as the
    // next start does for a dead owner).
    let dead = lab
        .golden
        .enqueue(JobKind::Backup, &request())
        .await
        .unwrap();
    lab.store
        .finish_job(dead, JobStatus::Failed, "interrupted", &[])
        .await
        .unwrap();

    // A worker picks the orphaned tasks up, then this job's.
    let report = lab.golden.backup(&request(), |_| {}).await.unwrap();
    assert_eq!(report.status, JobStatus::Succeeded, "{report:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let dead = lab.store.job(dead).await.unwrap();
    assert_eq!(dead.status, JobStatus::Failed);
    assert!(
        dead.devices
            .iter()
            .all(|d| d.status == OutcomeStatus::Pending),
        "{dead:?}"
    );
    assert!(dead.commits.is_empty());
    for device in ["sim-ios-0001", "sim-nxos-0002", "sim-iosxr-0003"] {
        let history = lab
            .store
            .config_history(device, ConfigKind::Backup)
            .await
            .unwrap();
        assert_eq!(
            history.len(),
            1,
            "{device}: only the live job stored a version"
        );
        assert_eq!(history[0].job_id, report.job_id);
    }
}

#[tokio::test]
async fn a_hung_device_fails_at_its_time_limit_and_holds_up_no_other_device() {
    let lab = lab_with(|config| config.golden.device_timeout_secs = 3).await;
    lab.fleet
        .device("sim-ios-0001")
        .unwrap()
        .set_faults(Faults {
            no_prompt: true,
            ..Faults::default()
        });
    let started = std::time::Instant::now();
    let order = std::sync::Mutex::new(Vec::new());
    let report = lab
        .golden
        .backup(&request(), |event| {
            order
                .lock()
                .unwrap()
                .push((event.device.clone(), started.elapsed()))
        })
        .await
        .unwrap();
    assert_eq!(report.status, JobStatus::Partial, "{report:?}");
    let order = order.into_inner().unwrap();
    assert_eq!(order.len(), 3);
    // With two at a time, the other two devices finish while the hung one still waits.
    assert_eq!(order[2].0, "sim-ios-0001", "{order:?}");
    assert!(order[1].1 < Duration::from_secs(3), "{order:?}");
    let hung = report
        .devices
        .iter()
        .find(|d| d.device == "sim-ios-0001")
        .unwrap();
    assert!(hung.error.contains("no backup within 3s"), "{}", hung.error);
}

#[tokio::test]
async fn the_local_worker_stops_cleanly_and_the_next_job_starts_it_again() {
    let lab = lab().await;
    let first = lab.golden.backup(&request(), |_| {}).await.unwrap();
    tokio::time::timeout(Duration::from_secs(10), lab.golden.stop_local_worker())
        .await
        .expect("the worker stops within seconds");
    let second = lab.golden.intended(&request(), |_| {}).await.unwrap();
    assert_eq!(first.status, JobStatus::Succeeded, "{first:?}");
    assert_eq!(second.devices.len(), 3, "{second:?}");
    lab.golden.stop_local_worker().await;
}
