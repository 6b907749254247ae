//! Golden-config jobs from the shell, including a process killed with SIGKILL mid-job: the next
//! start marks the job failed and nothing half-written was committed.

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{Scratch, commits, credentials, start_sim};

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
    let jobs = scratch.run(&["jobs"]).ok();
    assert!(jobs.stdout.contains("backup  failed"), "{}", jobs.stdout);
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
