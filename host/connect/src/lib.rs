//! Sessions with network devices over SSH.
//!
//! The host owns the transport; a platform driver only describes the platform (a
//! [`aurum_sdk::DriverSpec`]: prompts per mode, how to move between modes, paging-off steps,
//! failure indicators, backup commands, output cleanup). This crate turns that description
//! into a working session with russh: connect with retries, verify the host key, log in,
//! read to the prompt through banners and pagers, change modes, run commands and detect
//! rejected ones, apply configuration changes and save them. When russh cannot negotiate with
//! an old device, the same session runs over the system's OpenSSH client instead (see
//! [`OpenSshFallback`]).

mod cleanup;
mod configure;
mod error;
mod known_hosts;
mod login;
mod mask;
mod openssh;
mod options;
mod reader;
mod retry;
mod session;
mod spec;
mod target;
mod transport;

pub use cleanup::{clean_output, clean_terminal};
pub use error::ConnectError;
pub use known_hosts::{HostKeyPolicy, KnownHosts};
pub use openssh::OpenSshFallback;
pub use options::{Algorithms, DEFAULT_MAX_OUTPUT_BYTES, SessionOptions};
pub use retry::RetryPolicy;
pub use session::{CommandOutput, SECRET, Session};
pub use spec::CompiledSpec;
pub use target::{Credentials, Target};
pub use transport::TransportKind;
