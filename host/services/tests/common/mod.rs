//! A lab for the service tests: a simulated fleet, its inventory in a fresh store, the shipped
//! drivers loaded through the plugin registry, and the services over them.

#![allow(dead_code)] // each test binary uses a different part of this module

pub mod git_sshd;
pub mod sshd;

use std::path::PathBuf;
use std::sync::Arc;

use aurum_config::Config;
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_plugin::Registry;
use aurum_services::golden::GoldenService;
use aurum_services::toolkit::{RegistryDrivers, ToolkitService};
use aurum_sim::{Fleet, FleetSpec};
use aurum_store::{Store, StoreOptions};

pub struct Lab {
    pub dir: tempfile::TempDir,
    pub fleet: Fleet,
    pub store: Store,
    pub toolkit: ToolkitService,
    pub golden: GoldenService,
}

impl Lab {
    /// `devices` simulated devices (platforms round-robin) plus a device without a platform.
    pub async fn start(
        devices: usize,
        configure: impl FnOnce(&mut Config, &std::path::Path),
    ) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let fleet = Fleet::start(&FleetSpec {
            devices,
            password: "pw".into(),
            enable_secret: "en".into(),
            ..FleetSpec::default()
        })
        .await
        .unwrap();
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let mut inventory = String::from(
            "secrets_groups:\n  - { name: lab, username: { literal: admin }, password: { literal: pw }, enable_secret: { literal: en } }\ndevices:\n",
        );
        for device in fleet.devices() {
            inventory.push_str(&format!(
                "  - {{ name: {}, address: {}, port: {}, platform: {}, location: lab1, role: lab, secrets_group: lab }}\n",
                device.name,
                device.addr.ip(),
                device.addr.port(),
                device.platform.name()
            ));
        }
        inventory.push_str(
            "  - { name: no-platform, address: 127.0.0.1, role: other, secrets_group: lab }\n",
        );
        let mut doc = parse_document(&inventory, Format::Yaml, "lab.yaml").unwrap();
        doc.platforms = shipped_platforms();
        store
            .import(
                &doc,
                "lab.yaml",
                ValidationPolicy {
                    allow_literal_secrets: true,
                },
                false,
            )
            .await
            .unwrap();

        let mut config = Config::default();
        config.ssh.command_timeout_secs = 5;
        config.ssh.retry_attempts = 1;
        configure(&mut config, dir.path());
        let with_drivers =
            aurum_drivers::with_shipped_drivers(&config, &dir.path().join("plugins")).unwrap();
        let registry = Arc::new(Registry::load(&with_drivers, &dir.path().join("cache")).unwrap());
        let drivers = Arc::new(RegistryDrivers::new(registry.clone()));
        let config = Arc::new(config);
        let toolkit =
            ToolkitService::new(store.clone(), drivers, config.clone(), dir.path()).unwrap();
        let hooks = aurum_services::hooks::Hooks::new(&config.hooks, "lab aurum.toml");
        let golden = GoldenService::new(
            store.clone(),
            toolkit.clone(),
            registry,
            config,
            dir.path().to_path_buf(),
        )
        .with_hooks(hooks);
        Lab {
            dir,
            fleet,
            store,
            toolkit,
            golden,
        }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }
}

/// `git ARGS` in `repo` as a test user; its standard output, or a panic with its error.
pub fn git(repo: &std::path::Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost", "-C"])
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Adds `ntp server SERVER` to a simulated device's configuration through the toolkit, as
/// user `admin` (the labs' settings let it run config commands): drift for the golden jobs.
pub async fn change_ntp(lab: &Lab, device: &str, server: &str) {
    let admin = aurum_services::toolkit::Principal::user("admin", &[]);
    let change = aurum_services::toolkit::CommandRequest::Text {
        text: format!("ntp server {server}"),
        kind: aurum_inventory::CommandKind::Config,
    };
    let outcome = lab
        .toolkit
        .run(&admin, &lab.store.device(device).await.unwrap(), &change)
        .await
        .unwrap();
    assert!(outcome.success, "{:?}", outcome.error);
}
