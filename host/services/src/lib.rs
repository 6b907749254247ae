//! Aurum's services: the command toolkit (permissions, rate limits, the command log), the
//! golden-config jobs (backup, intended, compliance on apalis), identity, secrets and
//! postprocessing. The CLI and the
//! HTTP app both call them, so every path shares one set of checks.

mod error;
pub mod golden;
pub mod identity;
mod open;
pub mod postprocess;
pub mod secrets;
pub mod toolkit;

pub use error::ServiceError;
pub use open::{Services, open_registry, open_store};
