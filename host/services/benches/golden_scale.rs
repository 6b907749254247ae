//! Benchmark (not a test): golden-config jobs at scale, end to end (database + git).
//!
//! cargo bench -p aurum-services --bench golden_scale -- [--render 10000] [--backup 1000]
//!
//! `--render N`: the intended job over N inventory devices (template rendering, a stored
//! version per device, one git commit). `--backup N`: the backup job over N simulated
//! devices on loopback (SSH, driver clean-up, stored versions, one git commit).

use std::sync::Arc;
use std::time::Instant;

use aurum_config::{Config, GoldenSetting, HostKeyChecking};
use aurum_inventory::{Format, ValidationPolicy, parse_document, shipped_platforms};
use aurum_plugin::Registry;
use aurum_services::golden::{GoldenService, JobRequest};
use aurum_services::toolkit::{RegistryDrivers, ToolkitService};
use aurum_sim::{Fleet, FleetSpec, SimPlatform};
use aurum_store::{Store, StoreOptions};

/// The allocator of the `aurum` binary, so the benchmark measures what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn service(dir: &std::path::Path, inventory: &str) -> (Store, GoldenService) {
    let store = Store::open_in_data_dir(dir, &StoreOptions::default())
        .await
        .unwrap();
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
    config.ssh.concurrency = 100;
    config.golden.settings.insert(
        "bench".into(),
        GoldenSetting {
            templates,
            ..GoldenSetting::default()
        },
    );
    let with_drivers = aurum_drivers::with_shipped_drivers(&config, &dir.join("plugins")).unwrap();
    let registry = Arc::new(Registry::load(&with_drivers, &dir.join("cache")).unwrap());
    let config = Arc::new(config);
    let toolkit = ToolkitService::new(
        store.clone(),
        Arc::new(RegistryDrivers::new(registry.clone())),
        config.clone(),
        dir,
    )
    .unwrap();
    let golden = GoldenService::new(store.clone(), toolkit, registry, config, dir.to_path_buf());
    (store, golden)
}

#[tokio::main]
async fn main() {
    let render = arg("--render", 10_000);
    let backup = arg("--backup", 1_000);
    let request = JobRequest {
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    };

    if render > 0 {
        let dir = tempfile::tempdir().unwrap();
        let mut inventory = String::from("devices:\n");
        for n in 0..render {
            inventory.push_str(&format!(
                "  - {{ name: r{n:05}, address: 127.0.0.1, platform: cisco_ios, location: site{}, data: {{ asn: {}, n: {n} }} }}\n",
                n % 50,
                64512 + n % 1000
            ));
        }
        let (_store, golden) = service(dir.path(), &inventory).await;
        let started = Instant::now();
        let report = golden.intended(&request, |_| {}).await.unwrap();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "intended: {} devices in {seconds:.2} s = {:.0} devices/s ({})",
            render,
            render as f64 / seconds,
            report.summary
        );
    }

    if backup > 0 {
        let dir = tempfile::tempdir().unwrap();
        let fleet = Fleet::start(&FleetSpec {
            devices: backup,
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
        let (_store, golden) = service(dir.path(), &inventory).await;
        let started = Instant::now();
        let report = golden.backup(&request, |_| {}).await.unwrap();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "backup:   {} devices in {seconds:.2} s = {:.0} devices/s ({}), simulator in-process",
            backup,
            backup as f64 / seconds,
            report.summary
        );
    }
}
