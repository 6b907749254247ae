//! Postprocessing: the chain of `[postprocessing] subscribed` an intended config goes through
//! for one device on request (`aurum postprocess`, `GET /api/devices/{name}/postprocessing`,
//! deployments), returned and never stored; the builtin `render_secrets`; and the
//! password-hash filters it offers.

pub mod hashes;
mod render_secrets;
mod service;

pub use render_secrets::{Rendered, SECRET_FILTERS};
pub use service::{PostprocessService, scrub};
