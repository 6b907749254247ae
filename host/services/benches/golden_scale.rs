//! Benchmark (not a test): golden-config jobs at scale, end to end (database + git).
//!
//! cargo bench -p aurum-services --bench golden_scale -- [--render N] [--backup N] [--compliance N]
//!     [--keep DIR]
//!
//! `--render N`: the intended job over N inventory devices (template rendering, a stored
//! version per device, one git commit). `--backup N`: over N simulated devices on loopback,
//! first the raw fetch (SSH sessions and `show running-config`, nothing else) at the job's
//! concurrency, then each later stage alone (driver clean-up, store, commit), then the backup
//! job end to end; CPU-s per device for each. `--compliance N`: the compliance job over N
//! devices with a stored backup and intended config, 20 features each, results written.
//! `--keep DIR`: the compliance stage's data directory is DIR, left behind with an aurum.toml,
//! so `aurum compliance run` can be timed over it (`compliance_cli.py`). `--postgres SCHEMA`:
//! the stores are the local PostgreSQL's (`postgres://postgres@127.0.0.1:5432/test`) in
//! SCHEMA, which must not exist yet, instead of SQLite in the data directory; a kept
//! aurum.toml names it, so `aurum serve` over DIR serves the PostgreSQL data.
//! Figures are in BENCHMARKS.md beside this file.

use std::sync::Arc;
use std::time::{Duration, Instant};

use aurum_config::{Config, GoldenSetting, HostKeyChecking, LoadedConfig};
use aurum_connect::{Credentials, HostKeyPolicy, KnownHosts, Session, SessionOptions, Target};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_services::Services;
use aurum_services::golden::JobRequest;
use aurum_services::toolkit::{DriverCatalog, RegistryDrivers};
use aurum_sim::{Fleet, FleetSpec, SimPlatform};
use aurum_store::{ConfigKind, ConfigRepo, Store, StoreOptions};
use futures_util::StreamExt;

/// The allocator of the `aurum` binary, so the benchmark measures what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many devices at a time, in the raw fetch and in the jobs.
const CONCURRENCY: usize = 100;
const FEATURES: usize = 20;
/// The machine's PostgreSQL, for `--postgres SCHEMA`.
const POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// CPU time of this process (user + system) so far.
fn cpu() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF always exists.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Wall and CPU time of one stage over `devices` devices, printed as one line.
struct Stage {
    wall: Instant,
    cpu: Duration,
}

impl Stage {
    fn start() -> Stage {
        Stage {
            wall: Instant::now(),
            cpu: cpu(),
        }
    }

    /// Prints and returns devices/s.
    fn report(self, name: &str, devices: usize, note: &str) -> f64 {
        let seconds = self.wall.elapsed().as_secs_f64();
        let cpu = (cpu() - self.cpu).as_secs_f64();
        let rate = devices as f64 / seconds;
        println!(
            "{name:<22} {devices:>6} devices {seconds:>7.2} s {rate:>8.0} devices/s {:>8.3} CPU-ms/device  {note}",
            cpu * 1000.0 / devices as f64
        );
        rate
    }
}

/// The value after `name` on the command line.
fn value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn arg(name: &str, default: usize) -> usize {
    value(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn service(
    dir: &std::path::Path,
    inventory: &str,
    configure: impl FnOnce(&mut Config, &std::path::Path),
) -> Services {
    let postgres = value("--postgres");
    let store = match &postgres {
        Some(schema) => Store::open(
            POSTGRES_URL,
            &StoreOptions {
                postgres_schema: Some(schema.clone()),
                ..StoreOptions::default()
            },
        )
        .await
        .unwrap(),
        None => Store::open_in_data_dir(dir, &StoreOptions::default())
            .await
            .unwrap(),
    };
    let mut doc = parse_document(inventory, Format::Yaml, "bench.yaml").unwrap();
    doc.platforms = shipped_platforms();
    store
        .import(
            &doc,
            "bench.yaml",
            ValidationPolicy {
                allow_literal_secrets: true,
            },
            false,
        )
        .await
        .unwrap();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("cisco_ios.j2"),
        "hostname {{ device.name }}\n!\n{% for i in range(40) %}interface GigabitEthernet1/0/{{ i + 1 }}\n description {{ device.name }} port {{ i }}\n ip address {{ '10.%d.%d.1/30' | format(i, device.data.n % 250) | ip_address }} {{ '10.0.0.1/30' | netmask }}\n!\n{% endfor %}router bgp {{ device.data.asn }}\n neighbor 10.0.0.2 remote-as 65100\n",
    )
    .unwrap();
    let mut config = Config::default();
    config.ssh.host_key_checking = HostKeyChecking::Off;
    config.ssh.concurrency = CONCURRENCY;
    if let Some(schema) = postgres {
        config.database.url = Some(aurum_config::SecretSource::Literal(POSTGRES_URL.into()));
        config.database.schema = Some(schema);
    }
    config.golden.settings.insert(
        "bench".into(),
        GoldenSetting {
            templates,
            ..GoldenSetting::default()
        },
    );
    configure(&mut config, dir);
    let loaded = LoadedConfig { config, path: None };
    Services::over(store, &loaded, dir).unwrap()
}

#[tokio::main]
async fn main() {
    let render = arg("--render", 10_000);
    let backup = arg("--backup", 1_000);
    let compliance = arg("--compliance", 10_000);
    let request = JobRequest {
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    };
    if render > 0 {
        let dir = tempfile::tempdir().unwrap();
        let services = service(dir.path(), &render_inventory(render), |_, _| {}).await;
        let stage = Stage::start();
        let report = services.golden.intended(&request, |_| {}).await.unwrap();
        stage.report("intended job", render, &report.summary);
    }
    if backup > 0 {
        bench_backup(backup, &request).await;
    }
    if compliance > 0 {
        bench_compliance(compliance, &request).await;
    }
}

fn render_inventory(devices: usize) -> String {
    let mut inventory = String::from("devices:\n");
    for n in 0..devices {
        inventory.push_str(&format!(
            "  - {{ name: r{n:05}, address: 127.0.0.1, platform: cisco_ios, location: site{}, data: {{ asn: {}, n: {n} }} }}\n",
            n % 50,
            64512 + n % 1000
        ));
    }
    inventory
}

/// The raw fetch, each later stage alone, then the backup job, over one simulated fleet.
async fn bench_backup(devices: usize, request: &JobRequest) {
    let dir = tempfile::tempdir().unwrap();
    let fleet = Fleet::start(&FleetSpec {
        devices,
        platforms: vec![SimPlatform::CiscoIos],
        interfaces: 24,
        ..FleetSpec::default()
    })
    .await
    .unwrap();
    let mut inventory = String::from(
        "secrets_groups:\n  - { name: sim, username: { literal: admin }, password: { literal: admin }, enable_secret: { literal: enable } }\ndevices:\n",
    );
    for device in fleet.devices() {
        inventory.push_str(&format!(
            "  - {{ name: {}, address: {}, port: {}, platform: cisco_ios, location: lab, secrets_group: sim }}\n",
            device.name,
            device.addr.ip(),
            device.addr.port()
        ));
    }
    let services = service(dir.path(), &inventory, |_, _| {}).await;
    println!("backup over {devices} simulated devices (simulator in-process, its CPU counted):");

    let spec = RegistryDrivers::new(services.registry.clone())
        .spec("cisco_ios")
        .unwrap();
    let known_hosts = Arc::new(KnownHosts::load(&dir.path().join("bench_known_hosts")).unwrap());
    let options = SessionOptions {
        host_key_policy: HostKeyPolicy::Off,
        ..SessionOptions::default()
    };
    let targets: Vec<Target> = fleet
        .devices()
        .iter()
        .map(|d| Target {
            name: d.name.clone(),
            host: d.addr.ip().to_string(),
            port: d.addr.port(),
            credentials: Credentials {
                username: "admin".into(),
                password: Some("admin".into()),
                enable_secret: Some("enable".into()),
                private_key: None,
            },
        })
        .collect();
    let stage = Stage::start();
    let raws: Vec<(String, String)> = futures_util::stream::iter(&targets)
        .map(|target| {
            let (spec, known_hosts, options) = (spec.clone(), known_hosts.clone(), &options);
            async move {
                let mut session = Session::open(target, spec, options, known_hosts)
                    .await
                    .unwrap();
                let raw = session.backup().await.unwrap();
                session.close().await;
                (target.name.clone(), raw)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let raw_rate = stage.report("raw fetch", devices, "SSH session + show running-config");

    let driver = services.registry.driver("cisco_ios").unwrap();
    let stage = Stage::start();
    let cleaned: Vec<(String, String)> = raws
        .iter()
        .map(|(name, raw)| (name.clone(), driver.clean(raw).unwrap()))
        .collect();
    stage.report("clean (one thread)", devices, "the driver's WASM clean()");

    let stage_dir = dir.path().join("stages");
    let stage_store = Store::open_in_data_dir(&stage_dir, &StoreOptions::default())
        .await
        .unwrap();
    let repo_path = stage_dir.join("repo");
    let repo = ConfigRepo::open_or_init(&repo_path, "main").unwrap();
    let stage = Stage::start();
    for (name, config) in &cleaned {
        stage_store
            .save_config_version(name, ConfigKind::Backup, config, None)
            .await
            .unwrap();
        ConfigRepo::write_file_in(&repo_path, &format!("{name}.cfg"), config).unwrap();
    }
    stage.report(
        "store (one at a time)",
        devices,
        "a version in the database + the file",
    );
    let stage = Stage::start();
    repo.commit_all("bench").unwrap();
    stage.report("commit", devices, "one git commit of every file");

    let stage = Stage::start();
    let report = services.golden.backup(request, |_| {}).await.unwrap();
    let job_rate = stage.report("backup job", devices, &report.summary);
    println!(
        "backup job / raw fetch = {:.2} (target >= 0.5)",
        job_rate / raw_rate
    );
}

/// The compliance job over `devices` stored devices with `FEATURES` features each, in a
/// temporary directory or in `--keep DIR`.
async fn bench_compliance(devices: usize, request: &JobRequest) {
    let temporary = tempfile::tempdir().unwrap();
    let kept = value("--keep").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temporary.path());
    std::fs::create_dir_all(dir).unwrap();
    let mut rules = String::new();
    for f in 0..FEATURES {
        rules.push_str(&format!(
            "- {{ feature_slug: f{f:02}, platform_network_driver: cisco_ios, config_ordered: {}, match_config: \"feature{f:02}\", config_type: cli }}\n",
            f % 2 == 0
        ));
    }
    std::fs::write(dir.join("properties.yml"), rules).unwrap();
    let properties = dir.join("properties.yml");
    if kept.is_some() {
        // What `service` configures, for the `aurum` binary; [ssh] keeps its defaults, as a
        // user's would.
        std::fs::write(
            dir.join("aurum.toml"),
            format!(
                "{}[golden.settings.bench]\ntemplates = \"{}\"\nproperties = \"{}\"\n",
                value("--postgres")
                    .map(|schema| format!(
                        "[database]\nurl = \"{POSTGRES_URL}\"\nschema = \"{schema}\"\n\n"
                    ))
                    .unwrap_or_default(),
                dir.join("templates").display(),
                properties.display()
            ),
        )
        .unwrap();
    }
    let services = service(dir, &render_inventory(devices), |config, _| {
        let setting = config.golden.settings.get_mut("bench").unwrap();
        setting.properties = Some(properties);
    })
    .await;
    for n in 0..devices {
        let name = format!("r{n:05}");
        let (mut backup, mut intended) = (String::new(), String::new());
        for f in 0..FEATURES {
            for line in 0..4 {
                intended.push_str(&format!("feature{f:02} line {line}\n"));
                // One device in ten drifts on one feature.
                let drifted = n % 10 == 0 && f == n % FEATURES && line == 3;
                backup.push_str(&format!(
                    "feature{f:02} line {}\n",
                    if drifted { 9 } else { line }
                ));
            }
        }
        for (kind, config) in [
            (ConfigKind::Backup, &backup),
            (ConfigKind::Intended, &intended),
        ] {
            services
                .store
                .save_config_version(&name, kind, config, None)
                .await
                .unwrap();
        }
    }
    // The seeding stands in for the backup and intended jobs, which end by refreshing them.
    services.store.refresh_job_statistics().await.unwrap();
    let stage = Stage::start();
    let report = services.golden.compliance(request, |_| {}).await.unwrap();
    stage.report(
        &format!("compliance job x{FEATURES}"),
        devices,
        &report.summary,
    );
}
