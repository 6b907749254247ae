//! The platforms of the drivers Aurum ships, described as data in the manner of scrapli's
//! platform definitions and Oxidized's models: prompts per mode, how to move between modes,
//! paging off, failure indicators, the backup command and its clean-up, the config dialect.
//!
//! Each shipped WASM driver exports one of these; the host's tests use them directly against
//! the simulator.

mod arista_eos;
mod cisco_ios;
mod cisco_iosxr;
mod cisco_nxos;
mod common;
mod juniper_junos;

use aurum_sdk::DriverSpec;

pub use arista_eos::arista_eos;
pub use cisco_ios::cisco_ios;
pub use cisco_iosxr::cisco_iosxr;
pub use cisco_nxos::cisco_nxos;
pub use juniper_junos::juniper_junos;

/// The spec of a shipped platform by name.
pub fn by_platform(name: &str) -> Option<DriverSpec> {
    match name {
        "cisco_ios" => Some(cisco_ios()),
        "cisco_nxos" => Some(cisco_nxos()),
        "cisco_iosxr" => Some(cisco_iosxr()),
        "arista_eos" => Some(arista_eos()),
        "juniper_junos" => Some(juniper_junos()),
        _ => None,
    }
}
