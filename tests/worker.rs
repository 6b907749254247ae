//! `aurum worker`: jobs enqueued by one process and done by another (PostgreSQL, the several
//! processes case), and schedules firing in two workers (each firing run once) and in
//! `aurum serve` (SQLite, the embedded default).

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::{Scratch, commits, credentials, start_sim};

/// A running `aurum worker` or `aurum serve`, killed when dropped.
struct Worker(Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `aurum worker ARGS` with the simulator's credentials and waits until it runs.
fn start_worker(scratch: &Scratch, env: &[(&str, &str)], args: &[&str]) -> Worker {
    let mut all = vec!["worker"];
    all.extend(args);
    start_long_running(scratch, env, &all, "aurum worker: running")
}

/// Starts a long-running `aurum ARGS` and waits for the line that says it runs.
fn start_long_running(
    scratch: &Scratch,
    env: &[(&str, &str)],
    args: &[&str],
    ready: &str,
) -> Worker {
    let mut command = scratch.command();
    credentials(&mut command);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.args(args).stderr(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("aurum exited before it ran").unwrap();
        if line.contains(ready) {
            break;
        }
    }
    // Keep draining its log so the worker never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Worker(child)
}

#[test]
fn a_job_enqueued_by_one_process_is_done_by_a_separate_worker_on_postgres() {
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("aurum_e2e_worker_{}", std::process::id());
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        &format!(
            "[database]\nurl = {{ env = \"AURUM_E2E_DATABASE_URL\" }}\nschema = \"{schema}\"\n\n\
             [ssh]\nconcurrency = 2\nhost_key_checking = \"off\"\n"
        ),
    );
    let env = [("AURUM_E2E_DATABASE_URL", url.as_str())];
    let run = |args: &[&str]| scratch.run_with_env(&env, args).ok().stdout;
    run(&["init"]);
    run(&["inventory", "import", "sim.yaml"]);
    let worker = start_worker(&scratch, &env, &["--no-schedules"]);

    // The enqueuing process has no device credentials: only the worker can have done the work.
    let backup = run(&["backup", "--no-local-worker"]);
    assert!(
        backup.contains("backup (job 1): succeeded: 5 device(s): 5 ok; 5 changed"),
        "{backup}"
    );
    assert!(backup.contains("  commit "), "{backup}");
    assert_eq!(commits(&scratch.data_dir().join("repos/backups")), 1);
    let job = run(&["jobs", "1"]);
    assert_eq!(job.matches(" ok ").count(), 5, "{job}");

    drop(worker);
    support::drop_schema(&url, &schema);
}

/// A scratch directory whose schedule `often` backs up one device every two seconds.
fn scheduled_lab() -> (Scratch, support::Sim) {
    let scratch = Scratch::new();
    let sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        "[ssh]\nconcurrency = 5\nhost_key_checking = \"off\"\n\n\
         [golden.schedules.often]\ncron = \"*/2 * * * * *\"\njob = \"backup\"\nfilter = [\"name=sim-ios-0001\"]\n",
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    (scratch, sim)
}

/// Polls `aurum jobs` until the schedule's first job succeeded, within a generous minute.
fn assert_a_scheduled_backup_succeeds(scratch: &Scratch) {
    let started = Instant::now();
    loop {
        let jobs = scratch.run(&["jobs"]).ok().stdout;
        if jobs.contains("backup  succeeded") {
            assert!(jobs.contains("name=sim-ios-0001"), "{jobs}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no scheduled job succeeded within a minute:\n{jobs}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let job = scratch.run(&["jobs", "1"]).ok().stdout;
    assert!(job.contains("by schedule:often"), "{job}");
}

#[test]
fn a_schedule_fires_in_two_workers_and_each_firing_runs_once() {
    let (scratch, _sim) = scheduled_lab();
    let first = start_worker(&scratch, &[], &[]);
    let second = start_worker(&scratch, &[], &[]);
    assert_a_scheduled_backup_succeeds(&scratch);
    // A few more firings, then stop both and look at when each job started.
    std::thread::sleep(Duration::from_secs(5));
    drop((first, second));
    let started = job_start_times(&scratch.data_dir().join("aurum.db"));
    assert!(started.len() >= 2, "{started:?}");
    for pair in started.windows(2) {
        assert!(
            pair[1] - pair[0] >= 1_000,
            "two jobs from one firing (the schedule fires every 2 s): {started:?}"
        );
    }
}

/// When each job started (epoch milliseconds), oldest first.
fn job_start_times(database: &std::path::Path) -> Vec<i64> {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let url = format!("sqlite://{}", database.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT started_at FROM jobs ORDER BY started_at")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        rows.into_iter().map(|(at,)| at).collect()
    })
}

#[test]
fn a_schedule_fires_in_serve_and_its_job_runs() {
    let (scratch, _sim) = scheduled_lab();
    let _serve = start_long_running(
        &scratch,
        &[],
        &["serve", "--listen", "127.0.0.1:0"],
        "aurum listening on",
    );
    assert_a_scheduled_backup_succeeds(&scratch);
}

/// A PostgreSQL lab: `devices` simulated devices (each answer slowed by `slow_ms`), their
/// inventory imported into a fresh schema, workers leasing every second for three seconds.
struct PostgresLab {
    scratch: Scratch,
    _sim: support::Sim,
    url: String,
    schema: String,
}

impl PostgresLab {
    fn new(name: &str, devices: usize, slow_ms: &str) -> PostgresLab {
        let url = std::env::var("AURUM_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        let schema = format!("aurum_e2e_{name}_{}", std::process::id());
        let scratch = Scratch::new();
        let sim = support::start_sim_of(&scratch, devices, &["--slow-ms", slow_ms]);
        scratch.write(
            "aurum.toml",
            &format!(
                "[database]\nurl = {{ env = \"AURUM_E2E_DATABASE_URL\" }}\nschema = \"{schema}\"\n\n\
                 [ssh]\nconcurrency = 4\nhost_key_checking = \"off\"\n\n\
                 [workers]\nheartbeat_secs = 1\nlease_secs = 3\n"
            ),
        );
        let lab = PostgresLab {
            scratch,
            _sim: sim,
            url,
            schema,
        };
        lab.run(&["init"]);
        lab.run(&["inventory", "import", "sim.yaml"]);
        lab
    }

    fn env(&self) -> [(&str, &str); 1] {
        [("AURUM_E2E_DATABASE_URL", self.url.as_str())]
    }

    fn run(&self, args: &[&str]) -> String {
        self.scratch.run_with_env(&self.env(), args).ok().stdout
    }

    fn worker(&self) -> Worker {
        start_worker(&self.scratch, &self.env(), &["--no-schedules"])
    }

    /// `aurum backup ARGS` in the background, with the devices' credentials (it works too).
    /// `aurum backup ARGS` on the lab's database; its stderr is kept only when `stderr` is
    /// piped (a killed enqueuer's would never be read).
    fn spawn_backup(&self, args: &[&str], stderr: Stdio) -> Child {
        let mut command = self.scratch.command();
        credentials(&mut command);
        command
            .env("AURUM_E2E_DATABASE_URL", &self.url)
            .arg("backup")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap()
    }

    /// One number from the lab's schema.
    fn count(&self, sql: &str) -> i64 {
        use sqlx::Connection;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
            let sql = sql.replace("SCHEMA", &format!("\"{}\"", self.schema));
            let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut conn)
                .await
                .unwrap();
            n
        })
    }

    /// Waits until job `id` is no longer running, within `limit`.
    fn wait_for_job(&self, id: i64, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            let job = self.run(&["jobs", &id.to_string()]);
            if !job.lines().next().unwrap_or_default().contains(": running") {
                return job;
            }
            assert!(
                started.elapsed() < limit,
                "job {id} still running after {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

impl Drop for PostgresLab {
    fn drop(&mut self) {
        support::drop_schema(&self.url, &self.schema);
    }
}

fn sigkill(child: &mut Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn three_workers_finish_a_600_device_backup_when_a_worker_and_the_enqueuer_are_killed() {
    let lab = PostgresLab::new("faults", 600, "15");
    let mut first = lab.worker();
    let _second = lab.worker();
    let _third = lab.worker();
    let mut enqueuer = lab.spawn_backup(&[], Stdio::null());

    // Mid-job: a sixth of the devices done, then the enqueuer (which also ran devices) and
    // one worker die without a chance to clean up.
    let started = Instant::now();
    while lab.count("SELECT count(*) FROM SCHEMA.job_devices WHERE status <> 'pending'") < 100 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the job never got going"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    sigkill(&mut enqueuer);
    sigkill(&mut first.0);
    let done_at_kill =
        lab.count("SELECT count(*) FROM SCHEMA.job_devices WHERE status <> 'pending'");
    assert!(
        done_at_kill < 600,
        "the job finished before anything was killed"
    );

    let job = lab.wait_for_job(1, Duration::from_secs(300));
    assert!(
        job.contains(": succeeded — 600 device(s): 600 ok; 600 changed"),
        "{job}"
    );
    // Every device exactly once: one result each, counted off once, one version each.
    assert_eq!(
        lab.count("SELECT count(*) FROM SCHEMA.job_devices WHERE job_id = 1 AND status = 'ok'"),
        600
    );
    assert_eq!(lab.count("SELECT pending FROM SCHEMA.jobs WHERE id = 1"), 0);
    assert_eq!(
        lab.count("SELECT count(*) FROM SCHEMA.config_versions WHERE job_id = 1"),
        600
    );
    assert_eq!(
        lab.count("SELECT count(DISTINCT device) FROM SCHEMA.config_versions"),
        600
    );
    assert_eq!(commits(&lab.scratch.data_dir().join("repos/backups")), 1);
}

#[test]
fn two_jobs_at_once_share_one_repository_and_both_commit_cleanly() {
    let lab = PostgresLab::new("two_jobs", 40, "5");
    let _first = lab.worker();
    let _second = lab.worker();
    let ios = lab.spawn_backup(
        &["--no-local-worker", "--filter", "platform=cisco_ios"],
        Stdio::piped(),
    );
    let eos = lab.spawn_backup(
        &["--no-local-worker", "--filter", "platform=arista_eos"],
        Stdio::piped(),
    );
    for child in [ios, eos] {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stdout}{stderr}");
        assert!(
            stdout.contains("succeeded: 8 device(s): 8 ok; 8 changed"),
            "{stdout}"
        );
    }
    let repo = lab.scratch.data_dir().join("repos/backups");
    // The first to finish may commit the other's files already written (jobs commit the
    // repository's tree); never a broken repository, never a lost file.
    let made = commits(&repo);
    assert!((1..=2).contains(&made), "{made} commits");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    git(&["fsck", "--strict"]);
    assert_eq!(git(&["ls-files"]).lines().count(), 16);
    assert_eq!(
        git(&["status", "--porcelain"]),
        "",
        "everything written is committed"
    );
    assert_eq!(
        lab.count("SELECT count(*) FROM SCHEMA.jobs WHERE status = 'succeeded'"),
        2
    );
}

#[test]
fn a_worker_stopped_with_sigterm_finishes_or_hands_back_its_tasks() {
    let lab = PostgresLab::new("sigterm", 60, "40");
    let mut leaving = lab.worker();
    let _staying = lab.worker();
    let backup = lab.spawn_backup(&["--no-local-worker"], Stdio::null());
    let started = Instant::now();
    while lab.count("SELECT count(*) FROM SCHEMA.job_devices WHERE status <> 'pending'") < 10 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the job never got going"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let term = std::process::Command::new("kill")
        .args(["-TERM", &leaving.0.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    // It leaves cleanly once its tasks in flight are done, well before the job is.
    let status = leaving.0.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(
        lab.count("SELECT count(*) FROM SCHEMA.job_devices WHERE status = 'pending'") > 0,
        "the job finished before the worker left; slow the devices down"
    );
    let out = backup.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("succeeded: 60 device(s): 60 ok; 60 changed"),
        "{stdout}"
    );
    assert_eq!(
        lab.count("SELECT count(*) FROM SCHEMA.config_versions WHERE job_id = 1"),
        60
    );
    assert_eq!(commits(&lab.scratch.data_dir().join("repos/backups")), 1);
}

#[test]
fn a_worker_without_a_plugin_the_job_needs_refuses_its_devices_naming_it() {
    let lab = PostgresLab::new("requirements", 5, "0");
    // The enqueuing process has a plugin the worker's aurum.toml lacks.
    let script = support::examples()
        .join("../plugins/rhai/strip_snmp_communities.rhai")
        .canonicalize()
        .unwrap();
    let base = std::fs::read_to_string(lab.scratch.path().join("aurum.toml")).unwrap();
    lab.scratch.write(
        "enqueuer.toml",
        &format!(
            "{base}\n[plugins.strip_snmp_communities_rhai]\nkind = \"postprocessor\"\nrhai = \"{}\"\n",
            script.display()
        ),
    );
    let _worker = lab.worker();
    let backup = lab.scratch.run_with_env(
        &lab.env(),
        &["--config", "enqueuer.toml", "backup", "--no-local-worker"],
    );
    assert!(
        backup.stdout.contains("failed: 5 device(s): 5 failed"),
        "{}\n{}",
        backup.stdout,
        backup.stderr
    );
    let job = lab.run(&["jobs", "1"]);
    assert_eq!(
        job.matches("has no plugin `strip_snmp_communities_rhai` (job 1 needs sha256 ")
            .count(),
        5,
        "{job}"
    );
}

/// Every file under `dir` (not `.git`) whose name is `name`, read.
fn file_named(dir: &std::path::Path, name: &str) -> Option<String> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with(".git") {
            if let Some(found) = file_named(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return std::fs::read_to_string(path).ok();
        }
    }
    None
}

#[test]
fn a_worker_without_the_jobs_setting_or_its_files_runs_the_job_from_what_it_carries() {
    let lab = PostgresLab::new("carried", 3, "0");
    let base = std::fs::read_to_string(lab.scratch.path().join("aurum.toml")).unwrap();
    // The worker's aurum.toml names only the database: no golden-config setting, no files.
    lab.scratch.write("worker.toml", &base);
    std::fs::create_dir_all(lab.scratch.path().join("lab/templates")).unwrap();
    // One template for the fleet's every platform.
    lab.scratch.write(
        "lab/templates/all.j2",
        "hostname {{ device.name }}\nntp server 192.0.2.123\n",
    );
    lab.scratch.write(
        "lab/properties.yml",
        "compliance_features: []\ncompliance_rules: []\nconfig_removes:\n  - { name: ntp, platform_network_driver: cisco_ios, regex: \"^ntp server .*$\" }\n",
    );
    lab.scratch.write(
        "aurum.toml",
        &format!("{base}\n[golden.settings.lab]\ntemplates = \"lab/templates\"\ntemplate_path = \"all.j2\"\nproperties = \"lab/properties.yml\"\n"),
    );
    let moved = lab.scratch.path().join("lab-elsewhere");

    for (job, kind) in [(1, "backup"), (2, "intended")] {
        let mut command = lab.scratch.command();
        credentials(&mut command);
        let enqueuer = command
            .env("AURUM_E2E_DATABASE_URL", &lab.url)
            .args([kind, "--no-local-worker"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while lab.count(&format!(
            "SELECT count(*) FROM SCHEMA.job_devices WHERE job_id = {job}"
        )) < 3
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "job {job} never queued"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // The enqueuer's files are gone before any worker starts: only the job has them.
        std::fs::rename(lab.scratch.path().join("lab"), &moved).unwrap();
        let worker = start_worker(
            &lab.scratch,
            &lab.env(),
            &["--config", "worker.toml", "--no-schedules"],
        );
        let out = enqueuer.wait_with_output().unwrap();
        drop(worker);
        std::fs::rename(&moved, lab.scratch.path().join("lab")).unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("succeeded: 3 device(s): 3 ok; 3 changed"),
            "{kind}: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let repos = lab.scratch.data_dir().join("repos");
    let backup = file_named(&repos.join("backups"), "sim-ios-0001.cfg").unwrap();
    assert!(backup.contains("hostname sim-ios-0001"), "{backup}");
    assert!(
        !backup.contains("ntp server"),
        "the carried properties' config remove ran: {backup}"
    );
    let intended = file_named(&repos.join("intended"), "sim-ios-0001.cfg").unwrap();
    assert!(
        intended.starts_with("hostname sim-ios-0001\nntp server 192.0.2.123"),
        "rendered from the carried template: {intended}"
    );
    assert!(
        !lab.scratch.data_dir().join("job-files/1").exists(),
        "the finalising worker removed the job's carried files"
    );
}

#[test]
fn a_deploy_queued_for_aurum_worker_is_sent_by_it_and_a_plan_cancelled_meanwhile_is_not() {
    let lab = PostgresLab::new("deploy", 2, "0");
    lab.scratch.write("ntp.j2", "ntp server 10.0.0.77\n");
    let create = |device: &str| {
        let id = lab.run(&[
            "plan",
            "create",
            "--type",
            "manual",
            "--device",
            device,
            "--template",
            "ntp.j2",
        ]);
        let id = id.trim().to_string();
        lab.run(&["plan", "approve", &id]);
        id
    };
    let sent = create("sim-ios-0001");
    let cancelled = create("sim-nxos-0002");
    // No worker runs yet, and the deploying process has no device credentials: the job waits
    // on the queue, and only a worker can send it.
    let deploy = lab
        .scratch
        .command()
        .env("AURUM_E2E_DATABASE_URL", &lab.url)
        .args(["deploy", &sent, &cancelled, "--no-local-worker"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while lab.count("SELECT count(*) FROM SCHEMA.jobs WHERE kind = 'deploy'") == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no deploy job queued"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    lab.run(&["plan", "cancel", &cancelled]);
    let worker = lab.worker();
    let out = deploy.wait_with_output().unwrap();
    drop(worker);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("sim-ios-0001  Completed  plans [{sent}]")),
        "{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!(
            "plan {cancelled} not sent: plan {cancelled} is Cancelled now; not sent"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("deploy job ") && stdout.contains(": partial; "),
        "{stdout}"
    );
    assert!(
        stdout.contains("backup job ") && stdout.contains("1 device(s): 1 ok"),
        "the worker re-checked the deployed device: {stdout}"
    );
    let run = |device: &str| {
        let mut command = lab.scratch.command();
        credentials(&mut command);
        let output = command
            .env("AURUM_E2E_DATABASE_URL", &lab.url)
            .args(["run", device, "show running-config"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run("sim-ios-0001").contains("ntp server 10.0.0.77"));
    assert!(!run("sim-nxos-0002").contains("ntp server 10.0.0.77"));
}
