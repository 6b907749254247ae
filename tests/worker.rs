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
