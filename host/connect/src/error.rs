use std::time::Duration;

/// What went wrong talking to a device. Each message names the device and its address and says
/// what to check next.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "cannot reach {device} at {address}: {reason}; check the address and port, and that SSH is enabled on the device"
    )]
    Unreachable {
        device: String,
        address: String,
        reason: String,
    },
    #[error("timed out after {after:?} {stage} {device} at {address}; {hint}")]
    Timeout {
        device: String,
        address: String,
        stage: &'static str,
        after: Duration,
        hint: String,
    },
    #[error(
        "authentication to {device} at {address} as `{user}` failed; check the credentials of its secrets group"
    )]
    AuthFailed {
        device: String,
        address: String,
        user: String,
    },
    #[error(
        "the host key of {device} at {address} changed: known {known}, offered {offered}; if the device was \
         replaced on purpose, remove its entry from {store} and connect again"
    )]
    HostKeyChanged {
        device: String,
        address: String,
        known: String,
        offered: String,
        store: String,
    },
    #[error(
        "the host key of {device} at {address} ({offered}) is not known and the host key policy is strict; \
         add it to {store} or use policy accept-new"
    )]
    HostKeyUnknown {
        device: String,
        address: String,
        offered: String,
        store: String,
    },
    #[error(
        "cannot agree on SSH algorithms with {device} at {address}: {reason}; allow legacy algorithms for this platform or device"
    )]
    Negotiation {
        device: String,
        address: String,
        reason: String,
    },
    #[error("the connection to {device} at {address} closed {during}")]
    Disconnected {
        device: String,
        address: String,
        during: String,
    },
    #[error(
        "russh cannot negotiate with {device} at {address} and the OpenSSH fallback is unusable: {reason}"
    )]
    Fallback {
        device: String,
        address: String,
        reason: String,
    },
    #[error(
        "{device} at {address} sent more than {limit} bytes, still without a prompt, while {stage} {what}; \
         stopped reading there. If the output really is that long, raise [ssh] max_output_bytes; \
         otherwise narrow the command, or check that the driver's prompt pattern matches the device's prompt"
    )]
    OutputTooLarge {
        device: String,
        address: String,
        stage: &'static str,
        /// The command in backticks, or `it` (the device) when no command was typed.
        what: String,
        limit: usize,
    },
    #[error("{device} rejected `{command}`: {line}")]
    CommandRejected {
        device: String,
        command: String,
        line: String,
        output: String,
    },
    #[error("{device} did not enter {mode} mode; it answered: {answer}; {hint}")]
    ModeChange {
        device: String,
        mode: String,
        answer: String,
        hint: &'static str,
    },
    #[error("driver for platform `{platform}` is unusable: {reason}")]
    Spec { platform: String, reason: String },
    #[error("{device}: {reason}")]
    Credentials { device: String, reason: String },
    #[error("known-hosts file {path}: {reason}")]
    KnownHosts { path: String, reason: String },
}

impl ConnectError {
    /// Connection failures are worth another try; a rejected login, a changed key or a
    /// rejected command will fail the same way again.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ConnectError::Unreachable { .. }
                | ConnectError::Timeout {
                    stage: "connecting to",
                    ..
                }
                | ConnectError::Disconnected { .. }
        )
    }
}
