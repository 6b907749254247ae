//! Interoperability with a real SSH server nobody here wrote: OpenSSH's `sshd` (Debian package
//! `openssh-server`, installed by `cargo xtask test`) on a loopback port, reached through the
//! shipped `linux` driver (a Rhai script) with public-key login; and, when the server offers
//! only algorithms russh lacks, through the OpenSSH client fallback.

mod common;

use std::process::Command;

use aurum_config::{Config, LoadedConfig};
use aurum_inventory::{CommandKind, Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::Services;
use aurum_services::toolkit::{CommandRequest, Principal, ToolkitService};
use aurum_store::{Store, StoreOptions};
use common::sshd::{Sshd, write_private};
use russh::keys::{Algorithm, PrivateKey};

/// A toolkit whose inventory has one `linux` device: an sshd of our own, restricted by
/// `sshd_extra`, logged into with a fresh key.
struct Lab {
    dir: tempfile::TempDir,
    _sshd: Sshd,
    store: Store,
    device: aurum_inventory::Device,
}

impl Lab {
    async fn start(sshd_extra: &str) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let client_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let key_path = dir.path().join("client_ed25519");
        write_private(&key_path, &client_key);
        let sshd = Sshd::start(
            dir.path(),
            &client_key.public_key().to_openssh().unwrap(),
            sshd_extra,
        );

        let user =
            String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let inventory = format!(
            "secrets_groups:\n  - {{ name: local, username: {{ literal: {} }}, private_key: {{ file: {} }} }}\n\
             devices:\n  - {{ name: localhost, address: 127.0.0.1, port: {}, platform: linux, secrets_group: local }}\n",
            user.trim(),
            key_path.display(),
            sshd.port
        );
        let mut doc = parse_document(&inventory, Format::Yaml, "local.yaml").unwrap();
        doc.platforms = shipped_platforms();
        store
            .import(
                &doc,
                "local.yaml",
                ValidationPolicy {
                    allow_literal_secrets: true,
                },
                false,
            )
            .await
            .unwrap();
        let device = store.device("localhost").await.unwrap();
        Lab {
            dir,
            _sshd: sshd,
            store,
            device,
        }
    }

    /// A toolkit over the lab with `config` (its known_hosts in the lab's folder).
    fn toolkit(&self, mut config: Config) -> ToolkitService {
        config.ssh.command_timeout_secs = 10;
        let loaded = LoadedConfig { config, path: None };
        Services::over(self.store.clone(), &loaded, self.dir.path())
            .unwrap()
            .toolkit
    }
}

fn principal() -> Principal {
    Principal::user("tester", &[]).granted(&["execute_show"])
}

fn show(text: &str) -> CommandRequest {
    CommandRequest::Text {
        text: text.into(),
        kind: CommandKind::Show,
    }
}

#[tokio::test]
async fn commands_run_on_openssh_through_the_rhai_linux_driver() {
    let lab = Lab::start("").await;
    let toolkit = lab.toolkit(Config::default());
    let principal = principal();
    let device = &lab.device;

    let echo = toolkit
        .run(&principal, device, &show("echo aurum-$((40+2))"))
        .await
        .unwrap();
    assert!(echo.success, "{:?} {:?}", echo.error, echo.guidance);
    assert_eq!(echo.transport, "russh");
    assert_eq!(
        echo.output.trim(),
        "aurum-42",
        "echo removed, prompt removed: {:?}",
        echo.output
    );

    let kernel = toolkit
        .run(&principal, device, &show("uname -s"))
        .await
        .unwrap();
    assert_eq!(kernel.output.trim(), "Linux");

    let missing = toolkit
        .run(&principal, device, &show("no-such-command-here"))
        .await
        .unwrap();
    assert!(!missing.success);
    assert!(missing.error.unwrap().contains("command not found"));
}

/// russh implements no UMAC; an sshd that insists on one (with a non-AEAD cipher, so the MAC
/// is negotiated) is a server russh cannot negotiate with, like an old device, and the OpenSSH
/// client can.
const RUSSH_CANNOT_NEGOTIATE: &str = "Ciphers aes128-ctr\nMACs umac-128-etm@openssh.com\n";

#[tokio::test]
async fn a_server_russh_cannot_negotiate_with_is_reached_through_the_openssh_client() {
    let lab = Lab::start(RUSSH_CANNOT_NEGOTIATE).await;
    let principal = principal();

    let mut no_fallback = Config::default();
    no_fallback.ssh.openssh_fallback = false;
    let refused = lab
        .toolkit(no_fallback)
        .run(&principal, &lab.device, &show("uname -s"))
        .await
        .unwrap();
    assert!(!refused.success);
    let error = refused.error.unwrap();
    assert!(
        error.contains("cannot agree on SSH algorithms") && error.contains("localhost"),
        "{error}"
    );

    let toolkit = lab.toolkit(Config::default());
    let first = toolkit
        .run(&principal, &lab.device, &show("echo fallback-$((6*7))"))
        .await
        .unwrap();
    assert!(first.success, "{:?} {:?}", first.error, first.guidance);
    assert_eq!(first.transport, "openssh");
    assert_eq!(first.output.trim(), "fallback-42", "{:?}", first.output);
    // The key OpenSSH accepted on first use is pinned in Aurum's own store ...
    let known_hosts = std::fs::read_to_string(lab.dir.path().join("known_hosts")).unwrap();
    let port = lab.device.port;
    assert!(
        known_hosts.contains(&format!("[127.0.0.1]:{port} ssh-ed25519 ")),
        "{known_hosts}"
    );
    // ... and holds on the next session, which OpenSSH checks strictly against it.
    let again = toolkit
        .run(&principal, &lab.device, &show("uname -s"))
        .await
        .unwrap();
    assert!(again.success, "{:?}", again.error);
    assert_eq!(again.output.trim(), "Linux");

    // Every run says in the command log which transport carried it.
    let log = lab.store.command_log(&Default::default()).await.unwrap();
    let transports: Vec<&str> = log.iter().map(|e| e.transport.as_str()).collect();
    assert_eq!(
        transports.iter().filter(|t| **t == "openssh").count(),
        2,
        "{transports:?}"
    );
}

#[tokio::test]
async fn a_changed_host_key_is_refused_over_the_openssh_fallback_too() {
    let lab = Lab::start(RUSSH_CANNOT_NEGOTIATE).await;
    let port = lab.device.port;
    // Another key pinned for this address, as if the device had been replaced.
    let other = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    std::fs::write(
        lab.dir.path().join("known_hosts"),
        format!(
            "[127.0.0.1]:{port} {}\n",
            other.public_key().to_openssh().unwrap()
        ),
    )
    .unwrap();
    let run = lab
        .toolkit(Config::default())
        .run(&principal(), &lab.device, &show("uname -s"))
        .await
        .unwrap();
    assert!(!run.success);
    assert_eq!(run.transport, "openssh");
    let error = run.error.unwrap();
    let pinned = other
        .public_key()
        .fingerprint(Default::default())
        .to_string();
    assert!(
        error.contains("host key of localhost")
            && error.contains("changed")
            && error.contains(&pinned),
        "{error}"
    );
}
