use std::time::Duration;

use crate::{HostKeyPolicy, OpenSshFallback, RetryPolicy};

/// Which SSH algorithms to offer. Modern ones only by default; `legacy` adds the SHA-1 key
/// exchanges, `ssh-rsa` host keys and CBC ciphers old devices still need.
#[derive(Debug, Clone, Default)]
pub struct Algorithms {
    pub legacy: bool,
}

/// 64 MiB: far above any configuration or `show tech-support`, small enough for many
/// sessions at once.
pub const DEFAULT_MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// Timeouts, retries and trust settings for one session; settable globally, per platform and
/// per device by the caller, which merges them.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub connect_timeout: Duration,
    pub auth_timeout: Duration,
    /// For each command, and for the first prompt after login.
    pub command_timeout: Duration,
    /// The most one command (or prompt) may print before the session gives up on it, so a
    /// device streaming output without a prompt fails at this size instead of filling memory
    /// until the command timeout.
    pub max_output_bytes: usize,
    pub retry: RetryPolicy,
    pub host_key_policy: HostKeyPolicy,
    pub algorithms: Algorithms,
    /// When russh finds no common algorithm with a device, retry through the system's
    /// OpenSSH client; `None` fails with the negotiation error instead.
    pub openssh_fallback: Option<OpenSshFallback>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            auth_timeout: Duration::from_secs(15),
            command_timeout: Duration::from_secs(30),
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
            retry: RetryPolicy::default(),
            host_key_policy: HostKeyPolicy::AcceptNew,
            algorithms: Algorithms::default(),
            openssh_fallback: Some(OpenSshFallback::default()),
        }
    }
}
