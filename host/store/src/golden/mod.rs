//! Golden-config persistence: job records and the versioned history of every device's backup
//! and intended configuration.

mod compliance;
mod jobs;
mod schedules;
mod status;
mod tasks;
mod versions;

pub use compliance::ComplianceRow;
pub use jobs::{DeviceOutcome, JobRecord, JobStatus, process_owner};
pub use status::{GoldenStatus, LastAttempt};
pub use tasks::{JobDevice, PENDING};
pub use versions::{ConfigKind, ConfigVersion};
