//! Resource limits of one plugin: its `[plugins.NAME.limits]` over the host's defaults.

use std::time::Duration;

/// Deadline of one call when aurum.toml sets none: generous for real work, short enough that
/// a stuck plugin does not stall a job.
pub const DEFAULT_TIMEOUT_MS: u64 = 5_000;
/// Linear memory a WASM plugin may grow to when aurum.toml sets none.
pub const DEFAULT_MEMORY_MB: u64 = 64;
/// Rhai operations per call when aurum.toml sets none.
pub const DEFAULT_MAX_OPERATIONS: u64 = 50_000_000;
/// Elements per WASM table: a Rust component needs a few hundred to a few thousand; each
/// element is host memory (8 bytes or more) that `memory_mb` does not count.
pub const DEFAULT_MAX_TABLE_ELEMENTS: u64 = 100_000;
/// Core instances per call: a Rust `wasm32-wasip2` component creates about half a dozen
/// (its module plus the WASI adapter's shims).
pub const DEFAULT_MAX_INSTANCES: u64 = 16;
/// Tables per call, for the same components.
pub const DEFAULT_MAX_TABLES: u64 = 16;
/// Linear memories per call (a Rust component has one, the adapter may add one).
pub const DEFAULT_MAX_MEMORIES: u64 = 4;
/// Longest Rhai string: as much as a WASM plugin's memory, so a config either backend can
/// handle is the same size.
pub const DEFAULT_MAX_STRING_BYTES: u64 = DEFAULT_MEMORY_MB * 1024 * 1024;
/// Largest Rhai array (a line per element covers configs of a million lines).
pub const DEFAULT_MAX_ARRAY_LEN: u64 = 1_000_000;
/// Largest Rhai object map.
pub const DEFAULT_MAX_MAP_LEN: u64 = 1_000_000;
/// Deepest Rhai call chain: recursion deeper than this is a runaway, not an algorithm.
pub const DEFAULT_MAX_CALL_DEPTH: u64 = 64;

/// The limits in force for one plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout_ms: u64,
    pub memory_mb: u64,
    pub max_operations: u64,
    pub max_table_elements: u64,
    pub max_instances: u64,
    pub max_tables: u64,
    pub max_memories: u64,
    pub max_string_bytes: u64,
    pub max_array_len: u64,
    pub max_map_len: u64,
    pub max_call_depth: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            memory_mb: DEFAULT_MEMORY_MB,
            max_operations: DEFAULT_MAX_OPERATIONS,
            max_table_elements: DEFAULT_MAX_TABLE_ELEMENTS,
            max_instances: DEFAULT_MAX_INSTANCES,
            max_tables: DEFAULT_MAX_TABLES,
            max_memories: DEFAULT_MAX_MEMORIES,
            max_string_bytes: DEFAULT_MAX_STRING_BYTES,
            max_array_len: DEFAULT_MAX_ARRAY_LEN,
            max_map_len: DEFAULT_MAX_MAP_LEN,
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
        }
    }
}

impl Limits {
    /// The entry's limits, with the defaults for what it leaves unset. Every limit is at
    /// least 1: zero would mean "unlimited" to Rhai, the opposite of what was written.
    pub fn from_config(limits: &aurum_config::PluginLimits) -> Self {
        let default = Limits::default();
        let pick = |set: Option<u64>, default: u64| set.unwrap_or(default).max(1);
        Limits {
            timeout_ms: pick(limits.timeout_ms, default.timeout_ms),
            memory_mb: pick(limits.memory_mb, default.memory_mb),
            max_operations: pick(limits.max_operations, default.max_operations),
            max_table_elements: pick(limits.max_table_elements, default.max_table_elements),
            max_instances: pick(limits.max_instances, default.max_instances),
            max_tables: pick(limits.max_tables, default.max_tables),
            max_memories: pick(limits.max_memories, default.max_memories),
            max_string_bytes: pick(limits.max_string_bytes, default.max_string_bytes),
            max_array_len: pick(limits.max_array_len, default.max_array_len),
            max_map_len: pick(limits.max_map_len, default.max_map_len),
            max_call_depth: pick(limits.max_call_depth, default.max_call_depth),
        }
    }

    /// The deadline of one call.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    /// The memory limit in bytes, saturating rather than overflowing.
    pub fn memory_bytes(&self) -> usize {
        usize_of(self.memory_mb.saturating_mul(1024 * 1024))
    }
}

/// A limit as the `usize` the engines take, saturating on 32-bit hosts.
pub(crate) fn usize_of(limit: u64) -> usize {
    usize::try_from(limit).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_limits_take_the_defaults_and_zero_means_one() {
        assert_eq!(
            Limits::from_config(&aurum_config::PluginLimits::default()),
            Limits::default()
        );
        let limits = Limits::from_config(&aurum_config::PluginLimits {
            max_table_elements: Some(0),
            max_call_depth: Some(8),
            ..Default::default()
        });
        assert_eq!((limits.max_table_elements, limits.max_call_depth), (1, 8));
        assert_eq!(limits.max_instances, DEFAULT_MAX_INSTANCES);
    }
}
