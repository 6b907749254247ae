use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use aurum_inventory::{
    Device, DeviceFilter, Format, InventoryError, ValidationPolicy, parse_document,
};
use aurum_store::Store;

use crate::cli::{FileFormat, InventoryCommand};
use crate::context::{Context, read_user_file};
use crate::output::{or_dash, table};

pub async fn run(context: &Context, command: InventoryCommand) -> anyhow::Result<ExitCode> {
    let store = context.open_store().await?;
    let result = dispatch(context, &store, command).await;
    store.close().await;
    result
}

async fn dispatch(
    context: &Context,
    store: &Store,
    command: InventoryCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        InventoryCommand::Import {
            file,
            format,
            dry_run,
        } => {
            let policy = ValidationPolicy {
                allow_literal_secrets: context.loaded.config.inventory.allow_literal_secrets,
            };
            import_file(store, &file, format, policy, dry_run).await?;
        }
        InventoryCommand::Export { output } => {
            let yaml = store.export().await?.to_yaml();
            match output {
                Some(path) => {
                    write_atomically(&path, &yaml)?;
                    eprintln!("exported to {}", path.display());
                }
                None => print!("{yaml}"),
            }
        }
        InventoryCommand::List {
            filter,
            saved,
            json,
        } => {
            let mut selection = DeviceFilter::parse_terms(&filter)?;
            let mut devices = store.devices(&selection).await?;
            if let Some(name) = saved {
                selection = store.saved_filter(&name).await?.filter;
                devices.retain(|d| selection.matches(d));
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&devices)?);
            } else {
                print!("{}", device_table(&devices));
                eprintln!("{} device(s)", devices.len());
            }
        }
        InventoryCommand::Show { device, json } => {
            let device = store.device(&device).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&device)?);
            } else {
                print!("{}", describe(&device));
            }
        }
        InventoryCommand::Platforms => {
            let rows: Vec<Vec<String>> = store
                .platforms()
                .await?
                .into_iter()
                .map(|p| vec![p.name, p.driver, p.network_os, p.description])
                .collect();
            print!(
                "{}",
                table(&["NAME", "DRIVER", "NETWORK OS", "DESCRIPTION"], &rows)
            );
        }
        InventoryCommand::Filters => {
            let all = store.devices(&DeviceFilter::default()).await?;
            let rows: Vec<Vec<String>> = store
                .saved_filters()
                .await?
                .into_iter()
                .map(|f| {
                    let count = all.iter().filter(|d| f.filter.matches(d)).count();
                    vec![
                        f.name,
                        f.filter.describe(),
                        count.to_string(),
                        f.description,
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["NAME", "FILTER", "DEVICES", "DESCRIPTION"], &rows)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses and imports one file, printing what changed.
pub async fn import_file(
    store: &Store,
    path: &Path,
    format: Option<FileFormat>,
    policy: ValidationPolicy,
    dry_run: bool,
) -> anyhow::Result<()> {
    let name = path.display().to_string();
    let format = match format {
        Some(FileFormat::Yaml) => Format::Yaml,
        Some(FileFormat::Csv) => Format::Csv,
        None => {
            Format::from_path(path).ok_or(InventoryError::UnknownFormat { file: name.clone() })?
        }
    };
    let text = read_user_file(path)?;
    let doc = parse_document(&text, format, &name)?;
    let summary = store.import(&doc, &name, policy, dry_run).await?;
    let verb = if summary.applied {
        "imported"
    } else {
        "dry run, nothing written:"
    };
    println!(
        "{verb} {name}: {} device(s) created, {} updated, {} other object(s)",
        summary.devices_created, summary.devices_updated, summary.other_objects
    );
    Ok(())
}

fn device_table(devices: &[Device]) -> String {
    let rows: Vec<Vec<String>> = devices
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                or_dash(&d.address),
                or_dash(&d.platform),
                or_dash(&d.location),
                or_dash(&d.role),
                d.status.to_string(),
                if d.tags.is_empty() {
                    "-".to_string()
                } else {
                    d.tags.join(",")
                },
            ]
        })
        .collect();
    table(
        &[
            "NAME", "ADDRESS", "PLATFORM", "LOCATION", "ROLE", "STATUS", "TAGS",
        ],
        &rows,
    )
}

fn describe(device: &Device) -> String {
    let mut out = String::new();
    let mut field = |label: &str, value: String| out.push_str(&format!("{label:<15}{value}\n"));
    field("name", device.name.clone());
    field("address", or_dash(&device.address));
    field("port", device.port.to_string());
    field("platform", or_dash(&device.platform));
    field("location", or_dash(&device.location));
    field("role", or_dash(&device.role));
    field("tenant", or_dash(&device.tenant));
    field("status", device.status.to_string());
    field(
        "tags",
        if device.tags.is_empty() {
            "-".to_string()
        } else {
            device.tags.join(", ")
        },
    );
    field("secrets group", or_dash(&device.secrets_group));
    let data = serde_json::to_string_pretty(&device.data).unwrap_or_default();
    field("data", data.replace('\n', &format!("\n{:15}", "")));
    out
}

/// Writes through a temporary file and a rename, so an interrupted export never leaves half a
/// file where a good one was.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let temporary = path.with_extension("aurum-tmp");
    std::fs::write(&temporary, text)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}
