//! `aurum demo`: the whole tour on the embedded default. A simulated fleet (one device per
//! entry of the example inventory) on loopback, the example inventory, saved commands,
//! templates and compliance rules, then backup, intended and compliance, and a summary; then,
//! unless `--no-serve`, the web UI over the demo's data while the simulated fleet keeps
//! running.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use aurum_config::HostKeyChecking;
use aurum_inventory::{CredentialRef, Format, ValidationPolicy, parse_document};
use aurum_services::golden::JobRequest;
use aurum_sim::{Fleet, FleetSpec, SimDevice, SimPlatform, sample_config};

use super::init::add_missing_platforms;
use crate::context::{Context, read_user_file};

const USER: &str = "demo";
const PASSWORD: &str = "demo-password";
const ENABLE: &str = "demo-enable";

/// `serve`: after the summary, serve the web UI (on the address given, else `[server] listen`)
/// until Ctrl-C; `None` stops after the summary.
pub async fn run(
    context: &Context,
    examples: &Path,
    serve: Option<Option<std::net::SocketAddr>>,
) -> anyhow::Result<ExitCode> {
    let inventory_path = examples.join("inventory.yaml");
    let config_path = examples.join("aurum.toml");
    if !inventory_path.is_file() || !config_path.is_file() {
        anyhow::bail!(
            "the demo needs {} and {}; run it from the Aurum checkout or pass --examples DIR",
            inventory_path.display(),
            config_path.display()
        );
    }
    let mut loaded = aurum_config::load_file(&config_path)?;
    // The simulator makes new host keys at every start; pinning them would only trip the
    // next demo run.
    loaded.config.ssh.host_key_checking = HostKeyChecking::Off;
    loaded.config.inventory.allow_literal_secrets = true;
    let context = Context {
        loaded,
        data_dir: context.data_dir.clone(),
    };
    println!(
        "== Aurum demo, data directory {}",
        context.data_dir.display()
    );

    // The inventory, with every device pointed at a simulated twin.
    let mut doc = parse_document(
        &read_user_file(&inventory_path)?,
        Format::Yaml,
        &inventory_path.display().to_string(),
    )?;
    let mut fleet = Fleet::start(&FleetSpec {
        devices: 0,
        ..FleetSpec::default()
    })
    .await?;
    let mut simulated = 0;
    for device in &mut doc.devices {
        let Some(platform) = device
            .platform
            .as_deref()
            .and_then(|p| p.parse::<SimPlatform>().ok())
        else {
            continue;
        };
        let twin = SimDevice::new(
            &device.name,
            platform,
            USER,
            PASSWORD,
            ENABLE,
            &sample_config(platform, &device.name, 8),
        )?;
        let addr = fleet
            .add(
                Arc::new(twin),
                "127.0.0.1:0".parse().expect("a valid address"),
            )
            .await?;
        device.address = Some(addr.ip().to_string());
        device.port = addr.port();
        simulated += 1;
    }
    for group in &mut doc.secrets_groups {
        group.username = Some(CredentialRef::Literal(USER.into()));
        group.password = Some(CredentialRef::Literal(PASSWORD.into()));
        group.enable_secret = Some(CredentialRef::Literal(ENABLE.into()));
    }
    println!("simulator: {simulated} device(s) on 127.0.0.1");

    let services = context.services().await?;
    let (store, golden) = (services.store.clone(), services.golden.clone());
    store.fail_interrupted_jobs().await?;
    add_missing_platforms(&store).await?;
    let summary = store
        .import(
            &doc,
            "examples/inventory.yaml",
            ValidationPolicy {
                allow_literal_secrets: true,
            },
            false,
        )
        .await?;
    println!(
        "inventory: {} device(s) created, {} updated from {}",
        summary.devices_created,
        summary.devices_updated,
        inventory_path.display()
    );

    // The example saved commands, variables included, for the Toolkit tab.
    let commands_path = examples.join("commands.yaml");
    if commands_path.is_file() {
        let name = commands_path.display().to_string();
        let commands =
            aurum_inventory::CommandsDocument::parse(&read_user_file(&commands_path)?, &name)?;
        store.upsert_commands(&commands.commands).await?;
        println!("commands: {} saved from {name}", commands.commands.len());
    }

    let request = JobRequest {
        principal: aurum_services::identity::Principal::owner(),
        ..JobRequest::default()
    };
    let quiet = |_: &aurum_services::golden::DeviceEvent| {};
    let reports = [
        golden.backup(&request, quiet).await?,
        golden.intended(&request, quiet).await?,
        golden.compliance(&request, quiet).await?,
    ];
    // What the jobs covered (the settings' scopes), not every device the data dir holds.
    let in_scope = reports[0].devices.len();
    for report in &reports {
        println!(
            "{:<10} {:<9} {}",
            report.kind,
            report.status.as_str(),
            report.summary
        );
        for device in report
            .devices
            .iter()
            .filter(|d| d.status == aurum_store::OutcomeStatus::Failed)
        {
            println!("           {}: {}", device.device, device.error);
        }
    }

    let pivot = store.compliance_pivot().await?;
    let mut by_feature: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (_, feature, compliant) in &pivot {
        let entry = by_feature.entry(feature).or_default();
        entry.1 += 1;
        if *compliant {
            entry.0 += 1;
        }
    }
    println!("\n== Compliance by feature (compliant/devices)");
    for (feature, (ok, total)) in &by_feature {
        println!("  {feature:<10} {ok}/{total}");
    }
    let example = pivot
        .iter()
        .find(|(_, _, c)| !c)
        .map(|(d, f, _)| (d.clone(), f.clone()));
    let data_dir = context.data_dir.display();
    println!(
        "\n{in_scope} device(s) in scope; backups and intended configs are committed in {data_dir}/repos/"
    );
    println!("Next:");
    println!("  aurum --data-dir {data_dir} compliance report");
    if let Some((device, feature)) = example {
        println!("  aurum --data-dir {data_dir} compliance show {device} {feature}");
    }
    println!("  aurum --data-dir {data_dir} jobs");
    match serve {
        Some(listen) => serve_ui(&context, services, listen).await?,
        None => {
            golden.stop_local_worker().await;
            store.close().await;
        }
    }
    drop(fleet);
    Ok(ExitCode::SUCCESS)
}

/// Serves the web UI over the demo's services until Ctrl-C, with a superuser to sign in as:
/// `admin`, created with `AURUM_ADMIN_PASSWORD` or a random password shown once.
async fn serve_ui(
    context: &Context,
    services: aurum_services::Services,
    listen: Option<std::net::SocketAddr>,
) -> anyhow::Result<()> {
    let addr = listen.unwrap_or(context.loaded.config.server.listen);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| aurum_http::HttpError::Bind { addr, source })?;
    let password = match std::env::var("AURUM_ADMIN_PASSWORD") {
        Ok(password) if !password.is_empty() => password,
        _ => aurum_services::identity::random_password()?,
    };
    let login = match services.identity.ensure_first_admin(&password).await? {
        true => format!("sign in as admin with password {password}"),
        false => {
            "sign in as admin (its password is unchanged; `aurum user passwd admin` sets a new one)"
                .to_string()
        }
    };
    println!(
        "\n== Web UI on http://{}/ ({login}); Ctrl-C stops it and the simulator (--no-serve skips this)",
        listener.local_addr()?
    );
    super::serve::serve_services(listener, services, super::serve::shutdown_signal()).await
}
