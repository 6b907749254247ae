//! The Rhai backend: scripts exposing the same function names and arities as the WIT worlds,
//! run by one hardened engine (see [`engine`]).

mod engine;
mod helpers;
mod plugin;

pub(crate) use plugin::RhaiPlugin;
