//! The command toolkit: run a command on one device or many, with permissions, a rate limit,
//! retries and a log of every run. Every path (CLI, API, bulk) goes through [`ToolkitService`],
//! so the rules hold everywhere.

mod bulk;
mod drivers;
mod guidance;
mod history;
mod log;
mod parsing;
mod permission;
mod prepare;
mod rate_limit;
mod request;
mod saved;
mod service;
mod sessions;
mod view;

pub use crate::identity::Principal;
pub use bulk::BulkResult;
pub use drivers::{DriverCatalog, RegistryDrivers};
pub(crate) use guidance::guidance;
pub use request::{AdhocTarget, CommandRequest, RunOutcome};
pub use service::ToolkitService;
pub use view::RateState;
