//! Golden-config persistence: job records and the versioned history of every device's backup
//! and intended configuration.

mod commit_lock;
mod compliance;
mod counts;
mod hooks;
mod job_list;
mod jobs;
mod leases;
mod outcome;
mod results;
mod schedules;
mod status;
mod tasks;
mod versions;

pub use commit_lock::CommitLock;
pub use compliance::{ComplianceRow, ComplianceTotals};
pub use counts::Counts;
pub use hooks::HookFailureRecord;
pub use job_list::{JobQuery, JobSort};
pub use jobs::{DeviceOutcome, JobRecord, JobStatus, process_owner};
pub use outcome::OutcomeStatus;
pub use results::{DeviceResult, NewVersion, Recorded};
pub use status::{GoldenStatus, LastAttempt};
pub use tasks::JobDevice;
pub use versions::{ConfigKind, ConfigVersion};
