//! Interoperability with a device emulator nobody here wrote: FakeNOS (PyPI `fakenos`, pinned
//! by `cargo xtask test`, which exports its venv's python as `AURUM_FAKENOS_PYTHON`), a paramiko
//! SSH server imitating many network OSes. `fakenos/launch.py` starts its hosts on free loopback
//! ports; the shipped WASM drivers reach them through the toolkit and the golden backup job.
//!
//! What FakeNOS 1.2.1 lets us check, per platform:
//! - `cisco_ios`, `arista_eos`: sessions start at `host>` and our drivers go up with `enable`
//!   (FakeNOS answers `show version` and `show running-config` only at `host#`), echo and prompt
//!   are removed, unknown commands fail with the device's `% Invalid input` line, and the backup
//!   is the running config, cleaned.
//! - `cisco_nxos`: `show version`. FakeNOS starts NX-OS at `host>`, which the driver accepts
//!   (as scrapli does). FakeNOS' NX-OS has no `show running-config` and answers unknown commands
//!   with a bare `Unknown command`, which real NX-OS never prints, so neither backup nor
//!   rejection is checked there.
//! - `juniper_junos` (its prompt set to `user@host>` as on a real Junos): `show version`.
//!   FakeNOS has no `show configuration | display set` and rejects with `Unknown command`.
//! - `cisco_xr` is not tested: FakeNOS starts IOS-XR unprivileged at `host>`; a real IOS-XR
//!   always logs in at `RP/0/RP0/CPU0:host#` and has no `enable`, so the driver (like scrapli's)
//!   expects no such mode and would time out on the first prompt.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};

use aurum_config::{Config, GoldenSetting, LoadedConfig};
use aurum_inventory::{CommandKind, DeviceFilter, Format, ValidationPolicy, parse_document};
use aurum_services::Services;
use aurum_services::golden::{GoldenService, JobRequest};
use aurum_services::toolkit::{CommandRequest, Principal, RunOutcome, ToolkitService};
use aurum_store::{JobStatus, Store, StoreOptions};

/// FakeNOS' launcher, stopped when dropped (its stdin closes, then it is killed).
struct FakeNos {
    child: Child,
    _stdin: ChildStdin,
    ports: HashMap<String, u16>,
}

impl Drop for FakeNos {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts FakeNOS with `hosts` as (name, FakeNOS platform, prompt base).
fn start_fakenos(hosts: &[(&str, &str, &str)]) -> FakeNos {
    let python = std::env::var("AURUM_FAKENOS_PYTHON").expect(
        "AURUM_FAKENOS_PYTHON is not set (a python with `fakenos` installed); run the tests with `cargo xtask test`",
    );
    let hosts: Vec<serde_json::Value> = hosts
        .iter()
        .map(|(name, platform, prompt)| {
            serde_json::json!({ "name": name, "platform": platform, "base_prompt": prompt })
        })
        .collect();
    let spec = serde_json::json!({ "username": "aurum", "password": "pw", "hosts": hosts });
    let launcher = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fakenos/launch.py");
    let mut child = Command::new(&python)
        .arg(launcher)
        .arg(spec.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}; run `cargo xtask test`"));
    let stdin = child.stdin.take().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let ports = line
        .strip_prefix("ready ")
        .unwrap_or_else(|| panic!("FakeNOS did not start (see its stderr above): {line:?}"))
        .split_whitespace()
        .map(|pair| {
            let (name, port) = pair.split_once('=').unwrap();
            (name.to_string(), port.parse().unwrap())
        })
        .collect();
    FakeNos {
        child,
        _stdin: stdin,
        ports,
    }
}

/// FakeNOS hosts in a fresh store under Aurum's shipped platforms, and the services over them.
struct Lab {
    _dir: tempfile::TempDir,
    _fakenos: FakeNos,
    store: Store,
    toolkit: ToolkitService,
    golden: GoldenService,
    backups: std::path::PathBuf,
}

impl Lab {
    /// `hosts` as (name, FakeNOS platform, Aurum platform, prompt base).
    async fn start(hosts: &[(&str, &str, &str, &str)]) -> Lab {
        let fakenos = start_fakenos(
            &hosts
                .iter()
                .map(|(name, fake, _, prompt)| (*name, *fake, *prompt))
                .collect::<Vec<_>>(),
        );
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_data_dir(dir.path(), &StoreOptions::default())
            .await
            .unwrap();
        let mut inventory = String::from(
            "secrets_groups:\n  - { name: fake, username: { literal: aurum }, password: { literal: pw } }\ndevices:\n",
        );
        for (name, _, platform, _) in hosts {
            inventory.push_str(&format!(
                "  - {{ name: {name}, address: 127.0.0.1, port: {}, platform: {platform}, location: fake, secrets_group: fake }}\n",
                fakenos.ports[*name]
            ));
        }
        let mut doc = parse_document(&inventory, Format::Yaml, "fakenos.yaml").unwrap();
        doc.platforms = aurum_inventory::shipped_platforms();
        let policy = ValidationPolicy {
            allow_literal_secrets: true,
        };
        store
            .import(&doc, "fakenos.yaml", policy, false)
            .await
            .unwrap();

        let mut config = Config::default();
        config.ssh.command_timeout_secs = 10;
        config.ssh.retry_attempts = 1;
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        config.golden.settings.insert(
            "fakenos".into(),
            GoldenSetting {
                templates,
                ..GoldenSetting::default()
            },
        );
        let loaded = LoadedConfig { config, path: None };
        let services = Services::over(store.clone(), &loaded, dir.path()).unwrap();
        let (toolkit, golden) = (services.toolkit, services.golden);
        Lab {
            backups: dir.path().join("repos/backups/fake"),
            _dir: dir,
            _fakenos: fakenos,
            store,
            toolkit,
            golden,
        }
    }

    async fn show(&self, device: &str, command: &str) -> RunOutcome {
        let device = self.store.device(device).await.unwrap();
        let principal = Principal::user("tester", &[]).granted(&["execute_show"]);
        let request = CommandRequest::Text {
            text: command.into(),
            kind: CommandKind::Show,
        };
        self.toolkit
            .run(&principal, &device, &request)
            .await
            .unwrap()
    }
}

const IOS: (&str, &str, &str, &str) = ("fake-ios", "cisco_ios", "cisco_ios", "fake-ios");
const EOS: (&str, &str, &str, &str) = ("fake-eos", "arista_eos", "arista_eos", "fake-eos");

/// A successful run's output as lines, checked free of the echoed command and of the prompt.
fn lines<'a>(run: &'a RunOutcome, device: &str) -> Vec<&'a str> {
    assert!(
        run.success,
        "{}: {:?} {:?}",
        device, run.error, run.guidance
    );
    assert_eq!(run.transport, "russh");
    let lines: Vec<&str> = run
        .output
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        !run.output.contains(&run.command) && !run.output.contains(&format!("{device}>")),
        "echo and prompt removed: {:?}",
        run.output
    );
    lines
}

#[tokio::test]
async fn show_version_through_the_shipped_drivers() {
    let lab = Lab::start(&[
        IOS,
        EOS,
        ("fake-nxos", "cisco_nxos", "cisco_nxos", "fake-nxos"),
        (
            "fake-junos",
            "juniper_junos",
            "juniper_junos",
            "aurum@fake-junos",
        ),
    ])
    .await;

    // FakeNOS' IOS answers `show version` only at `host#`: the driver's `enable` worked.
    let ios = lab.show("fake-ios", "show version").await;
    let ios_lines = lines(&ios, "fake-ios");
    assert_eq!(ios_lines[0], "Cisco IOS XE Software, Version 17.03.01a");
    assert_eq!(
        *ios_lines.last().unwrap(),
        "Configuration register is 0x2102"
    );
    assert!(!ios.output.contains("fake-ios#"), "{:?}", ios.output);

    let eos = lab.show("fake-eos", "show version").await;
    let eos_lines = lines(&eos, "fake-eos");
    assert_eq!(eos_lines[0], "cEOSLab");
    assert_eq!(*eos_lines.last().unwrap(), "Free memory: 1816320 kB");

    let nxos = lab.show("fake-nxos", "show version").await;
    let nxos_lines = lines(&nxos, "fake-nxos");
    assert!(nxos_lines[0].starts_with("Documents: "), "{nxos_lines:?}");
    assert!(nxos_lines.contains(&"  System version: 7.0(7)N1(1)"));
    assert_eq!(
        *nxos_lines.last().unwrap(),
        "  Core Plugin, Ethernet Plugin, Fc Plugin"
    );

    let junos = lab.show("fake-junos", "show version").await;
    let junos_lines = lines(&junos, "aurum@fake-junos");
    assert_eq!(junos_lines[0], "fpc0:");
    assert!(junos_lines.contains(&"JUNOS EX  Software Suite [13.2X51-D35.3]"));
}

#[tokio::test]
async fn commands_fakenos_rejects_fail_with_its_message() {
    let lab = Lab::start(&[IOS, EOS]).await;
    for (device, message) in [
        ("fake-ios", "% Invalid input detected at '^' marker."),
        ("fake-eos", "% Invalid input"),
    ] {
        let run = lab.show(device, "show no-such-thing").await;
        assert!(!run.success, "{run:?}");
        let error = run.error.unwrap();
        assert_eq!(
            error,
            format!("{device} rejected `show no-such-thing`: {message}")
        );
        assert!(
            run.guidance
                .as_deref()
                .unwrap()
                .starts_with("command rejected"),
            "{:?}",
            run.guidance
        );
    }
}

#[tokio::test]
async fn golden_backup_takes_the_cleaned_running_config() {
    let lab = Lab::start(&[IOS, EOS]).await;
    let request = JobRequest {
        filter: DeviceFilter::parse_terms(&["location=fake"]).unwrap(),
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    };
    let report = lab.golden.backup(&request, |_| {}).await.unwrap();
    assert_eq!(report.status, JobStatus::Succeeded, "{report:?}");

    let ios = std::fs::read_to_string(lab.backups.join("fake-ios.cfg")).unwrap();
    assert!(ios.starts_with("service timestamps debug"), "{ios}");
    assert!(ios.contains("\nhostname fake-ios\n"), "{ios}");
    assert!(
        ios.ends_with("\nend\n"),
        "no prompt after the config: {ios}"
    );
    assert!(!ios.contains("show running-config") && !ios.contains('\r'));

    let eos = std::fs::read_to_string(lab.backups.join("fake-eos.cfg")).unwrap();
    assert!(eos.ends_with("\nend\n"), "{eos}");
    assert!(!eos.contains("fake-eos#") && !eos.contains('\r'), "{eos}");
    // The driver's clean-up drops the header lines that change between runs.
    assert!(
        !eos.contains("! Command: show running-config") && !eos.contains("! device: "),
        "{eos}"
    );
}
