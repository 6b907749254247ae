//! `aurum import golden-config`: a team's Nautobot Golden Config setup, carried over in one
//! command. It writes the properties file (features, rules, removes, replaces, remediation
//! settings) and the SoT queries beside aurum.toml, saves the settings' scopes as saved
//! filters, and appends one `[golden.settings.NAME]` per setting to aurum.toml (checked by
//! loading it again; on any error the file is put back as it was). What cannot be carried
//! over is printed with why.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aurum_services::identity::Principal;
use aurum_sot::{GoldenConfigExport, GoldenConfigImport};
use clap::{ArgGroup, Args, Subcommand};

use crate::context::{Context, load_config};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Nautobot Golden Config's features, rules, config removes and replaces, remediation
    /// settings, settings (weight, scope, repositories, path templates) and SoT queries.
    #[command(after_help = GOLDEN_CONFIG_EXAMPLES)]
    GoldenConfig(GoldenConfigArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("from").required(true).args(["from_nautobot", "from_file"])))]
pub struct GoldenConfigArgs {
    /// Read it from the Nautobot of [sot.nautobot].
    #[arg(long)]
    from_nautobot: bool,
    /// Read it from an export file (`--export` writes one).
    #[arg(long, value_name = "FILE")]
    from_file: Option<PathBuf>,
    /// Also write what was read to this file, to import elsewhere with --from-file.
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
    /// Folder for the properties file and queries, relative to aurum.toml.
    #[arg(long, value_name = "DIR", default_value = "golden-config")]
    dir: PathBuf,
    /// Also carry over each device's last backup and intended config from Golden Config, so
    /// `aurum compliance run` works at once (devices must be in the inventory: `aurum sot sync`).
    #[arg(long, requires = "from_nautobot")]
    with_configs: bool,
    /// Print what would be written and change nothing.
    #[arg(long)]
    dry_run: bool,
}

const GOLDEN_CONFIG_EXAMPLES: &str = "\
Examples:
  aurum sot sync && aurum import golden-config --from-nautobot --dry-run
  aurum import golden-config --from-nautobot --export golden-config-export.json
  aurum import golden-config --from-file golden-config-export.json";

pub async fn run(context: &Context, command: ImportCommand) -> anyhow::Result<ExitCode> {
    let ImportCommand::GoldenConfig(args) = command;
    let Some(config_file) = context.loaded.path.clone() else {
        bail!("no aurum.toml to add the settings to; run `aurum init` first (or pass --config)");
    };
    let services = context.services().await?;
    let result = golden_config(context, &services, &config_file, &args).await;
    services.store.close().await;
    result
}

async fn golden_config(
    context: &Context,
    services: &aurum_services::Services,
    config_file: &Path,
    args: &GoldenConfigArgs,
) -> anyhow::Result<ExitCode> {
    let owner = Principal::owner();
    let export: GoldenConfigExport = match &args.from_file {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is not a Golden Config export (write one with --export)",
                    file.display()
                )
            })?
        }
        None => services.sot.golden_config_export(&owner).await?,
    };
    if let Some(path) = &args.export {
        std::fs::write(path, serde_json::to_string_pretty(&export)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote the export to {}", path.display());
    }
    let mut import = services
        .sot
        .golden_config_import(&owner, &export, args.dry_run)
        .await?;
    keep_valid_rules(&mut import);
    let existing = &context.loaded.config.golden.settings;
    let (settings, kept): (Vec<_>, Vec<_>) = import
        .settings
        .iter()
        .partition(|s| !existing.contains_key(&s.name));
    for setting in &kept {
        import.not_carried.push(format!(
            "setting `{}`: aurum.toml already has [golden.settings.{}], which is kept; remove it and import again to replace it",
            setting.name, setting.name
        ));
    }

    let base = config_file.parent().unwrap_or(Path::new("."));
    let dir = base.join(&args.dir);
    let properties_rel = args.dir.join("properties.yml");
    let properties_yaml = serde_norway::to_string(&import.properties)?;
    let mut toml =
        "\n# Imported from Nautobot Golden Config by `aurum import golden-config`.\n".to_string();
    for setting in &settings {
        let mut setting = (*setting).clone();
        setting.sot_query = setting
            .sot_query
            .map(|q| args.dir.join(q).display().to_string());
        toml.push('\n');
        toml.push_str(&setting.to_toml(&properties_rel.display().to_string()));
    }

    let p = &import.properties;
    println!(
        "{} {} compliance features, {} rules, {} config removes, {} config replaces, {} remediation settings -> {}",
        if args.dry_run { "would write" } else { "wrote" },
        p.compliance_features.len(),
        p.compliance_rules.len(),
        p.config_removes.len(),
        p.config_replaces.len(),
        p.remediation_settings.len(),
        dir.join("properties.yml").display()
    );
    for (file, _) in &import.queries {
        println!(
            "{} query {}",
            if args.dry_run { "would write" } else { "wrote" },
            dir.join(file).display()
        );
    }
    for filter in &import.saved_filters {
        println!(
            "{} saved filter {} ({})",
            if args.dry_run { "would save" } else { "saved" },
            filter.name,
            filter.filter.describe()
        );
    }
    for setting in &settings {
        println!(
            "{} [golden.settings.{}] (weight {}) to {}",
            if args.dry_run { "would add" } else { "added" },
            setting.name,
            setting.weight,
            config_file.display()
        );
    }
    for note in &import.not_carried {
        println!("not carried over: {note}");
    }
    if args.dry_run {
        print!("{toml}");
        return Ok(ExitCode::SUCCESS);
    }

    std::fs::create_dir_all(dir.join("queries"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(dir.join("properties.yml"), properties_yaml)
        .with_context(|| format!("cannot write {}", dir.join("properties.yml").display()))?;
    for (file, query) in &import.queries {
        std::fs::write(dir.join(file), query)
            .with_context(|| format!("cannot write {}", dir.join(file).display()))?;
    }
    if !settings.is_empty() {
        append_checked(config_file, &toml)?;
    }
    if args.with_configs {
        carry_configs(context, services, config_file, &export).await?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Stores Golden Config's last configs under the settings now in aurum.toml.
async fn carry_configs(
    context: &Context,
    services: &aurum_services::Services,
    config_file: &Path,
    export: &GoldenConfigExport,
) -> anyhow::Result<()> {
    let owner = Principal::owner();
    let configs = services.sot.golden_config_configs(&owner).await?;
    let loaded = load_config(config_file)?;
    let reopened =
        aurum_services::Services::over(services.store.clone(), &loaded, context.data_dir())?;
    let origin = services
        .sot
        .server(aurum_sot::Flavor::Nautobot)
        .map(|s| format!("Nautobot Golden Config at {}", s.url))
        .unwrap_or_else(|_| "Nautobot Golden Config".to_string());
    let carried = configs
        .into_iter()
        .map(|c| aurum_services::golden::CarriedConfig {
            device: c.device,
            backup: Some(c.backup),
            intended: Some(c.intended),
        })
        .collect();
    let branches = export
        .git_repositories
        .iter()
        .filter_map(|r| {
            let url = r.get("remote_url")?.as_str()?.to_string();
            let branch = r
                .get("branch")?
                .as_str()
                .filter(|b| !b.is_empty())?
                .to_string();
            Some((url, branch))
        })
        .collect();
    let report = reopened
        .golden
        .carry_configs(&owner, carried, &branches, &origin)
        .await?;
    println!(
        "carried over {} config version(s) ({} already current) in {} commit(s)",
        report.stored,
        report.unchanged,
        report.commits.len()
    );
    if !report.skipped.is_empty() {
        println!(
            "not carried over: configs of {} device(s) not in the inventory (run `aurum sot sync` first): {}",
            report.skipped.len(),
            report.skipped.join(", ")
        );
    }
    Ok(())
}

/// Rules Aurum cannot compile (a regex it does not take, no platform) are left out, named,
/// rather than making the whole properties file unreadable.
fn keep_valid_rules(import: &mut GoldenConfigImport) {
    let mut refused = Vec::new();
    import.properties.compliance_rules.retain(|rule| {
        let no_platform = rule.platform_name.is_none() && rule.platform_network_driver.is_none();
        let error = match rule.to_rule() {
            _ if no_platform => Some("it names no platform".to_string()),
            Err(error) => Some(error.to_string()),
            Ok(_) => None,
        };
        if let Some(error) = &error {
            refused.push(format!(
                "compliance rule for feature `{}`: {error}",
                rule.feature_slug
            ));
        }
        error.is_none()
    });
    import.not_carried.extend(refused);
}

/// Appends to aurum.toml and loads it again; if it no longer loads, the original is put back
/// and the error says why.
fn append_checked(config_file: &Path, addition: &str) -> anyhow::Result<()> {
    let original = std::fs::read_to_string(config_file)
        .with_context(|| format!("cannot read {}", config_file.display()))?;
    let mut updated = original.clone();
    if !updated.ends_with('\n') {
        updated.push('\n');
    }
    updated.push_str(addition);
    std::fs::write(config_file, &updated)
        .with_context(|| format!("cannot write {}", config_file.display()))?;
    if let Err(error) = load_config(config_file) {
        std::fs::write(config_file, original)
            .with_context(|| format!("cannot restore {}", config_file.display()))?;
        bail!(
            "the imported settings do not load ({error:#}); {} was left as it was",
            config_file.display()
        );
    }
    Ok(())
}
