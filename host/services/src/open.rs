//! One way to open Aurum: the store, the plugin registry (with the shipped drivers installed),
//! the toolkit, the golden-config service and identity, from a loaded configuration and a data
//! directory. The CLI, the HTTP app, tests and benches all start here, so they are wired alike.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use aurum_config::{Config, LoadedConfig};
use aurum_plugin::Registry;
use aurum_store::{Store, StoreOptions};

use crate::ServiceError;
use crate::authz::Authz;
use crate::golden::GoldenService;
use crate::identity::IdentityService;
use crate::inventory::InventoryService;
use crate::plans::PlansService;
use crate::postprocess::PostprocessService;
use crate::search::ConfigCache;
use crate::secrets::SecretsService;
use crate::sot::SotService;
use crate::toolkit::{RegistryDrivers, ToolkitService};

/// Everything a front end calls. Cheap to clone: each part is a pool handle or an `Arc`.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub config: Arc<Config>,
    pub registry: Arc<Registry>,
    pub toolkit: ToolkitService,
    pub golden: GoldenService,
    pub identity: IdentityService,
    pub plans: PlansService,
    pub inventory: InventoryService,
    /// The permission checks, for front ends that must ask before calling something that
    /// cannot (GraphQL's config fields).
    pub authz: Authz,
    pub secrets: SecretsService,
    pub postprocess: PostprocessService,
    pub sot: SotService,
    pub data_dir: PathBuf,
    /// The current configurations config search scans, kept in memory by digest.
    pub config_cache: ConfigCache,
}

impl Services {
    /// Opens the configured database (creating and migrating it if needed), installs the
    /// shipped drivers into `DATA_DIR/plugins/drivers`, loads every plugin and builds the
    /// services over them.
    pub async fn open(loaded: &LoadedConfig, data_dir: &Path) -> Result<Services, ServiceError> {
        let store = open_store(loaded, data_dir).await?;
        Services::over(store, loaded, data_dir)
    }

    /// The services over an already-open store (tests and benches that share one).
    pub fn over(
        store: Store,
        loaded: &LoadedConfig,
        data_dir: &Path,
    ) -> Result<Services, ServiceError> {
        let registry = Arc::new(open_registry(&loaded.config, data_dir)?);
        let config = Arc::new(loaded.config.clone());
        let drivers = Arc::new(RegistryDrivers::new(registry.clone()));
        let toolkit = ToolkitService::new(store.clone(), drivers, config.clone(), data_dir)?;
        let sot = SotService::new(
            store.clone(),
            config.clone(),
            registry.clone(),
            loaded.origin(),
        );
        let golden = GoldenService::new(
            store.clone(),
            toolkit.clone(),
            registry.clone(),
            config.clone(),
            data_dir.to_path_buf(),
        )
        .with_hooks(crate::hooks::Hooks::new(
            &loaded.config.hooks,
            &loaded.origin(),
        ))
        .with_sot(sot.clone());
        let secrets = SecretsService::new(store.clone(), data_dir);
        let postprocess =
            PostprocessService::new(store.clone(), secrets.clone(), &registry, &config)?;
        // The deploying side of the plans service, for this service's workers: it holds
        // the golden service as it was before it could deploy, so neither holds the other.
        let deployer = PlansService::new(
            store.clone(),
            golden.clone(),
            toolkit.clone(),
            postprocess.clone(),
            registry.clone(),
            &config,
        );
        let golden = golden.with_deployer(Arc::new(deployer));
        let plans = PlansService::new(
            store.clone(),
            golden.clone(),
            toolkit.clone(),
            postprocess.clone(),
            registry.clone(),
            &config,
        );
        Ok(Services {
            identity: IdentityService::new(store.clone()),
            sot,
            plans,
            inventory: InventoryService::new(store.clone(), config.clone()),
            authz: Authz::new(store.clone()),
            secrets,
            postprocess,
            store,
            config,
            registry,
            toolkit,
            golden,
            data_dir: data_dir.to_path_buf(),
            config_cache: ConfigCache::default(),
        })
    }
}

/// Opens (creating and migrating if needed) the configured database: `[database] url`, else
/// SQLite in the data directory.
pub async fn open_store(loaded: &LoadedConfig, data_dir: &Path) -> Result<Store, ServiceError> {
    let database = &loaded.config.database;
    let options = StoreOptions {
        max_connections: database.max_connections,
        connect_timeout: Duration::from_secs(database.connect_timeout_secs),
        postgres_schema: database.schema.clone(),
    };
    let store = match &database.url {
        Some(url) => {
            let url = url.resolve(&loaded.origin())?;
            Store::open(&url, &options).await?
        }
        None => Store::open_in_data_dir(data_dir, &options).await?,
    };
    Ok(store)
}

/// The plugin registry: built-in plugins, the shipped drivers (installed into the data
/// directory) and every `[plugins.NAME]` entry.
pub fn open_registry(config: &Config, data_dir: &Path) -> Result<Registry, ServiceError> {
    let drivers_dir = data_dir.join("plugins/drivers");
    let config = aurum_drivers::with_shipped_drivers(config, &drivers_dir).map_err(|source| {
        ServiceError::DriverInstall {
            dir: drivers_dir.clone(),
            source,
        }
    })?;
    Ok(Registry::load(&config, &data_dir.join("cache/wasm"))?)
}
