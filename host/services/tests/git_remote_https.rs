//! Backups pushed over HTTPS to a git server on loopback (`git http-backend` behind Basic
//! authentication and TLS, `git_http/server.py`), logging in with an access token from a
//! secret reference: accepted with the right token, refused with a clear error (naming the
//! reference, never the value) with a wrong one, and refused when the server's certificate is
//! not trusted. One test in this binary: it sets `SSL_CERT_FILE` (how an operator trusts a
//! private CA) before anything reads the environment.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use aurum_config::{GitRemote, GoldenSetting, SecretSource};
use aurum_inventory::DeviceFilter;
use aurum_services::golden::JobRequest;
use aurum_store::JobStatus;
use common::Lab;

/// The server script, stopped when dropped.
struct GitHttps {
    child: Child,
    port: u16,
}

impl GitHttps {
    fn start(root: &Path, password: &str, cert: &Path, key: &Path) -> GitHttps {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/git_http/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(root)
            .args(["aurum", password])
            .arg(cert)
            .arg(key)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the test git server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the server prints its port");
        GitHttps { child, port }
    }

    fn url(&self, repo: &str) -> String {
        format!("https://127.0.0.1:{}/{repo}", self.port)
    }
}

impl Drop for GitHttps {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A self-signed certificate for 127.0.0.1: (certificate, key).
fn certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let (cert, key) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl makes a test certificate");
    (cert, key)
}

fn git(repo: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn backup_to(url: &str, token_file: &Path) -> (Lab, aurum_services::golden::JobReport) {
    let mut remote = GitRemote::plain(url);
    remote.credentials.username = Some("aurum".into());
    remote.credentials.password = Some(SecretSource::File(token_file.to_path_buf()));
    let lab = Lab::start(1, |config, dir| {
        config.golden.settings.insert(
            "lab".to_string(),
            GoldenSetting {
                templates: dir.join("templates"),
                backup_remote: Some(remote),
                ..GoldenSetting::default()
            },
        );
    })
    .await;
    let request = JobRequest {
        filter: DeviceFilter::parse_terms(&["role=lab"]).unwrap(),
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    };
    let report = lab.golden.backup(&request, |_| {}).await.unwrap();
    (lab, report)
}

#[tokio::test]
async fn backups_push_over_https_with_a_token_and_a_wrong_token_or_certificate_fails() {
    let server = tempfile::tempdir().unwrap();
    let (trusted_cert, trusted_key) = certificate(server.path(), "trusted");
    // SAFETY: the only test of this binary, before any thread reads the environment.
    unsafe { std::env::set_var("SSL_CERT_FILE", &trusted_cert) };
    let (other_cert, other_key) = certificate(server.path(), "untrusted");
    let root = server.path().join("git");
    let bare = root.join("backups.git");
    std::fs::create_dir_all(&bare).unwrap();
    git(&bare, &["init", "-q", "--bare", "--initial-branch=main"]);
    let token = "glpat-t0ken-for-tests";
    let https = GitHttps::start(&root, token, &trusted_cert, &trusted_key);
    let token_file = server.path().join("token");
    std::fs::write(&token_file, format!("{token}\n")).unwrap();

    let (lab, pushed) = backup_to(&https.url("backups.git"), &token_file).await;
    assert_eq!(pushed.status, JobStatus::Succeeded, "{pushed:?}");
    assert_eq!(
        git(&bare, &["rev-parse", "main"]),
        git(&lab.path("repos/backups"), &["rev-parse", "HEAD"])
    );

    let wrong_file = server.path().join("wrong-token");
    std::fs::write(&wrong_file, "glpat-wr0ng\n").unwrap();
    let (_, refused) = backup_to(&https.url("backups.git"), &wrong_file).await;
    assert_eq!(refused.status, JobStatus::Failed, "{refused:?}");
    let summary = &refused.summary;
    assert!(summary.contains(&https.url("backups.git")), "{summary}");
    assert!(summary.contains("refused user `aurum`"), "{summary}");
    assert!(
        summary.contains(&wrong_file.display().to_string()),
        "{summary}"
    );
    assert!(!summary.contains("wr0ng"), "{summary}");

    let untrusted = GitHttps::start(&root, token, &other_cert, &other_key);
    let (_, unverified) = backup_to(&untrusted.url("backups.git"), &token_file).await;
    assert_eq!(unverified.status, JobStatus::Failed, "{unverified:?}");
    assert!(
        unverified.summary.contains("certificate") && unverified.summary.contains("SSL_CERT_FILE"),
        "{}",
        unverified.summary
    );
    assert!(
        !unverified.summary.contains(token),
        "{}",
        unverified.summary
    );
}
