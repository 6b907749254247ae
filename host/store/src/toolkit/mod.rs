//! The toolkit's tables: saved commands, the command log and the rate limit's slots.

mod commands;
mod log;
mod rate_limit;

pub use log::{CommandLogEntry, CommandLogQuery, CommandStats};
pub use rate_limit::{RateSlot, SlotReservation};
