use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use aurum_config::LoadedConfig;
use aurum_store::{Store, StoreOptions};

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
        let database = &self.loaded.config.database;
        let options = StoreOptions {
            max_connections: database.max_connections,
            connect_timeout: Duration::from_secs(database.connect_timeout_secs),
            postgres_schema: database.schema.clone(),
        };
        let store = match &database.url {
            Some(url) => {
                let url = url.resolve(&self.loaded.origin())?;
                Store::open(&url, &options).await?
            }
            None => Store::open_in_data_dir(&self.data_dir, &options).await?,
        };
        Ok(store)
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
    aurum_server::golden::Remediation::check_config(&loaded.config.golden)
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
        let config = aurum_drivers::with_shipped_drivers(
            &self.loaded.config,
            &self.data_dir.join("plugins/drivers"),
        )
        .with_context(|| {
            format!(
                "cannot install the shipped drivers into {}",
                self.data_dir.display()
            )
        })?;
        Ok(aurum_plugin::Registry::load(
            &config,
            &self.data_dir.join("cache/wasm"),
        )?)
    }

    /// The toolkit service over the configured store and plugins.
    pub async fn toolkit(&self) -> anyhow::Result<(Store, aurum_server::toolkit::ToolkitService)> {
        let store = self.open_store().await?;
        let registry = std::sync::Arc::new(self.registry()?);
        let drivers = std::sync::Arc::new(aurum_server::toolkit::RegistryDrivers::new(registry));
        let service = aurum_server::toolkit::ToolkitService::new(
            store.clone(),
            drivers,
            std::sync::Arc::new(self.loaded.config.clone()),
            &self.data_dir,
        )?;
        Ok((store, service))
    }
}

impl Context {
    /// The golden-config service; jobs left running by a process that died are failed first.
    pub async fn golden(&self) -> anyhow::Result<(Store, aurum_server::golden::GoldenService)> {
        let store = self.open_store().await?;
        let interrupted = store.fail_interrupted_jobs().await?;
        if interrupted > 0 {
            eprintln!("marked {interrupted} interrupted job(s) as failed");
        }
        let registry = std::sync::Arc::new(self.registry()?);
        let drivers = std::sync::Arc::new(aurum_server::toolkit::RegistryDrivers::new(
            registry.clone(),
        ));
        let config = std::sync::Arc::new(self.loaded.config.clone());
        let toolkit = aurum_server::toolkit::ToolkitService::new(
            store.clone(),
            drivers,
            config.clone(),
            &self.data_dir,
        )?;
        let golden = aurum_server::golden::GoldenService::new(
            store.clone(),
            toolkit,
            registry,
            config,
            self.data_dir.clone(),
        );
        Ok((store, golden))
    }
}
