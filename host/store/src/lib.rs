//! Aurum's persistence.
//!
//! One repository API over both supported databases: SQLite, embedded in the data directory
//! (the default, nothing to install), and PostgreSQL for larger installations and several
//! worker processes. SQL is written once in the dialect both accept; the schema is versioned by
//! migrations per database kind that run automatically when the store opens.

mod checkout;
mod data_versions;
mod error;
mod golden;
mod identity;
mod inventory;
mod like;
mod open;
mod plans;
mod remote;
mod repo;
mod secrets;
mod sql_where;
mod statistics;
mod time;
mod toolkit;
mod write_tx;

pub use checkout::{checked_out_commit, checkout_branch};
pub use data_versions::DataVersions;
pub use error::StoreError;
pub use golden::{
    CommitLock, ComplianceRow, ComplianceTotals, ConfigKind, ConfigVersion, Counts, DeviceOutcome,
    DeviceResult, GoldenStatus, HookFailureRecord, JobDevice, JobQuery, JobRecord, JobSort,
    JobStatus, LastAttempt, NewVersion, OutcomeStatus, Recorded, process_owner,
};
pub use identity::{ApiTokenRecord, GroupRecord, NewUser, UserRecord, WebSessionRecord};
pub use inventory::{DevicePageQuery, DeviceSort, ImportSummary, SyncState, VariableChoices};
pub use open::{DbKind, Store, StoreOptions};
pub use plans::{NewPlan, PlanOutcome, PlanRecord, PlanStatus};
pub use remote::RemoteAccess;
pub use repo::ConfigRepo;
pub use secrets::SealedSecret;
pub use toolkit::{
    CommandLogEntry, CommandLogQuery, CommandStats, LogSort, RateSlot, SlotReservation,
};
