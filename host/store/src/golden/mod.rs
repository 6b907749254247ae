//! Golden-config persistence: job records and the versioned history of every device's backup
//! and intended configuration.

mod compliance;
mod jobs;
mod outcome;
mod schedules;
mod tasks;
mod versions;

pub use compliance::ComplianceRow;
pub use jobs::{DeviceOutcome, JobRecord, JobStatus, process_owner};
pub use outcome::OutcomeStatus;
pub use tasks::JobDevice;
pub use versions::{ConfigKind, ConfigVersion};
