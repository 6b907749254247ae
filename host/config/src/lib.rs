//! The typed `aurum.toml`.
//!
//! Every section is optional and has a sane default, so an empty file (or none) is a valid
//! configuration. Unknown keys and wrong types are errors naming the file, line and key, because
//! a typo that silently falls back to a default is the worst kind of configuration bug.
//! Secrets are referenced (environment variable or file) rather than written inline, and are
//! masked whenever the configuration is printed.

mod error;
mod features;
mod git_remote;
mod golden;
mod hooks;
mod load;
mod model;
mod plugins;
mod postprocessing;
mod schedule;
mod secret;
mod sections;
mod sot;
mod url_mask;
mod utc;

pub use error::ConfigError;
pub use features::{Feature, FeaturesConfig};
pub use git_remote::{GitCredentials, GitHostKeyChecking, GitRemote};
pub use golden::{GoldenConfig, GoldenSetting, PlatformRemediation, TemplatesRepo};
pub use hooks::{Hook, HookEvent, WorkersConfig};
pub use load::{LoadedConfig, load_file, parse_str};
pub use model::{Config, DatabaseConfig, InventoryConfig, LogFormat, LoggingConfig, ServerConfig};
pub use plugins::{PluginBackend, PluginEntry, PluginKind, PluginLimits};
pub use postprocessing::{PostprocessingConfig, RENDER_SECRETS};
pub use schedule::{Schedule, ScheduledJob};
pub use secret::SecretSource;
pub use sections::{HostKeyChecking, RateLimit, SshConfig, SshOverrides, ToolkitConfig};
pub use sot::{SotConfig, SotServer};
pub use url_mask::{mask_url_password, url_query_parameters};
pub use utc::UtcTime;
