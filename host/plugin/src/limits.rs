//! Resource limits of one plugin: its `[plugins.NAME.limits]` over the host's defaults.

use std::time::Duration;

/// Deadline of one call when aurum.toml sets none: generous for real work, short enough that
/// a stuck plugin does not stall a job.
pub const DEFAULT_TIMEOUT_MS: u64 = 5_000;
/// Linear memory a WASM plugin may grow to when aurum.toml sets none.
pub const DEFAULT_MEMORY_MB: u64 = 64;
/// Rhai operations per call when aurum.toml sets none.
pub const DEFAULT_MAX_OPERATIONS: u64 = 50_000_000;

/// The limits in force for one plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout_ms: u64,
    pub memory_mb: u64,
    pub max_operations: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            memory_mb: DEFAULT_MEMORY_MB,
            max_operations: DEFAULT_MAX_OPERATIONS,
        }
    }
}

impl Limits {
    /// The entry's limits, with the defaults for what it leaves unset.
    pub fn from_config(limits: &aurum_config::PluginLimits) -> Self {
        let default = Limits::default();
        Limits {
            timeout_ms: limits.timeout_ms.unwrap_or(default.timeout_ms).max(1),
            memory_mb: limits.memory_mb.unwrap_or(default.memory_mb).max(1),
            max_operations: limits
                .max_operations
                .unwrap_or(default.max_operations)
                .max(1),
        }
    }

    /// The deadline of one call.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    /// The memory limit in bytes, saturating rather than overflowing.
    pub fn memory_bytes(&self) -> usize {
        usize::try_from(self.memory_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}
