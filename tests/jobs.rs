//! Golden-config jobs from the shell, including a process killed with SIGKILL mid-job: once its
//! lease runs out the next start marks the job failed and nothing half-written was committed;
//! and the progress bar a person sees on a terminal.

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{Scratch, commits, credentials, start_sim, terminal_frames};

#[test]
fn a_job_killed_mid_way_commits_nothing_and_is_marked_failed_on_the_next_start() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &["--slow-ms", "150"]);
    scratch.write(
        "aurum.toml",
        "[ssh]\nconcurrency = 1\nhost_key_checking = \"off\"\n",
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();

    let mut backup = credentials(&mut scratch.command())
        .args(["backup"])
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the job is under way (about a second and a half per device at this speed),
    // then kill it.
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the backup job never started"
        );
        std::thread::sleep(Duration::from_millis(200));
        let jobs = scratch.command().args(["jobs"]).output().unwrap();
        if String::from_utf8_lossy(&jobs.stdout).contains("backup  running") {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        backup.try_wait().unwrap().is_none(),
        "the job finished before it could be killed; slow the devices down"
    );
    backup.kill().unwrap(); // SIGKILL: no chance to clean up
    backup.wait().unwrap();

    let repo = scratch.data_dir().join("repos/backups");
    assert_eq!(
        commits(&repo),
        0,
        "the job's commit comes only after every device"
    );
    // Nobody renews the job's lease any more: once it runs out (`[workers] lease_secs`, 4 s by
    // default) the next start fails the job.
    let killed = Instant::now();
    let jobs = loop {
        let jobs = scratch.run(&["jobs"]).ok();
        if jobs.stdout.contains("backup  failed") {
            break jobs;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(15),
            "the job is still running 15 s after its process died:\n{}",
            jobs.stdout
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    assert!(
        killed.elapsed() >= Duration::from_secs(2),
        "failed before its lease could run out"
    );
    assert!(jobs.stdout.contains("interrupted"), "{}", jobs.stdout);

    // The next run completes, and commits every file, none of them a temporary one.
    let rerun = credentials(&mut scratch.command())
        .args(["backup"])
        .output()
        .unwrap();
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    assert_eq!(commits(&repo), 1);
    let files = std::process::Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["ls-files"])
        .output()
        .unwrap();
    let files = String::from_utf8_lossy(&files.stdout);
    assert_eq!(files.lines().count(), 5, "{files}");
    assert!(!files.contains("aurum-tmp"), "{files}");
}

/// `pos/len` of each drawn frame of the `backup` bar (`backup  ███░░  0/1  device`).
fn backup_bar_lengths(frames: &[String]) -> Vec<String> {
    frames
        .iter()
        .filter(|frame| frame.starts_with("backup "))
        .filter_map(|frame| {
            frame.split_whitespace().find_map(|word| {
                let (pos, len) = word.split_once('/')?;
                pos.parse::<u64>().ok()?;
                len.parse::<u64>().ok().map(|_| len.to_string())
            })
        })
        .collect()
}

/// The bar's total is the devices the job will do: those of the settings' scopes within the
/// filter, not every device the filter matches (5 here) nor every device of the inventory.
#[test]
fn the_backup_bar_counts_the_devices_of_the_settings_scope() {
    let scratch = Scratch::new();
    // Slow devices, so the bar is drawn while the one device is backed up.
    let _sim = start_sim(&scratch, &["--slow-ms", "200"]);
    scratch.write(
        "aurum.toml",
        "[ssh]\nhost_key_checking = \"off\"\n\n[golden.settings.lab]\nscope = \"ios-only\"\n",
    );
    scratch.write(
        "filters.yaml",
        "saved_filters:\n  - { name: ios-only, filter: { platform: [cisco_ios] } }\n",
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    scratch.run(&["inventory", "import", "filters.yaml"]).ok();
    let listed = scratch
        .run(&["inventory", "list", "--filter", "role=sim"])
        .ok();
    let platforms: Vec<&str> = listed
        .stdout
        .lines()
        .skip(1)
        .filter_map(|row| row.split_whitespace().nth(2))
        .collect();
    assert_eq!(
        platforms.len(),
        5,
        "the filter matches every simulated device"
    );
    assert_eq!(
        platforms.iter().filter(|p| **p == "cisco_ios").count(),
        1,
        "one of them is in the setting's scope: {}",
        listed.stdout
    );

    let backup = credentials(&mut scratch.terminal_command(&["backup", "--filter", "role=sim"]))
        .output()
        .expect("`script` (util-linux; Debian package bsdutils) runs aurum on a pseudo-terminal");
    let drawn = String::from_utf8_lossy(&backup.stdout);
    assert!(backup.status.success(), "{drawn}");
    assert!(
        drawn.contains("succeeded: 1 device(s)"),
        "the job did one device: {drawn}"
    );
    let lengths = backup_bar_lengths(&terminal_frames(&drawn));
    assert!(
        lengths.iter().any(|len| len == "1"),
        "the bar was drawn with a total of 1: {lengths:?}\n{drawn}"
    );
    assert!(
        lengths.iter().all(|len| len == "1"),
        "never a total of every matching device: {lengths:?}\n{drawn}"
    );
}
