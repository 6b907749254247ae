//! Where one device of a job stands, as a type: every crate matches on it instead of comparing
//! strings, and the database keeps its name.

use serde::Serialize;

/// One device's status within a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeStatus {
    /// Its task has not run yet.
    Pending,
    /// Backed up or rendered, and stored as a new version.
    Ok,
    /// Backed up or rendered, the same as the stored version.
    Unchanged,
    Failed,
    Compliant,
    NonCompliant,
}

impl OutcomeStatus {
    /// A backed-up or rendered config's status: ok when it changed, unchanged when not.
    pub const fn stored(changed: bool) -> OutcomeStatus {
        if changed {
            OutcomeStatus::Ok
        } else {
            OutcomeStatus::Unchanged
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            OutcomeStatus::Pending => "pending",
            OutcomeStatus::Ok => "ok",
            OutcomeStatus::Unchanged => "unchanged",
            OutcomeStatus::Failed => "failed",
            OutcomeStatus::Compliant => "compliant",
            OutcomeStatus::NonCompliant => "non-compliant",
        }
    }

    /// The status a row names; a name this version does not know reads as failed, so an
    /// unexpected row is never taken for success.
    pub fn parse(text: &str) -> OutcomeStatus {
        match text {
            "pending" => OutcomeStatus::Pending,
            "ok" => OutcomeStatus::Ok,
            "unchanged" => OutcomeStatus::Unchanged,
            "compliant" => OutcomeStatus::Compliant,
            "non-compliant" => OutcomeStatus::NonCompliant,
            _ => OutcomeStatus::Failed,
        }
    }
}

impl std::fmt::Display for OutcomeStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        use OutcomeStatus::*;
        for status in [Pending, Ok, Unchanged, Failed, Compliant, NonCompliant] {
            assert_eq!(OutcomeStatus::parse(status.as_str()), status);
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::json!(status.as_str())
            );
        }
        assert_eq!(OutcomeStatus::parse("exploded"), Failed);
    }
}
