//! The toolkit's tables: saved commands, the command log and the rate limit's slots.

mod commands;
mod log;
mod log_query;
mod rate_limit;

pub use log::{CommandLogEntry, CommandStats};
pub use log_query::{CommandLogQuery, LogSort};
pub use rate_limit::{RateSlot, SlotReservation};
