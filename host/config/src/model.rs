use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{
    GoldenConfig, PluginEntry, PostprocessingConfig, SecretSource, SshConfig, ToolkitConfig,
};

/// The whole of `aurum.toml`. Later capabilities add their own sections here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the database, repositories and caches live. Relative to the configuration file.
    /// `--data-dir` and `AURUM_DATA_DIR` override it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    pub database: DatabaseConfig,
    pub server: ServerConfig,
    pub logging: LoggingConfig,
    pub inventory: InventoryConfig,
    pub ssh: SshConfig,
    pub toolkit: ToolkitConfig,
    pub golden: GoldenConfig,
    pub postprocessing: PostprocessingConfig,
    /// Which capabilities this installation offers; all on by default.
    pub features: crate::FeaturesConfig,
    /// Plugins registered by name; the name is what other sections refer to.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub plugins: BTreeMap<String, PluginEntry>,
    /// Hooks by name: webhooks and programs told about job events.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hooks: BTreeMap<String, crate::Hook>,
    /// Job liveness across worker processes (heartbeats and leases).
    pub workers: crate::WorkersConfig,
    /// External sources of truth the inventory is synced from.
    #[serde(skip_serializing_if = "crate::SotConfig::is_unset")]
    pub sot: crate::SotConfig,
}

/// The store. Without a URL Aurum uses an embedded SQLite file in the data directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`. Usually `{ env = "AURUM_DATABASE_URL" }`
    /// so the password stays out of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SecretSource>,
    /// PostgreSQL only: the schema Aurum's tables live in, created if missing, so several
    /// installations can share one database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Upper bound on pooled connections; SQLite writes are serialised whatever this says.
    pub max_connections: u32,
    /// How long to wait for the database before giving up at start.
    pub connect_timeout_secs: u64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: None,
            schema: None,
            max_connections: 8,
            connect_timeout_secs: 10,
        }
    }
}

/// The HTTP server of `aurum serve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Loopback by default: exposing the API is a deliberate decision.
    pub listen: SocketAddr,
    /// The names clients may reach the server by (the `Host` header, port aside): anything
    /// else is refused, which blocks DNS rebinding. Loopback names by default; add the
    /// server's DNS name when it listens beyond loopback.
    pub allowed_hosts: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long one request may take before it is answered 503 (server-sent event streams
    /// are exempt: they last as long as their job).
    pub request_timeout_secs: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allowed_hosts: ["localhost", "127.0.0.1", "[::1]"]
                .map(str::to_string)
                .to_vec(),
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout_secs: 60,
        }
    }
}

/// Log verbosity when neither `-v` nor `RUST_LOG` says otherwise, and the lines' format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingConfig {
    /// A tracing filter such as `info` or `aurum_store=debug,info`.
    pub level: String,
    pub format: LogFormat,
}

impl Default for LoggingConfig {
    fn default() -> Self {
        Self {
            level: "info".to_string(),
            format: LogFormat::Text,
        }
    }
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event, for a terminal.
    #[default]
    Text,
    /// One JSON object per event (its fields, level, time), for a log collector.
    Json,
}

/// Rules for the source of truth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InventoryConfig {
    /// Secrets groups may hold literal credentials only when this is set: meant for labs and
    /// the demo, never for production.
    pub allow_literal_secrets: bool,
}
