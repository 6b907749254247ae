//! `cargo xtask test`: the one command that runs Aurum's whole test suite on a fresh machine.
//!
//! It prepares what the tests need from the machine — a PostgreSQL server answering on
//! 127.0.0.1:5432 (started if it is installed but stopped), OpenSSH's `sshd` and `openssl`
//! for the interoperability and git-remote tests (installed from Debian's packages if
//! missing), Python's textfsm and ntc-templates for the TextFSM differential test and the
//! FakeNOS device emulator for its interop test (one venv, see `ntc.rs`), schemathesis for the
//! OpenAPI check (its own venv, see `schemathesis.rs`), Debian's chromium
//! and chromium-driver for the web UI's browser test — then runs every
//! test of the workspace. Extra arguments go to `cargo test`. Kept dependency-free so it
//! builds in seconds.

mod ntc;
mod schemathesis;

use std::net::{SocketAddr, TcpStream};
use std::process::{Command, ExitCode};
use std::time::Duration;

const POSTGRES: &str = "127.0.0.1:5432";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => test(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask test [CARGO TEST ARGS...]");
            ExitCode::from(2)
        }
    }
}

fn test(extra: &[String]) -> ExitCode {
    if let Err(message) = ensure_postgres()
        .and_then(|()| ensure_sshd())
        .and_then(|()| ensure_chromium())
    {
        eprintln!("xtask: {message}");
        return ExitCode::from(2);
    }
    let xtask_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = xtask_dir.parent().unwrap_or(xtask_dir);
    let mut ntc_env = match ntc::ensure(root) {
        Ok(env) => env,
        Err(message) => {
            eprintln!("xtask: Python test dependencies (TextFSM, FakeNOS): {message}");
            return ExitCode::from(2);
        }
    };
    match schemathesis::ensure(root) {
        Ok(env) => ntc_env.extend(env),
        Err(message) => {
            eprintln!("xtask: schemathesis for the OpenAPI check: {message}");
            return ExitCode::from(2);
        }
    }
    let (scope, extra) = cargo_test_args(extra);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .arg("test")
        .args(scope)
        .arg("--locked")
        .args(extra)
        .envs(ntc_env)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("xtask: cannot run cargo test: {error}");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask test -- ARGS` arrives as `-- ARGS` (the alias already ends with `--`): that
/// first `--` is dropped, or `cargo test` would hand ARGS to the test binaries. The whole
/// workspace is tested unless ARGS pick packages (`-p`, `--package`), which `--workspace`
/// would override.
fn cargo_test_args(extra: &[String]) -> (Option<&'static str>, &[String]) {
    let extra = match extra.first() {
        Some(first) if first == "--" => &extra[1..],
        _ => extra,
    };
    let picks_packages = extra
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a.starts_with("-p") || a == "--package" || a.starts_with("--package="));
    ((!picks_packages).then_some("--workspace"), extra)
}

/// The store tests run on PostgreSQL as well as SQLite. Machines of this project ship the
/// server; if it is stopped, start the installed cluster rather than fail later, test by test.
fn ensure_postgres() -> Result<(), String> {
    if std::env::var_os("AURUM_TEST_POSTGRES_URL").is_some() || postgres_answers() {
        return Ok(());
    }
    eprintln!(
        "xtask: PostgreSQL is not answering on {POSTGRES}; trying to start the local cluster"
    );
    let versions = std::fs::read_dir("/etc/postgresql")
        .map_err(|_| format!("PostgreSQL is not answering on {POSTGRES} and is not installed; install it or set AURUM_TEST_POSTGRES_URL"))?;
    for version in versions.flatten() {
        let version = version.file_name().to_string_lossy().into_owned();
        let _ = Command::new("pg_ctlcluster")
            .args(["--skip-systemctl-redirect", &version, "main", "start"])
            .status();
    }
    for _ in 0..30 {
        if postgres_answers() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Err(format!(
        "PostgreSQL still does not answer on {POSTGRES}; start it (pg_ctlcluster VERSION main start) or set AURUM_TEST_POSTGRES_URL"
    ))
}

fn postgres_answers() -> bool {
    let addr: SocketAddr = POSTGRES.parse().expect("a constant socket address");
    TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok()
}

/// The interoperability and git-remote tests run a real `sshd` (Debian's `openssh-server`);
/// the HTTPS git-remote test makes its certificate with the `openssl` command.
fn ensure_sshd() -> Result<(), String> {
    if ["/usr/sbin/sshd", "/usr/bin/openssl"]
        .iter()
        .all(|tool| std::path::Path::new(tool).exists())
    {
        return Ok(());
    }
    eprintln!("xtask: installing openssh-server and openssl for the SSH and git-remote tests");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get ({e}); install openssh-server by hand"))
    };
    apt(&["update", "-qq"])?;
    let status = apt(&[
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "openssh-server",
        "openssl",
    ])?;
    if status.success() {
        Ok(())
    } else {
        Err(
            "apt-get install openssh-server openssl failed; install them by hand (it must run as root)"
                .to_string(),
        )
    }
}

/// The web UI's browser test drives Debian's headless `chromium` through `chromedriver`
/// (`chromium-driver`).
fn ensure_chromium() -> Result<(), String> {
    if ["/usr/bin/chromium", "/usr/bin/chromedriver"]
        .iter()
        .all(|tool| std::path::Path::new(tool).exists())
    {
        return Ok(());
    }
    eprintln!("xtask: installing chromium and chromium-driver for the web UI's browser test");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| {
                format!("cannot run apt-get ({e}); install chromium and chromium-driver by hand")
            })
    };
    apt(&["update", "-qq"])?;
    let status = apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])?;
    if status.success() {
        Ok(())
    } else {
        Err("apt-get install chromium chromium-driver failed; install them by hand (it must run as root)".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::cargo_test_args;

    fn args(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn extra_arguments_reach_cargo_test() {
        let all = args(&[]);
        assert_eq!(cargo_test_args(&all), (Some("--workspace"), &all[..]));
        let one = args(&[
            "--",
            "-p",
            "aurum-services",
            "--test",
            "t",
            "--",
            "--nocapture",
        ]);
        assert_eq!(cargo_test_args(&one), (None, &one[1..]));
        let filter = args(&["--", "--", "-p"]);
        assert_eq!(
            cargo_test_args(&filter),
            (Some("--workspace"), &filter[1..])
        );
    }
}
