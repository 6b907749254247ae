//! The command toolkit: run a command on one device or many, with permissions, a rate limit,
//! retries and a log of every run. Every path (CLI, API, bulk) goes through [`ToolkitService`],
//! so the rules hold everywhere.

mod drivers;
mod parsing;
mod rate_limit;
mod request;
mod service;
mod view;

pub use crate::identity::Principal;
pub use drivers::{DriverCatalog, RegistryDrivers};
pub use request::{AdhocTarget, CommandRequest, RunOutcome};
pub use service::ToolkitService;
pub use view::RateState;
