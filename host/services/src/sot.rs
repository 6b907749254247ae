//! Syncing the inventory from a configured source of truth (`[sot.nautobot]`,
//! `[sot.netbox]`): fetch everything (or what changed since the last sync), then apply it in
//! one transaction. A fetch that fails applies nothing; a dry run reports and rolls back.

use std::collections::BTreeSet;
use std::sync::Arc;

use aurum_config::{Config, SotServer};
use aurum_inventory::SyncReport;
use aurum_plugin::{PluginKind, Registry};
use aurum_sot::{FetchRequest, Flavor};
use aurum_store::Store;

use crate::ServiceError;
use crate::authz::require;
use crate::clock::now_millis;
use crate::identity::{Permission, Principal};

/// How far before the last sync an incremental one asks for changes: the two clocks may
/// disagree, and applying an unchanged object again changes nothing.
const CLOCK_MARGIN_MS: i64 = 5 * 60 * 1000;

/// What the caller wants of one sync.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    pub flavor: Flavor,
    /// Report what would change and keep nothing.
    pub dry_run: bool,
    /// Read everything even if an earlier sync would allow an incremental one.
    pub full: bool,
}

#[derive(Clone)]
pub struct SotService {
    store: Store,
    config: Arc<Config>,
    registry: Arc<Registry>,
    origin: String,
}

impl SotService {
    pub fn new(
        store: Store,
        config: Arc<Config>,
        registry: Arc<Registry>,
        origin: String,
    ) -> SotService {
        SotService {
            store,
            config,
            registry,
            origin,
        }
    }

    /// The configured source of `flavor`, or how to configure it.
    pub fn server(&self, flavor: Flavor) -> Result<&SotServer, ServiceError> {
        let server = match flavor {
            Flavor::Nautobot => self.config.sot.nautobot.as_ref(),
            Flavor::NetBox => self.config.sot.netbox.as_ref(),
        };
        server.ok_or_else(|| ServiceError::SotNotConfigured {
            source_name: flavor.name(),
            file: self.origin.clone(),
        })
    }

    /// Fetches and applies one sync; the principal needs `sync_sot`.
    pub async fn sync(
        &self,
        principal: &Principal,
        options: SyncOptions,
    ) -> Result<SyncReport, ServiceError> {
        require(principal, Permission::SYNC_SOT)?;
        let server = self.server(options.flavor)?;
        let token = server.token.resolve(&self.origin)?;
        let known_drivers: BTreeSet<String> = self
            .registry
            .list()
            .into_iter()
            .filter(|plugin| plugin.kind == PluginKind::Driver)
            .map(|plugin| plugin.name)
            .collect();
        let since = match options.full {
            true => None,
            false => self
                .store
                .sync_state(options.flavor.name())
                .await?
                .map(|state| state.last_synced_at - CLOCK_MARGIN_MS),
        };
        let started_at = now_millis();
        let batch = aurum_sot::fetch(FetchRequest {
            flavor: options.flavor,
            server,
            token,
            known_drivers: &known_drivers,
            since,
        })
        .await?;
        Ok(self
            .store
            .apply_sync(&batch, started_at, options.dry_run)
            .await?)
    }
}

impl SotService {
    /// Golden Config's objects from the configured Nautobot; the principal needs `sync_sot`.
    pub async fn golden_config_export(
        &self,
        principal: &Principal,
    ) -> Result<aurum_sot::GoldenConfigExport, ServiceError> {
        require(principal, Permission::SYNC_SOT)?;
        let server = self.server(Flavor::Nautobot)?;
        let token = server.token.resolve(&self.origin)?;
        Ok(aurum_sot::fetch_golden_config(server, token).await?)
    }

    /// Every device's last backup and intended config from Golden Config's records.
    pub async fn golden_config_configs(
        &self,
        principal: &Principal,
    ) -> Result<Vec<aurum_sot::DeviceConfigs>, ServiceError> {
        require(principal, Permission::SYNC_SOT)?;
        let server = self.server(Flavor::Nautobot)?;
        let token = server.token.resolve(&self.origin)?;
        Ok(aurum_sot::fetch_device_configs(server, token).await?)
    }

    /// Converts an export to Aurum's terms, ids in dynamic-group filters resolved through the
    /// objects synced from Nautobot, and saves the saved filters the settings' scopes name
    /// (unless `dry_run`). Writing the files is the caller's.
    pub async fn golden_config_import(
        &self,
        principal: &Principal,
        export: &aurum_sot::GoldenConfigExport,
        dry_run: bool,
    ) -> Result<aurum_sot::GoldenConfigImport, ServiceError> {
        require(principal, Permission::SYNC_SOT)?;
        let names = self.store.synced_names(Flavor::Nautobot.name()).await?;
        let import = aurum_sot::convert(export, &names);
        if !import.saved_filters.is_empty() {
            let mut document = aurum_inventory::InventoryDocument::default();
            document.saved_filters = import.saved_filters.clone();
            self.store
                .import(
                    &document,
                    "Golden Config dynamic groups",
                    aurum_inventory::ValidationPolicy::default(),
                    dry_run,
                )
                .await?;
        }
        Ok(import)
    }
}
