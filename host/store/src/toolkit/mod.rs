//! The toolkit's tables: saved commands and the command log.

mod commands;
mod log;

pub use log::{CommandLogEntry, CommandLogQuery, CommandStats};
