//! The guidance table: for each kind of failure at a device, the next step an operator takes.
//! Shown beside the error in run outcomes and job results.

use aurum_connect::ConnectError;

/// The next step for each kind of failure, shown beside the error.
pub(crate) fn guidance(error: &ConnectError) -> &'static str {
    match error {
        ConnectError::Unreachable { .. } => {
            "unreachable: check the address, the port and any firewall between Aurum and the device"
        }
        ConnectError::Timeout {
            stage: "connecting to",
            ..
        } => "unreachable: the device did not answer in time",
        ConnectError::Timeout { .. } => {
            "timeout waiting for prompt: check the driver's prompt pattern or raise command_timeout_secs"
        }
        ConnectError::AuthFailed { .. } => {
            "auth failed: check the username and password of the device's secrets group"
        }
        ConnectError::HostKeyChanged { .. } => {
            "host key changed: confirm the device was replaced, then remove its known_hosts entry"
        }
        ConnectError::HostKeyUnknown { .. } => {
            "host key unknown: pin it or use host_key_checking = \"accept-new\""
        }
        ConnectError::CommandRejected { .. } => {
            "command rejected: check its syntax for this platform"
        }
        ConnectError::ModeChange { .. } => "could not change mode: check the enable secret",
        ConnectError::Negotiation { .. } => {
            "no common SSH algorithms: set legacy_algorithms = true for this device or platform (the OpenSSH fallback, [ssh] openssh_fallback, tries the system client too)"
        }
        ConnectError::Fallback { .. } => {
            "the OpenSSH fallback could not start: install openssh-client or set [ssh] openssh_client"
        }
        ConnectError::Disconnected { .. } => {
            "connection dropped: retry; if it persists, check the device's session limits"
        }
        ConnectError::OutputTooLarge { .. } => {
            "output too large: narrow the command or raise [ssh] max_output_bytes"
        }
        ConnectError::Spec { .. }
        | ConnectError::Credentials { .. }
        | ConnectError::KnownHosts { .. } => "fix the configuration named in the error",
    }
}
