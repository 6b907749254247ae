use std::path::{Path, PathBuf};

use anyhow::Context as _;
use aurum_config::LoadedConfig;
use aurum_services::Services;
use aurum_store::Store;

use crate::cli::GlobalArgs;

/// The data directory used when neither the command line nor the configuration names one.
pub const DEFAULT_DATA_DIR: &str = "aurum-data";

/// Everything a command needs to know about where Aurum lives, resolved once.
pub struct Context {
    pub loaded: LoadedConfig,
    pub data_dir: PathBuf,
}

impl Context {
    /// Finds the configuration (`--config`, else `./aurum.toml`, else `DATA_DIR/aurum.toml`,
    /// else defaults) and the data directory (`--data-dir`, else the configuration's, else
    /// `./aurum-data`).
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Context> {
        let cli_data_dir = global.data_dir.clone();
        let loaded = match &global.config {
            Some(path) => load_config(path)?,
            None => {
                let candidates = [
                    Some(PathBuf::from("aurum.toml")),
                    Some(
                        cli_data_dir
                            .clone()
                            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
                            .join("aurum.toml"),
                    ),
                ];
                match candidates.into_iter().flatten().find(|p| p.is_file()) {
                    Some(path) => load_config(&path)?,
                    None => LoadedConfig::defaults(),
                }
            }
        };
        let data_dir = cli_data_dir
            .or_else(|| loaded.config.data_dir.clone())
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        Ok(Context { loaded, data_dir })
    }

    /// Opens (creating and migrating if needed) the configured database.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        Ok(aurum_services::open_store(&self.loaded, &self.data_dir).await?)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

/// Reads and validates a configuration file, including what only the services know how to
/// check (the remediation options' types), so a typo fails every command and `aurum config
/// check` at once, with its line, rather than the next compliance job.
pub fn load_config(path: &Path) -> anyhow::Result<LoadedConfig> {
    let loaded = aurum_config::load_file(path)?;
    aurum_services::golden::Remediation::check_config(&loaded.config.golden)
        .map_err(|problem| loaded.invalid_at(problem.span, problem.message))?;
    Ok(loaded)
}

/// Reads a file the user named, saying which one could not be read.
pub fn read_user_file(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

impl Context {
    /// The plugin registry: built-in plugins, the shipped drivers (installed into the data
    /// directory) and every `[plugins.NAME]` entry.
    pub fn registry(&self) -> anyhow::Result<aurum_plugin::Registry> {
        Ok(aurum_services::open_registry(
            &self.loaded.config,
            &self.data_dir,
        )?)
    }

    /// Every service over the configured store and plugins.
    pub async fn services(&self) -> anyhow::Result<Services> {
        Ok(Services::open(&self.loaded, &self.data_dir).await?)
    }

    /// The toolkit service over the configured store and plugins.
    pub async fn toolkit(
        &self,
    ) -> anyhow::Result<(Store, aurum_services::toolkit::ToolkitService)> {
        let services = self.services().await?;
        Ok((services.store, services.toolkit))
    }

    /// The golden-config service; jobs left running by a process that died are failed first.
    pub async fn golden(&self) -> anyhow::Result<(Store, aurum_services::golden::GoldenService)> {
        let services = self.services().await?;
        let interrupted = services.store.fail_interrupted_jobs().await?;
        if interrupted > 0 {
            eprintln!("marked {interrupted} interrupted job(s) as failed");
        }
        Ok((services.store, services.golden))
    }
}
