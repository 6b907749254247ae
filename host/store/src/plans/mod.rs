//! Config plans: the commands to change one device, their approval, and what deploying them
//! did. Every change of status is one conditional `UPDATE` (or one transaction), so two
//! callers can never both move a plan, and a plan cancelled after it was queued is never
//! claimed for sending.

mod read;
mod write;

pub use write::PlanOutcome;

use serde::Serialize;

/// Where a plan stands. Approval is recorded apart from the status (who and when), so no
/// status set by other means passes for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    NotApproved,
    Approved,
    InProgress,
    Completed,
    Failed,
    Cancelled,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 6] = [
        PlanStatus::NotApproved,
        PlanStatus::Approved,
        PlanStatus::InProgress,
        PlanStatus::Completed,
        PlanStatus::Failed,
        PlanStatus::Cancelled,
    ];

    /// The stored (and command-line) name: `not_approved`, `approved`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::NotApproved => "not_approved",
            PlanStatus::Approved => "approved",
            PlanStatus::InProgress => "in_progress",
            PlanStatus::Completed => "completed",
            PlanStatus::Failed => "failed",
            PlanStatus::Cancelled => "cancelled",
        }
    }

    /// How people read it: `Not Approved`, `In Progress`, ...
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::NotApproved => "Not Approved",
            PlanStatus::Approved => "Approved",
            PlanStatus::InProgress => "In Progress",
            PlanStatus::Completed => "Completed",
            PlanStatus::Failed => "Failed",
            PlanStatus::Cancelled => "Cancelled",
        }
    }

    /// The status named `name` (stored form or label, any case).
    pub fn parse(name: &str) -> Option<PlanStatus> {
        let wanted = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        PlanStatus::ALL.into_iter().find(|s| s.as_str() == wanted)
    }
}

/// One plan as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRecord {
    pub id: i64,
    pub device: String,
    /// `intended`, `missing`, `remediation` or `manual`.
    pub plan_type: String,
    /// The features it was built from (empty: all, or not feature-based).
    pub features: Vec<String>,
    pub commands: String,
    pub status: PlanStatus,
    pub change_control_id: String,
    pub change_control_url: String,
    /// The compliance job whose results the plan came from.
    pub compliance_job: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
    pub approved_by: Option<String>,
    pub approved_at: Option<i64>,
    /// The deploy job that last sent it.
    pub deploy_job: Option<i64>,
    /// The device's configuration just before the deploy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_change: Option<String>,
    /// The on-device copy of the pre-change configuration a rollback restores.
    pub checkpoint: Option<String>,
    /// What the deploy (or rollback) did: each line sent with the device's answer, and notes.
    pub output: String,
    /// Feature -> compliant, when the plan was made (JSON object).
    pub compliance_before: String,
    /// Feature -> compliant, after the deploy's re-check (JSON object).
    pub compliance_after: Option<String>,
    pub updated_at: i64,
}

/// What a new plan holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan {
    pub device: String,
    pub plan_type: String,
    pub features: Vec<String>,
    pub commands: String,
    pub change_control_id: String,
    pub change_control_url: String,
    pub compliance_job: Option<i64>,
    pub created_by: String,
    pub compliance_before: String,
}
