use std::path::Path;
use std::process::ExitCode;

use aurum_inventory::{DeviceFilter, ValidationPolicy};

use super::init::add_missing_platforms;
use super::inventory::import_file;
use crate::context::Context;

/// The tour on the embedded default: a database in the data directory, the shipped platforms,
/// the example inventory, and a summary of what Aurum now knows. Later stages (backup,
/// intended, compliance against the simulator) join as they land.
pub async fn run(context: &Context, examples: &Path) -> anyhow::Result<ExitCode> {
    let inventory = examples.join("inventory.yaml");
    if !inventory.is_file() {
        anyhow::bail!(
            "the demo needs {}; run it from the Aurum checkout or pass --examples DIR",
            inventory.display()
        );
    }
    println!(
        "== Aurum demo (data directory {})",
        context.data_dir().display()
    );
    let store = context.open_store().await?;
    let added = add_missing_platforms(&store).await?;
    println!(
        "database: {} ({} shipped platform(s) added)",
        store.url(),
        added.len()
    );

    let policy = ValidationPolicy {
        allow_literal_secrets: context.loaded.config.inventory.allow_literal_secrets,
    };
    import_file(&store, &inventory, None, policy, false).await?;

    let devices = store.devices(&DeviceFilter::default()).await?;
    println!("\n== Inventory: {} device(s)", devices.len());
    let mut by_platform = std::collections::BTreeMap::<String, usize>::new();
    for device in &devices {
        *by_platform
            .entry(
                device
                    .platform
                    .clone()
                    .unwrap_or_else(|| "(none)".to_string()),
            )
            .or_default() += 1;
    }
    for (platform, count) in &by_platform {
        println!("  {platform:<16}{count}");
    }
    println!("\n== Saved filters");
    for saved in store.saved_filters().await? {
        let count = devices.iter().filter(|d| saved.filter.matches(d)).count();
        println!(
            "  {:<16}{count:>4} device(s)  {}",
            saved.name,
            saved.filter.describe()
        );
    }
    store.close().await;
    println!(
        "\nNext: `aurum --data-dir {} inventory list`, `aurum serve`",
        context.data_dir().display()
    );
    Ok(ExitCode::SUCCESS)
}
