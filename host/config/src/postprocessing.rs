use serde::{Deserialize, Serialize};

/// `[postprocessing]`: the chain an intended config goes through, for one device on request
/// (`aurum postprocess`, the API, a deployment), before it leaves Aurum. Each name is the
/// builtin `render_secrets` or a `[plugins.NAME]` of kind `postprocessor`; they run in order,
/// each on the previous one's output. The result is returned, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostprocessingConfig {
    pub subscribed: Vec<String>,
}

impl Default for PostprocessingConfig {
    fn default() -> Self {
        Self {
            subscribed: vec![RENDER_SECRETS.to_string()],
        }
    }
}

/// The builtin step that renders secrets and password hashes into a config.
pub const RENDER_SECRETS: &str = "render_secrets";
