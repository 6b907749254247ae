//! A request made ready for one device: the final command text and kind, the driver, and the
//! target, each refusal carrying what was known by then so its log entry shows it.

use std::sync::Arc;

use aurum_connect::{CompiledSpec, Target};
use aurum_inventory::{CommandKind, Device, check_free_text, substitute};

use super::log::Refusal;
use super::{AdhocTarget, CommandRequest, Principal, ToolkitService};
use crate::ServiceError;

/// A command resolved for one device: its final text and kind, its driver.
pub(super) struct Prepared {
    pub(super) text: String,
    pub(super) kind: CommandKind,
    pub(super) driver: String,
    pub(super) spec: Arc<CompiledSpec>,
    pub(super) target: Target,
}

impl ToolkitService {
    pub(super) async fn prepare_adhoc(
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
        self.permit(principal, None, &name, &text, kind)
            .await
            .map_err(|e| {
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

    pub(super) async fn prepare(
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
        self.permit(principal, Some(device), &device.name, &text, kind)
            .await
            .map_err(|e| refuse(e).with_command(&text, kind))?;
        Ok(Prepared {
            text,
            kind,
            driver,
            spec,
            target,
        })
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
}
