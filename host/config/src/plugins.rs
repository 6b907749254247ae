use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What a plugin does; each kind has its own contract in the SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PluginKind {
    Driver,
    Compliance,
    Transposer,
    Postprocessor,
    Remediation,
}

impl PluginKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PluginKind::Driver => "driver",
            PluginKind::Compliance => "compliance",
            PluginKind::Transposer => "transposer",
            PluginKind::Postprocessor => "postprocessor",
            PluginKind::Remediation => "remediation",
        }
    }
}

/// How a plugin is loaded, with the file it is loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginBackend {
    Wasm(PathBuf),
    Rhai(PathBuf),
    Native(PathBuf),
}

impl PluginBackend {
    pub fn name(&self) -> &'static str {
        match self {
            PluginBackend::Wasm(_) => "wasm",
            PluginBackend::Rhai(_) => "rhai",
            PluginBackend::Native(_) => "native",
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            PluginBackend::Wasm(p) | PluginBackend::Rhai(p) | PluginBackend::Native(p) => p,
        }
    }
}

/// One `[plugins.NAME]` table: the kind, exactly one of `wasm`, `rhai` or `native` with the
/// file to load, an optional pinned digest and optional resource limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPluginEntry", into = "RawPluginEntry")]
pub struct PluginEntry {
    pub kind: PluginKind,
    pub backend: PluginBackend,
    /// Hex SHA-256 of the file; loading refuses a file that does not match.
    pub sha256: Option<String>,
    pub limits: PluginLimits,
}

/// Per-plugin resource limits; unset fields take the host's defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PluginLimits {
    /// Wall-clock deadline of one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    /// Largest linear memory a WASM plugin may grow to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u64>,
    /// Rhai operation budget of one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_operations: Option<u64>,
    /// Elements a WASM table may hold (each costs host memory outside `memory_mb`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_table_elements: Option<u64>,
    /// Core instances a WASM component may create in one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_instances: Option<u64>,
    /// Tables a WASM component may create in one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tables: Option<u64>,
    /// Linear memories a WASM component may create in one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_memories: Option<u64>,
    /// Longest string a Rhai script may build, in bytes (strings inside arrays and maps count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_string_bytes: Option<u64>,
    /// Most elements a Rhai array may hold (nested arrays count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_array_len: Option<u64>,
    /// Most entries a Rhai object map may hold (nested maps count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_map_len: Option<u64>,
    /// Deepest chain of Rhai function calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_call_depth: Option<u64>,
}

impl PluginEntry {
    /// Relative plugin files are relative to the configuration file.
    pub(crate) fn rebase(&mut self, base: &Path) {
        let path = match &mut self.backend {
            PluginBackend::Wasm(p) | PluginBackend::Rhai(p) | PluginBackend::Native(p) => p,
        };
        if path.is_relative() {
            *path = base.join(&*path);
        }
    }
}

/// The table as written in TOML, before the one-backend rule is checked.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPluginEntry {
    kind: PluginKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wasm: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rhai: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    native: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    #[serde(default)]
    limits: PluginLimits,
}

impl TryFrom<RawPluginEntry> for PluginEntry {
    type Error = String;

    fn try_from(raw: RawPluginEntry) -> Result<Self, String> {
        let backend = match (raw.wasm, raw.rhai, raw.native) {
            (Some(p), None, None) => PluginBackend::Wasm(p),
            (None, Some(p), None) => PluginBackend::Rhai(p),
            (None, None, Some(p)) => PluginBackend::Native(p),
            (None, None, None) => {
                return Err(
                    "a plugin needs its file: give one of `wasm`, `rhai` or `native`".into(),
                );
            }
            _ => return Err("give only one of `wasm`, `rhai` or `native` per plugin".into()),
        };
        if let Some(digest) = &raw.sha256
            && (digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(format!("`sha256` must be 64 hex digits, found {digest:?}"));
        }
        Ok(PluginEntry {
            kind: raw.kind,
            backend,
            sha256: raw.sha256,
            limits: raw.limits,
        })
    }
}

impl From<PluginEntry> for RawPluginEntry {
    fn from(entry: PluginEntry) -> Self {
        let mut raw = RawPluginEntry {
            kind: entry.kind,
            wasm: None,
            rhai: None,
            native: None,
            sha256: entry.sha256,
            limits: entry.limits,
        };
        match entry.backend {
            PluginBackend::Wasm(p) => raw.wasm = Some(p),
            PluginBackend::Rhai(p) => raw.rhai = Some(p),
            PluginBackend::Native(p) => raw.native = Some(p),
        }
        raw
    }
}
