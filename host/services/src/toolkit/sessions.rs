//! The session factory: what it takes to reach a device (its platform's driver and compiled
//! spec, its address, the credentials of its secrets group) and the session options the
//! `[ssh]` settings give it. Runs and jobs both open their sessions here.

use std::sync::Arc;
use std::time::Duration;

use aurum_config::HostKeyChecking;
use aurum_connect::{
    Algorithms, CompiledSpec, Credentials, HostKeyPolicy, OpenSshFallback, RetryPolicy, Session,
    SessionOptions, Target,
};
use aurum_inventory::{CredentialRef, Device, Platform};

use super::ToolkitService;
use super::guidance::guidance;
use crate::ServiceError;

impl ToolkitService {
    /// What it takes to reach a device: its driver's name and compiled spec, and the target
    /// with resolved credentials. Each missing piece is an error naming the device.
    pub(crate) async fn resolve(
        &self,
        device: &Device,
    ) -> Result<(String, Arc<CompiledSpec>, Target), ServiceError> {
        let platforms = self.store.platforms().await?;
        self.resolve_among(device, &platforms).await
    }

    /// [`ToolkitService::resolve`] against platforms already read (a job reads them once).
    async fn resolve_among(
        &self,
        device: &Device,
        platforms: &[Platform],
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
        let platform = platforms
            .iter()
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
        Ok((platform.driver.clone(), spec, target))
    }

    /// The compiled spec of driver `name`, described and compiled once per process.
    pub fn driver_spec(&self, name: &str) -> Result<Arc<CompiledSpec>, ServiceError> {
        self.drivers.spec(name)
    }

    /// Opens a session with a device for a job (no command, so no permission or rate check),
    /// among the job's `platforms`; returns it with the driver's name.
    pub(crate) async fn connect(
        &self,
        device: &Device,
        platforms: &[Platform],
    ) -> Result<(Session, String), ServiceError> {
        let (driver, spec, target) = self.resolve_among(device, platforms).await?;
        let options = self.session_options(&spec.spec.platform, &target.name);
        let session = Session::open(&target, spec, &options, self.known_hosts.clone())
            .await
            .map_err(|source| ServiceError::Session {
                device: device.name.clone(),
                guidance: guidance(&source),
                source: Box::new(source),
            })?;
        Ok((session, driver))
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

    pub(super) fn session_options(&self, platform: &str, device: &str) -> SessionOptions {
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
}
