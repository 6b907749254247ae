//! Aurum's services: the command toolkit (permissions, rate limits, the command log), the
//! golden-config jobs (backup, intended, compliance on apalis), identity, secrets and
//! postprocessing. The CLI and the
//! HTTP app both call them, so every path shares one set of checks.

pub mod authz;
mod clock;
mod device_list;
mod error;
pub mod features;
pub mod golden;
pub mod hooks;
pub mod identity;
pub mod inventory;
pub mod metrics;
mod open;
pub mod plans;
pub mod platform;
pub mod plugin_calls;
pub mod postprocess;
pub mod search;
pub mod secrets;
pub mod sot;
pub mod toolkit;

pub use device_list::{DEVICE_SORTS, DeviceListQuery, DevicePage, FilterChoices};
pub use error::ServiceError;
pub use open::{Services, open_registry, open_store};
