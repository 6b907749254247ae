//! The per-device rate limit from an operator's shell: ten `aurum run` processes at once on one
//! device, limit 3, give exactly 3 runs and 7 refusals with the retry time, all logged, on
//! SQLite and on PostgreSQL; an address run with `--host` is limited and logged the same way;
//! bypass users pass (the CLI run by OS user `ops-bot` is `cli:ops-bot`; the owner is not
//! exempt from the limit just for being the owner).

mod support;

use std::process::{Command, Stdio};

use support::{Scratch, credentials, start_sim};

fn aurum(scratch: &Scratch, user: &str) -> Command {
    aurum_with(scratch, &[], user)
}

/// `aurum` run by OS user `user` (the CLI acts as `cli:<user>`) with the simulator's
/// credentials and `env` (a database URL, say).
fn aurum_with(scratch: &Scratch, env: &[(&str, &str)], user: &str) -> Command {
    let mut command = scratch.command();
    credentials(&mut command)
        .env("USER", user)
        .envs(env.iter().copied());
    command
}

fn log_json(scratch: &Scratch) -> Vec<serde_json::Value> {
    log_json_with(scratch, &[])
}

fn log_json_with(scratch: &Scratch, env: &[(&str, &str)]) -> Vec<serde_json::Value> {
    let log = scratch.run_with_env(env, &["log", "--json"]).ok();
    serde_json::from_str::<serde_json::Value>(&log.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", log.stdout))
        .as_array()
        .unwrap()
        .clone()
}

/// The seconds of "retry in Ns" in a refusal.
fn retry_secs(stderr: &str) -> u64 {
    let rest = stderr
        .split("retry in ")
        .nth(1)
        .unwrap_or_else(|| panic!("no retry time: {stderr}"));
    rest.split('s').next().unwrap().parse().unwrap()
}

#[test]
fn ten_concurrent_runs_on_one_device_with_a_limit_of_3_give_3_runs_and_7_refusals_on_sqlite() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    scratch.write("aurum.toml", LIMIT_OF_3);
    ten_concurrent_runs(&scratch, &[]);
}

#[test]
fn ten_concurrent_runs_on_one_device_with_a_limit_of_3_give_3_runs_and_7_refusals_on_postgres() {
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("aurum_e2e_rate_limit_{}", std::process::id());
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        &format!(
            "[database]\nurl = {{ env = \"AURUM_E2E_DATABASE_URL\" }}\nschema = \"{schema}\"\n\n{LIMIT_OF_3}"
        ),
    );
    ten_concurrent_runs(&scratch, &[("AURUM_E2E_DATABASE_URL", url.as_str())]);
    support::drop_schema(&url, &schema);
}

const LIMIT_OF_3: &str =
    "[toolkit.rate_limit]\ncommands = 3\nwindow_secs = 600\nbypass_users = [\"cli:ops-bot\"]\n";

/// Ten `aurum run` processes at once on one device of `scratch`'s simulator, whose aurum.toml
/// sets [`LIMIT_OF_3`]: exactly 3 run, 7 are refused with the retry time, all 10 are logged.
fn ten_concurrent_runs(scratch: &Scratch, env: &[(&str, &str)]) {
    scratch.run_with_env(env, &["init"]).ok();
    scratch
        .run_with_env(env, &["inventory", "import", "sim.yaml"])
        .ok();
    // No command has installed the shipped drivers yet: the ten processes do it at once.

    let children: Vec<_> = (0..10)
        .map(|_| {
            aurum_with(scratch, env, "tester")
                .args(["run", "sim-ios-0001", "show clock"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let runs: Vec<_> = children
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    let ran = runs.iter().filter(|r| r.status.code() == Some(0)).count();
    let refusals: Vec<String> = runs
        .iter()
        .filter(|r| r.status.code() == Some(2))
        .map(|r| String::from_utf8_lossy(&r.stderr).into_owned())
        .collect();
    assert_eq!((ran, refusals.len()), (3, 7), "{refusals:#?}");
    for refusal in &refusals {
        assert!(
            refusal.contains("rate limit reached for sim-ios-0001: 3 successful commands per 600s"),
            "{refusal}"
        );
        assert!((1..=600).contains(&retry_secs(refusal)), "{refusal}");
    }

    let log = log_json_with(scratch, env);
    assert_eq!(log.len(), 10, "every run and every refusal is logged");
    assert_eq!(log.iter().filter(|e| e["success"] == true).count(), 3);
    assert_eq!(
        log.iter()
            .filter(|e| e["error"]
                .as_str()
                .unwrap()
                .starts_with("rate limit reached for sim-ios-0001"))
            .count(),
        7
    );

    // Another device has its own slots; a bypass user needs none.
    let other = aurum_with(scratch, env, "tester")
        .args(["run", "sim-nxos-0002", "show clock"])
        .output()
        .unwrap();
    assert!(
        other.status.success(),
        "another device is not limited by this one: {}",
        String::from_utf8_lossy(&other.stderr)
    );
    let bot = aurum_with(scratch, env, "ops-bot")
        .args(["run", "sim-ios-0001", "show clock"])
        .output()
        .unwrap();
    assert!(
        bot.status.success(),
        "{}",
        String::from_utf8_lossy(&bot.stderr)
    );
}

#[test]
fn runs_on_an_address_are_limited_and_their_refusals_logged() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        "[toolkit.rate_limit]\ncommands = 2\nwindow_secs = 600\n",
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    let inventory = std::fs::read_to_string(scratch.path().join("sim.yaml")).unwrap();
    let line = inventory
        .lines()
        .find(|l| l.contains("name: sim-ios-0001,"))
        .unwrap();
    let port = line
        .split("port: ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let host = |command: &str| {
        aurum(&scratch, "tester")
            .args(["run", "--host", "127.0.0.1", "--port", port])
            .args(["--platform", "cisco_ios", "--username", "admin", command])
            .output()
            .unwrap()
    };

    // A run the device rejects gives its slot back: only successful runs count.
    assert_eq!(host("show verison").status.code(), Some(1));
    assert!(host("show clock").status.success());
    assert!(host("show version").status.success());
    let refused = host("show clock");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("rate limit reached for 127.0.0.1"),
        "{stderr}"
    );

    let log = log_json(&scratch);
    assert_eq!(log.len(), 4, "{log:#?}");
    let newest = &log[0];
    assert_eq!(newest["device"], "127.0.0.1");
    assert_eq!(newest["transport"], "none");
    assert_eq!(newest["command"], "show clock");
    assert!(
        newest["error"]
            .as_str()
            .unwrap()
            .starts_with("rate limit reached for 127.0.0.1"),
        "{newest}"
    );
}
