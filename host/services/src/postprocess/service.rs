//! The postprocessing chain of `[postprocessing] subscribed`: for one device, on request, the
//! intended config goes through each step in order (the builtin `render_secrets`, or a
//! postprocessor plugin of any backend) and the result is returned to the caller, never
//! stored or logged. A failing step fails the whole request with its error; nothing of a
//! failed run is returned as a config.

use std::collections::HashMap;
use std::sync::Arc;

use aurum_config::{Config, Feature, RENDER_SECRETS};
use aurum_inventory::Device;
use aurum_plugin::{PostprocessorPlugin, Registry};
use aurum_store::{ConfigKind, Store};

use zeroize::Zeroizing;

use super::render_secrets::{self, Rendered, SecretLookup};
use crate::ServiceError;
use crate::authz::Authz;
use crate::identity::{Permission, Principal};
use crate::secrets::SecretsService;

/// One step of the chain, resolved when the service is built so a missing plugin fails at
/// start, not on the first request.
#[derive(Clone)]
enum Step {
    RenderSecrets,
    Plugin(String, Arc<dyn PostprocessorPlugin>),
}

impl Step {
    fn name(&self) -> &str {
        match self {
            Step::RenderSecrets => RENDER_SECRETS,
            Step::Plugin(name, _) => name,
        }
    }
}

/// Runs the chain for one device at a time. Cheap to clone.
#[derive(Clone)]
pub struct PostprocessService {
    store: Store,
    authz: Authz,
    secrets: SecretsService,
    steps: Arc<Vec<Step>>,
    /// `[features] postprocessing`: whether a user may ask for a rendered intended config.
    /// A deploy runs the chain whatever it says (its commands need their secrets).
    on_request: bool,
}

impl std::fmt::Debug for PostprocessService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let steps: Vec<&str> = self.steps.iter().map(Step::name).collect();
        f.debug_struct("PostprocessService")
            .field("steps", &steps)
            .finish()
    }
}

impl PostprocessService {
    /// The chain of `config`'s `[postprocessing] subscribed`, its plugins taken from `registry`.
    pub fn new(
        store: Store,
        secrets: SecretsService,
        registry: &Registry,
        config: &Config,
    ) -> Result<PostprocessService, ServiceError> {
        let steps = config
            .postprocessing
            .subscribed
            .iter()
            .map(|name| match name.as_str() {
                RENDER_SECRETS => Ok(Step::RenderSecrets),
                _ => Ok(Step::Plugin(name.clone(), registry.postprocessor(name)?)),
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(PostprocessService {
            authz: Authz::new(store.clone()),
            store,
            secrets,
            steps: Arc::new(steps),
            on_request: config.features.enabled(Feature::Postprocessing),
        })
    }

    /// Refuses rendering on request when `[features] postprocessing` is off (front ends ask
    /// before offering it; [`PostprocessService::intended`] asks itself).
    pub fn require_on_request(&self) -> Result<(), ServiceError> {
        if self.on_request {
            Ok(())
        } else {
            Err(ServiceError::FeatureDisabled {
                feature: Feature::Postprocessing.key(),
            })
        }
    }

    /// The names of the chain's steps, in order.
    pub fn steps(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.name().to_string()).collect()
    }

    /// The device's current intended config, postprocessed for `principal`, who needs
    /// `view_config` on the device (one it may not see is "no device", like a missing one).
    pub async fn intended(
        &self,
        principal: &Principal,
        device: &str,
    ) -> Result<String, ServiceError> {
        self.require_on_request()?;
        let record = self.authz.visible_device(principal, device).await?;
        self.authz
            .require_device(principal, Permission::VIEW_CONFIG, &record)
            .await?;
        let intended = self
            .store
            .current_config(&record.name, ConfigKind::Intended)
            .await?
            .ok_or_else(|| ServiceError::Postprocess {
                device: device.to_string(),
                step: "intended".to_string(),
                reason: "it has no intended config yet; run `aurum intended` first".to_string(),
            })?;
        Ok(self.run(principal, &record, &intended.config).await?.config)
    }

    /// `config` (a device's intended config or the commands about to be deployed to it) through
    /// every step, for `principal`, with the secret values `render_secrets` put in (for the
    /// caller to mask in anything it keeps, e.g. a deploy's transcript).
    pub async fn process(
        &self,
        principal: &Principal,
        device: &Device,
        config: &str,
    ) -> Result<Rendered, ServiceError> {
        self.run(principal, device, config).await
    }

    async fn run(
        &self,
        principal: &Principal,
        record: &Device,
        config: &str,
    ) -> Result<Rendered, ServiceError> {
        let device = record.name.as_str();
        let context = serde_json::json!({
            "device": {
                "name": record.name,
                "platform": record.platform,
                "location": record.location,
                "role": record.role,
                "tenant": record.tenant,
                "tags": record.tags,
                "status": record.status,
                "secrets_group": record.secrets_group,
            }
        });
        let mut config = config.to_string();
        // Values render_secrets put in: a later step's error must not carry them.
        let mut revealed: Vec<Zeroizing<String>> = Vec::new();
        for step in self.steps.iter() {
            config = match step {
                Step::RenderSecrets => {
                    let rendered = self.render_secrets(principal, record, config).await?;
                    revealed.extend(rendered.revealed);
                    rendered.config
                }
                Step::Plugin(name, plugin) => {
                    let plugin = plugin.clone();
                    let context = context.clone();
                    let step = name.clone();
                    tokio::task::spawn_blocking(move || {
                        crate::plugin_calls::timed(&step, "postprocessor", || {
                            plugin.process(&config, &context)
                        })
                    })
                    .await
                    .map_err(|e| ServiceError::Postprocess {
                        device: device.to_string(),
                        step: name.clone(),
                        reason: format!("the step panicked: {e}"),
                    })?
                    .map_err(|error| ServiceError::Postprocess {
                        device: device.to_string(),
                        step: name.clone(),
                        reason: scrub(error.to_string(), &revealed),
                    })?
                }
            };
        }
        Ok(Rendered { config, revealed })
    }

    async fn render_secrets(
        &self,
        principal: &Principal,
        record: &Device,
        config: String,
    ) -> Result<Rendered, ServiceError> {
        let device = record.name.as_str();
        // `view_secrets` on this device (scoped grants count), decided once for the render.
        let may_view_secrets = self
            .authz
            .device_scope(principal, Permission::VIEW_SECRETS)
            .await?
            .covers(record);
        let groups: HashMap<_, _> = self
            .store
            .secrets_groups()
            .await?
            .into_iter()
            .map(|g| (g.name.clone(), g))
            .collect();
        let lookup = SecretLookup {
            principal: principal.clone(),
            may_view_secrets,
            groups,
            secrets: self.secrets.clone(),
            device: device.to_string(),
        };
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || render_secrets::render(&config, lookup, runtime))
            .await
            .map_err(|e| ServiceError::Postprocess {
                device: device.to_string(),
                step: RENDER_SECRETS.to_string(),
                reason: format!("the step panicked: {e}"),
            })?
    }
}

/// `text` with every revealed secret value replaced by `<secret>`.
/// Longer values first, so one that contains another is masked whole.
pub fn scrub(mut text: String, revealed: &[Zeroizing<String>]) -> String {
    let mut values: Vec<&str> = revealed
        .iter()
        .map(|v| v.as_str())
        .filter(|v| !v.is_empty())
        .collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in values {
        text = text.replace(value, "<secret>");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_hides_every_revealed_value() {
        let revealed = vec![
            Zeroizing::new("s3cret".to_string()),
            Zeroizing::new(String::new()),
        ];
        assert_eq!(
            scrub("bad line `snmp s3cret RO` and s3cret".into(), &revealed),
            "bad line `snmp <secret> RO` and <secret>"
        );
    }
}
