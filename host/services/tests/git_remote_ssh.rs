//! Backup and templates repositories on a git server over SSH (a real `sshd` on loopback):
//! pushes authenticated with a key from a secret reference, the server's host key pinned on
//! first use and checked after, a push the server refuses failing the job with the remote and
//! its reason while the commit waits locally for the next job, a push behind the server
//! fetched and rebased over the same connection settings.

mod common;

use std::path::Path;

use aurum_config::{GitHostKeyChecking, GitRemote, GoldenSetting, SecretSource, TemplatesRepo};
use aurum_inventory::DeviceFilter;
use aurum_services::golden::JobRequest;
use aurum_store::JobStatus;
use common::git_sshd::GitSshd;
use common::{Lab, change_ntp, git};

fn bare_repo(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    git(path, &["init", "-q", "--bare", "--initial-branch=main"]);
}

/// The remote at `url`, logging in with the server's client key by `{ file = ... }`.
fn remote(sshd: &GitSshd, url: String) -> GitRemote {
    let mut remote = GitRemote::plain(url);
    remote.credentials.ssh_key = Some(SecretSource::File(sshd.key_file.clone()));
    remote
}

fn backup_setting(config: &mut aurum_config::Config, dir: &Path, remote: GitRemote) {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    config.golden.settings.insert(
        "lab".to_string(),
        GoldenSetting {
            templates,
            backup_remote: Some(remote),
            ..GoldenSetting::default()
        },
    );
    config.toolkit.config_users = vec!["admin".into()];
}

async fn backup(lab: &Lab) -> aurum_services::golden::JobReport {
    let request = JobRequest {
        filter: DeviceFilter::parse_terms(&["role=lab"]).unwrap(),
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    };
    lab.golden.backup(&request, |_| {}).await.unwrap()
}

fn refuse_pushes(bare: &Path, reason: &str) {
    use std::os::unix::fs::PermissionsExt;
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(&hook, format!("#!/bin/sh\necho '{reason}' >&2\nexit 1\n")).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[tokio::test]
async fn backups_push_over_ssh_and_a_refused_push_fails_the_job_and_is_pushed_later() {
    let server = tempfile::tempdir().unwrap();
    let sshd = GitSshd::start(server.path());
    let bare = server.path().join("backups.git");
    bare_repo(&bare);
    let url = sshd.url(&bare);
    let lab = Lab::start(1, |config, dir| {
        backup_setting(config, dir, remote(&sshd, url.clone()))
    })
    .await;

    let first = backup(&lab).await;
    assert_eq!(first.status, JobStatus::Succeeded, "{first:?}");
    let local = lab.path("repos/backups");
    assert_eq!(
        git(&bare, &["rev-parse", "main"]),
        git(&local, &["rev-parse", "HEAD"]),
        "the job's commit is on the server"
    );
    // accept-new pinned the server's key into Aurum's store, under host and port.
    let pinned = std::fs::read_to_string(lab.path("git_known_hosts")).unwrap();
    assert_eq!(
        pinned,
        format!("[127.0.0.1]:{} {}\n", sshd.port, sshd.host_key)
    );

    refuse_pushes(&bare, "backups are frozen during the change window");
    change_ntp(&lab, "sim-ios-0001", "192.0.2.77").await;
    let refused = backup(&lab).await;
    assert_eq!(refused.status, JobStatus::Failed, "{refused:?}");
    let summary = &refused.summary;
    for expected in [
        "push failed",
        url.as_str(),
        "pre-receive hook declined",
        "backups are frozen during the change window",
        "kept locally",
    ] {
        assert!(summary.contains(expected), "`{expected}` in: {summary}");
    }
    assert!(!summary.contains("PRIVATE KEY"), "{summary}");
    let job = lab.store.job(refused.job_id.unwrap()).await.unwrap();
    assert_eq!(job.status, JobStatus::Failed, "recorded, not only printed");
    assert_eq!(git(&bare, &["rev-list", "--count", "main"]).trim(), "1");
    assert_eq!(git(&local, &["rev-list", "--count", "HEAD"]).trim(), "2");

    // The remote accepts again: the next job pushes the kept commit, though it has none new.
    std::fs::remove_file(bare.join("hooks/pre-receive")).unwrap();
    let next = backup(&lab).await;
    assert_eq!(next.status, JobStatus::Succeeded, "{next:?}");
    assert!(next.commits.is_empty(), "{next:?}");
    assert_eq!(
        git(&bare, &["rev-parse", "main"]),
        git(&local, &["rev-parse", "HEAD"])
    );

    // Someone else pushes: the next push is refused as behind, fetched over SSH, rebased.
    let other = server.path().join("other");
    let status = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(&bare)
        .arg(&other)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(other.join("README"), "managed by aurum\n").unwrap();
    git(&other, &["add", "README"]);
    git(&other, &["commit", "-q", "-m", "a human was here"]);
    git(&other, &["push", "-q", "origin", "main"]);
    change_ntp(&lab, "sim-ios-0001", "192.0.2.78").await;
    let rebased = backup(&lab).await;
    assert_eq!(rebased.status, JobStatus::Succeeded, "{rebased:?}");
    let history = git(&bare, &["log", "--format=%s", "main"]);
    assert_eq!(history.lines().count(), 4, "{history}");
    assert!(
        history.starts_with("aurum backup") && history.contains("a human was here"),
        "{history}"
    );
}

#[tokio::test]
async fn a_host_key_other_than_the_pinned_one_refuses_the_push() {
    let server = tempfile::tempdir().unwrap();
    let sshd = GitSshd::start(server.path());
    let bare = server.path().join("backups.git");
    bare_repo(&bare);
    let known_hosts = server.path().join("pinned_known_hosts");
    // Someone else's key pinned for this address.
    std::fs::write(
        &known_hosts,
        format!(
            "[127.0.0.1]:{} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n",
            sshd.port
        ),
    )
    .unwrap();
    let mut remote = remote(&sshd, sshd.url(&bare));
    remote.credentials.known_hosts = Some(known_hosts.clone());
    remote.credentials.host_key_checking = GitHostKeyChecking::Strict;
    let lab = Lab::start(1, |config, dir| backup_setting(config, dir, remote)).await;

    let report = backup(&lab).await;
    assert_eq!(report.status, JobStatus::Failed, "{report:?}");
    assert!(report.summary.contains("CHANGED"), "{}", report.summary);
    assert!(
        report.summary.contains(&sshd.host_fingerprint),
        "the offered key's fingerprint, as OpenSSH prints it: {}",
        report.summary
    );
    assert!(
        report.summary.contains(&known_hosts.display().to_string()),
        "{}",
        report.summary
    );
    assert_eq!(
        git(&bare, &["rev-list", "--all", "--count"]).trim(),
        "0",
        "nothing reached the server"
    );
    assert_eq!(
        git(&lab.path("repos/backups"), &["rev-list", "--count", "HEAD"]).trim(),
        "1",
        "the commit is kept locally"
    );
}

#[tokio::test]
async fn templates_are_fetched_over_ssh_with_the_remotes_key() {
    let server = tempfile::tempdir().unwrap();
    let sshd = GitSshd::start(server.path());
    let work = server.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q", "-b", "main"]);
    std::fs::write(
        work.join("cisco_ios.j2"),
        "hostname {{ device.name }}-from-ssh\n",
    )
    .unwrap();
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "templates"]);
    let bare = server.path().join("templates.git");
    bare_repo(&bare);
    git(&work, &["push", "-q", bare.to_str().unwrap(), "main"]);
    let access = remote(&sshd, sshd.url(&bare));
    let lab = Lab::start(1, |config, dir| {
        config.golden.settings.insert(
            "lab".to_string(),
            GoldenSetting {
                templates: dir.join("unused"),
                templates_repo: Some(TemplatesRepo {
                    url: access.url.clone(),
                    branch: "main".into(),
                    path: String::new(),
                    credentials: access.credentials.clone(),
                }),
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
    let report = lab.golden.intended(&request, |_| {}).await.unwrap();
    assert_eq!(report.status, JobStatus::Succeeded, "{report:?}");
    let rendered =
        std::fs::read_to_string(lab.path("repos/intended/lab1/sim-ios-0001.cfg")).unwrap();
    assert_eq!(rendered, "hostname sim-ios-0001-from-ssh\n");
}

#[tokio::test]
async fn a_key_the_server_does_not_accept_fails_naming_the_key_not_its_content() {
    use russh::keys::{Algorithm, PrivateKey, ssh_key::LineEnding};
    let server = tempfile::tempdir().unwrap();
    let sshd = GitSshd::start(server.path());
    let bare = server.path().join("backups.git");
    bare_repo(&bare);
    let stranger = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    let stranger_file = server.path().join("stranger_ed25519");
    let stranger_text = stranger.to_openssh(LineEnding::LF).unwrap().to_string();
    std::fs::write(&stranger_file, &stranger_text).unwrap();
    let mut remote = remote(&sshd, sshd.url(&bare));
    remote.credentials.ssh_key = Some(SecretSource::File(stranger_file.clone()));
    let lab = Lab::start(1, |config, dir| backup_setting(config, dir, remote)).await;

    let report = backup(&lab).await;
    assert_eq!(report.status, JobStatus::Failed, "{report:?}");
    let summary = &report.summary;
    assert!(summary.contains("refused the SSH key"), "{summary}");
    assert!(
        summary.contains(&stranger_file.display().to_string()),
        "{summary}"
    );
    let key_body = stranger_text.lines().nth(1).unwrap();
    assert!(!summary.contains(key_body), "{summary}");
    assert_eq!(git(&bare, &["rev-list", "--all", "--count"]).trim(), "0");
}
