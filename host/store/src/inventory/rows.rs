use std::collections::BTreeMap;

use aurum_inventory::{CredentialRef, DeviceFilter};

use crate::StoreError;

/// Credentials are stored as their JSON reference, never as values.
pub(crate) fn credential_to_json(credential: &Option<CredentialRef>) -> Option<String> {
    credential
        .as_ref()
        .map(|c| serde_json::to_string(c).expect("a credential reference always serialises"))
}

pub(crate) fn credential_from_json(
    group: &str,
    json: Option<String>,
) -> Result<Option<CredentialRef>, StoreError> {
    json.map(|text| {
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            what: format!("credential of secrets group `{group}`"),
            message: e.to_string(),
        })
    })
    .transpose()
}

/// A group's further secrets, as their JSON references (`None` when there are none).
pub(crate) fn secrets_to_json(secrets: &BTreeMap<String, CredentialRef>) -> Option<String> {
    (!secrets.is_empty())
        .then(|| serde_json::to_string(secrets).expect("credential references always serialise"))
}

pub(crate) fn secrets_from_json(
    group: &str,
    json: Option<String>,
) -> Result<BTreeMap<String, CredentialRef>, StoreError> {
    json.map_or(Ok(BTreeMap::new()), |text| {
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            what: format!("secrets of secrets group `{group}`"),
            message: e.to_string(),
        })
    })
}

pub(crate) fn filter_from_json(name: &str, json: &str) -> Result<DeviceFilter, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        what: format!("saved filter `{name}`"),
        message: e.to_string(),
    })
}

pub(crate) fn data_from_json(device: &str, json: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        what: format!("data of device `{device}`"),
        message: e.to_string(),
    })
}
