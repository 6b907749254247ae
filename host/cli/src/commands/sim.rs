use std::process::ExitCode;

use anyhow::Context as _;
use aurum_sim::{Fleet, FleetSpec, SimPlatform};

use crate::cli::SimArgs;

/// Starts a fleet, writes its inventory, and serves until Ctrl-C.
pub async fn run(args: SimArgs) -> anyhow::Result<ExitCode> {
    let platforms = args
        .platforms
        .iter()
        .map(|p| p.parse::<SimPlatform>())
        .collect::<Result<Vec<_>, _>>()?;
    let fleet = Fleet::start(&FleetSpec {
        devices: args.devices,
        platforms,
        interfaces: args.interfaces,
        username: args.username.clone(),
        password: args.password.clone(),
        enable_secret: args.enable_secret.clone(),
        bind: [127, 0, 0, 1].into(),
        base_port: args.port,
    })
    .await?;
    if let Some(ms) = args.slow_ms {
        for info in fleet.devices() {
            if let Some(device) = fleet.device(&info.name) {
                device.set_faults(aurum_sim::Faults {
                    slow: Some(std::time::Duration::from_millis(ms)),
                    ..aurum_sim::Faults::default()
                });
            }
        }
    }
    if let Some(path) = &args.record {
        for info in fleet.devices() {
            if let Some(device) = fleet.device(&info.name) {
                device.record_to(path.clone());
            }
        }
        eprintln!(
            "recording each session to {} (`aurum plugins test NAME --recording {}`)",
            path.display(),
            path.display()
        );
    }
    std::fs::write(&args.inventory, fleet.inventory_yaml("sim"))
        .with_context(|| format!("cannot write {}", args.inventory.display()))?;
    let devices = fleet.devices();
    eprintln!(
        "{} simulated device(s) on 127.0.0.1 ports {}-{}; inventory in {}",
        devices.len(),
        devices.iter().map(|d| d.addr.port()).min().unwrap_or(0),
        devices.iter().map(|d| d.addr.port()).max().unwrap_or(0),
        args.inventory.display()
    );
    eprintln!(
        "credentials: export AURUM_USERNAME={} AURUM_PASSWORD={} AURUM_ENABLE_SECRET={}",
        args.username, args.password, args.enable_secret
    );
    eprintln!(
        "then: aurum inventory import {}; press Ctrl-C to stop",
        args.inventory.display()
    );
    tokio::signal::ctrl_c().await?;
    drop(fleet);
    Ok(ExitCode::SUCCESS)
}
