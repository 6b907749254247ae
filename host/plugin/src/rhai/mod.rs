//! The Rhai backend: scripts exposing the same function names and arities as the WIT worlds,
//! each run by its own hardened engine (see [`engine`]).

mod clock;
mod engine;
mod helpers;
mod plugin;

pub(crate) use plugin::RhaiPlugin;
