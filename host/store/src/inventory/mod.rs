//! The source of truth in the database: import (one transaction per file), export and reads.

mod choices;
mod delete;
mod import;
mod page;
mod read;
mod related;
mod remove;
mod rows;
mod sync;

pub use choices::VariableChoices;
pub use import::ImportSummary;
pub use page::{DevicePageQuery, DeviceSort};
pub use sync::SyncState;
