//! Interoperability with a real SSH server nobody here wrote: OpenSSH's `sshd` (Debian package
//! `openssh-server`, installed by `cargo xtask test`) on a loopback port, reached through the
//! shipped `linux` driver (a Rhai script) with public-key login.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aurum_config::Config;
use aurum_inventory::{CommandKind, Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_plugin::Registry;
use aurum_server::toolkit::{CommandRequest, Principal, RegistryDrivers, ToolkitService};
use aurum_store::{Store, StoreOptions};
use russh::keys::{Algorithm, PrivateKey, ssh_key::LineEnding};

const SSHD: &str = "/usr/sbin/sshd";

/// An sshd of our own on a free loopback port, stopped when dropped.
struct Sshd {
    child: Child,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sshd(dir: &Path, authorized_key: &str) -> Sshd {
    assert!(
        Path::new(SSHD).exists(),
        "{SSHD} is missing: run the tests with `cargo xtask test`, which installs openssh-server"
    );
    let host_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    let host_key_path = dir.join("host_ed25519");
    std::fs::write(
        &host_key_path,
        host_key.to_openssh(LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    set_private(&host_key_path);
    let authorized = dir.join("authorized_keys");
    std::fs::write(&authorized, format!("{authorized_key}\n")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\n\
             StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nPrintMotd no\n",
            host_key_path.display(),
            authorized.display(),
            dir.join("sshd.pid").display()
        ),
    )
    .unwrap();
    // sshd refuses to start without its privilege-separation directory.
    std::fs::create_dir_all("/run/sshd").unwrap();
    let child = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "sshd did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Sshd { child, port }
}

fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[tokio::test]
async fn commands_run_on_openssh_through_the_rhai_linux_driver() {
    let dir = tempfile::tempdir().unwrap();
    let client_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    let key_path = dir.path().join("client_ed25519");
    std::fs::write(
        &key_path,
        client_key.to_openssh(LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    set_private(&key_path);
    let sshd = start_sshd(dir.path(), &client_key.public_key().to_openssh().unwrap());

    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
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

    let mut config = Config::default();
    config.ssh.command_timeout_secs = 10;
    let with_drivers =
        aurum_drivers::with_shipped_drivers(&config, &dir.path().join("plugins")).unwrap();
    let registry = Registry::load(&with_drivers, &dir.path().join("cache")).unwrap();
    let toolkit = ToolkitService::new(
        store.clone(),
        Arc::new(RegistryDrivers::new(Arc::new(registry))),
        Arc::new(config),
        dir.path(),
    )
    .unwrap();
    let principal = Principal {
        name: "tester".into(),
        groups: vec![],
    };
    let device = store.device("localhost").await.unwrap();
    let run = |text: &str| CommandRequest::Text {
        text: text.into(),
        kind: CommandKind::Show,
    };

    let echo = toolkit
        .run(&principal, &device, &run("echo aurum-$((40+2))"))
        .await
        .unwrap();
    assert!(echo.success, "{:?} {:?}", echo.error, echo.guidance);
    assert_eq!(
        echo.output.trim(),
        "aurum-42",
        "echo removed, prompt removed: {:?}",
        echo.output
    );

    let kernel = toolkit
        .run(&principal, &device, &run("uname -s"))
        .await
        .unwrap();
    assert_eq!(kernel.output.trim(), "Linux");

    let missing = toolkit
        .run(&principal, &device, &run("no-such-command-here"))
        .await
        .unwrap();
    assert!(!missing.success);
    assert!(missing.error.unwrap().contains("command not found"));
}
