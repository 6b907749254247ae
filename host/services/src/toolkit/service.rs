//! Running: one device, one named device, many devices or an address outside the inventory,
//! all through one path (prepare, rate limit, send, log).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use aurum_config::Config;
use aurum_connect::{ConnectError, KnownHosts, Session, TransportKind};
use aurum_inventory::{CommandKind, Device};
use aurum_store::Store;

use super::guidance::guidance;
use super::log::Refusal;
use super::parsing::Templates;
use super::prepare::Prepared;
use super::{AdhocTarget, CommandRequest, DriverCatalog, Principal, RunOutcome, rate_limit};
use crate::ServiceError;
use crate::authz::Authz;
use crate::secrets::SecretsService;

/// Runs commands on devices. Cheap to clone; share one per process.
#[derive(Clone)]
pub struct ToolkitService {
    pub(super) store: Store,
    pub(super) drivers: Arc<dyn DriverCatalog>,
    pub(super) config: Arc<Config>,
    pub(super) known_hosts: Arc<KnownHosts>,
    pub(super) templates: Arc<Templates>,
    pub(super) authz: Authz,
    /// Resolves the `{ stored: NAME }` credentials of secrets groups.
    pub(super) secrets: SecretsService,
}

impl ToolkitService {
    /// `data_dir` holds the default known-hosts file.
    pub fn new(
        store: Store,
        drivers: Arc<dyn DriverCatalog>,
        config: Arc<Config>,
        data_dir: &Path,
    ) -> Result<ToolkitService, ServiceError> {
        let path = config
            .ssh
            .known_hosts
            .clone()
            .unwrap_or_else(|| data_dir.join("known_hosts"));
        let known_hosts = KnownHosts::load(&path).map_err(|e| ServiceError::Driver {
            driver: "ssh".to_string(),
            reason: e.to_string(),
        })?;
        let templates = Templates::new(config.toolkit.textfsm_templates.clone());
        Ok(ToolkitService {
            authz: Authz::new(store.clone()),
            secrets: SecretsService::new(store.clone(), data_dir),
            store,
            drivers,
            config,
            known_hosts: Arc::new(known_hosts),
            templates: Arc::new(templates),
        })
    }

    /// Runs a command on one inventory device. Refusals (invalid device or command, no
    /// permission, rate limit) are errors and are logged; failures at the device are
    /// outcomes with `success == false`, logged too. The log stores the command, output and
    /// error with the driver's secrets masked; the outcome returned is as the device sent it.
    pub async fn run(
        &self,
        principal: &Principal,
        device: &Device,
        request: &CommandRequest,
    ) -> Result<RunOutcome, ServiceError> {
        self.require_toolkit()?;
        let prepared = self.prepare(principal, device, request).await;
        self.run_prepared(principal, &device.name, request, prepared)
            .await
    }

    /// Runs a command on the inventory device named `name`: an unknown name, or a device the
    /// principal may not see (`view_device`), is refused alike, and logged, like any other
    /// refusal, so a refusal never tells which devices exist.
    pub async fn run_named(
        &self,
        principal: &Principal,
        name: &str,
        request: &CommandRequest,
    ) -> Result<RunOutcome, ServiceError> {
        self.require_toolkit()?;
        match self.authz.visible_device(principal, name).await {
            Ok(device) => self.run(principal, &device, request).await,
            Err(error) => {
                let refusal = Refusal::new(error);
                Err(self.refuse(principal, name, request, refusal).await)
            }
        }
    }

    /// Refuses running commands (and reading the saved ones) when `[features] toolkit` is
    /// off. Golden-config jobs and deploys open their sessions through this service anyway.
    pub fn require_toolkit(&self) -> Result<(), ServiceError> {
        crate::features::require(&self.config, aurum_config::Feature::Toolkit)
    }

    /// The store this toolkit logs to (for its read-only views in `history`).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn authz(&self) -> &Authz {
        &self.authz
    }

    /// How many devices a bulk run works on at once (`[ssh] concurrency`).
    pub(crate) fn concurrency(&self) -> usize {
        self.config.ssh.concurrency.max(1)
    }

    /// Runs a command on many devices, `[ssh] concurrency` at a time, calling `progress` as
    /// each finishes. One device's failure never stops the others.
    pub async fn run_many(
        &self,
        principal: &Principal,
        devices: Vec<Device>,
        request: &CommandRequest,
        progress: impl Fn(&Result<RunOutcome, (String, String)>) + Send + Sync,
    ) -> Vec<Result<RunOutcome, (String, String)>> {
        use futures_util::StreamExt;
        let concurrency = self.concurrency();
        let progress = &progress;
        let results: Vec<_> = futures_util::stream::iter(devices)
            .map(|device| async move {
                let result = self
                    .run(principal, &device, request)
                    .await
                    .map_err(|e| (device.name.clone(), e.to_string()));
                progress(&result);
                result
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        let mut results = results;
        results.sort_by(|a, b| device_of(a).cmp(device_of(b)));
        results
    }

    /// Runs a command on a device that is not in the inventory, under the same rules (and
    /// the same log) as an inventory device; the rate limit counts it by its address.
    pub async fn run_adhoc(
        &self,
        principal: &Principal,
        target: &AdhocTarget,
        request: &CommandRequest,
    ) -> Result<RunOutcome, ServiceError> {
        self.require_toolkit()?;
        let prepared = self.prepare_adhoc(principal, target, request).await;
        self.run_prepared(principal, &target.host, request, prepared)
            .await
    }

    /// The one path every run takes once prepared: a refusal is logged; otherwise the rate
    /// limit's slot is reserved (a refusal too, logged), the command sent, the slot given
    /// back if the device failed it, and the outcome logged.
    async fn run_prepared(
        &self,
        principal: &Principal,
        device: &str,
        request: &CommandRequest,
        prepared: Result<Prepared, Refusal>,
    ) -> Result<RunOutcome, ServiceError> {
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(refusal) => return Err(self.refuse(principal, device, request, refusal).await),
        };
        let limit = &self.config.toolkit.rate_limit;
        let slot = match rate_limit::reserve(&self.store, limit, principal, device).await {
            Ok(slot) => slot,
            Err(error) => {
                let refusal = Refusal::new(error)
                    .with_driver(&prepared.driver, &prepared.spec)
                    .with_command(&prepared.text, prepared.kind);
                return Err(self.refuse(principal, device, request, refusal).await);
            }
        };
        let spec = prepared.spec.clone();
        let outcome = self.execute(prepared).await;
        if let Some(slot) = slot
            && !outcome.success
            && let Err(error) = self.store.release_rate_slot(slot).await
        {
            tracing::error!(%error, device, "could not give back a rate-limit slot");
        }
        self.log(principal, &outcome, Some(&spec)).await;
        Ok(outcome)
    }

    /// Sends the command; every failure at the device is an outcome.
    async fn execute(&self, prepared: Prepared) -> RunOutcome {
        let started = Instant::now();
        let options = self.session_options(&prepared.spec.spec.platform, &prepared.target.name);
        let mut transport = TransportKind::Russh;
        let result = async {
            let (opened, used) = Session::open_reporting(
                &prepared.target,
                prepared.spec.clone(),
                &options,
                self.known_hosts.clone(),
            )
            .await;
            transport = used;
            let mut session = opened?;
            let output = match prepared.kind {
                CommandKind::Show => session.send_command(&prepared.text).await.map(|o| o.output),
                // In configuration mode, then the driver's save steps in their own modes.
                CommandKind::Config => session.configure(&prepared.text).await,
            };
            session.close().await;
            output
        }
        .await;
        let (success, output, error, guidance) = match result {
            Ok(output) => (true, output, None, None),
            Err(error) => {
                let output = match &error {
                    ConnectError::CommandRejected { output, .. } => output.clone(),
                    _ => String::new(),
                };
                (
                    false,
                    output,
                    Some(error.to_string()),
                    Some(guidance(&error).to_string()),
                )
            }
        };
        RunOutcome {
            device: prepared.target.name.clone(),
            platform: prepared.spec.spec.platform.clone(),
            command: prepared.text.clone(),
            kind: prepared.kind.as_str().to_string(),
            driver: prepared.driver.clone(),
            transport: transport.to_string(),
            success,
            output,
            parsed: None,
            unparsed: None,
            error,
            guidance,
            duration: started.elapsed(),
        }
    }
}

fn device_of(result: &Result<RunOutcome, (String, String)>) -> &str {
    match result {
        Ok(outcome) => &outcome.device,
        Err((device, _)) => device,
    }
}
