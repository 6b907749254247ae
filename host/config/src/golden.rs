//! The `[golden]` section: golden-config settings, each with a scope, repositories, templates
//! and path templates.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{GitCredentials, GitHostKeyChecking, GitRemote, SecretSource};

/// Golden-config jobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GoldenConfig {
    /// Whether one device's failure fails the whole job (otherwise it is `partial`).
    pub fail_on_device_failure: bool,
    /// Time limit for one device within a job.
    pub device_timeout_secs: u64,
    /// The compliance plugin that decides `custom` rules (a `[plugins.NAME]` of kind
    /// `compliance`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_compliance: Option<String>,
    /// Remediation per platform: a plugin, or options over the platform's built-in ones
    /// (hier_config's fields, e.g. `negation_prefix = "no "` or `idempotent_commands`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub remediation: BTreeMap<String, PlatformRemediation>,
    /// Settings by name; a device uses the matching setting with the highest weight.
    pub settings: BTreeMap<String, GoldenSetting>,
    /// Jobs started by the clock, by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub schedules: BTreeMap<String, crate::Schedule>,
}

impl Default for GoldenConfig {
    fn default() -> Self {
        Self {
            fail_on_device_failure: false,
            device_timeout_secs: 120,
            custom_compliance: None,
            remediation: BTreeMap::new(),
            settings: BTreeMap::new(),
            schedules: BTreeMap::new(),
        }
    }
}

/// `[golden.remediation.PLATFORM]`: `plugin = "NAME"` (a remediation plugin instead of the
/// built-in engine) or overrides of the engine's options. The option types belong to core,
/// which this crate does not know, so the keys keep their place in the file: the check made
/// once the configuration is loaded points at the line of a misspelt or mistyped option.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlatformRemediation {
    pub keys: BTreeMap<toml::Spanned<String>, toml::Value>,
}

impl PlatformRemediation {
    /// The key that names a remediation plugin.
    pub const PLUGIN_KEY: &str = "plugin";

    /// The `plugin` value (not necessarily a string) and where its key is in the file.
    pub fn plugin(&self) -> Option<(std::ops::Range<usize>, &toml::Value)> {
        self.keys
            .iter()
            .find(|(key, _)| key.get_ref() == Self::PLUGIN_KEY)
            .map(|(key, value)| (key.span(), value))
    }

    /// The option overrides: every key but `plugin`, with where the key is in the file.
    pub fn options(&self) -> impl Iterator<Item = (&str, std::ops::Range<usize>, &toml::Value)> {
        self.keys
            .iter()
            .filter(|(key, _)| key.get_ref() != Self::PLUGIN_KEY)
            .map(|(key, value)| (key.get_ref().as_str(), key.span(), value))
    }
}

/// One golden-config setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GoldenSetting {
    pub weight: i64,
    /// A saved filter selecting the devices this setting covers; none means every device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Git repository of backups (relative to the data directory).
    pub backup_repo: PathBuf,
    /// Git repository of intended configs (relative to the data directory).
    pub intended_repo: PathBuf,
    /// Remotes to push to after each job (a URL or path, or a table with credentials: see
    /// [`GitRemote`]); none keeps commits local.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_remote: Option<GitRemote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_remote: Option<GitRemote>,
    /// Folder of Jinja templates (relative to the configuration file).
    pub templates: PathBuf,
    /// Path of a device's file in each repository, and of its template (minijinja).
    pub backup_path: String,
    pub intended_path: String,
    pub template_path: String,
    /// Golden Config properties YAML: compliance features and rules, config removes and
    /// replaces (relative to the configuration file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<PathBuf>,
    /// A transposer plugin applied to the source-of-truth data before rendering.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transposer: Option<String>,
    /// A GraphQL file (relative to the configuration file) run with `$device_id` bound to each
    /// device, as Nautobot Golden Config's SoT aggregation query: its `data` becomes the
    /// template context. None keeps the built-in context (the device and its platform).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sot_query: Option<PathBuf>,
    /// Templates from a branch of a git repository instead of the `templates` folder; the
    /// job fetches it into the data directory and names the commit it rendered from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub templates_repo: Option<TemplatesRepo>,
}

/// A git repository of templates: `templates_repo = { url = "...", branch = "main", path = "" }`
/// plus, for a remote server, the credentials of [`GitRemote`] (`ssh_key`, `password`, ...).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "TemplatesRepoTable")]
pub struct TemplatesRepo {
    /// Where to fetch from: a path (relative to the configuration file), a `file://`,
    /// `ssh://` or `https://` URL, or `git@host:path`.
    #[serde(serialize_with = "crate::git_remote::serialize_masked")]
    pub url: String,
    /// The branch rendered from; each job fetches its newest commit.
    pub branch: String,
    /// The templates folder inside the repository; empty for its top.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(flatten)]
    pub credentials: GitCredentials,
}

impl TemplatesRepo {
    /// The repository as a remote to fetch from.
    pub fn remote(&self) -> GitRemote {
        GitRemote {
            url: self.url.clone(),
            credentials: self.credentials.clone(),
        }
    }
}

/// A URL may carry a token (`https://user:token@host/...`): shown masked.
impl std::fmt::Debug for TemplatesRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemplatesRepo")
            .field("url", &crate::mask_url_password(&self.url))
            .field("branch", &self.branch)
            .field("path", &self.path)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// The TOML form: one flat table, unknown keys refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplatesRepoTable {
    url: String,
    #[serde(default = "default_branch")]
    branch: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<SecretSource>,
    #[serde(default)]
    ssh_key: Option<SecretSource>,
    #[serde(default)]
    ssh_key_passphrase: Option<SecretSource>,
    #[serde(default)]
    known_hosts: Option<PathBuf>,
    #[serde(default)]
    host_key_checking: GitHostKeyChecking,
}

impl From<TemplatesRepoTable> for TemplatesRepo {
    fn from(table: TemplatesRepoTable) -> TemplatesRepo {
        TemplatesRepo {
            url: table.url,
            branch: table.branch,
            path: table.path,
            credentials: GitCredentials {
                username: table.username,
                password: table.password,
                ssh_key: table.ssh_key,
                ssh_key_passphrase: table.ssh_key_passphrase,
                known_hosts: table.known_hosts,
                host_key_checking: table.host_key_checking,
            },
        }
    }
}

fn default_branch() -> String {
    "main".to_string()
}

impl Default for GoldenSetting {
    fn default() -> Self {
        Self {
            weight: 0,
            scope: None,
            backup_repo: PathBuf::from("repos/backups"),
            intended_repo: PathBuf::from("repos/intended"),
            backup_remote: None,
            intended_remote: None,
            templates: PathBuf::from("templates"),
            backup_path: "{{ device.location or 'unknown' }}/{{ device.name }}.cfg".to_string(),
            intended_path: "{{ device.location or 'unknown' }}/{{ device.name }}.cfg".to_string(),
            template_path: "{{ device.platform }}.j2".to_string(),
            properties: None,
            transposer: None,
            sot_query: None,
            templates_repo: None,
        }
    }
}
