use std::collections::BTreeSet;

use anyhow::Context as _;
use aurum_inventory::{InventoryDocument, ValidationPolicy, shipped_platforms};
use aurum_services::identity::{IdentityService, random_password};
use aurum_store::Store;

use crate::context::Context;

/// The commented configuration `init` writes: every section with its defaults.
pub const EXAMPLE_CONFIG: &str = include_str!("example_aurum.toml");

/// Creates the data directory, a commented `aurum.toml` (never overwriting one), the database,
/// the shipped platforms and the first superuser. Safe to run again: it only adds what is
/// missing.
pub async fn run(context: &Context) -> anyhow::Result<std::process::ExitCode> {
    let data_dir = context.data_dir();
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let config_path = data_dir.join("aurum.toml");
    if config_path.exists() {
        println!("kept existing {}", config_path.display());
    } else {
        std::fs::write(&config_path, EXAMPLE_CONFIG)
            .with_context(|| format!("cannot write {}", config_path.display()))?;
        println!("wrote {}", config_path.display());
    }
    let store = context.open_store().await?;
    let added = add_missing_platforms(&store).await?;
    println!(
        "database ready at {} (schema version {})",
        store.url(),
        store.supported_schema_version()
    );
    if added.is_empty() {
        println!("shipped platforms already present");
    } else {
        println!("added platforms: {}", added.join(", "));
    }
    create_first_admin(&store).await?;
    store.close().await;
    Ok(std::process::ExitCode::SUCCESS)
}

/// Creates the superuser `admin` on the first run: with AURUM_ADMIN_PASSWORD when set, else a
/// random password printed this once (the only password Aurum ever prints).
async fn create_first_admin(store: &Store) -> anyhow::Result<()> {
    let identity = IdentityService::new(store.clone());
    if identity.first_admin_exists().await? {
        println!("superuser `admin` already present");
        return Ok(());
    }
    match std::env::var("AURUM_ADMIN_PASSWORD") {
        Ok(password) => {
            identity.ensure_first_admin(&password).await?;
            println!("created superuser `admin` with the password in AURUM_ADMIN_PASSWORD");
        }
        Err(_) => {
            let password = random_password()?;
            identity.ensure_first_admin(&password).await?;
            println!(
                "created superuser `admin` with password {password} (shown once; change it with `aurum user passwd admin`)"
            );
        }
    }
    Ok(())
}

/// Adds the platforms of the shipped drivers that the database lacks, leaving any the operator
/// changed alone.
pub async fn add_missing_platforms(store: &Store) -> anyhow::Result<Vec<String>> {
    let existing: BTreeSet<String> = store
        .platforms()
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let mut doc = InventoryDocument::default();
    doc.platforms = shipped_platforms()
        .into_iter()
        .filter(|p| !existing.contains(&p.name))
        .collect();
    if !doc.platforms.is_empty() {
        store
            .import(
                &doc,
                "shipped platforms",
                ValidationPolicy::default(),
                false,
            )
            .await?;
    }
    let mut added: Vec<String> = doc.platforms.into_iter().map(|p| p.name).collect();
    added.sort();
    Ok(added)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_configuration_is_valid_and_all_defaults_but_its_data_dir() {
        let folder = std::path::Path::new("/srv/aurum");
        let mut config = aurum_config::parse_str(super::EXAMPLE_CONFIG, "example", folder).unwrap();
        assert_eq!(config.data_dir.take(), Some(folder.to_path_buf()));
        assert_eq!(config, aurum_config::Config::default());
    }

    #[test]
    fn the_commented_golden_section_is_valid_once_uncommented() {
        let block = super::EXAMPLE_CONFIG
            .split("# [golden]\n")
            .nth(1)
            .expect("the example has a [golden] section");
        let uncommented: Vec<&str> = block
            .lines()
            .map(|line| line.strip_prefix("# ").unwrap_or(line))
            .collect();
        let text = format!(
            "[golden]\n{}\n[golden.settings.datacenter]\n",
            uncommented.join("\n")
        );
        let config = aurum_config::parse_str(&text, "example", std::path::Path::new(".")).unwrap();
        let nightly = &config.golden.schedules["nightly"];
        assert_eq!(nightly.job, aurum_config::ScheduledJob::RunAll);
        assert_eq!(nightly.filter, ["location=ams1"]);
    }

    #[test]
    fn the_commented_workers_and_hooks_sections_are_valid_once_uncommented() {
        let start = super::EXAMPLE_CONFIG.find("# [workers]").unwrap();
        let end = super::EXAMPLE_CONFIG.find("# Golden-config jobs").unwrap();
        let uncommented: Vec<&str> = super::EXAMPLE_CONFIG[start..end]
            .lines()
            .filter(|line| {
                line.starts_with("# [") || line.starts_with("# ") && line.contains(" = ")
            })
            .map(|line| line.strip_prefix("# ").unwrap_or(line))
            .collect();
        let config = aurum_config::parse_str(
            &uncommented.join("\n"),
            "example",
            std::path::Path::new("."),
        )
        .unwrap();
        assert_eq!(config.workers, aurum_config::WorkersConfig::default());
        assert_eq!(config.hooks.len(), 2);
        assert!(config.hooks["script"].hears(aurum_config::HookEvent::PlanDeployed));
    }
}
