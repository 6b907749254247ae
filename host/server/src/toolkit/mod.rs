//! The command toolkit: run a command on one device or many, with permissions, a rate limit,
//! retries and a log of every run. Every path (CLI, API, bulk) goes through [`ToolkitService`],
//! so the rules hold everywhere.

mod drivers;
mod parsing;
mod principal;
mod rate_limit;
mod request;
mod service;

pub use drivers::{DriverCatalog, RegistryDrivers};
pub use principal::Principal;
pub use request::{AdhocTarget, CommandRequest, RunOutcome};
pub use service::ToolkitService;
