//! Runs the real `aurum` binary in a scratch directory, as an operator would.

#![allow(dead_code)] // each end-to-end test binary uses a different part of this module

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub struct Scratch {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with both streams when the command did not succeed.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "aurum failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.path().join("data")
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A command for `aurum` with the scratch directory as working directory and data dir.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_aurum"));
        command
            .current_dir(self.path())
            .env_remove("AURUM_CONFIG")
            .env_remove("RUST_LOG")
            .env("AURUM_DATA_DIR", self.data_dir());
        command
    }

    /// `aurum ARGS` on a pseudo-terminal (util-linux `script`, Debian's essential bsdutils),
    /// so what draws only for a person, a progress bar, draws. All it wrote, escapes and
    /// carriage returns included, comes back on `script`'s stdout.
    pub fn terminal_command(&self, args: &[&str]) -> Command {
        let mut line = shell_quoted(env!("CARGO_BIN_EXE_aurum"));
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quoted(arg));
        }
        let mut command = Command::new("script");
        command
            .current_dir(self.path())
            .env_remove("AURUM_CONFIG")
            .env_remove("RUST_LOG")
            .env("AURUM_DATA_DIR", self.data_dir())
            .args(["--quiet", "--return", "--command", &line, "/dev/null"])
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().unwrap())
    }

    /// `run` with extra environment variables (e.g. a database URL the config refers to).
    pub fn run_with_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut command = self.command();
        command.envs(env.iter().copied());
        Run::from(command.args(args).output().unwrap())
    }
}

/// `text` as one word of a POSIX shell command line.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What a terminal shows of `raw`: each line as last drawn before a carriage return or newline,
/// with ANSI escape sequences (cursor moves, line clears) removed. A progress bar's frames
/// become one entry each.
pub fn terminal_frames(raw: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte (0x40..=0x7e).
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
        .split(['\r', '\n'])
        .map(str::trim_end)
        .filter(|frame| !frame.is_empty())
        .map(String::from)
        .collect()
}

/// The checkout's examples folder.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A running `aurum sim`, stopped when dropped.
pub struct Sim(Child);

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `aurum sim` with five devices written to `sim.yaml`, and waits until it listens.
pub fn start_sim(scratch: &Scratch, extra: &[&str]) -> Sim {
    start_sim_of(scratch, 5, extra)
}

/// `aurum sim` with `devices` devices (platforms round-robin) written to `sim.yaml`, once it
/// listens.
pub fn start_sim_of(scratch: &Scratch, devices: usize, extra: &[&str]) -> Sim {
    let mut child = scratch
        .command()
        .args(["sim", "--interfaces", "8", "--inventory", "sim.yaml"])
        .args(["--devices", &devices.to_string()])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    while !lines
        .next()
        .expect("aurum sim exited early")
        .unwrap()
        .contains("press Ctrl-C")
    {}
    Sim(child)
}

/// `aurum ARGS` with the simulator's credentials, as OS user `tester` (so the command log
/// names `cli:tester`).
pub fn as_tester(scratch: &Scratch, args: &[&str]) -> Run {
    Run::from(
        credentials(&mut scratch.command())
            .env("USER", "tester")
            .args(args)
            .output()
            .unwrap(),
    )
}

/// The simulator's credentials, as the inventory's secrets group reads them.
pub fn credentials(command: &mut std::process::Command) -> &mut std::process::Command {
    command
        .env("AURUM_USERNAME", "admin")
        .env("AURUM_PASSWORD", "admin")
        .env("AURUM_ENABLE_SECRET", "enable")
}

/// How many commits a repository has.
pub fn commits(repo: &std::path::Path) -> usize {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["log", "--oneline"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).lines().count()
}

/// `aurum serve` on a free loopback port, run from `scratch`: the child and the address it
/// says it listens on.
pub fn serve(scratch: &Scratch) -> (Served, String) {
    serve_with_env(scratch, &[])
}

/// `serve` with extra environment variables (a database URL the config refers to, say).
pub fn serve_with_env(scratch: &Scratch, env: &[(&str, &str)]) -> (Served, String) {
    let mut child = scratch
        .command()
        .envs(env.iter().copied())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("aurum serve exited before listening")
            .unwrap();
        if let Some(url) = line.strip_prefix("aurum listening on http://") {
            break url.trim().to_string();
        }
    };
    // Keep reading what it logs: a closed pipe would fail its next write.
    std::thread::spawn(move || lines.for_each(drop));
    (Served(child), addr)
}

/// A running `aurum serve`, killed when dropped, so a failing test leaves no server behind
/// (one would hold the test harness's output open).
pub struct Served(Child);

impl std::ops::Deref for Served {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Served {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An `Authorization` header value for a new API token of `user` (`aurum user token`).
pub fn token(scratch: &Scratch, user: &str) -> String {
    let run = scratch.run(&["user", "token", user]).ok();
    format!("Token {}", run.stdout.lines().last().unwrap())
}

/// One HTTP/1.1 request on a fresh connection (a JSON body when given): status and body.
pub fn http(addr: &str, method: &str, path: &str, json: Option<&str>) -> (u16, String) {
    http_with(addr, method, path, &[], json)
}

/// `http` with extra request headers (`Authorization`, say).
pub fn http_with(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    json: Option<&str>,
) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let body = json.unwrap_or_default();
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         {extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (status, body)
}

/// Adds user `name` with `aurum user add` (password from AURUM_USER_PASSWORD) and returns a
/// new API token of theirs from `aurum user token`: its last line.
pub fn api_token(scratch: &Scratch, name: &str) -> String {
    scratch
        .run_with_env(
            &[("AURUM_USER_PASSWORD", "a test password")],
            &["user", "add", name],
        )
        .ok();
    let token = scratch.run(&["user", "token", name]).ok();
    token.stdout.lines().last().unwrap().to_string()
}

/// Drops a test's PostgreSQL schema, and its job queue's rows in apalis's shared tables when
/// a job ever ran there, so runs leave nothing behind.
pub fn drop_schema(url: &str, schema: &str) {
    use sqlx::{Connection, Executor, Row};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA \"{schema}\" CASCADE"
        )))
        .await
        .unwrap();
        let apalis: i64 = sqlx::query(
            "SELECT count(*) FROM information_schema.tables \
             WHERE table_schema = 'apalis' AND table_name IN ('jobs', 'workers')",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
        if apalis == 2 {
            let queue = format!("aurum-golden-devices:{schema}");
            for (table, column) in [("jobs", "job_type"), ("workers", "worker_type")] {
                conn.execute(
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DELETE FROM apalis.{table} WHERE {column} = $1"
                    )))
                    .bind(&queue),
                )
                .await
                .unwrap();
            }
        }
        conn.close().await.unwrap();
    });
}

/// Every file under `dir`, recursively: where a test searches for a planted secret.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// A git repository's whole history as text (objects are compressed on disk).
pub fn git_history(repo: &Path) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["log", "--all", "-p", "--format=%H %s%n%b"])
        .output()
        .unwrap();
    assert!(output.status.success(), "git log in {}", repo.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}
