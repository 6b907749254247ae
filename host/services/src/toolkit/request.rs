use std::time::Duration;

use aurum_connect::Credentials;
use aurum_inventory::CommandKind;
use serde::Serialize;

/// What to run.
#[derive(Debug, Clone)]
pub enum CommandRequest {
    /// A saved command by name, with values for its variables.
    Saved {
        name: String,
        variables: Vec<(String, String)>,
    },
    /// Free text, checked for control characters.
    Text { text: String, kind: CommandKind },
}

/// A device that is not in the inventory, as `ssh` would take it.
#[derive(Debug, Clone)]
pub struct AdhocTarget {
    pub host: String,
    pub port: u16,
    pub platform: String,
    pub credentials: Credentials,
}

/// One device's result. Failures at the device are results too (with `success` false), so a
/// bulk run reports every device.
#[derive(Debug, Clone, Serialize)]
pub struct RunOutcome {
    pub device: String,
    /// The platform's name, as the driver describes it.
    pub platform: String,
    pub command: String,
    pub kind: String,
    pub driver: String,
    pub transport: String,
    pub success: bool,
    pub output: String,
    /// The records TextFSM parsed from `output`, when parsing was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parsed: Option<serde_json::Value>,
    /// Why there are no `parsed` records although parsing was asked for (no template for the
    /// platform and command, or the template failed): a note, not a failure of the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unparsed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the operator should do about the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
}

fn millis<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(duration.as_millis() as u64)
}
