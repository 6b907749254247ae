use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aurum_config::{Config, HostKeyChecking};
use aurum_connect::{
    Algorithms, CompiledSpec, ConnectError, Credentials, HostKeyPolicy, KnownHosts,
    OpenSshFallback, RetryPolicy, Session, SessionOptions, Target, TransportKind,
};
use aurum_inventory::{CommandKind, CredentialRef, Device, check_free_text, substitute};
use aurum_store::{CommandLogEntry, Store};

use super::parsing::Templates;
use super::{AdhocTarget, CommandRequest, DriverCatalog, Principal, RunOutcome, rate_limit};
use crate::ServiceError;
use crate::identity::{Permission, has_permission};
use crate::secrets::SecretsService;

/// Runs commands on devices. Cheap to clone; share one per process.
#[derive(Clone)]
pub struct ToolkitService {
    store: Store,
    drivers: Arc<dyn DriverCatalog>,
    config: Arc<Config>,
    known_hosts: Arc<KnownHosts>,
    templates: Arc<Templates>,
    secrets: SecretsService,
}

/// A command resolved for one device: its final text and kind, its driver.
struct Prepared {
    text: String,
    kind: CommandKind,
    driver: String,
    spec: Arc<CompiledSpec>,
    target: Target,
}

/// A run refused before anything was sent, with what was known of it by then: its log entry
/// shows the final command text and is masked with the driver's rules when those are known.
struct Refusal {
    error: ServiceError,
    command: Option<(String, CommandKind)>,
    driver: Option<(String, Arc<CompiledSpec>)>,
}

impl Refusal {
    fn new(error: ServiceError) -> Refusal {
        Refusal {
            error,
            command: None,
            driver: None,
        }
    }

    fn with_driver(mut self, driver: &str, spec: &Arc<CompiledSpec>) -> Refusal {
        self.driver = Some((driver.to_string(), spec.clone()));
        self
    }

    fn with_command(mut self, text: &str, kind: CommandKind) -> Refusal {
        self.command = Some((text.to_string(), kind));
        self
    }
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
            drivers,
            config,
            known_hosts: Arc::new(known_hosts),
            templates: Arc::new(templates),
            secrets: SecretsService::new(store.clone(), data_dir),
            store,
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
        let prepared = self.prepare(principal, device, request).await;
        self.run_prepared(principal, &device.name, request, prepared)
            .await
    }

    /// Runs a command on the inventory device named `name`: an unknown name is refused, and
    /// logged, like any other refusal.
    pub async fn run_named(
        &self,
        principal: &Principal,
        name: &str,
        request: &CommandRequest,
    ) -> Result<RunOutcome, ServiceError> {
        match self.store.device(name).await {
            Ok(device) => self.run(principal, &device, request).await,
            Err(error) => {
                let refusal = Refusal::new(error.into());
                Err(self.refuse(principal, name, request, refusal).await)
            }
        }
    }

    /// Checks that parsing can work (the configured templates load), so a `--parse` run can
    /// refuse before it sends anything.
    pub fn check_templates(&self) -> Result<(), ServiceError> {
        self.templates.index().map(drop)
    }

    /// Parses a successful outcome's output with the TextFSM template the ntc-templates index
    /// names for its platform and command: the records in `outcome.parsed`, or in
    /// `outcome.unparsed` why there are none. Only unusable templates are an error.
    pub fn parse(&self, outcome: &mut RunOutcome) -> Result<(), ServiceError> {
        self.templates.parse(outcome)
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
        let concurrency = self.config.ssh.concurrency.max(1);
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

    async fn prepare_adhoc(
        &self,
        principal: &Principal,
        target: &AdhocTarget,
        request: &CommandRequest,
    ) -> Result<Prepared, Refusal> {
        let name = target.host.clone();
        let platform = self
            .store
            .platforms()
            .await
            .map_err(|e| Refusal::new(e.into()))?
            .into_iter()
            .find(|p| p.name == target.platform);
        let driver = platform.map_or_else(|| target.platform.clone(), |p| p.driver);
        let spec = self.drivers.spec(&driver).map_err(Refusal::new)?;
        let (text, kind) = self
            .command_text(&name, Some(&target.platform), request)
            .await
            .map_err(|e| Refusal::new(e).with_driver(&driver, &spec))?;
        self.permit(principal, &name, &text, kind).map_err(|e| {
            Refusal::new(e)
                .with_driver(&driver, &spec)
                .with_command(&text, kind)
        })?;
        Ok(Prepared {
            text,
            kind,
            driver,
            spec,
            target: Target {
                name,
                host: target.host.clone(),
                port: target.port,
                credentials: target.credentials.clone(),
            },
        })
    }

    async fn prepare(
        &self,
        principal: &Principal,
        device: &Device,
        request: &CommandRequest,
    ) -> Result<Prepared, Refusal> {
        let (driver, spec, target) = self.resolve(device).await.map_err(Refusal::new)?;
        let refuse = |error: ServiceError| Refusal::new(error).with_driver(&driver, &spec);
        let platform_name = device.platform.as_deref().unwrap_or_default();
        let (text, kind) = self
            .command_text(&device.name, Some(platform_name), request)
            .await
            .map_err(refuse)?;
        if kind == CommandKind::Config && !spec.spec.modes.iter().any(|m| m.name == "configuration")
        {
            return Err(refuse(ServiceError::DeviceInvalid {
                device: device.name.clone(),
                reason: format!("driver `{driver}` has no configuration mode"),
                hint: "run it as a show command, or use a driver that supports configuration"
                    .to_string(),
            })
            .with_command(&text, kind));
        }
        self.permit(principal, &device.name, &text, kind)
            .map_err(|e| refuse(e).with_command(&text, kind))?;
        Ok(Prepared {
            text,
            kind,
            driver,
            spec,
            target,
        })
    }

    /// What it takes to reach a device: its driver's name and compiled spec, and the target
    /// with resolved credentials. Each missing piece is an error naming the device.
    pub(crate) async fn resolve(
        &self,
        device: &Device,
    ) -> Result<(String, Arc<CompiledSpec>, Target), ServiceError> {
        let invalid = |reason: &str, hint: &str| ServiceError::DeviceInvalid {
            device: device.name.clone(),
            reason: reason.to_string(),
            hint: hint.to_string(),
        };
        let platform_name = device
            .platform
            .as_deref()
            .ok_or_else(|| invalid("it has no platform", "set `platform` in the inventory"))?;
        let address = device
            .address
            .as_deref()
            .ok_or_else(|| invalid("it has no address", "set `address` in the inventory"))?;
        let platform = self
            .store
            .platforms()
            .await?
            .into_iter()
            .find(|p| p.name == platform_name)
            .ok_or_else(|| {
                invalid(
                    &format!("platform `{platform_name}` does not exist"),
                    "run `aurum init`",
                )
            })?;
        let spec = self.drivers.spec(&platform.driver).map_err(|e| {
            invalid(
                &format!("platform `{platform_name}` has no usable driver ({e})"),
                "register the driver plugin in [plugins] or fix the platform's `driver`",
            )
        })?;
        let credentials = self.credentials(device).await?;
        let target = Target {
            name: device.name.clone(),
            host: address.to_string(),
            port: device.port,
            credentials,
        };
        Ok((platform.driver, spec, target))
    }

    /// Opens a session with a device for a job (no command, so no permission or rate check).
    pub(crate) async fn connect(&self, device: &Device) -> Result<(Session, String), String> {
        let (driver, spec, target) = self.resolve(device).await.map_err(|e| e.to_string())?;
        let options = self.session_options(&spec.spec.platform, &target.name);
        let session = Session::open(&target, spec, &options, self.known_hosts.clone())
            .await
            .map_err(|e| format!("{e} ({})", guidance(&e)))?;
        Ok((session, driver))
    }

    /// The final command text and its kind.
    async fn command_text(
        &self,
        device: &str,
        platform: Option<&str>,
        request: &CommandRequest,
    ) -> Result<(String, CommandKind), ServiceError> {
        let refuse = |reason: String| ServiceError::CommandInvalid {
            device: device.to_string(),
            reason,
        };
        match request {
            CommandRequest::Text { text, kind } => {
                check_free_text(text).map_err(refuse)?;
                Ok((text.trim().to_string(), *kind))
            }
            CommandRequest::Saved { name, variables } => {
                let command = self.store.command(name).await?;
                if let Some(platform) = platform
                    && !command.platforms.is_empty()
                    && !command.platforms.iter().any(|p| p == platform)
                {
                    return Err(refuse(format!(
                        "saved command `{name}` is for {}, not {platform}",
                        command.platforms.join(", ")
                    )));
                }
                let text = substitute(&command, variables).map_err(refuse)?;
                Ok((text, command.kind))
            }
        }
    }

    /// Whether `principal` may run this kind of command at all (the rate limit comes after,
    /// in [`rate_limit::reserve`], once nothing else can refuse the run). Config commands
    /// need `[toolkit] config_users`/`config_groups` to list the user or one of its groups,
    /// or the `execute_config` permission (superusers, the local CLI owner, have it).
    fn permit(
        &self,
        principal: &Principal,
        device: &str,
        text: &str,
        kind: CommandKind,
    ) -> Result<(), ServiceError> {
        let toolkit = &self.config.toolkit;
        if kind == CommandKind::Config
            && !principal.listed_in(&toolkit.config_users, &toolkit.config_groups)
            && !has_permission(principal, Permission::EXECUTE_CONFIG)
        {
            return Err(ServiceError::PermissionDenied {
                user: principal.name.clone(),
                device: device.to_string(),
                command: text.to_string(),
            });
        }
        Ok(())
    }

    async fn credentials(&self, device: &Device) -> Result<Credentials, ServiceError> {
        let Some(group_name) = &device.secrets_group else {
            return Err(ServiceError::DeviceInvalid {
                device: device.name.clone(),
                reason: "it has no secrets group".to_string(),
                hint: "set `secrets_group` in the inventory".to_string(),
            });
        };
        let group = self.store.secrets_group(group_name).await?.ok_or_else(|| {
            ServiceError::DeviceInvalid {
                device: device.name.clone(),
                reason: format!("secrets group `{group_name}` does not exist"),
                hint: "define it under `secrets_groups:` and import".to_string(),
            }
        })?;
        let resolve = async |reference: &Option<CredentialRef>,
                             what: &str|
               -> Result<Option<String>, ServiceError> {
            let Some(reference) = reference else {
                return Ok(None);
            };
            match self.secrets.resolve(reference).await {
                Ok(value) => Ok(Some(value.to_string())),
                Err(reason) => Err(ServiceError::DeviceInvalid {
                    device: device.name.clone(),
                    reason: format!(
                        "the {what} of secrets group `{group_name}` is unavailable: {reason}"
                    ),
                    hint: "set it, or fix the reference".to_string(),
                }),
            }
        };
        Ok(Credentials {
            username: resolve(&group.username, "username")
                .await?
                .unwrap_or_default(),
            password: resolve(&group.password, "password").await?,
            enable_secret: resolve(&group.enable_secret, "enable secret").await?,
            private_key: resolve(&group.private_key, "private key").await?,
        })
    }

    fn session_options(&self, platform: &str, device: &str) -> SessionOptions {
        let ssh = &self.config.ssh;
        let effective = ssh.effective(Some(platform), device);
        let secs = |v: Option<u64>, default: u64| Duration::from_secs(v.unwrap_or(default));
        SessionOptions {
            connect_timeout: secs(effective.connect_timeout_secs, ssh.connect_timeout_secs),
            auth_timeout: secs(effective.auth_timeout_secs, ssh.auth_timeout_secs),
            command_timeout: secs(effective.command_timeout_secs, ssh.command_timeout_secs),
            max_output_bytes: usize::try_from(ssh.max_output_bytes).unwrap_or(usize::MAX),
            retry: RetryPolicy {
                attempts: ssh.retry_attempts.max(1),
                base: Duration::from_millis(ssh.retry_base_ms),
                cap: Duration::from_millis(ssh.retry_cap_ms),
            },
            host_key_policy: match ssh.host_key_checking {
                HostKeyChecking::Strict => HostKeyPolicy::Strict,
                HostKeyChecking::AcceptNew => HostKeyPolicy::AcceptNew,
                HostKeyChecking::Off => HostKeyPolicy::Off,
            },
            algorithms: Algorithms {
                legacy: effective.legacy_algorithms.unwrap_or(false),
            },
            openssh_fallback: ssh.openssh_fallback.then(|| OpenSshFallback {
                program: ssh.openssh_client.clone(),
            }),
        }
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

    /// Writes the log entry of a run, its command, output and error masked with the rules of
    /// `spec` (the run's driver) when it is known. The one place the log is written.
    async fn log(&self, principal: &Principal, outcome: &RunOutcome, spec: Option<&CompiledSpec>) {
        let mask = |text: &str| match spec {
            Some(spec) => spec.mask_secrets(text).into_owned(),
            None => text.to_string(),
        };
        let command = mask(&outcome.command);
        // Errors quote the command inside a sentence, where line-anchored masks cannot see it.
        let error = outcome
            .error
            .as_deref()
            .unwrap_or_default()
            .replace(&outcome.command, &command);
        let entry = CommandLogEntry {
            at: CommandLogEntry::now(),
            username: principal.name.clone(),
            device: outcome.device.clone(),
            kind: outcome.kind.clone(),
            driver: outcome.driver.clone(),
            transport: outcome.transport.clone(),
            success: outcome.success,
            output: mask(&outcome.output),
            error: mask(&error),
            command,
            duration_ms: outcome.duration.as_millis() as i64,
        };
        if let Err(error) = self.store.log_command(&entry).await {
            tracing::error!(%error, device = %outcome.device, "could not write the command log");
        }
    }

    /// Logs a refused run and hands its error back.
    async fn refuse(
        &self,
        principal: &Principal,
        device: &str,
        request: &CommandRequest,
        refusal: Refusal,
    ) -> ServiceError {
        let (command, kind) = match (&refusal.command, request) {
            (Some((text, kind)), _) => (text.clone(), kind.as_str()),
            (None, CommandRequest::Text { text, kind }) => (text.clone(), kind.as_str()),
            (None, CommandRequest::Saved { name, .. }) => (format!("saved:{name}"), "show"),
        };
        let (driver, spec) = match &refusal.driver {
            Some((driver, spec)) => (driver.clone(), Some(spec.as_ref())),
            None => (String::new(), None),
        };
        let outcome = RunOutcome {
            device: device.to_string(),
            platform: String::new(),
            command,
            kind: kind.to_string(),
            driver,
            transport: "none".to_string(),
            success: false,
            output: String::new(),
            parsed: None,
            unparsed: None,
            error: Some(refusal.error.to_string()),
            guidance: None,
            duration: Duration::ZERO,
        };
        self.log(principal, &outcome, spec).await;
        refusal.error
    }
}

fn device_of(result: &Result<RunOutcome, (String, String)>) -> &str {
    match result {
        Ok(outcome) => &outcome.device,
        Err((device, _)) => device,
    }
}

/// The next step for each kind of failure, shown beside the error.
fn guidance(error: &ConnectError) -> &'static str {
    match error {
        ConnectError::Unreachable { .. } => {
            "unreachable: check the address, the port and any firewall between Aurum and the device"
        }
        ConnectError::Timeout {
            stage: "connecting to",
            ..
        } => "unreachable: the device did not answer in time",
        ConnectError::Timeout { .. } => {
            "timeout waiting for prompt: check the driver's prompt pattern or raise command_timeout_secs"
        }
        ConnectError::AuthFailed { .. } => {
            "auth failed: check the username and password of the device's secrets group"
        }
        ConnectError::HostKeyChanged { .. } => {
            "host key changed: confirm the device was replaced, then remove its known_hosts entry"
        }
        ConnectError::HostKeyUnknown { .. } => {
            "host key unknown: pin it or use host_key_checking = \"accept-new\""
        }
        ConnectError::CommandRejected { .. } => {
            "command rejected: check its syntax for this platform"
        }
        ConnectError::ModeChange { .. } => "could not change mode: check the enable secret",
        ConnectError::Negotiation { .. } => {
            "no common SSH algorithms: set legacy_algorithms = true for this device or platform (the OpenSSH fallback, [ssh] openssh_fallback, tries the system client too)"
        }
        ConnectError::Fallback { .. } => {
            "the OpenSSH fallback could not start: install openssh-client or set [ssh] openssh_client"
        }
        ConnectError::Disconnected { .. } => {
            "connection dropped: retry; if it persists, check the device's session limits"
        }
        ConnectError::OutputTooLarge { .. } => {
            "output too large: narrow the command or raise [ssh] max_output_bytes"
        }
        ConnectError::Spec { .. }
        | ConnectError::Credentials { .. }
        | ConnectError::KnownHosts { .. } => "fix the configuration named in the error",
    }
}
