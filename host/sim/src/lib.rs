//! A network of simulated devices speaking SSH on loopback.
//!
//! Each device has a platform personality (Cisco IOS, NX-OS, IOS-XR, Arista EOS, Juniper
//! Junos): its banner, prompts, pager, enable secret, configuration mode that really changes
//! the running configuration, a startup configuration that only a save (or a commit) changes,
//! and the platform's own error text for invalid input. Faults can be injected per device
//! (slow responses, a connection dropped mid-output, endless output, rejected authentication,
//! a changed host key, a prompt that never comes) so every failure path of the connection
//! layer can be exercised without hardware.

mod config_gen;
mod error;
mod fleet;
mod personality;
mod recorder;
mod recording;
mod running;
mod server;
mod shell;
mod stored;

pub use config_gen::sample_config;
pub use error::SimError;
pub use fleet::{Fleet, FleetSpec, SimDeviceInfo};
pub use personality::SimPlatform;
pub use recording::{Exchange, Recording};
pub use server::{Faults, SimDevice};
pub(crate) use shell::{Shell, ShellOutput};
