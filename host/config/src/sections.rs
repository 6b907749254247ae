//! The `[ssh]` and `[toolkit]` sections.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// What to do with a device's SSH host key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostKeyChecking {
    /// Only keys already pinned are accepted.
    Strict,
    /// Pin a key on first use, refuse a different one later.
    #[default]
    AcceptNew,
    /// Accept anything (labs only).
    Off,
}

/// Timeouts and algorithms; every field optional so platform and device overrides can set
/// only what differs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SshOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect_timeout_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_timeout_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_timeout_secs: Option<u64>,
    /// Offer SHA-1 key exchanges, `ssh-rsa` and CBC ciphers for old devices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legacy_algorithms: Option<bool>,
}

/// SSH sessions with devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SshConfig {
    pub connect_timeout_secs: u64,
    pub auth_timeout_secs: u64,
    pub command_timeout_secs: u64,
    /// The most one command's output may be before the session gives up on it (a device
    /// streaming without a prompt fails here, not at the timeout, with memory bounded).
    pub max_output_bytes: u64,
    pub legacy_algorithms: bool,
    /// When russh finds no algorithm in common with a device, retry through the system's
    /// OpenSSH client (same credentials, host-key policy and legacy switch); the command log
    /// records which transport ran.
    pub openssh_fallback: bool,
    /// The OpenSSH client program for the fallback.
    pub openssh_client: PathBuf,
    pub host_key_checking: HostKeyChecking,
    /// Pinned host keys; default `DATA_DIR/known_hosts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_hosts: Option<PathBuf>,
    /// Tries per connection (first included) for connection failures only.
    pub retry_attempts: u32,
    pub retry_base_ms: u64,
    pub retry_cap_ms: u64,
    /// How many devices a bulk run or job talks to at once.
    pub concurrency: usize,
    /// Overrides per platform name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub platforms: BTreeMap<String, SshOverrides>,
    /// Overrides per device name; they win over the platform's.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub devices: BTreeMap<String, SshOverrides>,
}

impl Default for SshConfig {
    fn default() -> Self {
        Self {
            connect_timeout_secs: 10,
            auth_timeout_secs: 15,
            command_timeout_secs: 30,
            max_output_bytes: 64 * 1024 * 1024,
            legacy_algorithms: false,
            openssh_fallback: true,
            openssh_client: PathBuf::from("ssh"),
            host_key_checking: HostKeyChecking::AcceptNew,
            known_hosts: None,
            retry_attempts: 3,
            retry_base_ms: 500,
            retry_cap_ms: 10_000,
            concurrency: 50,
            platforms: BTreeMap::new(),
            devices: BTreeMap::new(),
        }
    }
}

impl SshConfig {
    /// The settings for one device: global, then its platform's overrides, then its own.
    pub fn effective(&self, platform: Option<&str>, device: &str) -> SshOverrides {
        let mut merged = SshOverrides {
            connect_timeout_secs: Some(self.connect_timeout_secs),
            auth_timeout_secs: Some(self.auth_timeout_secs),
            command_timeout_secs: Some(self.command_timeout_secs),
            legacy_algorithms: Some(self.legacy_algorithms),
        };
        let layers = platform
            .and_then(|p| self.platforms.get(p))
            .into_iter()
            .chain(self.devices.get(device));
        for layer in layers {
            merged.connect_timeout_secs =
                layer.connect_timeout_secs.or(merged.connect_timeout_secs);
            merged.auth_timeout_secs = layer.auth_timeout_secs.or(merged.auth_timeout_secs);
            merged.command_timeout_secs =
                layer.command_timeout_secs.or(merged.command_timeout_secs);
            merged.legacy_algorithms = layer.legacy_algorithms.or(merged.legacy_algorithms);
        }
        merged
    }
}

/// Per-device rate limit: at most `commands` successful commands per `window_secs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimit {
    /// 0 turns the limit off.
    pub commands: u32,
    pub window_secs: u64,
    /// Users and groups the limit does not apply to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bypass_users: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bypass_groups: Vec<String>,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            commands: 0,
            window_secs: 60,
            bypass_users: Vec::new(),
            bypass_groups: Vec::new(),
        }
    }
}

/// The command toolkit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ToolkitConfig {
    /// Who may run `config` commands (`show` is open to everyone who can run Aurum).
    /// `"*"` means everyone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config_users: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config_groups: Vec<String>,
    pub rate_limit: RateLimit,
    /// TextFSM templates in the ntc-templates layout: the `index` file's folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub textfsm_templates: Option<PathBuf>,
}
