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
