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
    let mut fail_lines = std::collections::BTreeMap::new();
    for entry in &args.fail_config_line {
        let (device, line) = entry
            .split_once('=')
            .and_then(|(d, n)| Some((d.to_string(), n.parse::<usize>().ok()?)))
            .with_context(|| {
                format!("--fail-config-line {entry}: expected DEVICE=N, e.g. sim-ios-0001=3")
            })?;
        fail_lines.insert(device, line);
    }
    for named in fail_lines.keys().chain(&args.cut_off_on_commit_confirmed) {
        if fleet.device(named).is_none() {
            anyhow::bail!("no simulated device is named {named}; names look like sim-ios-0001");
        }
    }
    for info in fleet.devices() {
        if let Some(device) = fleet.device(&info.name) {
            device.set_faults(aurum_sim::Faults {
                slow: args.slow_ms.map(std::time::Duration::from_millis),
                fail_config_line: fail_lines.get(&info.name).copied(),
                cut_off_on_confirmed: args.cut_off_on_commit_confirmed.contains(&info.name),
                ..aurum_sim::Faults::default()
            });
            device.set_minute(std::time::Duration::from_millis(args.minute_ms));
            if let Some(path) = &args.typed_log {
                device.log_typed_lines(path.clone());
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
